//! Feedback and complaints (phản ánh, kiến nghị): sending one with or without an account, following
//! it by its code and PIN, the officers' queue and actions, and what is published of them.

use motcua_api::feedback::{
    Changes, FeedbackActionRequest, FeedbackData, FeedbackQueue, FeedbackReceipt, FeedbackRequest,
    FeedbackView, PublishedQuestion, PublishedQuestions, SenderReplyRequest,
};
use motcua_api::{encode_component, query_string, AgencyList};
use serde::de::IgnoredAny;

use super::{get, send, ApiError, BASE};

fn feedback_path(code: &str) -> String {
    format!("/feedback/{}", encode_component(code))
}

/// The `?pin=` a sender without an account follows their feedback with; nothing when signed in.
fn with_pin(path: String, pin: &str) -> String {
    match pin {
        "" => path,
        pin => format!("{path}?{}", query_string([("pin", pin)])),
    }
}

/// The categories to choose from and the deadlines they are answered in.
pub async fn categories() -> Result<FeedbackData, ApiError> {
    get("/feedback/categories").await
}

/// Every agency, for choosing the one feedback is about or forwarded to.
pub async fn agencies() -> Result<AgencyList, ApiError> {
    get("/agencies").await
}

/// Sends feedback. The request's idempotency key, the same for every try of one form, makes the
/// server answer a doubled send with the feedback the first made.
pub async fn send_feedback(req: &FeedbackRequest) -> Result<FeedbackReceipt, ApiError> {
    send("POST", "/feedback", req).await
}

/// Where files sent with feedback go: anyone may send them, signed in or not.
pub const FILES: &str = "/feedback/files";

/// Feedback as its sender sees it: signed in, or with the PIN from the receipt.
pub async fn feedback(code: &str, pin: &str) -> Result<FeedbackView, ApiError> {
    get(&with_pin(feedback_path(code), pin)).await
}

/// Where a file of feedback is opened from.
pub fn file_url(code: &str, file: &str, pin: &str) -> String {
    let path = format!("{}/files/{}", feedback_path(code), encode_component(file));
    format!("{BASE}{}", with_pin(path, pin))
}

/// The sender's reply: the information asked for, solved, or not solved (reopening it). A 409 means
/// the feedback changed since `req.version`.
pub async fn reply(code: &str, req: &SenderReplyRequest) -> Result<(), ApiError> {
    send::<_, IgnoredAny>("POST", &format!("{}/reply", feedback_path(code)), req)
        .await
        .map(|_| ())
}

/// Feedback waiting on the officer's agency, soonest due first.
/// The feedback the signed-in account sent, newest first.
pub async fn mine() -> Result<FeedbackQueue, ApiError> {
    get("/me/feedback").await
}

pub async fn queue() -> Result<FeedbackQueue, ApiError> {
    get("/officer/feedback").await
}

/// Feedback as an officer of the agency holding it sees it, the sender's contact included.
pub async fn officer_feedback(code: &str) -> Result<FeedbackView, ApiError> {
    get(&format!("/officer{}", feedback_path(code))).await
}

/// An officer's action, answered with the feedback as it is now. A 409 means the feedback changed
/// since `req.version`; 422 names the fields.
pub async fn act(code: &str, req: &FeedbackActionRequest) -> Result<FeedbackView, ApiError> {
    send(
        "POST",
        &format!("/officer{}/actions", feedback_path(code)),
        req,
    )
    .await
}

/// Published questions and their answers, found with the catalogue's folded search (empty `q`: the
/// newest), or one procedure's.
pub async fn questions(
    q: &str,
    procedure: &str,
    page: u32,
) -> Result<PublishedQuestions, ApiError> {
    get(&questions_path(q, procedure, page)).await
}

/// The path of a page of published questions, by words and procedure.
pub fn questions_path(q: &str, procedure: &str, page: u32) -> String {
    let page = page.max(1).to_string();
    let pairs = [("q", q), ("procedure", procedure), ("page", page.as_str())]
        .into_iter()
        .filter(|(_, v)| !v.is_empty());
    format!("/questions?{}", query_string(pairs))
}

pub async fn question(code: &str) -> Result<PublishedQuestion, ApiError> {
    get(&format!("/questions/{}", encode_component(code))).await
}

/// "You said, we did": what agencies changed because of feedback, newest first.
pub async fn changes(page: u32) -> Result<Changes, ApiError> {
    get(&format!("/you-said-we-did?page={}", page.max(1))).await
}
