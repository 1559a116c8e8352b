//! Feedback and complaints (phản ánh, kiến nghị): anyone may raise a problem about a procedure, an
//! agency, an officer's conduct or a dossier; the agency concerned answers it by a deadline in
//! working days; with the sender's consent the question and its answer are published, redacted.

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::Text;

/// What the feedback is about; it decides which agency answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum About {
    /// A procedure, by its code: the agency that receives its dossiers answers.
    Procedure(String),
    /// An agency, by its id.
    Agency(String),
    /// An officer's conduct at an agency (by its id); the officer is described in the text.
    Officer(String),
    /// A dossier, by its code: the agency holding it answers. Only its owner (signed in) may.
    Dossier(String),
    /// A rating of 1 or 2 on a dossier, followed up for the agency's head (opened by the system).
    Rating(String),
}

/// `POST /api/v1/feedback`: new feedback, signed in or not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeedbackRequest {
    /// `None` is a problem beside the subject's field.
    pub about: Option<About>,
    /// A category id from `catalogue/feedback.json`.
    pub category: String,
    pub title: String,
    pub text: String,
    /// Ids of files uploaded with `POST /api/v1/feedback/files`.
    pub files: Vec<String>,
    /// Needed without signing in: a name, and a phone or e-mail to answer to.
    pub name: String,
    pub phone: String,
    pub email: String,
    /// The sender agrees the question and its answer may be published, without personal data.
    pub consent: bool,
    /// A retried or doubled send carries the same key and finds the feedback it made.
    pub idempotency_key: String,
}

/// Where feedback stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackStatus {
    /// Waiting for the agency's answer.
    Received,
    /// The agency asked the sender for more information; its clock stops until they reply.
    InfoRequested,
    Answered,
    /// The sender said the answer solved the problem.
    Solved,
    /// The sender said it did not, and reopened it (once): waiting for a second answer.
    Reopened,
    /// Answered a second time, or answered and not reopened within the time allowed.
    Closed,
}

/// `POST /api/v1/feedback` answer: the code and PIN to follow it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackReceipt {
    pub code: String,
    /// Shown once (and mailed); following the feedback without signing in needs it.
    pub pin: String,
    pub agency: String,
    pub agency_name: Text,
    pub due_date: Date,
}

/// One thing that happened to feedback, as its sender and the officers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackEvent {
    pub at: i64,
    /// `received`, `forwarded`, `info_requested`, `info_given`, `answered`, `solved`, `reopened`,
    /// `closed`, `published`, `overdue`.
    pub kind: String,
    pub agency: String,
    pub agency_name: Text,
    /// The answer, the question asked, the sender's reply or the reason to forward.
    pub text: String,
    pub files: Vec<FeedbackFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackFile {
    pub id: String,
    pub name: String,
    pub size: u64,
    pub content_type: String,
}

/// `GET /api/v1/feedback/{code}` (its sender signed in, or with `?pin=`, or an officer of the
/// agency holding it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackView {
    pub code: String,
    pub about: About,
    /// The subject's name: the procedure's, the agency's, or the dossier's code.
    pub about_name: Text,
    pub category: String,
    pub title: String,
    pub text: String,
    pub files: Vec<FeedbackFile>,
    pub status: FeedbackStatus,
    pub received_at: i64,
    pub agency: String,
    pub agency_name: Text,
    pub due_date: Date,
    pub consent: bool,
    pub events: Vec<FeedbackEvent>,
    /// The sender may say whether the answer solved the problem.
    pub can_respond: bool,
    /// The sender may still reopen it (once, after an answer).
    pub can_reopen: bool,
    /// Officers only: the sender's contact, never published.
    pub contact: Option<FeedbackContact>,
    /// The version an action must name, so a doubled action is refused.
    pub version: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackContact {
    pub name: String,
    pub phone: String,
    pub email: String,
}

/// A line of an officer's feedback queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackQueueItem {
    pub code: String,
    pub title: String,
    pub about: About,
    pub category: String,
    pub status: FeedbackStatus,
    pub received_at: i64,
    pub due_date: Date,
    /// Working days left until the due date; negative when overdue.
    pub days_left: i32,
}

/// `GET /api/v1/officer/feedback`: feedback waiting on the officer's agency, soonest due first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackQueue {
    pub items: Vec<FeedbackQueueItem>,
    pub total: u64,
    pub overdue: u64,
}

/// `POST /api/v1/officer/feedback/{code}/actions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum FeedbackAction {
    Answer {
        text: String,
        #[serde(default)]
        files: Vec<String>,
        /// What the agency changed because of it, for "you said, we did"; empty when nothing.
        #[serde(default)]
        change: String,
    },
    /// To the agency competent to answer (Decree 20/2008: within 5 working days).
    Forward { agency: String, reason: String },
    AskInfo { question: String },
    /// The published form: the officer's redaction of the question and the answer.
    Redact {
        title: String,
        question: String,
        answer: String,
    },
    /// Publishes the redaction as it stands (the sender consented, the redaction is saved).
    Publish,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackActionRequest {
    /// The version the officer saw.
    pub version: u32,
    #[serde(flatten)]
    pub action: FeedbackAction,
}

/// `POST /api/v1/feedback/{code}/reply`: the sender, signed in or with the PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reply", rename_all = "snake_case")]
pub enum SenderReply {
    /// The information the agency asked for.
    Info {
        text: String,
        #[serde(default)]
        files: Vec<String>,
    },
    Solved,
    /// Not solved: reopens it, once, with why.
    Reopen { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SenderReplyRequest {
    #[serde(default)]
    pub pin: String,
    pub version: u32,
    #[serde(flatten)]
    pub reply: SenderReply,
}

/// A published question and its answer: the officer's redaction only, no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedQuestion {
    pub code: String,
    pub title: String,
    pub question: String,
    pub answer: String,
    pub category: String,
    pub procedure: Option<String>,
    pub agency: String,
    pub agency_name: Text,
    pub asked_at: i64,
    pub answered_at: i64,
}

/// `GET /api/v1/questions?q=&procedure=&page=`: published questions, searched like the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedQuestions {
    pub items: Vec<PublishedQuestion>,
    pub total: u64,
    pub page: u32,
}

/// A line of "you said, we did": what an agency changed because of feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub code: String,
    pub agency: String,
    pub agency_name: Text,
    /// The redacted question's title when published, else the category's name.
    pub said: String,
    pub did: String,
    pub at: i64,
}

/// `GET /api/v1/you-said-we-did?page=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    pub items: Vec<Change>,
    pub total: u64,
    pub page: u32,
}

/// `catalogue/feedback.json`: the categories and the deadlines in working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackData {
    pub categories: Vec<FeedbackCategory>,
    /// Working days to answer (15 on the national system).
    pub answer_days: u32,
    /// Working days to forward feedback outside the agency's competence (5: Decree 20/2008).
    pub forward_days: u32,
    /// Working days the sender has to say whether the answer solved the problem or reopen it.
    pub respond_days: u32,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackCategory {
    pub id: String,
    pub name: Text,
    /// What may be chosen with it (`procedure`, `agency`, `officer`, `dossier`).
    pub about: Vec<String>,
}
