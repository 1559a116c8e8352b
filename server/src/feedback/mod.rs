//! Feedback and complaints (phản ánh, kiến nghị), between the routes and the store: sending it
//! (signed in or not), routing it to the agency concerned with a deadline in working days, the
//! sender following and replying to it by code and PIN, the officers' queue and actions, the
//! follow-up a low rating opens and the reminders of overdue cases. Publication is `publish`'s.

pub mod files;
pub mod publish;

use std::net::IpAddr;

use axum::http::StatusCode;
use base64::Engine;
use motcua_api::account::{AccountKind, Me};
use motcua_api::calendar::{Calendar, Date};
use motcua_api::feedback::{
    About, FeedbackAction, FeedbackActionRequest, FeedbackContact, FeedbackData, FeedbackEvent,
    FeedbackQueue, FeedbackQueueItem, FeedbackReceipt, FeedbackRequest, FeedbackStatus,
    FeedbackView, SenderReply, SenderReplyRequest,
};
use motcua_api::lifecycle::{pin_display, tracking_pin, EventKind, PIN_LENGTH};
use motcua_api::problem::{Code, Name, Problem};
use motcua_api::stats::Month;
use motcua_api::text::nfc;
use motcua_api::Text;
use sha2::{Digest, Sha256};

use crate::dossiers::Notifier;
use crate::error::{AppError, CHECK_MARKED};
use crate::files::Files;
use crate::lookups::Try;
use crate::search::CatalogueIndex;
use crate::store::feedback::{
    Applied, FeedbackChange, FeedbackRow, FeedbackState, Figure, NewFeedback, NewFeedbackEvent,
    Notice, Stored, Tally,
};
use crate::store::inbox::{Mail, NewNotification};
use crate::store::Store;

/// The category of the follow-up a low rating opens.
pub const LOW_RATING: &str = "danh-gia-thap";
/// The agency that takes feedback whose subject names no one office (a procedure handled by each
/// commune's office): the province's service centre, which forwards it.
const CENTRE: &str = "trung-tam-phuc-vu-hcc";

const NO_FEEDBACK: AppError = AppError::NotFound("Không tìm thấy phản ánh với mã và mã PIN này.");

/// The part of the server's state the feedback service works with, and the moment it works at.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub index: &'a CatalogueIndex,
    pub calendar: &'a Calendar,
    pub files: &'a Files,
    pub notifier: &'a Notifier,
    pub now: i64,
}

impl<'a> Ctx<'a> {
    /// The same at another moment, as a test sweeps days ahead.
    pub fn at(self, now: i64) -> Self {
        Ctx { now, ..self }
    }

    fn today(&self) -> Date {
        Date::in_vietnam(self.now)
    }

    fn settings(&self) -> Result<&'a FeedbackData, AppError> {
        self.index
            .catalogue()
            .feedback
            .as_ref()
            .ok_or(AppError::NotFound("Feedback is not set up."))
    }

    /// The due date of a case an agency receives now: its working days counted from the day it
    /// counts as received (the next working day after office hours or on a day off).
    fn due_from_now(&self, days: u32) -> Date {
        self.calendar
            .add_working_days(self.calendar.received_on(self.now), days)
    }

    /// The last day the sender may say whether an answer given at `answered_at` solved it.
    fn respond_by(&self, answered_at: i64, days: u32) -> Date {
        self.calendar
            .add_working_days(Date::in_vietnam(answered_at), days)
    }

    fn month(&self) -> String {
        Month::in_vietnam(self.now).to_string()
    }
}

/// The categories and deadlines, for the sender's form.
pub fn settings(ctx: &Ctx<'_>) -> Result<FeedbackData, AppError> {
    ctx.settings().cloned()
}

fn refused(code: &'static str, message: &str) -> AppError {
    AppError::refused(StatusCode::CONFLICT, code, message)
}

fn stale() -> AppError {
    refused(
        "version_conflict",
        "Phản ánh vừa được cập nhật; hãy tải lại trang và thử lại.",
    )
}

fn file_gone() -> AppError {
    AppError::invalid(
        CHECK_MARKED,
        vec![Problem::new(Name::Files, Code::FileGone)],
    )
}

fn sha256(s: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(s.as_bytes()))
}

/// A PIN as typed: without the dash it is printed with, spaces, or lower case.
fn typed_pin(pin: &str) -> String {
    pin.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn new_pin() -> Result<String, AppError> {
    let mut bytes = [0u8; 64];
    getrandom::getrandom(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let mut bytes = bytes.into_iter().cycle();
    Ok(tracking_pin(|| bytes.next().unwrap_or_default()))
}

/// The PIN sealed with (or unsealed by) the idempotency key: only whoever holds the key, the
/// sender who sent it, reads it back, so a doubled send answers with the same receipt while the
/// database keeps only the PIN's hash openly.
fn seal(pin: &[u8], key: &str) -> Vec<u8> {
    let pad = Sha256::digest(format!("motcua feedback pin\0{key}").as_bytes());
    pin.iter().zip(pad.iter()).map(|(a, b)| a ^ b).collect()
}

/// The idempotency key's hash: the sender's account, or none, beside the key, so one person's key
/// never finds another's case.
fn key_hash(me: Option<&Me>, key: &str) -> String {
    match me {
        Some(me) => sha256(&format!("feedback\0{}\0{key}", me.id)),
        None => sha256(&format!("feedback\0-\0{key}")),
    }
}

/// The idempotency key, if the sender gave one (8–128 characters); without one each send is new.
fn idempotency_key(key: &str) -> Result<Option<&str>, AppError> {
    match key.trim() {
        "" => Ok(None),
        key if (8..=128).contains(&key.len()) => Ok(Some(key)),
        _ => Err(AppError::bad_request(
            "idempotency_key_length",
            "An idempotency_key has 8–128 characters.",
        )),
    }
}

/// Where feedback about something goes.
struct Route {
    agency: String,
    procedure: Option<String>,
}

fn centre(index: &CatalogueIndex) -> String {
    index
        .catalogue()
        .agencies
        .iter()
        .find(|a| a.keeps_catalogue)
        .map_or(CENTRE.to_string(), |a| a.id.clone())
}

/// The agency that answers feedback about `about`: a procedure's receiving office, or the
/// province's centre where each commune has its own; an agency or its officer's, that agency; a
/// dossier (its owner's only: anyone else learns nothing of it), the agency holding it now.
async fn route(ctx: &Ctx<'_>, about: &About, me: Option<&Me>) -> Result<Route, AppError> {
    match about {
        About::Procedure(code) => {
            let (procedure, agency) = ctx
                .index
                .find(code)
                .ok_or(AppError::NotFound("There is no procedure with this code."))?;
            let agency = match ctx.index.office_for(agency, None) {
                Some(office) => office.id,
                None => centre(ctx.index),
            };
            Ok(Route {
                agency,
                procedure: Some(procedure.code.clone()),
            })
        }
        About::Agency(id) | About::Officer(id) => {
            let office = ctx
                .index
                .office(id)
                .ok_or(AppError::NotFound("There is no such agency."))?;
            Ok(Route {
                agency: office.id.clone(),
                procedure: None,
            })
        }
        About::Dossier(code) | About::Rating(code) => {
            const NO_DOSSIER: AppError = AppError::NotFound("There is no such dossier.");
            let row = ctx.store.dossier_row(code).await?.ok_or(NO_DOSSIER)?;
            if matches!(about, About::Dossier(_)) && me.is_none_or(|me| me.id != row.owner) {
                return Err(NO_DOSSIER);
            }
            let agency = match about {
                About::Rating(_) => row.receipt.agency.clone(),
                _ => row.state.progress.holder().to_string(),
            };
            Ok(Route {
                agency,
                procedure: Some(row.receipt.procedure.clone()),
            })
        }
    }
}

/// What sending feedback came to: a new case, or the one an earlier send with the same key made.
pub enum Sent {
    Created(FeedbackReceipt),
    Found(FeedbackReceipt),
}

/// Sends feedback, signed in (`me`) or not.
pub async fn send(ctx: &Ctx<'_>, me: Option<&Me>, req: FeedbackRequest) -> Result<Sent, AppError> {
    let settings = ctx.settings()?;
    if me.is_some_and(|me| me.kind == AccountKind::Officer) {
        return Err(AppError::refused(
            StatusCode::FORBIDDEN,
            "officers_cannot_send",
            "Tài khoản cán bộ không gửi phản ánh; hãy dùng tài khoản công dân hoặc gửi không đăng nhập.",
        ));
    }
    let key = idempotency_key(&req.idempotency_key)?;
    let hash = key.map(|key| key_hash(me, key));
    if let (Some(key), Some(hash)) = (key, &hash) {
        if let Some(found) = ctx.store.feedback_by_key(hash).await? {
            return Ok(Sent::Found(receipt_again(ctx, &found, key)?));
        }
    }
    let problems = req.problems(settings, me.is_some());
    if !problems.is_empty() {
        return Err(AppError::invalid(CHECK_MARKED, problems));
    }
    let about = req
        .about
        .clone()
        .ok_or_else(|| anyhow::anyhow!("checked"))?;
    let to = route(ctx, &about, me).await?;
    for id in &req.files {
        let free = ctx.store.feedback_file(id).await?;
        if free.is_none_or(|f| f.feedback.is_some()) {
            return Err(file_gone());
        }
    }
    let pin = new_pin()?;
    let clean = |s: &str| nfc(s.trim());
    let (name, phone, email) = match me {
        Some(me) => (
            me.full_name.clone(),
            Some(clean(&req.phone))
                .filter(|p| !p.is_empty())
                .unwrap_or(me.phone.clone()),
            Some(clean(&req.email))
                .filter(|e| !e.is_empty())
                .unwrap_or(me.email.clone()),
        ),
        None => (clean(&req.name), clean(&req.phone), clean(&req.email)),
    };
    let due = ctx.due_from_now(settings.answer_days);
    let new = NewFeedback {
        day: format!(
            "{:02}{:02}{:02}",
            ctx.today().year() % 100,
            ctx.today().month(),
            ctx.today().day()
        ),
        about_kind: about.kind(),
        about_id: about.id().trim().to_string(),
        procedure: to.procedure.clone(),
        category: req.category.clone(),
        title: clean(&req.title),
        text: clean(&req.text),
        consent: req.consent,
        received_at: ctx.now,
        sender: me.map(|m| m.id),
        name,
        phone,
        email: email.clone(),
        pin_hash: sha256(&pin),
        key_hash: hash.clone(),
        pin_sealed: key.map_or(String::new(), |key| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(seal(pin.as_bytes(), key))
        }),
        for_head: false,
        state: FeedbackState::received(to.agency.clone(), due, ctx.now),
        files: req.files.clone(),
        tallies: vec![tally(ctx, &to.agency, &to.procedure, Figure::Received, 1)],
    };
    let told = officers_told(ctx, &to.agency, &new.title, "new").await?;
    let mail_to = (me.is_none() && !email.is_empty()).then_some(email);
    let (sent, pin_ref) = (&new, &pin);
    let notices = move |code: &str| {
        let mut notices = told;
        notices.extend(mail_to.map(|to| Notice::Mail(receipt_mail(ctx, &to, code, sent, pin_ref))));
        notices
    };
    match ctx.store.create_feedback(&new, notices).await? {
        Stored::Created(code) => {
            ctx.notifier.changed(&code);
            Ok(Sent::Created(FeedbackReceipt {
                code,
                pin,
                agency_name: ctx.index.agency_name(&to.agency),
                agency: to.agency,
                due_date: due,
            }))
        }
        // A send with the same key got there first: its case is this one's answer.
        Stored::Exists => {
            let found = match (key, &hash) {
                (Some(key), Some(hash)) => ctx
                    .store
                    .feedback_by_key(hash)
                    .await?
                    .map(|found| receipt_again(ctx, &found, key))
                    .transpose()?,
                _ => None,
            };
            found
                .map(Sent::Found)
                .ok_or_else(|| anyhow::anyhow!("feedback neither stored nor found").into())
        }
        Stored::FileTaken => Err(file_gone()),
    }
}

fn receipt_again(ctx: &Ctx<'_>, row: &FeedbackRow, key: &str) -> Result<FeedbackReceipt, AppError> {
    let sealed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&row.pin_sealed)
        .map_err(|e| anyhow::anyhow!("sealed PIN: {e}"))?;
    let pin = String::from_utf8(seal(&sealed, key)).map_err(|e| anyhow::anyhow!("PIN: {e}"))?;
    Ok(FeedbackReceipt {
        code: row.code.clone(),
        pin,
        agency: row.state.agency.clone(),
        agency_name: ctx.index.agency_name(&row.state.agency),
        due_date: row.state.due_date,
    })
}

fn tally(
    ctx: &Ctx<'_>,
    agency: &str,
    procedure: &Option<String>,
    figure: Figure,
    delta: i64,
) -> Tally {
    Tally {
        agency: agency.to_string(),
        procedure: procedure.clone().unwrap_or_default(),
        month: ctx.month(),
        figure,
        delta,
    }
}

fn site(ctx: &Ctx<'_>) -> String {
    ctx.notifier.site_url().unwrap_or("").to_string()
}

/// The receipt by mail, PIN included, for a sender without an account: the link alone does not
/// open the case.
fn receipt_mail(ctx: &Ctx<'_>, to: &str, code: &str, new: &NewFeedback, pin: &str) -> Mail {
    let link = format!("{}{}", site(ctx), motcua_api::paths::feedback(code, ""));
    let (title, due, pin) = (&new.title, new.state.due_date, pin_display(pin));
    Mail {
        recipient: to.to_string(),
        subject: format!("[Một Cửa] Đã nhận phản ánh {code}"),
        body: format!(
            "Phản ánh “{title}” (mã {code}) đã được tiếp nhận và sẽ được trả lời chậm nhất ngày {due}. Theo dõi tại {link} với mã PIN {pin}.\n\nYour feedback “{title}” (code {code}) was received and will be answered by {due}. Follow it at {link} with the PIN {pin}.\n"
        ),
    }
}

/// The messages to the officers of `agency` about a case: new (`new`), forwarded to them
/// (`forwarded`), the sender's reply (`reply`), or overdue (`overdue`).
async fn officers_told(
    ctx: &Ctx<'_>,
    agency: &str,
    title: &str,
    what: &str,
) -> anyhow::Result<Vec<Notice>> {
    let (heading, body) = match what {
        "new" => (
            Text::new("Phản ánh, kiến nghị mới", "New feedback"),
            Text {
                vi: format!("Cơ quan nhận được phản ánh mới: “{title}”."),
                en: format!("Your agency received new feedback: “{title}”."),
            },
        ),
        "forwarded" => (
            Text::new("Phản ánh được chuyển đến", "Feedback forwarded to you"),
            Text {
                vi: format!("Một phản ánh được chuyển đến cơ quan: “{title}”."),
                en: format!("Feedback was forwarded to your agency: “{title}”."),
            },
        ),
        "reply" => (
            Text::new("Người gửi phản ánh đã trả lời", "The sender replied"),
            Text {
                vi: format!(
                    "Người gửi phản ánh “{title}” đã bổ sung thông tin hoặc mở lại phản ánh."
                ),
                en: format!("The sender of “{title}” added information or reopened it."),
            },
        ),
        _ => (
            Text::new("Phản ánh quá hạn trả lời", "Feedback past its due date"),
            Text {
                vi: format!("Phản ánh “{title}” đã quá hạn trả lời."),
                en: format!("Feedback “{title}” is past its due date."),
            },
        ),
    };
    let officers = ctx.store.agency_officers(agency).await?;
    Ok(officers
        .into_iter()
        .map(|(account, email)| {
            let email = (!email.trim().is_empty()).then(|| Mail {
                recipient: email,
                subject: format!("[Một Cửa] {}", heading.vi),
                body: format!(
                    "{}\n\n{}\n\n{}{}\n",
                    body.vi,
                    body.en,
                    site(ctx),
                    motcua_api::paths::feedback_queue()
                ),
            });
            Notice::Account(NewNotification {
                account,
                kind: EventKind::Feedback,
                title: heading.clone(),
                body: body.clone(),
                email,
            })
        })
        .collect())
}

/// The message to the sender (inbox and mail when signed in, mail alone when they gave only an
/// address) that their case was answered or forwarded, or that the agency asks for more.
async fn sender_told(
    ctx: &Ctx<'_>,
    row: &FeedbackRow,
    heading: Text,
    body: Text,
) -> anyhow::Result<Option<Notice>> {
    let mail = |recipient: String| Mail {
        recipient,
        subject: format!("[Một Cửa] {} — {}", heading.vi, row.code),
        body: format!(
            "{}\n\n{}\n\nTheo dõi / Follow it: {}{}\n",
            body.vi,
            body.en,
            site(ctx),
            motcua_api::paths::feedback(&row.code, "")
        ),
    };
    let email = Some(row.email.trim().to_string()).filter(|e| !e.is_empty());
    Ok(match row.sender {
        Some(account) => Some(Notice::Account(NewNotification {
            account,
            kind: EventKind::Feedback,
            title: heading.clone(),
            body: body.clone(),
            email: email.map(mail),
        })),
        None => email.map(|e| Notice::Mail(mail(e))),
    })
}

/// How the sender may open a case: signed in as its sender, or with its PIN. Officers of the agency
/// holding it open it too (for its files). Wrong codes and wrong PINs are answered alike and
/// counted against the address, as tracking counts them. The PIN always opens, however many wrong
/// tries its code had, as a dossier's does: it cannot be guessed within the addresses' limits, and
/// a count per code would let anyone lock the sender out.
pub async fn open(
    ctx: &Ctx<'_>,
    code: &str,
    me: Option<&Me>,
    pin: &str,
    address: IpAddr,
) -> Result<(FeedbackRow, Opener), AppError> {
    let attempt = Try::begin(ctx.store, &address.to_string(), ctx.now).await?;
    let code = code.trim();
    let row = match code.len() <= 64 {
        true => ctx.store.feedback_row(code).await?,
        false => None,
    };
    let opener = row.as_ref().and_then(|row| {
        if me.is_some_and(|me| row.sender == Some(me.id)) {
            return Some(Opener::Sender);
        }
        if me.is_some_and(|me| holds(me, row)) {
            return Some(Opener::Officer);
        }
        let pin = typed_pin(pin);
        (pin.len() == PIN_LENGTH && sha256(&pin) == row.pin_hash).then_some(Opener::Sender)
    });
    match (row, opener) {
        (Some(row), Some(opener)) => {
            attempt.opened().await?;
            Ok((row, opener))
        }
        _ => Err(NO_FEEDBACK),
    }
}

/// Who opened a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opener {
    Sender,
    Officer,
}

/// Whether `me` is an officer of the agency answering the case now.
fn holds(me: &Me, row: &FeedbackRow) -> bool {
    me.kind == AccountKind::Officer && me.agency.as_deref() == Some(row.state.agency.as_str())
}

/// The status as it reads today: an answer not replied to within the time to respond is closed.
fn status_now(ctx: &Ctx<'_>, row: &FeedbackRow, settings: &FeedbackData) -> FeedbackStatus {
    match (row.state.status, row.state.answered_at) {
        (FeedbackStatus::Answered, Some(at))
            if ctx.today() > ctx.respond_by(at, settings.respond_days) =>
        {
            FeedbackStatus::Closed
        }
        (status, _) => status,
    }
}

fn about_of(row: &FeedbackRow) -> anyhow::Result<About> {
    About::from_parts(&row.about_kind, &row.about_id)
        .ok_or_else(|| anyhow::anyhow!("unknown subject {}", row.about_kind))
}

fn about_name(ctx: &Ctx<'_>, about: &About) -> Text {
    match about {
        About::Procedure(code) => ctx.index.procedure_name(code),
        About::Agency(id) | About::Officer(id) => ctx.index.agency_name(id),
        About::Dossier(code) | About::Rating(code) => Text::new(code, code),
    }
}

/// A case as its sender (no contact shown) or an officer (`contact`) sees it.
pub async fn view(
    ctx: &Ctx<'_>,
    row: &FeedbackRow,
    contact: bool,
) -> Result<FeedbackView, AppError> {
    let settings = ctx.settings()?;
    let about = about_of(row)?;
    let status = status_now(ctx, row, settings);
    let events = ctx
        .store
        .feedback_events(&row.code)
        .await?
        .into_iter()
        .map(|e| FeedbackEvent {
            at: e.at,
            kind: e.kind,
            agency_name: ctx.index.agency_name(&e.agency),
            agency: e.agency,
            text: e.text,
            files: e.files,
        })
        .collect::<Vec<_>>();
    let files = events.first().map(|e| e.files.clone()).unwrap_or_default();
    let can_respond = status == FeedbackStatus::Answered;
    Ok(FeedbackView {
        code: row.code.clone(),
        about_name: about_name(ctx, &about),
        about,
        category: row.category.clone(),
        title: row.title.clone(),
        text: row.text.clone(),
        files,
        status,
        received_at: row.received_at,
        agency: row.state.agency.clone(),
        agency_name: ctx.index.agency_name(&row.state.agency),
        due_date: row.state.due_date,
        consent: row.consent,
        events,
        can_respond,
        can_reopen: can_respond && !row.state.reopened,
        contact: contact.then(|| FeedbackContact {
            name: row.name.clone(),
            phone: row.phone.clone(),
            email: row.email.clone(),
        }),
        redaction: match contact {
            true => publish::saved(ctx, &row.code).await?,
            false => None,
        },
        version: row.state.version,
    })
}

/// The sender's reply: the information asked for, solved, or not solved (reopened, once).
pub async fn reply(
    ctx: &Ctx<'_>,
    code: &str,
    me: Option<&Me>,
    address: IpAddr,
    req: SenderReplyRequest,
) -> Result<FeedbackView, AppError> {
    let settings = ctx.settings()?;
    let (row, opener) = open(ctx, code, me, &req.pin, address).await?;
    if opener != Opener::Sender {
        return Err(AppError::refused(
            StatusCode::FORBIDDEN,
            "sender_only",
            "Chỉ người gửi phản ánh được trả lời ở đây.",
        ));
    }
    let problems = req.problems();
    if !problems.is_empty() {
        return Err(AppError::invalid(CHECK_MARKED, problems));
    }
    if req.version != row.state.version {
        return Err(stale());
    }
    let s = &row.state;
    let mut next = FeedbackState {
        version: s.version + 1,
        ..s.clone()
    };
    let mut tallies = Vec::new();
    let mut notices = Vec::new();
    let status = status_now(ctx, &row, settings);
    let (kind, text, files) = match req.reply {
        SenderReply::Info { text, files } => {
            if status != FeedbackStatus::InfoRequested {
                return Err(refused(
                    "not_asked",
                    "Cơ quan không đang chờ thông tin bổ sung cho phản ánh này.",
                ));
            }
            // The clock stood still while the agency waited: the due date moves by the working
            // days it waited.
            let asked = Date::in_vietnam(s.paused_at.unwrap_or(ctx.now));
            let waited = ctx.calendar.working_days_between(asked, ctx.today());
            next.due_date = match waited {
                0 => s.due_date,
                n => ctx.calendar.add_working_days(s.due_date, n),
            };
            next.paused_at = None;
            next.overdue_notified = false;
            next.status = match s.reopened {
                true => FeedbackStatus::Reopened,
                false => FeedbackStatus::Received,
            };
            notices.extend(officers_told(ctx, &s.agency, &row.title, "reply").await?);
            ("info_given", nfc(text.trim()), files)
        }
        SenderReply::Solved => {
            if status != FeedbackStatus::Answered {
                return Err(refused(
                    "not_answered",
                    "Chỉ cho biết kết quả được sau khi cơ quan trả lời, trong thời hạn phản hồi.",
                ));
            }
            next.status = FeedbackStatus::Solved;
            tallies.push(tally(ctx, &s.agency, &row.procedure, Figure::Satisfied, 1));
            ("solved", String::new(), Vec::new())
        }
        SenderReply::Reopen { reason } => {
            if status != FeedbackStatus::Answered {
                return Err(refused(
                    "not_answered",
                    "Chỉ mở lại được phản ánh đã được trả lời, trong thời hạn phản hồi.",
                ));
            }
            if s.reopened {
                return Err(refused(
                    "reopened_once",
                    "Phản ánh chỉ được mở lại một lần.",
                ));
            }
            next.status = FeedbackStatus::Reopened;
            next.reopened = true;
            next.due_date = ctx.due_from_now(settings.answer_days);
            next.overdue_notified = false;
            tallies.push(tally(
                ctx,
                &s.agency,
                &row.procedure,
                Figure::Dissatisfied,
                1,
            ));
            notices.extend(officers_told(ctx, &s.agency, &row.title, "reply").await?);
            ("reopened", nfc(reason.trim()), Vec::new())
        }
    };
    let change = FeedbackChange {
        seen: s.version,
        state: next,
        event: NewFeedbackEvent {
            kind,
            agency: s.agency.clone(),
            actor: None,
            text,
            files,
        },
        tallies,
        notices,
    };
    apply(ctx, &row.code, change).await
}

async fn apply(
    ctx: &Ctx<'_>,
    code: &str,
    change: FeedbackChange,
) -> Result<FeedbackView, AppError> {
    match ctx
        .store
        .apply_feedback_change(code, &change, ctx.now)
        .await?
    {
        Applied::Done => {}
        Applied::Stale => return Err(stale()),
        Applied::FileTaken => return Err(file_gone()),
    }
    ctx.notifier.changed(code);
    let row = ctx
        .store
        .feedback_row(code)
        .await?
        .ok_or_else(|| anyhow::anyhow!("feedback vanished"))?;
    view(ctx, &row, true).await
}

/// The agency of an officer; anyone else may not see an agency's work.
fn officer_agency(me: &Me) -> Result<&str, AppError> {
    match (me.kind, me.agency.as_deref()) {
        (AccountKind::Officer, Some(agency)) => Ok(agency),
        _ => Err(AppError::refused(
            StatusCode::FORBIDDEN,
            "officers_only",
            "Chỉ cán bộ của cơ quan giải quyết được xem trang này.",
        )),
    }
}

/// Working days from `today` to `due`; negative past it.
fn days_left(calendar: &Calendar, today: Date, due: Date) -> i32 {
    if due >= today {
        calendar.working_days_between(today, due) as i32
    } else {
        -(calendar.working_days_between(due, today) as i32)
    }
}

fn queue_item(ctx: &Ctx<'_>, row: &FeedbackRow) -> anyhow::Result<FeedbackQueueItem> {
    Ok(FeedbackQueueItem {
        code: row.code.clone(),
        title: row.title.clone(),
        about: about_of(row)?,
        category: row.category.clone(),
        status: row.state.status,
        received_at: row.received_at,
        due_date: row.state.due_date,
        days_left: days_left(ctx.calendar, ctx.today(), row.state.due_date),
    })
}

/// Whether a case counts as overdue today: waiting on the agency past its due date (a case waiting
/// for the sender's information has its clock stopped).
fn overdue(ctx: &Ctx<'_>, row: &FeedbackRow) -> bool {
    matches!(
        row.state.status,
        FeedbackStatus::Received | FeedbackStatus::Reopened
    ) && row.state.due_date < ctx.today()
}

/// The officer's agency's open feedback, soonest due first.
pub async fn queue(ctx: &Ctx<'_>, me: &Me) -> Result<FeedbackQueue, AppError> {
    let agency = officer_agency(me)?;
    let rows = ctx.store.feedback_queue(agency).await?;
    let items = rows
        .iter()
        .map(|r| queue_item(ctx, r))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(FeedbackQueue {
        total: items.len() as u64,
        overdue: rows.iter().filter(|r| overdue(ctx, r)).count() as u64,
        items,
    })
}

/// A signed-in sender's feedback, newest first.
pub async fn mine(ctx: &Ctx<'_>, me: &Me) -> Result<FeedbackQueue, AppError> {
    let settings = ctx.settings()?;
    let rows = ctx.store.sender_feedback(me.id).await?;
    let items = rows
        .iter()
        .map(|r| {
            Ok(FeedbackQueueItem {
                status: status_now(ctx, r, settings),
                ..queue_item(ctx, r)?
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(FeedbackQueue {
        total: items.len() as u64,
        overdue: rows.iter().filter(|r| overdue(ctx, r)).count() as u64,
        items,
    })
}

/// A case held by the officer's agency; any other is as if it did not exist.
async fn held(ctx: &Ctx<'_>, me: &Me, code: &str) -> Result<FeedbackRow, AppError> {
    officer_agency(me)?;
    let row = ctx
        .store
        .feedback_row(code)
        .await?
        .ok_or(AppError::NotFound("There is no feedback with this code."))?;
    if !holds(me, &row) {
        return Err(AppError::NotFound("There is no feedback with this code."));
    }
    Ok(row)
}

pub async fn officer_view(ctx: &Ctx<'_>, me: &Me, code: &str) -> Result<FeedbackView, AppError> {
    let row = held(ctx, me, code).await?;
    view(ctx, &row, true).await
}

/// An officer's action on a case their agency holds, at the version they saw.
pub async fn act(
    ctx: &Ctx<'_>,
    me: &Me,
    code: &str,
    req: FeedbackActionRequest,
) -> Result<FeedbackView, AppError> {
    let settings = ctx.settings()?;
    let row = held(ctx, me, code).await?;
    let problems = req.problems();
    if !problems.is_empty() {
        return Err(AppError::invalid(CHECK_MARKED, problems));
    }
    if req.version != row.state.version {
        return Err(stale());
    }
    let s = &row.state;
    let mut next = FeedbackState {
        version: s.version + 1,
        ..s.clone()
    };
    let mut tallies = Vec::new();
    let mut notices = Vec::new();
    let waiting = matches!(
        s.status,
        FeedbackStatus::Received | FeedbackStatus::InfoRequested | FeedbackStatus::Reopened
    );
    let (kind, text, files) = match req.action {
        FeedbackAction::Answer {
            text,
            files,
            change,
        } => {
            if !waiting {
                return Err(refused("answered", "Phản ánh này đã được trả lời."));
            }
            let personal = motcua_api::feedback::change_problems(&change, &row.name);
            if !personal.is_empty() {
                return Err(AppError::invalid(CHECK_MARKED, personal));
            }
            let text = nfc(text.trim());
            let first = s.answered_at.is_none();
            next.status = match s.reopened {
                true => FeedbackStatus::Closed,
                false => FeedbackStatus::Answered,
            };
            next.answered_at = Some(ctx.now);
            next.answer = text.clone();
            next.paused_at = None;
            if !change.trim().is_empty() {
                next.change_text = nfc(change.trim());
            }
            if first {
                let on_time = ctx.today() <= s.due_date;
                next.answered_on_time = Some(on_time);
                tallies.push(tally(ctx, &s.agency, &row.procedure, Figure::Answered, 1));
                let timely = match on_time {
                    true => Figure::AnsweredOnTime,
                    false => Figure::AnsweredLate,
                };
                tallies.push(tally(ctx, &s.agency, &row.procedure, timely, 1));
            }
            let told = sender_told(
                ctx,
                &row,
                Text::new("Phản ánh đã được trả lời", "Your feedback was answered"),
                Text {
                    vi: format!(
                        "{} đã trả lời phản ánh “{}”: {text}",
                        ctx.index.agency_name(&s.agency).vi,
                        row.title
                    ),
                    en: format!(
                        "{} answered your feedback “{}”: {text}",
                        ctx.index.agency_name(&s.agency).en,
                        row.title
                    ),
                },
            )
            .await?;
            notices.extend(told);
            ("answered", text, files)
        }
        FeedbackAction::Forward { agency, reason } => {
            if !matches!(
                s.status,
                FeedbackStatus::Received | FeedbackStatus::Reopened
            ) {
                return Err(refused(
                    "not_forwardable",
                    "Chỉ chuyển được phản ánh đang chờ cơ quan trả lời.",
                ));
            }
            // Decree 20/2008: feedback outside an agency's competence is forwarded within its
            // working days of reaching the agency; after that the agency answers it itself.
            let by = ctx
                .calendar
                .add_working_days(ctx.calendar.received_on(s.routed_at), settings.forward_days);
            if ctx.today() > by {
                return Err(refused(
                    "forward_too_late",
                    &format!(
                        "Đã quá {} ngày làm việc kể từ khi cơ quan nhận phản ánh (hạn chuyển là ngày {by}): cơ quan cần tự trả lời.",
                        settings.forward_days
                    ),
                ));
            }
            let to = ctx
                .index
                .office(agency.trim())
                .ok_or(AppError::NotFound("There is no such agency."))?;
            if to.id == s.agency {
                return Err(refused(
                    "same_agency",
                    "Phản ánh đang ở cơ quan này; hãy chọn cơ quan khác.",
                ));
            }
            next.agency = to.id.clone();
            next.routed_at = ctx.now;
            next.due_date = ctx.due_from_now(settings.answer_days);
            next.overdue_notified = false;
            // Counted as received by the agency that answers it, in the month it was received.
            let received = Month::in_vietnam(row.received_at).to_string();
            let procedure = row.procedure.clone().unwrap_or_default();
            for (agency, delta) in [(s.agency.clone(), -1), (to.id.clone(), 1)] {
                tallies.push(Tally {
                    agency,
                    procedure: procedure.clone(),
                    month: received.clone(),
                    figure: Figure::Received,
                    delta,
                });
            }
            notices.extend(officers_told(ctx, &to.id, &row.title, "forwarded").await?);
            // The sender learns who answers now and by when: the due date they were given moved.
            let (name, due) = (ctx.index.agency_name(&to.id), next.due_date);
            let told = sender_told(
                ctx,
                &row,
                Text::new("Phản ánh đã được chuyển cơ quan", "Your feedback was forwarded"),
                Text {
                    vi: format!(
                        "Phản ánh “{}” đã được chuyển đến {}, cơ quan có thẩm quyền trả lời, hạn trả lời ngày {}.",
                        row.title,
                        name.vi,
                        motcua_api::answers::date_text(&due.to_string())
                    ),
                    en: format!(
                        "Your feedback “{}” was forwarded to {}, the agency competent to answer it, by {}.",
                        row.title,
                        name.en,
                        motcua_api::answers::date_text(&due.to_string())
                    ),
                },
            )
            .await?;
            notices.extend(told);
            ("forwarded", nfc(reason.trim()), Vec::new())
        }
        FeedbackAction::AskInfo { question } => {
            if !matches!(
                s.status,
                FeedbackStatus::Received | FeedbackStatus::Reopened
            ) {
                return Err(refused(
                    "not_waiting",
                    "Chỉ hỏi thêm thông tin được khi phản ánh đang chờ cơ quan trả lời.",
                ));
            }
            let question = nfc(question.trim());
            next.status = FeedbackStatus::InfoRequested;
            next.paused_at = Some(ctx.now);
            let told = sender_told(
                ctx,
                &row,
                Text::new("Cần bổ sung thông tin cho phản ánh", "Your feedback needs more information"),
                Text {
                    vi: format!("Cơ quan đề nghị bổ sung cho phản ánh “{}”: {question} Thời hạn trả lời tạm dừng đến khi anh/chị bổ sung.", row.title),
                    en: format!("The agency asks about your feedback “{}”: {question} The time to answer is paused until you reply.", row.title),
                },
            )
            .await?;
            notices.extend(told);
            ("info_requested", question, Vec::new())
        }
        FeedbackAction::Redact {
            title,
            question,
            answer,
        } => {
            publish::redact(ctx, me.id, code, s.version, &title, &question, &answer).await?;
            return reread(ctx, code).await;
        }
        FeedbackAction::Publish => {
            publish::publish(ctx, me.id, code, s.version).await?;
            return reread(ctx, code).await;
        }
    };
    let change = FeedbackChange {
        seen: s.version,
        state: next,
        event: NewFeedbackEvent {
            kind,
            agency: s.agency.clone(),
            actor: Some(me.id),
            text,
            files,
        },
        tallies,
        notices,
    };
    apply(ctx, &row.code, change).await
}

async fn reread(ctx: &Ctx<'_>, code: &str) -> Result<FeedbackView, AppError> {
    ctx.notifier.changed(code);
    let row = ctx
        .store
        .feedback_row(code)
        .await?
        .ok_or_else(|| anyhow::anyhow!("feedback vanished"))?;
    view(ctx, &row, true).await
}

/// After a rating: one of 1 or 2, overall or on any criterion, opens a follow-up for the head of the
/// dossier's agency, once per dossier (a changed rating opens no second).
pub async fn rated(
    ctx: &Ctx<'_>,
    dossier: &str,
    owner: i64,
    rating: &motcua_api::lifecycle::RatingRequest,
) -> Result<(), AppError> {
    let low = rating.overall <= 2 || rating.criteria.values().any(|&p| p <= 2);
    let Some(settings) = ctx.index.catalogue().feedback.as_ref() else {
        return Ok(());
    };
    if !low {
        return Ok(());
    }
    let about = About::Rating(dossier.to_string());
    let to = route(ctx, &about, None).await?;
    let sender = ctx.store.account_by_id(owner).await?.map(|a| a.me);
    let pin = new_pin()?;
    let title = format!("Đánh giá không hài lòng hồ sơ {dossier}");
    let mut points = vec![format!("chung {}", rating.overall)];
    points.extend(rating.criteria.iter().map(|(c, p)| format!("{c} {p}")));
    let text = match rating.comment.trim() {
        "" => format!("Điểm đánh giá: {}.", points.join(", ")),
        comment => format!(
            "Điểm đánh giá: {}. Ý kiến: {}",
            points.join(", "),
            nfc(comment)
        ),
    };
    let due = ctx.due_from_now(settings.answer_days);
    let new = NewFeedback {
        day: format!(
            "{:02}{:02}{:02}",
            ctx.today().year() % 100,
            ctx.today().month(),
            ctx.today().day()
        ),
        about_kind: about.kind(),
        about_id: dossier.to_string(),
        procedure: to.procedure.clone(),
        category: LOW_RATING.to_string(),
        title: title.clone(),
        text,
        consent: false,
        received_at: ctx.now,
        sender: Some(owner),
        name: sender
            .as_ref()
            .map(|m| m.full_name.clone())
            .unwrap_or_default(),
        phone: sender.as_ref().map(|m| m.phone.clone()).unwrap_or_default(),
        email: sender.as_ref().map(|m| m.email.clone()).unwrap_or_default(),
        pin_hash: sha256(&pin),
        key_hash: None,
        pin_sealed: String::new(),
        for_head: true,
        state: FeedbackState::received(to.agency.clone(), due, ctx.now),
        files: Vec::new(),
        tallies: vec![tally(ctx, &to.agency, &to.procedure, Figure::Received, 1)],
    };
    let notices = officers_told(ctx, &to.agency, &title, "new").await?;
    if let Stored::Created(code) = ctx.store.create_feedback(&new, |_| notices).await? {
        ctx.notifier.changed(&code);
    }
    Ok(())
}

/// Reminds each agency of its cases newly past their due date, once per due date; answers how many.
pub async fn sweep_overdue(ctx: &Ctx<'_>) -> anyhow::Result<usize> {
    let mut marked = 0;
    loop {
        let codes = ctx.store.newly_overdue_feedback(ctx.today(), 100).await?;
        if codes.is_empty() {
            return Ok(marked);
        }
        for code in codes {
            let Some(row) = ctx.store.feedback_row(&code).await? else {
                continue;
            };
            let s = &row.state;
            let change = FeedbackChange {
                seen: s.version,
                state: FeedbackState {
                    overdue_notified: true,
                    version: s.version + 1,
                    ..s.clone()
                },
                event: NewFeedbackEvent {
                    kind: "overdue",
                    agency: s.agency.clone(),
                    actor: None,
                    text: String::new(),
                    files: Vec::new(),
                },
                tallies: Vec::new(),
                notices: officers_told(ctx, &s.agency, &row.title, "overdue").await?,
            };
            if ctx
                .store
                .apply_feedback_change(&code, &change, ctx.now)
                .await?
                == Applied::Done
            {
                marked += 1;
                ctx.notifier.changed(&code);
            }
        }
    }
}
