use leptos::prelude::*;

use crate::i18n::use_lang;

/// Moves keyboard focus to the main content. The router would treat the link as navigation and only
/// scroll, so the click is handled here.
#[component]
pub fn SkipLink() -> impl IntoView {
    let lang = use_lang();
    view! {
        <a
            class="mc-skip-link"
            href="#main"
            on:click=|ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                crate::focus_main();
            }
        >
            {move || lang.get().pick("Bỏ qua để đến nội dung chính", "Skip to main content")}
        </a>
    }
}
