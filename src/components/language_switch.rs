use leptos::prelude::*;
use leptos_router::hooks::use_location;
use motcua_api::paths::{is_apply_path, split_english};

use crate::i18n::{use_lang, Lang};

/// Switches between Vietnamese and English. The switch names the other language in that language, as
/// a speaker of it would look for it. On a catalogue page it is a link to the page's address in the
/// other language, so it works before the app starts and each language can be shared; in the
/// signed-in area, whose addresses have no language, it switches in place.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let other = move || match lang.get() {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    };
    let name = move || other().pick("Tiếng Việt", "English");
    move || {
        let path = location.pathname.get();
        if is_apply_path(&path) {
            view! {
                <button
                    type="button"
                    class="mc-language-switch"
                    lang=move || other().code()
                    on:click=move |_| lang.set(other())
                >
                    {name}
                </button>
            }
            .into_any()
        } else {
            let (_, vietnamese) = split_english(&path);
            let here = motcua_api::paths::address(&vietnamese, &location.search.get());
            let href = other().address(&here);
            view! {
                <a class="mc-language-switch" href=href hreflang=move || other().code() lang=move || other().code()>
                    {name}
                </a>
            }
            .into_any()
        }
    }
}
