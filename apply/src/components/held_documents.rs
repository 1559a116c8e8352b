use leptos::prelude::*;
use motcua::api;
use motcua::i18n::Lang;
use motcua_api::project::HeldDocument;

use super::size_text;
use crate::dates::date_text;

/// The documents a project holds: each earlier step's result with its number and date, its files to
/// download (the dossier itself is a tap away in the list of steps). Later steps are filled from them.
#[component]
pub fn HeldDocuments(
    /// The results, in the order the steps came.
    documents: Vec<HeldDocument>,
    /// The language to draw in; the caller redraws on a change.
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    if documents.is_empty() {
        return view! {
            <p>{l.pick(
                "Dự án chưa có kết quả nào. Kết quả của mỗi bước sẽ hiện ở đây và được điền sẵn vào các bước sau.",
                "The project holds no result yet. Each step's result appears here and fills the later steps.",
            )}</p>
        }
        .into_any();
    }
    view! {
        <ul class="mc-held-documents">
            {documents.into_iter().map(|d| {
                let number = if d.number.is_empty() {
                    format!("{} {}", l.pick("Ngày", "Dated"), date_text(d.date, l))
                } else {
                    format!("{} {} · {} {}", l.pick("Số", "No."), d.number, l.pick("ngày", "dated"), date_text(d.date, l))
                };
                let code = d.dossier;
                view! {
                    <li class="mc-held-documents__item">
                        <h3 class="mc-held-documents__name">{l.text(&d.procedure_name)}</h3>
                        <p class="mc-held-documents__number">{number}</p>
                        {(!d.files.is_empty()).then(|| view! {
                            <ul class="mc-list mc-list--bullet">
                                {d.files.iter().map(|f| view! {
                                    <li><a href=api::lifecycle::file_url(&code, &f.id) target="_blank" rel="noopener">{f.name.clone()}</a>{format!(" ({})", size_text(f.size))}</li>
                                }).collect_view()}
                            </ul>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
