//! Investment projects, between the routes and the store: a verified company's member who may act
//! creates one of a kind (a journey), files its steps as dossiers, and follows them with a forecast;
//! the company's members read it, and so do the officers who may open one of its dossiers. Anyone
//! else gets the same 404.

pub mod history;

use std::collections::{HashMap, HashSet};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use futures_util::{Stream, StreamExt};
use motcua_api::account::{AccountKind, Me};
use motcua_api::calendar::{Calendar, Date};
use motcua_api::company::MemberRole;
use motcua_api::forecast::{self, PlanStep};
use motcua_api::form::Places;
use motcua_api::journey::{self, FillFacts};
use motcua_api::lifecycle::{QueueItem, Status};
use motcua_api::problem::{Code, Name, Problem};
use motcua_api::project::{
    Durations, Forecast, HeldDocument, Journey, JourneyStep, ProjectList, ProjectRequest,
    ProjectStep, ProjectSummary, ProjectView, QueueProject, StepDossier, StepForecast, StepRef,
    StepStart, StepState, WaitingOn, PROJECTS_PER_COMPANY,
};
use motcua_api::Text;

use crate::dossiers::{officer_sees, Notifier};
use crate::error::{AppError, CHECK_MARKED};
use crate::live::{self, Change};
use crate::search::CatalogueIndex;
use crate::store::projects::{
    After, Created, DossierMarks, ListLine, NewProject, ProjectRow, StepDossierRow, StoredLine,
};
use crate::store::Store;
use history::DurationsCache;
use motcua_api::{Agency, Procedure};

/// The part of the server's state the project service works with, and the moment it works at.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub index: &'a CatalogueIndex,
    pub calendar: &'a Calendar,
    pub durations: &'a DurationsCache,
    pub notifier: &'a Notifier,
    pub forecasts: &'a Forecasts,
    pub now: i64,
}

/// Projects kept in [`Forecasts`] at most: a few tens of megabytes.
const FORECASTS_KEPT: usize = 10_000;

/// Projects whose step dossiers [`Forecasts`] keeps: a queue page's worth for every agency, a few
/// megabytes each thousand.
const STEPS_KEPT: usize = 2_000;

/// The forecasts made lately, by project, with what each was made from: a project whose steps,
/// figures and day are what they were is not computed again, so a list of many projects costs
/// little more than its query. Also the step dossiers they were made from, by the project's
/// revision, which every change to one of its dossiers moves on (a trigger): an officer's queue
/// marks its projects' steps without reading and parsing every dossier of every project again for
/// each page. Bounded: each emptied when full.
#[derive(Clone, Default)]
pub struct Forecasts {
    made: Arc<Mutex<HashMap<String, Made>>>,
    steps: Arc<Mutex<HashMap<String, (i64, Steps)>>>,
}

/// A project's step dossiers with their marks, in the order `Store::project_steps` gives them.
type Steps = Arc<Vec<(StepDossierRow, DossierMarks)>>;

/// A forecast and what it was made from.
struct Made {
    today: Date,
    steps: Vec<MadeFrom>,
    made: (Forecast, Vec<StepForecast>),
}

/// An owned [`PlanStep`].
struct MadeFrom {
    id: String,
    needs: Vec<String>,
    filed_with: Vec<String>,
    durations: Durations,
    progress: forecast::Progress,
}

impl MadeFrom {
    fn is(&self, s: &PlanStep<'_>) -> bool {
        self.id == s.id
            && self.needs == s.needs
            && self.filed_with == s.filed_with
            && self.durations == s.durations
            && self.progress == s.progress
    }
}

impl Forecasts {
    /// [`forecast::forecast`] of the project's steps, made again only if they or the day changed.
    fn get(
        &self,
        project: &str,
        steps: &[PlanStep<'_>],
        calendar: &Calendar,
        today: Date,
    ) -> (Forecast, Vec<StepForecast>) {
        let same = |m: &Made| {
            m.today == today
                && m.steps.len() == steps.len()
                && m.steps.iter().zip(steps).all(|(a, b)| a.is(b))
        };
        if let Some(m) = self.lock().get(project).filter(|m| same(m)) {
            return m.made.clone();
        }
        let made = forecast::forecast(steps, calendar, today);
        let kept = Made {
            today,
            steps: steps
                .iter()
                .map(|s| MadeFrom {
                    id: s.id.to_string(),
                    needs: s.needs.to_vec(),
                    filed_with: s.filed_with.to_vec(),
                    durations: s.durations,
                    progress: s.progress,
                })
                .collect(),
            made: made.clone(),
        };
        let mut kept_all = self.lock();
        if kept_all.len() >= FORECASTS_KEPT && !kept_all.contains_key(project) {
            kept_all.clear();
        }
        kept_all.insert(project.to_string(), kept);
        made
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Made>> {
        self.made.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The step dossiers of each project, `(project, its revision)`, read again only for those
    /// whose revision moved. The revisions must have been read before this: dossiers read after
    /// a revision are at least as new as it, so what is kept is never older than its revision says.
    async fn steps(
        &self,
        store: &Store,
        projects: &[(ProjectRow, i64)],
    ) -> anyhow::Result<HashMap<String, Steps>> {
        let mut found = HashMap::new();
        let mut stale = Vec::new();
        {
            let kept = self.kept_steps();
            for (project, revision) in projects {
                match kept.get(&project.id) {
                    Some((at, steps)) if at == revision => {
                        found.insert(project.id.clone(), steps.clone());
                    }
                    _ => stale.push((project.id.as_str(), *revision)),
                }
            }
        }
        if stale.is_empty() {
            return Ok(found);
        }
        let ids: Vec<&str> = stale.iter().map(|(id, _)| *id).collect();
        let mut read = store.project_steps(&ids).await?;
        let mut kept = self.kept_steps();
        for (id, revision) in stale {
            let steps: Steps = Arc::new(read.remove(id).unwrap_or_default());
            if kept.len() >= STEPS_KEPT && !kept.contains_key(id) {
                kept.clear();
            }
            kept.insert(id.to_string(), (revision, steps.clone()));
            found.insert(id.to_string(), steps);
        }
        Ok(found)
    }

    fn kept_steps(&self) -> std::sync::MutexGuard<'_, HashMap<String, (i64, Steps)>> {
        self.steps.lock().unwrap_or_else(|e| e.into_inner())
    }
}

const NO_PROJECT: AppError = AppError::NotFound("There is no such project.");
const NO_COMPANY: AppError = AppError::NotFound("There is no such company.");
const NO_STEP: AppError = AppError::NotFound("There is no such step.");

/// What a create came to.
pub enum Submitted {
    Created(ProjectView),
    Found(ProjectView),
}

/// How a person stands to a project; `None` (a 404) for everyone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// A member of its company; `act` unless the member may only view.
    Member { act: bool },
    /// An officer who may open one of its dossiers: reads only.
    Officer,
}

/// A project with its company's name and its dossiers with their marks, as someone with `access`
/// may see it.
struct Loaded {
    project: ProjectRow,
    company_name: String,
    dossiers: Vec<(StepDossierRow, DossierMarks)>,
    access: Access,
}

impl Ctx<'_> {
    fn today(&self) -> Date {
        Date::in_vietnam(self.now)
    }

    fn journey(&self, kind: &str) -> anyhow::Result<&Journey> {
        self.index
            .journey(kind)
            .ok_or_else(|| anyhow::anyhow!("the catalogue has no journey {kind}"))
    }

    /// The project, if the person may see it: a member of its company, or an officer of an agency in
    /// one of its dossiers' workflows. Two statements: the project with its company's name and the
    /// person's role, then its dossiers with their marks.
    async fn load(&self, id: &str, me: &Me) -> Result<Loaded, AppError> {
        let member = (me.kind != AccountKind::Officer).then_some(me.id);
        let found = self
            .store
            .project_for(id, member)
            .await?
            .ok_or(NO_PROJECT)?;
        let dossiers = self
            .store
            .project_steps(&[id])
            .await?
            .remove(id)
            .unwrap_or_default();
        let access = if me.kind == AccountKind::Officer {
            dossiers
                .iter()
                .any(|(d, _)| officer_sees(&d.progress, d.owner, me).is_some())
                .then_some(Access::Officer)
        } else {
            found.role.map(|role| Access::Member {
                act: role.may_act(),
            })
        };
        let access = access.ok_or(NO_PROJECT)?;
        Ok(Loaded {
            project: found.project,
            company_name: found.company_name,
            dossiers,
            access,
        })
    }
}

/// The person's role in a company they have joined.
async fn role_in(store: &Store, me: &Me, company: &str) -> anyhow::Result<Option<MemberRole>> {
    if me.kind == AccountKind::Officer {
        return Ok(None);
    }
    Ok(store
        .member_of(me.id)
        .await?
        .into_iter()
        .find(|(c, _)| c == company)
        .map(|(_, role)| role))
}

/// Creates a project. The `Idempotency-Key` makes a double tap or a retry find the project the first
/// one made. A company has at most [`PROJECTS_PER_COMPANY`]: one more is a 422 `too_many_projects`.
pub async fn create(
    ctx: &Ctx<'_>,
    me: &Me,
    key: Option<&str>,
    body: Result<ProjectRequest, AppError>,
) -> Result<Submitted, AppError> {
    let key = crate::dossiers::submit::idempotency_key(key)?;
    if let Some(existing) = ctx.store.project_by_key(me.id, key).await? {
        return Ok(Submitted::Found(view(ctx, me, &existing.id).await?));
    }
    let req = body?;
    // Companies have members once verified; a view member may not act for one.
    match role_in(ctx.store, me, req.company.trim()).await? {
        Some(role) if role.may_act() => {}
        _ => return Err(NO_COMPANY),
    }
    let catalogue = ctx.index.catalogue();
    let problems = req.problems(ctx.index.journeys(), Some(&catalogue.places));
    if !problems.is_empty() {
        return Err(AppError::invalid(CHECK_MARKED, problems));
    }
    let (Some(capital), Some(area)) = (req.capital_vnd(), req.area_m2()) else {
        return Err(anyhow::anyhow!("checked amounts did not parse").into());
    };
    let id = new_project_id()?;
    let mut optional = req.optional.clone();
    optional.sort();
    optional.dedup();
    let new = NewProject {
        id: &id,
        company: req.company.trim(),
        kind: &req.kind,
        name: req.name.trim(),
        commune: &req.commune,
        capital,
        area,
        description: req.description.trim(),
        optional: &optional,
        created_by: me.id,
        created_at: ctx.now,
        idempotency_key: key,
    };
    match ctx.store.create_project(&new, PROJECTS_PER_COMPANY).await? {
        Created::New(row) => Ok(Submitted::Created(view(ctx, me, &row.id).await?)),
        Created::Found(row) => Ok(Submitted::Found(view(ctx, me, &row.id).await?)),
        Created::TooMany => Err(AppError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_projects",
            format!("Doanh nghiệp đã có {PROJECTS_PER_COMPANY} dự án, là số tối đa."),
        )),
    }
}

/// Letters and digits no one mistakes for another when reading an id aloud or typing it.
const ID_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// `DA-` and ten random characters of [`ID_ALPHABET`]: ids are not guessable from one another.
/// The only maker of project ids; the generator and the sample call it too.
pub fn new_project_id() -> anyhow::Result<String> {
    project_id_from(|bytes| {
        getrandom::getrandom(bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))
    })
}

/// A project id drawn from `random`, which fills its buffer: the generator passes its seeded
/// source, so that a generated data set is the same each time it is made.
pub fn project_id_from(
    mut random: impl FnMut(&mut [u8]) -> anyhow::Result<()>,
) -> anyhow::Result<String> {
    let mut id = String::from("DA-");
    let n = ID_ALPHABET.len();
    // Bytes at or above the largest multiple of the alphabet's size are skipped, so that each
    // character is as likely as any other.
    let fair = 256 - 256 % n;
    while id.len() < 13 {
        let mut bytes = [0u8; 16];
        random(&mut bytes)?;
        for b in bytes {
            if (b as usize) < fair && id.len() < 13 {
                id.push(ID_ALPHABET[b as usize % n] as char);
            }
        }
    }
    Ok(id)
}

/// Where each included step of a project stands.
struct Plan<'j> {
    steps: Vec<PlannedStep<'j>>,
    forecast: Forecast,
}

struct PlannedStep<'j> {
    step: &'j JourneyStep,
    procedure_name: Text,
    /// The office that decides it: where its dossier went, or would go.
    agency: String,
    state: StepState,
    /// Its latest dossier and what the event log says of it.
    dossier: Option<&'j (StepDossierRow, DossierMarks)>,
    forecast: StepForecast,
}

/// The latest dossier of each step, by the order they were received in.
fn latest(dossiers: &[StepDossierRow]) -> HashMap<&str, &StepDossierRow> {
    dossiers.iter().map(|d| (d.step.as_str(), d)).collect()
}

/// The latest dossier of each step with its marks, by the order they were received in.
fn latest_marked(
    dossiers: &[(StepDossierRow, DossierMarks)],
) -> HashMap<&str, &(StepDossierRow, DossierMarks)> {
    dossiers.iter().map(|d| (d.0.step.as_str(), d)).collect()
}

/// Each included step's state: from its latest dossier, and, for one not filed, whether what it
/// needs is done.
fn states<'j>(
    journey: &'j Journey,
    optional: &[String],
    latest: &HashMap<&str, &StepDossierRow>,
) -> Vec<(&'j JourneyStep, StepState)> {
    let status = |id: &str| latest.get(id).map(|d| d.status);
    let filed: HashMap<&str, StepState> = latest
        .iter()
        .filter(|(_, d)| d.status != Status::Withdrawn)
        .map(|(id, d)| (*id, StepState::of(Some(d.status), true)))
        .collect();
    journey::included(journey, optional)
        .map(|step| {
            let ready = journey::ready(journey, optional, &step.id, |s| filed.get(s).copied());
            (step, StepState::of(status(&step.id), ready.is_ok()))
        })
        .collect()
}

/// The office a step's procedure goes to for the project: the procedure's agency, or the project
/// commune's own office where the agency has one per commune.
fn office_of(
    index: &CatalogueIndex,
    found: Option<(&Procedure, &Agency)>,
    commune: &str,
) -> Option<String> {
    let (_, agency) = found?;
    // Only an agency with an office per commune has another id to find.
    if agency.per_commune.is_none() {
        return Some(agency.id.clone());
    }
    Some(
        index
            .office_for(agency, Some(commune))
            .map(|o| o.id)
            .unwrap_or_else(|| agency.id.clone()),
    )
}

/// Where the forecast takes a step to be.
fn progress(
    calendar: &Calendar,
    dossier: Option<&(StepDossierRow, DossierMarks)>,
    today: Date,
) -> forecast::Progress {
    let Some((d, marks)) = dossier else {
        return forecast::Progress::NotFiled;
    };
    match d.status {
        Status::Withdrawn | Status::Refused => forecast::Progress::NotFiled,
        Status::ResultReady | Status::Returned => forecast::Progress::Done(
            d.progress
                .done_on
                .or(marks.result.as_ref().map(|r| Date::in_vietnam(r.at)))
                .unwrap_or(today),
        ),
        _ => forecast::Progress::Running {
            received: calendar.received_on(d.received_at),
            paused_days: d.progress.paused_days,
            paused_since: d.progress.paused_since,
            due: d.due_date,
        },
    }
}

fn plan<'j>(
    ctx: &Ctx<'_>,
    journey: &'j Journey,
    project: &ProjectRow,
    dossiers: &'j [(StepDossierRow, DossierMarks)],
    today: Date,
) -> Plan<'j> {
    let marked = latest_marked(dossiers);
    let latest: HashMap<&str, &StepDossierRow> = marked.iter().map(|(s, d)| (*s, &d.0)).collect();
    let mut steps: Vec<PlannedStep<'j>> = Vec::new();
    let mut durations = Vec::new();
    for (step, state) in states(journey, &project.optional, &latest) {
        let dossier = marked.get(step.id.as_str()).copied();
        let found = ctx.index.find(&step.procedure);
        let agency = match dossier {
            Some((d, _)) => d.agency.clone(),
            None => office_of(ctx.index, found, &project.commune).unwrap_or_default(),
        };
        let legal = found.map(|(p, _)| p.processing_days).unwrap_or_default();
        durations.push(ctx.durations.get(&step.procedure, &agency, legal));
        steps.push(PlannedStep {
            step,
            procedure_name: found.map_or_else(
                || Text::new(step.procedure.as_str(), step.procedure.as_str()),
                |(p, _)| p.name.clone(),
            ),
            agency,
            state,
            dossier,
            forecast: placeholder_forecast(today),
        });
    }
    let plan: Vec<PlanStep<'_>> = steps
        .iter()
        .zip(&durations)
        .map(|(s, durations)| PlanStep {
            id: &s.step.id,
            needs: &s.step.needs,
            filed_with: &s.step.filed_with,
            durations: *durations,
            progress: progress(ctx.calendar, s.dossier, today),
        })
        .collect();
    let (forecast, each) = ctx.forecasts.get(&project.id, &plan, ctx.calendar, today);
    for (s, f) in steps.iter_mut().zip(each) {
        s.forecast = f;
    }
    Plan { steps, forecast }
}

/// What a step's forecast holds until the forecast is made.
fn placeholder_forecast(today: Date) -> StepForecast {
    let finish = motcua_api::project::Finish {
        legal: today,
        usual: today,
        latest: today,
    };
    StepForecast {
        durations: Durations {
            legal: 0,
            usual: None,
            latest: None,
            samples: 0,
        },
        start: today,
        finish,
        critical: false,
        slack: 0,
        late: false,
    }
}

/// The commune and its province, as written.
fn location(places: &Places, commune: &str) -> String {
    places
        .provinces
        .iter()
        .find_map(|p| {
            p.communes
                .iter()
                .find(|c| c.code == commune)
                .map(|c| format!("{}, {}", c.name, p.name))
        })
        .unwrap_or_else(|| commune.to_string())
}

/// `GET /projects/{id}`.
pub async fn view(ctx: &Ctx<'_>, me: &Me, id: &str) -> Result<ProjectView, AppError> {
    let loaded = ctx.load(id, me).await?;
    let journey = ctx.journey(&loaded.project.kind)?;
    let plan = plan(ctx, journey, &loaded.project, &loaded.dossiers, ctx.today());
    let project = loaded.project;
    let documents = plan
        .steps
        .iter()
        .filter(|s| s.state == StepState::Done)
        .filter_map(|s| {
            let (d, marks) = s.dossier?;
            let result = marks.result.as_ref()?;
            Some(HeldDocument {
                step: s.step.id.clone(),
                procedure_name: s.procedure_name.clone(),
                dossier: d.code.clone(),
                number: result.number.clone(),
                date: Date::in_vietnam(result.at),
                files: result.files.clone(),
            })
        })
        .collect();
    let next = plan
        .steps
        .iter()
        .filter(|s| s.state.may_file())
        .map(|s| s.step.id.clone())
        .collect();
    let steps = plan
        .steps
        .into_iter()
        .map(|s| ProjectStep {
            id: s.step.id.clone(),
            procedure: s.step.procedure.clone(),
            procedure_name: s.procedure_name,
            agency_name: ctx.index.agency_name(&s.agency),
            agency: s.agency,
            needs: s.step.needs.clone(),
            filed_with: s.step.filed_with.clone(),
            optional: s.step.optional.clone(),
            state: s.state,
            dossier: s.dossier.map(|(d, marks)| step_dossier(ctx, d, marks)),
            forecast: s.forecast,
        })
        .collect();
    Ok(ProjectView {
        company_name: loaded.company_name,
        kind_name: journey.name.clone(),
        location: location(&ctx.index.catalogue().places, &project.commune),
        id: project.id,
        company: project.company,
        kind: project.kind,
        name: project.name,
        commune: project.commune,
        capital_vnd: project.capital,
        area_m2: project.area,
        description: project.description,
        created_at: project.created_at,
        can_act: loaded.access == Access::Member { act: true },
        steps,
        documents,
        next,
        forecast: plan.forecast,
    })
}

fn step_dossier(ctx: &Ctx<'_>, d: &StepDossierRow, marks: &DossierMarks) -> StepDossier {
    let holder = d.progress.holder().to_string();
    StepDossier {
        code: d.code.clone(),
        status: d.status,
        submitted_at: d.received_at,
        due_date: d.due_date,
        holder_name: ctx.index.agency_name(&holder),
        holder,
        since: Date::in_vietnam(marks.last_at.max(d.received_at)),
        result_number: marks
            .result
            .as_ref()
            .map(|r| r.number.clone())
            .unwrap_or_default(),
        result_date: marks.result.as_ref().map(|r| Date::in_vietnam(r.at)),
    }
}

/// Projects a page of the list holds: a phone's screenful or two; more come on asking.
const LIST_PAGE: u32 = 20;

/// `GET /projects?after=`: a page of the projects of every company the account has joined, newest
/// first, with what each waits on, and where the next page starts. Each line is read as stored; one
/// whose dossiers changed since, or made for another day or from other durations, is made again
/// from its dossiers (one statement for the page's) and stored.
pub async fn list(ctx: &Ctx<'_>, me: &Me, after: Option<&str>) -> Result<ProjectList, AppError> {
    let after = after.map(read_cursor).transpose()?;
    if me.kind == AccountKind::Officer {
        return Ok(ProjectList {
            items: Vec::new(),
            next: None,
        });
    }
    let mut page = ctx
        .store
        .account_projects(me.id, after, LIST_PAGE + 1)
        .await?;
    let next = (page.len() > LIST_PAGE as usize).then(|| {
        page.truncate(LIST_PAGE as usize);
        page.last().map(|p| cursor(&p.project)).unwrap_or_default()
    });
    let today = ctx.today();
    // Read before any line is made: one made from figures newer than its stamp is only made again.
    let durations = ctx.durations.computed_at();
    let fresh = |l: &StoredLine| l.day == today && l.durations == durations;
    let stale: Vec<&str> = page
        .iter()
        .filter(|p| !p.line.as_ref().is_some_and(fresh))
        .map(|p| p.project.id.as_str())
        .collect();
    let mut dossiers = if stale.is_empty() {
        HashMap::new()
    } else {
        ctx.store.project_steps(&stale).await?
    };
    let mut made = Vec::new();
    let mut items = Vec::with_capacity(page.len());
    for listed in page {
        let project = &listed.project;
        let Ok(journey) = ctx.journey(&project.kind) else {
            tracing::warn!(project = %project.id, kind = %project.kind, "a project of an unknown kind");
            continue;
        };
        let line = match listed.line {
            Some(stored) if fresh(&stored) => stored.line,
            _ => {
                let own = dossiers.remove(&project.id).unwrap_or_default();
                let line = line(ctx, plan(ctx, journey, project, &own, today));
                made.push((project.id.clone(), listed.revision, line.clone()));
                line
            }
        };
        items.push(summary(journey, project, line));
    }
    let made: Vec<(&str, i64, &ListLine)> = made
        .iter()
        .map(|(id, revision, line)| (id.as_str(), *revision, line))
        .collect();
    ctx.store.store_list_lines(&made, today, durations).await?;
    Ok(ProjectList { items, next })
}

/// Where the page after `last` starts: opaque to clients, who only send it back.
fn cursor(last: &ProjectRow) -> String {
    format!("{}.{}", last.created_at, last.id)
}

fn read_cursor(cursor: &str) -> Result<After<'_>, AppError> {
    cursor
        .split_once('.')
        .and_then(|(at, id)| {
            Some(After {
                created_at: at.parse().ok()?,
                id,
            })
        })
        .ok_or_else(|| {
            AppError::bad_request(
                "invalid_query",
                "The query string cannot be read: `after` is not a cursor this list gave.",
            )
        })
}

/// What the project's dossiers make of its line: steps done, what it waits on, when it can finish.
fn line(ctx: &Ctx<'_>, plan: Plan<'_>) -> ListLine {
    let waiting_on = plan
        .steps
        .iter()
        .filter(|s| {
            matches!(
                s.state,
                StepState::InProgress
                    | StepState::SupplementRequested
                    | StepState::CanStart
                    | StepState::Refused
            )
        })
        .map(|s| {
            let at_agency =
                s.state == StepState::InProgress || s.state == StepState::SupplementRequested;
            let dossier = s.dossier.filter(|_| at_agency);
            WaitingOn {
                step: s.step.id.clone(),
                procedure_name: s.procedure_name.clone(),
                state: s.state,
                agency_name: dossier.map(|(d, _)| ctx.index.agency_name(d.progress.holder())),
                since: dossier.map(|(d, marks)| Date::in_vietnam(marks.last_at.max(d.received_at))),
                late: s.forecast.late,
            }
        })
        .collect();
    ListLine {
        done: plan
            .steps
            .iter()
            .filter(|s| s.state == StepState::Done)
            .count() as u32,
        steps: plan.steps.len() as u32,
        waiting_on,
        finish: plan.forecast.finish,
    }
}

fn summary(journey: &Journey, project: &ProjectRow, line: ListLine) -> ProjectSummary {
    ProjectSummary {
        id: project.id.clone(),
        company: project.company.clone(),
        name: project.name.clone(),
        kind_name: journey.name.clone(),
        done: line.done,
        steps: line.steps,
        waiting_on: line.waiting_on,
        finish: line.finish,
    }
}

/// `GET /projects/{id}/steps/{step}`: what filing the step starts from, for a member who may act.
pub async fn step_start(
    ctx: &Ctx<'_>,
    me: &Me,
    id: &str,
    step_id: &str,
) -> Result<StepStart, AppError> {
    let loaded = ctx.load(id, me).await?;
    if loaded.access != (Access::Member { act: true }) {
        return Err(NO_PROJECT);
    }
    let project = &loaded.project;
    let journey = ctx.journey(&project.kind)?;
    let marked = latest_marked(&loaded.dossiers);
    let latest: HashMap<&str, &StepDossierRow> = marked.iter().map(|(s, d)| (*s, &d.0)).collect();
    let states = states(journey, &project.optional, &latest);
    let (step, state) = states
        .iter()
        .find(|(s, _)| s.id == step_id)
        .copied()
        .ok_or(NO_STEP)?;
    let form = ctx.index.form(&step.procedure).ok_or(NO_STEP)?;
    // Only the results of done steps are quoted.
    let results = states
        .iter()
        .filter(|(_, state)| *state == StepState::Done)
        .filter_map(|(s, _)| {
            let (_, marks) = marked.get(s.id.as_str())?;
            let result = marks.result.as_ref()?;
            Some((
                s.id.clone(),
                (result.number.clone(), Date::in_vietnam(result.at)),
            ))
        })
        .collect();
    let facts = FillFacts {
        project_name: project.name.clone(),
        location: location(&ctx.index.catalogue().places, &project.commune),
        capital: project.capital,
        area: project.area,
        description: project.description.clone(),
        company_name: loaded.company_name.clone(),
        company_tax_code: project.company.clone(),
        results,
    };
    let per_commune = ctx
        .index
        .find(&step.procedure)
        .is_some_and(|(_, agency)| agency.per_commune.is_some());
    Ok(StepStart {
        project: project.id.clone(),
        project_name: project.name.clone(),
        step: step.id.clone(),
        procedure: step.procedure.clone(),
        state,
        answers: journey::prefill(step, &form, &facts),
        commune: per_commune.then(|| project.commune.clone()),
    })
}

/// Whether `me` may file `procedure` as the step `to`, and so the company the dossier is for: a
/// member who may act for the project's company (others get 404), the step's own procedure, a step
/// without a live dossier, whose needs are done.
pub async fn filing(
    store: &Store,
    index: &CatalogueIndex,
    me: &Me,
    to: &StepRef,
    procedure: &str,
) -> Result<String, AppError> {
    let member = (me.kind != AccountKind::Officer).then_some(me.id);
    let found = store
        .project_for(&to.project, member)
        .await?
        .ok_or(NO_PROJECT)?;
    match found.role {
        Some(role) if role.may_act() => {}
        _ => return Err(NO_PROJECT),
    }
    let project = found.project;
    let journey = index
        .journey(&project.kind)
        .ok_or_else(|| anyhow::anyhow!("the catalogue has no journey {}", project.kind))?;
    let mismatch = || {
        AppError::invalid(
            CHECK_MARKED,
            vec![Problem::new(Name::Project, Code::StepMismatch)],
        )
    };
    let dossiers = store
        .project_dossiers(&[to.project.as_str()])
        .await?
        .remove(&to.project)
        .unwrap_or_default();
    let latest = latest(&dossiers);
    let states = states(journey, &project.optional, &latest);
    let (step, state) = states
        .iter()
        .find(|(s, _)| s.id == to.step)
        .copied()
        .ok_or_else(mismatch)?;
    if step.procedure != procedure {
        return Err(mismatch());
    }
    if matches!(
        state,
        StepState::InProgress | StepState::SupplementRequested | StepState::Done
    ) {
        return Err(step_taken());
    }
    let filed: HashMap<&str, StepState> = states
        .iter()
        .filter(|(s, _)| {
            latest
                .get(s.id.as_str())
                .is_some_and(|d| d.status != Status::Withdrawn)
        })
        .map(|(s, st)| (s.id.as_str(), *st))
        .collect();
    if let Err(missing) = journey::ready(journey, &project.optional, &step.id, |s| {
        filed.get(s).copied()
    }) {
        let steps = missing
            .iter()
            .map(|id| {
                journey
                    .steps
                    .iter()
                    .find(|s| &s.id == id)
                    .map(|s| index.procedure_name(&s.procedure))
                    .unwrap_or_else(|| Text::new(id.as_str(), id.as_str()))
            })
            .collect();
        return Err(AppError::invalid(
            CHECK_MARKED,
            vec![Problem::new(Name::Project, Code::StepNotReady { steps })],
        ));
    }
    Ok(project.company)
}

/// The step has a dossier in progress or done: a second one is refused.
pub fn step_taken() -> AppError {
    AppError::refused(
        StatusCode::CONFLICT,
        "step_taken",
        Code::StepTaken.message().vi,
    )
}

/// Marks the queue's items whose dossier is a step of a project, and whether the step is on the
/// project's critical path: one lookup for the page's codes, one plan per distinct project.
pub async fn mark(ctx: &Ctx<'_>, items: &mut [QueueItem]) -> Result<(), AppError> {
    let codes: Vec<&str> = items.iter().map(|i| i.code.as_str()).collect();
    let steps = ctx.store.projects_of(&codes).await?;
    if steps.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = {
        let mut seen = HashSet::new();
        steps
            .iter()
            .map(|(_, p, _)| p.as_str())
            .filter(|p| seen.insert(*p))
            .collect()
    };
    // The projects (and their revisions) first, then their dossiers: see `Forecasts::steps`.
    let projects = ctx.store.projects(&ids).await?;
    let dossiers = ctx.forecasts.steps(ctx.store, &projects).await?;
    let today = ctx.today();
    let mut marked: HashMap<String, (String, Vec<String>)> = HashMap::new();
    for (project, _) in projects {
        let Ok(journey) = ctx.journey(&project.kind) else {
            continue;
        };
        let own = dossiers.get(&project.id).cloned().unwrap_or_default();
        let plan = plan(ctx, journey, &project, &own, today);
        marked.insert(project.id, (project.name, plan.forecast.critical_path));
    }
    for item in items.iter_mut() {
        let Some((_, project, step)) = steps.iter().find(|(code, _, _)| *code == item.code) else {
            continue;
        };
        if let Some((name, critical)) = marked.get(project.as_str()) {
            item.project = Some(QueueProject {
                id: project.clone(),
                name: name.clone(),
                critical: critical.contains(step),
            });
        }
    }
    Ok(())
}

/// `GET /projects/{id}/changes`: a tick each time one of the project's dossiers changes or a new one
/// joins it, for those who may read the project, while their session (`session`, its token's hash)
/// holds, checked every `check`. The project's codes are kept in a set, read again only when a
/// dossier joins: other dossiers' changes cost no query.
pub async fn changes(
    ctx: &Ctx<'_>,
    me: &Me,
    id: &str,
    session: &str,
    check: Duration,
) -> Result<impl Stream<Item = ()> + Send + 'static, AppError> {
    // Subscribed before the codes are read, so that no change between the two is missed.
    let receiver = ctx.notifier.subscribe();
    let loaded = ctx.load(id, me).await?;
    let watch = Watch {
        changes: Box::pin(live::changes(receiver, ctx.store.clone(), session, check)),
        store: ctx.store.clone(),
        project: id.to_string(),
        codes: loaded.dossiers.into_iter().map(|(d, _)| d.code).collect(),
    };
    Ok(futures_util::stream::unfold(watch, |mut w| async move {
        while let Some(change) = w.changes.next().await {
            match change {
                Change::Of(changed) if changed == w.project => {
                    match w.store.project_dossier_codes(&w.project).await {
                        Ok(codes) => w.codes = codes.into_iter().collect(),
                        Err(_) => return None,
                    }
                    return Some(((), w));
                }
                Change::Of(changed) if !w.codes.contains(&changed) => continue,
                // Of its dossiers, or missed ones that may include them: say it changed.
                _ => return Some(((), w)),
            }
        }
        None
    }))
}

/// What a project's live stream waits on between two changes.
struct Watch {
    changes: Pin<Box<dyn Stream<Item = Change> + Send>>,
    store: Store,
    project: String,
    codes: HashSet<String>,
}

/// Tells the project's live pages that a dossier joined it.
pub fn joined(notifier: &Notifier, project: &str) {
    notifier.changed(project);
}
