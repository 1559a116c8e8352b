//! Feedback and complaints (phản ánh, kiến nghị): anyone may raise a problem about a procedure, an
//! agency, an officer's conduct or a dossier; the agency concerned answers it by a deadline in
//! working days; with the sender's consent the question and its answer are published, redacted.

use serde::{Deserialize, Serialize};

use crate::account::{valid_email, valid_phone};
use crate::calendar::Date;
use crate::problem::{limits, Code, Name, Problem, Problems};
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

impl About {
    /// The kind as stored and as categories name it: `procedure`, `agency`, `officer`, `dossier`,
    /// `rating`.
    pub fn kind(&self) -> &'static str {
        match self {
            About::Procedure(_) => "procedure",
            About::Agency(_) => "agency",
            About::Officer(_) => "officer",
            About::Dossier(_) => "dossier",
            About::Rating(_) => "rating",
        }
    }

    pub fn id(&self) -> &str {
        match self {
            About::Procedure(id)
            | About::Agency(id)
            | About::Officer(id)
            | About::Dossier(id)
            | About::Rating(id) => id,
        }
    }

    /// Reads a stored kind and id back.
    pub fn from_parts(kind: &str, id: &str) -> Option<About> {
        let id = id.to_string();
        Some(match kind {
            "procedure" => About::Procedure(id),
            "agency" => About::Agency(id),
            "officer" => About::Officer(id),
            "dossier" => About::Dossier(id),
            "rating" => About::Rating(id),
            _ => return None,
        })
    }
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

impl FeedbackRequest {
    /// Every problem at once: a subject a sender may choose, a category that fits it, a title and
    /// text within bounds, and — without signing in — a name and a phone or e-mail to answer to.
    /// Whether the subject exists, and whether a dossier is the sender's, only the server knows.
    pub fn problems(&self, data: &FeedbackData, signed_in: bool) -> Vec<Problem> {
        let mut p = Problems::new();
        // A rating's follow-up is opened by the system, never sent.
        let about = self
            .about
            .as_ref()
            .filter(|a| !matches!(a, About::Rating(_)) && !a.id().trim().is_empty());
        if about.is_none() {
            p.add(Name::About, Code::FeedbackAboutRequired);
        }
        match data.category(&self.category) {
            None => p.add(Name::Category, Code::FeedbackCategoryRequired),
            Some(c) if about.is_some_and(|a| !c.fits(a)) => {
                p.add(Name::Category, Code::FeedbackCategoryMismatch)
            }
            Some(_) => {}
        }
        if self.title.trim().is_empty() {
            p.add(Name::Title, Code::FeedbackTitleRequired);
        }
        p.limit(Name::Title, &self.title, limits::FEEDBACK_TITLE_CHARS);
        if self.text.trim().is_empty() {
            p.add(Name::Text, Code::FeedbackTextRequired);
        }
        p.limit(Name::Text, &self.text, limits::FEEDBACK_TEXT_CHARS);
        let (phone, email) = (self.phone.trim(), self.email.trim());
        if !signed_in {
            if self.name.trim().is_empty() {
                p.add(Name::FullName, Code::FullNameRequired);
            }
            if phone.is_empty() && email.is_empty() {
                p.add(Name::Phone, Code::FeedbackContactRequired);
            }
        }
        if !phone.is_empty() && !valid_phone(phone) {
            p.add(Name::Phone, Code::PhoneFormat);
        }
        if !email.is_empty() && !valid_email(email) {
            p.add(Name::Email, Code::EmailFormat);
        }
        for (field, value) in [
            (Name::FullName, &self.name),
            (Name::Phone, &self.phone),
            (Name::Email, &self.email),
        ] {
            p.limit(field, value, limits::PROFILE_CHARS);
        }
        files(&mut p, &self.files, limits::FEEDBACK_FILES);
        p.into_vec()
    }
}

fn files(p: &mut Problems, files: &[String], max: usize) {
    if files.len() > max {
        p.add(Name::Files, Code::TooManyFiles { max });
    }
}

fn required(p: &mut Problems, field: Name, value: &str, code: Code, max: usize) {
    if value.trim().is_empty() {
        p.add(field, code);
    }
    p.limit(field, value, max);
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
    /// Officers only: the redaction saved for publishing, and whether it is published.
    #[serde(default)]
    pub redaction: Option<SavedRedaction>,
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
    Forward {
        agency: String,
        reason: String,
    },
    AskInfo {
        question: String,
    },
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

impl FeedbackActionRequest {
    /// Every problem with what the action carries. Whether it may be taken now (the feedback's
    /// status, the time to forward, a saved redaction) only the server knows.
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::new();
        match &self.action {
            FeedbackAction::Answer {
                text,
                files: f,
                change,
            } => {
                required(
                    &mut p,
                    Name::Answer,
                    text,
                    Code::FeedbackAnswerRequired,
                    limits::FEEDBACK_TEXT_CHARS,
                );
                p.limit(Name::Change, change, limits::NOTE_CHARS);
                files(&mut p, f, limits::ACTION_FILES);
            }
            FeedbackAction::Forward { agency, reason } => {
                if agency.trim().is_empty() {
                    p.add(Name::Agency, Code::FeedbackAgencyRequired);
                }
                required(
                    &mut p,
                    Name::Reason,
                    reason,
                    Code::FeedbackForwardReasonRequired,
                    limits::NOTE_CHARS,
                );
            }
            FeedbackAction::AskInfo { question } => required(
                &mut p,
                Name::Question,
                question,
                Code::FeedbackQuestionRequired,
                limits::NOTE_CHARS,
            ),
            FeedbackAction::Redact {
                title,
                question,
                answer,
            } => {
                let parts = [
                    (Name::Title, title, limits::FEEDBACK_TITLE_CHARS),
                    (Name::Question, question, limits::FEEDBACK_TEXT_CHARS),
                    (Name::Answer, answer, limits::FEEDBACK_TEXT_CHARS),
                ];
                for (field, value, max) in parts {
                    required(&mut p, field, value, Code::RedactionRequired, max);
                }
            }
            FeedbackAction::Publish => {}
        }
        p.into_vec()
    }
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
    Reopen {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SenderReplyRequest {
    #[serde(default)]
    pub pin: String,
    pub version: u32,
    #[serde(flatten)]
    pub reply: SenderReply,
}

impl SenderReplyRequest {
    /// Every problem with the reply. Whether the feedback waits for it only the server knows.
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::new();
        p.limit(Name::Check, &self.pin, limits::TRACKING_CHARS);
        match &self.reply {
            SenderReply::Info { text, files: f } => {
                if text.trim().is_empty() && f.is_empty() {
                    p.add(Name::Text, Code::FeedbackInfoEmpty);
                }
                p.limit(Name::Text, text, limits::FEEDBACK_TEXT_CHARS);
                files(&mut p, f, limits::FEEDBACK_FILES);
            }
            SenderReply::Solved => {}
            SenderReply::Reopen { reason } => required(
                &mut p,
                Name::Reason,
                reason,
                Code::FeedbackReopenReasonRequired,
                limits::NOTE_CHARS,
            ),
        }
        p.into_vec()
    }
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
    #[serde(default)]
    pub category_name: Text,
    /// The procedure's name, to link its page.
    #[serde(default)]
    pub procedure_name: Option<Text>,
    #[serde(default)]
    pub published_at: i64,
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
    /// The redacted question's title when published, else the category's name in Vietnamese.
    pub said: String,
    pub did: String,
    pub at: i64,
    /// `said` is the published question's title: its page is `paths::question(code)`.
    #[serde(default)]
    pub published: bool,
    /// The category's name, for `said` in the reader's language when it is not published.
    #[serde(default)]
    pub category_name: Text,
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

impl FeedbackData {
    pub fn category(&self, id: &str) -> Option<&FeedbackCategory> {
        self.categories.iter().find(|c| c.id == id)
    }
}

impl FeedbackCategory {
    /// Whether it may be chosen for feedback about `about`.
    pub fn fits(&self, about: &About) -> bool {
        self.about.iter().any(|k| k == about.kind())
    }
}

#[cfg(test)]
mod request_tests {
    use super::*;

    fn data() -> FeedbackData {
        let category = |id: &str, about: &[&str]| FeedbackCategory {
            id: id.into(),
            name: Text::new(id, id),
            about: about.iter().map(|s| s.to_string()).collect(),
        };
        FeedbackData {
            categories: vec![
                category("thu-tuc", &["procedure"]),
                category("can-bo", &["officer", "agency"]),
            ],
            answer_days: 15,
            forward_days: 5,
            respond_days: 10,
            source: String::new(),
        }
    }

    fn codes(problems: Vec<Problem>) -> Vec<(String, Code)> {
        problems
            .into_iter()
            .map(|p| (p.field.to_string(), p.code))
            .collect()
    }

    #[test]
    fn anonymous_feedback_needs_a_name_and_a_way_to_answer() {
        let req = FeedbackRequest {
            about: Some(About::Procedure("1.013231".into())),
            category: "thu-tuc".into(),
            title: "Thời hạn".into(),
            text: "Quá dài".into(),
            ..Default::default()
        };
        assert_eq!(
            codes(req.problems(&data(), false)),
            [
                ("full_name".into(), Code::FullNameRequired),
                ("phone".into(), Code::FeedbackContactRequired)
            ]
        );
        assert!(req.problems(&data(), true).is_empty());
        let with_mail = FeedbackRequest {
            name: "Nam".into(),
            email: "nam@".into(),
            ..req.clone()
        };
        assert_eq!(
            codes(with_mail.problems(&data(), false)),
            [("email".into(), Code::EmailFormat)]
        );
    }

    #[test]
    fn the_subject_is_one_a_sender_may_choose_with_a_category_that_fits() {
        let req = |about: Option<About>, category: &str| FeedbackRequest {
            about,
            category: category.into(),
            title: "T".into(),
            text: "X".into(),
            ..Default::default()
        };
        let officer = Some(About::Officer("so-xay-dung".into()));
        assert!(req(officer.clone(), "can-bo")
            .problems(&data(), true)
            .is_empty());
        assert_eq!(
            codes(req(officer, "thu-tuc").problems(&data(), true)),
            [("category".into(), Code::FeedbackCategoryMismatch)]
        );
        assert_eq!(
            codes(req(Some(About::Rating("X".into())), "").problems(&data(), true)),
            [
                ("about".into(), Code::FeedbackAboutRequired),
                ("category".into(), Code::FeedbackCategoryRequired)
            ]
        );
    }

    #[test]
    fn actions_and_replies_say_what_they_carry() {
        let act =
            |action: FeedbackAction| codes(FeedbackActionRequest { version: 1, action }.problems());
        assert_eq!(
            act(FeedbackAction::Forward {
                agency: String::new(),
                reason: " ".into()
            }),
            [
                ("agency".into(), Code::FeedbackAgencyRequired),
                ("reason".into(), Code::FeedbackForwardReasonRequired)
            ]
        );
        assert!(act(FeedbackAction::Publish).is_empty());
        let reply = |reply: SenderReply| {
            codes(
                SenderReplyRequest {
                    pin: String::new(),
                    version: 1,
                    reply,
                }
                .problems(),
            )
        };
        assert_eq!(
            reply(SenderReply::Info {
                text: String::new(),
                files: Vec::new()
            }),
            [("text".into(), Code::FeedbackInfoEmpty)]
        );
        assert!(reply(SenderReply::Solved).is_empty());
        // The wire form the app sends.
        let sent: SenderReplyRequest = serde_json::from_value(
            serde_json::json!({"version": 2, "reply": "reopen", "reason": "Chưa"}),
        )
        .unwrap();
        assert_eq!(
            sent.reply,
            SenderReply::Reopen {
                reason: "Chưa".into()
            }
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Publication: what a redaction may say. The officer rewrites the question and the answer for
// everyone to read; nothing in them may point at the sender.
// ---------------------------------------------------------------------------------------------

/// The redaction saved for a piece of feedback, as its officers see it to confirm it: published
/// (from `published_at` on) or waiting to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRedaction {
    pub title: String,
    pub question: String,
    pub answer: String,
    pub published_at: Option<i64>,
}

/// A redaction as it is to be published, with the sender's name as they gave it (the officer
/// sees it in [`FeedbackView::contact`]): the app checks it before sending, the server before
/// saving it.
#[derive(Debug, Clone, Copy)]
pub struct Redaction<'a> {
    pub title: &'a str,
    pub question: &'a str,
    pub answer: &'a str,
    pub sender_name: &'a str,
}

impl Redaction<'_> {
    /// The personal data each part still holds, one problem per part: a phone number, an e-mail
    /// address, a citizen ID or the sender's name. Emptiness and length are
    /// [`FeedbackActionRequest::problems`]'.
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::new();
        for (field, text) in [
            (Name::Title, self.title),
            (Name::Question, self.question),
            (Name::Answer, self.answer),
        ] {
            if let Some(code) = personal_data(text, self.sender_name) {
                p.add(field, code);
            }
        }
        p.into_vec()
    }
}

/// What an agency says it changed is published on "you said, we did": it may hold no personal
/// data either.
pub fn change_problems(change: &str, sender_name: &str) -> Vec<Problem> {
    personal_data(change, sender_name)
        .map(|code| Problem::new(Name::Change, code))
        .into_iter()
        .collect()
}

/// The first kind of personal data found in `text`.
fn personal_data(text: &str, sender_name: &str) -> Option<Code> {
    if text.split_whitespace().any(has_email) {
        return Some(Code::PersonalEmail);
    }
    if let Some(code) = personal_number(text) {
        return Some(code);
    }
    names_sender(text, sender_name).then_some(Code::PersonalName)
}

/// Something@somewhere.tld anywhere in a word, whatever stands around it.
fn has_email(word: &str) -> bool {
    let local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_alphanumeric() || ".-".contains(c);
    word.match_indices('@').any(|(i, _)| {
        let before = word[..i].chars().rev().take_while(|c| local(*c)).count();
        let after: String = word[i + 1..].chars().take_while(|c| domain(*c)).collect();
        let after = after.trim_end_matches(['.', '-']);
        before > 0 && after.split('.').filter(|s| !s.is_empty()).count() >= 2
    })
}

/// A phone number or a citizen ID, written whole or in groups ("0912 345 678", "0912.345.678",
/// "+84 912 345 678", "001 090 012 345"). Any run of consecutive groups counts, so a number
/// written just after a year or a house number is found all the same. A number of 10 or 12 digits
/// not starting with 0 is an amount or a year, not a person.
fn personal_number(text: &str) -> Option<Code> {
    // Groups of digits, each with whether it follows the one before with a separator or two
    // (" ", ".", "-", brackets), and whether a `+` leads it.
    let mut groups: Vec<(String, bool, bool)> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut previous_end = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let between = &chars[previous_end.min(start)..start];
        let joined = previous_end > 0
            && (1..=2).contains(&between.len())
            && between.iter().all(|c| " .-()".contains(*c));
        let plus = start >= 1 && chars[start - 1] == '+';
        previous_end = i;
        // A digit straight after a letter is a code ("NĐ20"), not a number to call.
        let glued = start >= 1 && chars[start - 1].is_alphabetic();
        if !glued {
            groups.push((chars[start..i].iter().collect(), joined, plus));
        } else {
            groups.push((String::new(), false, false));
        }
    }
    for first in 0..groups.len() {
        let mut digits = String::new();
        for (n, (group, joined, _)) in groups[first..].iter().enumerate() {
            if group.is_empty() || (n > 0 && !joined) || digits.len() > 12 {
                break;
            }
            digits.push_str(group);
            let plus = groups[first].2;
            let national = match digits.strip_prefix("84") {
                Some(rest) if plus && rest.len() == 9 => format!("0{rest}"),
                _ => digits.clone(),
            };
            if national.starts_with('0') && matches!(national.len(), 10 | 11) {
                return Some(Code::PersonalPhone);
            }
            if digits.len() == 12 && digits.starts_with('0') {
                return Some(Code::PersonalCitizenId);
            }
        }
    }
    None
}

/// Whether the text has the sender's whole name, folded, as words in a row. A name of one word
/// ("Lan") is too common a word to look for.
fn names_sender(text: &str, sender_name: &str) -> bool {
    let folded_name = crate::text::fold(sender_name);
    let name: Vec<&str> = crate::text::words(&folded_name).collect();
    if name.len() < 2 {
        return false;
    }
    let folded = crate::text::fold(text);
    let words: Vec<&str> = crate::text::words(&folded).collect();
    words.windows(name.len()).any(|w| w == name.as_slice())
}

#[cfg(test)]
mod redaction_tests {
    use super::*;

    fn found(text: &str) -> Option<Code> {
        personal_data(text, "Nguyễn Thị Lan")
    }

    #[test]
    fn personal_data_is_found_however_it_is_written() {
        for phone in [
            "gọi 0912345678",
            "số 0912 345 678 nhé",
            "0912.345.678",
            "(+84) 912-345-678",
            "+84912345678",
            "máy bàn 0208 3856 123",
            "năm 2025 0912 345 678",
        ] {
            assert_eq!(found(phone), Some(Code::PersonalPhone), "{phone}");
        }
        for id in ["CCCD 001090012345", "CCCD: 001 090 012 345."] {
            assert_eq!(found(id), Some(Code::PersonalCitizenId), "{id}");
        }
        for email in ["thư lan.nguyen@gmail.com", "(lan@so.gov.vn)"] {
            assert_eq!(found(email), Some(Code::PersonalEmail), "{email}");
        }
        for name in ["Tôi là NGUYEN THI LAN.", "bà nguyễn thị lan ở"] {
            assert_eq!(found(name), Some(Code::PersonalName), "{name}");
        }
    }

    #[test]
    fn what_changed_is_published_so_it_holds_no_personal_data() {
        let name = "Nguyễn Văn An";
        assert!(change_problems("Bỏ yêu cầu nộp bản sao giấy khai sinh.", name).is_empty());
        for (change, code) in [
            (
                "Đã gọi lại anh Nguyen Van An để xin lỗi.",
                Code::PersonalName,
            ),
            ("Đường dây nóng mới 0912 345 678.", Code::PersonalPhone),
        ] {
            assert_eq!(
                change_problems(change, name),
                vec![Problem::new(Name::Change, code)],
                "{change}"
            );
        }
    }

    #[test]
    fn amounts_dates_and_laws_are_not_personal() {
        for text in [
            "Lệ phí 100.000.000.000 đồng, 25000000000 đồng",
            "Nghị định 20/2008/NĐ-CP ngày 14/02/2008, Quyết định 766/QĐ-TTg",
            "từ 01-12-2026 đến 2026-12-15, 15 ngày làm việc",
            "Chị Lan hỏi về đất đai ở @ phường",
            "mã hồ sơ HS2026120100123",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
        let r = Redaction {
            title: "Cấp sổ đỏ",
            question: "Tôi là Nguyễn Thị Lan, số 0912345678",
            answer: "Liên hệ ban@x.vn",
            sender_name: "Nguyễn Thị Lan",
        };
        let fields: Vec<String> = r.problems().iter().map(|p| p.field.to_string()).collect();
        assert_eq!(fields, ["question", "answer"]);
    }
}
