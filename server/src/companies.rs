//! Companies, between the routes and the store: a head office account asks to be verified, an
//! officer of the business-registration agency confirms or refuses, and the verified administrator
//! invites and removes members. Others' companies, and invitations not one's own, are 404s.

use axum::http::StatusCode;
use motcua_api::account::{AccountKind, Me};
use motcua_api::company::{
    Company, InviteRequest, Member, MemberRole, Membership, MyCompanies, Verification,
    VerificationDecision, VerificationQueue, VerificationRequest,
};
use motcua_api::dossier::UploadInfo;
use motcua_api::problem::{Code, Name, Problem};

use crate::auth::password::normalize_identifier;
use crate::error::{AppError, CHECK_MARKED};
use crate::files::{Download, Files};
use crate::search::CatalogueIndex;
use crate::store::companies::{ChangeError, NewVerification, VerificationRow};
use crate::store::Store;

/// The part of the server's state the company service works with, and the moment it works at.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub index: &'a CatalogueIndex,
    pub files: &'a Files,
    pub now: i64,
}

const NO_COMPANY: AppError = AppError::NotFound("There is no such company.");
const NO_VERIFICATION: AppError = AppError::NotFound("There is no such verification request.");
const NO_MEMBER: AppError = AppError::NotFound("There is no such member or invitation.");
/// The officers' queue shows the oldest this many.
const QUEUE_LENGTH: u32 = 200;

/// The account's own latest request and its companies and invitations.
pub async fn mine(ctx: &Ctx<'_>, me: &Me) -> Result<MyCompanies, AppError> {
    Ok(MyCompanies {
        verification: ctx
            .store
            .latest_verification(me.id)
            .await?
            .map(verification),
        memberships: ctx.store.memberships(&me.identifier).await?,
    })
}

/// A head office account asks to be verified as its company, with its certificate.
pub async fn request_verification(
    ctx: &Ctx<'_>,
    me: &Me,
    req: &VerificationRequest,
) -> Result<Verification, AppError> {
    if me.kind != AccountKind::Business {
        return Err(AppError::refused(
            StatusCode::FORBIDDEN,
            "businesses_only",
            "Chỉ tài khoản doanh nghiệp đề nghị xác minh doanh nghiệp.",
        ));
    }
    // A branch (13 digits) joins its company by the head office's invitation: only the head office
    // holds the enterprise registration certificate.
    if me.identifier.len() != 10 {
        return Err(AppError::refused(
            StatusCode::CONFLICT,
            "head_office_only",
            "Chi nhánh tham gia doanh nghiệp theo lời mời của tài khoản trụ sở chính, không tự xác minh.",
        ));
    }
    let problems = req.problems();
    if !problems.is_empty() {
        return Err(AppError::invalid(CHECK_MARKED, problems));
    }
    let upload = ctx
        .store
        .upload(me.id, req.certificate.trim())
        .await?
        .filter(|u| u.dossier.is_none())
        .ok_or_else(|| {
            AppError::invalid(
                CHECK_MARKED,
                vec![Problem::new(Name::Certificate, Code::FileGone)],
            )
        })?;
    let new = NewVerification {
        account: me.id,
        tax_code: &me.identifier,
        company_name: me.company_name.as_deref().unwrap_or(&me.full_name),
        legal_representative: me.legal_representative.as_deref().unwrap_or_default(),
        upload: &upload.info.id,
    };
    let id = ctx
        .store
        .request_verification(&new, ctx.now)
        .await
        .map_err(change_error)?;
    let row = ctx.store.verification(id).await?.ok_or(NO_VERIFICATION)?;
    Ok(verification(row))
}

fn change_error(e: ChangeError) -> AppError {
    match e {
        ChangeError::Verified => AppError::refused(
            StatusCode::CONFLICT,
            "company_verified",
            "Doanh nghiệp này đã được xác minh. Nếu cần tham gia, hãy đề nghị quản trị của doanh nghiệp mời.",
        ),
        ChangeError::Pending => AppError::refused(
            StatusCode::CONFLICT,
            "verification_pending",
            "Đề nghị xác minh trước đang chờ cán bộ kiểm tra.",
        ),
        ChangeError::Done => AppError::refused(
            StatusCode::CONFLICT,
            "already_done",
            "Việc này đã được thực hiện.",
        ),
        ChangeError::Other(e) => AppError::Internal(e),
    }
}

fn verification(row: VerificationRow) -> Verification {
    Verification {
        id: row.id,
        tax_code: row.tax_code,
        company_name: row.company_name,
        legal_representative: row.legal_representative,
        requested_by: row.requested_by,
        status: row.status,
        requested_at: row.requested_at,
        decided_at: row.decided_at,
        reason: row.reason,
        certificate: row.certificate,
    }
}

/// Only officers of the agency keeping the business register check companies.
fn registrar(ctx: &Ctx<'_>, me: &Me) -> Result<(), AppError> {
    if ctx.index.officer_of(me, |a| a.registers_businesses) {
        Ok(())
    } else {
        Err(AppError::refused(
            StatusCode::FORBIDDEN,
            "registrars_only",
            "Chỉ cán bộ cơ quan đăng ký kinh doanh xác minh doanh nghiệp.",
        ))
    }
}

pub async fn queue(ctx: &Ctx<'_>, me: &Me) -> Result<VerificationQueue, AppError> {
    registrar(ctx, me)?;
    Ok(VerificationQueue {
        items: ctx
            .store
            .pending_verifications(QUEUE_LENGTH)
            .await?
            .into_iter()
            .map(verification)
            .collect(),
    })
}

fn verification_id(id: &str) -> Result<i64, AppError> {
    id.parse().map_err(|_| NO_VERIFICATION)
}

/// The certificate of a request, for the checking officer.
pub async fn certificate(
    ctx: &Ctx<'_>,
    me: &Me,
    id: &str,
) -> Result<(UploadInfo, Download), AppError> {
    registrar(ctx, me)?;
    let id = verification_id(id)?;
    let row = ctx.store.verification(id).await?.ok_or(NO_VERIFICATION)?;
    let bytes = ctx.files.get(&row.sha256).await?;
    Ok((row.certificate, bytes))
}

pub async fn decide(
    ctx: &Ctx<'_>,
    me: &Me,
    id: &str,
    decision: &VerificationDecision,
) -> Result<Verification, AppError> {
    registrar(ctx, me)?;
    let id = verification_id(id)?;
    let problems = decision.problems();
    if !problems.is_empty() {
        return Err(AppError::invalid(CHECK_MARKED, problems));
    }
    ctx.store.verification(id).await?.ok_or(NO_VERIFICATION)?;
    ctx.store
        .decide_verification(id, me.id, decision.confirm, decision.reason.trim(), ctx.now)
        .await
        .map_err(change_error)?;
    let row = ctx.store.verification(id).await?.ok_or(NO_VERIFICATION)?;
    Ok(verification(row))
}

/// The person's role in a verified company they have joined; anyone else gets the same 404.
async fn role_in(ctx: &Ctx<'_>, me: &Me, tax_code: &str) -> Result<MemberRole, AppError> {
    ctx.store
        .member_of(me.id)
        .await?
        .into_iter()
        .find(|(c, _)| c == tax_code)
        .map(|(_, role)| role)
        .ok_or(NO_COMPANY)
}

async fn admin_of(ctx: &Ctx<'_>, me: &Me, tax_code: &str) -> Result<(), AppError> {
    match role_in(ctx, me, tax_code).await? {
        MemberRole::Admin => Ok(()),
        _ => Err(NO_COMPANY),
    }
}

/// A company for one of its members; its members and audit log for its administrator.
pub async fn company(ctx: &Ctx<'_>, me: &Me, tax_code: &str) -> Result<Company, AppError> {
    let my_role = role_in(ctx, me, tax_code).await?;
    let company = ctx.store.company(tax_code).await?.ok_or(NO_COMPANY)?;
    let (members, audit) = if my_role == MemberRole::Admin {
        let audit = ctx
            .store
            .company_audit(tax_code)
            .await?
            .into_iter()
            .map(|(mut entry, agency)| {
                // Officers appear by their agency, never by name or user name.
                if let Some(agency) = agency {
                    entry.by = ctx.index.agency_name(&agency);
                }
                entry
            })
            .collect();
        (ctx.store.members(tax_code).await?, audit)
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Company {
        tax_code: company.tax_code,
        name: company.name,
        verified_at: company.verified_at,
        my_role,
        members,
        audit,
    })
}

/// The administrator invites an identifier, which may not have an account yet.
pub async fn invite(
    ctx: &Ctx<'_>,
    me: &Me,
    tax_code: &str,
    req: &InviteRequest,
) -> Result<Member, AppError> {
    admin_of(ctx, me, tax_code).await?;
    let problems = req.problems();
    if !problems.is_empty() {
        return Err(AppError::invalid(CHECK_MARKED, problems));
    }
    let identifier = normalize_identifier(&req.identifier);
    ctx.store
        .invite(tax_code, me.id, &identifier, req.role.into(), ctx.now)
        .await
        .map_err(|e| match e {
            ChangeError::Done => AppError::refused(
                StatusCode::CONFLICT,
                "already_invited",
                "Tài khoản này đã được mời hoặc đã là thành viên.",
            ),
            e => change_error(e),
        })?;
    Ok(Member {
        identifier,
        name: String::new(),
        role: req.role.into(),
        invited_at: ctx.now,
        accepted_at: None,
    })
}

pub async fn remove(
    ctx: &Ctx<'_>,
    me: &Me,
    tax_code: &str,
    identifier: &str,
) -> Result<(), AppError> {
    admin_of(ctx, me, tax_code).await?;
    let identifier = normalize_identifier(identifier);
    if !ctx
        .store
        .end_membership(tax_code, &identifier, me.id, false, ctx.now)
        .await?
    {
        return Err(NO_MEMBER);
    }
    Ok(())
}

/// The invited account accepts. Officers do not join companies: nobody may handle as an officer a
/// dossier their own company owns.
pub async fn accept(ctx: &Ctx<'_>, me: &Me, tax_code: &str) -> Result<Membership, AppError> {
    if me.kind == AccountKind::Officer {
        return Err(AppError::refused(
            StatusCode::FORBIDDEN,
            "officers_cannot_join",
            "Tài khoản cán bộ không tham gia doanh nghiệp.",
        ));
    }
    if !ctx
        .store
        .accept_invitation(tax_code, me.id, &me.identifier, ctx.now)
        .await?
    {
        return Err(NO_MEMBER);
    }
    ctx.store
        .memberships(&me.identifier)
        .await?
        .into_iter()
        .find(|m| m.tax_code == tax_code)
        .ok_or(NO_MEMBER)
}

/// The member leaves, or declines the invitation; the administrator cannot leave its own company.
pub async fn leave(ctx: &Ctx<'_>, me: &Me, tax_code: &str) -> Result<(), AppError> {
    if !ctx
        .store
        .end_membership(tax_code, &me.identifier, me.id, true, ctx.now)
        .await?
    {
        return Err(NO_MEMBER);
    }
    Ok(())
}
