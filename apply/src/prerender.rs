//! Signed-in pages as the server sends them: drawn by this app, in the reader's language, from the
//! answers the page is sent with, so the page reads from its first byte and its bundle takes it over
//! without a visible change.

use leptos::prelude::*;
use motcua::i18n::Lang;
use motcua::prerender::{draw_app, Answer};
use motcua_api::paths::Bundle;

use crate::App;

/// The body of the page at `address` (path and query) as the bundle `bundle` draws it, in `lang`,
/// from `answers`.
pub fn draw(address: &str, lang: Lang, answers: Vec<Answer>, bundle: Bundle) -> String {
    let here: &'static [Bundle] = match bundle {
        Bundle::Catalogue => &[Bundle::Catalogue],
        Bundle::SignIn => &[Bundle::SignIn],
        Bundle::Account => &[Bundle::Account],
        Bundle::Company => &[Bundle::Company],
        Bundle::Form => &[Bundle::Form],
        Bundle::Dossier => &[Bundle::Dossier],
        Bundle::Queue => &[Bundle::Queue],
        Bundle::Desk => &[Bundle::Desk],
    };
    draw_app(address, lang, answers, move |lang| {
        view! { <App lang=lang here=here/> }
    })
}
