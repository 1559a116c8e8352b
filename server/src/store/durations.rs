//! How long agencies took: the results of a period with the supplement pauses before them, read
//! from the event log in one ordered pass, and the figures the forecast reads in their place.

use futures_util::TryStreamExt;
use sqlx::Row;

use super::{insert_sql, Store};

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

/// Rows per insert, under SQLite's limit on bound values.
const INSERT_ROWS: usize = 500;

impl Store {
    /// Every result that came in `(since, until]`, each with its dossier and the supplement
    /// requests and answers before it, handed to `each` as the rows stream in. The results and each
    /// one's supplements are read from partial indexes of the log, in their order (no sort), so the
    /// cost follows the period's results, not the whole log.
    pub async fn each_result_timing(
        &self,
        since: i64,
        until: i64,
        mut each: impl FnMut(TimingRow<'_>),
    ) -> anyhow::Result<()> {
        let mut rows = sqlx::query(
            "SELECT r.id AS result, d.procedure, d.agency, d.received_at, r.at AS result_at, \
                    s.kind, s.at \
             FROM dossier_events r \
             JOIN dossiers d ON d.code = r.dossier \
             LEFT JOIN dossier_events s ON s.dossier = r.dossier AND s.id < r.id \
                 AND s.kind IN ('supplement_requested', 'supplemented') \
             WHERE r.kind = 'result_ready' AND r.at > ?1 AND r.at <= ?2 \
             ORDER BY r.at, r.dossier, r.id, s.id",
        )
        .bind(since)
        .bind(until)
        .fetch(&self.pool);
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
        Ok(())
    }

    /// Puts `rows` in place of every figure computed before, at once.
    pub async fn replace_durations(
        &self,
        rows: &[ProcedureDuration],
        now: i64,
    ) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
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
                    .bind(row.samples)
                    .bind(row.median)
                    .bind(row.p80)
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
                    samples: r.try_get("samples")?,
                    median: r.try_get("median")?,
                    p80: r.try_get("p80")?,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok((rows, computed_at))
    }
}
