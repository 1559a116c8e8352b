//! Companies and who may act for them. A tax code typed at registration proves nothing: a business
//! account becomes its company's administrator only when an officer of the business-registration
//! agency has checked its enterprise registration certificate. The administrator then invites other
//! accounts (branches, staff, a lawyer) by their sign-in identifier, to view the company's dossiers
//! or to view and act on them; each accepts. Every step is written to the company's audit log, which
//! is never rewritten.

use serde::{Deserialize, Serialize};

use crate::dossier::UploadInfo;
use crate::problem::{limits, Code, Name, Problem, Problems};
use crate::Text;

/// What a member may do with the company's dossiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    /// The verified head office account: acts, and manages members.
    Admin,
    /// Submits, supplements and withdraws the company's dossiers.
    Act,
    View,
}

impl MemberRole {
    /// The id it is stored and sent under (its serde name).
    pub fn id(self) -> &'static str {
        match self {
            MemberRole::Admin => "admin",
            MemberRole::Act => "act",
            MemberRole::View => "view",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Admin, Self::Act, Self::View]
            .into_iter()
            .find(|r| r.id() == s)
    }

    pub fn may_act(self) -> bool {
        self != MemberRole::View
    }

    pub fn label(self) -> Text {
        match self {
            MemberRole::Admin => Text::new("Quản trị", "Administrator"),
            MemberRole::Act => Text::new("Xem và thực hiện", "View and act"),
            MemberRole::View => Text::new("Chỉ xem", "View only"),
        }
    }
}

/// The roles an administrator can give: there is one administrator, the verified account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grant {
    View,
    Act,
}

impl From<Grant> for MemberRole {
    fn from(g: Grant) -> Self {
        match g {
            Grant::View => MemberRole::View,
            Grant::Act => MemberRole::Act,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationStatus {
    Pending,
    Confirmed,
    Refused,
}

impl VerificationStatus {
    pub fn id(self) -> &'static str {
        match self {
            VerificationStatus::Pending => "pending",
            VerificationStatus::Confirmed => "confirmed",
            VerificationStatus::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Confirmed, Self::Refused]
            .into_iter()
            .find(|v| v.id() == s)
    }

    pub fn label(self) -> Text {
        match self {
            VerificationStatus::Pending => Text::new("Đang chờ xác minh", "Waiting for checking"),
            VerificationStatus::Confirmed => Text::new("Đã xác minh", "Verified"),
            VerificationStatus::Refused => Text::new("Bị từ chối", "Refused"),
        }
    }
}

/// `POST /api/v1/me/companies/verification`: the head office account asks to be verified as its
/// company, with its enterprise registration certificate (one of its uploads).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationRequest {
    #[serde(default)]
    pub certificate: String,
}

impl VerificationRequest {
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::new();
        if self.certificate.trim().is_empty() {
            p.add(Name::Certificate, Code::CertificateRequired);
        }
        p.into_vec()
    }
}

/// One request to verify a company, as the asking account and the checking officers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub id: i64,
    pub tax_code: String,
    pub company_name: String,
    pub legal_representative: String,
    /// The sign-in identifier of the account that asked.
    pub requested_by: String,
    pub status: VerificationStatus,
    pub requested_at: i64,
    pub decided_at: Option<i64>,
    /// Why it was refused; empty otherwise.
    #[serde(default)]
    pub reason: String,
    pub certificate: UploadInfo,
}

/// `GET /api/v1/officer/verifications`: the requests waiting, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationQueue {
    pub items: Vec<Verification>,
}

/// `POST /api/v1/officer/verifications/{id}`: the officer's decision; a refusal says why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationDecision {
    pub confirm: bool,
    #[serde(default)]
    pub reason: String,
}

impl VerificationDecision {
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::new();
        if !self.confirm && self.reason.trim().is_empty() {
            p.add(Name::Reason, Code::RefusalReasonRequired);
        }
        p.limit(Name::Reason, &self.reason, limits::NOTE_CHARS);
        p.into_vec()
    }
}

/// `POST /api/v1/companies/{tax_code}/members`: an invitation, by the sign-in identifier of an
/// account that may not exist yet (so an invitation tells nothing about who has an account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteRequest {
    #[serde(default)]
    pub identifier: String,
    pub role: Grant,
}

impl InviteRequest {
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::new();
        if self.identifier.trim().is_empty() {
            p.add(Name::Identifier, Code::IdentifierRequired);
        }
        p.limit(Name::Identifier, &self.identifier, limits::TRACKING_CHARS);
        p.into_vec()
    }
}

/// One member of a company, or one invitation not yet accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub identifier: String,
    /// The account's name, once it has accepted.
    pub name: String,
    pub role: MemberRole,
    pub invited_at: i64,
    pub accepted_at: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    VerificationRequested,
    Verified,
    VerificationRefused,
    Invited,
    Accepted,
    Declined,
    Removed,
    Left,
}

impl AuditKind {
    pub fn id(self) -> &'static str {
        match self {
            AuditKind::VerificationRequested => "verification_requested",
            AuditKind::Verified => "verified",
            AuditKind::VerificationRefused => "verification_refused",
            AuditKind::Invited => "invited",
            AuditKind::Accepted => "accepted",
            AuditKind::Declined => "declined",
            AuditKind::Removed => "removed",
            AuditKind::Left => "left",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::VerificationRequested,
            Self::Verified,
            Self::VerificationRefused,
            Self::Invited,
            Self::Accepted,
            Self::Declined,
            Self::Removed,
            Self::Left,
        ]
        .into_iter()
        .find(|k| k.id() == s)
    }

    pub fn label(self) -> Text {
        let (vi, en) = match self {
            AuditKind::VerificationRequested => ("Đề nghị xác minh", "Verification requested"),
            AuditKind::Verified => ("Đã xác minh doanh nghiệp", "Company verified"),
            AuditKind::VerificationRefused => ("Từ chối xác minh", "Verification refused"),
            AuditKind::Invited => ("Mời thành viên", "Member invited"),
            AuditKind::Accepted => ("Nhận lời mời", "Invitation accepted"),
            AuditKind::Declined => ("Từ chối lời mời", "Invitation declined"),
            AuditKind::Removed => ("Xoá thành viên", "Member removed"),
            AuditKind::Left => ("Rời doanh nghiệp", "Member left"),
        };
        Text::new(vi, en)
    }
}

/// One line of a company's audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: i64,
    pub kind: AuditKind,
    /// Who did it: an account's identifier, or the checking agency's name for an officer.
    pub by: Text,
    /// Whom it was about, for membership entries.
    #[serde(default)]
    pub subject: String,
    pub role: Option<MemberRole>,
    #[serde(default)]
    pub reason: String,
}

/// `GET /api/v1/companies/{tax_code}`, for its members; the members and the audit log for its
/// administrator only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub tax_code: String,
    pub name: String,
    pub verified_at: i64,
    pub my_role: MemberRole,
    pub members: Vec<Member>,
    pub audit: Vec<AuditEntry>,
}

/// A company the signed-in account belongs to, or is invited to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub tax_code: String,
    pub name: String,
    pub role: MemberRole,
    pub invited_at: i64,
    /// `None` while it is only an invitation.
    pub accepted_at: Option<i64>,
}

/// `GET /api/v1/me/companies`: the account's own verification request (the latest) and its
/// companies and invitations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCompanies {
    pub verification: Option<Verification>,
    pub memberships: Vec<Membership>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_needs_a_reason() {
        let d = VerificationDecision {
            confirm: false,
            reason: " ".into(),
        };
        assert_eq!(d.problems().len(), 1);
        let d = VerificationDecision {
            confirm: true,
            reason: String::new(),
        };
        assert!(d.problems().is_empty());
    }

    #[test]
    fn roles_round_trip() {
        for r in [MemberRole::Admin, MemberRole::Act, MemberRole::View] {
            assert_eq!(MemberRole::parse(r.id()), Some(r));
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.id())
            );
        }
        assert!(!MemberRole::View.may_act());
    }
}
