//! Một Cửa, the citizen-facing app of the province's one-stop public services.
// Drawn on the server, a page's view types nest deeper than the compiler's default allows.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod dates;
pub mod format;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod prerender;
mod takeover;

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::components::{RouteFallback, SiteFooter, SiteHeader, SkipLink};
use crate::i18n::{provide_i18n, use_lang, Lang};
use crate::pages::{Detail, Home, Results};
use motcua_api::paths::Bundle;

pub fn start() {
    let lang = Lang::of_path(&window().location().pathname().unwrap_or_default());
    take_over(move || leptos::mount::mount_to_body(move || view! { <App lang=lang/> }));
}

/// Takes over the page the server sent (its drawing in `#shell`, if it drew one) with the app that
/// `mount` starts: the same page, drawn by the app from the answers sent with it, with whatever was
/// typed or chosen in it, the focus and the scroll carried across.
pub fn take_over(mount: impl FnOnce()) {
    let sent = takeover::Sent::read();
    api::preload::keep(api::preload::read_page());
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
    mount();
    sent.restore();
}

pub fn focus_main() {
    focus_id("main");
}

/// Moves focus to the element with this id, if it is on the page and can take it.
pub fn focus_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Moves focus to the main content after each navigation, so screen-reader and keyboard users start
/// at the new page rather than at the link they followed.
#[component]
pub fn FocusOnNavigate() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            focus_main();
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        path
    });
}

/// A catalogue page's language is its address's: following a link to the other language's address
/// switches it.
#[component]
fn LanguageOfAddress() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    Effect::new(move |_| {
        let of_address = Lang::of_path(&location.pathname.get());
        if lang.get_untracked() != of_address {
            lang.set(of_address);
        }
    });
}

#[component]
pub fn App(
    /// The language of the address the app starts at.
    lang: Lang,
) -> impl IntoView {
    provide_i18n(lang);
    view! {
        <Router>
            <FocusOnNavigate/>
            <LanguageOfAddress/>
            <SkipLink/>
            <SiteHeader/>
            <main id="main" class="mc-main" tabindex="-1">
                <FlatRoutes fallback=|| view! { <RouteFallback here=&[Bundle::Catalogue]/> }>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/tim-kiem") view=Results/>
                    <Route path=path!("/thu-tuc/:code") view=Detail/>
                    <Route path=path!("/en") view=Home/>
                    <Route path=path!("/en/tim-kiem") view=Results/>
                    <Route path=path!("/en/thu-tuc/:code") view=Detail/>
                </FlatRoutes>
            </main>
            <SiteFooter here=&[Bundle::Catalogue]/>
        </Router>
    }
}
