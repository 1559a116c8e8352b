use leptos::prelude::*;

use crate::i18n::{use_lang, Lang};

/// Switches between Vietnamese and English. The button names the other language in that language, as
/// a speaker of it would look for it.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let other = move || match lang.get() {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    };
    view! {
        <button
            type="button"
            class="mc-language-switch"
            lang=move || other().code()
            on:click=move |_| lang.set(other())
        >
            {move || other().pick("Tiếng Việt", "English")}
        </button>
    }
}
