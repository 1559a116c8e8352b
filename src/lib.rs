//! Một Cửa, the citizen-facing app of the province's one-stop public services.

pub mod api;
pub mod components;
pub mod format;
pub mod i18n;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::components::{RouteFallback, SiteFooter, SiteHeader, SkipLink};
use crate::i18n::provide_i18n;
use crate::pages::{Detail, Home, Results};

/// The shell in `index.html` painted the page before the WebAssembly arrived. Anything typed into its
/// search box is handed to the app before the shell is replaced, so nothing typed is lost.
pub fn start() {
    let typed = shell_query();
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(move || view! { <App initial_query=typed.clone()/> });
}

fn shell_query() -> String {
    use wasm_bindgen::JsCast;
    document()
        .get_element_by_id("shell-q")
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|input| input.value())
        .unwrap_or_default()
}

pub fn focus_main() {
    use wasm_bindgen::JsCast;
    if let Some(main) = document()
        .get_element_by_id("main")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = main.focus();
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

#[component]
pub fn App(
    /// Text typed into the static shell's search box before the app started.
    #[prop(optional)]
    initial_query: String,
) -> impl IntoView {
    provide_i18n();
    view! {
        <Router>
            <FocusOnNavigate/>
            <SkipLink/>
            <SiteHeader/>
            <main id="main" class="mc-main" tabindex="-1">
                <Routes fallback=|| view! { <RouteFallback apply=false/> }>
                    <Route
                        path=path!("/")
                        view=move || view! { <Home initial_query=initial_query.clone()/> }
                    />
                    <Route path=path!("/tim-kiem") view=Results/>
                    <Route path=path!("/thu-tuc/:code") view=Detail/>
                </Routes>
            </main>
            <SiteFooter apply=false/>
        </Router>
    }
}
