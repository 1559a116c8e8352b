use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use motcua::api::ApiError;
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::tr;
use motcua_api::paths;

use crate::go;

/// What a page loads, in each of its states: a notice while it loads; the sign-in page when the
/// server says the person is not signed in, coming back to `here` afterwards; what went wrong; and
/// the content once it is there. The trip to sign in is taken by an effect, never while drawing.
#[component]
pub fn Loaded<T, V, F>(
    /// What the page loads: `None` until the first answer. It is drawn again on every change, so a
    /// page that must keep its content across reloads passes a memo of what it needs.
    #[prop(into)]
    data: Signal<Option<Result<T, ApiError>>>,
    /// Says what is loading.
    #[prop(into)]
    loading: Signal<String>,
    /// Says what could not be loaded.
    #[prop(into)]
    failed: Signal<String>,
    /// What to do about a failure; by default, check the connection and reload the page.
    #[prop(optional, into)]
    advice: Option<Signal<String>>,
    /// The path to come back to after signing in.
    #[prop(into)]
    here: Signal<String>,
    /// Drawn instead of the failure when there is no such thing (404).
    #[prop(optional, into)]
    not_found: Option<ViewFn>,
    /// Drawn instead of the failure when the person may not see it (403).
    #[prop(optional, into)]
    forbidden: Option<ViewFn>,
    /// The content, given what was loaded.
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
{
    let navigate = use_navigate();
    let signed_out =
        Memo::new(move |_| data.with(|d| matches!(d, Some(Err(ApiError::Refused(401, _))))));
    Effect::new(move |_| {
        if signed_out.get() {
            go(&navigate, &paths::sign_in(Some(&here.get_untracked())));
        }
    });
    let advice = advice.unwrap_or_else(|| {
        tr(
            "Kiểm tra kết nối mạng rồi tải lại trang.",
            "Check your connection, then reload the page.",
        )
    });
    move || match data.get() {
        None => view! { <Notice kind=NoticeKind::Loading title=loading/> }.into_any(),
        Some(Ok(value)) => children(value).into_any(),
        Some(Err(ApiError::Refused(401, _))) => ().into_any(),
        Some(Err(error)) => {
            let own = match error {
                ApiError::NotFound => not_found.as_ref(),
                ApiError::Refused(403, _) => forbidden.as_ref(),
                _ => None,
            };
            match own {
                Some(view) => view.run(),
                None => view! {
                    <Notice kind=NoticeKind::Error title=failed>
                        <p>{move || advice.get()}</p>
                    </Notice>
                }
                .into_any(),
            }
        }
    }
}
