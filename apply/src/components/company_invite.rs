use leptos::prelude::*;
use motcua::api::{self, ApiError};
use motcua::i18n::{tr, use_lang, Lang};
use motcua_api::company::{Grant, InviteRequest, Member, MemberRole};
use motcua_api::Text;

use super::{in_words, said, ErrorSummary, FieldErrors, TextField};

const IDENTIFIER: &str = "identifier";
/// The first radio's id is the group's, so the error summary's link lands on the choice.
const ROLE: &str = "role";

/// The administrator's form to invite an account by its sign-in identifier, to view the company's
/// dossiers or to view and act on them; errors beside each field and in a summary above.
#[component]
pub fn CompanyInvite(
    /// The company's tax code.
    tax_code: String,
    /// Called with the invitation once it is made.
    on_invited: Callback<Member>,
) -> impl IntoView {
    let lang = use_lang();
    let identifier = RwSignal::new(String::new());
    let role = RwSignal::new(None::<Grant>);
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let done = RwSignal::new(None::<(String, Grant)>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let chosen = role.get_untracked();
        let req = InviteRequest {
            identifier: identifier.get_untracked().trim().to_string(),
            role: chosen.unwrap_or(Grant::View),
        };
        let mut found = in_words(req.problems());
        if chosen.is_none() {
            found.push((
                ROLE.into(),
                Text::new(
                    "Chọn quyền của thành viên.",
                    "Choose what the member may do.",
                ),
            ));
        }
        done.set(None);
        general.set(None);
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        sending.set(true);
        let tax_code = tax_code.clone();
        leptos::task::spawn_local(async move {
            let result = api::companies::invite(&tax_code, &req).await;
            sending.set(false);
            let l = lang.get_untracked();
            match result {
                Ok(member) => {
                    identifier.set(String::new());
                    role.set(None);
                    done.set(Some((member.identifier.clone(), req.role)));
                    on_invited.run(member);
                }
                Err(ApiError::Invalid(body)) => errors.set(said(&body)),
                Err(ApiError::Refused(409, _)) => errors.set(vec![(
                    IDENTIFIER.into(),
                    Text::new(
                        "Tài khoản này đã được mời hoặc đã là thành viên.",
                        "This account is invited or a member already.",
                    ),
                )]),
                Err(_) => general.set(Some(
                    l.pick(
                        "Chưa gửi được lời mời. Kiểm tra kết nối mạng rồi thử lại.",
                        "The invitation could not be sent. Check your connection and try again.",
                    )
                    .into(),
                )),
            }
        });
    };
    let e: Signal<FieldErrors> = errors.into();
    let role_error = move || {
        e.get()
            .into_iter()
            .find(|(f, _)| f == ROLE)
            .map(|(_, m)| lang.get().text(&m))
    };
    let radio = move |grant: Grant, id: &'static str| {
        view! {
            <div class="mc-radios__item">
                <input
                    class="mc-radios__input"
                    type="radio"
                    id=id
                    name=ROLE
                    value=MemberRole::from(grant).id()
                    prop:checked=move || role.get() == Some(grant)
                    on:change=move |_| role.set(Some(grant))
                />
                <label class="mc-radios__label" for=id>{move || lang.get().text(&MemberRole::from(grant).label())}</label>
            </div>
        }
    };
    view! {
        <section class="mc-company-invite" aria-labelledby="invite-heading">
        <h3 class="mc-company-invite__title" id="invite-heading">{move || lang.get().pick("Mời thành viên", "Invite a member")}</h3>
        <ErrorSummary errors=e general=general/>
        <p class="mc-success" role="status">{move || done.get().map(|(who, grant)| invited_text(&who, grant, lang.get()))}</p>
        <form class="mc-form" novalidate on:submit=submit>
            <TextField
                id=IDENTIFIER
                label=tr("Số định danh cá nhân hoặc mã số thuế", "Citizen ID number or tax code")
                hint=tr(
                    "Mã số thuế chi nhánh viết dạng 0101234567-001. Người chưa có tài khoản nhận lời sau khi đăng ký.",
                    "Write a branch's tax code as 0101234567-001. Someone without an account accepts after registering.",
                )
                value=identifier
                errors=e
            />
            <div class="mc-form-group" class:mc-form-group--error=move || role_error().is_some()>
                <fieldset class="mc-fieldset" aria-describedby=move || role_error().map(|_| "role-error")>
                    <legend class="mc-fieldset__legend mc-fieldset__legend--small">{move || lang.get().pick("Quyền với hồ sơ của doanh nghiệp", "What they may do with the company's dossiers")}</legend>
                    {move || role_error().map(|m| view! { <p class="mc-error-message" id="role-error">{m}</p> })}
                    <div class="mc-radios">
                        {radio(Grant::View, ROLE)}
                        {radio(Grant::Act, "role-act")}
                    </div>
                </fieldset>
            </div>
            <button class="mc-button" type="submit" disabled=move || sending.get()>
                {move || if sending.get() {
                    lang.get().pick("Đang gửi…", "Sending…")
                } else {
                    lang.get().pick("Gửi lời mời", "Send the invitation")
                }}
            </button>
        </form>
        </section>
    }
}

fn invited_text(who: &str, grant: Grant, l: Lang) -> String {
    let role = l.text(&MemberRole::from(grant).label());
    match l {
        Lang::Vi => format!(
            "Đã mời {who} với quyền “{role}”. Lời mời có hiệu lực khi tài khoản đó nhận lời."
        ),
        Lang::En => {
            format!("{who} is invited to “{role}”. It takes effect when that account accepts.")
        }
    }
}
