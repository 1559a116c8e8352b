//! What a dossier owes and has paid: the fee status both the applicant and the officers see, the
//! fee receipt (biên lai) and the officers' decisions on an exemption or a payment at the desk. The
//! amounts come from the bill worked out at submission ([`crate::fees::bill`]); every amount is a
//! whole number of đồng.

use serde::{Deserialize, Serialize};

use crate::fees::{Bill, Exemption, FeeDue};
use crate::lifecycle::Status;
use crate::problem::{Code, Name, Problem};
use crate::Text;

/// Where an exemption the applicant declared stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExemptionDecision {
    /// Declared; an officer is to check the proof.
    Claimed,
    Accepted,
    /// The proof did not hold: the fee it took off is owed again.
    Refused,
}

/// The exemption declared on a dossier and what it takes off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExemptionCheck {
    pub exemption: Exemption,
    pub decision: ExemptionDecision,
    pub exempted_vnd: u64,
}

/// How a fee was paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaidHow {
    /// Through the payment provider.
    Online,
    /// In cash or by card at the agency's desk, recorded by the officer.
    Desk,
}

/// A dossier's fees as they stand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeeStatus {
    /// The fees as worked out at submission.
    pub bill: Bill,
    pub due_at: FeeDue,
    /// Whether the fee can be paid now: at once, or only once the result is ready.
    pub due_now: bool,
    /// What is owed in all, after an exemption accepted (or while it is checked).
    pub due_vnd: u64,
    pub paid_vnd: u64,
    pub owed_vnd: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption: Option<ExemptionCheck>,
    /// Paid for a dossier that was then refused or withdrawn: to be paid back.
    #[serde(default)]
    pub refund_vnd: u64,
    pub receipts: Vec<FeeReceipt>,
    /// Whether the person viewing can pay online now.
    pub pay_online: bool,
    /// A payment was started and its outcome is not known yet.
    #[serde(default)]
    pub pending: bool,
}

impl FeeStatus {
    /// Whether the fee stands in the way of handing over the result.
    pub fn settled(&self) -> bool {
        settled(self.owed_vnd, self.exemption.as_ref().map(|e| e.decision))
    }

    /// Whether the fee is due now, given the dossier's status and when the procedure collects it.
    pub fn due_now(due_at: FeeDue, status: Status) -> bool {
        match due_at {
            FeeDue::Submission => !status.is_final(),
            FeeDue::Result => status == Status::ResultReady,
        }
    }
}

/// Whether fees leave the result free to be handed over: nothing owed, and no exemption waiting for
/// an officer's decision.
pub fn settled(owed_vnd: u64, exemption: Option<ExemptionDecision>) -> bool {
    owed_vnd == 0 && exemption != Some(ExemptionDecision::Claimed)
}

/// An electronic fee receipt (biên lai điện tử), one per payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeeReceipt {
    /// Numbered without gaps within the year: `2026-0000123`.
    pub number: String,
    /// The receipt series (ký hiệu), the year's last two digits after the letters.
    pub series: String,
    pub dossier: String,
    pub procedure_name: Text,
    pub agency_name: Text,
    /// Who paid: the applicant.
    pub payer: String,
    pub amount_vnd: u64,
    pub paid_at: i64,
    pub how: PaidHow,
    /// The provider's transaction number, for an online payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_no: Option<String>,
    /// The fees it pays, as the bill names them.
    pub fees: Vec<Text>,
}

/// `POST /api/v1/dossiers/{code}/payments`: where to send the person to pay what is owed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentStart {
    pub pay_url: String,
    pub amount_vnd: u64,
}

/// `POST /api/v1/dossiers/{code}/fees`: an officer of the dossier's agency decides on the declared
/// exemption, or records the fee paid at the desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum FeeDecisionRequest {
    AcceptExemption,
    RefuseExemption {
        reason: String,
    },
    /// What is owed was paid at the desk now.
    PaidAtDesk,
}

/// The longest reason an officer gives for refusing an exemption.
pub const REASON_CHARS: usize = 500;

impl FeeDecisionRequest {
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = crate::problem::Problems::new();
        if let FeeDecisionRequest::RefuseExemption { reason } = self {
            if reason.trim().is_empty() {
                p.add(Name::Reason, Code::RefusalReasonRequired);
            }
            p.limit(Name::Reason, reason, REASON_CHARS);
        }
        p.into_vec()
    }
}

/// What the payment page says when the person comes back from the provider (`?thanh-toan=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentOutcome {
    Paid,
    /// The provider said it failed or was cancelled: nothing was taken.
    Failed,
    /// Not known yet: the provider's word has not come.
    Pending,
}

impl PaymentOutcome {
    pub fn key(self) -> &'static str {
        match self {
            PaymentOutcome::Paid => "da-thanh-toan",
            PaymentOutcome::Failed => "chua-thanh-toan",
            PaymentOutcome::Pending => "dang-xu-ly",
        }
    }

    pub fn parse(key: &str) -> Option<PaymentOutcome> {
        [
            PaymentOutcome::Paid,
            PaymentOutcome::Failed,
            PaymentOutcome::Pending,
        ]
        .into_iter()
        .find(|o| o.key() == key)
    }
}
