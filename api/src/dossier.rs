//! Uploads, drafts and dossiers: what the app sends while a citizen applies, and the receipt.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::form::{AddressAnswer, Answers};
use crate::Text;

/// A stored file, as `POST /api/v1/uploads` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadInfo {
    pub id: String,
    /// The name it had on the citizen's device, kept for display (NFC).
    pub name: String,
    pub size: u64,
    pub content_type: String,
}

/// How the result reaches the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Delivery {
    /// Collected at the one-stop desk.
    Centre,
    /// Sent by the public postal service.
    Post { address: AddressAnswer },
}

/// An application in progress, saved as it is typed (`PUT /api/v1/drafts/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub procedure: String,
    /// The question page the applicant was on.
    #[serde(default)]
    pub step: String,
    #[serde(default)]
    pub answers: Answers,
    /// Uploads per required document, by the document's position in the procedure's list.
    #[serde(default)]
    pub documents: BTreeMap<u32, Vec<UploadInfo>>,
    #[serde(default)]
    pub delivery: Option<Delivery>,
    /// Seconds since 1970, set by the server on save.
    #[serde(default)]
    pub updated_at: i64,
}

/// One line of "my drafts".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub id: String,
    pub procedure: String,
    pub procedure_name: Text,
    pub step: String,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftList {
    pub items: Vec<DraftSummary>,
}

/// `POST /api/v1/dossiers`, sent with an `Idempotency-Key` header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmitRequest {
    pub procedure: String,
    pub answers: Answers,
    /// Upload ids per required document, by the document's position in the procedure's list.
    pub documents: BTreeMap<u32, Vec<String>>,
    pub delivery: Delivery,
    /// The draft this came from, deleted once the dossier exists.
    #[serde(default)]
    pub draft_id: Option<String>,
}

/// A document received with a dossier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReceivedDocument {
    pub name: Text,
    pub files: Vec<UploadInfo>,
}

/// The receipt and appointment slip (giấy tiếp nhận hồ sơ và hẹn trả kết quả).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    /// `<agency code>-YYMMDD-NNNN`, NNNN the day's sequence number (Circular 01/2018/TT-VPCP, art. 19).
    pub code: String,
    pub procedure: String,
    pub procedure_name: Text,
    pub agency: String,
    pub agency_name: Text,
    /// Seconds since 1970.
    pub received_at: i64,
    /// `YYYY-MM-DD`, counted in working days.
    pub due_date: String,
    pub processing_days: u32,
    pub documents: Vec<ReceivedDocument>,
    pub delivery: Delivery,
    pub answers: Answers,
}
