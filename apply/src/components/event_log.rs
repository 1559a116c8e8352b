use leptos::prelude::*;
use motcua::api;
use motcua::i18n::Lang;
use motcua_api::lifecycle::{Event, EventKind};
use motcua_api::paths;

use super::file_picker::size_text;
use crate::dates::{date_text, date_time_text, iso_time};

/// The path of an event's printable slip, for the events that have one (a supplement request, a
/// refusal, an apology).
pub fn slip_path(code: &str, event: &Event) -> Option<String> {
    matches!(
        event.kind,
        EventKind::SupplementRequested | EventKind::Refused | EventKind::Apology
    )
    .then(|| paths::slip(code, event.id))
}

/// The dossier's history, oldest first: when, what, which agency and role, which company member did
/// it, a result's number, the note, the items asked for, the files (linked), and the slip where there is one.
#[component]
pub fn EventLog(
    /// The dossier's code, for file and slip links.
    code: String,
    /// The events, oldest first.
    events: Vec<Event>,
    /// Link each event's printable slip (for the owner; officers print from the same page).
    #[prop(default = true)]
    slips: bool,
    /// The language to draw in; the caller redraws on a change.
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    view! {
        <ol class="mc-timeline">
            {events.into_iter().map(|e| {
                let slip = slips.then(|| slip_path(&code, &e)).flatten();
                let files = e.files.iter().map(|f| {
                    let href = api::lifecycle::file_url(&code, &f.id);
                    view! { <li><a href=href target="_blank" rel="noopener">{f.name.clone()}</a>{format!(" ({})", size_text(f.size))}</li> }
                }).collect_view();
                let has_files = !e.files.is_empty();
                let items = e.items.clone();
                view! {
                    <li class="mc-timeline__item">
                        <p class="mc-timeline__when"><time datetime=iso_time(e.at)>{date_time_text(e.at, l)}</time></p>
                        <h3 class="mc-timeline__title">{l.text(&e.kind.label())}</h3>
                        <p class="mc-timeline__who">{format!("{} · {}", l.text(&e.agency_name), l.text(&e.role.label()))}</p>
                        {e.by.clone().map(|by| view! { <p class="mc-timeline__who">{format!("{} {by}", l.pick("Người thực hiện:", "Done by:"))}</p> })}
                        {(!e.number.is_empty()).then(|| view! { <p>{format!("{} {}", l.pick("Số văn bản kết quả:", "Result number:"), e.number)}</p> })}
                        {(!e.note.is_empty()).then(|| view! { <p class="mc-timeline__note">{e.note.clone()}</p> })}
                        {(!items.is_empty()).then(|| view! {
                            <p class="mc-timeline__label">{l.pick("Cần bổ sung:", "Needed:")}</p>
                            <ul class="mc-list mc-list--bullet">{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                        })}
                        {e.new_date.map(|d| view! {
                            <p>{format!("{} {}", l.pick("Ngày hẹn trả mới:", "New return date:"), date_text(d, l))}</p>
                        })}
                        {has_files.then(|| view! {
                            <p class="mc-timeline__label">{l.pick("Tệp kèm theo:", "Files:")}</p>
                            <ul class="mc-list mc-list--bullet">{files}</ul>
                        })}
                        {slip.map(|href| view! { <p><a href=href>{l.pick("Xem, in phiếu", "View or print the slip")}</a></p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
