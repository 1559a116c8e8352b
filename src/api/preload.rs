//! The API answers a page was sent with. The server draws a catalogue page from the answers the app would
//! ask for and sends them in the page, each in a `<script type="application/json" data-api=…>`: the
//! app's first drawing uses them, so it draws what the server drew, and asks nothing it was given.

use std::cell::RefCell;

use serde::de::DeserializeOwned;

use super::ApiError;

/// One answer: the path under `/api/v1` it answers, its status and its body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub path: String,
    pub status: u16,
    pub body: String,
}

impl Answer {
    fn read<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        match self.status {
            200 => serde_json::from_str(&self.body).map_err(|_| ApiError::Network),
            404 => Err(ApiError::NotFound),
            status @ (400 | 422) => Err(serde_json::from_str(&self.body)
                .map(ApiError::Invalid)
                .unwrap_or(ApiError::Server(status))),
            status => Err(ApiError::Server(status)),
        }
    }
}

/// The answers kept and the page they came with.
struct Kept {
    page: Option<String>,
    answers: Vec<Answer>,
}

thread_local! {
    static KEPT: RefCell<Kept> = const { RefCell::new(Kept { page: None, answers: Vec::new() }) };
}

/// The page the browser is on (none on the server, which draws one page per thread at a time).
fn page() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    return leptos::prelude::window().location().pathname().ok();
    #[cfg(not(target_arch = "wasm32"))]
    None
}

/// Keeps the answers a page is drawn from, in place of any kept before.
pub fn keep(answers: Vec<Answer>) {
    KEPT.with(|k| {
        *k.borrow_mut() = Kept {
            page: page(),
            answers,
        }
    });
}

/// The kept answers, while the page they came with is still the one shown: a signed-in page's are
/// the account's as they were when it was sent, and a page reached later (the drafts after one is
/// submitted) must ask afresh.
fn with_answers<R>(f: impl FnOnce(&mut Vec<Answer>) -> R) -> R {
    KEPT.with(|k| {
        let mut kept = k.borrow_mut();
        // Asked on every read: where nothing is kept, where the browser is need not be.
        if !kept.answers.is_empty() && kept.page != page() {
            kept.answers.clear();
        }
        f(&mut kept.answers)
    })
}

/// The answers sent in the page, read once as the app starts.
pub fn read_page() -> Vec<Answer> {
    use wasm_bindgen::JsCast;
    let Ok(found) = leptos::prelude::document().query_selector_all("script[data-api]") else {
        return Vec::new();
    };
    (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| {
            Some(Answer {
                path: e.get_attribute("data-api")?,
                status: e.get_attribute("data-status")?.parse().ok()?,
                body: e.text_content()?,
            })
        })
        .collect()
}

/// The answer kept for `path`, left for the request that takes it.
pub(crate) fn peek<T: DeserializeOwned>(path: &str) -> Option<Result<T, ApiError>> {
    with_answers(|a| a.iter().find(|x| x.path == path).map(Answer::read))
}

/// The answer kept for `path`, given once: later requests for it ask the server.
pub(crate) fn take<T: DeserializeOwned>(path: &str) -> Option<Result<T, ApiError>> {
    with_answers(|answers| {
        let i = answers.iter().position(|x| x.path == path)?;
        Some(answers.remove(i).read())
    })
}
