//! The catalogue's pages as the server sends them: the app itself, drawn to HTML at the address asked
//! for from the API answers it would ask for, so the page is readable from its first byte, works
//! without JavaScript, and is exactly what the app draws when it takes over.

use std::sync::Once;

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use leptos_router::components::Router;
use leptos_router::location::RequestUrl;
use motcua_api::paths::Bundle;
use motcua_api::{FieldList, ProcedureDetail, SearchRequest, SearchResponse};

pub use crate::api::preload::Answer;
use crate::components::{Notice, NoticeKind, SiteFooter, SiteHeader, SkipLink};
use crate::i18n::Lang;
use crate::pages::tracking::{Lookup, Tracking};
use crate::pages::{detail, home, results};
use crate::App;

/// Runs nothing. A drawing on the server is one pass: effects (titles, focus, storage) are the
/// browser's, and every answer a page needs is given before it is drawn.
struct NothingRuns;

impl CustomExecutor for NothingRuns {
    fn spawn(&self, _: PinnedFuture<()>) {}
    fn spawn_local(&self, _: PinnedLocalFuture<()>) {}
    fn poll_local(&self) {}
}

/// Draws `page` once, in a reactive owner of its own, as at `address` (path and query), in `lang`.
fn one_pass<V: RenderHtml>(address: &str, lang: Lang, page: impl FnOnce(Lang) -> V) -> String {
    static EXECUTOR: Once = Once::new();
    EXECUTOR.call_once(|| {
        let _ = Executor::init_custom_executor(NothingRuns);
    });
    // One pass reads every signal once and follows none: that is not the mistake the debug build's
    // warning for a read outside a tracking context is there to catch.
    let _one_pass = leptos::reactive::diagnostics::SpecialNonReactiveZone::enter();
    let owner = Owner::new();
    let html = owner.with(|| {
        provide_context(RequestUrl::new(address));
        page(lang).to_html()
    });
    owner.cleanup();
    html
}

/// The body of the catalogue's page at `address` (path and query), drawn from `answers`.
pub fn draw(address: &str, answers: Vec<Answer>) -> String {
    draw_app(address, Lang::of_path(address), answers, |lang| {
        view! { <App lang=lang/> }
    })
}

/// The body an app draws at `address` in `lang`, from `answers`: the app as its own start mounts it,
/// given the language rather than reading it from the browser.
pub fn draw_app<V: RenderHtml>(
    address: &str,
    lang: Lang,
    answers: Vec<Answer>,
    app: impl FnOnce(Lang) -> V,
) -> String {
    crate::api::preload::keep(answers);
    let html = one_pass(address, lang, app);
    crate::api::preload::keep(Vec::new());
    html
}

/// The public tracking page at `address`, showing `lookup`. Only the server draws it: it needs no
/// WebAssembly, so the app has no route for it.
pub fn draw_tracking(address: &str, lookup: Lookup) -> String {
    server_page(address, Lang::of_path(address), move |lang| {
        view! { <Tracking lookup=lookup lang=lang/> }
    })
}

/// The answer to an application form sent by a browser running no script: the form is the app's, and
/// nothing it holds is read here, so nothing of it is kept. Says so, and how to go on; the footer
/// under it gives the help line.
pub fn draw_form_needs_script(address: &str, lang: Lang, form: &str) -> String {
    let form = form.to_string();
    server_page(address, lang, move |l| {
        view! {
            <div class="mc-page">
                <h1 class="mc-page__title">{form_needs_script_title(l)}</h1>
                <Notice kind=NoticeKind::Error title=l.pick("Hồ sơ chưa được gửi.", "Your application has not been sent.").to_string()>
                    <p>{l.pick(
                        "Biểu mẫu nộp hồ sơ cần JavaScript để kiểm tra, lưu và gửi những gì bạn điền. Hãy bật JavaScript rồi dùng nút Quay lại của trình duyệt để trở về biểu mẫu.",
                        "The application form needs JavaScript to check, save and send what you fill in. Turn JavaScript on, then use your browser's Back button to return to the form.",
                    )}</p>
                    <p><a href=form>{l.pick("Mở lại biểu mẫu", "Open the form again")}</a></p>
                </Notice>
            </div>
        }
    })
}

/// A page only the server draws: the site's header and footer around `main`, with no app.
fn server_page<V: IntoView + 'static>(
    address: &str,
    lang: Lang,
    main: impl FnOnce(Lang) -> V,
) -> String {
    one_pass(address, lang, |lang| {
        crate::i18n::provide_i18n(lang);
        let main = main(lang);
        view! {
            <Router>
                <SkipLink/>
                <SiteHeader/>
                <main id="main" class="mc-main" tabindex="-1">
                    {main}
                </main>
                <SiteFooter here=&[Bundle::Catalogue]/>
            </Router>
        }
    })
}

/// The title of the page [`draw_form_needs_script`] draws.
pub fn form_needs_script_title(l: Lang) -> &'static str {
    l.pick(
        "Cần bật JavaScript để nộp hồ sơ",
        "JavaScript is needed to apply",
    )
}

/// A page's title and the description search engines and link previews show.
pub struct Head {
    pub title: String,
    pub description: String,
}

pub fn home_head(fields: &FieldList, l: Lang) -> Head {
    let count: u32 = fields.items.iter().map(|f| f.count).sum();
    Head {
        title: home::title(l).to_string(),
        description: match l {
            Lang::Vi => format!(
                "Tra cứu {count} thủ tục hành chính của tỉnh: giấy tờ cần chuẩn bị, thời hạn, phí, lệ phí và nơi nộp hồ sơ; nộp hồ sơ trực tuyến và tra cứu hồ sơ đã nộp."
            ),
            Lang::En => format!(
                "Look up the province's {count} public services: the documents you need, how long it takes, the fees and where to apply; apply online and track your dossier."
            ),
        },
    }
}

pub fn results_head(req: &SearchRequest, found: &SearchResponse, l: Lang) -> Head {
    let count = crate::format::procedures(found.total, l);
    let names: Vec<String> = found
        .items
        .iter()
        .take(3)
        .map(|p| l.text(&p.name))
        .collect();
    Head {
        title: results::title(req, l),
        description: if names.is_empty() {
            count
        } else {
            format!("{count}: {}.", names.join("; "))
        },
    }
}

pub fn procedure_head(d: Option<&ProcedureDetail>, l: Lang) -> Head {
    Head {
        title: detail::title(d, l),
        description: d.map(|d| detail::description(d, l)).unwrap_or_default(),
    }
}
