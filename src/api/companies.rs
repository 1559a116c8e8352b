//! Companies and who may act for them: one's own verification request, invitations and memberships,
//! a company's members (for its administrator), and the business-registration officers' checks.

use motcua_api::company::{
    Company, InviteRequest, Member, Membership, MyCompanies, Verification, VerificationDecision,
    VerificationQueue, VerificationRequest,
};
use motcua_api::encode_component;

use super::{delete, get, read, send, ApiError, BASE};

fn company_path(tax_code: &str) -> String {
    format!("/companies/{}", encode_component(tax_code))
}

fn my_company_path(tax_code: &str) -> String {
    format!("/me/companies/{}", encode_component(tax_code))
}

fn verification_path(id: i64) -> String {
    format!("/officer/verifications/{id}")
}

/// The signed-in account's latest verification request, its companies and its invitations.
pub async fn mine() -> Result<MyCompanies, ApiError> {
    get("/me/companies").await
}

/// Asks to be verified as the account's company. A 409 says why not: `head_office_only` (a
/// branch), `company_verified` or `verification_pending`.
pub async fn request_verification(req: &VerificationRequest) -> Result<Verification, ApiError> {
    send("POST", "/me/companies/verification", req).await
}

/// Accepts an invitation to a company.
pub async fn accept(tax_code: &str) -> Result<Membership, ApiError> {
    let url = format!("{BASE}{}/accept", my_company_path(tax_code));
    let response = gloo_net::http::Request::post(&url)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(response).await
}

/// Leaves a company, or declines its invitation.
pub async fn leave(tax_code: &str) -> Result<(), ApiError> {
    delete(&my_company_path(tax_code)).await
}

/// A company as one of its members sees it; its members and audit log for its administrator.
pub async fn company(tax_code: &str) -> Result<Company, ApiError> {
    get(&company_path(tax_code)).await
}

/// Invites an account, by its sign-in identifier, to the company. A 409 `already_invited` says it
/// is invited or a member already.
pub async fn invite(tax_code: &str, req: &InviteRequest) -> Result<Member, ApiError> {
    send("POST", &format!("{}/members", company_path(tax_code)), req).await
}

/// Removes a member, or withdraws an invitation.
pub async fn remove_member(tax_code: &str, identifier: &str) -> Result<(), ApiError> {
    delete(&format!(
        "{}/members/{}",
        company_path(tax_code),
        encode_component(identifier)
    ))
    .await
}

/// The verification requests waiting (403 for anyone but a business-registration officer).
pub async fn verifications() -> Result<VerificationQueue, ApiError> {
    get("/officer/verifications").await
}

/// Where the checking officer opens a request's enterprise registration certificate.
pub fn certificate_url(id: i64) -> String {
    format!("{BASE}{}/certificate", verification_path(id))
}

/// Confirms a company, or refuses it with a reason. A 409 `already_done` says another officer
/// decided first.
pub async fn decide(id: i64, decision: &VerificationDecision) -> Result<Verification, ApiError> {
    send("POST", &verification_path(id), decision).await
}
