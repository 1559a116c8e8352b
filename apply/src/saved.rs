//! What a person types is kept in local storage as they type, so a reload, a closed tab or a lost
//! connection brings it back. Passwords are never kept. Nothing else in the app touches local storage.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The browser's storage; none where the server draws a page.
fn storage() -> Option<web_sys::Storage> {
    #[cfg(not(target_arch = "wasm32"))]
    return None;
    #[cfg(target_arch = "wasm32")]
    window().local_storage().ok().flatten()
}

/// A text signal whose value lives in local storage under `key`.
pub fn saved_text(key: &'static str) -> RwSignal<String> {
    let initial = storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .unwrap_or_default();
    let signal = RwSignal::new(initial);
    Effect::new(move |_| {
        let value = signal.get();
        if let Some(s) = storage() {
            let _ = s.set_item(key, &value);
        }
    });
    signal
}

/// The value kept under `key` as JSON; `None` when there is none or it no longer reads (an older
/// shape), which is the same as starting afresh.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
}

/// Keeps `value` under `key` as JSON. A full or disabled storage loses only this copy.
pub fn store<T: Serialize>(key: &str, value: &T) {
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(value)) {
        let _ = s.set_item(key, &json);
    }
}

/// Where an application to `procedure` is kept in this browser.
pub fn application_key(procedure: &str) -> String {
    format!("{APPLICATIONS}{procedure}")
}

const APPLICATIONS: &str = "motcua.application.";

/// Whose applications this browser keeps: the account last signed in here.
const HOLDER: &str = "motcua.applications-of";

/// Called on signing in as `account`: another account's applications, left when a session ended
/// without signing out (a shared computer, an idle timeout), are forgotten before this one sees them.
pub fn sign_in_as(account: i64) {
    let Some(s) = storage() else { return };
    let account = account.to_string();
    match s.get_item(HOLDER).ok().flatten() {
        Some(holder) if holder == account => {}
        // Kept before this was recorded: theirs, most likely, and typed text is not thrown away.
        None => {
            let _ = s.set_item(HOLDER, &account);
        }
        Some(_) => {
            forget_applications();
            let _ = s.set_item(HOLDER, &account);
        }
    }
}

/// Forgets every application kept in this browser, as signing out does: the next person on a shared
/// computer must see nothing of the last one's. Their drafts stay on the server, with their account.
pub fn forget_applications() {
    let Some(s) = storage() else { return };
    let keys: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(APPLICATIONS))
        .collect();
    for key in keys {
        let _ = s.remove_item(&key);
    }
}

/// Forgets saved values once they have done their job (the account exists, the dossier is submitted).
pub fn forget(keys: &[&str]) {
    if let Some(s) = storage() {
        for key in keys {
            let _ = s.remove_item(key);
        }
    }
}
