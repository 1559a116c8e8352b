//! When a project can finish: a pass over its steps' dependency graph with the working-day
//! calendar, once with each procedure's legal time, once with how long its agency usually takes
//! (median) and once with how long it takes at the latest (80th percentile); then a backward pass
//! over the usual dates, which says how many working days each step can slip and which steps
//! cannot slip at all (the critical path).

use std::collections::HashMap;

use crate::calendar::{Calendar, Date};
use crate::project::{Durations, Finish, Forecast, StepForecast};

/// Where a step stands, as the forecast needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Not filed: never, withdrawn, or refused (it is filed again from today at the earliest).
    NotFiled,
    /// At an agency. `received`: the day its clock started (`Calendar::received_on` of the
    /// dossier's `received_at`); `paused_days`/`paused_since`: as the dossier's stored workflow
    /// progress has them (the server's `lifecycle::Progress`); `due`: its legal due date.
    Running {
        received: Date,
        paused_days: u32,
        paused_since: Option<Date>,
        due: Date,
    },
    Done(Date),
}

/// One step of a project, with what it waits on and how far it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStep<'a> {
    pub id: &'a str,
    pub needs: &'a [String],
    pub filed_with: &'a [String],
    pub durations: Durations,
    pub progress: Progress,
}

/// The three readings of a procedure's time, in the order [`Finish`] lists them.
const SCENARIOS: [fn(&Durations) -> u32; 3] = [
    |d| d.legal,
    |d| d.usual.unwrap_or(d.legal),
    |d| d.latest.unwrap_or(d.legal),
];
const USUAL: usize = 1;

/// `steps`: the project's included steps in journey order (needs/filed_with naming a step not in
/// `steps` are ignored).
pub fn forecast(
    steps: &[PlanStep<'_>],
    calendar: &Calendar,
    today: Date,
) -> (Forecast, Vec<StepForecast>) {
    let position: HashMap<&str, usize> = steps.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let links = |names: &[String]| -> Vec<usize> {
        names
            .iter()
            .filter_map(|n| position.get(n.as_str()).copied())
            .collect()
    };
    let needs: Vec<Vec<usize>> = steps.iter().map(|s| links(s.needs)).collect();
    let filed_with: Vec<Vec<usize>> = steps.iter().map(|s| links(s.filed_with)).collect();
    let order = topological(&needs, &filed_with);

    // Forward: when each step starts and finishes, per scenario.
    let mut start = vec![[today; 3]; steps.len()];
    let mut finish = vec![[today; 3]; steps.len()];
    let mut placed = vec![false; steps.len()];
    for &i in &order {
        let step = &steps[i];
        for (s, days_of) in SCENARIOS.iter().enumerate() {
            let days = days_of(&step.durations);
            (start[i][s], finish[i][s]) = match step.progress {
                // The real start is not known once done; nothing later depends on it.
                Progress::Done(on) => (on, on),
                Progress::Running {
                    received,
                    paused_days,
                    paused_since,
                    ..
                } => {
                    let clock = calendar
                        .working_days_between(received, paused_since.unwrap_or(today))
                        .saturating_sub(paused_days);
                    // A paused step's clock stands still at least through today.
                    let remaining = days.saturating_sub(clock);
                    (received, calendar.add_working_days(today, remaining))
                }
                Progress::NotFiled => {
                    let from = needs[i]
                        .iter()
                        .filter(|&&j| placed[j])
                        .map(|&j| finish[j][s])
                        .chain(
                            filed_with[i]
                                .iter()
                                .filter(|&&j| placed[j])
                                .map(|&j| start[j][s]),
                        )
                        .fold(today, Date::max);
                    (from, calendar.add_working_days(from, days))
                }
            };
        }
        placed[i] = true;
    }
    let project = |s: usize| finish.iter().map(|f| f[s]).max().unwrap_or(today);
    let end = Finish {
        legal: project(0),
        usual: project(USUAL),
        latest: project(2),
    };

    // Backward, as usual: the latest each step may finish without moving the project's finish.
    let days = |i: usize| SCENARIOS[USUAL](&steps[i].durations);
    let not_filed = |i: usize| steps[i].progress == Progress::NotFiled;
    let mut latest_finish = vec![end.usual; steps.len()];
    for &i in order.iter().rev() {
        let mut lf = end.usual;
        for (j, step_needs) in needs.iter().enumerate() {
            if step_needs.contains(&i) && not_filed(j) {
                lf = lf.min(calendar.sub_working_days(latest_finish[j], days(j)));
            }
        }
        if not_filed(i) {
            for (j, with) in filed_with.iter().enumerate() {
                if with.contains(&i) && not_filed(j) {
                    let latest_start = calendar.sub_working_days(latest_finish[j], days(j));
                    lf = lf.min(calendar.add_working_days(latest_start, days(i)));
                }
            }
        }
        latest_finish[i] = lf;
    }

    let forecasts: Vec<StepForecast> = steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let done = matches!(step.progress, Progress::Done(_));
            let slack = if done {
                0
            } else {
                calendar.working_days_between(finish[i][USUAL], latest_finish[i])
            };
            StepForecast {
                durations: step.durations,
                start: start[i][USUAL],
                finish: Finish {
                    legal: finish[i][0],
                    usual: finish[i][USUAL],
                    latest: finish[i][2],
                },
                critical: !done && slack == 0,
                slack,
                late: matches!(step.progress,
                    Progress::Running { paused_since: None, due, .. } if today > due),
            }
        })
        .collect();
    let last = end.legal.max(end.usual).max(end.latest);
    let estimated =
        (today.year()..=last.year()).any(|y| !calendar.year(y).is_some_and(|info| info.announced));
    let forecast = Forecast {
        finish: end,
        critical_path: steps
            .iter()
            .zip(&forecasts)
            .filter(|(_, f)| f.critical)
            .map(|(s, _)| s.id.to_string())
            .collect(),
        estimated: estimated && today <= last,
        today,
    };
    (forecast, forecasts)
}

/// The steps so that each comes after those it needs or is filed with, otherwise in the given
/// order; a step caught in a loop (which the journey check refuses) keeps its place.
fn topological(needs: &[Vec<usize>], filed_with: &[Vec<usize>]) -> Vec<usize> {
    let n = needs.len();
    let before = |i: usize| needs[i].iter().chain(&filed_with[i]).copied();
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let next = (0..n)
            .find(|&i| !placed[i] && before(i).all(|j| placed[j] || j == i))
            .or_else(|| (0..n).find(|&i| !placed[i]))
            .expect("a step is left");
        placed[next] = true;
        order.push(next);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::HolidayData;

    fn calendar() -> Calendar {
        let data: HolidayData =
            serde_json::from_str(include_str!("../../catalogue/holidays.json")).unwrap();
        Calendar::new(data).unwrap()
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn legal(days: u32) -> Durations {
        Durations {
            legal: days,
            usual: None,
            latest: None,
            samples: 0,
        }
    }

    fn history(legal: u32, usual: u32, latest: u32) -> Durations {
        Durations {
            legal,
            usual: Some(usual),
            latest: Some(latest),
            samples: 12,
        }
    }

    /// A step as a test writes it, owning what a [`PlanStep`] borrows.
    struct Step {
        id: &'static str,
        needs: Vec<String>,
        filed_with: Vec<String>,
        durations: Durations,
        progress: Progress,
    }

    fn step(id: &'static str, needs: &[&str], durations: Durations) -> Step {
        Step {
            id,
            needs: needs.iter().map(|s| s.to_string()).collect(),
            filed_with: Vec::new(),
            durations,
            progress: Progress::NotFiled,
        }
    }

    impl Step {
        fn filed_with(mut self, with: &[&str]) -> Step {
            self.filed_with = with.iter().map(|s| s.to_string()).collect();
            self
        }

        fn at(mut self, progress: Progress) -> Step {
            self.progress = progress;
            self
        }
    }

    fn run(steps: &[Step], today: &str) -> (Forecast, Vec<StepForecast>) {
        let plan: Vec<PlanStep<'_>> = steps
            .iter()
            .map(|s| PlanStep {
                id: s.id,
                needs: &s.needs,
                filed_with: &s.filed_with,
                durations: s.durations,
                progress: s.progress,
            })
            .collect();
        forecast(&plan, &calendar(), date(today))
    }

    fn finish(legal: &str, usual: &str, latest: &str) -> Finish {
        Finish {
            legal: date(legal),
            usual: date(usual),
            latest: date(latest),
        }
    }

    fn same(d: &str) -> Finish {
        finish(d, d, d)
    }

    fn slack(steps: &[StepForecast]) -> Vec<u32> {
        steps.iter().map(|s| s.slack).collect()
    }

    /// June 2026 has no holiday: Monday 1, 8, 15, 22 and 29 June start the weeks.
    #[test]
    fn a_line_of_steps_follows_one_another() {
        let steps = [
            step("a", &[], legal(5)),
            step("b", &["a"], legal(3)),
            step("c", &["b"], legal(10)),
        ];
        let (f, s) = run(&steps, "2026-06-01");
        // a: Tue 2, Wed 3, Thu 4, Fri 5, Mon 8. b from Mon 8: 9, 10, 11.
        // c from Thu 11: Fri 12 (1), 15–19 (6), 22–25 (10).
        assert_eq!(s[0].finish, same("2026-06-08"));
        assert_eq!(
            (s[1].start, s[1].finish),
            (date("2026-06-08"), same("2026-06-11"))
        );
        assert_eq!(s[2].finish, same("2026-06-25"));
        assert_eq!(f.finish, same("2026-06-25"));
        assert_eq!(f.critical_path, ["a", "b", "c"]);
        assert_eq!(slack(&s), [0, 0, 0]);
        assert!(s.iter().all(|s| s.critical && !s.late));
        // 2026 is computed from the law, not announced.
        assert!(f.estimated);
        assert_eq!(f.today, date("2026-06-01"));

        // Wholly in announced 2025: Monday 2 June, a: 3, 4, 5, 6, 9; b: 10, 11, 12; c: 13, 16–20,
        // 23–26 (10).
        let (f, _) = run(&steps, "2025-06-02");
        assert_eq!(f.finish, same("2025-06-26"));
        assert!(!f.estimated);
    }

    #[test]
    fn the_agencys_history_stands_in_for_the_legal_time_when_there_is_one() {
        let steps = [
            step("a", &[], legal(5)),
            step("b", &["a"], history(3, 2, 6)),
            step("c", &["b"], legal(10)),
        ];
        let (f, s) = run(&steps, "2026-06-01");
        // a by Mon 8 whatever the reading (no history: the legal 5 days).
        assert_eq!(s[0].finish, same("2026-06-08"));
        // b: legal 9, 10, 11; usual 9, 10; at the latest 9–12, 15, 16.
        assert_eq!(
            s[1].finish,
            finish("2026-06-11", "2026-06-10", "2026-06-16")
        );
        assert_eq!(s[1].durations, history(3, 2, 6));
        // c, 10 days each time: from Thu 11 to Thu 25; from Wed 10: 11, 12, 15–19, 22–24 → Wed 24;
        // from Tue 16: 17, 18, 19, 22–26, 29, 30 → Tue 30.
        assert_eq!(
            s[2].finish,
            finish("2026-06-25", "2026-06-24", "2026-06-30")
        );
        assert_eq!(f.finish, finish("2026-06-25", "2026-06-24", "2026-06-30"));
        assert_eq!(s[2].start, date("2026-06-10"));
    }

    #[test]
    fn a_diamond_waits_for_its_longer_branch_and_the_shorter_one_has_slack() {
        let steps = [
            step("a", &[], legal(2)),
            step("b", &["a"], legal(5)),
            step("c", &["a"], legal(2)),
            step("d", &["b", "c"], legal(1)),
        ];
        let (f, s) = run(&steps, "2026-06-01");
        // a: Tue 2, Wed 3. b: 4, 5, 8, 9, 10. c: 4, 5. d from the later, Wed 10: Thu 11.
        assert_eq!(s[1].finish.usual, date("2026-06-10"));
        assert_eq!(s[2].finish.usual, date("2026-06-05"));
        assert_eq!(s[3].start, date("2026-06-10"));
        assert_eq!(f.finish, same("2026-06-11"));
        // d must start by Wed 10, so c may finish as late as then: Mon 8, Tue 9, Wed 10 of slack.
        // a must finish by the earlier of b's latest start (Wed 10 less 5: Wed 3) and c's (Wed 10
        // less 2: Mon 8).
        assert_eq!(slack(&s), [0, 0, 3, 0]);
        assert_eq!(f.critical_path, ["a", "b", "d"]);
        assert!(!s[2].critical);
    }

    #[test]
    fn a_step_filed_with_another_starts_with_it_and_holds_it_back() {
        let steps = [
            step("a", &[], legal(4)),
            step("x", &["a"], legal(15)),
            step("b", &[], legal(1)),
            step("y", &["b"], legal(2)).filed_with(&["x"]),
        ];
        let (f, s) = run(&steps, "2026-06-01");
        // a: 2–5. x from Fri 5: 8–12 (5), 15–19 (10), 22–26 (15).
        assert_eq!(s[1].finish.usual, date("2026-06-26"));
        // b by Tue 2, but y waits for x to be filed, on Fri 5: Mon 8, Tue 9.
        assert_eq!(s[2].finish.usual, date("2026-06-02"));
        assert_eq!(
            (s[3].start, s[3].finish.usual),
            (date("2026-06-05"), date("2026-06-09"))
        );
        assert_eq!(f.finish, same("2026-06-26"));
        // x must start by Sunday 7 (15 working days back from Fri 26 end on Mon 8), so a's Friday
        // finish has no slack. y may finish by Fri 26: 10–12, 15–19, 22–26 = 13 days. b may finish
        // by y's latest start, Wed 24 (Thu 25 and Fri 26 are y's): 3–5, 8–12, 15–19, 22–24 = 16.
        assert_eq!(slack(&s), [0, 0, 16, 13]);
        assert_eq!(f.critical_path, ["a", "x"]);

        // A long step filed alongside a short one: the short one must be filed today, or the long
        // one starts late.
        let steps = [
            step("x", &[], legal(2)),
            step("y", &[], legal(10)).filed_with(&["x"]),
        ];
        let (f, s) = run(&steps, "2026-06-01");
        // y: 2–5, 8–12, 15 (10). x: 2, 3; its latest start is y's, Mon 1, so it must finish Wed 3.
        assert_eq!(f.finish, same("2026-06-15"));
        assert_eq!(s[0].finish.usual, date("2026-06-03"));
        assert_eq!(slack(&s), [0, 0]);
        assert_eq!(f.critical_path, ["x", "y"]);
    }

    /// Tết Đinh Mùi: Friday 5 to Thursday 11 February 2027 are days off.
    #[test]
    fn a_project_across_tet_2027_skips_its_days_off() {
        let steps = [
            step("a", &[], legal(3)),
            step("b", &["a"], history(5, 2, 8)),
        ];
        let (f, s) = run(&steps, "2027-02-01");
        // a from Monday 1: Tue 2, Wed 3, Thu 4.
        assert_eq!(s[0].finish, same("2027-02-04"));
        // b from Thu 4: Tết, then Fri 12 (1), Mon 15 (2), 16, 17, Thu 18 (5); at the latest on to
        // Fri 19 (6), Mon 22, Tue 23 (8).
        assert_eq!(
            s[1].finish,
            finish("2027-02-18", "2027-02-15", "2027-02-23")
        );
        assert_eq!(f.finish, finish("2027-02-18", "2027-02-15", "2027-02-23"));
        // Tết 2027 is computed, not yet announced.
        assert!(f.estimated);
        assert_eq!(f.critical_path, ["a", "b"]);
    }

    #[test]
    fn a_supplement_pause_stops_the_clock_through_today() {
        let received = date("2026-06-01");
        // Due 10 working days after Monday 1 June: 2–5, 8–12, Mon 15.
        let paused = |today: &str| {
            run(
                &[
                    step("p", &[], legal(10)).at(Progress::Running {
                        received,
                        paused_days: 0,
                        paused_since: Some(date("2026-06-03")),
                        due: date("2026-06-15"),
                    }),
                    step("q", &["p"], legal(1)),
                ],
                today,
            )
        };
        // Asked on Wed 3, after two days (Tue 2, Wed 3); still waiting on Tue 16, past the due date
        // but not late: the 8 days left run from Wed 17: 17–19, 22–26.
        let (f, s) = paused("2026-06-16");
        assert_eq!(s[0].finish, same("2026-06-26"));
        assert_eq!(s[0].start, received);
        assert!(!s[0].late);
        // q from Fri 26: Mon 29.
        assert_eq!(f.finish, same("2026-06-29"));
        assert_eq!(f.critical_path, ["p", "q"]);

        // Answered after three working days (Thu 4, Fri 5, Mon 8): due Thu 18 instead of Mon 15.
        let resumed = |today: &str| {
            run(
                &[step("p", &[], legal(10)).at(Progress::Running {
                    received,
                    paused_days: 3,
                    paused_since: None,
                    due: date("2026-06-18"),
                })],
                today,
            )
        };
        // On Tue 16: 11 working days since Monday 1, less 3 paused: 8 counted, 2 left, Wed 17 and
        // Thu 18, the due date.
        let (_, s) = resumed("2026-06-16");
        assert_eq!(s[0].finish, same("2026-06-18"));
        assert!(!s[0].late);
        // On Fri 19 it is late, and as done as it can be: today.
        let (_, s) = resumed("2026-06-19");
        assert_eq!(s[0].finish, same("2026-06-19"));
        assert!(s[0].late);
    }

    /// The foreign investor's journey without its optional environmental permit, part way.
    #[test]
    fn the_critical_path_and_slack_of_a_project_under_way() {
        let filed_on = date("2026-06-01");
        let steps = [
            step("irc", &[], legal(15)).at(Progress::Done(date("2026-05-29"))),
            step("doanh-nghiep", &["irc"], legal(3)).at(Progress::Running {
                received: filed_on,
                paused_days: 0,
                paused_since: None,
                due: date("2026-06-04"),
            }),
            step("dat", &["irc"], history(20, 25, 30)),
            step("dtm", &["irc"], history(30, 20, 40)).at(Progress::Running {
                received: filed_on,
                paused_days: 0,
                paused_since: None,
                due: date("2026-07-13"),
            }),
            step("xay-dung", &["dat"], history(18, 15, 25)).filed_with(&["dtm"]),
        ];
        let (f, s) = run(&steps, "2026-06-03");
        // Wednesday 3 June; the working days after it: Jun 4, 5 (2), 8–12 (7), 15–19 (12),
        // 22–26 (17), 29, 30 (19), Jul 1–3 (22), 6–10 (27), 13–17 (32), 20–24 (37), 27–31 (42).
        assert_eq!(s[0].finish, same("2026-05-29"));
        // Two of its three days gone (Tue 2, Wed 3): Thu 4.
        assert_eq!(s[1].finish, same("2026-06-04"));
        // dat, not filed, from today: 20 → Jul 1, 25 → Jul 8, 30 → Jul 15.
        assert_eq!(s[2].start, date("2026-06-03"));
        assert_eq!(
            s[2].finish,
            finish("2026-07-01", "2026-07-08", "2026-07-15")
        );
        // dtm, two days gone: 28 left → Jul 13, 18 → Jun 29, 38 → Jul 27.
        assert_eq!(s[3].start, filed_on);
        assert_eq!(
            s[3].finish,
            finish("2026-07-13", "2026-06-29", "2026-07-27")
        );
        // xay-dung after dat (dtm is filed already): legal 18 from Jul 1: 2, 3, 6–10, 13–17, 20–24,
        // 27 → Jul 27; usual 15 from Jul 8: 9, 10, 13–17, 20–24, 27–29 → Jul 29; at the latest 25
        // from Jul 15: 16, 17, 20–24, 27–31, Aug 3–7, 10–14, 17–19 → Aug 19.
        assert_eq!(s[4].start, date("2026-07-08"));
        assert_eq!(
            s[4].finish,
            finish("2026-07-27", "2026-07-29", "2026-08-19")
        );
        assert_eq!(f.finish, finish("2026-07-27", "2026-07-29", "2026-08-19"));
        // As usual: dat must be done when xay-dung must start (Jul 29 less 15: Jul 8), so neither
        // can slip. dtm may run to Jul 29: Jun 30, Jul 1–3, 6–10, 13–17, 20–24, 27–29 = 22 days;
        // doanh-nghiep from Thu 4 June to Jul 29: 39 days. irc is done.
        assert_eq!(slack(&s), [0, 39, 0, 22, 0]);
        assert_eq!(f.critical_path, ["dat", "xay-dung"]);
        assert!(!s[0].critical);
        assert!(s.iter().all(|s| !s.late));
    }
}
