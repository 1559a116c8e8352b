use leptos::prelude::*;
use motcua::api::{self, ApiError};
use motcua::i18n::{use_lang, Lang};
use motcua_api::company::{MemberRole, Membership};

use crate::dates::day_text;
use crate::live::focus_id;

const STATUS: &str = "memberships-status";

/// The invitations the account has, to accept or decline, and the companies it has joined, to leave
/// (after saying yes). The administrator's own company is not listed: it cannot be left.
#[component]
pub fn CompanyMemberships(
    /// The account's memberships and invitations, updated here as it answers them.
    memberships: RwSignal<Vec<Membership>>,
) -> impl IntoView {
    let lang = use_lang();
    let said = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let confirming = RwSignal::new(None::<String>);
    // Every answer ends with the news in the status line, and the focus there: the buttons pressed
    // have gone with the row.
    let tell = move |text: String| {
        said.set(text);
        request_animation_frame(|| focus_id(STATUS));
    };
    let failed = move |e: ApiError, l: Lang| {
        tell(
            match e {
                ApiError::Network => l.pick(
                    "Chưa gửi được. Kiểm tra kết nối mạng rồi thử lại.",
                    "It could not be sent. Check your connection and try again.",
                ),
                _ => l.pick(
                    "Không thực hiện được. Tải lại trang để xem tình trạng mới.",
                    "That did not work. Reload the page to see where things stand.",
                ),
            }
            .into(),
        )
    };
    let accept = move |m: Membership| {
        sending.set(true);
        leptos::task::spawn_local(async move {
            let result = api::companies::accept(&m.tax_code).await;
            sending.set(false);
            let l = lang.get_untracked();
            match result {
                Ok(joined) => {
                    memberships.update(|all| {
                        for x in all.iter_mut().filter(|x| x.tax_code == joined.tax_code) {
                            *x = joined.clone();
                        }
                    });
                    tell(format!(
                        "{} {}.",
                        l.pick("Đã tham gia", "You have joined"),
                        joined.name
                    ));
                }
                Err(e) => failed(e, l),
            }
        });
    };
    let leave = move |m: Membership| {
        sending.set(true);
        leptos::task::spawn_local(async move {
            let result = api::companies::leave(&m.tax_code).await;
            sending.set(false);
            confirming.set(None);
            let l = lang.get_untracked();
            match result {
                Ok(()) => {
                    memberships.update(|all| all.retain(|x| x.tax_code != m.tax_code));
                    tell(format!(
                        "{} {}.",
                        if m.accepted_at.is_some() {
                            l.pick("Đã rời", "You have left")
                        } else {
                            l.pick("Đã từ chối lời mời của", "You declined the invitation of")
                        },
                        m.name
                    ));
                }
                Err(e) => failed(e, l),
            }
        });
    };
    let invitations = move || {
        memberships.with(|all| {
            all.iter()
                .filter(|m| m.accepted_at.is_none())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let joined = move || {
        memberships.with(|all| {
            all.iter()
                .filter(|m| m.accepted_at.is_some() && m.role != MemberRole::Admin)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <p class="mc-success" id=STATUS tabindex="-1" role="status">{move || said.get()}</p>
        <section class="mc-section" aria-labelledby="invitations-heading">
            <h2 class="mc-section__title" id="invitations-heading">{move || lang.get().pick("Lời mời tham gia doanh nghiệp", "Invitations to join a company")}</h2>
            {move || {
                let list = invitations();
                let l = lang.get();
                if list.is_empty() {
                    return view! { <p>{l.pick("Anh/chị không có lời mời nào.", "You have no invitations.")}</p> }.into_any();
                }
                view! {
                    <ul class="mc-company-memberships">
                        {list.into_iter().map(|m| {
                            let (a, d) = (m.clone(), m.clone());
                            view! {
                                <li class="mc-company-memberships__item">
                                    <p class="mc-company-memberships__name">{format!("{} ({} {})", m.name, l.pick("mã số thuế", "tax code"), m.tax_code)}</p>
                                    <p class="mc-company-memberships__detail">{format!(
                                        "{} “{}”, {} {}",
                                        l.pick("Quyền", "Role"),
                                        l.text(&m.role.label()),
                                        l.pick("mời ngày", "invited on"),
                                        day_text(m.invited_at, l)
                                    )}</p>
                                    <div class="mc-button-group">
                                        <button class="mc-button" type="button" disabled=move || sending.get() on:click=move |_| accept(a.clone())>
                                            {l.pick("Nhận lời", "Accept")}
                                            <span class="mc-visually-hidden">{format!(" {}", m.name)}</span>
                                        </button>
                                        <button class="mc-button mc-button--secondary" type="button" disabled=move || sending.get() on:click=move |_| leave(d.clone())>
                                            {l.pick("Từ chối", "Decline")}
                                            <span class="mc-visually-hidden">{format!(" {}", m.name)}</span>
                                        </button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="mc-section" aria-labelledby="joined-heading">
            <h2 class="mc-section__title" id="joined-heading">{move || lang.get().pick("Doanh nghiệp anh/chị tham gia", "Companies you have joined")}</h2>
            {move || {
                let list = joined();
                let l = lang.get();
                if list.is_empty() {
                    return view! { <p>{l.pick("Anh/chị chưa tham gia doanh nghiệp nào theo lời mời.", "You have not joined any company by invitation.")}</p> }.into_any();
                }
                view! {
                    <ul class="mc-company-memberships">
                        {list.into_iter().map(|m| {
                            let question = format!("leave-{}", m.tax_code);
                            let tax_code = m.tax_code.clone();
                            let asking = move || confirming.with(|c| c.as_deref() == Some(tax_code.as_str()));
                            let ask = {
                                let (tax_code, question) = (m.tax_code.clone(), question.clone());
                                move |_| {
                                    confirming.set(Some(tax_code.clone()));
                                    let question = question.clone();
                                    request_animation_frame(move || focus_id(&question));
                                }
                            };
                            let gone = m.clone();
                            let asking2 = asking.clone();
                            view! {
                                <li class="mc-company-memberships__item">
                                    <p class="mc-company-memberships__name">{format!("{} ({} {})", m.name, l.pick("mã số thuế", "tax code"), m.tax_code)}</p>
                                    <p class="mc-company-memberships__detail">{format!(
                                        "{} “{}”, {} {}",
                                        l.pick("Quyền", "Role"),
                                        l.text(&m.role.label()),
                                        l.pick("tham gia ngày", "joined on"),
                                        m.accepted_at.map(|at| day_text(at, l)).unwrap_or_default()
                                    )}</p>
                                    <button class="mc-link-button" type="button" hidden=asking2 on:click=ask>
                                        {l.pick("Rời doanh nghiệp", "Leave the company")}
                                        <span class="mc-visually-hidden">{format!(" {}", m.name)}</span>
                                    </button>
                                    <div class="mc-company-memberships__confirm" id=question tabindex="-1" hidden=move || !asking()>
                                        <p class="mc-company-memberships__question">{match l {
                                            Lang::Vi => format!("Rời {}? Anh/chị sẽ không xem được hồ sơ của doanh nghiệp nữa, cho đến khi được mời lại.", m.name),
                                            Lang::En => format!("Leave {}? You will no longer see its dossiers unless you are invited again.", m.name),
                                        }}</p>
                                        <div class="mc-button-group">
                                            <button class="mc-button mc-button--warning" type="button" disabled=move || sending.get() on:click=move |_| leave(gone.clone())>
                                                {l.pick("Có, rời doanh nghiệp", "Yes, leave")}
                                            </button>
                                            <button class="mc-button mc-button--secondary" type="button" on:click=move |_| confirming.set(None)>
                                                {l.pick("Không", "No")}
                                            </button>
                                        </div>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
