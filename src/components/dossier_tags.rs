use crate::i18n::Lang;
use leptos::prelude::*;
use motcua_api::lifecycle::{Status, Timeliness};

use crate::dates::{days_left_text, status_class, timeliness_class};

/// A dossier's status and how it stands against its deadline, as tags with words (never colour
/// alone): "Đang xử lý", "Quá hạn · quá hạn 2 ngày làm việc".
#[component]
pub fn DossierTags(
    /// Where the dossier is in the process.
    status: Status,
    /// Early, on time, near due, overdue or late.
    timeliness: Timeliness,
    /// Working days left (negative: late).
    days_left: i32,
    /// The language to draw in; the caller redraws on a change.
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    let left = days_left_text(days_left, status, l);
    view! {
        <span class="mc-tags">
            <span class=status_class(status)>{l.text(&status.label())}</span>
            " "
            <span class=timeliness_class(timeliness)>{l.text(&timeliness.label())}</span>
            {left.map(|t| view! { " " <span class="mc-tags__note">{t}</span> })}
        </span>
    }
}
