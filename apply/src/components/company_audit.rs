use leptos::prelude::*;
use motcua::i18n::Lang;
use motcua_api::company::AuditEntry;

use crate::dates::{date_time_text, iso_time};

/// The company's audit log, as the server keeps it: when, what, who did it, whom it was about and
/// with which role, and a refusal's reason.
#[component]
pub fn CompanyAudit(
    /// The entries, in the server's order.
    entries: Vec<AuditEntry>,
    /// The language to draw in; the caller redraws on a change.
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    if entries.is_empty() {
        return view! { <p>{l.pick("Nhật ký chưa có mục nào.", "The log is empty.")}</p> }
            .into_any();
    }
    view! {
        <ol class="mc-company-audit">
            {entries.into_iter().map(|e| {
                let about = (!e.subject.is_empty()).then(|| match e.role {
                    Some(role) => format!("{} ({})", e.subject, l.text(&role.label())),
                    None => e.subject.clone(),
                });
                view! {
                    <li class="mc-company-audit__item">
                        <time class="mc-company-audit__when" datetime=iso_time(e.at)>{date_time_text(e.at, l)}</time>
                        <span class="mc-company-audit__what">{l.text(&e.kind.label())}</span>
                        <span class="mc-company-audit__who">{format!("{} {}", l.pick("Bởi", "By"), l.text(&e.by))}</span>
                        {about.map(|a| view! { <span class="mc-company-audit__about">{format!("{} {a}", l.pick("Tài khoản:", "Account:"))}</span> })}
                        {(!e.reason.is_empty()).then(|| view! { <span class="mc-company-audit__reason">{format!("{} {}", l.pick("Lý do:", "Reason:"), e.reason)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}
