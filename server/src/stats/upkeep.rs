//! What each change to a dossier or a rating adds to the statistics: the deltas the store applies
//! in the same transaction as the change, so the monthly figures are never behind the log.

use std::collections::BTreeMap;

use motcua_api::calendar::{Calendar, Date};
use motcua_api::dossier::{Delivery, Receipt};
use motcua_api::lifecycle::{timeliness, EventKind, Timeliness};
use motcua_api::stats::{Channel, Month};

use crate::lifecycle::DossierState;
use crate::store::dossiers::NewEvent;

/// A month's row: the month, the receiving agency and the procedure.
pub type Key = (Month, String, String);

/// What one row's counters move by (negative only when a rating changes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub received: i64,
    pub online: i64,
    pub eid: i64,
    pub with_fee: i64,
    pub paid_online: i64,
    pub resolved_early: i64,
    pub resolved_on_time: i64,
    pub resolved_late: i64,
    pub results_electronic: i64,
    pub refused: i64,
    pub withdrawn: i64,
    pub supplement_requests: i64,
    pub apologies: i64,
    pub legal_days_sum: i64,
}

impl Counts {
    /// In the order of the table's columns (`store::stats::COUNT_COLUMNS`).
    pub fn values(&self) -> [i64; 14] {
        [
            self.received,
            self.online,
            self.eid,
            self.with_fee,
            self.paid_online,
            self.resolved_early,
            self.resolved_on_time,
            self.resolved_late,
            self.results_electronic,
            self.refused,
            self.withdrawn,
            self.supplement_requests,
            self.apologies,
            self.legal_days_sum,
        ]
    }

    pub fn from_values(v: [i64; 14]) -> Counts {
        let [received, online, eid, with_fee, paid_online, resolved_early, resolved_on_time, resolved_late, results_electronic, refused, withdrawn, supplement_requests, apologies, legal_days_sum] =
            v;
        Counts {
            received,
            online,
            eid,
            with_fee,
            paid_online,
            resolved_early,
            resolved_on_time,
            resolved_late,
            results_electronic,
            refused,
            withdrawn,
            supplement_requests,
            apologies,
            legal_days_sum,
        }
    }

    pub fn add(&mut self, other: &Counts) {
        let mut v = self.values();
        for (a, b) in v.iter_mut().zip(other.values()) {
            *a += b;
        }
        *self = Counts::from_values(v);
    }

    fn is_zero(&self) -> bool {
        self.values().iter().all(|v| *v == 0)
    }
}

/// Changes to the statistics' rows: the month counters, the results per working days taken, and
/// the ratings per criterion and point.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deltas {
    pub monthly: BTreeMap<Key, Counts>,
    pub days: BTreeMap<(Key, u32), i64>,
    pub ratings: BTreeMap<(Key, String, u8), i64>,
}

impl Deltas {
    pub fn is_empty(&self) -> bool {
        self.monthly.is_empty() && self.days.is_empty() && self.ratings.is_empty()
    }

    pub fn counts(&mut self, key: Key) -> &mut Counts {
        self.monthly.entry(key).or_default()
    }

    pub fn add_days(&mut self, key: Key, days: u32, n: i64) {
        *self.days.entry((key, days)).or_default() += n;
    }

    pub fn add_rating(&mut self, key: Key, criterion: &str, point: u8, n: i64) {
        *self
            .ratings
            .entry((key, criterion.to_string(), point))
            .or_default() += n;
    }

    /// Adds `other` in.
    pub fn merge(&mut self, other: Deltas) {
        for (k, c) in other.monthly {
            self.counts(k).add(&c);
        }
        for (k, n) in other.days {
            *self.days.entry(k).or_default() += n;
        }
        for (k, n) in other.ratings {
            *self.ratings.entry(k).or_default() += n;
        }
    }

    /// With each row also added to its agency's (procedure `""`), its procedure's across agencies
    /// (agency `""`) and the province's (both `""`): what the store keeps, so a report reads a
    /// few rows per month whatever its scope.
    pub fn rolled_up(&self) -> Deltas {
        let ups = |(m, a, p): &Key| -> [Key; 4] {
            [
                (*m, a.clone(), p.clone()),
                (*m, a.clone(), String::new()),
                (*m, String::new(), p.clone()),
                (*m, String::new(), String::new()),
            ]
        };
        let mut d = Deltas::default();
        for (k, c) in &self.monthly {
            for k in ups(k) {
                d.counts(k).add(c);
            }
        }
        for ((k, days), n) in &self.days {
            for k in ups(k) {
                d.add_days(k, *days, *n);
            }
        }
        for ((k, criterion, point), n) in &self.ratings {
            for k in ups(k) {
                d.add_rating(k, criterion, *point, *n);
            }
        }
        d
    }

    /// Without the rows that add nothing: what two ways of counting compare on.
    pub fn without_zeros(mut self) -> Deltas {
        self.monthly.retain(|_, c| !c.is_zero());
        self.days.retain(|_, n| *n != 0);
        self.ratings.retain(|_, n| *n != 0);
        self
    }
}

/// What the dossier is, for its rows: fixed at submission.
pub struct Subject<'a> {
    pub procedure: &'a str,
    pub agency: &'a str,
    pub submitted_at: i64,
    /// The legal time, in working days.
    pub legal_days: u32,
    pub electronic: bool,
}

impl<'a> Subject<'a> {
    pub fn of(receipt: &'a Receipt) -> Self {
        Subject {
            procedure: &receipt.procedure,
            agency: &receipt.agency,
            submitted_at: receipt.submitted_at,
            legal_days: receipt.processing_days,
            electronic: receipt.delivery == Delivery::Electronic,
        }
    }

    fn key(&self, at: i64) -> Key {
        (
            Month::in_vietnam(at),
            self.agency.to_string(),
            self.procedure.to_string(),
        )
    }
}

/// A new dossier: received in the month it was submitted, with how it came and whether it owes.
pub fn submitted(subject: &Subject<'_>, channel: Channel, eid: bool, with_fee: bool) -> Deltas {
    let mut d = Deltas::default();
    let c = d.counts(subject.key(subject.submitted_at));
    c.received = 1;
    c.online = i64::from(channel == Channel::Online);
    c.eid = i64::from(eid);
    c.with_fee = i64::from(with_fee);
    d
}

/// Paid online for the first time: counted in the month the dossier was received.
pub fn paid_online(subject: &Subject<'_>) -> Deltas {
    let mut d = Deltas::default();
    d.counts(subject.key(subject.submitted_at)).paid_online = 1;
    d
}

/// An event that left the dossier at `after`. A result is judged as the dossier's own timeliness
/// is (`lifecycle::timeliness`, the day it came against the due date its pauses moved) and took
/// the working days from the day the dossier counted as received, less the pauses (as
/// `projects::history` counts them for the forecast).
pub fn changed(
    subject: &Subject<'_>,
    after: &DossierState,
    event: &NewEvent,
    calendar: &Calendar,
) -> Deltas {
    let mut d = Deltas::default();
    let key = subject.key(event.at);
    match event.kind {
        EventKind::ResultReady => {
            let ready = Date::in_vietnam(event.at);
            let c = d.counts(key.clone());
            match timeliness(calendar, ready, after.due, Some(ready)) {
                Timeliness::Early => c.resolved_early = 1,
                Timeliness::Late | Timeliness::Overdue => c.resolved_late = 1,
                Timeliness::OnTime | Timeliness::NearDue => c.resolved_on_time = 1,
            }
            c.results_electronic = i64::from(subject.electronic);
            c.legal_days_sum = i64::from(subject.legal_days);
            let days = calendar
                .working_days_between(calendar.received_on(subject.submitted_at), ready)
                .saturating_sub(after.progress.paused_days);
            d.add_days(key, days, 1);
        }
        EventKind::Refused => d.counts(key).refused = 1,
        EventKind::Withdrawn => d.counts(key).withdrawn = 1,
        EventKind::SupplementRequested => d.counts(key).supplement_requests = 1,
        EventKind::Apology => d.counts(key).apologies = 1,
        _ => {}
    }
    d
}

/// A rating's points: overall and per criterion.
pub struct Points<'a> {
    pub overall: u8,
    pub criteria: &'a BTreeMap<String, u8>,
}

/// A rating given (`old` none) or changed: counted in the month it was first given, the old
/// points taken off and the new added.
pub fn rated(
    procedure: &str,
    agency: &str,
    rated_at: i64,
    old: Option<Points<'_>>,
    new: Points<'_>,
) -> Deltas {
    let key: Key = (
        Month::in_vietnam(rated_at),
        agency.to_string(),
        procedure.to_string(),
    );
    let mut d = Deltas::default();
    let mut count = |points: &Points<'_>, n: i64| {
        d.add_rating(key.clone(), OVERALL, points.overall, n);
        for (criterion, point) in points.criteria {
            d.add_rating(key.clone(), criterion, *point, n);
        }
    };
    if let Some(old) = &old {
        count(old, -1);
    }
    count(&new, 1);
    d.without_zeros()
}

/// The criterion id of the overall rating.
pub const OVERALL: &str = "overall";
