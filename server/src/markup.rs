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
