use leptos::prelude::*;
use motcua::api;
use motcua::i18n::use_lang;
use motcua_api::dossier::{Delivery, ReceivedDocument};
use motcua_api::form::{Answer, Answers, FormDefinition};

use super::file_picker::size_text;
use crate::pages::answer_text;

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
    let has_address = answers
        .values()
        .flat_map(|s| s.values())
        .any(|a| matches!(a, Answer::Address(_)))
        || matches!(delivery, Delivery::Post { .. });
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
            let form: Option<FormDefinition> = form.get().and_then(Result::ok);
            let places = places.get().flatten();
            answers.iter().map(|(section_id, section)| {
                let def = form.as_ref().and_then(|f| f.sections.iter().find(|s| &s.id == section_id));
                let title = def.map(|s| l.text(&s.title)).unwrap_or_else(|| section_id.clone());
                view! {
                    <h3 class="mc-subsection__title">{title}</h3>
                    <dl class="mc-summary-list">
                        {section.iter().map(|(field_id, answer)| {
                            let label = def.and_then(|s| s.fields.iter().find(|f| &f.id == field_id)).map(|f| l.text(&f.label)).unwrap_or_else(|| field_id.clone());
                            view! {
                                <div class="mc-summary-list__row">
                                    <dt class="mc-summary-list__key">{label}</dt>
                                    <dd class="mc-summary-list__value">{answer_text(answer, places.as_ref(), l)}</dd>
                                </div>
                            }
                        }).collect_view()}
                    </dl>
                }
            }).collect_view()
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
                        Delivery::Post { address } => format!("{}: {}", l.pick("Qua bưu điện", "By post"), answer_text(&Answer::Address(address.clone()), places.get().flatten().as_ref(), l)),
                    }
                }}</dd>
            </div>
        </dl>
    }
}
