use leptos::prelude::*;
use motcua::api;
use motcua::i18n::{use_lang, Lang};
use motcua_api::company::{Member, MemberRole};

use crate::dates::day_text;
use crate::live::focus_id;

/// The company's members and open invitations, as a table (each row a card on a phone): who, their
/// name once they accepted, their role, and when they were invited and accepted. Every member but the
/// administrator has a remove button, which asks first.
#[component]
pub fn CompanyMembers(
    /// The company's tax code.
    tax_code: String,
    /// The members, the administrator first, as the server sends them.
    members: Vec<Member>,
    /// Called with the identifier of a member once it is removed.
    on_removed: Callback<String>,
) -> impl IntoView {
    let lang = use_lang();
    let confirming = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let remove = move |tax_code: String, identifier: String| {
        sending.set(true);
        failed.set(None);
        leptos::task::spawn_local(async move {
            let result = api::companies::remove_member(&tax_code, &identifier).await;
            sending.set(false);
            confirming.set(None);
            match result {
                Ok(()) => on_removed.run(identifier),
                Err(_) => failed.set(Some(identifier)),
            }
        });
    };
    let rows = members
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let tax_code = tax_code.clone();
            let question = format!("member-{i}-confirm");
            let identifier = m.identifier.clone();
            let is_confirming = {
                let identifier = identifier.clone();
                move || confirming.with(|c| c.as_deref() == Some(identifier.as_str()))
            };
            let has_failed = {
                let identifier = identifier.clone();
                move || failed.with(|f| f.as_deref() == Some(identifier.as_str()))
            };
            let removable = m.role != MemberRole::Admin;
            let action = removable.then(|| {
                let ask = {
                    let (identifier, question) = (identifier.clone(), question.clone());
                    move |_| {
                        confirming.set(Some(identifier.clone()));
                        let question = question.clone();
                        request_animation_frame(move || focus_id(&question));
                    }
                };
                let yes = {
                    let identifier = identifier.clone();
                    move |_| remove(tax_code.clone(), identifier.clone())
                };
                let is_asking = is_confirming.clone();
                view! {
                    <button class="mc-link-button" type="button" hidden=is_asking on:click=ask>
                        {move || lang.get().pick("Xóa", "Remove")}
                        <span class="mc-visually-hidden">{format!(" {identifier}")}</span>
                    </button>
                    <div class="mc-company-members__confirm" id=question tabindex="-1" hidden=move || !is_confirming()>
                        <p class="mc-company-members__question">{
                            let identifier = identifier.clone();
                            move || match lang.get() {
                                Lang::Vi => format!("Xóa {identifier} khỏi doanh nghiệp? Tài khoản này sẽ không xem được hồ sơ của doanh nghiệp nữa."),
                                Lang::En => format!("Remove {identifier} from the company? It will no longer see the company's dossiers."),
                            }
                        }</p>
                        <div class="mc-button-group">
                            <button class="mc-button mc-button--warning" type="button" disabled=move || sending.get() on:click=yes>
                                {move || lang.get().pick("Có, xóa", "Yes, remove")}
                            </button>
                            <button class="mc-button mc-button--secondary" type="button" on:click=move |_| confirming.set(None)>
                                {move || lang.get().pick("Không", "No")}
                            </button>
                        </div>
                    </div>
                    {move || has_failed().then(|| view! {
                        <p class="mc-error-message" role="alert">{lang.get().pick("Chưa xóa được. Hãy thử lại.", "It could not be removed. Try again.")}</p>
                    })}
                }
            });
            let name = m.name.clone();
            let role = m.role;
            let (invited, accepted) = (m.invited_at, m.accepted_at);
            view! {
                <tr class="mc-company-members__row">
                    <th scope="row" class="mc-company-members__cell" data-label=move || lang.get().pick("Tài khoản", "Account")>{m.identifier.clone()}</th>
                    <td class="mc-company-members__cell" data-label=move || lang.get().pick("Tên", "Name")>{
                        move || if name.is_empty() { lang.get().pick("Chưa nhận lời", "Not accepted yet").to_string() } else { name.clone() }
                    }</td>
                    <td class="mc-company-members__cell" data-label=move || lang.get().pick("Quyền", "Role")>{move || lang.get().text(&role.label())}</td>
                    <td class="mc-company-members__cell" data-label=move || lang.get().pick("Trạng thái", "Status")>{move || {
                        let l = lang.get();
                        match accepted {
                            Some(at) => format!("{} {}", l.pick("Nhận lời ngày", "Accepted on"), day_text(at, l)),
                            None => format!("{} {}", l.pick("Được mời ngày", "Invited on"), day_text(invited, l)),
                        }
                    }}</td>
                    <td class="mc-company-members__cell mc-company-members__cell--action">{action}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="mc-company-members">
            <caption class="mc-visually-hidden">{move || lang.get().pick("Thành viên và lời mời của doanh nghiệp", "The company's members and invitations")}</caption>
            <thead class="mc-company-members__head">
                <tr>
                    <th scope="col">{move || lang.get().pick("Tài khoản", "Account")}</th>
                    <th scope="col">{move || lang.get().pick("Tên", "Name")}</th>
                    <th scope="col">{move || lang.get().pick("Quyền", "Role")}</th>
                    <th scope="col">{move || lang.get().pick("Trạng thái", "Status")}</th>
                    <th scope="col"><span class="mc-visually-hidden">{move || lang.get().pick("Thao tác", "Actions")}</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
