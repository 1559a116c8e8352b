use leptos::prelude::*;
use motcua::i18n::Lang;
use motcua_api::lifecycle::AccessRecord;

use crate::dates::{date_time_text, iso_time};

/// "Who has seen my dossier": each time an officer opened it or one of its files — when, which agency,
/// which role, which file. Never a name.
#[component]
pub fn AccessList(
    /// The records, as the server sends them.
    records: Vec<AccessRecord>,
    /// The language to draw in; the caller redraws on a change.
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    if records.is_empty() {
        return view! {
            <p>{l.pick("Chưa có cán bộ nào mở hồ sơ của bạn.", "No officer has opened your dossier yet.")}</p>
        }
        .into_any();
    }
    view! {
        <ul class="mc-access">
            {records.into_iter().map(|r| {
                let what = if r.file.is_empty() {
                    l.pick("Xem hồ sơ", "Opened the dossier").to_string()
                } else {
                    format!("{} {}", l.pick("Mở tệp", "Opened the file"), r.file)
                };
                view! {
                    <li class="mc-access__item">
                        <time class="mc-access__when" datetime=iso_time(r.at)>{date_time_text(r.at, l)}</time>
                        <span class="mc-access__who">{format!("{} · {}", l.text(&r.agency_name), l.text(&r.role.label()))}</span>
                        <span class="mc-access__what">{what}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
