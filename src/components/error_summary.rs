use crate::i18n::use_lang;
use leptos::html;
use leptos::prelude::*;
use motcua_api::problem::Problem;
use motcua_api::{ErrorBody, Text};

use crate::focus_id;

/// Errors by field id, in the order the fields appear, each in both languages: what is drawn is
/// picked at render time, so a message follows the reader's switch of language.
pub type FieldErrors = Vec<(String, Text)>;

/// Problems by their field's key.
pub fn in_words(problems: Vec<Problem>) -> FieldErrors {
    problems
        .into_iter()
        .map(|p| (p.field.to_string(), p.message()))
        .collect()
}

/// What a refused request's body says of each field, by its key: never the server's Vietnamese to
/// an English reader.
pub fn said(body: &ErrorBody) -> FieldErrors {
    body.messages()
}

/// The GOV.UK error summary: at the top of the form, focused when it appears, with a link per error
/// that moves focus to its field.
#[component]
pub fn ErrorSummary(
    /// The errors to list; nothing shows while it is empty.
    errors: Signal<FieldErrors>,
    /// A problem not tied to one field (wrong password, too many attempts, no connection).
    #[prop(into)]
    general: Signal<Option<String>>,
    /// Brings the field with this id onto the page before its link focuses it, for a form of several
    /// pages; without it every field is on the page already.
    #[prop(optional)]
    reveal: Option<Callback<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        let shown = !errors.get().is_empty() || general.get().is_some();
        if shown {
            if let Some(el) = node.get() {
                let _ = el.focus();
            }
        }
    });
    view! {
        <div
            class="mc-error-summary"
            role="alert"
            tabindex="-1"
            node_ref=node
            hidden=move || errors.get().is_empty() && general.get().is_none()
            // Focused as it loads when the server draws it with errors, where no effect runs.
            autofocus=move || !errors.get().is_empty() || general.get().is_some()
        >
            <h2 class="mc-error-summary__title">
                {move || lang.get().pick("Có vấn đề cần sửa", "There is a problem")}
            </h2>
            <ul class="mc-error-summary__list">
                {move || general.get().map(|g| view! { <li>{g}</li> })}
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|(field, message)| {
                            let href = format!("#{field}");
                            view! {
                                <li>
                                    <a
                                        href=href
                                        on:click=move |ev: leptos::ev::MouseEvent| {
                                            ev.prevent_default();
                                            match reveal {
                                                Some(reveal) => {
                                                    reveal.run(field.clone());
                                                    // The field is drawn once the page has changed.
                                                    let field = field.clone();
                                                    request_animation_frame(move || focus_id(&field));
                                                }
                                                None => focus_id(&field),
                                            }
                                        }
                                    >
                                        {move || lang.get().text(&message)}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
