//! Vietnamese first, English second. A catalogue page's language is its address (English under `/en`);
//! the choice is also remembered in local storage, for the signed-in area, in a cookie, for the server
//! to draw signed-in pages in it, and set on `<html lang>`.

use leptos::prelude::*;
use motcua_api::Text;
use wasm_bindgen::JsCast;

/// Where the reader's language is remembered, for the signed-in area to start in.
pub const STORAGE_KEY: &str = "motcua.lang";

/// The cookie that carries the reader's language (`vi`, `en`) to the server, which draws a
/// signed-in page in it.
pub const COOKIE: &str = "motcua_lang";

/// The `Set-Cookie`-free way a page sets the language cookie (`document.cookie = …`): a year, the
/// whole site, sent with links followed from other sites too.
pub fn cookie_assignment(lang: Lang) -> String {
    format!(
        "{COOKIE}={}; path=/; max-age=31536000; samesite=lax",
        lang.code()
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a catalogue page's address.
    pub fn of_path(path: &str) -> Self {
        if motcua_api::paths::split_english(path).0 {
            Lang::En
        } else {
            Lang::Vi
        }
    }

    /// The address of a catalogue page (given by its Vietnamese address) in this language.
    pub fn address(self, path: &str) -> String {
        match self {
            Lang::Vi => path.to_string(),
            Lang::En => motcua_api::paths::english(path),
        }
    }

    /// Picks one of a pair of UI texts.
    pub fn pick(self, vi: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// Picks the catalogue text in this language, falling back to Vietnamese where a translation is
    /// missing.
    pub fn text(self, t: &Text) -> String {
        match self {
            Lang::En if !t.en.is_empty() => t.en.clone(),
            _ => t.vi.clone(),
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The language last chosen in this browser; Vietnamese for a first visit.
pub fn remembered() -> Lang {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or(Lang::Vi)
}

/// Starts in `initial` and keeps `<html lang>`, storage and the cookie in step with the signal.
pub fn provide_i18n(initial: Lang) {
    let lang = RwSignal::new(initial);
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.code());
        }
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, lang.code());
        }
        if let Some(doc) = document().dyn_ref::<web_sys::HtmlDocument>() {
            let _ = doc.set_cookie(&cookie_assignment(lang));
        }
    });
    provide_context(lang);
}

pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<RwSignal<Lang>>()
}

/// A UI text that follows the language, for the props that take a `Signal<String>` (labels, notices).
pub fn tr(vi: &'static str, en: &'static str) -> Signal<String> {
    let lang = use_lang();
    Signal::derive(move || lang.get().pick(vi, en).to_string())
}

/// Sets the document title, which names the page for tabs, history and screen readers.
pub fn set_title(title: &str) {
    document().set_title(&full_title(title));
}

/// A page's title as a browser's tab shows it: the page's own, then the site's name.
pub fn full_title(title: &str) -> String {
    format!("{title} – Một Cửa")
}
