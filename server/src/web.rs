//! Serves the built app: real files from the static directory (precompressed `.br`/`.gz` picked by the
//! browser's Accept-Encoding), `index.html` for the app's own routes so deep links reload, and the
//! headers every response carries.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::auth::CurrentAccount;
use crate::error::AppError;
use crate::markup;
use crate::state::AppState;
use motcua::i18n::Lang;
use motcua::prerender::Answer;
use motcua_api::dossier::DraftList;
use motcua_api::paths::{self, bundle_of, Bundle};
use motcua_apply::components::dossier_page;
use tower_http::set_header::SetResponseHeaderLayer;

/// One bundle's `index.html`, held in memory with its precompressed forms.
#[derive(Default)]
struct Page {
    html: Option<Vec<u8>>,
    brotli: Option<Vec<u8>>,
    gzip: Option<Vec<u8>>,
}

impl Page {
    fn load(dir: &Path) -> Self {
        let read = |name: &str| std::fs::read(dir.join(name)).ok();
        Page {
            html: read("index.html"),
            brotli: read("index.html.br"),
            gzip: read("index.html.gz"),
        }
    }
}

/// The bundles' pages — the catalogue at the root, each signed-in area in its own directory
/// (`paths::Bundle::dir`) — the templates
/// the server draws pages into, and the Content-Security-Policy that allows exactly the inline scripts
/// they carry (trunk's loaders, the server's own) by hash.
pub struct AppShell {
    catalogue: Page,
    /// Each signed-in area's bundle.
    areas: Vec<(Bundle, Page)>,
    /// The catalogue's page with the app fetched on first use of a form field rather than at once:
    /// a drawn page is complete without it, and most readers only read and follow links.
    drawn: Option<String>,
    /// The catalogue's page with no app at all, for the pages only the server draws.
    bare: Option<String>,
    /// Each signed-in area's page for the pages the server draws (`drawn_template`).
    areas_drawn: Vec<(Bundle, String)>,
    pub csp: HeaderValue,
}

fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            hashes.push(script_hash(&rest[body_start..body_start + close]));
        }
        rest = &rest[body_start + close..];
    }
    hashes
}

fn script_hash(body: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes()))
    )
}

/// Trunk's loader in its page: where the whole element is, and the script and WebAssembly it loads.
struct Loader {
    at: std::ops::Range<usize>,
    script: String,
    wasm: String,
}

fn trunk_loader(html: &str) -> Option<Loader> {
    let body = html.find("import init")?;
    let start = html[..body].rfind("<script")?;
    let end = body + html[body..].find("</script>")? + "</script>".len();
    let quoted = |after: &str| {
        let from = html[start..end].find(after)? + after.len();
        let rest = &html[start + from..end];
        let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
        Some(rest[1..].split(quote).next()?.to_string())
    };
    Some(Loader {
        script: quoted("from ")?,
        wasm: quoted("module_or_path: ")?,
        at: start..end,
    })
}

/// The script that starts the app: imports its JavaScript, which starts its WebAssembly, and says so
/// as trunk's own loader does; `first` runs before anything is fetched.
fn app_start(script: &str, wasm: &str, first: &str) -> String {
    format!(
        "const start = async () => {{\n\
         {first}\
         const bindings = await import(\"{script}\");\n\
         const wasm = await bindings.default({{ module_or_path: \"{wasm}\" }});\n\
         window.wasmBindings = bindings;\n\
         dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {{ detail: {{ wasm }} }}));\n\
         }};\n"
    )
}

/// A loader that fetches the app when a form field first takes the focus (a tap, a click or the Tab
/// key), and at once if one already has it; until then the page the server drew is all there is.
fn lazy_loader(script: &str, wasm: &str) -> String {
    let start = app_start(
        script,
        wasm,
        "removeEventListener(\"focusin\", wanted, true);\n",
    );
    format!(
        "const field = (e) => e instanceof Element && e.matches(\"input, select, textarea\");\n\
         {start}\
         const wanted = (e) => {{ if (field(e.target)) start(); }};\n\
         addEventListener(\"focusin\", wanted, true);\n\
         if (field(document.activeElement)) start();\n"
    )
}

/// Until the app has started, a form of the drawn page is not sent away (Enter in its only field would
/// otherwise leave the page, and what was typed with it), and a button tapped is tapped again on the
/// app's page, which draws the same buttons in the same order — only if the one there says the same:
/// a browser that kept its own, newer copy of a draft opens another page of it, whose button in that
/// place may be another (Submit where Continue was tapped). The button tapped says it is busy until
/// then, since on a slow line the app may take seconds. `taken` runs once the app has started.
const HELD_UNTIL_STARTED: &str = "const hold = (e) => e.preventDefault();\n\
     addEventListener(\"submit\", hold, true);\n\
     let tapped = -1, drawn = 0, said = \"\";\n\
     const tap = (e) => { const b = e.target instanceof Element && e.target.closest(\"#shell button\"); \
     if (b) { const all = [...document.querySelectorAll(\"#shell button\")]; tapped = all.indexOf(b); drawn = all.length; said = b.textContent; \
     b.setAttribute(\"aria-busy\", \"true\"); } };\n\
     addEventListener(\"click\", tap, true);\n\
     const taken = () => { removeEventListener(\"submit\", hold, true); removeEventListener(\"click\", tap, true); \
     const now = document.querySelectorAll(\"body button\"); \
     if (tapped >= 0 && now.length === drawn && now[tapped].textContent === said) now[tapped].click(); };\n";

/// A loader for a signed-in page the server drew, which is complete without its app: the app is
/// fetched only when the page is used — a field takes the focus or is filled (a file chosen, a box
/// ticked, a browser's autofill), a button is tapped (held and tapped again, `HELD_UNTIL_STARTED`) —
/// or at once when `now`, a script's condition, holds. A button starts it with its click, not with
/// the focus its press gives it: an app quick to start (its code in the browser's cache) would
/// otherwise take the page over between the press and the release, and the tap would land nowhere.
/// `watch` runs first and may start it itself (`go()`), setting `stop` to what ends its watching
/// once the app has started.
fn on_use_loader(script: &str, wasm: &str, watch: &str, now: &str) -> String {
    let start = app_start(script, wasm, "");
    format!(
        "{start}{HELD_UNTIL_STARTED}\
         const used = (e) => {{ if (e.target instanceof Element && e.target.closest(\"#shell\") \
         && (e.target.matches(\"input, select, textarea\") || (e.type === \"click\" && e.target.closest(\"button\")))) go(); }};\n\
         let started = false, stop = () => {{}};\n\
         const go = () => {{ if (!started) {{ started = true; stop(); \
         uses.forEach((kind) => removeEventListener(kind, used, true)); start().then(taken); }} }};\n\
         const uses = [\"focusin\", \"click\", \"input\", \"change\"];\n\
         uses.forEach((kind) => addEventListener(kind, used, true));\n\
         {watch}\
         if ({now}) go(); else if (document.activeElement) used({{ target: document.activeElement }});\n"
    )
}

/// A dossier's page, whose reader mostly reads it: its app starts on use or when the dossier changes,
/// which its live events (the address's last segment is the code) say; the app then hears of the
/// change itself (`?since=`), reloads and announces it. An address with a query (the payment
/// provider's return, `?thanh-toan=`) brings news the app announces and moves the focus to: started at
/// once. Reading a dossier costs its page and stylesheet alone.
fn dossier_loader(script: &str, wasm: &str) -> String {
    let base = motcua::api::BASE;
    let watch = format!(
        "const live = new EventSource(\"{base}/dossiers/\" + location.pathname.split(\"/\").pop() + \"/live\");\n\
         stop = () => live.close();\n\
         let opened = 0;\n\
         live.addEventListener(\"change\", go);\n\
         live.onopen = () => {{ if (++opened > 1) go(); }};\n"
    );
    on_use_loader(script, wasm, &watch, "location.search")
}

/// The application form: its drawn page is ready to type into, and its app starts on use, as soon as
/// anything is typed or tapped (what was typed meanwhile is kept, a tap is tapped again), so someone
/// who only looks at what is asked fetches nothing more. A browser that kept its own copy of this
/// application opens that one, which may be newer than the draft the page was drawn from or at
/// another page of it: started at once, so it shows without waiting for a tap.
fn form_loader(script: &str, wasm: &str) -> String {
    let kept = motcua_apply::saved::application_key("");
    let now = format!(
        "(() => {{ try {{ return localStorage.getItem(\"{kept}\" + \
         decodeURIComponent(location.pathname.split(\"/\").pop())) !== null; }} catch {{ return false; }} }})()"
    );
    on_use_loader(script, wasm, "", &now)
}

/// `html` without the links that fetch the app ahead of its loader.
fn without_preloads(mut html: String) -> String {
    while let Some(tag) = markup::tag_with(&html, &["rel=modulepreload", "rel=\"modulepreload\""])
        .or_else(|| markup::tag_with(&html, &["rel=preload", "rel=\"preload\""]))
    {
        html.replace_range(tag, "");
    }
    html
}

/// A signed-in area's page for the pages the server draws, its app started on use (`on_use_loader`);
/// and that loader.
fn drawn_template(bundle: Bundle, html: &str) -> Option<(String, String)> {
    let loader = trunk_loader(html)?;
    let start = match bundle {
        Bundle::Dossier | Bundle::Desk => dossier_loader(&loader.script, &loader.wasm),
        _ => form_loader(&loader.script, &loader.wasm),
    };
    let mut drawn = html.to_string();
    drawn.replace_range(
        loader.at,
        &format!("<script type=\"module\">{start}</script>"),
    );
    // Preloaded, the app's 350 KB shared a slow line with the stylesheet the drawn page waits for.
    Some((without_preloads(drawn), start))
}

/// The catalogue's page with the app fetched on first use, and with none; and the loader put in.
fn templates(html: &str) -> Option<(String, String, String)> {
    let loader = trunk_loader(html)?;
    let lazy = lazy_loader(&loader.script, &loader.wasm);
    let mut drawn = html.to_string();
    drawn.replace_range(
        loader.at.clone(),
        &format!("<script type=\"module\">{lazy}</script>"),
    );
    let mut bare = html.to_string();
    bare.replace_range(loader.at, "");
    Some((without_preloads(drawn), without_preloads(bare), lazy))
}

impl AppShell {
    /// The page a bundle is started from: its signed-in area's, or the catalogue's.
    fn page(&self, bundle: Bundle) -> &Page {
        self.areas
            .iter()
            .find(|(b, _)| *b == bundle)
            .map_or(&self.catalogue, |(_, page)| page)
    }

    /// A signed-in area's `index.html`, for the pages sent with some of their answers.
    pub fn area_html(&self, bundle: Bundle) -> Option<&str> {
        std::str::from_utf8(self.page(bundle).html.as_deref()?).ok()
    }

    /// A signed-in area's page for a page the server drew, its app started once used; its
    /// `index.html` where trunk's loader was not found in it.
    fn area_drawn_html(&self, bundle: Bundle) -> Option<&str> {
        self.areas_drawn
            .iter()
            .find(|(b, _)| *b == bundle)
            .map(|(_, html)| html.as_str())
            .or_else(|| self.area_html(bundle))
    }

    /// The catalogue's `index.html`, which the pages the server draws are put into: the app comes with
    /// them when `with_app`, else the page has none.
    pub fn catalogue_html(&self, with_app: bool) -> Option<&str> {
        match with_app {
            true => self.drawn.as_deref(),
            false => self.bare.as_deref(),
        }
    }

    /// The bundles in `static_dir`; `scripts` are the inline scripts of the pages the server draws.
    pub fn load(static_dir: &Path, scripts: &[&str]) -> Self {
        let catalogue = Page::load(static_dir);
        let areas: Vec<(Bundle, Page)> = Bundle::SIGNED_IN
            .iter()
            .map(|&b| (b, Page::load(&static_dir.join(b.dir()))))
            .collect();
        let html = catalogue
            .html
            .as_deref()
            .map(|h| String::from_utf8_lossy(h).into_owned());
        if html.is_none() {
            tracing::warn!(
                dir = %static_dir.display(),
                "no index.html: the API works, the app is not built (run scripts/build.sh)"
            );
        }
        let made = html.as_deref().and_then(templates);
        if html.is_some() && made.is_none() {
            tracing::warn!("index.html has no trunk loader: drawn pages are sent without the app");
        }
        let mut hashes: Vec<String> = std::iter::once(&catalogue)
            .chain(areas.iter().map(|(_, page)| page))
            .filter_map(|p| p.html.as_deref())
            .flat_map(|h| inline_script_hashes(&String::from_utf8_lossy(h)))
            .collect();
        hashes.extend(scripts.iter().map(|s| script_hash(s)));
        let mut areas_drawn = Vec::new();
        for (bundle, page) in &areas {
            let html = page.html.as_deref().map(String::from_utf8_lossy);
            if let Some((drawn, loader)) = html.as_deref().and_then(|h| drawn_template(*bundle, h))
            {
                hashes.push(script_hash(&loader));
                areas_drawn.push((*bundle, drawn));
            }
        }
        let (drawn, bare) = match made {
            Some((drawn, bare, lazy)) => {
                hashes.push(script_hash(&lazy));
                (Some(drawn), Some(bare))
            }
            None => (html.clone(), html),
        };
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; \
             style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
             manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
             frame-ancestors 'none'",
            hashes.join(" ")
        );
        AppShell {
            catalogue,
            areas,
            drawn,
            bare,
            areas_drawn,
            csp: HeaderValue::from_str(&csp).expect("CSP is ASCII"),
        }
    }
}

/// Which encodings the browser accepts (a `q=0` refuses one).
fn accepts(headers: &HeaderMap, encoding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            parts.next() == Some(encoding)
                && !parts.any(|p| p.replace(' ', "").starts_with("q=0") && !p.contains("q=0."))
        })
}

/// Extensions that name files. Anything else after a dot is part of an app route, such as the procedure
/// code in `/thu-tuc/1.001193`.
const FILE_EXTENSIONS: &[&str] = &[
    "js",
    "mjs",
    "css",
    "wasm",
    "map",
    "html",
    "json",
    "webmanifest",
    "txt",
    "xml",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "svg",
    "ico",
    "woff",
    "woff2",
    "pdf",
    "docx",
];

fn is_file_path(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    last.rsplit_once('.')
        .is_some_and(|(_, ext)| FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// The app for any path that is not a file: the app's router decides what it shows. A missing file is
/// a real 404.
pub async fn app_shell(State(shell): State<Arc<AppShell>>, req: Request) -> Response {
    let path = req.uri().path();
    let page = shell.page(bundle_of(path));
    let Some(html) = page.html.as_ref().filter(|_| !is_file_path(path)) else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let headers = req.headers();
    let (body, encoding) = match (&page.brotli, &page.gzip) {
        (Some(br), _) if accepts(headers, "br") => (br.clone(), Some("br")),
        (_, Some(gz)) if accepts(headers, "gzip") => (gz.clone(), Some("gzip")),
        _ => (html.clone(), None),
    };
    let mut response = html_response(StatusCode::OK, body, headers);
    let h = response.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(e) = encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
    }
    response
}

/// A page of HTML as every page is sent: the app reads the signed-in mark to know whether to ask for
/// the account, so a browser holding a session without it gets it back with any page.
pub fn html_response(status: StatusCode, body: impl Into<Body>, request: &HeaderMap) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Some(mark) = crate::auth::missing_mark(request) {
        h.insert(header::SET_COOKIE, mark);
    }
    response
}

/// `/nop-ho-so/{code}`: the form's bundle sent with what its first drawing needs, which the page would
/// otherwise ask for once its WebAssembly has arrived, round trip after round trip on a slow network
/// before the first question shows: the procedure and its form (public, the same for everyone) and,
/// signed in, the account, its drafts, this procedure's in full and the places addresses are filled
/// from. For whoever is signed in the page comes drawn from them, in the reader's language: the form
/// as the app opens it (a draft from another device, or a new application filled from the account),
/// readable and ready to type into before any WebAssembly. A project's step, which the app asks the
/// project about, is not drawn. Nobody signed in is sent to sign in first (`sign_in_first`), unless
/// the procedure has no form: its page says so at once, before anyone is asked to sign in.
pub async fn application(
    State(state): State<AppState>,
    account: Result<CurrentAccount, AppError>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    axum::extract::Path(code): axum::extract::Path<String>,
) -> Response {
    let mut sent = Sent::default();
    let mut title = None;
    if let (Some(detail), Ok(path)) = (
        state.index.detail(&code),
        motcua::api::procedure_path(&code),
    ) {
        state.index.viewed(&code);
        sent.answer(&path, &detail);
        if let Some(form) = detail.has_form.then(|| state.index.form(&code)).flatten() {
            sent.answer(&motcua::api::form_path(&code), &form);
            title = Some(detail.procedure.name.clone());
        }
    }
    let account = match account {
        Ok(account) => Some(account),
        Err(AppError::Unauthorized) if title.is_some() => return sign_in_first(&uri),
        Err(_) => None,
    };
    if let Some(account) = account {
        sent.private = true;
        sent.unread(&state, &account).await;
        sent.answer("/me", &account.me);
        let drafts = state.drafts();
        if let Ok(items) = crate::drafts::list(&drafts, account.me.id).await {
            // This procedure's drafts in full: the form opens one begun on another device before
            // it draws anything, a round trip after its WebAssembly otherwise.
            for summary in items.iter().filter(|d| d.procedure == code) {
                if let Ok(draft) = crate::drafts::get(&drafts, account.me.id, &summary.id).await {
                    sent.answer(&motcua::api::draft_path(&summary.id), &draft);
                }
            }
            sent.answer("/drafts", &DraftList { items });
        }
        let query = axum::extract::Query::<HashMap<String, String>>::try_from_uri(&uri)
            .map(|q| q.0)
            .unwrap_or_default();
        let project_step = paths::step_of(|key| query.get(key).cloned()).is_some();
        if let Some(title) = title.as_ref().filter(|_| !project_step) {
            sent.answers.push(Answer {
                path: "/places".to_string(),
                status: 200,
                body: String::from_utf8_lossy(&state.index.places_json()).into_owned(),
            });
            sent.draw(&uri, &headers, Bundle::Form, |lang| lang.text(title));
        } else if title.is_some() {
            sent.ask_at_once("/places");
        }
    }
    area_page(&state.shell, Bundle::Form, &headers, sent)
}

/// Sends a reader who is not signed in to sign in, and back to `uri` afterwards: what the page's app
/// does once it has loaded and been refused the account, without fetching a bundle only to leave it
/// (the form's is 350 KB). Never kept: the same address answers its page once signed in.
fn sign_in_first(uri: &axum::http::Uri) -> Response {
    let here = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let mut response = axum::response::Redirect::to(&paths::sign_in(Some(here))).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The language the reader chose (the cookie the app keeps), else Vietnamese.
pub(crate) fn reader_lang(headers: &HeaderMap) -> Lang {
    crate::auth::cookie(headers, motcua::i18n::COOKIE)
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or(Lang::Vi)
}

/// `/ho-so/{code}` and `/can-bo/ho-so/{code}`: a dossier's page (the applicant's, the officer's) sent
/// with the dossier, as whoever asks may read it, and its procedure's form, which the page would
/// otherwise ask for one after the other once its WebAssembly has arrived; and drawn from them, in the
/// reader's language (the cookie the app keeps), so its status shows before any WebAssembly and
/// without it. The read the page is sent with is the one an officer's visit records, as the app's own
/// was. Nobody signed in is sent to sign in first; anyone else signed in gets the bare page, whose app
/// then asks and is told there is no such dossier, as the API tells them.
pub async fn dossier(
    State(state): State<AppState>,
    account: Result<CurrentAccount, AppError>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    axum::extract::Path(code): axum::extract::Path<String>,
) -> Response {
    if matches!(account, Err(AppError::Unauthorized)) {
        return sign_in_first(&uri);
    }
    let bundle = bundle_of(uri.path());
    let mut sent = dossier_answers(&state, account, &code, bundle).await;
    if !sent.answers.is_empty() {
        sent.draw(&uri, &headers, bundle, |lang| {
            dossier_page::title(&code, lang)
        });
    }
    area_page(&state.shell, bundle, &headers, sent)
}

/// The dossier and its form; on the applicant's page of a dossier that may be rated or was, the rating
/// scale too, so its rating form is drawn whole before the app (which starts only once used) asks.
async fn dossier_answers(
    state: &AppState,
    account: Result<CurrentAccount, AppError>,
    code: &str,
    bundle: Bundle,
) -> Sent {
    let mut sent = Sent::default();
    if let Ok(account) = account {
        sent.private = true;
        if let Ok(view) = crate::dossiers::get(&state.dossiers(), code, &account.me).await {
            sent.unread(state, &account).await;
            sent.answer(&motcua::api::lifecycle::dossier_path(code), &view);
            if let Some(form) = state.index.form(&view.procedure) {
                sent.answer(&motcua::api::form_path(&view.procedure), &form);
            }
            if bundle == Bundle::Dossier && (view.can_rate || view.rating.is_some()) {
                if let Ok(scale) = crate::dossiers::rate::scale(&state.index) {
                    sent.answer("/satisfaction", scale);
                }
            }
        }
    }
    sent
}

/// What a signed-in area's page is sent with: API answers, requests to start at once, and the page
/// drawn from those answers where the server draws it.
#[derive(Default)]
struct Sent {
    answers: Vec<Answer>,
    head: String,
    /// Whether it was drawn for a signed-in account (its own answers, or none it may read): such a
    /// page is never kept by a browser or a proxy.
    private: bool,
    drawn: Option<Drawn>,
}

/// A signed-in page the server drew.
struct Drawn {
    body: String,
    lang: Lang,
    title: String,
}

impl Sent {
    /// With how many of `account`'s notifications are unread, which the page's header shows: drawn
    /// with it, rather than only once the app has started and asked.
    async fn unread(&mut self, state: &AppState, account: &CurrentAccount) {
        if let Ok(unread) = state.store.unread(account.me.id).await {
            self.answer(
                motcua::api::lifecycle::UNREAD,
                &motcua_api::lifecycle::Unread { unread },
            );
        }
    }

    fn answer(&mut self, path: &str, body: &impl serde::Serialize) {
        if let Ok(body) = serde_json::to_string(body) {
            self.answers.push(Answer {
                path: path.to_string(),
                status: 200,
                body,
            });
        }
    }

    /// Draws the page at `uri` (with its query: back from paying, a dossier's page says how the
    /// payment went) from the answers it is sent with, in the reader's language, titled `title`.
    fn draw(
        &mut self,
        uri: &axum::http::Uri,
        headers: &HeaderMap,
        bundle: Bundle,
        title: impl FnOnce(Lang) -> String,
    ) {
        let lang = reader_lang(headers);
        let address = uri.path_and_query().map_or(uri.path(), |a| a.as_str());
        let body = motcua_apply::prerender::draw(address, lang, self.answers.clone(), bundle);
        self.drawn = Some(Drawn {
            body,
            lang,
            title: title(lang),
        });
    }

    /// An API read the page makes as it starts, begun with the page rather than after its
    /// WebAssembly (the app's `fetch` is given the preloaded answer).
    fn ask_at_once(&mut self, path: &str) {
        self.head.push_str(&format!(
            "<link rel=\"preload\" as=\"fetch\" href=\"{}{}\" crossorigin>",
            motcua::api::BASE,
            markup::escape(path)
        ));
    }
}

fn area_page(shell: &AppShell, bundle: Bundle, headers: &HeaderMap, sent: Sent) -> Response {
    let html = match sent.drawn {
        Some(_) => shell.area_drawn_html(bundle),
        None => shell.area_html(bundle),
    };
    let Some(html) = html else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let mut html = html.to_string();
    let mut body: String = sent
        .answers
        .iter()
        .map(|a| markup::answer_script(&a.path, a.status, &a.body))
        .collect();
    if let Some(drawn) = &sent.drawn {
        // The app removes the drawing as it takes the page over; before the answers, as the
        // catalogue's pages have it.
        body.insert_str(0, &format!("<div id=\"shell\">{}</div>\n", drawn.body));
        if let (Some(start), Some(end)) = (html.find("<title>"), html.find("</title>")) {
            let title = markup::escape(&motcua::i18n::full_title(&drawn.title));
            html.replace_range(
                start..end + "</title>".len(),
                &format!("<title>{title}</title>"),
            );
        }
        markup::set_lang(&mut html, drawn.lang.code());
    }
    if let Some(end) = html.rfind("</body>") {
        html.insert_str(end, &body);
    }
    if let Some(end) = html.find("</head>") {
        html.insert_str(end, &sent.head);
    }
    let mut response = html_response(StatusCode::OK, html, headers);
    if sent.private {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Trunk names built assets `name-<16 hex digits>.ext`: their content never changes under that name.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Security and caching headers on every response.
pub async fn headers(State(shell): State<Arc<AppShell>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, shell.csp.clone());
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(self), geolocation=(), microphone=()"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        let cache = if path.starts_with("/api/") {
            "no-store"
        } else if is_hashed_asset(&path) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    response
}

/// `Strict-Transport-Security` on every response when the site is reached over https (`site_url`):
/// browsers then never try plain http, where a network in between could rewrite the app. Never for an
/// http site (or an unknown one), which it would make unreachable for a year.
pub fn strict_transport(site_url: Option<&str>) -> Option<SetResponseHeaderLayer<HeaderValue>> {
    let https = site_url.is_some_and(|url| {
        url.get(..8)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
    });
    https.then(|| {
        SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_hashed_assets() {
        assert!(is_hashed_asset("/motcua-5f1a2b3c4d5e6f70_bg.wasm"));
        assert!(is_hashed_asset("/motcua-5f1a2b3c4d5e6f70.js"));
        assert!(is_hashed_asset("/main-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/robots.txt"));
        assert!(!is_hashed_asset("/icon-192.png"));
        assert!(!is_hashed_asset("/"));
    }

    #[test]
    fn procedure_codes_are_routes_not_files() {
        assert!(!is_file_path("/thu-tuc/1.001193"));
        assert!(!is_file_path("/tim-kiem"));
        assert!(is_file_path("/favicon.ico"));
        assert!(is_file_path("/motcua-0123456789abcdef_bg.wasm"));
    }

    #[test]
    fn hashes_inline_scripts_only() {
        let html = r#"<script src="/a.js"></script><script type="module">init()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
    }

    #[test]
    fn strict_transport_security_only_for_an_https_site() {
        assert!(strict_transport(Some("https://dichvucong.example.vn")).is_some());
        assert!(strict_transport(Some("HTTPS://dichvucong.example.vn")).is_some());
        assert!(strict_transport(Some("http://dichvucong.example.vn")).is_none());
        assert!(strict_transport(Some("https:")).is_none());
        assert!(strict_transport(None).is_none());
    }

    #[test]
    fn reads_accept_encoding() {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, deflate, br;q=0"),
        );
        assert!(accepts(&h, "gzip"));
        assert!(!accepts(&h, "br"));
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("br;q=0.5"),
        );
        assert!(accepts(&h, "br"));
    }
}
