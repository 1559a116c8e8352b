//! Submitting an application: checked, then numbered and stored exactly once per idempotency key.
//! [`new_dossier`] is the pure part, which the generator of synthetic dossiers shares.

use axum::http::StatusCode;
use motcua_api::account::{AccountKind, Me};
use motcua_api::calendar::{Calendar, Date};
use motcua_api::dossier::{ProvidedDocument, Receipt, ReceivedDocument, SubmitRequest};
use motcua_api::fees::{self, bill, Bill, FeeClaim};
use motcua_api::form::{FormDefinition, Places};
use motcua_api::lifecycle::{plan, tracking_pin, EventKind, Role, StepSpec};
use motcua_api::problem::{Code, Field, Problems};
use motcua_api::{Agency, Place, Procedure};

use super::view::{id_key, phone_key};
use super::Ctx;
use crate::error::AppError;
use crate::lifecycle::DossierState;
use crate::projects;
use crate::store::dossiers::{EventData, NewDossier, NewEvent};
use crate::store::fees::NewFees;
use crate::store::projects::is_step_taken;

/// What a submission came to: a new dossier, or the one an earlier request with the same key made.
pub enum Submitted {
    Created(Receipt),
    Found(Receipt),
}

/// The procedure applied for, with the office it goes to (its agency, or the chosen commune's own)
/// and the workflow its dossiers follow.
#[derive(Clone, Copy)]
pub struct Applying<'a> {
    pub procedure: &'a Procedure,
    pub agency: &'a Agency,
    pub workflow: &'a [StepSpec],
    /// The company it is submitted for, whose members will see it: the submitter's own, when they
    /// are a verified member who may act for it.
    pub company: Option<&'a str>,
}

/// The applicant's files for each document of the procedure, as found.
pub struct Attached {
    pub documents: Vec<ReceivedDocument>,
    pub upload_ids: Vec<String>,
}

/// Submits an application. The `Idempotency-Key` makes a double tap, a retry after a timeout or a
/// resent request find the dossier the first one made, so the body is read only once the key has
/// found none.
pub async fn submit(
    ctx: &Ctx<'_>,
    me: &Me,
    key: Option<&str>,
    body: Result<SubmitRequest, AppError>,
) -> Result<Submitted, AppError> {
    if me.kind == AccountKind::Officer {
        return Err(AppError::refused(
            StatusCode::FORBIDDEN,
            "officers_cannot_apply",
            "Tài khoản cán bộ không nộp hồ sơ; hãy dùng tài khoản công dân hoặc doanh nghiệp.",
        ));
    }
    let key = idempotency_key(key)?;
    if let Some(existing) = ctx.store.dossier_by_key(me.id, key).await? {
        return Ok(Submitted::Found(existing));
    }
    let req = body?;
    let (procedure, agency) = ctx
        .index
        .find(&req.procedure)
        .ok_or(AppError::NotFound("There is no procedure with this code."))?;
    let form = ctx.index.form(&req.procedure).ok_or(AppError::bad_request(
        "not_online",
        "This procedure cannot be applied for online.",
    ))?;
    let form = &*form;
    // A step of a project is the project company's, filed by a member who may act for it, once
    // the steps it needs are done; others learn nothing of the project.
    let project_company = match &req.project {
        Some(to) => Some(projects::filing(ctx.store, ctx.index, me, to, &procedure.code).await?),
        None => None,
    };
    let catalogue = ctx.index.catalogue();
    // Answers the form gives from others (the applicant who is the person concerned) are worked
    // out here, never taken from the app.
    let req = SubmitRequest {
        answers: form.derived(&req.answers, me, Some(&catalogue.places)),
        ..req
    };
    let locked = form.identity_problems(&req.answers, me);
    if !locked.is_empty() {
        return Err(AppError::invalid(
            "Họ tên, số định danh và ngày sinh của bạn lấy từ định danh điện tử và không sửa được.",
            locked,
        ));
    }
    let (attached, gone) = attach(ctx, me.id, procedure, &req).await?;
    let today = ctx.today();
    if let Some(problem) = submit_problems(
        (procedure, agency),
        form,
        &req,
        &gone,
        today,
        &catalogue.places,
    ) {
        // A concurrent request with the same key may have just made the dossier and bound these
        // files to it: that request's dossier is this one's answer too.
        if let Some(existing) = ctx.store.dossier_by_key(me.id, key).await? {
            return Ok(Submitted::Found(existing));
        }
        return Err(problem);
    }
    let workflow = catalogue
        .workflow(procedure)
        .ok_or_else(|| anyhow::anyhow!("procedure {} has no workflow", procedure.code))?;
    let company = match project_company {
        Some(company) => Some(company),
        None => own_company(ctx, me).await?,
    };
    // The rules above have checked the commune: a commune's office exists for it.
    let office = ctx
        .index
        .office_for(agency, req.commune.as_deref())
        .ok_or_else(|| anyhow::anyhow!("no office of {} for the commune", agency.id))?;
    let to = Applying {
        procedure,
        agency: &office,
        workflow,
        company: company.as_deref(),
    };
    let keys = Keys {
        idempotency: key,
        tracking_pin: new_tracking_pin()?,
    };
    // Numbers and amounts are stored in one form: `50.000.000.000` and `50000000000` alike.
    let req = SubmitRequest {
        answers: form.normalized(&req.answers),
        ..req
    };
    let joins = req.project.as_ref().map(|p| p.project.clone());
    let mut new = new_dossier(to, me, keys, req, attached, ctx.now, ctx.calendar);
    new.receipt.collect_at = ctx.collect_at(&new.state.progress);
    match ctx.store.create_dossier(new).await {
        Ok(Some(receipt)) => {
            ctx.index.applied(&receipt.procedure);
            if let Some(project) = joins {
                projects::joined(ctx.notifier, &project);
            }
            Ok(Submitted::Created(receipt))
        }
        // A concurrent request with the same key got there first: answer with its dossier.
        Ok(None) => Ok(Submitted::Found(
            ctx.store
                .dossier_by_key(me.id, key)
                .await?
                .ok_or_else(|| anyhow::anyhow!("idempotent dossier vanished"))?,
        )),
        // Another filing of the same step got there first (or this one's twin, with the same key).
        Err(e) if is_step_taken(&e) => match ctx.store.dossier_by_key(me.id, key).await? {
            Some(existing) => Ok(Submitted::Found(existing)),
            None => Err(projects::step_taken()),
        },
        Err(e) => Err(e.into()),
    }
}

/// What only this submission has: the idempotency key it came with, and the random PIN its receipt
/// gives for public tracking.
pub struct Keys<'a> {
    pub idempotency: &'a str,
    pub tracking_pin: String,
}

/// A tracking PIN from the operating system's randomness: it alone opens a business's dossier to
/// anyone, so it must not be predictable from others.
fn new_tracking_pin() -> anyhow::Result<String> {
    let mut bytes = [0u8; 64];
    getrandom::getrandom(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    // A byte is skipped 16 times in 256: running out would take 57 skips in 64 (odds under
    // 10⁻⁵⁰), and cycling only keeps the source endless.
    let mut bytes = bytes.into_iter().cycle();
    Ok(tracking_pin(|| bytes.next().unwrap_or_default()))
}

/// The `Idempotency-Key` header: 8–128 characters, required.
pub(crate) fn idempotency_key(header: Option<&str>) -> Result<&str, AppError> {
    header
        .map(str::trim)
        .filter(|k| (8..=128).contains(&k.len()))
        .ok_or(AppError::bad_request(
            "idempotency_key_required",
            "Send an Idempotency-Key header (8–128 characters) with every submit.",
        ))
}

/// Looks up the uploads named for each document: those of `owner` not yet submitted are attached,
/// and the documents naming any other are returned beside them.
async fn attach(
    ctx: &Ctx<'_>,
    owner: i64,
    procedure: &Procedure,
    req: &SubmitRequest,
) -> Result<(Attached, Vec<u32>), AppError> {
    let mut attached = Attached {
        documents: Vec::new(),
        upload_ids: Vec::new(),
    };
    let mut gone = Vec::new();
    for (i, doc) in procedure.documents.iter().enumerate() {
        let mut files = Vec::new();
        for id in req.documents.get(&(i as u32)).into_iter().flatten() {
            match ctx.free_upload(owner, id).await? {
                Some(info) => {
                    attached.upload_ids.push(id.clone());
                    files.push(info);
                }
                None => gone.push(i as u32),
            }
        }
        if !files.is_empty() {
            attached.documents.push(ReceivedDocument {
                name: doc.name.clone(),
                files,
            });
        }
    }
    Ok((attached, gone))
}

/// Everything wrong with a submission at once, by the rules the app applies too, and each
/// document naming a file that is `gone`.
fn submit_problems(
    (procedure, agency): (&Procedure, &Agency),
    form: &FormDefinition,
    req: &SubmitRequest,
    gone: &[u32],
    today: Date,
    places: &Places,
) -> Option<AppError> {
    let mut problems = Problems::new();
    for i in gone {
        problems.add(Field::Document(*i), Code::FileGone);
    }
    problems.extend(req.problems(procedure, agency, form, today, Some(places)));
    let problems = problems.into_vec();
    (!problems.is_empty()).then(|| {
        AppError::invalid(
            "Hồ sơ chưa đủ. Sửa hoặc bổ sung các mục được đánh dấu rồi nộp lại.",
            problems,
        )
    })
}

/// The company a business account's dossiers are for: its head office's (its own tax code's first
/// ten digits), once that company is verified and the account a member who may act for it. A tax
/// code typed at registration proves nothing by itself.
async fn own_company(ctx: &Ctx<'_>, me: &Me) -> anyhow::Result<Option<String>> {
    if me.kind != AccountKind::Business {
        return Ok(None);
    }
    let head_office: String = me.identifier.chars().take(10).collect();
    Ok(ctx
        .store
        .member_of(me.id)
        .await?
        .into_iter()
        .find(|(c, role)| *c == head_office && role.may_act())
        .map(|(c, _)| c))
}

/// The dossier a valid submission by `me` at `now` makes, ready to be numbered: the receipt, due
/// after the procedure's working days; the workflow, its first step started; the submission event;
/// and what the store keeps beside them for lists and public tracking.
pub fn new_dossier(
    to: Applying<'_>,
    me: &Me,
    keys: Keys<'_>,
    req: SubmitRequest,
    attached: Attached,
    now: i64,
    calendar: &Calendar,
) -> NewDossier {
    let Applying {
        procedure,
        agency,
        workflow,
        company,
    } = to;
    let days = procedure.processing_days;
    let fees = owed(procedure, &req.fees);
    let state = DossierState::submitted(plan(workflow, &agency.id, days), days, now, calendar);
    let receipt = Receipt {
        code: String::new(),
        procedure: procedure.code.clone(),
        procedure_name: procedure.name.clone(),
        agency: agency.id.clone(),
        agency_name: agency.name.clone(),
        submitted_at: now,
        collect_at: Place::default(),
        due_date: state.due,
        processing_days: days,
        documents: attached.documents,
        provided_otherwise: ProvidedDocument::of(procedure),
        delivery: req.delivery,
        answers: req.answers,
        fees: fees.as_ref().map(|(bill, _)| bill.clone()),
        tracking_pin: keys.tracking_pin,
    };
    let event = NewEvent::at_current_step(
        &state.progress,
        now,
        EventKind::Submitted,
        Role::Applicant,
        Some(me.id),
        EventData::default(),
    );
    NewDossier {
        owner: me.id,
        idempotency_key: keys.idempotency.to_string(),
        receipt,
        fees: fees.map(|(_, owed)| owed),
        agency_code: agency.code.clone(),
        state,
        event,
        upload_ids: attached.upload_ids,
        draft_id: req.draft_id,
        company: company.map(str::to_string),
        // A business's tax code and registered phone are published in the national business
        // registry: only its PIN opens its dossiers.
        check_phone: match me.kind {
            AccountKind::Business => String::new(),
            _ => phone_key(&me.phone),
        },
        check_id: match me.kind {
            AccountKind::Business => String::new(),
            _ => id_key(&me.identifier),
        },
        applicant: me
            .company_name
            .clone()
            .unwrap_or_else(|| me.full_name.clone()),
        project: req.project,
        // Every dossier submitted here is filed online.
        channel: motcua_api::stats::Channel::Online,
        eid: me.verified,
    }
}

/// The bill of a procedure that charges fees, and what the dossier owes by it: the exemption
/// declared is taken off until an officer decides on it.
fn owed(procedure: &Procedure, claim: &FeeClaim) -> Option<(Bill, NewFees)> {
    if procedure.fees.is_empty() {
        return None;
    }
    let bill = bill(procedure, claim);
    let full = match claim.exemption {
        Some(_) => {
            fees::bill(
                procedure,
                &FeeClaim {
                    exemption: None,
                    ..claim.clone()
                },
            )
            .total_vnd
        }
        None => bill.total_vnd,
    };
    let exempted_vnd = full.saturating_sub(bill.total_vnd);
    let owed = NewFees {
        due_at: procedure.fee_due,
        due_vnd: bill.total_vnd,
        exempted_vnd,
        // An exemption that takes nothing off is nothing to check.
        exemption: claim.exemption.filter(|_| exempted_vnd > 0),
    };
    Some((bill, owed))
}
