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
    // The app's `here` is a slice for as long as the app lives: the bundle's own place in a static.
    static SIGNED_IN: [Bundle; Bundle::SIGNED_IN.len()] = Bundle::SIGNED_IN;
    let here: &'static [Bundle] = match SIGNED_IN.iter().position(|b| *b == bundle) {
        Some(i) => std::slice::from_ref(&SIGNED_IN[i]),
        None => &[Bundle::Catalogue],
    };
    draw_app(address, lang, answers, move |lang| {
        view! { <App lang=lang here=here/> }
    })
}
