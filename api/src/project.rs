//! Investment projects: the unit a business follows. A project of a kind (a journey in
//! `catalogue/journeys.json`) goes through several procedures at several agencies, some needing
//! others' results first; the project shows each as a step with its state, the documents earlier
//! steps produced, and a forecast of when the whole project can finish.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::dossier::UploadInfo;
use crate::form::{Answers, Places};
use crate::lifecycle::Status;
use crate::problem::{limits, Code, Name, Problem, Problems};
use crate::Text;

/// `catalogue/journeys.json`: every kind of project.
pub type JourneyData = Vec<Journey>;

/// A kind of project and the procedures it goes through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journey {
    pub id: String,
    pub name: Text,
    /// Who the kind is for, in a sentence, to choose by.
    pub description: Text,
    /// Where the sequence comes from (the laws and decrees), for whoever maintains it.
    pub source: String,
    pub steps: Vec<JourneyStep>,
}

/// One procedure of a journey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JourneyStep {
    pub id: String,
    /// A procedure code of the catalogue, offered online with a form of its own.
    pub procedure: String,
    /// Steps whose result this one needs: it is filed once they are done.
    #[serde(default)]
    pub needs: Vec<String>,
    /// Steps this one may be filed alongside: once they are filed, not done (parallel filing).
    #[serde(default)]
    pub filed_with: Vec<String>,
    /// When the step applies, in plain words, if it does not always: the investor says so when
    /// creating the project.
    #[serde(default)]
    pub optional: Option<Text>,
    /// Form answers filled from what the project and earlier steps already say: the answer's path
    /// (`section.field`) to a [`Source`] (`project.capital`, `step.irc.number`).
    #[serde(default)]
    pub fill: BTreeMap<String, String>,
}

/// Where a pre-filled answer comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    ProjectName,
    /// The commune's name, with its province.
    ProjectLocation,
    /// In đồng, digits only.
    ProjectCapital,
    /// In square metres, digits only.
    ProjectArea,
    ProjectDescription,
    CompanyName,
    CompanyTaxCode,
    /// The result number (số giấy chứng nhận, số quyết định) an earlier step's dossier gave.
    ResultNumber(String),
    /// The date an earlier step's result was issued, `YYYY-MM-DD`.
    ResultDate(String),
}

impl Source {
    pub fn parse(s: &str) -> Option<Source> {
        Some(match s {
            "project.name" => Source::ProjectName,
            "project.location" => Source::ProjectLocation,
            "project.capital" => Source::ProjectCapital,
            "project.area" => Source::ProjectArea,
            "project.description" => Source::ProjectDescription,
            "company.name" => Source::CompanyName,
            "company.tax_code" => Source::CompanyTaxCode,
            _ => {
                let rest = s.strip_prefix("step.")?;
                let (step, what) = rest.rsplit_once('.')?;
                if step.is_empty() {
                    return None;
                }
                match what {
                    "number" => Source::ResultNumber(step.to_string()),
                    "date" => Source::ResultDate(step.to_string()),
                    _ => return None,
                }
            }
        })
    }
}

/// A project's name or a line of it, in characters.
pub const PROJECT_NAME_CHARS: usize = 300;
/// A project's short description, in characters.
pub const PROJECT_DESCRIPTION_CHARS: usize = 2000;
/// Land area in square metres: no province has more.
pub const MAX_AREA_M2: u64 = 100_000_000_000;
/// Projects a company may have: bounds what a member (or a stolen account) can make.
pub const PROJECTS_PER_COMPANY: u64 = 500;

/// `POST /api/v1/projects` (with an `Idempotency-Key` header): a verified company's member who may
/// act creates a project of a kind. Numbers are as typed, so that the rules name what is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRequest {
    /// The company's tax code.
    pub company: String,
    /// A journey id.
    pub kind: String,
    pub name: String,
    /// The commune's code in `places.json`.
    pub commune: String,
    /// Total investment capital in đồng; dots, commas and spaces between digits are allowed.
    pub capital: String,
    /// Land area in square metres, as `capital`.
    pub area: String,
    #[serde(default)]
    pub description: String,
    /// The ids of the journey's optional steps that apply.
    #[serde(default)]
    pub optional: Vec<String>,
}

/// Digits with dots, commas or spaces between them, as people write large numbers.
pub fn parse_amount(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl ProjectRequest {
    pub fn capital_vnd(&self) -> Option<u64> {
        parse_amount(&self.capital).filter(|&v| v > 0 && v <= limits::FEE_VALUE)
    }

    pub fn area_m2(&self) -> Option<u64> {
        parse_amount(&self.area).filter(|&v| v > 0 && v <= MAX_AREA_M2)
    }

    /// Every problem at once. Without `places` (the app could not load them) any commune passes
    /// here and the server, which has them, decides.
    pub fn problems(&self, journeys: &[Journey], places: Option<&Places>) -> Vec<Problem> {
        let mut p = Problems::new();
        if self.name.trim().is_empty() {
            p.add(Name::ProjectName, Code::ProjectNameRequired);
        }
        p.limit(Name::ProjectName, &self.name, PROJECT_NAME_CHARS);
        let journey = journeys.iter().find(|j| j.id == self.kind);
        if journey.is_none() {
            p.add(Name::Kind, Code::UnknownKind);
        }
        let known = places.is_none_or(|places| {
            places
                .provinces
                .iter()
                .any(|pr| pr.communes.iter().any(|c| c.code == self.commune))
        });
        if self.commune.trim().is_empty() || !known {
            p.add(Name::Commune, Code::CommuneRequired);
        }
        if self.capital_vnd().is_none() {
            p.add(Name::Capital, Code::CapitalFormat);
        }
        if self.area_m2().is_none() {
            p.add(Name::Area, Code::AreaFormat);
        }
        p.limit(
            Name::Description,
            &self.description,
            PROJECT_DESCRIPTION_CHARS,
        );
        if let Some(journey) = journey {
            let optional = |id: &String| {
                journey
                    .steps
                    .iter()
                    .any(|s| &s.id == id && s.optional.is_some())
            };
            if !self.optional.iter().all(optional) {
                p.add(Name::Optional, Code::UnknownOptionalStep);
            }
        }
        p.into_vec()
    }
}

/// The project and step a dossier is filed for (in [`crate::dossier::SubmitRequest`] and drafts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRef {
    pub project: String,
    pub step: String,
}

/// Where a step of a project stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// Not filed, and what it needs is not done yet.
    Waiting,
    /// Not filed, and it can be filed now.
    CanStart,
    /// Filed and at an agency.
    InProgress,
    /// The agency waits for the investor's supplement; the clock is stopped.
    SupplementRequested,
    /// The result exists.
    Done,
    /// The agency refused it: it may be filed again.
    Refused,
}

impl StepState {
    /// From the state of the step's latest dossier (`None`: never filed, or withdrawn) and whether
    /// what it needs is done.
    pub fn of(status: Option<Status>, ready: bool) -> StepState {
        match status {
            None | Some(Status::Withdrawn) if ready => StepState::CanStart,
            None | Some(Status::Withdrawn) => StepState::Waiting,
            Some(Status::SupplementRequested) => StepState::SupplementRequested,
            Some(Status::ResultReady | Status::Returned) => StepState::Done,
            Some(Status::Refused) => StepState::Refused,
            Some(_) => StepState::InProgress,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            StepState::Waiting => "waiting",
            StepState::CanStart => "can_start",
            StepState::InProgress => "in_progress",
            StepState::SupplementRequested => "supplement_requested",
            StepState::Done => "done",
            StepState::Refused => "refused",
        }
    }

    pub fn label(self) -> Text {
        let (vi, en) = match self {
            StepState::Waiting => ("Chờ bước trước", "Waiting for another step"),
            StepState::CanStart => ("Có thể nộp ngay", "Can start now"),
            StepState::InProgress => ("Đang xử lý", "In progress"),
            StepState::SupplementRequested => ("Yêu cầu bổ sung", "Supplement requested"),
            StepState::Done => ("Đã xong", "Done"),
            StepState::Refused => ("Bị từ chối", "Refused"),
        };
        Text::new(vi, en)
    }

    /// A new dossier may be filed for the step.
    pub fn may_file(self) -> bool {
        matches!(self, StepState::CanStart | StepState::Refused)
    }
}

/// A step's dossier, as the project shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepDossier {
    pub code: String,
    pub status: Status,
    pub submitted_at: i64,
    pub due_date: Date,
    /// The agency holding it now, and since when (the day of its last move).
    pub holder: String,
    pub holder_name: Text,
    pub since: Date,
    /// The result's number (số giấy chứng nhận, số quyết định), once there is one.
    #[serde(default)]
    pub result_number: String,
    pub result_date: Option<Date>,
}

/// How long a procedure takes at its agency, in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Durations {
    /// The procedure's legal processing time.
    pub legal: u32,
    /// The median over the agency's dossiers of the procedure done in the last twelve months, and
    /// the 80th percentile; `None` with too few dossiers to say ([`MIN_SAMPLES`]).
    pub usual: Option<u32>,
    pub latest: Option<u32>,
    /// Dossiers the figures come from.
    pub samples: u32,
}

/// Dossiers done in a year below which the agency's own figures say nothing: the legal time
/// stands in for them.
pub const MIN_SAMPLES: u32 = 5;

/// When one step, or the whole project, finishes: if every agency keeps to the legal time, as the
/// agency usually takes (median), and at the latest (80th percentile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finish {
    pub legal: Date,
    pub usual: Date,
    pub latest: Date,
}

/// A step's part of the forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepForecast {
    pub durations: Durations,
    /// When it can start (is filed), as usual.
    pub start: Date,
    /// When it is done: the real date once it is.
    pub finish: Finish,
    /// On the critical path: a day late here is a day late for the whole project.
    pub critical: bool,
    /// Working days it can slip, as usual, before the project's finish moves.
    pub slack: u32,
    /// Past its legal due date and not done.
    pub late: bool,
}

/// The whole project's forecast (recomputed on every read, so it moves with every dossier).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    pub finish: Finish,
    /// The steps on the critical path, in order.
    pub critical_path: Vec<String>,
    /// The calendar has no announced holidays for some of the dates: they may move.
    pub estimated: bool,
    /// The day it was computed for (Vietnam time).
    pub today: Date,
}

/// One step of a project, as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectStep {
    pub id: String,
    pub procedure: String,
    pub procedure_name: Text,
    /// The agency that decides it.
    pub agency: String,
    pub agency_name: Text,
    pub needs: Vec<String>,
    pub filed_with: Vec<String>,
    /// When an optional step applies.
    pub optional: Option<Text>,
    pub state: StepState,
    /// The latest dossier filed for it.
    pub dossier: Option<StepDossier>,
    pub forecast: StepForecast,
}

/// A document an earlier step produced, which later steps can reuse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldDocument {
    pub step: String,
    pub procedure_name: Text,
    pub dossier: String,
    pub number: String,
    pub date: Date,
    pub files: Vec<UploadInfo>,
}

/// `GET /api/v1/projects/{id}`: a project as a company member, or an officer holding one of its
/// dossiers, sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectView {
    pub id: String,
    pub company: String,
    pub company_name: String,
    pub kind: String,
    pub kind_name: Text,
    pub name: String,
    pub commune: String,
    /// The commune and province, as written.
    pub location: String,
    pub capital_vnd: u64,
    pub area_m2: u64,
    pub description: String,
    pub created_at: i64,
    /// The person asking may file and act for it (a member with the act role, or the administrator);
    /// members who may only view, and officers, read.
    pub can_act: bool,
    pub steps: Vec<ProjectStep>,
    pub documents: Vec<HeldDocument>,
    /// The steps that can be filed now, in the journey's order.
    pub next: Vec<String>,
    pub forecast: Forecast,
}

/// One line of the company's dashboard: a project and what it waits on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectSummary {
    pub id: String,
    pub company: String,
    pub name: String,
    pub kind_name: Text,
    pub done: u32,
    pub steps: u32,
    /// The steps it waits on now: those at an agency (with which) or waiting for the investor.
    pub waiting_on: Vec<WaitingOn>,
    pub finish: Finish,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitingOn {
    pub step: String,
    pub procedure_name: Text,
    pub state: StepState,
    /// The agency holding it, when it is at one.
    pub agency_name: Option<Text>,
    pub since: Option<Date>,
    pub late: bool,
}

/// `GET /api/v1/projects?after=`: a page of the projects of every company the account is a member
/// of, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectList {
    pub items: Vec<ProjectSummary>,
    /// Where the next page starts, sent back as `?after=`; `None` on the last page.
    #[serde(default)]
    pub next: Option<String>,
}

/// `GET /api/v1/projects/{id}/steps/{step}`: what filing a step starts from: the answers the project
/// and earlier results already give, and the commune for a procedure done at each commune's office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepStart {
    pub project: String,
    pub project_name: String,
    pub step: String,
    pub procedure: String,
    pub state: StepState,
    pub answers: Answers,
    pub commune: Option<String>,
}

/// The project a dossier is a step of, on the dossier's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierProject {
    pub id: String,
    pub name: String,
    pub step: String,
}

/// Marks an officer's queue line whose dossier is a step of a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueProject {
    pub id: String,
    pub name: String,
    /// The step is on the project's critical path.
    pub critical: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_parse() {
        assert_eq!(
            Source::parse("project.capital"),
            Some(Source::ProjectCapital)
        );
        assert_eq!(
            Source::parse("step.irc.number"),
            Some(Source::ResultNumber("irc".into()))
        );
        assert_eq!(Source::parse("step..number"), None);
        assert_eq!(Source::parse("step.irc.name"), None);
        assert_eq!(Source::parse("project.owner"), None);
    }

    #[test]
    fn amounts_allow_grouping_but_nothing_else() {
        assert_eq!(parse_amount("25.000.000.000"), Some(25_000_000_000));
        assert_eq!(parse_amount("12 000"), Some(12_000));
        assert_eq!(parse_amount("12e3"), None);
        assert_eq!(parse_amount("-5"), None);
        assert_eq!(parse_amount(""), None);
    }

    #[test]
    fn a_never_filed_step_can_start_only_when_ready() {
        assert_eq!(StepState::of(None, false), StepState::Waiting);
        assert_eq!(StepState::of(None, true), StepState::CanStart);
        assert_eq!(
            StepState::of(Some(Status::Withdrawn), true),
            StepState::CanStart
        );
        assert_eq!(
            StepState::of(Some(Status::Received), true),
            StepState::InProgress
        );
        assert_eq!(StepState::of(Some(Status::Returned), true), StepState::Done);
        assert!(StepState::Refused.may_file());
    }
}
