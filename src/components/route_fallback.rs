use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::{Notice, NoticeKind};
use crate::i18n::use_lang;
use crate::pages::NotFound;
use motcua_api::paths::{is_apply_path, is_server_page};

/// What a bundle shows for a path it has no route for. A path of the other bundle, or a page only the
/// server draws, is loaded in full, so the server sends it; any other is not found.
#[component]
pub fn RouteFallback(
    /// Whether this is the signed-in area's bundle.
    apply: bool,
) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let path = location.pathname.get_untracked();
    if is_apply_path(&path) != apply || is_server_page(&path) {
        let href = format!("{path}{}", location.search.get_untracked());
        Effect::new(move |_| {
            let _ = window().location().assign(&href);
        });
        view! {
            <div class="mc-page">
                <Notice kind=NoticeKind::Loading title=Signal::derive(move || lang.get().pick("Đang mở trang…", "Opening the page…").to_string())/>
            </div>
        }
        .into_any()
    } else {
        view! { <NotFound/> }.into_any()
    }
}
