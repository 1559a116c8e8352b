use leptos::prelude::*;
use motcua::api;
use motcua::i18n::{use_lang, Lang};
use motcua_api::answers::{address_text, answer_lines, AnswerLine, SectionLines, Shown};
use motcua_api::dossier::{Delivery, ReceivedDocument};
use motcua_api::form::{Answer, Answers, FormDefinition};

use super::file_picker::size_text;

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
/// group's row lists each of its items with their own questions. With `change`, each row has a
/// button that goes where the answer is changed.
pub(crate) fn answer_rows(
    lines: Vec<AnswerLine>,
    l: Lang,
    change: Option<Callback<()>>,
) -> AnyView {
    lines
        .into_iter()
        .map(|line| {
            let label = l.text(&line.label);
            let value = match line.value {
                Shown::Value(t) => l.text(&t).into_any(),
                Shown::Items(items) => view! {
                    <ol class="mc-list mc-list--number">
                        {items.into_iter().map(|item| view! {
                            <li><dl class="mc-summary-list mc-summary-list--compact">{answer_rows(item, l, None)}</dl></li>
                        }).collect_view()}
                    </ol>
                }
                .into_any(),
            };
            let action = change.map(|c| {
                let label = label.clone();
                view! {
                    <dd class="mc-summary-list__actions">
                        <button class="mc-link-button" type="button" on:click=move |_| c.run(())>
                            {l.pick("Thay đổi", "Change")}<span class="mc-visually-hidden">{format!(" {label}")}</span>
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
    /// How the result reaches the applicant.
    delivery: Delivery,
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
            <div class="mc-summary-list__row">
                <dt class="mc-summary-list__key">{move || lang.get().pick("Cách nhận kết quả", "How the result is returned")}</dt>
                <dd class="mc-summary-list__value">{move || {
                    let l = lang.get();
                    match &delivery {
                        Delivery::Centre => l.pick("Nhận tại Trung tâm Phục vụ hành chính công", "Collect at the service centre").to_string(),
                        Delivery::Post { address } => format!("{}: {}", l.pick("Qua bưu điện", "By post"), address_text(address, places.get().flatten().as_ref())),
                    }
                }}</dd>
            </div>
        </dl>
    }
}
