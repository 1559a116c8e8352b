//! Telling people a dossier changed: live pages through a broadcast of its code, and its owner
//! through the inbox and, where they gave an address, mail.

use std::sync::Arc;

use futures_util::StreamExt;
use motcua_api::account::Me;
use motcua_api::lifecycle::{DeadMail, EventKind};
use motcua_api::Text;
use tokio::sync::{broadcast, mpsc, Notify};

use super::{officer_agency, Ctx};
use crate::error::AppError;
use crate::store::dossiers::{DossierRow, NewEvent};
use crate::store::inbox::{Mail, NewNotification};
use crate::store::Store;

/// How many of this copy's changes may wait to be announced to the others before some are dropped
/// (their live pages then miss them until the next change).
const WAITING_ANNOUNCEMENTS: usize = 4096;

/// Where changes are announced: to this copy's live pages, and, through a database that carries
/// announcements (PostgreSQL), to every other copy of the server sharing it.
#[derive(Clone)]
pub struct Notifier {
    /// The code of every dossier (or id of every project) that changes, for live pages; `None` when
    /// changes may have been missed (the announcements' connection was lost a while).
    changes: broadcast::Sender<Option<String>>,
    /// Wakes the mail worker when there is new mail.
    mail_wake: Arc<Notify>,
    /// The site's address for links in mail, when mail is sent.
    site_url: Option<Arc<str>>,
    /// This copy's changes on their way to the others.
    relay: Option<mpsc::Sender<String>>,
}

impl Notifier {
    /// The notifier of a copy on `store`; where the store carries announcements, it sends this
    /// copy's changes and tells this copy's live pages of the others'.
    pub async fn new(site_url: Option<&str>, store: &Store) -> anyhow::Result<Self> {
        let mut notifier = Notifier {
            changes: broadcast::channel(1024).0,
            mail_wake: Arc::new(Notify::new()),
            site_url: site_url.map(Arc::from),
            relay: None,
        };
        if let Some(heard) = store.listen().await? {
            notifier.relay = Some(notifier.relay_through(store.clone(), heard));
        }
        Ok(notifier)
    }

    /// Starts announcing this copy's changes and passing on those `heard` from the others (each
    /// copy hears its own too: they are told apart by a name drawn at start).
    fn relay_through(&self, store: Store, mut heard: crate::store::Heard) -> mpsc::Sender<String> {
        let mut name = [0u8; 8];
        let _ = getrandom::getrandom(&mut name);
        let me = format!("{:016x}", u64::from_le_bytes(name));
        let (relay, mut outgoing) = mpsc::channel::<String>(WAITING_ANNOUNCEMENTS);
        let from = me.clone();
        tokio::spawn(async move {
            while let Some(code) = outgoing.recv().await {
                if let Err(e) = store.announce(&format!("{from} {code}")).await {
                    tracing::warn!(error = %e, code, "a change was not announced to the other copies");
                }
            }
        });
        let (changes, wake) = (self.changes.clone(), self.mail_wake.clone());
        tokio::spawn(async move {
            while let Some(message) = heard.next().await {
                match message.as_deref().map(|m| m.split_once(' ')) {
                    Some(Some((origin, _))) if origin == me => {}
                    Some(Some((_, code))) => {
                        let _ = changes.send(Some(code.to_string()));
                        wake.notify_one();
                    }
                    Some(None) => {}
                    None => {
                        let _ = changes.send(None);
                    }
                }
            }
        });
        relay
    }

    /// The site's address as people reach it, when it is known.
    pub fn site_url(&self) -> Option<&str> {
        self.site_url.as_deref()
    }

    /// What the mail worker waits on.
    pub fn mail_wake(&self) -> Arc<Notify> {
        self.mail_wake.clone()
    }

    /// Tells live pages (and the mail worker) that a dossier changed, on every copy.
    pub fn changed(&self, code: &str) {
        let _ = self.changes.send(Some(code.to_string()));
        self.mail_wake.notify_one();
        if let Some(relay) = &self.relay {
            if relay.try_send(code.to_string()).is_err() {
                tracing::warn!(
                    code,
                    "too many changes waiting: one not announced to the other copies"
                );
            }
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Option<String>> {
        self.changes.subscribe()
    }
}

/// How many dead mails an officer sees at once: the latest.
const DEAD_MAIL_SHOWN: u32 = 200;

/// The dead mail about dossiers the officer's agency received (the workflow's first step), latest
/// first. Only the receiving agency's: its desk is the applicant's contact (the one-stop counter that
/// takes the dossier in and, in the workflows, hands the result back),
/// so it is who phones them when mail fails. Other agencies of the workflow work on the dossier, not
/// with the person, and showing every agency every citizen's address and mail would spread them
/// further than anyone needs; mail about no dossier is no agency's.
pub async fn dead_mail(ctx: &Ctx<'_>, me: &Me) -> Result<Vec<DeadMail>, AppError> {
    let agency = officer_agency(me)?;
    Ok(ctx.store.dead_mail(agency, DEAD_MAIL_SHOWN).await?)
}

/// The message the owner gets for an event, with its mail when they gave an address; `None` for
/// events they need not be told of. `by` is who acted on the applicant's side when that is not the
/// owner (another member of the company): the owner hears of it, a withdrawal above all.
pub(super) async fn notification(
    ctx: &Ctx<'_>,
    row: &DossierRow,
    event: &NewEvent,
    by: Option<&Me>,
) -> anyhow::Result<Option<NewNotification>> {
    let Some((title, body)) = message(row, event, by) else {
        return Ok(None);
    };
    let code = &row.code;
    let owner = ctx.store.account_by_id(row.owner).await?;
    let email = owner
        .map(|a| a.me.email)
        .filter(|e| !e.trim().is_empty())
        .map(|recipient| Mail {
            recipient,
            subject: format!("[Một Cửa] {} — {code}", title.vi),
            body: format!(
                "{}\n\n{}\n\nTheo dõi hồ sơ / Follow your dossier: {}/ho-so/{}\n",
                body.vi,
                body.en,
                ctx.notifier.site_url.as_deref().unwrap_or(""),
                motcua_api::encode_component(code)
            ),
        });
    Ok(Some(NewNotification {
        account: row.owner,
        kind: event.kind,
        title,
        body,
        email,
    }))
}

/// The title and text of the owner's message about an event, if it is one they must know of.
fn message(row: &DossierRow, event: &NewEvent, by: Option<&Me>) -> Option<(Text, Text)> {
    let code = &row.code;
    let name = &row.receipt.procedure_name;
    let someone = by.map(|me| format!("{} ({})", me.full_name, me.identifier));
    Some(match (event.kind, someone) {
        (EventKind::Withdrawn, Some(who)) => (
            Text::new("Hồ sơ đã bị rút", "Your dossier was withdrawn"),
            Text {
                vi: format!("{who} đã rút hồ sơ {code} ({}) của anh/chị.", name.vi),
                en: format!("{who} withdrew your dossier {code} ({}).", name.en),
            },
        ),
        (EventKind::Supplemented, Some(who)) => (
            Text::new("Hồ sơ đã được bổ sung", "Your dossier was supplemented"),
            Text {
                vi: format!("{who} đã bổ sung hồ sơ {code} ({}) của anh/chị.", name.vi),
                en: format!(
                    "{who} sent a supplement to your dossier {code} ({}).",
                    name.en
                ),
            },
        ),
        (kind, _) => return officer_message(row, event, kind),
    })
}

/// The owner's message about what the agencies (or the overdue sweep) did.
fn officer_message(row: &DossierRow, event: &NewEvent, kind: EventKind) -> Option<(Text, Text)> {
    let code = &row.code;
    let name = &row.receipt.procedure_name;
    let data = &event.data;
    Some(match kind {
        EventKind::Received => (
            Text::new("Hồ sơ đã được tiếp nhận", "Your dossier was received"),
            Text {
                vi: format!("Hồ sơ {code} ({}) đã được tiếp nhận và đang được giải quyết.", name.vi),
                en: format!("Dossier {code} ({}) was received and is being processed.", name.en),
            },
        ),
        // Moved between the agencies of its workflow: anything done to a dossier is its owner's to
        // know, not only what asks something of them.
        EventKind::Forwarded => (
            Text::new("Hồ sơ được chuyển bước xử lý", "Your dossier moved to its next step"),
            Text {
                vi: format!("Hồ sơ {code} ({}) đã được chuyển sang bước xử lý tiếp theo.", name.vi),
                en: format!("Dossier {code} ({}) moved to the next step of its processing.", name.en),
            },
        ),
        EventKind::SupplementRequested => (
            Text::new("Cần bổ sung hồ sơ", "Your dossier needs more documents"),
            Text {
                vi: format!(
                    "Hồ sơ {code} cần bổ sung: {}. Thời gian giải quyết tạm dừng đến khi anh/chị bổ sung.",
                    data.items.join("; ")
                ),
                en: format!(
                    "Dossier {code} needs: {}. The processing time is paused until you answer.",
                    data.items.join("; ")
                ),
            },
        ),
        EventKind::ResultReady => (
            Text::new("Đã có kết quả", "Your result is ready"),
            Text {
                vi: format!("Hồ sơ {code} ({}) đã có kết quả.", name.vi),
                en: format!("Dossier {code} ({}) has its result.", name.en),
            },
        ),
        EventKind::Refused => (
            Text::new("Hồ sơ bị từ chối", "Your dossier was refused"),
            Text {
                vi: format!("Hồ sơ {code} bị từ chối. Lý do: {}", data.note),
                en: format!("Dossier {code} was refused. Reason: {}", data.note),
            },
        ),
        EventKind::Overdue => {
            let due = row.state.due;
            (
                Text::new("Hồ sơ đã quá hạn giải quyết", "Your dossier is overdue"),
                Text {
                    vi: format!(
                        "Hồ sơ {code} đã quá hạn trả kết quả ({due}). Cơ quan giải quyết sẽ gửi phiếu xin lỗi và hẹn lại ngày trả."
                    ),
                    en: format!(
                        "Dossier {code} is past its due date ({due}). The agency will send an apology with a new date."
                    ),
                },
            )
        }
        EventKind::Apology => {
            let date = data.new_date.map(|d| d.to_string()).unwrap_or_default();
            (
                Text::new("Phiếu xin lỗi và hẹn lại ngày trả kết quả", "Apology and a new return date"),
                Text {
                    vi: format!("Hồ sơ {code} chậm trễ: {}. Ngày hẹn trả mới: {date}.", data.note),
                    en: format!("Dossier {code} is late: {}. New return date: {date}.", data.note),
                },
            )
        }
        EventKind::Returned => (
            Text::new("Đã trả kết quả", "Result returned"),
            Text {
                vi: format!("Hồ sơ {code} đã trả kết quả. Mời anh/chị đánh giá mức độ hài lòng."),
                en: format!("Dossier {code} has been returned. Please rate the service."),
            },
        ),
        _ => return None,
    })
}
