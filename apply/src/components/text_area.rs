use leptos::prelude::*;
use motcua::i18n::use_lang;

use super::FieldErrors;

/// A labelled multi-line input (or, with `kind`, a one-line one) whose id is made at run time, with
/// its hint and, beside it, its error.
#[component]
pub fn TextArea(
    /// The control's id and name; also the key of its error.
    #[prop(into)]
    id: String,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// Help shown under the label.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The value, kept by the page so a reload of the data never loses it.
    value: RwSignal<String>,
    /// The form's errors; this control shows its own.
    errors: Signal<FieldErrors>,
    /// `None` for a text area; `Some("text")`, `Some("date")` … for a one-line input.
    #[prop(optional)]
    kind: Option<&'static str>,
    /// Rows of a text area.
    #[prop(default = 3)]
    rows: u32,
) -> impl IntoView {
    let lang = use_lang();
    let error = {
        let id = id.clone();
        move || {
            errors
                .get()
                .into_iter()
                .find(|(f, _)| *f == id)
                .map(|(_, m)| lang.get().text(&m))
        }
    };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id, error) = (hint_id.clone(), error_id.clone(), error.clone());
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
    let invalid = {
        let error = error.clone();
        move || error().is_some().then_some("true")
    };
    let control = match kind {
        None => view! {
            <textarea class="mc-textarea" id=id.clone() name=id.clone() rows=rows aria-describedby=described aria-invalid=invalid
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        }
        .into_any(),
        Some(kind) => view! {
            <input class="mc-input" id=id.clone() name=id.clone() type=kind aria-describedby=described aria-invalid=invalid
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        }
        .into_any(),
    };
    let has_error = {
        let error = error.clone();
        move || error().is_some()
    };
    view! {
        <div class="mc-form-group" class:mc-form-group--error=has_error>
            <label class="mc-label" for=id.clone()>{move || label.get()}</label>
            {hint.map(|h| view! { <p class="mc-hint" id=hint_id.clone()>{move || h.get()}</p> })}
            {move || error().map(|m| view! { <p class="mc-error-message" id=error_id.clone()>{m}</p> })}
            {control}
        </div>
    }
}
