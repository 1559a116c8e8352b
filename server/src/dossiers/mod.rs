//! What happens to a dossier, between the routes and the store: submitting it, the actions that
//! move it, rating it, what each person sees of it, the messages its owner gets and the overdue
//! sweep. Each works against a [`Ctx`]: the little of the server's state it needs, at one moment.

pub mod act;
pub mod fees;
pub mod notify;
pub mod overdue;
pub mod rate;
pub mod submit;
pub mod view;

use axum::http::StatusCode;
use motcua_api::account::{AccountKind, Me};
use motcua_api::calendar::{Calendar, Date};
use motcua_api::company::MemberRole;
use motcua_api::dossier::UploadInfo;
use motcua_api::lifecycle::Actor;
use motcua_api::Place;

use crate::error::AppError;
use crate::files::Files;
use crate::lifecycle::Progress;
use crate::payments::vnpay::Gateway;
use crate::search::CatalogueIndex;
use crate::store::dossiers::DossierRow;
use crate::store::Store;

pub use act::act;
pub use notify::{dead_mail, Notifier};
pub use overdue::sweep_overdue;
pub use rate::{agency_ratings, rate};
pub use submit::{submit, Submitted};
pub use view::{file, get, list, queue, receipt, track, versions};

/// The part of the server's state the dossier service works with, and the moment it works at.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub index: &'a CatalogueIndex,
    pub calendar: &'a Calendar,
    pub files: &'a Files,
    pub notifier: &'a Notifier,
    /// The payment provider, when fees can be paid online.
    pub gateway: Option<&'a Gateway>,
    /// The site's address, for where the provider sends people back.
    pub site_url: &'a str,
    /// Read once, so that one request sees one time.
    pub now: i64,
}

const NO_DOSSIER: AppError = AppError::NotFound("There is no such dossier.");

/// How a person stands to a dossier; `None` means they may not see it at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Who submitted it.
    Owner,
    /// A member of the company it was submitted for; `act` unless the member may only view.
    Member { act: bool },
    /// An officer of an agency in the dossier's workflow; `holder` when the agency holds it now.
    Officer { holder: bool },
}

impl<'a> Ctx<'a> {
    /// The same at another moment, as a test sweeps for overdue dossiers days ahead.
    pub fn at(self, now: i64) -> Self {
        Ctx { now, ..self }
    }

    fn today(&self) -> Date {
        Date::in_vietnam(self.now)
    }

    /// The feedback service's context at the same moment: ratings open follow-ups and the
    /// overdue sweep reminds of feedback too.
    pub fn feedback(&self) -> crate::feedback::Ctx<'a> {
        crate::feedback::Ctx {
            store: self.store,
            index: self.index,
            calendar: self.calendar,
            files: self.files,
            notifier: self.notifier,
            now: self.now,
        }
    }

    /// Loads a dossier the person may see; anyone else, or a wrong code, gets the same 404.
    async fn load(&self, code: &str, me: &Me) -> Result<(DossierRow, Access), AppError> {
        let row = self.store.dossier_row(code).await?.ok_or(NO_DOSSIER)?;
        // Memberships are read only for someone else's company dossier: the owner's and officers'
        // loads cost nothing more.
        let role = match &row.company {
            Some(company) if row.owner != me.id && me.kind != AccountKind::Officer => self
                .store
                .member_of(me.id)
                .await?
                .into_iter()
                .find(|(c, _)| c == company)
                .map(|(_, role)| role),
            _ => None,
        };
        let access = access(&row, me, role).ok_or(NO_DOSSIER)?;
        Ok((row, access))
    }

    /// The companies whose dossiers the person sees besides their own.
    async fn companies(&self, me: &Me) -> anyhow::Result<Vec<String>> {
        if me.kind == AccountKind::Officer {
            return Ok(Vec::new());
        }
        Ok(self
            .store
            .member_of(me.id)
            .await?
            .into_iter()
            .map(|(c, _)| c)
            .collect())
    }

    /// Where the result of a dossier standing at `progress` is collected in person: the desk of its
    /// workflow's return step, as the catalogue has it now.
    fn collect_at(&self, progress: &Progress) -> Place {
        progress
            .return_office()
            .map(|office| self.index.place(office))
            .unwrap_or_default()
    }

    /// One of `owner`'s uploads that is not yet part of a dossier.
    async fn free_upload(&self, owner: i64, id: &str) -> anyhow::Result<Option<UploadInfo>> {
        Ok(self
            .store
            .upload(owner, id)
            .await?
            .filter(|u| u.dossier.is_none())
            .map(|u| u.info))
    }
}

/// Officers see the dossiers of their agency's workflows, never as officers one they submitted
/// (officers cannot apply, and cannot join companies, so this holds twice); the submitter and the
/// members of its company see theirs.
fn access(row: &DossierRow, me: &Me, member: Option<MemberRole>) -> Option<Access> {
    match me.kind {
        AccountKind::Officer => officer_sees(&row.state.progress, row.owner, me)
            .map(|holder| Access::Officer { holder }),
        _ if row.owner == me.id => Some(Access::Owner),
        _ => member.map(|role| Access::Member {
            act: role.may_act(),
        }),
    }
}

/// Whether an officer may open a dossier of `owner` standing at `progress`: their agency is in its
/// workflow (`Some(true)` when it holds the dossier now). A project's page is open to the officers
/// who may open one of its dossiers, by this same rule.
pub fn officer_sees(progress: &Progress, owner: i64, me: &Me) -> Option<bool> {
    if me.kind != AccountKind::Officer || owner == me.id {
        return None;
    }
    let agency = me.agency.as_deref()?;
    progress
        .steps
        .iter()
        .any(|s| s.step.agency == agency)
        .then(|| progress.holder() == agency)
}

fn actor(access: Access) -> Actor {
    match access {
        Access::Owner | Access::Member { .. } => Actor::Owner,
        Access::Officer { holder: true } => Actor::Holder,
        Access::Officer { holder: false } => Actor::Other,
    }
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
