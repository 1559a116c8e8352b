//! What a person types is kept in local storage as they type, so a reload, a closed tab or a lost
//! connection brings it back. Passwords are never kept.

use leptos::prelude::*;

fn storage() -> Option<web_sys::Storage> {
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

/// Forgets saved values once they have done their job (the account exists).
pub fn forget(keys: &[&str]) {
    if let Some(s) = storage() {
        for key in keys {
            let _ = s.remove_item(key);
        }
    }
}
