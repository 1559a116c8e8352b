//! The catalogue's pages as the server sends them: home, search results and each procedure, in
//! Vietnamese and at `/en/…` in English, drawn by the app's own components (`motcua::prerender`) with
//! the API answers they show, and the head search engines and link previews read: title, description,
//! canonical and language alternates, Open Graph, and a procedure's `GovernmentService`. Also the
//! sitemap listing every one of them and the `robots.txt` that points at it.

use std::fmt::Write;

use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use motcua::i18n::Lang;
use motcua::pages::tracking::{self, Lookup, Outcome};
use motcua::prerender::{self, Answer, Head};
use motcua_api::lifecycle::TrackingRequest;
use motcua_api::paths::{self, split_english};
use motcua_api::problem::try_again_in;
use motcua_api::text::nfc;
use motcua_api::{ProcedureDetail, SearchRequest, SearchResponse};
use serde_json::json;

use crate::auth::client::ClientAddress;
use crate::dossiers;
use crate::error::AppError;
use crate::markup::{answer_script, escape, script_json, tag_with};
use crate::state::AppState;

/// The site's name, after each page's own title.
const SITE: &str = "Một Cửa";

/// What one page is made of, besides the app's drawing.
struct Page {
    /// The Vietnamese address asked for (path and query): the English one is derived.
    address: String,
    /// The Vietnamese address of the page search engines should list for it.
    canonical: String,
    lang: Lang,
    status: StatusCode,
    head: Head,
    drawing: Drawing,
    /// Structured data about the page, for search engines.
    data: Option<serde_json::Value>,
}

/// Who draws a page.
enum Drawing {
    /// The app, from these answers, which go in the page for it to take over with.
    App(Vec<Answer>),
    /// The server alone (this body): the page carries no app, only its own `script`, if any.
    Server {
        body: String,
        script: Option<&'static str>,
    },
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

/// The page: the app's `index.html` with the page's head and its drawing in place of the static shell,
/// and, when the app draws it, the answers it was drawn from for the app to take over with.
fn respond(state: &AppState, headers: &HeaderMap, page: Page) -> Response {
    let Some(template) = state
        .shell
        .catalogue_html(matches!(page.drawing, Drawing::App(_)))
    else {
        return (StatusCode::NOT_FOUND, "The app is not built.").into_response();
    };
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
    crate::markup::set_lang(&mut html, page.lang.code());
    let mut body = match page.drawing {
        Drawing::App(answers) => {
            let mut sent = String::new();
            for answer in &answers {
                sent.push_str(&answer_script(&answer.path, answer.status, &answer.body));
            }
            let drawn = prerender::draw(&page.lang.address(&page.address), answers);
            format!("<div id=\"shell\">{drawn}</div>\n{sent}")
        }
        Drawing::Server { body, script } => match script {
            Some(script) => format!("{body}\n<script>{script}</script>\n"),
            None => format!("{body}\n"),
        },
    };
    let _ = writeln!(body, "<script>{REMEMBER_LANGUAGE}</script>");
    // The static shell is the last thing in the body.
    if let (Some(shell), Some(end)) = (
        tag_with(&html, &["id=shell", "id=\"shell\""]),
        html.rfind("</body>"),
    ) {
        html.replace_range(shell.start..end, &body);
    }
    crate::web::html_response(page.status, html, headers)
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
            drawing: Drawing::App(vec![Answer {
                path: motcua::api::FIELDS_PATH.to_string(),
                status: 200,
                body,
            }]),
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
                drawing: Drawing::App(Vec::new()),
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
            drawing: Drawing::App(vec![answer]),
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
    let mut answers = match (&detail, path) {
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
    // The questions answered about it, which its page lists; without them the app asks for them.
    if detail.is_some() {
        match state.published().list("", Some(&code), 1).await {
            Ok(list) => answers.push(Answer {
                path: motcua::api::feedback::questions_path("", &code, 1),
                status: 200,
                body: serde_json::to_string(&list).unwrap_or_default(),
            }),
            Err(e) => {
                tracing::warn!(error = %e, "a procedure's page is sent without its questions")
            }
        }
    }
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
            drawing: Drawing::App(answers),
            data,
        },
    )
}

/// Puts the check the receipt's QR code carries in the address's fragment (which no request carries)
/// into the tracking form and sends it, taking it off the address so the browser's history does not
/// keep it: the one script on a page with no app.
const TRACKING_SCRIPT: &str = "(() => {\
const m = /(?:^#|&)kiem-tra=([^&]*)/.exec(location.hash);\
if (!m) return;\
history.replaceState(null, \"\", location.pathname + location.search);\
let check = m[1];\
try { check = decodeURIComponent(check.replace(/\\+/g, \" \")); } catch (e) {}\
const form = document.getElementById(\"tracking-form\");\
form.elements[\"kiem-tra\"].value = check;\
form.submit();\
})();";

/// Remembers the page's language (its address's) as the app does when it runs, so a reader who never
/// needed the app on the catalogue still finds the signed-in area in their language, drawn in it by
/// the server (the cookie) and by the app (the storage).
const REMEMBER_LANGUAGE: &str = "try { const l = document.documentElement.lang; \
localStorage.setItem(\"motcua.lang\", l); \
document.cookie = \"motcua_lang=\" + l + \"; path=/; max-age=31536000; samesite=lax\"; } catch (e) {}";

/// The inline scripts of the pages the server draws, for the Content-Security-Policy to allow.
pub const SCRIPTS: &[&str] = &[TRACKING_SCRIPT, REMEMBER_LANGUAGE];

fn tracking_page(state: &AppState, headers: &HeaderMap, uri: &Uri, lookup: Lookup) -> Response {
    let (lang, address) = addressed(uri);
    let l = lang;
    let status = match &lookup.outcome {
        None | Some(Outcome::Found(_)) => StatusCode::OK,
        Some(Outcome::Invalid(_)) => StatusCode::UNPROCESSABLE_ENTITY,
        Some(Outcome::NotFound) => StatusCode::NOT_FOUND,
        Some(Outcome::TooMany(_)) => StatusCode::TOO_MANY_REQUESTS,
        Some(Outcome::Failed) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let title = match &lookup.outcome {
        Some(Outcome::Invalid(_)) => {
            format!("{}{}", l.pick("Lỗi: ", "Error: "), tracking::title(l))
        }
        _ => tracking::title(l).to_string(),
    };
    let body = prerender::draw_tracking(&l.address(&address), lookup);
    // An answer names a dossier's progress for whoever holds its check.
    never_stored(respond(
        state,
        headers,
        Page {
            address,
            canonical: paths::tracking(""),
            lang,
            status,
            head: Head {
                title,
                description: l
                    .pick(
                        "Xem hồ sơ thủ tục hành chính đang ở đâu, đã quá hạn chưa và có cần bổ sung gì không, bằng mã hồ sơ và mã tra cứu trên giấy tiếp nhận.",
                        "See where a dossier is, whether it is late and whether anything is missing, with the dossier code and the tracking PIN on its receipt.",
                    )
                    .to_string(),
            },
            drawing: Drawing::Server {
                body,
                script: Some(TRACKING_SCRIPT),
            },
            data: None,
        },
    ))
}

/// `response`, never kept by a cache.
fn never_stored(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `POST /nop-ho-so/{code}`: an application form sent by a browser running no script (with one, the
/// app sends it to the API). Nothing in it is read; the page says the form needs JavaScript, where a
/// bare 405 said nothing.
pub async fn application_sent(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(code): Path<String>,
) -> Response {
    // In the reader's language, as the form was drawn: its address has no English twin.
    let lang = crate::web::reader_lang(&headers);
    let address = uri.path().to_string();
    let form = paths::apply(&code);
    let body = prerender::draw_form_needs_script(&address, lang, &form);
    never_stored(respond(
        &state,
        &headers,
        Page {
            canonical: form,
            address,
            lang,
            status: StatusCode::OK,
            head: Head {
                title: prerender::form_needs_script_title(lang).to_string(),
                description: String::new(),
            },
            drawing: Drawing::Server { body, script: None },
            data: None,
        },
    ))
}

/// `GET /tra-cuu[?ma=…]`: the tracking form, its code filled in from the address.
pub async fn tracking_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let code = query
        .ok()
        .and_then(|Query(pairs)| pairs.into_iter().find(|(k, _)| k == tracking::CODE_FIELD))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    let lookup = Lookup {
        request: TrackingRequest {
            code,
            check: String::new(),
        },
        outcome: None,
    };
    tracking_page(&state, &headers, &uri, lookup)
}

/// `POST /tra-cuu`: the form sent, answered with the dossier's progress in the page. The same rules and
/// limits as `POST /api/v1/tracking`, whose service it calls.
pub async fn tracking_sent(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let pairs = form.map(|Form(p)| p).unwrap_or_default();
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| nfc(v.trim()))
            .unwrap_or_default()
    };
    let request = TrackingRequest {
        code: value(tracking::CODE_FIELD),
        check: value(tracking::CHECK_FIELD),
    };
    let problems = request.problems();
    let mut retry_after = None;
    let outcome = if !problems.is_empty() {
        Outcome::Invalid(tracking::field_errors(problems))
    } else {
        match dossiers::track(&state.dossiers(), address, &request).await {
            Ok(found) => Outcome::Found(Box::new(found)),
            Err(AppError::NotFound(_)) => Outcome::NotFound,
            Err(AppError::TooManyRequests { retry_after: r, .. }) => {
                let r = r.max(1) as u64;
                retry_after = Some(r);
                Outcome::TooMany(try_again_in(r))
            }
            Err(e) => {
                tracing::error!(error = %e, "tracking page: the lookup failed");
                Outcome::Failed
            }
        }
    };
    let mut response = tracking_page(
        &state,
        &headers,
        &uri,
        Lookup {
            request,
            outcome: Some(outcome),
        },
    );
    if let Some(r) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(r));
    }
    response
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_remembered_where_the_app_looks_for_it() {
        assert!(REMEMBER_LANGUAGE.contains(&format!("\"{}\"", motcua::i18n::STORAGE_KEY)));
        let cookie = motcua::i18n::cookie_assignment(Lang::En);
        let (name, rest) = cookie.split_once("=en").unwrap();
        assert!(REMEMBER_LANGUAGE.contains(&format!("\"{name}=\" + l + \"{rest}\"")));
    }
}
