//! Where a dossier is in its workflow and when each deadline falls. The rules of who may do what are
//! shared with the app (`motcua_api::lifecycle`); this is the clock: steps start and finish, the
//! processing time stops while the citizen is asked for a supplement and resumes when they answer.

use motcua_api::calendar::{Calendar, Date};
use motcua_api::lifecycle::{
    days_left, timeliness, Outcome, Position, Status, Step, StepKind, StepView, Timeliness,
};
use motcua_api::Text;
use serde::{Deserialize, Serialize};

/// A step of one dossier's workflow, with its dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepState {
    pub step: Step,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    /// Set when the step starts and moved by a supplement pause.
    pub due: Option<Date>,
}

/// The `workflow` column of a dossier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub steps: Vec<StepState>,
    pub current: usize,
    /// The Vietnamese day the clock stopped for a supplement request.
    #[serde(default)]
    pub paused_since: Option<Date>,
    /// Working days the clock has stood still, in total.
    #[serde(default)]
    pub paused_days: u32,
    /// The day the work ended (result ready, refused, withdrawn): what timeliness is judged on.
    #[serde(default)]
    pub done_on: Option<Date>,
    /// The new return date promised by an apology slip.
    #[serde(default)]
    pub new_date: Option<Date>,
}

/// How a deadline stands on `today`, and the working days left before it (counted to the day the
/// work ended, once it has): the one measure for dossiers, their steps and the queue alike.
pub fn standing(
    calendar: &Calendar,
    due: Date,
    today: Date,
    done: Option<Date>,
) -> (Timeliness, i32) {
    (
        timeliness(calendar, today, due, done),
        days_left(calendar, done.unwrap_or(today), due),
    )
}

impl Progress {
    /// The office whose desk hands the result over: that of the last step, a return.
    pub fn return_office(&self) -> Option<&str> {
        self.steps
            .iter()
            .rev()
            .find(|s| s.step.kind == StepKind::Return)
            .map(|s| s.step.agency.as_str())
    }

    /// A new dossier: its first step (reception) starts at submission, its deadline counted from the
    /// day the dossier counts as received (the next working day after office hours).
    pub fn start(steps: Vec<Step>, now: i64, calendar: &Calendar) -> Progress {
        let mut p = Progress {
            steps: steps
                .into_iter()
                .map(|step| StepState {
                    step,
                    started_at: None,
                    finished_at: None,
                    due: None,
                })
                .collect(),
            current: 0,
            paused_since: None,
            paused_days: 0,
            done_on: None,
            new_date: None,
        };
        p.begin_on(0, now, calendar.received_on(now), calendar);
        p
    }

    fn begin(&mut self, index: usize, now: i64, calendar: &Calendar) {
        self.begin_on(index, now, Date::in_vietnam(now), calendar);
    }

    /// Starts step `index` at `now`, its deadline counted from `today`.
    fn begin_on(&mut self, index: usize, now: i64, today: Date, calendar: &Calendar) {
        self.current = index;
        let s = &mut self.steps[index];
        s.started_at = Some(now);
        s.due = Some(calendar.add_working_days(today, s.step.days));
    }

    pub fn step(&self) -> &StepState {
        &self.steps[self.current]
    }

    /// The agency holding the dossier now.
    pub fn holder(&self) -> &str {
        &self.step().step.agency
    }

    /// The current step's deadline; every step has one from the moment it starts.
    pub fn step_due(&self) -> Option<Date> {
        self.step().due
    }

    /// What the transition rules need to know.
    pub fn position(&self, status: Status, due: Date, today: Date) -> Position {
        let next = self.steps.get(self.current + 1).map(|s| s.step.kind);
        Position {
            status,
            step: self.step().step.kind,
            last_processing: self.step().step.kind != StepKind::Return
                && next == Some(StepKind::Return),
            overdue: today > due,
        }
    }

    /// Moves the clock and the steps for an allowed transition from `from`; returns the dossier's
    /// new due date.
    pub fn apply(
        &mut self,
        from: Status,
        outcome: Outcome,
        due: Date,
        now: i64,
        calendar: &Calendar,
    ) -> Date {
        let today = Date::in_vietnam(now);
        let mut due = due;
        // The clock restarts whatever ends the wait: the citizen's answer, or a refusal.
        if from == Status::SupplementRequested {
            if let Some(since) = self.paused_since {
                let paused = calendar.working_days_between(since, today);
                self.paused_days += paused;
                due = calendar.add_working_days(due, paused);
                let step = &mut self.steps[self.current];
                if let Some(step_due) = step.due {
                    step.due = Some(calendar.add_working_days(step_due, paused));
                }
            }
            self.paused_since = None;
        }
        if outcome.status == Status::SupplementRequested {
            self.paused_since = Some(today);
        }
        if outcome.advance || outcome.to_return {
            self.steps[self.current].finished_at = Some(now);
            let next = if outcome.to_return {
                self.steps.len() - 1
            } else {
                self.current + 1
            };
            self.begin(next, now, calendar);
        }
        match outcome.status {
            Status::ResultReady => self.done_on = Some(today),
            Status::Refused | Status::Withdrawn => {
                self.steps[self.current].finished_at = Some(now);
                self.done_on = Some(today);
            }
            Status::Returned => self.steps[self.current].finished_at = Some(now),
            _ => {}
        }
        due
    }

    /// How the dossier stands against `due`.
    pub fn timeliness(&self, calendar: &Calendar, due: Date, today: Date) -> (Timeliness, i32) {
        standing(calendar, due, today, self.done_on)
    }

    /// The steps as people see them, with the agencies' names.
    pub fn views(
        &self,
        calendar: &Calendar,
        today: Date,
        agency_name: impl Fn(&str) -> Text,
    ) -> Vec<StepView> {
        self.steps
            .iter()
            .map(|s| StepView {
                id: s.step.id.clone(),
                kind: s.step.kind,
                name: s.step.name.clone(),
                agency: s.step.agency.clone(),
                agency_name: agency_name(&s.step.agency),
                days: s.step.days,
                started_at: s.started_at,
                finished_at: s.finished_at,
                due_date: s.due,
                timeliness: s
                    .due
                    .map(|d| timeliness(calendar, today, d, s.finished_at.map(Date::in_vietnam))),
            })
            .collect()
    }
}

/// Where a dossier stands: what the rules read and every change moves.
#[derive(Debug, Clone, PartialEq)]
pub struct DossierState {
    pub status: Status,
    /// Bumped by every event; an action names the one it saw.
    pub version: u32,
    /// The legal due date, moved on by supplement pauses.
    pub due: Date,
    pub progress: Progress,
}

impl DossierState {
    /// A dossier just submitted: due `days` working days after the day it counts as received (the
    /// day of `now`, or the next working day if `now` is after office hours or on a day off), its
    /// first step started.
    pub fn submitted(steps: Vec<Step>, days: u32, now: i64, calendar: &Calendar) -> Self {
        DossierState {
            status: Status::Submitted,
            version: 1,
            due: calendar.add_working_days(calendar.received_on(now), days),
            progress: Progress::start(steps, now, calendar),
        }
    }

    pub fn position(&self, today: Date) -> Position {
        self.progress.position(self.status, self.due, today)
    }

    /// The state an allowed transition leads to, one version on.
    pub fn after(&self, outcome: Outcome, now: i64, calendar: &Calendar) -> Self {
        let mut progress = self.progress.clone();
        let due = progress.apply(self.status, outcome, self.due, now, calendar);
        DossierState {
            status: outcome.status,
            version: self.version + 1,
            due,
            progress,
        }
    }

    pub fn timeliness(&self, calendar: &Calendar, today: Date) -> (Timeliness, i32) {
        self.progress.timeliness(calendar, self.due, today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_api::calendar::HolidayData;
    use motcua_api::lifecycle::{plan, transition, ActionKind, Actor};

    fn calendar() -> Calendar {
        let data: HolidayData = serde_json::from_str(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../catalogue/holidays.json"
            ))
            .unwrap(),
        )
        .unwrap();
        Calendar::new(data).unwrap()
    }

    fn workflow() -> Vec<motcua_api::lifecycle::StepSpec> {
        let data: motcua_api::lifecycle::WorkflowData = serde_json::from_str(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../catalogue/workflows.json"
            ))
            .unwrap(),
        )
        .unwrap();
        data.levels["tinh"].clone()
    }

    /// 09:00 in Vietnam on a day.
    fn at(d: &str) -> i64 {
        let date = Date::parse(d).unwrap();
        (date.julian_day() - Date::new(1970, 1, 1).unwrap().julian_day()) * 86_400 + 2 * 3600
    }

    fn act(
        p: &mut Progress,
        status: &mut Status,
        due: &mut Date,
        action: ActionKind,
        day: &str,
        cal: &Calendar,
    ) {
        let now = at(day);
        let pos = p.position(*status, *due, Date::in_vietnam(now));
        let outcome = transition(
            pos,
            action,
            if action == ActionKind::Supplement {
                Actor::Owner
            } else {
                Actor::Holder
            },
        )
        .unwrap_or_else(|e| panic!("{action:?} from {status:?}: {}", e.en));
        *due = p.apply(*status, outcome, *due, now, cal);
        *status = outcome.status;
    }

    #[test]
    fn a_supplement_pause_across_a_weekend_and_a_holiday_moves_every_deadline() {
        let cal = calendar();
        // Hùng Kings' day 2026 is Sunday 26 April; its day off moves to Monday 27 April, and 30 April
        // and 1 May follow.
        assert!(!cal.is_working_day(Date::parse("2026-04-27").unwrap()));
        let steps = plan(&workflow(), "cong-an-tinh", 10);
        let submitted = at("2026-04-22"); // Wednesday
        let mut p = Progress::start(steps, submitted, &cal);
        let mut due = cal.add_working_days(Date::in_vietnam(submitted), 10);
        assert_eq!(due.to_string(), "2026-05-11");
        let mut status = Status::Submitted;
        act(
            &mut p,
            &mut status,
            &mut due,
            ActionKind::Receive,
            "2026-04-22",
            &cal,
        );
        act(
            &mut p,
            &mut status,
            &mut due,
            ActionKind::RequestSupplement,
            "2026-04-24",
            &cal,
        );
        assert_eq!(p.paused_since, Date::parse("2026-04-24"));
        // Answered on Tuesday 28 April: Saturday, Sunday and the Monday off do not count, so the
        // clock stood still for one working day (Tuesday).
        act(
            &mut p,
            &mut status,
            &mut due,
            ActionKind::Supplement,
            "2026-04-28",
            &cal,
        );
        assert_eq!(status, Status::Supplemented);
        assert_eq!(p.paused_days, 1);
        assert_eq!(due.to_string(), "2026-05-12");
        assert_eq!(p.steps[0].due, Date::parse("2026-04-24"));
        act(
            &mut p,
            &mut status,
            &mut due,
            ActionKind::Forward,
            "2026-04-28",
            &cal,
        );
        assert_eq!(p.current, 1);
        assert_eq!(p.holder(), "cong-an-tinh");
        // Seven working days from Tuesday 28 April skip 30 April, 1 May and the weekend.
        assert_eq!(p.step_due(), Date::parse("2026-05-11"));
        act(
            &mut p,
            &mut status,
            &mut due,
            ActionKind::Forward,
            "2026-05-04",
            &cal,
        );
        act(
            &mut p,
            &mut status,
            &mut due,
            ActionKind::ResultReady,
            "2026-05-05",
            &cal,
        );
        assert_eq!(p.current, 3);
        assert_eq!(p.holder(), "trung-tam-phuc-vu-hcc");
        let today = Date::parse("2026-05-05").unwrap();
        assert_eq!(p.timeliness(&cal, due, today).0, Timeliness::Early);
        act(
            &mut p,
            &mut status,
            &mut due,
            ActionKind::Return,
            "2026-05-06",
            &cal,
        );
        assert_eq!(status, Status::Returned);
        assert!(p.steps.iter().all(|s| s.finished_at.is_some()));
    }

    #[test]
    fn a_dossier_filed_after_office_hours_is_due_from_the_next_working_day() {
        let cal = calendar();
        // Wednesday 22 April 2026 at 21:01 in Vietnam (14:01 UTC).
        let filed = at("2026-04-22") + 12 * 3600 + 60;
        assert_eq!(Date::in_vietnam(filed).to_string(), "2026-04-22");
        let steps = plan(&workflow(), "so-tu-phap", 10);
        let s = DossierState::submitted(steps, 10, filed, &cal);
        let reception = s.progress.steps[0].due.unwrap();
        assert!(reception > Date::in_vietnam(filed), "{reception}");
        assert!(cal.is_working_day(reception));
        assert_eq!(
            reception,
            cal.add_working_days(
                Date::parse("2026-04-23").unwrap(),
                s.progress.steps[0].step.days
            )
        );
        // Ten working days from Thursday 23 April, skipping 27 and 30 April, 1 May and weekends.
        assert_eq!(s.due.to_string(), "2026-05-12");
        assert_eq!(s.progress.steps[0].started_at, Some(filed));
        // The same dossier filed that morning counts from the Wednesday.
        let morning = DossierState::submitted(
            plan(&workflow(), "so-tu-phap", 10),
            10,
            at("2026-04-22"),
            &cal,
        );
        assert_eq!(morning.due.to_string(), "2026-05-11");
        assert_eq!(
            morning.progress.steps[0].due,
            Some(cal.add_working_days(
                Date::parse("2026-04-22").unwrap(),
                morning.progress.steps[0].step.days
            ))
        );
    }

    #[test]
    fn the_stored_workflow_keeps_its_dates_as_text_and_refuses_a_bad_one() {
        let cal = calendar();
        let p = Progress::start(plan(&workflow(), "so-tu-phap", 2), at("2026-06-01"), &cal);
        let stored = serde_json::to_string(&p).unwrap();
        assert!(stored.contains(r#""due":"2026-06-01""#), "{stored}");
        assert!(stored.contains(r#""paused_since":null"#), "{stored}");
        assert_eq!(serde_json::from_str::<Progress>(&stored).unwrap(), p);
        let bad = stored.replace(r#""due":"2026-06-01""#, r#""due":"2026-06-31""#);
        assert!(serde_json::from_str::<Progress>(&bad).is_err());
    }

    #[test]
    fn a_dossier_past_its_due_date_is_overdue_then_late() {
        let cal = calendar();
        let steps = plan(&workflow(), "so-tu-phap", 2);
        let mut p = Progress::start(steps, at("2026-06-01"), &cal);
        let due = Date::parse("2026-06-03").unwrap();
        let (t, left) = p.timeliness(&cal, due, Date::parse("2026-06-02").unwrap());
        assert_eq!((t, left), (Timeliness::NearDue, 1));
        let (t, left) = p.timeliness(&cal, due, Date::parse("2026-06-08").unwrap());
        assert_eq!((t, left), (Timeliness::Overdue, -3));
        p.done_on = Date::parse("2026-06-05");
        assert_eq!(
            p.timeliness(&cal, due, Date::parse("2026-06-10").unwrap())
                .0,
            Timeliness::Late
        );
    }
}
