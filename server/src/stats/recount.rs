//! The statistics counted again from the record: each dossier's event log replayed on its own
//! (its due date moved by its supplement pauses, as the lifecycle's clock moves it) and the
//! ratings as they stand. It fills the rows at the first start, and checks the upkeep: the two
//! must agree exactly.

use motcua_api::calendar::{Calendar, Date};
use motcua_api::lifecycle::{timeliness, Timeliness};
use motcua_api::stats::Month;

use super::upkeep::{rated, Deltas, Key, Points};
use crate::store::stats::LogRow;
use crate::store::Store;

/// The statistics of everything in the log and the ratings, not rolled up.
pub async fn recount(store: &Store, calendar: &Calendar) -> anyhow::Result<Deltas> {
    let mut counted = Deltas::default();
    let mut current: Option<Replay> = None;
    store
        .each_logged_event(|row| {
            if current.as_ref().is_none_or(|c| c.code != row.code) {
                current = Some(Replay::start(&row, calendar, &mut counted));
            }
            if let Some(c) = current.as_mut() {
                c.event(&row, calendar, &mut counted);
            }
        })
        .await?;
    for r in store.rating_lines().await? {
        let points = Points {
            overall: r.overall,
            criteria: &r.criteria,
        };
        counted.merge(rated(&r.procedure, &r.agency, r.rated_at, None, points));
    }
    Ok(counted)
}

/// One dossier's log, replayed.
struct Replay {
    code: String,
    agency: String,
    procedure: String,
    received: Date,
    legal_days: u32,
    electronic: bool,
    due: Date,
    paused: u32,
    paused_since: Option<Date>,
    status: String,
}

impl Replay {
    fn start(row: &LogRow<'_>, calendar: &Calendar, counted: &mut Deltas) -> Self {
        let received = calendar.received_on(row.received_at);
        let c = counted.counts((
            Month::in_vietnam(row.received_at),
            row.agency.to_string(),
            row.procedure.to_string(),
        ));
        c.received += 1;
        c.online += i64::from(row.online);
        c.eid += i64::from(row.eid);
        c.with_fee += i64::from(row.with_fee);
        c.paid_online += i64::from(row.paid_online);
        Replay {
            code: row.code.to_string(),
            agency: row.agency.to_string(),
            procedure: row.procedure.to_string(),
            received,
            legal_days: row.legal_days,
            electronic: row.electronic,
            due: calendar.add_working_days(received, row.legal_days),
            paused: 0,
            paused_since: None,
            status: String::new(),
        }
    }

    fn event(&mut self, row: &LogRow<'_>, calendar: &Calendar, counted: &mut Deltas) {
        // The sweep's mark changes nothing of the dossier's clock.
        if row.kind == "overdue" {
            return;
        }
        let day = Date::in_vietnam(row.at);
        if self.status == "supplement_requested" {
            if let Some(since) = self.paused_since.take() {
                let pause = calendar.working_days_between(since, day);
                self.paused += pause;
                self.due = calendar.add_working_days(self.due, pause);
            }
        }
        if row.status == "supplement_requested" {
            self.paused_since = Some(day);
        }
        self.status = row.status.to_string();
        let key: Key = (
            Month::in_vietnam(row.at),
            self.agency.clone(),
            self.procedure.clone(),
        );
        match row.kind {
            "result_ready" => {
                let c = counted.counts(key.clone());
                match timeliness(calendar, day, self.due, Some(day)) {
                    Timeliness::Early => c.resolved_early += 1,
                    Timeliness::Late | Timeliness::Overdue => c.resolved_late += 1,
                    Timeliness::OnTime | Timeliness::NearDue => c.resolved_on_time += 1,
                }
                c.results_electronic += i64::from(self.electronic);
                c.legal_days_sum += i64::from(self.legal_days);
                let days = calendar
                    .working_days_between(self.received, day)
                    .saturating_sub(self.paused);
                counted.add_days(key, days, 1);
            }
            "refused" => counted.counts(key).refused += 1,
            "withdrawn" => counted.counts(key).withdrawn += 1,
            "supplement_requested" => counted.counts(key).supplement_requests += 1,
            "apology" => counted.counts(key).apologies += 1,
            _ => {}
        }
    }
}

/// Fills the rows from the log once, at the first start after they were added (or whenever they
/// were never counted): the upkeep keeps them from then on.
pub async fn count_at_start(store: &Store, calendar: &Calendar, now: i64) -> anyhow::Result<()> {
    if store.stats_counted().await? {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let counted = recount(store, calendar).await?;
    store.replace_stats(&counted, now).await?;
    tracing::info!(
        seconds = started.elapsed().as_secs_f64(),
        "counted the statistics from the event log"
    );
    Ok(())
}
