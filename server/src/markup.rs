//! Text put into HTML or XML the server writes itself (drawn pages' heads, the sitemap, SVG).

/// `text` as character data or an attribute value: the five characters markup gives meaning to,
/// written as references that mean the same in HTML and XML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON put inside a `<script>`: a `<` only ever stands in a string, where `\u003c` says the same and
/// cannot close the element.
pub fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// An API answer sent in a page, as the app's `preload` reads it: the path under `/api/v1` it
/// answers, its status and its body, on a line of its own.
pub fn answer_script(path: &str, status: u16, body: &str) -> String {
    format!(
        "<script type=\"application/json\" data-api=\"{}\" data-status=\"{status}\">{}</script>\n",
        escape(path),
        script_json(body)
    )
}

/// Gives a page's `<html>` tag the language `code` (`vi`, `en`), whatever the template said.
pub fn set_lang(html: &mut String, code: &str) {
    if let Some(tag) = tag_with(html, &["<html"]) {
        html.replace_range(tag, &format!("<html lang=\"{code}\">"));
    }
}

/// Where the whole tag holding one of `markers` is in `html` (trunk minifies its pages, dropping quotes
/// where it can, so a marker is given in each form).
pub fn tag_with(html: &str, markers: &[&str]) -> Option<std::ops::Range<usize>> {
    let at = markers.iter().find_map(|m| html.find(m))?;
    let start = html[..=at].rfind('<')?;
    let end = at + html[at..].find('>')? + 1;
    Some(start..end)
}
