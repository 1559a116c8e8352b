use leptos::prelude::*;
use motcua::api;
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::account::{AccountKind, Me};
use motcua_api::company::{MemberRole, Membership, MyCompanies};
use motcua_api::paths;

use crate::components::{
    CompanyAudit, CompanyInvite, CompanyMembers, CompanyMemberships, CompanyVerification, Loaded,
};
use crate::live::focus_id;

/// A head office's tax code has 10 digits; a branch's 13.
const HEAD_OFFICE_DIGITS: usize = 10;
const MEMBERS_STATUS: &str = "members-status";

/// `/doanh-nghiep`: the account's company. A head office account sees its verification and asks for
/// it; once verified, it manages the members and reads the audit log. Any account answers its
/// invitations and leaves the companies it joined.
#[component]
pub fn Company() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| set_title(lang.get().pick("Doanh nghiệp", "Company")));
    let me = LocalResource::new(api::me);
    let mine = LocalResource::new(api::companies::mine);
    let data = Signal::derive(move || {
        Some(match (me.get()?, mine.get()?) {
            (Ok(me), Ok(mine)) => Ok((me, mine)),
            (Err(e), _) | (_, Err(e)) => Err(e),
        })
    });
    view! {
        <div class="mc-page">
            <Loaded
                data=data
                loading=tr("Đang tải…", "Loading…")
                failed=tr("Chưa tải được thông tin doanh nghiệp.", "Your company could not be loaded.")
                here=paths::company()
                let:loaded
            >
                <Body me=loaded.0 mine=loaded.1/>
            </Loaded>
        </div>
    }
}

#[component]
fn Body(me: Me, mine: MyCompanies) -> impl IntoView {
    let lang = use_lang();
    let head_office = me.kind == AccountKind::Business && me.identifier.len() == HEAD_OFFICE_DIGITS;
    let branch = me.kind == AccountKind::Business && !head_office;
    let verification = RwSignal::new(mine.verification);
    let admin_of = mine
        .memberships
        .iter()
        .find(|m| m.role == MemberRole::Admin && m.accepted_at.is_some())
        .cloned();
    let member = mine.memberships.iter().any(|m| m.accepted_at.is_some());
    let memberships = RwSignal::new(mine.memberships);
    view! {
        <h1 class="mc-page__title">{move || lang.get().pick("Doanh nghiệp", "Company")}</h1>
        {head_office.then(|| view! {
            <section class="mc-section" aria-labelledby="verification-heading">
                <h2 class="mc-section__title" id="verification-heading">{move || lang.get().pick("Xác minh doanh nghiệp", "Company verification")}</h2>
                <CompanyVerification verification=verification/>
            </section>
        })}
        {branch.then(|| view! {
            <p>{move || lang.get().pick(
                "Tài khoản chi nhánh tham gia doanh nghiệp theo lời mời của tài khoản trụ sở chính. Lời mời sẽ hiện ở dưới đây.",
                "A branch account joins its company when the head office account invites it. The invitation appears below.",
            )}</p>
        })}
        {member.then(|| view! {
            <p><a href=paths::projects()>{move || lang.get().pick("Dự án đầu tư của doanh nghiệp", "The company's investment projects")}</a></p>
        })}
        {admin_of.map(|company| view! { <Admin company=company/> })}
        <CompanyMemberships memberships=memberships/>
    }
}

/// The administrator's part: the members with the invite form, and the audit log. Both reload after
/// each change so the log shows it.
#[component]
fn Admin(company: Membership) -> impl IntoView {
    let lang = use_lang();
    let tax_code = company.tax_code.clone();
    let loaded = {
        let tax_code = tax_code.clone();
        LocalResource::new(move || {
            let tax_code = tax_code.clone();
            async move { api::companies::company(&tax_code).await }
        })
    };
    let said = RwSignal::new(String::new());
    let on_removed = Callback::new(move |identifier: String| {
        let l = lang.get_untracked();
        said.set(match l {
            Lang::Vi => format!("Đã xóa {identifier} khỏi doanh nghiệp."),
            Lang::En => format!("{identifier} is removed from the company."),
        });
        loaded.refetch();
        // The row and its buttons are gone: the news is where the focus goes.
        request_animation_frame(|| focus_id(MEMBERS_STATUS));
    });
    let on_invited = Callback::new(move |_| loaded.refetch());
    let data = Signal::derive(move || loaded.get());
    let members_of = tax_code.clone();
    view! {
        <section class="mc-section" aria-labelledby="members-heading">
            <h2 class="mc-section__title" id="members-heading">{move || format!(
                "{} {}",
                lang.get().pick("Thành viên của", "Members of"),
                company.name
            )}</h2>
            <p class="mc-success" id=MEMBERS_STATUS tabindex="-1" role="status">{move || said.get()}</p>
            <Loaded
                data=data
                loading=tr("Đang tải thành viên…", "Loading the members…")
                failed=tr("Chưa tải được danh sách thành viên.", "The members could not be loaded.")
                here=paths::company()
                let:c
            >
                <CompanyMembers tax_code=members_of.clone() members=c.members on_removed=on_removed/>
            </Loaded>
            <CompanyInvite tax_code=tax_code.clone() on_invited=on_invited/>
        </section>
        <section class="mc-section" aria-labelledby="audit-heading">
            <h2 class="mc-section__title" id="audit-heading">{move || lang.get().pick("Nhật ký của doanh nghiệp", "The company's log")}</h2>
            {move || loaded.get().and_then(Result::ok).map(|c| view! { <CompanyAudit entries=c.audit lang=lang.get()/> })}
        </section>
    }
}
