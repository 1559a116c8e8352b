//! How long agencies took: the results of a period with the supplement pauses before them, read
//! from the event log in one ordered pass; the working days each took, kept per day; and the
//! figures the forecast reads in their place.

use futures_util::TryStreamExt;
use sqlx::Row;

use super::{insert_sql, int, Store};

/// A supplement event before a result: the clock stops at a request and restarts at the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Supplement {
    Requested,
    Answered,
}

/// One row of a result's timing: the result with its dossier, and one supplement event before it.
#[derive(Debug, Clone, Copy)]
pub struct TimingRow<'r> {
    /// The result event's id: a result's rows come together, in the order of its events.
    pub result: i64,
    pub procedure: &'r str,
    pub agency: &'r str,
    /// When the dossier was submitted.
    pub received_at: i64,
    pub result_at: i64,
    /// `None` on the one row of a result that had no supplement.
    pub supplement: Option<(Supplement, i64)>,
}

/// Working days an agency took on a procedure, over some number of results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureDuration {
    pub procedure: String,
    pub agency: String,
    pub samples: u32,
    pub median: u32,
    pub p80: u32,
}

const DURATION_COLUMNS: &[&str] = &[
    "procedure",
    "agency",
    "samples",
    "median",
    "p80",
    "computed_at",
];

/// Results that took `taken` working days, of a procedure at an agency, on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultDay {
    /// The Julian day, in Vietnam, the results came.
    pub day: i64,
    pub procedure: String,
    pub agency: String,
    pub taken: u32,
    pub results: u32,
}

/// How far the kept results go (see `result_days_counted`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// The last event of the log counted.
    pub through_event: i64,
    /// Results dated after this, whenever written, are not counted yet.
    pub through_at: i64,
    /// The calendar the working days were counted by.
    pub calendar: String,
}

/// Which results to read.
#[derive(Debug, Clone, Copy)]
pub enum Results<'c> {
    /// Every result that came in the period.
    All,
    /// Those of the period not in `Counted`: written after its last event, or dated after its
    /// time.
    After(&'c Counted),
}

const RESULT_DAY_COLUMNS: &[&str] = &["day", "procedure", "agency", "taken", "results"];

/// Rows per insert, under SQLite's limit on bound values.
const INSERT_ROWS: usize = 500;

impl Store {
    /// The last event written. The log has one writer and no deletes, so every event up to it is
    /// already committed: a read bounded by it sees the same results now as at any later time.
    pub async fn last_event(&self) -> anyhow::Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM dossier_events")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// The results of `which` that came in `(since, until]`, up to event `through_event`, each
    /// with its dossier and the supplement requests and answers before it, handed to `each` as the
    /// rows stream in. The results and each one's supplements are read from the log's primary key
    /// or partial indexes, in their order (no sort), so the cost follows the results read, not the
    /// whole log.
    pub async fn each_result_timing(
        &self,
        which: Results<'_>,
        since: i64,
        until: i64,
        through_event: i64,
        mut each: impl FnMut(TimingRow<'_>),
    ) -> anyhow::Result<()> {
        let select = |hint: &str| {
            format!(
                "SELECT r.id AS result, d.procedure, d.agency, d.received_at, \
                        r.at AS result_at, s.kind, s.at \
                 FROM dossier_events r{hint} \
                 JOIN dossiers d ON d.code = r.dossier \
                 LEFT JOIN dossier_events s ON s.dossier = r.dossier AND s.id < r.id \
                     AND s.kind IN ('supplement_requested', 'supplemented') \
                 WHERE r.kind = 'result_ready' AND r.at > $1 AND r.at <= $2 AND r.id <= $3"
            )
        };
        // Two disjoint reads for the new ones: those written since, along the primary key (the
        // results' index would walk the whole period), and those written before but dated after
        // the last count, along the results' index.
        let reads = match which {
            Results::All => vec![(
                format!("{} ORDER BY r.at, r.dossier, r.id, s.id", select("")),
                vec![],
            )],
            Results::After(counted) => vec![
                (
                    format!(
                        "{} AND r.id > $4 ORDER BY r.id, s.id",
                        select(self.not_indexed())
                    ),
                    vec![counted.through_event],
                ),
                (
                    format!(
                        "{} AND r.at > $4 AND r.id <= $5 ORDER BY r.at, r.dossier, r.id, s.id",
                        select("")
                    ),
                    vec![counted.through_at, counted.through_event],
                ),
            ],
        };
        for (sql, after) in reads {
            let mut query = sqlx::query(&sql)
                .bind(since)
                .bind(until)
                .bind(through_event);
            for bound in after {
                query = query.bind(bound);
            }
            let mut rows = query.fetch(&self.pool);
            while let Some(r) = rows.try_next().await? {
                let supplement = match r.try_get::<Option<&str>, _>("kind")? {
                    Some(kind) => {
                        let kind = if kind == "supplemented" {
                            Supplement::Answered
                        } else {
                            Supplement::Requested
                        };
                        Some((kind, r.try_get("at")?))
                    }
                    None => None,
                };
                each(TimingRow {
                    result: r.try_get("result")?,
                    procedure: r.try_get("procedure")?,
                    agency: r.try_get("agency")?,
                    received_at: r.try_get("received_at")?,
                    result_at: r.try_get("result_at")?,
                    supplement,
                });
            }
        }
        Ok(())
    }

    /// How far the kept results go; `None` before they were first counted.
    pub async fn result_days_counted(&self) -> anyhow::Result<Option<Counted>> {
        let row = sqlx::query(
            "SELECT through_event, through_at, calendar FROM result_days_counted WHERE id = 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Counted {
                through_event: r.try_get("through_event")?,
                through_at: r.try_get("through_at")?,
                calendar: r.try_get("calendar")?,
            })
        })
        .transpose()
    }

    /// Adds `rows` to the kept results counted up to `previous` (in place of all of them when
    /// `None`), forgets the days up to `forget_through`, and records that they are now counted up
    /// to `counted`, at once. `false`, changing nothing, when another computation moved them past
    /// `previous` meanwhile: the rows would be counted twice.
    pub async fn keep_result_days(
        &self,
        rows: &[ResultDay],
        previous: Option<&Counted>,
        forget_through: i64,
        counted: &Counted,
    ) -> anyhow::Result<bool> {
        let mut tx = self.write().await?;
        match previous {
            Some(previous) => {
                let moved = sqlx::query(
                    "UPDATE result_days_counted \
                     SET through_event = $1, through_at = $2, calendar = $3 \
                     WHERE id = 1 AND through_event = $4 AND through_at = $5 AND calendar = $6",
                )
                .bind(counted.through_event)
                .bind(counted.through_at)
                .bind(&counted.calendar)
                .bind(previous.through_event)
                .bind(previous.through_at)
                .bind(&previous.calendar)
                .execute(&mut *tx)
                .await?;
                if moved.rows_affected() != 1 {
                    tx.rollback().await?;
                    return Ok(false);
                }
                sqlx::query("DELETE FROM result_days WHERE day <= $1")
                    .bind(forget_through)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO result_days_counted (id, through_event, through_at, calendar) \
                     VALUES (1, $1, $2, $3) ON CONFLICT (id) DO UPDATE SET \
                     through_event = excluded.through_event, through_at = excluded.through_at, \
                     calendar = excluded.calendar",
                )
                .bind(counted.through_event)
                .bind(counted.through_at)
                .bind(&counted.calendar)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM result_days")
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let kept: Vec<&ResultDay> = rows.iter().filter(|r| r.day > forget_through).collect();
        for chunk in kept.chunks(INSERT_ROWS) {
            let sql = format!(
                "{} ON CONFLICT (day, procedure, agency, taken) \
                 DO UPDATE SET results = result_days.results + excluded.results",
                insert_sql("result_days", RESULT_DAY_COLUMNS, chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for row in chunk {
                q = q
                    .bind(row.day)
                    .bind(&row.procedure)
                    .bind(&row.agency)
                    .bind(i64::from(row.taken))
                    .bind(i64::from(row.results));
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The kept results of the days after `after`, summed per procedure, agency and working days
    /// taken, handed to `each`.
    pub async fn each_result_days_after(
        &self,
        after: i64,
        mut each: impl FnMut(&str, &str, u32, u32),
    ) -> anyhow::Result<()> {
        let mut rows = sqlx::query(
            "SELECT procedure, agency, taken, CAST(SUM(results) AS BIGINT) AS results FROM result_days \
             WHERE day > $1 GROUP BY procedure, agency, taken",
        )
        .bind(after)
        .fetch(&self.pool);
        while let Some(r) = rows.try_next().await? {
            each(
                r.try_get("procedure")?,
                r.try_get("agency")?,
                int(&r, "taken")?,
                int(&r, "results")?,
            );
        }
        Ok(())
    }

    /// Puts `rows` in place of every figure computed before, at once.
    pub async fn replace_durations(
        &self,
        rows: &[ProcedureDuration],
        now: i64,
    ) -> anyhow::Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM procedure_durations")
            .execute(&mut *tx)
            .await?;
        for chunk in rows.chunks(INSERT_ROWS) {
            let sql = insert_sql("procedure_durations", DURATION_COLUMNS, chunk.len());
            let mut q = sqlx::query(&sql);
            for row in chunk {
                q = q
                    .bind(&row.procedure)
                    .bind(&row.agency)
                    .bind(i64::from(row.samples))
                    .bind(i64::from(row.median))
                    .bind(i64::from(row.p80))
                    .bind(now);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The figures last computed, and when (0 if never).
    pub async fn procedure_durations(&self) -> anyhow::Result<(Vec<ProcedureDuration>, i64)> {
        let rows = sqlx::query(
            "SELECT procedure, agency, samples, median, p80, computed_at FROM procedure_durations",
        )
        .fetch_all(&self.pool)
        .await?;
        let computed_at = rows
            .iter()
            .map(|r| r.try_get::<i64, _>("computed_at"))
            .try_fold(0, |max, at| at.map(|at| max.max(at)))?;
        let rows = rows
            .iter()
            .map(|r| {
                Ok(ProcedureDuration {
                    procedure: r.try_get("procedure")?,
                    agency: r.try_get("agency")?,
                    samples: int(r, "samples")?,
                    median: int(r, "median")?,
                    p80: int(r, "p80")?,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok((rows, computed_at))
    }
}
