use crate::i18n::use_lang;
use leptos::prelude::*;

use super::FieldErrors;

/// A labelled input with its hint and, beside it, its error.
#[component]
pub fn TextField(
    /// The input's id and name; also the key of its error.
    id: &'static str,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// Help shown under the label.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The value, kept by the page (and saved as it is typed).
    value: RwSignal<String>,
    /// The page's errors; this field shows its own.
    errors: Signal<FieldErrors>,
    /// The input type: text, password, email, tel, date.
    #[prop(default = "text")]
    kind: &'static str,
    /// The browser's autofill hint (name, username, new-password, tel, email, bday, street-address…).
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// The on-screen keyboard to offer: numeric for ID numbers and tax codes.
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    let lang = use_lang();
    let error = move || {
        errors
            .get()
            .into_iter()
            .find(|(f, _)| f == id)
            .map(|(_, m)| lang.get().text(&m))
    };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="mc-form-group" class:mc-form-group--error=move || error().is_some()>
            <label class="mc-label" for=id>{move || label.get()}</label>
            {hint.map(|h| view! { <p class="mc-hint" id=hint_id.clone()>{move || h.get()}</p> })}
            {move || error().map(|m| view! {
                <p class="mc-error-message" id=error_id.clone()>{m}</p>
            })}
            <input
                class="mc-input"
                class:mc-input--error=move || error().is_some()
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                aria-describedby=described
                aria-invalid=move || error().is_some().then_some("true")
                // The attribute for a page drawn by the server, the property as it is typed.
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}
