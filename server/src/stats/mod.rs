//! The public statistics: a scope's figures over a period, read from the monthly rows the upkeep
//! keeps current as dossiers move (never from the dossiers themselves), with the months one by one
//! and the parts one level down; and the same as CSV.

pub mod index;
pub mod recount;
pub mod upkeep;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use motcua_api::stats::{
    CriterionFigures, FeedbackFigures, Figures, Month, MonthFigures, Part, Scope, StatsQuery,
    StatsReport,
};
use motcua_api::{ErrorBody, Text};

use crate::error::AppError;
use crate::search::CatalogueIndex;
use crate::state::AppState;
use crate::store::feedback::{FeedbackFilter, FeedbackPart};
use crate::store::stats::{Report, Sums};
use crate::store::Store;
use upkeep::{Counts, OVERALL};

/// The part of the server's state the statistics read, at one moment.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub index: &'a CatalogueIndex,
    pub now: i64,
}

/// Finished answers (JSON), each kept with the database's `data_version` it was read at and handed
/// out again only while that has not changed. Any commit changes it, from this server or another
/// sharing the file, so a reader never sees figures older than the last commit; between commits
/// every reader shares one reading of the rows, which is what keeps these answers within their time
/// under load (a province's year is some 10 ms of summing rows in SQLite, per request).
#[derive(Default)]
pub struct Kept {
    answers: std::sync::Mutex<HashMap<String, (i64, bytes::Bytes)>>,
    /// One reading at a time: readers missing together (after a commit) wait for the first one's
    /// answer instead of each summing the same rows at once.
    reading: tokio::sync::Mutex<()>,
}

/// Answers kept at most: the periods and scopes people read are few, and a full map is emptied.
const KEEP: usize = 512;

impl Kept {
    /// The answer kept for `key` if nothing was committed since, else `make`'s, kept.
    pub async fn answer<F, M>(
        &self,
        store: &Store,
        key: String,
        make: M,
    ) -> Result<bytes::Bytes, AppError>
    where
        M: FnOnce() -> F,
        F: std::future::Future<Output = Result<bytes::Bytes, AppError>>,
    {
        if let Some(body) = self.kept(&key, store.data_version().await?) {
            return Ok(body);
        }
        let _reading = self.reading.lock().await;
        // Read before the rows: a commit while they are read makes the answer stale at once.
        let version = store.data_version().await?;
        if let Some(body) = self.kept(&key, version) {
            return Ok(body);
        }
        let body = make().await?;
        let mut answers = self.answers.lock().expect("kept answers");
        if answers.len() >= KEEP {
            answers.clear();
        }
        answers.insert(key, (version, body.clone()));
        Ok(body)
    }

    fn kept(&self, key: &str, version: i64) -> Option<bytes::Bytes> {
        let answers = self.answers.lock().expect("kept answers");
        answers
            .get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, body)| body.clone())
    }
}

/// The query checked: its scope and period, or a 400 naming each wrong field.
pub fn checked(query: &StatsQuery) -> Result<(Scope, Month, Month), AppError> {
    let problems = query.problems();
    match (query.scope(), query.from(), query.to()) {
        (Some(scope), Some(from), Some(to)) if problems.is_empty() => Ok((scope, from, to)),
        _ => {
            let body = ErrorBody::invalid("Kiểm tra lại phạm vi và khoảng thời gian.", problems);
            Err(AppError::BadRequest(ErrorBody {
                code: "invalid_query".into(),
                ..body
            }))
        }
    }
}

/// `GET /api/v1/stats`'s answer as JSON, kept until the data changes.
pub async fn answer(state: &AppState, query: &StatsQuery) -> Result<bytes::Bytes, AppError> {
    let (scope, from, to) = checked(query)?;
    let key = format!("{scope}|{from}|{to}");
    state
        .stats_kept
        .answer(&state.store, key, || async {
            json(&read(&state.stats(), &scope, from, to).await?)
        })
        .await
}

/// `GET /api/v1/stats/index`'s answer as JSON, kept until the data changes. The index is always
/// the province's and its agencies': a scope given is not read.
pub async fn index_answer(state: &AppState, query: &StatsQuery) -> Result<bytes::Bytes, AppError> {
    let query = StatsQuery {
        scope: String::new(),
        ..query.clone()
    };
    let (_, from, to) = checked(&query)?;
    state
        .stats_kept
        .answer(&state.store, format!("index|{from}|{to}"), || async {
            json(&index::index(state, from, to).await?)
        })
        .await
}

fn json(value: &impl serde::Serialize) -> Result<bytes::Bytes, AppError> {
    Ok(serde_json::to_vec(value)
        .map_err(anyhow::Error::from)?
        .into())
}

/// `GET /api/v1/stats/csv`'s report.
pub async fn get(ctx: &Ctx<'_>, query: &StatsQuery) -> Result<StatsReport, AppError> {
    let (scope, from, to) = checked(query)?;
    read(ctx, &scope, from, to).await
}

/// A scope's report, as the Decision 766 index reads the province's.
pub async fn report(
    state: &AppState,
    scope: &Scope,
    from: Month,
    to: Month,
) -> Result<StatsReport, AppError> {
    read(&state.stats(), scope, from, to).await
}

const NO_SCOPE: AppError = AppError::NotFound("There is no such agency, field or procedure.");

/// A scope's figures over `from`–`to`, every month of it, and its parts.
pub async fn read(
    ctx: &Ctx<'_>,
    scope: &Scope,
    from: Month,
    to: Month,
) -> Result<StatsReport, AppError> {
    let catalogue = ctx.index.catalogue();
    let field_codes: Vec<String>;
    let (name, legal_days, report) = match scope {
        Scope::Province => (
            Text::new("Toàn tỉnh", "The whole province"),
            None,
            Report::Province,
        ),
        Scope::Agency(id) => {
            let known =
                ctx.index.office(id).is_some() || catalogue.agencies.iter().any(|a| &a.id == id);
            if !known {
                return Err(NO_SCOPE);
            }
            (ctx.index.agency_name(id), None, Report::Agency(id))
        }
        Scope::Field(id) => {
            let field = catalogue
                .fields
                .iter()
                .find(|f| &f.id == id)
                .ok_or(NO_SCOPE)?;
            field_codes = catalogue
                .procedures
                .iter()
                .filter(|p| &p.field == id)
                .map(|p| p.code.clone())
                .collect();
            (field.name.clone(), None, Report::Field(&field_codes))
        }
        Scope::Procedure(code) => {
            let (procedure, _) = ctx.index.find(code).ok_or(NO_SCOPE)?;
            (
                procedure.name.clone(),
                Some(procedure.processing_days),
                Report::Procedure(code),
            )
        }
    };
    let criteria = criteria(ctx.index);
    let order: Vec<&str> = criteria.iter().map(|(id, _)| id.as_str()).collect();
    let (own, parts) = ctx.store.stats_report(report, from, to).await?;
    let mut months: HashMap<String, Tally> = from
        .through(to)
        .map(|m| (m.to_string(), Tally::default()))
        .collect();
    // Rows of months outside the period cannot come back; `tally` drops any that would.
    tally(&own, &mut months, false);
    let mut by_part: HashMap<String, Tally> = HashMap::new();
    tally(&parts, &mut by_part, true);
    // The province's fields are parts too, beside its agencies: their procedures' rows added up.
    let field_of = |code: &str| ctx.index.find(code).map(|(p, _)| p.field.clone());
    let mut by_field: HashMap<String, Tally> = HashMap::new();
    if let Report::Province = report {
        let by_procedure = ctx.store.stats_by_procedure(from, to).await?;
        tally(&by_procedure.rekeyed(field_of), &mut by_field, true);
    }

    let mut totals = Tally::default();
    for t in months.values() {
        totals.merge(t);
    }
    let mut totals = totals.figures(&order);
    let base = feedback_filter(scope, report);
    let mut feedback: HashMap<Month, FeedbackFigures> = ctx
        .store
        .feedback_figures(&base, from, to)
        .await?
        .into_iter()
        .collect();
    for f in feedback.values() {
        add_feedback(&mut totals.feedback, f);
    }
    let months = from
        .through(to)
        .map(|month| {
            let mut figures = months
                .get(&month.to_string())
                .map(|t| t.figures(&order))
                .unwrap_or_else(|| Tally::default().figures(&order));
            figures.feedback = feedback.remove(&month).unwrap_or_default();
            MonthFigures { month, figures }
        })
        .collect();
    let mut parts: Vec<Part> = by_part
        .into_iter()
        .map(|(id, t)| {
            let (scope, name) = match report {
                Report::Province | Report::Procedure(_) => {
                    let name = ctx.index.agency_name(&id);
                    (Scope::Agency(id), name)
                }
                Report::Agency(_) | Report::Field(_) => {
                    let name = ctx.index.procedure_name(&id);
                    (Scope::Procedure(id), name)
                }
            };
            Part {
                scope,
                name,
                figures: t.figures(&order),
            }
        })
        .collect();
    parts.extend(by_field.into_iter().map(|(id, t)| {
        Part {
            name: catalogue
                .fields
                .iter()
                .find(|f| f.id == id)
                .map(|f| f.name.clone())
                .unwrap_or_else(|| Text::new(&id, &id)),
            scope: Scope::Field(id),
            figures: t.figures(&order),
        }
    }));
    // Each part's feedback, read only when the scope has some.
    if totals.feedback != FeedbackFigures::default() {
        let by = match report {
            Report::Province | Report::Procedure(_) => FeedbackPart::Agency,
            Report::Agency(_) | Report::Field(_) => FeedbackPart::Procedure,
        };
        let mut feedback: HashMap<String, FeedbackFigures> = ctx
            .store
            .feedback_figures_by(&base, from, to, by)
            .await?
            .into_iter()
            .collect();
        if let Report::Province = report {
            for (code, f) in ctx
                .store
                .feedback_figures_by(&base, from, to, FeedbackPart::Procedure)
                .await?
            {
                if let Some(field) = field_of(&code) {
                    add_feedback(feedback.entry(format!("field:{field}")).or_default(), &f);
                }
            }
        }
        for part in &mut parts {
            let key = match &part.scope {
                Scope::Agency(id) | Scope::Procedure(id) => id.clone(),
                Scope::Field(id) => format!("field:{id}"),
                Scope::Province => continue,
            };
            if let Some(f) = feedback.remove(&key) {
                part.figures.feedback = f;
            }
        }
    }
    parts.sort_by(|a, b| {
        b.figures
            .received
            .cmp(&a.figures.received)
            .then_with(|| a.name.vi.cmp(&b.name.vi))
    });
    Ok(StatsReport {
        scope: scope.clone(),
        name,
        from,
        to,
        legal_days,
        totals,
        months,
        parts,
        criteria,
        as_of: ctx.now,
    })
}

/// Adds summed rows to each key's tally in `into`; a key not there is added when `add_keys`, else
/// left out.
fn tally(sums: &Sums, into: &mut HashMap<String, Tally>, add_keys: bool) {
    fn slot<'t>(
        into: &'t mut HashMap<String, Tally>,
        k: &str,
        add_keys: bool,
    ) -> Option<&'t mut Tally> {
        if add_keys && !into.contains_key(k) {
            into.insert(k.to_string(), Tally::default());
        }
        into.get_mut(k)
    }
    for (k, c) in &sums.counts {
        if let Some(t) = slot(into, k, add_keys) {
            t.counts.add(c);
        }
    }
    for (k, days, n) in &sums.days {
        if let Some(t) = slot(into, k, add_keys) {
            *t.days.entry(*days).or_default() += n;
        }
    }
    for (k, criterion, point, n) in &sums.ratings {
        let Some(i) = (*point as usize).checked_sub(1).filter(|i| *i < 5) else {
            continue;
        };
        if let Some(t) = slot(into, k, add_keys) {
            t.ratings.entry(criterion.clone()).or_default()[i] += n;
        }
    }
}

/// The feedback about a scope: about its agency, or about its procedures.
fn feedback_filter(scope: &Scope, report: Report<'_>) -> FeedbackFilter {
    match scope {
        Scope::Province => FeedbackFilter {
            agency: None,
            procedures: None,
        },
        Scope::Agency(id) => FeedbackFilter {
            agency: Some(id.clone()),
            procedures: None,
        },
        Scope::Field(_) => FeedbackFilter {
            agency: None,
            procedures: Some(match report {
                Report::Field(codes) => codes.to_vec(),
                _ => Vec::new(),
            }),
        },
        Scope::Procedure(code) => FeedbackFilter {
            agency: None,
            procedures: Some(vec![code.clone()]),
        },
    }
}

fn add_feedback(to: &mut FeedbackFigures, f: &FeedbackFigures) {
    to.received += f.received;
    to.answered += f.answered;
    to.answered_on_time += f.answered_on_time;
    to.answered_late += f.answered_late;
    to.overdue += f.overdue;
    to.dissatisfied += f.dissatisfied;
    to.satisfied += f.satisfied;
    to.published += f.published;
}

/// `overall` and the catalogue's criteria, with their names.
fn criteria(index: &CatalogueIndex) -> Vec<(String, Text)> {
    let Some(s) = &index.catalogue().satisfaction else {
        return vec![(
            OVERALL.to_string(),
            Text::new("Mức độ hài lòng chung", "Overall"),
        )];
    };
    std::iter::once((OVERALL.to_string(), s.overall.clone()))
        .chain(s.criteria.iter().map(|c| (c.id.clone(), c.name.clone())))
        .collect()
}

/// Rows added up, for one month or part.
#[derive(Default)]
struct Tally {
    counts: Counts,
    days: BTreeMap<u32, i64>,
    ratings: HashMap<String, [i64; 5]>,
}

impl Tally {
    fn merge(&mut self, other: &Tally) {
        self.counts.add(&other.counts);
        for (d, n) in &other.days {
            *self.days.entry(*d).or_default() += n;
        }
        for (c, points) in &other.ratings {
            let mine = self.ratings.entry(c.clone()).or_default();
            for (a, b) in mine.iter_mut().zip(points) {
                *a += b;
            }
        }
    }

    fn figures(&self, criteria: &[&str]) -> Figures {
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        let c = &self.counts;
        Figures {
            received: n(c.received),
            online: n(c.online),
            eid: n(c.eid),
            with_fee: n(c.with_fee),
            paid_online: n(c.paid_online),
            resolved_early: n(c.resolved_early),
            resolved_on_time: n(c.resolved_on_time),
            resolved_late: n(c.resolved_late),
            results_electronic: n(c.results_electronic),
            refused: n(c.refused),
            withdrawn: n(c.withdrawn),
            supplement_requests: n(c.supplement_requests),
            apologies: n(c.apologies),
            processing_days: self
                .days
                .iter()
                .filter(|(_, r)| **r > 0)
                .map(|(d, r)| (*d, n(*r)))
                .collect(),
            legal_days_sum: n(c.legal_days_sum),
            satisfaction: criteria
                .iter()
                .map(|id| CriterionFigures {
                    criterion: id.to_string(),
                    distribution: self.ratings.get(*id).map(|p| p.map(n)).unwrap_or_default(),
                })
                .collect(),
            feedback: Default::default(),
        }
    }
}

/// The report as CSV: a header, one row per month and the total, with a byte-order mark so
/// spreadsheet programs read Vietnamese right.
pub fn csv(report: &StatsReport) -> String {
    let mut out = String::from("\u{feff}");
    let header = [
        "Tháng / Month",
        "Tiếp nhận / Received",
        "Trực tuyến / Online",
        "VNeID",
        "Có phí / With fee",
        "Thanh toán trực tuyến / Paid online",
        "Trước hạn / Early",
        "Đúng hạn / On time",
        "Quá hạn / Late",
        "Kết quả điện tử / Electronic results",
        "Từ chối / Refused",
        "Rút / Withdrawn",
        "Yêu cầu bổ sung / Supplement requests",
        "Xin lỗi / Apologies",
        "Ngày xử lý TB / Average days",
        "Ngày xử lý P80 / 80th percentile days",
        "Thời hạn luật định TB / Average legal days",
        "Số đánh giá / Ratings",
        "Hài lòng TB / Average satisfaction",
        "Phản ánh nhận / Feedback received",
        "Phản ánh đã trả lời / Feedback answered",
        "Phản ánh quá hạn / Feedback overdue",
    ];
    out.push_str(&header.map(cell).join(","));
    out.push_str("\r\n");
    let rows = report
        .months
        .iter()
        .map(|m| (m.month.to_string(), &m.figures))
        .chain(std::iter::once((
            "Tổng / Total".to_string(),
            &report.totals,
        )));
    for (label, f) in rows {
        let decimal = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
        let overall = f.satisfaction.first();
        let mut line = cell(&label);
        for v in [
            f.received,
            f.online,
            f.eid,
            f.with_fee,
            f.paid_online,
            f.resolved_early,
            f.resolved_on_time,
            f.resolved_late,
            f.results_electronic,
            f.refused,
            f.withdrawn,
            f.supplement_requests,
            f.apologies,
        ] {
            let _ = write!(line, ",{v}");
        }
        let _ = write!(
            line,
            ",{},{},{},{},{},{},{},{}",
            decimal(f.average_days()),
            f.p80_days().map(|d| d.to_string()).unwrap_or_default(),
            decimal(f.average_legal_days()),
            overall.map_or(0, CriterionFigures::count),
            decimal(overall.and_then(CriterionFigures::average)),
            f.feedback.received,
            f.feedback.answered,
            f.feedback.overdue,
        );
        out.push_str(&line);
        out.push_str("\r\n");
    }
    out
}

/// A CSV cell, quoted when it must be.
fn cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The CSV file's name: `thong-ke-<scope>-<from>-<to>.csv`.
pub fn csv_name(report: &StatsReport) -> String {
    let scope = report.scope.to_string().replace(':', "-");
    format!("thong-ke-{scope}-{}-{}.csv", report.from, report.to)
}
