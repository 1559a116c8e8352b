//! What people see of dossiers: one dossier as its owner or an officer sees it, the owner's list,
//! an agency's queue, public tracking, the dossier's files and its changes as they happen.

use std::net::IpAddr;
use std::time::Duration;

use futures_util::{Stream, StreamExt};
use motcua_api::account::Me;
use motcua_api::calendar::Date;
use motcua_api::dossier::{Receipt, UploadInfo};
use motcua_api::lifecycle::{
    allowed, AccessRecord, Applicant, DossierList, DossierSummary, DossierView, Event, EventKind,
    Queue, QueueItem, QueueQuery, QueueStep, Status, StepView, Timeliness, Tracking,
    TrackingRequest, QUEUE_PER_PAGE,
};
use motcua_api::project::DossierProject;
use motcua_api::ErrorBody;

use super::{actor, officer_agency, rate, Access, Ctx};
use crate::error::AppError;
use crate::files::Download;
use crate::lifecycle::{standing, DossierState};
use crate::live;
use crate::lookups::Try;
use crate::store::dossiers::{DossierRow, EventRow, Owner, Place, QueueFilter, Start};

const PER_PAGE: u32 = 20;

/// The dossier for its owner or an officer of an agency in its workflow; every officer's read is
/// recorded for the owner to see.
pub async fn get(ctx: &Ctx<'_>, code: &str, me: &Me) -> Result<DossierView, AppError> {
    let (row, access) = ctx.load(code, me).await?;
    record_read(ctx, code, me, access, "").await?;
    view(ctx, row, access).await
}

/// The receipt and appointment slip (and so the QR code made from it). It holds the applicant's
/// answers and documents, so an officer's read is recorded like a read of the dossier.
pub async fn receipt(ctx: &Ctx<'_>, code: &str, me: &Me) -> Result<Receipt, AppError> {
    let (row, access) = ctx.load(code, me).await?;
    record_read(ctx, code, me, access, "").await?;
    Ok(Receipt {
        collect_at: ctx.collect_at(&row.state.progress),
        ..row.receipt
    })
}

/// Records an officer's read of the dossier (`file` empty) or of one of its files.
async fn record_read(
    ctx: &Ctx<'_>,
    code: &str,
    me: &Me,
    access: Access,
    file: &str,
) -> anyhow::Result<()> {
    if let (Access::Officer { .. }, Some(agency)) = (access, &me.agency) {
        ctx.store
            .record_access(code, ctx.now, me.id, agency, file)
            .await?;
    }
    Ok(())
}

/// The dossier as someone with `access` sees it.
pub(super) async fn view(
    ctx: &Ctx<'_>,
    row: DossierRow,
    access: Access,
) -> Result<DossierView, AppError> {
    let today = ctx.today();
    let schedule = schedule(ctx, &row.state);
    let events = events(ctx, &row.code, row.company.is_some()).await?;
    let result = events
        .iter()
        .filter(|e| e.kind == EventKind::ResultReady)
        .flat_map(|e| e.files.clone())
        .collect();
    let access_log = match access {
        Access::Owner | Access::Member { .. } => access_log(ctx, &row.code).await?,
        Access::Officer { .. } => Vec::new(),
    };
    let view_only = access == Access::Member { act: false };
    let rating = ctx.store.rating(&row.code).await?.map(rate::shown);
    let can_rate = access == Access::Owner
        && row.state.status == Status::Returned
        && rating.as_ref().is_none_or(|r| ctx.now < r.changeable_until)
        && ctx.index.catalogue().satisfaction.is_some();
    let applicant = applicant(ctx, &row, access).await?;
    let fees = super::fees::status(ctx, &row, access).await?;
    let project = match &row.project {
        Some(to) => ctx
            .store
            .project(&to.project)
            .await?
            .map(|p| DossierProject {
                id: p.id,
                name: p.name,
                step: to.step.clone(),
            }),
        None => None,
    };
    Ok(DossierView {
        project,
        fees,
        code: row.code.clone(),
        procedure: row.receipt.procedure,
        procedure_name: row.receipt.procedure_name,
        status: row.state.status,
        version: row.state.version,
        submitted_at: row.receipt.submitted_at,
        due_date: schedule.due_date,
        processing_days: row.receipt.processing_days,
        timeliness: schedule.timeliness,
        days_left: schedule.days_left,
        new_date: schedule.new_date,
        steps: schedule.steps,
        current_step: schedule.current_step,
        events,
        documents: row.receipt.documents,
        provided_otherwise: row.receipt.provided_otherwise,
        answers: row.receipt.answers,
        delivery: row.receipt.delivery,
        collect_at: ctx.collect_at(&row.state.progress),
        result,
        applicant,
        company: row.company,
        view_only,
        access: access_log,
        actions: match view_only {
            true => Vec::new(),
            false => allowed(row.state.position(today), actor(access)),
        },
        rating,
        can_rate,
        tracking_pin: row.receipt.tracking_pin,
    })
}

/// Where a dossier stands, as its page and public tracking show it alike: its due date, how it
/// stands against it, the date an apology promised, and its steps.
struct Schedule {
    due_date: Date,
    timeliness: Timeliness,
    days_left: i32,
    new_date: Option<Date>,
    steps: Vec<StepView>,
    current_step: usize,
}

fn schedule(ctx: &Ctx<'_>, state: &DossierState) -> Schedule {
    let today = ctx.today();
    let (timeliness, days_left) = state.timeliness(ctx.calendar, today);
    let progress = &state.progress;
    Schedule {
        due_date: state.due,
        timeliness,
        days_left,
        new_date: progress.new_date,
        steps: progress.views(ctx.calendar, today, |a| ctx.index.agency_name(a)),
        current_step: progress.current,
    }
}

/// The event log; on a company's dossier, with who on the applicant's side did each thing.
async fn events(ctx: &Ctx<'_>, code: &str, company: bool) -> anyhow::Result<Vec<Event>> {
    let rows = ctx.store.events(code).await?;
    Ok(rows
        .into_iter()
        .map(|e: EventRow| Event {
            id: e.id,
            at: e.at,
            kind: e.kind,
            status: e.status,
            step: e.step,
            agency_name: ctx.index.agency_name(&e.agency),
            agency: e.agency,
            role: e.role,
            note: e.data.note,
            items: e.data.items,
            files: e.data.files,
            new_date: e.data.new_date,
            number: e.data.number,
            by: e.by.filter(|_| company),
        })
        .collect())
}

/// Who opened the dossier, for its owner.
async fn access_log(ctx: &Ctx<'_>, code: &str) -> anyhow::Result<Vec<AccessRecord>> {
    let rows = ctx.store.access(code).await?;
    Ok(rows
        .into_iter()
        .map(|a| AccessRecord {
            at: a.at,
            agency_name: ctx.index.agency_name(&a.agency),
            agency: a.agency,
            role: a.role,
            file: a.file,
        })
        .collect())
}

/// The applicant as officers see them; the owner knows who they are.
async fn applicant(
    ctx: &Ctx<'_>,
    row: &DossierRow,
    access: Access,
) -> anyhow::Result<Option<Applicant>> {
    if !matches!(access, Access::Officer { .. }) {
        return Ok(None);
    }
    let account = ctx.store.account_by_id(row.owner).await?;
    Ok(account.map(|a| Applicant {
        full_name: row.applicant.clone(),
        identifier: a.me.identifier,
        phone: a.me.phone,
        email: a.me.email,
    }))
}

/// A document, supplement or result of the dossier, with its bytes; an officer's read is recorded.
pub async fn file(
    ctx: &Ctx<'_>,
    code: &str,
    me: &Me,
    id: &str,
) -> Result<(UploadInfo, Download), AppError> {
    let (_, access) = ctx.load(code, me).await?;
    let (info, sha256) = ctx
        .store
        .dossier_file(code, id)
        .await?
        .ok_or(AppError::NotFound("There is no such file."))?;
    record_read(ctx, code, me, access, &info.name).await?;
    let bytes = ctx.files.get(&sha256).await?;
    Ok((info, bytes))
}

/// The dossier's version each time it changes, for a page that updates without a reload; only for
/// those who may see it, and only while their session (`session`, its token's hash) holds: checked
/// every `check`, so the stream ends soon after they sign out, their session runs out or their
/// account is disabled or reset. A reader who has version `since` hears at once of a change they
/// missed (a page drawn by the server, whose app started later): subscribed before the read, nothing
/// falls between the two.
pub async fn versions(
    ctx: &Ctx<'_>,
    code: &str,
    me: &Me,
    session: &str,
    check: Duration,
    since: Option<u32>,
) -> Result<impl Stream<Item = u32> + Send + 'static, AppError> {
    let receiver = ctx.notifier.subscribe();
    let (row, _) = ctx.load(code, me).await?;
    let missed = since
        .filter(|v| *v != row.state.version)
        .map(|_| row.state.version);
    let (store, code) = (ctx.store.clone(), code.to_string());
    let watched = code.clone();
    Ok(futures_util::stream::iter(missed).chain(
        live::changes(receiver, ctx.store.clone(), session, check)
            .filter(move |change| std::future::ready(change.may_be(&watched)))
            .then(move |_| {
                let (store, code) = (store.clone(), code.clone());
                async move {
                    match store.dossier_row(&code).await {
                        Ok(Some(row)) => row.state.version,
                        _ => 0,
                    }
                }
            }),
    ))
}

/// The signed-in person's dossiers and those of the companies they joined, newest first, a page at a time,
/// with only those of a status when one is given. A page is read by its number, or from where the
/// page before it ended (`after`), or up to where the page after it began (`before`).
pub async fn list(
    ctx: &Ctx<'_>,
    me: &Me,
    status: Option<&str>,
    page: Option<u32>,
    after: Option<&str>,
    before: Option<&str>,
) -> Result<DossierList, AppError> {
    let (status, mut page) = list_filter(status, page)?;
    let mut start = match (given_place(after)?, given_place(before)?) {
        (Some(_), Some(_)) => {
            return Err(AppError::bad_request(
                "invalid_cursor",
                "A page starts after a place or ends before one, not both.",
            ))
        }
        (Some(place), None) => Start::After(place),
        (None, Some(place)) => Start::Before(place),
        (None, None) => Start::Offset((page - 1) * PER_PAGE),
    };
    let mut companies = ctx.companies(me).await?;
    companies.sort();
    let owner = Owner {
        account: me.id,
        companies: &companies,
    };
    // One more than a page, to know whether another follows (or, read backwards, comes before).
    let (mut rows, mut total) = ctx
        .store
        .list_dossiers(owner, status, PER_PAGE + 1, start)
        .await?;
    let full = rows.len() > PER_PAGE as usize;
    if let Start::Before(_) = start {
        if full {
            rows.remove(0);
        } else {
            // Nothing before it: the list's first page, whole (dossiers that left a status's list
            // can leave it short read backwards).
            (page, start) = (1, Start::Offset(0));
            (rows, total) = ctx
                .store
                .list_dossiers(owner, status, PER_PAGE + 1, start)
                .await?;
        }
    }
    let next = match start {
        Start::Before(_) => rows.last().map(|r| cursor(r.place)),
        _ if rows.len() > PER_PAGE as usize => {
            rows.truncate(PER_PAGE as usize);
            rows.last().map(|r| cursor(r.place))
        }
        _ => None,
    };
    let previous = match start {
        Start::Offset(0) => None,
        _ => rows.first().map(|r| cursor(r.place)),
    };
    let today = ctx.today();
    let items = rows
        .into_iter()
        .map(|r| {
            let (timeliness, days_left) = standing(ctx.calendar, r.due_date, today, r.done_on);
            DossierSummary {
                procedure_name: ctx.index.procedure_name(&r.procedure),
                code: r.code,
                procedure: r.procedure,
                status: r.status,
                submitted_at: r.received_at,
                due_date: r.due_date,
                timeliness,
                days_left,
            }
        })
        .collect();
    Ok(DossierList {
        items,
        total,
        page,
        per_page: PER_PAGE,
        next,
        previous,
    })
}

/// A place in a list as the client carries it to the next page: `<received at>.<row>`.
fn cursor(place: Place) -> String {
    format!("{}.{}", place.received_at, place.row)
}

/// The place a `cursor` names, if one is given; 400 if it names none.
fn given_place(cursor: Option<&str>) -> Result<Option<Place>, AppError> {
    cursor
        .filter(|c| !c.is_empty())
        .map(|c| {
            place(c).ok_or(AppError::bad_request(
                "invalid_cursor",
                "That is not where a page of this list starts.",
            ))
        })
        .transpose()
}

fn place(cursor: &str) -> Option<Place> {
    let (received_at, row) = cursor.split_once('.')?;
    Some(Place {
        received_at: received_at.parse().ok().filter(|t: &i64| *t >= 0)?,
        row: row.parse().ok().filter(|r: &i64| *r >= 0)?,
    })
}

/// The status asked for (none when empty) and the page, clamped to 1–10,000.
fn list_filter(status: Option<&str>, page: Option<u32>) -> Result<(Option<Status>, u32), AppError> {
    let status = match status.filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(Status::parse(s).ok_or(AppError::bad_request(
            "unknown_status",
            "There is no such dossier status.",
        ))?),
    };
    Ok((status, page.unwrap_or(1).clamp(1, 10_000)))
}

/// A page of the open dossiers at the officer's agency that match the query, nearest step deadline
/// first, with how many match and, over the whole queue, how many are overdue or due within two
/// working days and the steps they are at.
pub async fn queue(ctx: &Ctx<'_>, me: &Me, query: &QueueQuery) -> Result<Queue, AppError> {
    let agency = officer_agency(me)?;
    let problems = query.problems();
    if !problems.is_empty() {
        return Err(AppError::BadRequest(ErrorBody {
            code: "invalid_parameters".into(),
            ..ErrorBody::invalid("Some queue parameters are not valid.", problems)
        }));
    }
    let today = ctx.today();
    let cal = ctx.calendar;
    // Near due as `timeliness` judges each item: two working days or fewer left, so any day before
    // the third working day after today (on a weekend too, when Monday is the first of the three).
    let near = cal.add_working_days(today, 3).add_days(-1);
    let (due_from, due_to) = match query.due() {
        Some(Timeliness::Overdue) => (None, Some(today.add_days(-1))),
        Some(Timeliness::NearDue) => (Some(today), Some(near)),
        Some(_) => (Some(near.add_days(1)), None),
        None => (None, None),
    };
    let filter = QueueFilter {
        code: query.code(),
        step: query.step(),
        status: query.status(),
        due_from,
        due_to,
    };
    let page = query.page();
    let found = ctx
        .store
        .queue(
            agency,
            today,
            near,
            &filter,
            QUEUE_PER_PAGE,
            (page - 1) * QUEUE_PER_PAGE,
        )
        .await?;
    let items = found
        .rows
        .into_iter()
        .map(|r| {
            let step_due = r
                .step_due
                .ok_or_else(|| anyhow::anyhow!("dossier {} has no step deadline", r.code))?;
            let (timeliness, days_left) = standing(cal, step_due, today, None);
            Ok(QueueItem {
                project: None,
                procedure_name: ctx.index.procedure_name(&r.procedure),
                step: r.step_id,
                step_name: r.step_name,
                timeliness,
                days_left,
                code: r.code,
                applicant: r.applicant,
                status: r.status,
                step_due,
                due_date: r.due_date,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(Queue {
        agency: agency.to_string(),
        agency_name: ctx.index.agency_name(agency),
        items,
        total: found.total,
        overdue: found.overdue,
        near_due: found.near_due,
        matched: found.matched,
        page,
        per_page: QUEUE_PER_PAGE,
        pages: found.matched.div_ceil(QUEUE_PER_PAGE.into()) as u32,
        steps: found
            .steps
            .into_iter()
            .map(|s| QueueStep {
                id: s.id,
                name: s.name,
                count: s.count,
            })
            .collect(),
    })
}

/// A phone number as compared: digits only, `+84`/`84` written as the leading 0.
pub(super) fn phone_key(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("84") {
        Some(rest) if digits.len() == 11 => format!("0{rest}"),
        _ => digits,
    }
}

/// An ID number or tax code as compared: letters and digits, upper case.
pub(super) fn id_key(id: &str) -> String {
    id.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A public lookup as compared: the code in upper case, the check as a phone number and as an ID
/// number or PIN.
struct Lookup {
    code: String,
    phone: String,
    id: String,
}

impl Lookup {
    /// Whether the check opens the dossier: its PIN always, the citizen's phone or ID number (which
    /// a business dossier does not keep) only while `personal` checks are allowed.
    fn opens(&self, row: &DossierRow, personal: bool) -> bool {
        let pin = &row.receipt.tracking_pin;
        (!pin.is_empty() && self.id == *pin)
            || (personal
                && ((!self.phone.is_empty() && self.phone == row.check_phone)
                    || (!self.id.is_empty() && self.id == row.check_id)))
    }
}

fn tracking_lookup(req: &TrackingRequest) -> Lookup {
    Lookup {
        code: req.code.trim().to_ascii_uppercase(),
        phone: phone_key(&req.check),
        id: id_key(&req.check),
    }
}

/// A dossier's progress for anyone with its code and its PIN, or a citizen's phone or ID number. A
/// wrong code and a wrong check get the same answer; failures are limited per address, and a code
/// failed too often opens only with its PIN.
pub async fn track(
    ctx: &Ctx<'_>,
    address: IpAddr,
    req: &TrackingRequest,
) -> Result<Tracking, AppError> {
    let lookup = tracking_lookup(req);
    let mut attempt = Try::begin(ctx.store, &address.to_string(), ctx.now).await?;
    // A lookup breaking the shared rules (an empty or overlong code or check) never reaches the
    // database, but is answered and counted like any wrong one, so no answer tells them apart.
    let found = match req.problems().is_empty() {
        true => ctx.store.dossier_row(&lookup.code).await?,
        false => None,
    };
    let personal = attempt.code(&lookup.code).await?;
    let Some(row) = found.filter(|r| lookup.opens(r, personal)) else {
        return Err(AppError::NotFound(
            "Không tìm thấy hồ sơ với mã và thông tin kiểm tra này.",
        ));
    };
    attempt.opened().await?;
    tracking(ctx, row).await
}

/// What public tracking shows of a dossier: no answers, no documents, no names.
async fn tracking(ctx: &Ctx<'_>, row: DossierRow) -> Result<Tracking, AppError> {
    let schedule = schedule(ctx, &row.state);
    let supplement_items = if row.state.status == Status::SupplementRequested {
        ctx.store
            .events(&row.code)
            .await?
            .into_iter()
            .rev()
            .find(|e| e.kind == EventKind::SupplementRequested)
            .map(|e| e.data.items)
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    Ok(Tracking {
        code: row.code,
        procedure_name: row.receipt.procedure_name,
        status: row.state.status,
        submitted_at: row.receipt.submitted_at,
        due_date: schedule.due_date,
        timeliness: schedule.timeliness,
        days_left: schedule.days_left,
        new_date: schedule.new_date,
        steps: schedule.steps,
        current_step: schedule.current_step,
        supplement_items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_compare_loosely_but_exactly() {
        assert_eq!(phone_key("+84 912 345 678"), "0912345678");
        assert_eq!(phone_key("0912.345.678"), "0912345678");
        assert_eq!(phone_key("84"), "84");
        assert_eq!(id_key(" 001090-012345 "), "001090012345");
        assert_eq!(id_key("0101234567-001"), "0101234567001");
    }
}
