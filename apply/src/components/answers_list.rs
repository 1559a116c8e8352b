use leptos::prelude::*;
use motcua::api;
use motcua::i18n::{use_lang, Lang};
use motcua_api::answers::{answer_lines, delivery_text, AnswerLine, SectionLines, Shown};
use motcua_api::dossier::{Delivery, ProvidedDocument, ReceivedDocument};
use motcua_api::form::{Answer, Answers, FormDefinition};
use motcua_api::Place;

use super::file_picker::size_text;
use crate::field_keys::answer_key;

/// Whether an answer, or one in a group's items, is an address (so the place names are needed).
pub(crate) fn has_address(answers: &Answers) -> bool {
    fn any(a: &Answer) -> bool {
        match a {
            Answer::Address(_) => true,
            Answer::Items(items) => items.iter().flat_map(|i| i.values()).any(any),
            _ => false,
        }
    }
    answers.values().flat_map(|s| s.values()).any(any)
}

/// The rows of a summary list, one per question answered (`motcua_api::answers`); a repeating
/// group's row lists each of its items with their own questions. With `change` (the key the rows'
/// answers are under, such as a section's id, and where to go), each row, and each question of a
/// group's items, has a button that goes where that answer is changed, run with the answer's key.
pub(crate) fn answer_rows(
    lines: Vec<AnswerLine>,
    l: Lang,
    change: Option<(&str, Callback<String>)>,
) -> AnyView {
    rows(lines, l, change, None)
}

/// `item`: the position of the group's item these rows belong to, which each button names.
fn rows(
    lines: Vec<AnswerLine>,
    l: Lang,
    change: Option<(&str, Callback<String>)>,
    item: Option<usize>,
) -> AnyView {
    lines
        .into_iter()
        .map(|line| {
            let label = l.text(&line.label);
            let key = change.map(|(parent, _)| answer_key(parent, &[&line.id]));
            let value = match line.value {
                Shown::Value(t) => l.text(&t).into_any(),
                Shown::Items(items) => view! {
                    <ol class="mc-list mc-list--number">
                        {items.into_iter().enumerate().map(|(i, item)| {
                            let parent = key.as_ref().map(|k| answer_key(k, &[&i.to_string()]));
                            let change = parent.as_deref().zip(change.map(|(_, to)| to));
                            view! {
                                <li><dl class="mc-summary-list mc-summary-list--compact">{rows(item, l, change, Some(i))}</dl></li>
                            }
                        }).collect_view()}
                    </ol>
                }
                .into_any(),
            };
            let action = change.zip(key).map(|((_, to), key)| {
                // Said in full to a screen reader: which question, and in which item.
                let which = match (item, l) {
                    (None, _) => format!(" {label}"),
                    (Some(i), Lang::Vi) => format!(" {label} (mục thứ {})", i + 1),
                    (Some(i), Lang::En) => format!(" {label} (item {})", i + 1),
                };
                view! {
                    <dd class="mc-summary-list__actions">
                        <button class="mc-link-button" type="button" on:click=move |_| to.run(key.clone())>
                            {l.pick("Thay đổi", "Change")}<span class="mc-visually-hidden">{which}</span>
                        </button>
                    </dd>
                }
            });
            view! {
                <div class="mc-summary-list__row">
                    <dt class="mc-summary-list__key">{label}</dt>
                    <dd class="mc-summary-list__value">{value}</dd>
                    {action}
                </div>
            }
        })
        .collect_view()
        .into_any()
}

/// Each section's title (a heading of `level` 2 or 3) and its answers' rows.
pub(crate) fn answer_sections(sections: Vec<SectionLines>, l: Lang, level: u8) -> AnyView {
    sections
        .into_iter()
        .map(|s| {
            let title = l.text(&s.title);
            let heading = if level == 2 {
                view! { <h2 class="mc-section__title">{title}</h2> }.into_any()
            } else {
                view! { <h3 class="mc-subsection__title">{title}</h3> }.into_any()
            };
            view! {
                {heading}
                <dl class="mc-summary-list">{answer_rows(s.lines, l, None)}</dl>
            }
        })
        .collect_view()
        .into_any()
}

/// What was submitted: the answers under the form's own questions (loaded with the form), the
/// documents with a link to each file, and how the result is returned.
#[component]
pub fn AnswersList(
    /// The dossier's code, for file links.
    code: String,
    /// The procedure's code, to load the form's questions.
    procedure: String,
    /// The answers by section, then question.
    answers: Answers,
    /// The documents received and their files.
    documents: Vec<ReceivedDocument>,
    /// The documents not uploaded, each with how it is provided instead.
    provided_otherwise: Vec<ProvidedDocument>,
    /// How the result reaches the applicant.
    delivery: Delivery,
    /// Where the result is collected in person.
    collect_at: Place,
) -> impl IntoView {
    let lang = use_lang();
    let form = LocalResource::new(move || {
        let procedure = procedure.clone();
        async move { api::form(&procedure).await }
    });
    let has_address = has_address(&answers) || matches!(delivery, Delivery::Post { .. });
    let places = LocalResource::new(move || async move {
        if has_address {
            api::places().await.ok()
        } else {
            None
        }
    });
    view! {
        {move || {
            let l = lang.get();
            // Until the form arrives nothing is shown; without it, answers show by their shape.
            let form: FormDefinition = match form.get()? {
                Ok(form) => form,
                Err(_) => FormDefinition { procedure: String::new(), sections: Vec::new() },
            };
            let places = places.get().flatten();
            Some(answer_sections(answer_lines(&form, &answers, places.as_ref()), l, 3))
        }}
        <h3 class="mc-subsection__title">{move || lang.get().pick("Giấy tờ đã nộp", "Documents submitted")}</h3>
        <dl class="mc-summary-list">
            {documents.into_iter().map(|d| {
                let files = d.files.iter().map(|f| {
                    let href = api::lifecycle::file_url(&code, &f.id);
                    view! { <li><a href=href target="_blank" rel="noopener">{f.name.clone()}</a>{format!(" ({})", size_text(f.size))}</li> }
                }).collect_view();
                view! {
                    <div class="mc-summary-list__row">
                        <dt class="mc-summary-list__key">{move || lang.get().text(&d.name)}</dt>
                        <dd class="mc-summary-list__value"><ul class="mc-list mc-list--plain">{files}</ul></dd>
                    </div>
                }
            }).collect_view()}
            {provided_otherwise.into_iter().map(|d| view! {
                <div class="mc-summary-list__row">
                    <dt class="mc-summary-list__key">{move || lang.get().text(&d.name)}</dt>
                    <dd class="mc-summary-list__value">{move || d.provided.instead().map(|how| lang.get().text(&how))}</dd>
                </div>
            }).collect_view()}
            <div class="mc-summary-list__row">
                <dt class="mc-summary-list__key">{move || lang.get().pick("Cách nhận kết quả", "How the result is returned")}</dt>
                <dd class="mc-summary-list__value">{move || {
                    lang.get().text(&delivery_text(&delivery, Some(&collect_at), places.get().flatten().as_ref()))
                }}</dd>
            </div>
        </dl>
    }
}
