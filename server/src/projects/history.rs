//! How long each agency actually takes on each procedure: working days from the day a dossier
//! counted as received to the day its result was ready, less the working days its clock stood
//! still for a supplement (the same measure as the dossier's own deadline moves by, in
//! `crate::lifecycle`), over the results of the last twelve months. Computed in the background
//! and held in memory, so a forecast never reads the event log.
//!
//! A result is final: its dossier's procedure, agency and received time are written once, and
//! the log before it (its supplement pauses) is append-only; a dossier has one result, after
//! which it can only be handed back. So the working days each result took are counted once, kept
//! per day it came, and each computation reads from the log only the results since the last one
//! (and the first day of the year, to the second), dropping the days that left the year.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher;
use std::sync::{Arc, RwLock};

use motcua_api::calendar::{Calendar, Date};
use motcua_api::project::{Durations, MIN_SAMPLES};

use crate::store::durations::{
    Counted, ProcedureDuration, ResultDay, Results, Supplement, TimingRow,
};
use crate::store::Store;

/// The results the figures come from: those of the last 365 days.
pub const WINDOW_SECONDS: i64 = 365 * 86_400;

/// The figures per procedure, then per agency, as last computed.
type Figures = HashMap<String, HashMap<String, ProcedureDuration>>;

/// The figures in memory with when they were computed (0 before the first computation), shared
/// by every handler.
#[derive(Clone, Default)]
pub struct DurationsCache(Arc<RwLock<(Figures, i64)>>);

impl DurationsCache {
    /// The figures stored by the last computation, until the next one is done.
    pub async fn load(store: &Store) -> anyhow::Result<DurationsCache> {
        let cache = DurationsCache::default();
        let (rows, computed_at) = store.procedure_durations().await?;
        cache.set(rows, computed_at);
        Ok(cache)
    }

    /// How long `procedure` takes at `agency`: `legal` by law, and the agency's median and 80th
    /// percentile once it has done enough of them to say.
    pub fn get(&self, procedure: &str, agency: &str, legal: u32) -> Durations {
        let figures = self.0.read().unwrap_or_else(|e| e.into_inner());
        let found = figures.0.get(procedure).and_then(|a| a.get(agency));
        let samples = found.map_or(0, |f| f.samples);
        let enough = found.filter(|_| samples >= MIN_SAMPLES);
        Durations {
            legal,
            usual: enough.map(|f| f.median),
            latest: enough.map(|f| f.p80),
            samples,
        }
    }

    /// When the figures were computed: what was made from them is stale once this moves.
    pub fn computed_at(&self) -> i64 {
        self.0.read().unwrap_or_else(|e| e.into_inner()).1
    }

    fn set(&self, rows: Vec<ProcedureDuration>, computed_at: i64) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = (by_procedure(rows), computed_at);
    }

    /// When figures computed `now` count as computed: when they equal those held, still when
    /// those were, so the list lines and forecasts made from them are not thrown away hourly for
    /// nothing.
    fn stamp_for(&self, rows: &[ProcedureDuration], now: i64) -> i64 {
        let held = self.0.read().unwrap_or_else(|e| e.into_inner());
        if held.1 != 0 && held.0 == by_procedure(rows.to_vec()) {
            held.1
        } else {
            now
        }
    }
}

fn by_procedure(rows: Vec<ProcedureDuration>) -> Figures {
    let mut figures = Figures::new();
    for row in rows {
        figures
            .entry(row.procedure.clone())
            .or_default()
            .insert(row.agency.clone(), row);
    }
    figures
}

/// Computes the figures over the results of the year up to `now`, stores them and puts them in
/// `cache`: from the results kept per day, with those since the last computation added (all of
/// the year's at the first, or once the holidays or the clock moved back).
pub async fn refresh(
    store: &Store,
    calendar: &Calendar,
    now: i64,
    cache: &DurationsCache,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let since = now - WINDOW_SECONDS;
    let first_day = Date::in_vietnam(since).julian_day();
    let fingerprint = fingerprint(calendar);
    let (through_event, results, whole_year) = loop {
        let through_event = store.last_event().await?;
        let counted = store
            .result_days_counted()
            .await?
            .filter(|c| c.calendar == fingerprint && c.through_at <= now);
        let which = counted.as_ref().map_or(Results::All, Results::After);
        let mut new = Tally::new(calendar, since, now);
        store
            .each_result_timing(which, since, now, through_event, |row| new.add(row))
            .await?;
        let counted_now = Counted {
            through_event,
            through_at: now,
            calendar: fingerprint.clone(),
        };
        let kept = store
            .keep_result_days(
                &new.result_days(),
                counted.as_ref(),
                first_day,
                &counted_now,
            )
            .await?;
        if kept {
            break (through_event, new.results, counted.is_none());
        }
    };

    // The first day of the year counts from `since`, to the second: read from the log.
    let mut first = Tally::new(calendar, since, now);
    let next_day_starts = (first_day + 1 - UNIX_EPOCH_JULIAN_DAY) * 86_400 - VIETNAM_OFFSET;
    store
        .each_result_timing(
            Results::All,
            since,
            now.min(next_day_starts - 1),
            through_event,
            |row| first.add(row),
        )
        .await?;
    let mut histograms = first.histograms();
    store
        .each_result_days_after(first_day, |procedure, agency, taken, results| {
            histograms.add(procedure, agency, taken, results)
        })
        .await?;
    let rows = histograms.figures();
    let stamp = cache.stamp_for(&rows, now);
    store.replace_durations(&rows, stamp).await?;
    tracing::info!(
        results,
        whole_year,
        figures = rows.len(),
        ms = started.elapsed().as_millis() as u64,
        "computed how long agencies take"
    );
    cache.set(rows, stamp);
    Ok(())
}

const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;
const VIETNAM_OFFSET: i64 = 7 * 3600;

/// What the kept working days were counted by: the calendar as it prints (its days off and working
/// Saturdays, named, and its years), hashed by FNV-1a, which is the same on every build.
fn fingerprint(calendar: &Calendar) -> String {
    struct Fnv(u64);
    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for b in bytes {
                self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    hash.write(format!("{calendar:?}").as_bytes());
    format!("{:016x}", hash.finish())
}

/// How many results took each number of working days, per procedure and agency.
#[derive(Default)]
struct Histograms(HashMap<(String, String), BTreeMap<u32, u32>>);

impl Histograms {
    fn add(&mut self, procedure: &str, agency: &str, taken: u32, results: u32) {
        let key = (procedure.to_string(), agency.to_string());
        *self.0.entry(key).or_default().entry(taken).or_default() += results;
    }

    fn figures(self) -> Vec<ProcedureDuration> {
        let mut rows: Vec<ProcedureDuration> = self
            .0
            .into_iter()
            .map(|((procedure, agency), taken)| {
                let samples = taken.values().sum();
                ProcedureDuration {
                    procedure,
                    agency,
                    samples,
                    median: nearest_rank(&taken, samples, 50),
                    p80: nearest_rank(&taken, samples, 80),
                }
            })
            .collect();
        rows.sort_by(|a, b| (&a.procedure, &a.agency).cmp(&(&b.procedure, &b.agency)));
        rows
    }
}

/// Working days between two dates, read from a running count over the days a year of results
/// spans (a million results would otherwise walk a month of days each).
struct WorkingDays<'a> {
    calendar: &'a Calendar,
    first: i64,
    /// `counted[k]`: the working days after the first day up to and including the k-th after it.
    counted: Vec<u32>,
}

impl<'a> WorkingDays<'a> {
    fn new(calendar: &'a Calendar, from: Date, to: Date) -> Self {
        let first = from.julian_day();
        let mut counted = Vec::with_capacity((to.julian_day() - first + 1).max(0) as usize);
        let mut total = 0;
        let mut day = from;
        while day <= to {
            if day != from && calendar.is_working_day(day) {
                total += 1;
            }
            counted.push(total);
            day = day.add_days(1);
        }
        WorkingDays {
            calendar,
            first,
            counted,
        }
    }

    /// `Calendar::working_days_between`.
    fn between(&self, start: Date, end: Date) -> u32 {
        let at = |d: Date| {
            usize::try_from(d.julian_day() - self.first)
                .ok()
                .and_then(|k| self.counted.get(k))
        };
        match (at(start), at(end)) {
            _ if end <= start => 0,
            (Some(a), Some(b)) => b - a,
            _ => self.calendar.working_days_between(start, end),
        }
    }
}

/// The result being read, until its last row.
struct Current {
    result: i64,
    procedure: String,
    agency: String,
    received: Date,
    ready: Date,
    paused: u32,
    paused_since: Option<Date>,
}

/// How many results took each number of working days, by the (Julian) day they came.
type ByDay = HashMap<(i64, u32), u32>;

/// Results' working days per procedure and agency, as the rows come.
struct Tally<'a> {
    calendar: &'a Calendar,
    days: WorkingDays<'a>,
    current: Option<Current>,
    taken: HashMap<String, HashMap<String, ByDay>>,
    results: u64,
}

impl<'a> Tally<'a> {
    fn new(calendar: &'a Calendar, since: i64, until: i64) -> Self {
        // Most dossiers were received in the year before their result.
        let days = WorkingDays::new(
            calendar,
            Date::in_vietnam(since - WINDOW_SECONDS),
            Date::in_vietnam(until),
        );
        Tally {
            calendar,
            days,
            current: None,
            taken: HashMap::new(),
            results: 0,
        }
    }

    fn add(&mut self, row: TimingRow<'_>) {
        if self.current.as_ref().is_none_or(|c| c.result != row.result) {
            self.close();
            self.current = Some(Current {
                result: row.result,
                procedure: row.procedure.to_string(),
                agency: row.agency.to_string(),
                received: self.calendar.received_on(row.received_at),
                ready: Date::in_vietnam(row.result_at),
                paused: 0,
                paused_since: None,
            });
        }
        let Some(current) = self.current.as_mut() else {
            return;
        };
        match row.supplement {
            Some((Supplement::Requested, at)) => current.paused_since = Some(Date::in_vietnam(at)),
            Some((Supplement::Answered, at)) => {
                if let Some(since) = current.paused_since.take() {
                    current.paused += self.days.between(since, Date::in_vietnam(at));
                }
            }
            None => {}
        }
    }

    /// Counts the result read last.
    fn close(&mut self) {
        let Some(c) = self.current.take() else {
            return;
        };
        self.results += 1;
        let days = self
            .days
            .between(c.received, c.ready)
            .saturating_sub(c.paused);
        let by_agency = match self.taken.get_mut(&c.procedure) {
            Some(by_agency) => by_agency,
            None => self.taken.entry(c.procedure).or_default(),
        };
        let taken = match by_agency.get_mut(&c.agency) {
            Some(taken) => taken,
            None => by_agency.entry(c.agency).or_default(),
        };
        *taken.entry((c.ready.julian_day(), days)).or_default() += 1;
    }

    fn result_days(&mut self) -> Vec<ResultDay> {
        self.close();
        let mut rows = Vec::new();
        for (procedure, by_agency) in &self.taken {
            for (agency, taken) in by_agency {
                for (&(day, taken), &results) in taken {
                    rows.push(ResultDay {
                        day,
                        procedure: procedure.clone(),
                        agency: agency.clone(),
                        taken,
                        results,
                    });
                }
            }
        }
        rows
    }

    fn histograms(mut self) -> Histograms {
        let mut histograms = Histograms::default();
        for row in self.result_days() {
            histograms.add(&row.procedure, &row.agency, row.taken, row.results);
        }
        histograms
    }
}

/// The `p`th percentile of `samples` (not none) values, counted by value, by nearest rank: the
/// value at 1-based rank ⌈p/100 · n⌉.
fn nearest_rank(counts: &BTreeMap<u32, u32>, samples: u32, p: u32) -> u32 {
    let rank = (p * samples).div_ceil(100).max(1);
    let mut seen = 0;
    for (&value, &n) in counts {
        seen += n;
        if seen >= rank {
            return value;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_api::calendar::HolidayData;

    fn calendar() -> Calendar {
        let data: HolidayData =
            serde_json::from_str(include_str!("../../../catalogue/holidays.json")).unwrap();
        Calendar::new(data).unwrap()
    }

    #[test]
    fn unchanged_figures_keep_when_they_were_computed() {
        let row = |median| ProcedureDuration {
            procedure: "1.001193".into(),
            agency: "so-tu-phap".into(),
            samples: 40,
            median,
            p80: 9,
        };
        let cache = DurationsCache::default();
        assert_eq!(cache.stamp_for(&[row(5)], 100), 100, "the first figures");
        cache.set(vec![row(5)], 100);
        assert_eq!(
            cache.stamp_for(&[row(5)], 3700),
            100,
            "the same an hour later"
        );
        assert_eq!(cache.stamp_for(&[row(6)], 3700), 3700, "a median moved");
        assert_eq!(cache.stamp_for(&[], 3700), 3700, "figures gone");
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// 09:00 (or `h`:00) in Vietnam on a day.
    fn at(d: &str, h: i64) -> i64 {
        (date(d).julian_day() - 2_440_588) * 86_400 + (h - 7) * 3600
    }

    /// The measure is the one the dossier's own deadline moves by: a dossier taken through its
    /// workflow has the result as many working days after it counted as received as the figures
    /// say, plus the pauses its clock made.
    #[test]
    fn a_result_takes_what_the_lifecycle_clock_ran() {
        use crate::lifecycle::DossierState;
        use motcua_api::lifecycle::{plan, transition, ActionKind, Actor, WorkflowData};

        let cal = calendar();
        let workflows: WorkflowData =
            serde_json::from_str(include_str!("../../../catalogue/workflows.json")).unwrap();
        let steps = plan(&workflows.levels["tinh"], "so-xay-dung", 20);
        // Monday 1 February 2027 at 18:00: received Tuesday 2.
        let submitted = at("2027-02-01", 18);
        let mut state = DossierState::submitted(steps, 20, submitted, &cal);
        let mut rows = vec![(None, submitted)];
        let actions = [
            (ActionKind::Receive, "2027-02-02", 9),
            // Asked on Wednesday 3, answered across Tết on Friday 12: Thursday 4 and Friday 12.
            (ActionKind::RequestSupplement, "2027-02-03", 10),
            (ActionKind::Supplement, "2027-02-12", 16),
            (ActionKind::Forward, "2027-02-15", 9),
            // Asked again on Tuesday 16 and answered on Monday 22: 17, 18, 19 and 22.
            (ActionKind::RequestSupplement, "2027-02-16", 9),
            (ActionKind::Supplement, "2027-02-22", 20),
            (ActionKind::Forward, "2027-02-23", 9),
            (ActionKind::ResultReady, "2027-03-01", 9),
        ];
        for (action, day, hour) in actions {
            let now = at(day, hour);
            let actor = match action {
                ActionKind::Supplement => Actor::Owner,
                _ => Actor::Holder,
            };
            let outcome = transition(state.position(Date::in_vietnam(now)), action, actor)
                .unwrap_or_else(|e| panic!("{action:?}: {}", e.en));
            state = state.after(outcome, now, &cal);
            let supplement = match action {
                ActionKind::RequestSupplement => Some(Supplement::Requested),
                ActionKind::Supplement => Some(Supplement::Answered),
                _ => None,
            };
            if supplement.is_some() || action == ActionKind::ResultReady {
                rows.push((supplement, now));
            }
        }
        assert_eq!(state.progress.paused_days, 6);
        let (_, result_at) = rows.pop().unwrap();
        let mut tally = Tally::new(&cal, result_at - WINDOW_SECONDS, result_at);
        for (supplement, at) in &rows[1..] {
            tally.add(TimingRow {
                result: 1,
                procedure: "1.013231",
                agency: "so-xay-dung",
                received_at: submitted,
                result_at,
                supplement: supplement.map(|s| (s, *at)),
            });
        }
        let figures = tally.histograms().figures();
        // Tuesday 2 February to Monday 1 March: 3, 4, 12, 15–19, 22–26, 1 March = 14 working days,
        // 6 of them paused.
        assert_eq!(
            cal.working_days_between(date("2027-02-02"), date("2027-03-01")),
            14
        );
        assert_eq!((figures[0].samples, figures[0].median), (1, 14 - 6));
        assert_eq!(state.progress.done_on, Some(date("2027-03-01")));
    }

    fn nearest_rank(values: &[u32], p: u32) -> u32 {
        let mut counts = BTreeMap::new();
        for v in values {
            *counts.entry(*v).or_default() += 1;
        }
        super::nearest_rank(&counts, values.len() as u32, p)
    }

    #[test]
    fn percentiles_are_by_nearest_rank() {
        assert_eq!(nearest_rank(&[3, 3, 9, 3, 1], 50), 3);
        assert_eq!(nearest_rank(&[7], 50), 7);
        assert_eq!(nearest_rank(&[7], 80), 7);
        // n = 4: ranks ⌈2⌉ = 2 and ⌈3.2⌉ = 4.
        assert_eq!(nearest_rank(&[1, 2, 3, 4], 50), 2);
        assert_eq!(nearest_rank(&[1, 2, 3, 4], 80), 4);
        // n = 5: ranks ⌈2.5⌉ = 3 and ⌈4⌉ = 4.
        assert_eq!(nearest_rank(&[1, 2, 3, 4, 5], 50), 3);
        assert_eq!(nearest_rank(&[1, 2, 3, 4, 5], 80), 4);
        // n = 10: ranks 5 and 8.
        let ten: Vec<u32> = (1..=10).collect();
        assert_eq!((nearest_rank(&ten, 50), nearest_rank(&ten, 80)), (5, 8));
    }

    #[test]
    fn the_running_count_agrees_with_the_calendar() {
        let cal = calendar();
        let days = WorkingDays::new(&cal, date("2026-01-01"), date("2027-12-31"));
        let mut start = date("2025-12-01");
        while start < date("2028-02-01") {
            for n in [0, 1, 2, 5, 17, 40, 400] {
                let end = start.add_days(n);
                assert_eq!(
                    days.between(start, end),
                    cal.working_days_between(start, end),
                    "{start} {end}"
                );
                assert_eq!(days.between(end, start), 0);
            }
            start = start.add_days(1);
        }
    }
}
