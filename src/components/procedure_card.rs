use leptos::prelude::*;
use motcua_api::{paths, OnlineType, ProcedureSummary};

use crate::format::working_days;
use crate::i18n::Lang;

/// One procedure in a result list: its name links to the full page.
#[component]
pub fn ProcedureCard(
    /// The procedure to show.
    item: ProcedureSummary,
    /// The language to show it in; the list is redrawn when it changes.
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    let href = l.address(&paths::procedure(&item.code));
    let online_class = match item.online {
        OnlineType::Full => "mc-tag mc-tag--full",
        OnlineType::Partial => "mc-tag mc-tag--partial",
        OnlineType::None => "mc-tag mc-tag--none",
    };
    let online_name = l.text(&item.online.name());
    view! {
        <li class="mc-procedure-card">
            <h2 class="mc-procedure-card__title">
                <a class="mc-procedure-card__link" href=href>
                    {l.text(&item.name)}
                </a>
            </h2>
            <p class="mc-procedure-card__meta">
                {format!("{} · {}", l.text(&item.agency_name), l.text(&item.field_name))}
            </p>
            <p class="mc-procedure-card__tags">
                <span class=online_class>{online_name}</span>
                <span class="mc-tag">{working_days(item.processing_days, l)}</span>
                <span class="mc-procedure-card__code">
                    {format!("{}{}", l.pick("Mã ", "Code "), item.code)}
                </span>
            </p>
        </li>
    }
}
