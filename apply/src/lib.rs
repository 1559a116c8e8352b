//! Một Cửa's signed-in area: accounts, applying, following a dossier to its result, the inbox and
//! the officers' desk. A bundle of its own, loaded only by
//! those who sign in, so the catalogue's first load stays small.
// A bundle built for some areas' pages leaves the helpers only the others' pages use unused; every
// build of all of them (tests, clippy) still finds dead code.
#![cfg_attr(
    not(all(
        feature = "sign-in",
        feature = "account",
        feature = "projects",
        feature = "new-project",
        feature = "feedback",
        feature = "feedback-case",
        feature = "questions",
        feature = "stats",
        feature = "stats-index",
        feature = "company",
        feature = "form",
        feature = "dossier",
        feature = "dossiers",
        feature = "queue",
        feature = "desk",
        feature = "officer-feedback",
        feature = "office"
    )),
    allow(dead_code, unused_imports)
)]
// Built for the host beside the server, whose drawing of pages gives views types that nest deeper than
// the compiler's default allows.
#![recursion_limit = "256"]

pub mod components;
pub mod dates;
pub mod field_keys;
pub mod live;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod saved;

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::path;
use motcua::components::{RouteFallback, SiteFooter, SiteHeader, SkipLink};
use motcua::i18n::{provide_i18n, remembered, Lang};
use motcua::FocusOnNavigate;
use motcua_api::paths::Bundle;

use crate::components::{InboxLink, SessionWarning};

use crate::pages::{
    Account, AgencyRatings, Application, Company, Dossier, Dossiers, FeeReceipt, Inbox, Login,
    NewProject, OfficerDossier, Project, Projects, Queue, Receipt, Register, SearchTerms, Slip,
    Stats, StatsIndex, Verifications,
};
use crate::pages::{
    Changes, FeedbackFollow, FeedbackQuestion, FeedbackSend, MyFeedback, OfficerFeedback,
    OfficerFeedbackQueue, Questions,
};

/// The areas whose pages this build has: one per bundle trunk builds (`--features`), all by default.
pub const HERE: &[Bundle] = &[
    #[cfg(feature = "sign-in")]
    Bundle::SignIn,
    #[cfg(feature = "account")]
    Bundle::Account,
    #[cfg(feature = "projects")]
    Bundle::Projects,
    #[cfg(feature = "new-project")]
    Bundle::NewProject,
    #[cfg(feature = "feedback")]
    Bundle::Feedback,
    #[cfg(feature = "feedback-case")]
    Bundle::FeedbackCase,
    #[cfg(feature = "questions")]
    Bundle::Questions,
    #[cfg(feature = "stats")]
    Bundle::Stats,
    #[cfg(feature = "stats-index")]
    Bundle::StatsIndex,
    #[cfg(feature = "company")]
    Bundle::Company,
    #[cfg(feature = "form")]
    Bundle::Form,
    #[cfg(feature = "dossier")]
    Bundle::Dossier,
    #[cfg(feature = "dossiers")]
    Bundle::Dossiers,
    #[cfg(feature = "queue")]
    Bundle::Queue,
    #[cfg(feature = "desk")]
    Bundle::Desk,
    #[cfg(feature = "officer-feedback")]
    Bundle::OfficerFeedback,
    #[cfg(feature = "office")]
    Bundle::Office,
];

/// Stands for a page of another bundle: loads it in full, so the server sends it with its own.
#[component]
pub fn Elsewhere() -> impl IntoView {
    view! { <RouteFallback here=HERE/> }
}

/// Starts the app, over the page the server drew if it drew one (a dossier's), from the answers the
/// page came with (the form's page: its procedure and form).
pub fn start() {
    let lang = remembered();
    motcua::take_over(move || {
        leptos::mount::mount_to_body(move || view! { <App lang=lang here=HERE/> })
    });
}

#[component]
pub fn App(
    /// The language to start in.
    lang: Lang,
    /// The areas whose pages this app has: the bundle's own (`HERE`), or, drawn on the server, those
    /// of the bundle that takes the page over.
    here: &'static [Bundle],
) -> impl IntoView {
    provide_i18n(lang);
    view! {
        <Router>
            <FocusOnNavigate/>
            <SkipLink/>
            <SiteHeader>
                <InboxLink/>
            </SiteHeader>
            <main id="main" class="mc-main" tabindex="-1">
                <FlatRoutes fallback=move || view! { <RouteFallback here=here/> }>
                    <Route path=path!("/dang-nhap") view=Login/>
                    <Route path=path!("/dang-ky") view=Register/>
                    <Route path=path!("/tai-khoan") view=Account/>
                    <Route path=path!("/tai-khoan/phan-anh") view=MyFeedback/>
                    <Route path=path!("/nop-ho-so/:code") view=Application/>
                    <Route path=path!("/ho-so") view=Dossiers/>
                    <Route path=path!("/ho-so/:code") view=Dossier/>
                    <Route path=path!("/ho-so/:code/bien-nhan") view=Receipt/>
                    <Route path=path!("/ho-so/:code/phieu/:event") view=Slip/>
                    <Route path=path!("/ho-so/:code/bien-lai/:number") view=FeeReceipt/>
                    <Route path=path!("/thong-bao") view=Inbox/>
                    <Route path=path!("/can-bo") view=Queue/>
                    <Route path=path!("/can-bo/ho-so/:code") view=OfficerDossier/>
                    <Route path=path!("/can-bo/danh-gia") view=AgencyRatings/>
                    <Route path=path!("/can-bo/xac-minh") view=Verifications/>
                    <Route path=path!("/can-bo/tu-tim-kiem") view=SearchTerms/>
                    <Route path=path!("/can-bo/phan-anh") view=OfficerFeedbackQueue/>
                    <Route path=path!("/can-bo/phan-anh/:code") view=OfficerFeedback/>
                    <Route path=path!("/phan-anh") view=FeedbackSend/>
                    <Route path=path!("/phan-anh/:code") view=FeedbackFollow/>
                    <Route path=path!("/hoi-dap") view=Questions/>
                    <Route path=path!("/hoi-dap/:code") view=FeedbackQuestion/>
                    <Route path=path!("/ban-noi-chung-toi-lam") view=Changes/>
                    <Route path=path!("/doanh-nghiep") view=Company/>
                    <Route path=path!("/du-an") view=Projects/>
                    <Route path=path!("/du-an/tao-moi") view=NewProject/>
                    <Route path=path!("/du-an/:id") view=Project/>
                    <Route path=path!("/thong-ke") view=Stats/>
                    <Route path=path!("/thong-ke/chi-so-766") view=StatsIndex/>
                </FlatRoutes>
            </main>
            <SiteFooter here=here/>
            <SessionWarning/>
        </Router>
    }
}

/// Where to go after signing in: a path on this site given in `?tiep=`, never another site.
pub fn next_path(raw: Option<String>) -> String {
    raw.filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
        .unwrap_or_else(motcua_api::paths::account)
}

/// Goes to a path, loading another bundle in full when the path is its page. `navigate` comes
/// from `use_navigate` in the component: async tasks have no router context of their own.
pub fn go(navigate: &impl Fn(&str, leptos_router::NavigateOptions), path: &str) {
    if HERE.contains(&motcua_api::paths::bundle_of(path)) {
        navigate(path, Default::default());
    } else {
        let _ = window().location().assign(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(
            next_path(Some("/nop-ho-so/1.001193".into())),
            "/nop-ho-so/1.001193"
        );
        assert_eq!(next_path(Some("//evil.example".into())), "/tai-khoan");
        assert_eq!(next_path(Some("https://evil.example".into())), "/tai-khoan");
        assert_eq!(next_path(Some("/\\evil.example".into())), "/tai-khoan");
        assert_eq!(next_path(None), "/tai-khoan");
    }
}
