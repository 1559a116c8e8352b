use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::{Notice, NoticeKind};
use crate::i18n::use_lang;
use crate::pages::NotFound;
use motcua_api::paths::{address, bundle_of, is_server_page, Bundle};

/// What a bundle shows for a path whose page it does not have. A page of another bundle, or one only
/// the server draws, is loaded in full, so the server sends it with its own; any other is not found.
#[component]
pub fn RouteFallback(
    /// The bundles whose pages this build has.
    here: &'static [Bundle],
) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let path = location.pathname.get_untracked();
    if !here.contains(&bundle_of(&path)) || is_server_page(&path) {
        // The fragment too: a feedback case's PIN travels there, kept out of the server's logs. The
        // router's, not the window's: the address bar shows the new address only once its page is drawn.
        let href =
            address(&path, &location.search.get_untracked()) + &location.hash.get_untracked();
        Effect::new(move |_| {
            let href = href.clone();
            let path = path.clone();
            // Once the router has put the address in the history, which it does when the page is
            // drawn: that entry is loaded in place, or Back would come to it again, drawn by this
            // bundle, and load it anew. Reloaded, not replaced: an address with a fragment
            // replacing itself only scrolls.
            set_timeout(
                move || {
                    let at = window().location();
                    if at.pathname().is_ok_and(|p| p == path) {
                        let _ = at.reload();
                    } else {
                        let _ = at.assign(&href);
                    }
                },
                std::time::Duration::ZERO,
            );
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
