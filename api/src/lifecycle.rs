//! A dossier after submission: its states, the workflow it moves through, who may do what in which
//! state, and whether it is on time. The rules live here, shared, so the server enforces exactly what
//! the app offers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Date};
use crate::dossier::{Delivery, ProvidedDocument, ReceivedDocument, UploadInfo};
use crate::form::Answers;
use crate::problem::{limits, Code, Field, Name, Problem, Problems};
use crate::{Place, Text};

/// Where a dossier is in the one-stop process. Early / on time / late is not a state but
/// [`Timeliness`], computed from the deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Submitted,
    Received,
    Processing,
    SupplementRequested,
    Supplemented,
    ResultReady,
    Returned,
    Refused,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Submitted,
        Status::Received,
        Status::Processing,
        Status::SupplementRequested,
        Status::Supplemented,
        Status::ResultReady,
        Status::Returned,
        Status::Refused,
        Status::Withdrawn,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Received => "received",
            Status::Processing => "processing",
            Status::SupplementRequested => "supplement_requested",
            Status::Supplemented => "supplemented",
            Status::ResultReady => "result_ready",
            Status::Returned => "returned",
            Status::Refused => "refused",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(id: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn label(self) -> Text {
        let (vi, en) = match self {
            Status::Submitted => ("Đã nộp, chờ tiếp nhận", "Submitted, awaiting reception"),
            Status::Received => ("Mới tiếp nhận", "Received"),
            Status::Processing => ("Đang xử lý", "Processing"),
            Status::SupplementRequested => ("Yêu cầu bổ sung", "Supplement requested"),
            Status::Supplemented => ("Đã bổ sung", "Supplemented"),
            Status::ResultReady => ("Đã có kết quả", "Result ready"),
            Status::Returned => ("Đã trả kết quả", "Result returned"),
            Status::Refused => ("Từ chối", "Refused"),
            Status::Withdrawn => ("Đã rút hồ sơ", "Withdrawn"),
        };
        Text::new(vi, en)
    }

    /// Whether the processing clock runs: the dossier is with an agency, not finished, not waiting
    /// for the citizen.
    pub fn clock_runs(self) -> bool {
        matches!(
            self,
            Status::Submitted | Status::Received | Status::Processing | Status::Supplemented
        )
    }

    /// Nothing more happens to it.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Returned | Status::Refused | Status::Withdrawn)
    }

    /// The work on it is done, for timeliness: the result exists, or it ended.
    pub fn is_done(self) -> bool {
        self == Status::ResultReady || self.is_final()
    }
}

/// What a workflow step is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// The one-stop desk checks and receives the dossier.
    Reception,
    /// A department works on it (or the leadership approves it).
    Processing,
    /// The one-stop desk hands the result over.
    Return,
}

/// A step as the workflow file gives it: `agency` is an agency id, or `@procedure` for the agency that
/// implements the procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    pub id: String,
    pub kind: StepKind,
    pub name: Text,
    pub agency: String,
    /// Percent of the procedure's processing time this step may take; a workflow's shares add up to
    /// 100.
    pub share: u32,
}

/// `catalogue/workflows.json`: the default workflow per administrative level and any procedure's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkflowData {
    pub levels: BTreeMap<String, Vec<StepSpec>>,
    #[serde(default)]
    pub procedures: BTreeMap<String, Vec<StepSpec>>,
}

/// One step of a dossier's workflow, its agency resolved and its working days fixed at submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub id: String,
    pub kind: StepKind,
    pub name: Text,
    pub agency: String,
    pub days: u32,
}

/// Checks a workflow's shape: a reception first, a return last, processing between, shares adding up
/// to 100.
pub fn check_workflow(steps: &[StepSpec]) -> Result<(), String> {
    let kinds: Vec<StepKind> = steps.iter().map(|s| s.kind).collect();
    if kinds.len() < 3
        || kinds[0] != StepKind::Reception
        || kinds[kinds.len() - 1] != StepKind::Return
        || kinds[1..kinds.len() - 1]
            .iter()
            .any(|k| *k != StepKind::Processing)
    {
        return Err(
            "a workflow is a reception, one or more processing steps, then a return".into(),
        );
    }
    let total: u32 = steps.iter().map(|s| s.share).sum();
    if total != 100 {
        return Err(format!("the shares add up to {total}, not 100"));
    }
    let mut ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != steps.len() {
        return Err("two steps share an id".into());
    }
    Ok(())
}

/// The steps of a dossier: each step's days are its share of `total_days`, rounded on the running
/// total so that they always add up to `total_days`.
pub fn plan(steps: &[StepSpec], procedure_agency: &str, total_days: u32) -> Vec<Step> {
    let mut share_so_far = 0;
    let mut days_so_far = 0;
    steps
        .iter()
        .map(|s| {
            share_so_far += s.share;
            let end = (total_days * share_so_far + 50) / 100;
            let days = end - days_so_far;
            days_so_far = end;
            Step {
                id: s.id.clone(),
                kind: s.kind,
                name: s.name.clone(),
                agency: if s.agency == "@procedure" {
                    procedure_agency.to_string()
                } else {
                    s.agency.clone()
                },
                days,
            }
        })
        .collect()
}

/// Something a person does to a dossier (`POST /api/v1/dossiers/{code}/actions`). `version` is the
/// dossier's version the person saw: an action on a dossier that changed since (a second tap, a
/// colleague's action) is refused rather than applied twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRequest {
    pub version: u32,
    #[serde(flatten)]
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// The owner takes back a dossier not yet received.
    Withdraw {
        #[serde(default)]
        note: String,
    },
    /// The desk accepts the dossier as complete enough to process.
    Receive {
        #[serde(default)]
        note: String,
    },
    /// Everything missing, in one go.
    RequestSupplement {
        note: String,
        items: Vec<String>,
    },
    /// The owner's answer to a supplement request: a message and files.
    Supplement {
        #[serde(default)]
        note: String,
        #[serde(default)]
        files: Vec<String>,
    },
    /// On to the workflow's next processing step.
    Forward {
        #[serde(default)]
        note: String,
    },
    /// The result document is attached; the dossier goes to the return desk.
    ResultReady {
        #[serde(default)]
        note: String,
        files: Vec<String>,
        /// The result's number (số giấy chứng nhận, số quyết định), which later steps of a project
        /// quote.
        #[serde(default)]
        number: String,
    },
    Refuse {
        reason: String,
    },
    /// The result has been handed over (or posted).
    Return {
        #[serde(default)]
        note: String,
    },
    /// A late dossier's apology slip, with the new date the result will be ready.
    Apologize {
        reason: String,
        new_date: String,
    },
}

impl Action {
    /// Every problem with what the action carries, at once; `today` in Vietnam, for a new date.
    /// Whether attached files are still there only the server knows ([`Code::FileGone`]).
    pub fn problems(&self, today: Date) -> Vec<Problem> {
        let mut p = Problems::new();
        let mut files: &[String] = &[];
        match self {
            Action::Withdraw { note }
            | Action::Receive { note }
            | Action::Forward { note }
            | Action::Return { note } => p.limit(Name::Note, note, limits::NOTE_CHARS),
            Action::RequestSupplement { note, items } => {
                p.limit(Name::Note, note, limits::NOTE_CHARS);
                let items: Vec<&String> = items.iter().filter(|i| !i.trim().is_empty()).collect();
                for item in &items {
                    p.limit(Name::Items, item, limits::ITEM_CHARS);
                }
                if items.is_empty() {
                    p.add(Name::Items, Code::SupplementItemsRequired);
                } else if items.len() > limits::SUPPLEMENT_ITEMS {
                    p.add(
                        Name::Items,
                        Code::TooManySupplementItems {
                            max: limits::SUPPLEMENT_ITEMS,
                        },
                    );
                }
            }
            Action::Supplement { note, files: f } => {
                p.limit(Name::Note, note, limits::NOTE_CHARS);
                files = f;
                if note.trim().is_empty() && f.is_empty() {
                    p.add(Name::Files, Code::SupplementEmpty);
                }
            }
            Action::ResultReady {
                note,
                files: f,
                number,
            } => {
                p.limit(Name::Note, note, limits::NOTE_CHARS);
                p.limit(Name::Code, number, limits::RESULT_NUMBER_CHARS);
                files = f;
                if f.is_empty() {
                    p.add(Name::Files, Code::ResultFilesRequired);
                }
            }
            Action::Refuse { reason } => {
                p.limit(Name::Reason, reason, limits::NOTE_CHARS);
                if reason.trim().is_empty() {
                    p.add(Name::Reason, Code::RefusalReasonRequired);
                }
            }
            Action::Apologize { reason, new_date } => {
                p.limit(Name::Reason, reason, limits::NOTE_CHARS);
                if reason.trim().is_empty() {
                    p.add(Name::Reason, Code::DelayReasonRequired);
                }
                if Date::parse(new_date.trim()).is_none_or(|d| d <= today) {
                    p.add(Name::NewDate, Code::NewDateAfterToday);
                }
            }
        }
        if files.len() > limits::ACTION_FILES {
            p.add(
                Name::Files,
                Code::TooManyFiles {
                    max: limits::ACTION_FILES,
                },
            );
        }
        p.into_vec()
    }
}

/// The name of an action, for the list of what a person may do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Withdraw,
    Receive,
    RequestSupplement,
    Supplement,
    Forward,
    ResultReady,
    Refuse,
    Return,
    Apologize,
}

impl ActionKind {
    /// What the event log records for the action.
    pub fn event(self) -> EventKind {
        match self {
            ActionKind::Withdraw => EventKind::Withdrawn,
            ActionKind::Receive => EventKind::Received,
            ActionKind::RequestSupplement => EventKind::SupplementRequested,
            ActionKind::Supplement => EventKind::Supplemented,
            ActionKind::Forward => EventKind::Forwarded,
            ActionKind::ResultReady => EventKind::ResultReady,
            ActionKind::Refuse => EventKind::Refused,
            ActionKind::Return => EventKind::Returned,
            ActionKind::Apologize => EventKind::Apology,
        }
    }
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Withdraw { .. } => ActionKind::Withdraw,
            Action::Receive { .. } => ActionKind::Receive,
            Action::RequestSupplement { .. } => ActionKind::RequestSupplement,
            Action::Supplement { .. } => ActionKind::Supplement,
            Action::Forward { .. } => ActionKind::Forward,
            Action::ResultReady { .. } => ActionKind::ResultReady,
            Action::Refuse { .. } => ActionKind::Refuse,
            Action::Return { .. } => ActionKind::Return,
            Action::Apologize { .. } => ActionKind::Apologize,
        }
    }
}

/// Who is acting, relative to the dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The applicant (or, for a business, anyone of the company).
    Owner,
    /// An officer of the agency that holds the dossier's current step.
    Holder,
    /// Anyone else, including officers of other agencies.
    Other,
}

/// Where the dossier stands in its workflow, as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub status: Status,
    pub step: StepKind,
    /// The next step is the return desk: the result may be made here.
    pub last_processing: bool,
    /// Past its due date and not done.
    pub overdue: bool,
}

/// Where an allowed action leaves the dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub status: Status,
    /// The dossier moves to the next step.
    pub advance: bool,
    /// The dossier moves to the return step.
    pub to_return: bool,
}

/// The transition rules: `Ok` with where the action leaves the dossier, or `Err` with why it is not
/// allowed. Both the server (which enforces) and the app (which offers) ask this.
pub fn transition(pos: Position, action: ActionKind, actor: Actor) -> Result<Outcome, Text> {
    use Status::*;
    let stay = |status| {
        Ok(Outcome {
            status,
            advance: false,
            to_return: false,
        })
    };
    let needs = match action {
        ActionKind::Withdraw | ActionKind::Supplement => Actor::Owner,
        _ => Actor::Holder,
    };
    if actor != needs {
        return Err(match needs {
            Actor::Owner => Text::new(
                "Chỉ người nộp hồ sơ được làm việc này.",
                "Only the applicant can do this.",
            ),
            _ => Text::new(
                "Chỉ cán bộ của cơ quan đang giữ hồ sơ được làm việc này.",
                "Only an officer of the agency holding the dossier can do this.",
            ),
        });
    }
    let working = matches!(pos.status, Received | Processing | Supplemented);
    let not_now = || {
        Err(Text::new(
            "Hồ sơ đang ở trạng thái không cho phép việc này.",
            "The dossier's current state does not allow this.",
        ))
    };
    match action {
        ActionKind::Withdraw if pos.status == Submitted => stay(Withdrawn),
        ActionKind::Receive if pos.status == Submitted && pos.step == StepKind::Reception => {
            stay(Received)
        }
        ActionKind::RequestSupplement if working && pos.step != StepKind::Return => {
            stay(SupplementRequested)
        }
        ActionKind::Supplement if pos.status == SupplementRequested => stay(Supplemented),
        ActionKind::Forward if working && !pos.last_processing && pos.step != StepKind::Return => {
            Ok(Outcome {
                status: Processing,
                advance: true,
                to_return: false,
            })
        }
        ActionKind::ResultReady if working && pos.last_processing => Ok(Outcome {
            status: ResultReady,
            advance: false,
            to_return: true,
        }),
        ActionKind::Refuse if matches!(pos.status, Submitted | SupplementRequested) || working => {
            stay(Refused)
        }
        ActionKind::Return if pos.status == ResultReady && pos.step == StepKind::Return => {
            stay(Returned)
        }
        ActionKind::Apologize if pos.overdue && !pos.status.is_done() => stay(pos.status),
        _ => not_now(),
    }
}

/// Every action `actor` may take now, in the order the app offers them.
pub fn allowed(pos: Position, actor: Actor) -> Vec<ActionKind> {
    use ActionKind::*;
    [
        Receive,
        Forward,
        ResultReady,
        Return,
        RequestSupplement,
        Supplement,
        Apologize,
        Refuse,
        Withdraw,
    ]
    .into_iter()
    .filter(|a| transition(pos, *a, actor).is_ok())
    .collect()
}

/// Against its deadline: early / on time / late once done; on time, near due (two working days or
/// fewer left) or overdue while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    Early,
    OnTime,
    NearDue,
    Overdue,
    Late,
}

impl Timeliness {
    pub fn label(self) -> Text {
        let (vi, en) = match self {
            Timeliness::Early => ("Trước hạn", "Early"),
            Timeliness::OnTime => ("Đúng hạn", "On time"),
            Timeliness::NearDue => ("Sắp đến hạn", "Due soon"),
            Timeliness::Overdue => ("Quá hạn", "Overdue"),
            Timeliness::Late => ("Trễ hạn", "Late"),
        };
        Text::new(vi, en)
    }
}

/// Working days left before `due` counted from `today` (negative: how many working days late).
pub fn days_left(calendar: &Calendar, today: Date, due: Date) -> i32 {
    if today <= due {
        calendar.working_days_between(today, due) as i32
    } else {
        -(calendar.working_days_between(due, today) as i32)
    }
}

/// How a deadline stands: `done` is the day the work finished, if it has.
pub fn timeliness(calendar: &Calendar, today: Date, due: Date, done: Option<Date>) -> Timeliness {
    match done {
        Some(d) if d < due => Timeliness::Early,
        Some(d) if d == due => Timeliness::OnTime,
        Some(_) => Timeliness::Late,
        None if today > due => Timeliness::Overdue,
        None if days_left(calendar, today, due) <= 2 => Timeliness::NearDue,
        None => Timeliness::OnTime,
    }
}

/// A step of a dossier as people see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub id: String,
    pub kind: StepKind,
    pub name: Text,
    pub agency: String,
    pub agency_name: Text,
    pub days: u32,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    /// Once the step has started.
    pub due_date: Option<Date>,
    pub timeliness: Option<Timeliness>,
}

/// Where a step stands, in the words the steps list shows (not by colour alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepPhase {
    Done,
    /// The dossier is submitted and no one has received it yet: its first step waits.
    Waiting,
    Current,
    /// The dossier ended (refused, withdrawn) while at this step.
    Stopped,
    Upcoming,
}

impl StepPhase {
    pub fn label(self) -> Text {
        let (vi, en) = match self {
            StepPhase::Done => ("Đã xong", "Done"),
            StepPhase::Waiting => ("Chờ tiếp nhận", "Waiting to be received"),
            StepPhase::Current => ("Đang xử lý", "In progress"),
            StepPhase::Stopped => ("Dừng tại bước này", "Stopped here"),
            StepPhase::Upcoming => ("Chưa đến", "Upcoming"),
        };
        Text::new(vi, en)
    }
}

impl StepView {
    /// Where this step, the `index`th, stands when the dossier is at step `current` with `status`.
    pub fn phase(&self, index: usize, current: usize, status: Status) -> StepPhase {
        if self.finished_at.is_some() {
            StepPhase::Done
        } else if index != current {
            StepPhase::Upcoming
        } else if status == Status::Submitted {
            StepPhase::Waiting
        } else if status.is_final() {
            StepPhase::Stopped
        } else {
            StepPhase::Current
        }
    }
}

/// Who did something: the applicant, an officer (by agency and role, never by name), or the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Applicant,
    Officer,
    System,
}

impl Role {
    /// The id it is stored and sent under (its serde name).
    pub fn id(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Officer => "officer",
            Role::System => "system",
        }
    }

    pub fn label(self) -> Text {
        match self {
            Role::Applicant => Text::new("Người nộp hồ sơ", "Applicant"),
            Role::Officer => Text::new("Cán bộ", "Officer"),
            Role::System => Text::new("Hệ thống", "System"),
        }
    }
}

/// What happened, for the event log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Submitted,
    Withdrawn,
    Received,
    SupplementRequested,
    Supplemented,
    Forwarded,
    ResultReady,
    Refused,
    Returned,
    Overdue,
    Apology,
    /// Not of a dossier: a draft left untouched will soon be removed (a notification only).
    DraftExpiring,
    /// Not of a dossier: feedback (its code stands where a dossier's would) was received, answered
    /// or needs something (a notification only).
    Feedback,
}

impl EventKind {
    /// The id it is stored and sent under (its serde name).
    pub fn id(self) -> &'static str {
        match self {
            EventKind::Submitted => "submitted",
            EventKind::Withdrawn => "withdrawn",
            EventKind::Received => "received",
            EventKind::SupplementRequested => "supplement_requested",
            EventKind::Supplemented => "supplemented",
            EventKind::Forwarded => "forwarded",
            EventKind::ResultReady => "result_ready",
            EventKind::Refused => "refused",
            EventKind::Returned => "returned",
            EventKind::Overdue => "overdue",
            EventKind::Apology => "apology",
            EventKind::DraftExpiring => "draft_expiring",
            EventKind::Feedback => "feedback",
        }
    }

    pub fn label(self) -> Text {
        let (vi, en) = match self {
            EventKind::Submitted => ("Nộp hồ sơ trực tuyến", "Submitted online"),
            EventKind::Withdrawn => ("Rút hồ sơ", "Withdrawn"),
            EventKind::Received => ("Tiếp nhận hồ sơ", "Received"),
            EventKind::SupplementRequested => ("Yêu cầu bổ sung hồ sơ", "Supplement requested"),
            EventKind::Supplemented => ("Bổ sung hồ sơ", "Supplement sent"),
            EventKind::Forwarded => ("Chuyển bước xử lý", "Moved to the next step"),
            EventKind::ResultReady => ("Có kết quả", "Result ready"),
            EventKind::Refused => ("Từ chối hồ sơ", "Refused"),
            EventKind::Returned => ("Trả kết quả", "Result returned"),
            EventKind::Overdue => ("Quá hạn giải quyết", "Past the due date"),
            EventKind::Apology => ("Xin lỗi và hẹn lại ngày trả", "Apology and new date"),
            EventKind::DraftExpiring => ("Bản nháp sắp bị xóa", "Draft to be removed"),
            EventKind::Feedback => ("Phản ánh, kiến nghị", "Feedback"),
        };
        Text::new(vi, en)
    }
}

/// One entry of a dossier's event log (never rewritten).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: i64,
    pub at: i64,
    pub kind: EventKind,
    pub status: Status,
    pub step: String,
    pub agency: String,
    pub agency_name: Text,
    pub role: Role,
    #[serde(default)]
    pub note: String,
    /// What a supplement request asks for.
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub files: Vec<UploadInfo>,
    /// An apology's new return date.
    #[serde(default)]
    pub new_date: Option<Date>,
    /// A result's number.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub number: String,
    /// Who on the applicant's side did it, on a company's dossier, where several people may act:
    /// the member's name and sign-in identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// One time an officer opened the dossier or one of its files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessRecord {
    pub at: i64,
    pub agency: String,
    pub agency_name: Text,
    pub role: Role,
    /// The file opened, or empty for the dossier itself.
    pub file: String,
}

/// A dossier as its owner or a handling officer sees it (`GET /api/v1/dossiers/{code}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DossierView {
    pub code: String,
    pub procedure: String,
    pub procedure_name: Text,
    pub status: Status,
    /// Changes with every event: what an action must name (see [`ActionRequest`]).
    pub version: u32,
    pub submitted_at: i64,
    pub due_date: Date,
    pub processing_days: u32,
    pub timeliness: Timeliness,
    pub days_left: i32,
    /// An apology's promised date, when the dossier ran late.
    pub new_date: Option<Date>,
    pub steps: Vec<StepView>,
    pub current_step: usize,
    pub events: Vec<Event>,
    pub documents: Vec<ReceivedDocument>,
    /// The documents not uploaded, as the receipt lists them: what is handed in at collection.
    #[serde(default)]
    pub provided_otherwise: Vec<ProvidedDocument>,
    pub answers: Answers,
    pub delivery: Delivery,
    /// Where the result is collected in person: the desk of the workflow's return step.
    #[serde(default)]
    pub collect_at: Place,
    pub result: Vec<UploadInfo>,
    /// The applicant, for officers; empty for the owner (who knows).
    pub applicant: Option<Applicant>,
    /// The tax code of the company the dossier was submitted for, whose members see it too.
    #[serde(default)]
    pub company: Option<String>,
    /// What the person asking may do here: a company member with the view role may only look.
    #[serde(default)]
    pub view_only: bool,
    /// Who opened the dossier, for its owner only.
    pub access: Vec<AccessRecord>,
    pub actions: Vec<ActionKind>,
    pub rating: Option<Rating>,
    /// The owner may rate (or change the rating) now.
    pub can_rate: bool,
    /// For the printed slips, as on the receipt.
    #[serde(default)]
    pub tracking_pin: String,
    /// What it owes and has paid; none when the procedure charges nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees: Option<crate::payment::FeeStatus>,
    /// The project it is a step of, which its readers may open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<crate::project::DossierProject>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Applicant {
    pub full_name: String,
    pub identifier: String,
    pub phone: String,
    pub email: String,
}

impl DossierView {
    /// The open supplement request, if the dossier waits for one.
    pub fn open_supplement(&self) -> Option<&Event> {
        (self.status == Status::SupplementRequested)
            .then(|| {
                self.events
                    .iter()
                    .rev()
                    .find(|e| e.kind == EventKind::SupplementRequested)
            })
            .flatten()
    }
}

/// One line of "my dossiers" (`GET /api/v1/dossiers`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DossierSummary {
    pub code: String,
    pub procedure: String,
    pub procedure_name: Text,
    pub status: Status,
    pub submitted_at: i64,
    pub due_date: Date,
    pub timeliness: Timeliness,
    pub days_left: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DossierList {
    pub items: Vec<DossierSummary>,
    /// How many dossiers match, over all pages.
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    /// Where the next page starts (`?after=`): read from there, a deep page costs what the first
    /// does. None on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Where the page before ends (`?before=`), read the same way. None on the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

/// Where a page of "my dossiers" is read from: its number alone, or a place in the list a page next to
/// it gave (`next` or `previous`), so a deep page costs what the first does.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PageFrom {
    #[default]
    Number,
    /// The page that starts after this place.
    After(String),
    /// The page that ends just before this place.
    Before(String),
}

impl PageFrom {
    /// The place's query parameter, named `after` and `before` by the API and `sau` and `truoc` in
    /// the app's addresses, and its value; none for a page by number.
    pub fn pair<'a>(&'a self, after: &'a str, before: &'a str) -> Option<(&'a str, &'a str)> {
        match self {
            PageFrom::Number => None,
            PageFrom::After(place) => Some((after, place.as_str())),
            PageFrom::Before(place) => Some((before, place.as_str())),
        }
        .filter(|(_, place)| !place.is_empty())
    }
}

/// One line of an officer's queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub code: String,
    pub procedure_name: Text,
    pub applicant: String,
    pub status: Status,
    pub step: String,
    pub step_name: Text,
    pub step_due: Date,
    pub due_date: Date,
    pub timeliness: Timeliness,
    pub days_left: i32,
    /// The project the dossier is a step of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<crate::project::QueueProject>,
}

/// `GET /api/v1/officer/queue`: one page of the dossiers at the officer's agency that match the
/// query, nearest deadline first, with the counts over the whole queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    pub agency: String,
    pub agency_name: Text,
    pub items: Vec<QueueItem>,
    /// Every dossier waiting at the agency, whatever the filters.
    pub total: u64,
    pub overdue: u64,
    pub near_due: u64,
    /// The dossiers that match the filters, over all pages.
    pub matched: u64,
    pub page: u32,
    pub per_page: u32,
    /// Pages of matching dossiers: none when nothing matches.
    pub pages: u32,
    /// The steps the agency's dossiers are at, for the step filter.
    pub steps: Vec<QueueStep>,
}

/// A step dossiers wait at in an officer's queue, with how many do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueStep {
    pub id: String,
    pub name: Text,
    pub count: u64,
}

/// Dossiers on a page of the officer's queue: fixed by the server, so no request reads more.
pub const QUEUE_PER_PAGE: u32 = 20;
/// The furthest page of the queue anyone may ask for.
pub const QUEUE_MAX_PAGE: u32 = 10_000;
/// A step id asked for, in characters: longer than any step's.
const STEP_CHARS: usize = 64;

/// `GET /api/v1/officer/queue?code=&step=&status=&due=&page=`, and the queue page's address, which
/// carries the same. Text as it came, so that a value the rules refuse is named by
/// [`QueueQuery::problems`] rather than refused unread; empty means no filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueQuery {
    /// A dossier code or any part of it, in any case.
    pub code: String,
    /// The id of the step the dossiers are at.
    pub step: String,
    /// A [`Status`] id.
    pub status: String,
    /// How the step's deadline stands: `overdue`, `near_due` or `on_time`, as [`Timeliness`] says.
    pub due: String,
    /// From 1.
    pub page: String,
}

impl QueueQuery {
    pub fn code(&self) -> &str {
        self.code.trim()
    }

    pub fn step(&self) -> &str {
        self.step.trim()
    }

    pub fn status(&self) -> Option<Status> {
        Status::parse(self.status.trim())
    }

    /// Only a deadline still running stands overdue, due soon or on time.
    pub fn due(&self) -> Option<Timeliness> {
        match self.due.trim() {
            "overdue" => Some(Timeliness::Overdue),
            "near_due" => Some(Timeliness::NearDue),
            "on_time" => Some(Timeliness::OnTime),
            _ => None,
        }
    }

    /// The page asked for; the first when none (or a wrong one) is.
    pub fn page(&self) -> u32 {
        self.page
            .trim()
            .parse()
            .ok()
            .filter(|p| (1..=QUEUE_MAX_PAGE).contains(p))
            .unwrap_or(1)
    }

    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::new();
        p.limit(Name::Code, &self.code, limits::TRACKING_CHARS);
        p.limit(Name::Step, &self.step, STEP_CHARS);
        if !self.status.trim().is_empty() && self.status().is_none() {
            let label = Text::new("Trạng thái", "Status");
            p.add(Name::Status, Code::NotAnOption { label });
        }
        if !self.due.trim().is_empty() && self.due().is_none() {
            let label = Text::new("Hạn xử lý", "Deadline");
            p.add(Name::Due, Code::NotAnOption { label });
        }
        let page = self.page.trim();
        if !page.is_empty()
            && !page
                .parse::<u32>()
                .is_ok_and(|n| (1..=QUEUE_MAX_PAGE).contains(&n))
        {
            let label = Text::new("Trang", "Page");
            p.add(
                Name::Page,
                Code::OutOfRange {
                    label,
                    min: Some(1.0),
                    max: Some(QUEUE_MAX_PAGE.into()),
                },
            );
        }
        p.into_vec()
    }

    /// Whether anything narrows the queue.
    pub fn is_filtered(&self) -> bool {
        !(self.code().is_empty()
            && self.step().is_empty()
            && self.status.trim().is_empty()
            && self.due.trim().is_empty())
    }

    /// The same filters at another page.
    pub fn at_page(&self, page: u32) -> QueueQuery {
        QueueQuery {
            page: if page > 1 {
                page.to_string()
            } else {
                String::new()
            },
            ..self.clone()
        }
    }

    /// The query string (without `?`): the parameters given, trimmed, in a stable order.
    pub fn to_query(&self) -> String {
        crate::query_string(
            [
                ("code", self.code()),
                ("step", self.step()),
                ("status", self.status.trim()),
                ("due", self.due.trim()),
                ("page", self.page.trim()),
            ]
            .into_iter()
            .filter(|(_, v)| !v.is_empty()),
        )
    }
}

/// `GET /api/v1/tracking?code=&check=`: what anyone with the code and the applicant's phone or ID
/// number may see — no answers, no documents, no names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tracking {
    pub code: String,
    pub procedure_name: Text,
    pub status: Status,
    pub submitted_at: i64,
    pub due_date: Date,
    pub timeliness: Timeliness,
    pub days_left: i32,
    pub new_date: Option<Date>,
    pub steps: Vec<StepView>,
    pub current_step: usize,
    /// What must the applicant do: the open supplement request's items.
    pub supplement_items: Vec<String>,
}

/// A message in the in-app inbox (and, when the person has an address and mail is configured, an
/// email).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub at: i64,
    /// The dossier it is about (for [`EventKind::Feedback`], the feedback's code); empty for one
    /// about no dossier (a draft to be removed).
    pub dossier: String,
    pub kind: EventKind,
    pub title: Text,
    pub body: Text,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub items: Vec<Notification>,
    pub unread: u64,
}

/// `GET /api/v1/notifications/unread`: how many of the person's messages are unread, which is all the
/// header's link to the inbox shows, asked at every navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unread {
    pub unread: u64,
}

/// `GET /api/v1/officer/dead-mail`: a mail given up on, for the officers who can reach its
/// recipient another way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadMail {
    pub dossier: String,
    pub recipient: String,
    pub subject: String,
    pub first_attempt_at: i64,
    pub last_attempt_at: i64,
    pub last_error: String,
}

/// `catalogue/satisfaction.json`: the rating scale and criteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SatisfactionData {
    /// Labels of points 1 to 5, very dissatisfied to very satisfied.
    pub scale: Vec<Text>,
    pub overall: Text,
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub name: Text,
}

/// `PUT /api/v1/dossiers/{code}/rating`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingRequest {
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub overall: u8,
    /// Optional detailed answers, by criterion id.
    #[serde(default)]
    pub criteria: BTreeMap<String, u8>,
    #[serde(default)]
    pub comment: String,
}

impl RatingRequest {
    /// Every problem at once: points on `data`'s scale, criteria it has, a comment within bounds.
    pub fn problems(&self, data: &SatisfactionData) -> Vec<Problem> {
        let mut p = Problems::new();
        let max = data.scale.len() as u8;
        if !(1..=max).contains(&self.overall) {
            p.add(Name::Overall, Code::OverallRequired);
        }
        for (id, point) in &self.criteria {
            let field = Field::Criterion(id.clone());
            if !data.criteria.iter().any(|c| &c.id == id) {
                p.add(field, Code::UnknownCriterion);
            } else if !(1..=max).contains(point) {
                p.add(field, Code::PointOffScale { max });
            }
        }
        p.limit(Name::Comment, &self.comment, limits::NOTE_CHARS);
        p.into_vec()
    }
}

/// What a tracking PIN is made of: digits and capitals, leaving out those read as one another (0 and
/// O, 1, I and L) and U (read as V), so a PIN copied from paper or read aloud is typed right.
pub const PIN_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
/// 30⁸ ≈ 6.6 × 10¹¹ PINs: guessing one stays hopeless even from many addresses at the per-address
/// limit, which is what lets a code under attack still open with its PIN.
pub const PIN_LENGTH: usize = 8;

/// A new tracking PIN from a source of random bytes, each letter equally likely: bytes past the
/// last whole multiple of the alphabet are skipped rather than folded onto its first letters.
pub fn tracking_pin(mut random_byte: impl FnMut() -> u8) -> String {
    let n = PIN_ALPHABET.len();
    let bound = (256 / n * n) as u8;
    let mut pin = String::with_capacity(PIN_LENGTH);
    while pin.len() < PIN_LENGTH {
        let b = random_byte();
        if b < bound {
            pin.push(PIN_ALPHABET[usize::from(b) % n] as char);
        }
    }
    pin
}

/// A PIN as printed: two groups of four, easier to copy. Lookups ignore the dash.
pub fn pin_display(pin: &str) -> String {
    match pin.len() {
        PIN_LENGTH => format!("{}-{}", &pin[..4], &pin[4..]),
        _ => pin.to_string(),
    }
}

/// A public tracking lookup (`POST /api/v1/tracking`, in the body so the check never lands in an
/// address bar or a server log): the dossier's code and its tracking PIN, or for a citizen's dossier
/// the phone or ID number given when applying.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackingRequest {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub check: String,
}

impl TrackingRequest {
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::new();
        if self.code.trim().is_empty() {
            p.add(Name::Code, Code::TrackingCodeRequired);
        }
        if self.check.trim().is_empty() {
            p.add(Name::Check, Code::TrackingCheckRequired);
        }
        p.limit(Name::Code, &self.code, limits::TRACKING_CHARS);
        p.limit(Name::Check, &self.check, limits::TRACKING_CHARS);
        p.into_vec()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub overall: u8,
    pub criteria: BTreeMap<String, u8>,
    pub comment: String,
    pub rated_at: i64,
    /// Until when it may be changed (seconds since 1970).
    pub changeable_until: i64,
}

/// How a set of ratings came out: how many answered each point of the scale.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    pub count: u64,
    /// Answers per point, 1 to 5.
    pub points: [u64; 5],
    pub average: f64,
}

/// `GET /api/v1/stats/satisfaction`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SatisfactionStats {
    pub overall: Distribution,
    pub criteria: BTreeMap<String, Distribution>,
    pub agencies: Vec<AgencySatisfaction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencySatisfaction {
    pub agency: String,
    pub agency_name: Text,
    pub overall: Distribution,
}

/// One rating as the agency's officers see it: no name, no code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyRating {
    pub procedure_name: Text,
    pub overall: u8,
    pub criteria: BTreeMap<String, u8>,
    pub comment: String,
    pub rated_at: i64,
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_reception_step_of_a_submitted_dossier_waits_to_be_received() {
        let step = StepView {
            id: "tiep-nhan".into(),
            kind: StepKind::Reception,
            name: Text::new("Tiếp nhận hồ sơ", "Reception"),
            agency: "trung-tam-phuc-vu-hcc".into(),
            agency_name: Text::new("Trung tâm", "Centre"),
            days: 0,
            started_at: Some(1),
            finished_at: None,
            due_date: None,
            timeliness: None,
        };
        let phase = step.phase(0, 0, Status::Submitted);
        assert_eq!(phase, StepPhase::Waiting);
        assert_eq!(phase.label().vi, "Chờ tiếp nhận");
        assert_eq!(phase.label().en, "Waiting to be received");
        assert_eq!(step.phase(0, 0, Status::Received), StepPhase::Current);
        assert_eq!(step.phase(0, 0, Status::Withdrawn), StepPhase::Stopped);
        assert_eq!(step.phase(1, 0, Status::Submitted), StepPhase::Upcoming);
        let done = StepView {
            finished_at: Some(2),
            ..step
        };
        assert_eq!(done.phase(0, 1, Status::Processing), StepPhase::Done);
    }

    #[test]
    fn an_action_names_every_problem_at_once() {
        let today = Date::new(2026, 6, 1).unwrap();
        let keys = |a: Action| -> Vec<String> {
            a.problems(today)
                .into_iter()
                .map(|p| p.field.to_string())
                .collect()
        };
        assert_eq!(
            keys(Action::Apologize {
                reason: " ".into(),
                new_date: "2026-06-01".into()
            }),
            ["reason", "new_date"]
        );
        assert_eq!(
            keys(Action::RequestSupplement {
                note: "x".repeat(limits::NOTE_CHARS + 1),
                items: vec![" ".into()]
            }),
            ["note", "items"]
        );
        assert_eq!(
            keys(Action::ResultReady {
                number: String::new(),
                note: String::new(),
                files: vec!["f".into(); limits::ACTION_FILES + 1]
            }),
            ["files"]
        );
        assert!(keys(Action::Forward { note: "ok".into() }).is_empty());
    }

    #[test]
    fn a_rating_is_on_the_data_scale() {
        let data = SatisfactionData {
            scale: vec![Text::new("a", "a"); 5],
            overall: Text::new("o", "o"),
            criteria: vec![Criterion {
                id: "thai-do".into(),
                name: Text::new("t", "t"),
            }],
        };
        let rating = RatingRequest {
            overall: 6,
            criteria: [("thai-do".to_string(), 0), ("khac".to_string(), 3)].into(),
            comment: String::new(),
        };
        let problems = rating.problems(&data);
        let codes: Vec<(String, Code)> = problems
            .into_iter()
            .map(|p| (p.field.to_string(), p.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("overall".to_string(), Code::OverallRequired),
                ("criteria.khac".to_string(), Code::UnknownCriterion),
                (
                    "criteria.thai-do".to_string(),
                    Code::PointOffScale { max: 5 }
                ),
            ]
        );
        assert!(TrackingRequest::default().problems().len() == 2);
    }

    #[test]
    fn tracking_pins_use_every_letter_and_skip_biased_bytes() {
        // 255 and 240 are past 8 × 30 and skipped; the rest fold onto the alphabet.
        let mut bytes = [255u8, 240, 0, 29, 30, 59, 60, 89, 90, 239].into_iter();
        assert_eq!(tracking_pin(|| bytes.next().unwrap()), "2Z2Z2Z2Z");
        let mut more = (0..=255u8).cycle();
        let pin = tracking_pin(|| more.next().unwrap());
        assert_eq!(pin, "23456789");
        assert!(pin.bytes().all(|b| PIN_ALPHABET.contains(&b)));
        assert_eq!(pin_display("ABCD2345"), "ABCD-2345");
    }

    #[test]
    fn event_and_role_ids_are_their_serialized_names() {
        use EventKind::*;
        for k in [
            Submitted,
            Withdrawn,
            Received,
            SupplementRequested,
            Supplemented,
            Forwarded,
            ResultReady,
            Refused,
            Returned,
            Overdue,
            Apology,
            DraftExpiring,
        ] {
            assert_eq!(serde_json::to_value(k).unwrap(), k.id());
        }
        for r in [Role::Applicant, Role::Officer, Role::System] {
            assert_eq!(serde_json::to_value(r).unwrap(), r.id());
        }
    }

    use super::*;

    fn pos(status: Status, step: StepKind, last_processing: bool) -> Position {
        Position {
            status,
            step,
            last_processing,
            overdue: false,
        }
    }

    #[test]
    fn shares_round_on_the_running_total() {
        let spec = |id: &str, kind, share| StepSpec {
            id: id.into(),
            kind,
            name: Text::new(id, id),
            agency: "@procedure".into(),
            share,
        };
        let steps = vec![
            spec("a", StepKind::Reception, 10),
            spec("b", StepKind::Processing, 60),
            spec("c", StepKind::Processing, 20),
            spec("d", StepKind::Return, 10),
        ];
        check_workflow(&steps).unwrap();
        for total in [0, 1, 3, 5, 7, 15, 20] {
            let p = plan(&steps, "x", total);
            assert_eq!(p.iter().map(|s| s.days).sum::<u32>(), total);
            assert!(p.iter().all(|s| s.agency == "x"));
        }
        assert_eq!(
            plan(&steps, "x", 10)
                .iter()
                .map(|s| s.days)
                .collect::<Vec<_>>(),
            [1, 6, 2, 1]
        );
        let mut bad = steps.clone();
        bad[3].kind = StepKind::Processing;
        assert!(check_workflow(&bad).is_err());
        bad = steps.clone();
        bad[1].share = 50;
        assert!(check_workflow(&bad).is_err());
    }

    #[test]
    fn the_happy_path_is_allowed_to_the_right_people() {
        let p = pos(Status::Submitted, StepKind::Reception, false);
        assert_eq!(
            allowed(p, Actor::Holder),
            [ActionKind::Receive, ActionKind::Refuse]
        );
        assert_eq!(allowed(p, Actor::Owner), [ActionKind::Withdraw]);
        assert!(allowed(p, Actor::Other).is_empty());
        let p = pos(Status::Received, StepKind::Reception, false);
        assert_eq!(
            allowed(p, Actor::Holder),
            [
                ActionKind::Forward,
                ActionKind::RequestSupplement,
                ActionKind::Refuse
            ]
        );
        assert!(allowed(p, Actor::Owner).is_empty());
        let p = pos(Status::SupplementRequested, StepKind::Reception, false);
        assert_eq!(allowed(p, Actor::Owner), [ActionKind::Supplement]);
        assert_eq!(allowed(p, Actor::Holder), [ActionKind::Refuse]);
        let p = pos(Status::Processing, StepKind::Processing, true);
        assert_eq!(
            allowed(p, Actor::Holder),
            [
                ActionKind::ResultReady,
                ActionKind::RequestSupplement,
                ActionKind::Refuse
            ]
        );
        let p = pos(Status::ResultReady, StepKind::Return, false);
        assert_eq!(allowed(p, Actor::Holder), [ActionKind::Return]);
        for s in [Status::Returned, Status::Refused, Status::Withdrawn] {
            for step in [StepKind::Reception, StepKind::Processing, StepKind::Return] {
                for actor in [Actor::Owner, Actor::Holder, Actor::Other] {
                    assert!(allowed(pos(s, step, true), actor).is_empty());
                }
            }
        }
        let mut late = pos(Status::Processing, StepKind::Processing, false);
        late.overdue = true;
        assert!(allowed(late, Actor::Holder).contains(&ActionKind::Apologize));
    }

    #[test]
    fn actions_read_as_tagged_json() {
        let a: ActionRequest = serde_json::from_str(
            r#"{"version":3,"action":"request_supplement","note":"Thiếu","items":["Bản sao CCCD"]}"#,
        )
        .unwrap();
        assert_eq!(a.version, 3);
        assert_eq!(a.action.kind(), ActionKind::RequestSupplement);
        assert!(serde_json::from_str::<ActionRequest>(r#"{"version":1,"action":"fly"}"#).is_err());
        for s in Status::ALL {
            assert_eq!(Status::parse(s.id()), Some(s));
        }
    }

    #[test]
    fn a_queue_query_names_each_bad_parameter() {
        let fine = QueueQuery {
            code: " H55-2612 ".into(),
            step: "xu-ly".into(),
            status: "received".into(),
            due: "near_due".into(),
            page: "3".into(),
        };
        assert_eq!(fine.problems(), []);
        assert_eq!(
            (fine.code(), fine.status(), fine.due(), fine.page()),
            (
                "H55-2612",
                Some(Status::Received),
                Some(Timeliness::NearDue),
                3
            )
        );
        assert!(fine.is_filtered());
        assert!(!QueueQuery::default().is_filtered());
        assert_eq!(QueueQuery::default().page(), 1);
        let bad = QueueQuery {
            code: "x".repeat(limits::TRACKING_CHARS + 1),
            step: "y".repeat(65),
            status: "lost".into(),
            due: "late".into(),
            page: "0".into(),
        };
        let keys: Vec<String> = bad.problems().iter().map(|p| p.field.to_string()).collect();
        assert_eq!(keys, ["code", "step", "status", "due", "page"]);
        for page in ["abc", "-1", "10001"] {
            let q = QueueQuery {
                page: page.into(),
                ..QueueQuery::default()
            };
            assert_eq!(q.problems().len(), 1, "{page}");
            assert_eq!(q.page(), 1);
        }
    }
}
