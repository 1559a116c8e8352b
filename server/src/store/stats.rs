//! The public statistics' rows: kept current by the deltas each change brings (in the change's
//! transaction), read a period at a time, and counted again from the event log.

use super::{numbered, placeholders};
use futures_util::TryStreamExt;
use motcua_api::stats::Month;
use sqlx::{AnyConnection, Row};

use super::{flag, int, Backend, Flag, Store};
use crate::stats::upkeep::{Counts, Deltas, Key};

/// `stats_monthly`'s counters, in `Counts::values`' order.
const COUNT_COLUMNS: [&str; 14] = [
    "received",
    "online",
    "eid",
    "with_fee",
    "paid_online",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "results_electronic",
    "refused",
    "withdrawn",
    "supplement_requests",
    "apologies",
    "legal_days_sum",
];

/// One dossier's event with what the recount needs of the dossier, in the log's order.
pub struct LogRow<'r> {
    pub code: &'r str,
    pub procedure: &'r str,
    pub agency: &'r str,
    pub received_at: i64,
    pub online: bool,
    pub eid: bool,
    pub legal_days: u32,
    pub electronic: bool,
    pub with_fee: bool,
    pub paid_online: bool,
    pub kind: &'r str,
    pub at: i64,
    /// Where the event left the dossier.
    pub status: &'r str,
}

/// A rating as the recount reads it.
pub struct RatingLine {
    pub procedure: String,
    pub agency: String,
    pub rated_at: i64,
    pub overall: u8,
    pub criteria: std::collections::BTreeMap<String, u8>,
}

/// A ratings row's counts per point, 1 to 5.
fn points(r: &sqlx::any::AnyRow) -> anyhow::Result<Vec<(u8, i64)>> {
    (1..=5u8)
        .map(|point| Ok((point, r.try_get(format!("p{point}").as_str())?)))
        .collect()
}

/// A row's month, agency and procedure.
fn key(r: &sqlx::any::AnyRow) -> anyhow::Result<Key> {
    let month: &str = r.try_get("month")?;
    Ok((
        Month::parse(month).ok_or_else(|| anyhow::anyhow!("not a month: {month}"))?,
        r.try_get("agency")?,
        r.try_get("procedure")?,
    ))
}

/// Adds `deltas` (rolled up) to the rows, inside the caller's transaction.
pub(super) async fn apply(conn: &mut AnyConnection, deltas: &Deltas) -> anyhow::Result<()> {
    if deltas.is_empty() {
        return Ok(());
    }
    write(conn, &deltas.rolled_up()).await
}

/// Adds rows as they are (already rolled up).
async fn write(conn: &mut AnyConnection, rows: &Deltas) -> anyhow::Result<()> {
    let updates: Vec<String> = COUNT_COLUMNS
        .iter()
        .map(|c| format!("{c} = stats_monthly.{c} + excluded.{c}"))
        .collect();
    let monthly = format!(
        "INSERT INTO stats_monthly (month, agency, procedure, {}) VALUES (?, ?, ?, {}) \
         ON CONFLICT (month, agency, procedure) DO UPDATE SET {}",
        COUNT_COLUMNS.join(", "),
        placeholders(COUNT_COLUMNS.len()),
        updates.join(", ")
    );
    let monthly = numbered(&monthly);
    for ((m, a, p), c) in &rows.monthly {
        let mut q = sqlx::query(&monthly).bind(m.to_string()).bind(a).bind(p);
        for v in c.values() {
            q = q.bind(v);
        }
        q.execute(&mut *conn).await?;
    }
    for (((m, a, p), days), n) in &rows.days {
        sqlx::query(
            "INSERT INTO stats_days (month, agency, procedure, days, results) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (month, agency, procedure, days) \
             DO UPDATE SET results = stats_days.results + excluded.results",
        )
        .bind(m.to_string())
        .bind(a)
        .bind(p)
        .bind(i64::from(*days))
        .bind(n)
        .execute(&mut *conn)
        .await?;
    }
    for (((m, a, p), criterion, point), n) in &rows.ratings {
        if !(1..=5).contains(point) {
            anyhow::bail!("a rating of {point}");
        }
        let sql = format!(
            "INSERT INTO stats_ratings (month, agency, procedure, criterion, p{point}) \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT (month, agency, procedure, criterion) \
             DO UPDATE SET p{point} = stats_ratings.p{point} + excluded.p{point}"
        );
        let sql = numbered(&sql);
        sqlx::query(&sql)
            .bind(m.to_string())
            .bind(a)
            .bind(p)
            .bind(criterion)
            .bind(n)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Puts `counted` (not rolled up) in place of every row and marks them counted, inside the
/// caller's transaction.
pub(super) async fn replace(
    conn: &mut AnyConnection,
    counted: &Deltas,
    now: i64,
) -> anyhow::Result<()> {
    for table in ["stats_monthly", "stats_days", "stats_ratings"] {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *conn)
            .await?;
    }
    write(conn, &counted.rolled_up()).await?;
    sqlx::query(
        "INSERT INTO stats_counted (id, at) VALUES (1, $1) \
         ON CONFLICT (id) DO UPDATE SET at = excluded.at",
    )
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The first online payment of a dossier, inside the payment's transaction: counted once, in the
/// month the dossier was received.
pub(super) async fn paid_online(conn: &mut AnyConnection, dossier: &str) -> anyhow::Result<()> {
    let Flag(first) = sqlx::query_scalar(
        "SELECT COUNT(*) = 1 FROM fee_receipts WHERE dossier = $1 AND how = 'online'",
    )
    .bind(dossier)
    .fetch_one(&mut *conn)
    .await?;
    if !first {
        return Ok(());
    }
    let row = sqlx::query("SELECT procedure, agency, received_at FROM dossiers WHERE code = $1")
        .bind(dossier)
        .fetch_one(&mut *conn)
        .await?;
    let mut d = Deltas::default();
    let key: Key = (
        Month::in_vietnam(row.try_get("received_at")?),
        row.try_get("agency")?,
        row.try_get("procedure")?,
    );
    d.counts(key).paid_online = 1;
    apply(conn, &d).await
}

/// What a report reads: its scope's own rows, and its parts' (one level down).
#[derive(Debug, Clone, Copy)]
pub enum Report<'a> {
    /// Its parts are the agencies.
    Province,
    /// Its parts are the agency's procedures.
    Agency(&'a str),
    /// Some procedures, across agencies: each a part.
    Field(&'a [String]),
    /// Its parts are the agencies doing it.
    Procedure(&'a str),
}

impl Report<'_> {
    /// The condition of the scope's own rows and of its parts' (with the parts' column), beside
    /// the period (`$1`, `$2`), and what they bind from `$3` on.
    fn conditions(&self) -> (String, &'static str, String, Vec<&str>) {
        match self {
            Report::Province => (
                "agency = '' AND procedure = ''".into(),
                "agency",
                "procedure = '' AND agency != ''".into(),
                vec![],
            ),
            Report::Agency(a) => (
                "agency = $3 AND procedure = ''".into(),
                "procedure",
                "agency = $3 AND procedure != ''".into(),
                vec![a],
            ),
            Report::Field(codes) => {
                let marks: Vec<String> = (0..codes.len()).map(|i| format!("${}", i + 3)).collect();
                let condition = format!("agency = '' AND procedure IN ({})", marks.join(", "));
                (
                    condition.clone(),
                    "procedure",
                    condition,
                    codes.iter().map(String::as_str).collect(),
                )
            }
            Report::Procedure(p) => (
                "agency = '' AND procedure = $3".into(),
                "agency",
                "procedure = $3 AND agency != ''".into(),
                vec![p],
            ),
        }
    }
}

/// Rows summed by a key (a month, or a part's id).
#[derive(Debug, Default)]
pub struct Sums {
    pub counts: Vec<(String, Counts)>,
    /// Key, working days taken, results.
    pub days: Vec<(String, u32, i64)>,
    /// Key, criterion, point, ratings.
    pub ratings: Vec<(String, String, u8, i64)>,
}

impl Sums {
    /// The same rows under other keys (a procedure's under its field's), rows `to` drops left out.
    pub fn rekeyed(self, to: impl Fn(&str) -> Option<String>) -> Sums {
        Sums {
            counts: self
                .counts
                .into_iter()
                .filter_map(|(k, c)| Some((to(&k)?, c)))
                .collect(),
            days: self
                .days
                .into_iter()
                .filter_map(|(k, d, n)| Some((to(&k)?, d, n)))
                .collect(),
            ratings: self
                .ratings
                .into_iter()
                .filter_map(|(k, c, p, n)| Some((to(&k)?, c, p, n)))
                .collect(),
        }
    }
}

impl Store {
    /// A number that changes whenever anything was committed, by this server or another sharing
    /// the database: while it stays the same, whatever was read before still holds. SQLite's
    /// `data_version` on the watching connection; PostgreSQL's write-ahead log position.
    pub async fn data_version(&self) -> anyhow::Result<i64> {
        match (&self.watch, self.backend) {
            (Some(watch), _) => {
                let mut watch = watch.lock().await;
                Ok(sqlx::query_scalar("PRAGMA data_version")
                    .fetch_one(&mut *watch)
                    .await?)
            }
            (None, Backend::Postgres) => Ok(sqlx::query_scalar(
                "SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint",
            )
            .fetch_one(&self.pool)
            .await?),
            (None, Backend::Sqlite) => {
                anyhow::bail!("a SQLite store without its watching connection")
            }
        }
    }

    /// A report's rows for the months `from` to `to`: its own summed per month, and its parts'
    /// summed over the period. Each reads its rows along an index on the agency or the
    /// procedure and the month, and SQLite adds them up, so few rows come back whatever the
    /// scope.
    pub async fn stats_report(
        &self,
        report: Report<'_>,
        from: Month,
        to: Month,
    ) -> anyhow::Result<(Sums, Sums)> {
        let (own, part, parts, binds) = report.conditions();
        let own = self.stats_sums("month", &own, &binds, from, to).await?;
        let parts = self.stats_sums(part, &parts, &binds, from, to).await?;
        Ok((own, parts))
    }

    /// The province's rows of each procedure summed over the period, for its fields' parts.
    pub async fn stats_by_procedure(&self, from: Month, to: Month) -> anyhow::Result<Sums> {
        self.stats_sums(
            "procedure",
            "agency = '' AND procedure != ''",
            &[],
            from,
            to,
        )
        .await
    }

    async fn stats_sums(
        &self,
        key: &str,
        condition: &str,
        binds: &[&str],
        from: Month,
        to: Month,
    ) -> anyhow::Result<Sums> {
        let (from, to) = (from.to_string(), to.to_string());
        let sums: Vec<String> = COUNT_COLUMNS
            .iter()
            .map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}"))
            .collect();
        let queries = [
            format!(
                "SELECT {key} AS k, {} FROM stats_monthly \
                 WHERE month BETWEEN $1 AND $2 AND {condition} GROUP BY {key}",
                sums.join(", ")
            ),
            format!(
                "SELECT {key} AS k, days, CAST(SUM(results) AS BIGINT) AS n FROM stats_days \
                 WHERE month BETWEEN $1 AND $2 AND {condition} GROUP BY {key}, days"
            ),
            format!(
                "SELECT {key} AS k, criterion, CAST(SUM(p1) AS BIGINT) AS p1, \
                 CAST(SUM(p2) AS BIGINT) AS p2, CAST(SUM(p3) AS BIGINT) AS p3, \
                 CAST(SUM(p4) AS BIGINT) AS p4, CAST(SUM(p5) AS BIGINT) AS p5 FROM stats_ratings \
                 WHERE month BETWEEN $1 AND $2 AND {condition} GROUP BY {key}, criterion"
            ),
        ];
        let mut out = Sums::default();
        for (i, sql) in queries.iter().enumerate() {
            let mut q = sqlx::query(sql).bind(&from).bind(&to);
            for b in binds {
                q = q.bind(*b);
            }
            for r in q.fetch_all(&self.pool).await? {
                let k: String = r.try_get("k")?;
                match i {
                    0 => {
                        let mut v = [0i64; 14];
                        for (i, c) in COUNT_COLUMNS.iter().enumerate() {
                            v[i] = r.try_get(*c)?;
                        }
                        out.counts.push((k, Counts::from_values(v)));
                    }
                    1 => out.days.push((k, int(&r, "days")?, r.try_get("n")?)),
                    _ => {
                        let criterion: String = r.try_get("criterion")?;
                        for (point, n) in points(&r)? {
                            out.ratings.push((k.clone(), criterion.clone(), point, n));
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// Whether the rows hold every dossier of the log (see `stats_counted`).
    pub async fn stats_counted(&self) -> anyhow::Result<bool> {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM stats_counted")
                .fetch_one(&self.pool)
                .await?
                == 1,
        )
    }

    /// Puts a recount in place of the rows, at once.
    pub async fn replace_stats(&self, counted: &Deltas, now: i64) -> anyhow::Result<()> {
        let mut tx = self.write().await?;
        replace(&mut tx, counted, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every row as stored (rolled-up ones too).
    pub async fn stats_rows(&self) -> anyhow::Result<Deltas> {
        let mut d = Deltas::default();
        let sql = format!(
            "SELECT month, agency, procedure, {} FROM stats_monthly",
            COUNT_COLUMNS.join(", ")
        );
        let sql = numbered(&sql);
        let mut rows = sqlx::query(&sql).fetch(&self.pool);
        while let Some(r) = rows.try_next().await? {
            let mut v = [0i64; 14];
            for (i, c) in COUNT_COLUMNS.iter().enumerate() {
                v[i] = r.try_get(*c)?;
            }
            d.monthly.insert(key(&r)?, Counts::from_values(v));
        }
        drop(rows);
        let mut rows =
            sqlx::query("SELECT month, agency, procedure, days, results FROM stats_days")
                .fetch(&self.pool);
        while let Some(r) = rows.try_next().await? {
            d.days
                .insert((key(&r)?, int(&r, "days")?), r.try_get("results")?);
        }
        drop(rows);
        let mut rows = sqlx::query(
            "SELECT month, agency, procedure, criterion, p1, p2, p3, p4, p5 FROM stats_ratings",
        )
        .fetch(&self.pool);
        while let Some(r) = rows.try_next().await? {
            for (point, n) in points(&r)? {
                d.ratings
                    .insert((key(&r)?, r.try_get("criterion")?, point), n);
            }
        }
        Ok(d)
    }

    /// Every dossier's events with what the recount needs of the dossier, a dossier's together and
    /// in the log's order, handed to `each` as they stream in.
    pub async fn each_logged_event(&self, mut each: impl FnMut(LogRow<'_>)) -> anyhow::Result<()> {
        let mut rows = sqlx::query(
            "SELECT d.code, d.procedure, d.agency, d.received_at, d.channel, d.eid, \
             CAST(json_extract(d.data, '$.processing_days') AS BIGINT) AS legal_days, \
             json_extract(d.data, '$.delivery.method') AS delivery, \
             CASE WHEN COALESCE(CAST(json_extract(d.data, '$.fees.total_vnd') AS BIGINT), 0) > 0 \
             THEN 1 ELSE 0 END AS with_fee, \
             CASE WHEN EXISTS (SELECT 1 FROM fee_receipts r WHERE r.dossier = d.code \
             AND r.how = 'online') THEN 1 ELSE 0 END AS paid_online, \
             e.kind, e.at, e.status \
             FROM dossiers d JOIN dossier_events e ON e.dossier = d.code \
             ORDER BY d.code, e.id",
        )
        .fetch(&self.pool);
        while let Some(r) = rows.try_next().await? {
            each(LogRow {
                code: r.try_get("code")?,
                procedure: r.try_get("procedure")?,
                agency: r.try_get("agency")?,
                received_at: r.try_get("received_at")?,
                online: r.try_get::<&str, _>("channel")? == "online",
                eid: flag(&r, "eid")?,
                legal_days: r.try_get::<Option<i64>, _>("legal_days")?.unwrap_or(0) as u32,
                electronic: r.try_get::<Option<&str>, _>("delivery")? == Some("electronic"),
                with_fee: flag(&r, "with_fee")?,
                paid_online: flag(&r, "paid_online")?,
                kind: r.try_get("kind")?,
                at: r.try_get("at")?,
                status: r.try_get("status")?,
            });
        }
        Ok(())
    }

    /// Every rating, for the recount.
    pub async fn rating_lines(&self) -> anyhow::Result<Vec<RatingLine>> {
        let rows = sqlx::query(
            "SELECT procedure, agency, rated_at, overall, criteria FROM ratings ORDER BY dossier",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RatingLine {
                    procedure: r.try_get("procedure")?,
                    agency: r.try_get("agency")?,
                    rated_at: r.try_get("rated_at")?,
                    overall: r.try_get::<i64, _>("overall")? as u8,
                    criteria: super::parse(r.try_get("criteria")?)?,
                })
            })
            .collect()
    }
}
