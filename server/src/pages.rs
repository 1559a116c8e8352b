//! The catalogue's pages as the server sends them: home, search results and each procedure, in
//! Vietnamese and at `/en/…` in English, drawn by the app's own components (`motcua::prerender`) with
//! the API answers they show, and the head search engines and link previews read: title, description,
//! canonical and language alternates, Open Graph, and a procedure's `GovernmentService`. Also the
//! sitemap listing every one of them and the `robots.txt` that points at it.

use std::fmt::Write;

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use motcua::i18n::Lang;
use motcua::prerender::{self, Answer, Head};
use motcua_api::paths::{self, split_english};
use motcua_api::{ProcedureDetail, SearchRequest, SearchResponse};
use serde_json::json;

use crate::markup::escape;
use crate::state::AppState;

/// The site's name, after each page's own title.
const SITE: &str = "Một Cửa";

/// JSON put inside a `<script>`: a `<` only ever stands in a string, where `\u003c` says the same and
/// cannot close the element.
fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// What one page is made of, besides the app's drawing.
struct Page {
    /// The Vietnamese address asked for (path and query): the English one is derived.
    address: String,
    /// The Vietnamese address of the page search engines should list for it.
    canonical: String,
    lang: Lang,
    status: StatusCode,
    head: Head,
    answers: Vec<Answer>,
    /// Structured data about the page, for search engines.
    data: Option<serde_json::Value>,
}

fn absolute(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.site_url)
}

fn head_tags(state: &AppState, page: &Page) -> String {
    let here = absolute(state, &page.lang.address(&page.canonical));
    let vi = absolute(state, &page.canonical);
    let en = absolute(state, &paths::english(&page.canonical));
    let title = escape(&format!("{} – {SITE}", page.head.title));
    let description = escape(&page.head.description);
    let (locale, other) = match page.lang {
        Lang::Vi => ("vi_VN", "en_US"),
        Lang::En => ("en_US", "vi_VN"),
    };
    let mut tags = String::new();
    let _ = write!(
        tags,
        "<title>{title}</title>\n  \
         <meta name=\"description\" content=\"{description}\">\n  \
         <link rel=\"canonical\" href=\"{here}\">\n  \
         <link rel=\"alternate\" hreflang=\"vi\" href=\"{vi}\">\n  \
         <link rel=\"alternate\" hreflang=\"en\" href=\"{en}\">\n  \
         <link rel=\"alternate\" hreflang=\"x-default\" href=\"{vi}\">\n  \
         <meta property=\"og:type\" content=\"website\">\n  \
         <meta property=\"og:site_name\" content=\"{SITE}\">\n  \
         <meta property=\"og:title\" content=\"{title}\">\n  \
         <meta property=\"og:description\" content=\"{description}\">\n  \
         <meta property=\"og:url\" content=\"{here}\">\n  \
         <meta property=\"og:image\" content=\"{image}\">\n  \
         <meta property=\"og:locale\" content=\"{locale}\">\n  \
         <meta property=\"og:locale:alternate\" content=\"{other}\">\n  \
         <meta name=\"twitter:card\" content=\"summary\">\n",
        here = escape(&here),
        vi = escape(&vi),
        en = escape(&en),
        image = escape(&absolute(state, "/icon-512.png")),
    );
    if let Some(data) = &page.data {
        let _ = writeln!(
            tags,
            "  <script type=\"application/ld+json\">{}</script>",
            script_json(&data.to_string())
        );
    }
    tags
}

/// Where the whole tag holding one of `markers` is in `html` (trunk minifies the page, dropping quotes
/// where it can, so a marker is given in each form).
fn tag_with(html: &str, markers: &[&str]) -> Option<std::ops::Range<usize>> {
    let at = markers.iter().find_map(|m| html.find(m))?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')? + 1;
    Some(start..end)
}

/// The page: the app's `index.html` with the page's head, its drawing in place of the static shell, and
/// the answers the drawing was made from, for the app to take over with.
fn respond(state: &AppState, headers: &HeaderMap, page: Page) -> Response {
    let Some(template) = state.shell.catalogue_html() else {
        return (StatusCode::NOT_FOUND, "The app is not built.").into_response();
    };
    let address = page.lang.address(&page.address);
    let drawn = prerender::draw(&address, page.answers.clone());
    let mut html = template.to_string();
    if let (Some(start), Some(end)) = (html.find("<title>"), html.find("</title>")) {
        html.replace_range(start..end + "</title>".len(), "");
    }
    if let Some(tag) = tag_with(&html, &["name=description", "name=\"description\""]) {
        html.replace_range(tag, "");
    }
    if let Some(at) = html.find("</head>") {
        html.insert_str(at, &head_tags(state, &page));
    }
    if let Some(tag) = tag_with(&html, &["<html"]) {
        html.replace_range(tag, &format!("<html lang=\"{}\">", page.lang.code()));
    }
    let mut body = format!("<div id=\"shell\">{drawn}</div>\n");
    for answer in &page.answers {
        let _ = writeln!(
            body,
            "<script type=\"application/json\" data-api=\"{}\" data-status=\"{}\">{}</script>",
            escape(&answer.path),
            answer.status,
            script_json(&answer.body)
        );
    }
    // The static shell is the last thing in the body.
    if let (Some(shell), Some(end)) = (
        tag_with(&html, &["id=shell", "id=\"shell\""]),
        html.rfind("</body>"),
    ) {
        html.replace_range(shell.start..end, &body);
    }
    let mut response = Response::new(Body::from(html));
    *response.status_mut() = page.status;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Some(mark) = crate::auth::missing_mark(headers) {
        h.insert(header::SET_COOKIE, mark);
    }
    response
}

/// The Vietnamese address of a request's page, and its language.
fn addressed(uri: &Uri) -> (Lang, String) {
    let (english, path) = split_english(uri.path());
    let address = match uri.query() {
        Some(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path,
    };
    (if english { Lang::En } else { Lang::Vi }, address)
}

pub async fn home(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let (lang, address) = addressed(&uri);
    let fields = state.index.field_list();
    let body = serde_json::to_string(&fields).unwrap_or_default();
    respond(
        &state,
        &headers,
        Page {
            address,
            canonical: paths::home(),
            lang,
            status: StatusCode::OK,
            head: prerender::home_head(&fields, lang),
            answers: vec![Answer {
                path: motcua::api::FIELDS_PATH.to_string(),
                status: 200,
                body,
            }],
            data: None,
        },
    )
}

/// `/en/` is `/en`.
pub async fn english_home() -> Redirect {
    Redirect::permanent(paths::ENGLISH)
}

pub async fn search(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let (lang, address) = addressed(&uri);
    let parsed = query.ok().and_then(|Query(pairs)| {
        SearchRequest::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).ok()
    });
    // An address that is not a search is drawn as the app draws it, saying so.
    let Some(req) = parsed else {
        let head = Head {
            title: motcua::pages::results::title(&SearchRequest::default(), lang),
            description: String::new(),
        };
        let canonical = paths::search(&SearchRequest::default());
        return respond(
            &state,
            &headers,
            Page {
                address,
                canonical,
                lang,
                status: StatusCode::BAD_REQUEST,
                head,
                answers: Vec::new(),
                data: None,
            },
        );
    };
    let path = motcua::api::search_path(&req);
    let (status, answer, found) = match crate::learning::search(&state.learning(), &req) {
        Ok(body) => {
            let body = String::from_utf8_lossy(&body).into_owned();
            let found = serde_json::from_str::<SearchResponse>(&body).ok();
            (
                StatusCode::OK,
                Answer {
                    path,
                    status: 200,
                    body,
                },
                found,
            )
        }
        Err(e) => {
            let body = json!({
                "code": "unknown_filter",
                "message": format!("There is no such {} in the catalogue.", e.param),
                "fields": { e.param: "Unknown value." },
            })
            .to_string();
            (
                StatusCode::BAD_REQUEST,
                Answer {
                    path,
                    status: 400,
                    body,
                },
                None,
            )
        }
    };
    let head = match &found {
        Some(found) => prerender::results_head(&req, found, lang),
        None => Head {
            title: motcua::pages::results::title(&req, lang),
            description: String::new(),
        },
    };
    respond(
        &state,
        &headers,
        Page {
            address,
            canonical: paths::search(&req),
            lang,
            status,
            head,
            answers: vec![answer],
            data: None,
        },
    )
}

pub async fn procedure(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(code): Path<String>,
) -> Response {
    let (lang, address) = addressed(&uri);
    let detail = state.index.detail(&code);
    let path = motcua::api::procedure_path(&code).ok();
    let answers = match (&detail, path) {
        (Some(d), Some(path)) => {
            state.index.viewed(&code);
            vec![Answer {
                path,
                status: 200,
                body: serde_json::to_string(d).unwrap_or_default(),
            }]
        }
        (None, Some(path)) => vec![Answer {
            path,
            status: 404,
            body: String::new(),
        }],
        // A code that could not be one is not found by the app without asking.
        (_, None) => Vec::new(),
    };
    let canonical = paths::procedure(&code);
    let data = detail.as_ref().map(|d| {
        government_service(
            &state,
            d,
            lang,
            &absolute(&state, &lang.address(&canonical)),
        )
    });
    respond(
        &state,
        &headers,
        Page {
            address,
            canonical,
            lang,
            status: if detail.is_some() {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            },
            head: prerender::procedure_head(detail.as_ref(), lang),
            answers,
            data,
        },
    )
}

/// The procedure as schema.org's `GovernmentService`.
fn government_service(
    state: &AppState,
    d: &ProcedureDetail,
    l: Lang,
    url: &str,
) -> serde_json::Value {
    let p = &d.procedure;
    let mut service = json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": l.text(&p.name),
        "identifier": p.code,
        "url": url,
        "description": motcua::pages::detail::description(d, l),
        "serviceType": l.text(&d.field.name),
        "inLanguage": l.code(),
        "provider": {
            "@type": "GovernmentOrganization",
            "name": l.text(&d.agency.name),
            "address": d.agency.address,
            "telephone": d.agency.phone,
        },
        "serviceOutput": l.text(&p.result),
        "audience": { "@type": "Audience", "audienceType": l.text(&p.applicants) },
    });
    if d.has_form {
        service["availableChannel"] = json!({
            "@type": "ServiceChannel",
            "name": l.pick("Nộp hồ sơ trực tuyến", "Apply online"),
            "serviceUrl": absolute(state, &paths::apply(&p.code)),
        });
    }
    service
}

/// Every catalogue page a search engine should know: home and each procedure, in both languages, each
/// naming its other-language twin.
pub async fn sitemap(State(state): State<AppState>) -> Response {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let pages = std::iter::once(paths::home()).chain(state.index.codes().map(paths::procedure));
    for page in pages {
        let vi = escape(&absolute(&state, &page));
        let en = escape(&absolute(&state, &paths::english(&page)));
        for loc in [&vi, &en] {
            let _ = writeln!(
                xml,
                "<url><loc>{loc}</loc>\
                 <xhtml:link rel=\"alternate\" hreflang=\"vi\" href=\"{vi}\"/>\
                 <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{en}\"/></url>"
            );
        }
    }
    xml.push_str("</urlset>\n");
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}

/// Everything may be crawled but the API and the signed-in area, which hold nothing to index.
pub async fn robots(State(state): State<AppState>) -> Response {
    let mut text = String::from("User-agent: *\nAllow: /\nDisallow: /api/\n");
    for private in [
        paths::account(),
        paths::sign_in(None),
        paths::register(None),
        paths::apply(""),
        paths::dossiers("", 1),
        paths::inbox(),
        paths::queue(),
        paths::company(),
        paths::projects(),
    ] {
        let _ = writeln!(text, "Disallow: {}", private.trim_end_matches('/'));
    }
    let _ = writeln!(text, "\nSitemap: {}", absolute(&state, "/sitemap.xml"));
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}
