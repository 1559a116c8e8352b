//! Ratings of returned dossiers, and how they add up.

use std::collections::BTreeMap;

use motcua_api::lifecycle::{Distribution, RatingRequest};
use sqlx::Row;

use super::{parse, to_json, Store};
use crate::stats::upkeep::{self, Points};

/// A rating as given, and when: how long it may still change is the dossier service's rule.
pub struct RatingRow {
    pub overall: u8,
    pub criteria: BTreeMap<String, u8>,
    pub comment: String,
    pub rated_at: i64,
}

fn rating_row(r: &sqlx::any::AnyRow) -> anyhow::Result<RatingRow> {
    Ok(RatingRow {
        overall: r.try_get::<i64, _>("overall")? as u8,
        criteria: parse(r.try_get("criteria")?)?,
        comment: r.try_get("comment")?,
        rated_at: r.try_get("rated_at")?,
    })
}

impl Store {
    pub async fn rating(&self, code: &str) -> anyhow::Result<Option<RatingRow>> {
        let row = sqlx::query(
            "SELECT overall, criteria, comment, rated_at FROM ratings WHERE dossier = $1",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(rating_row).transpose()
    }

    /// Records a first rating, or changes one made after `changeable_since`; `false` when a rating
    /// exists from before then.
    #[allow(clippy::too_many_arguments)]
    pub async fn put_rating(
        &self,
        code: &str,
        account: i64,
        agency: &str,
        procedure: &str,
        rating: &RatingRequest,
        now: i64,
        changeable_since: i64,
    ) -> anyhow::Result<bool> {
        let mut tx = self.write().await?;
        // A write first, returning the row as it was: a transaction that read first could not
        // take the write lock once another writer committed, and would fail at once, not wait.
        let old = sqlx::query(
            "UPDATE ratings SET updated_at = updated_at WHERE dossier = $1 \
             RETURNING overall, criteria, comment, rated_at",
        )
        .bind(code)
        .fetch_optional(&mut *tx)
        .await?
        .as_ref()
        .map(rating_row)
        .transpose()?;
        let done = sqlx::query(
            "INSERT INTO ratings (dossier, account, agency, procedure, overall, criteria, comment, \
             rated_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (dossier) DO UPDATE SET overall = excluded.overall, \
             criteria = excluded.criteria, comment = excluded.comment, updated_at = excluded.updated_at \
             WHERE ratings.rated_at >= $10",
        )
        .bind(code)
        .bind(account)
        .bind(agency)
        .bind(procedure)
        .bind(rating.overall as i64)
        .bind(to_json(&rating.criteria)?)
        .bind(&rating.comment)
        .bind(now)
        .bind(now)
        .bind(changeable_since)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        // A changed rating moves its counts from the old points to the new, in its first month.
        let old = old.as_ref().map(|o| {
            (
                o.rated_at,
                Points {
                    overall: o.overall,
                    criteria: &o.criteria,
                },
            )
        });
        let rated_at = old.as_ref().map_or(now, |(at, _)| *at);
        let new = Points {
            overall: rating.overall,
            criteria: &rating.criteria,
        };
        let stats = upkeep::rated(procedure, agency, rated_at, old.map(|(_, p)| p), new);
        super::stats::apply(&mut tx, &stats).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Ratings counted per point: overall, per agency, and per criterion.
    pub async fn satisfaction(
        &self,
    ) -> anyhow::Result<(
        Distribution,
        BTreeMap<String, Distribution>,
        BTreeMap<String, Distribution>,
    )> {
        let mut overall = Distribution::default();
        let mut agencies: BTreeMap<String, Distribution> = BTreeMap::new();
        for r in sqlx::query(
            "SELECT agency, overall, COUNT(*) AS n FROM ratings GROUP BY agency, overall",
        )
        .fetch_all(&self.pool)
        .await?
        {
            let point: i64 = r.try_get("overall")?;
            let n = r.try_get::<i64, _>("n")? as u64;
            add(&mut overall, point, n);
            add(agencies.entry(r.try_get("agency")?).or_default(), point, n);
        }
        let mut criteria: BTreeMap<String, Distribution> = BTreeMap::new();
        for r in sqlx::query(
            "SELECT c.key AS criterion, CAST(c.value AS BIGINT) AS point, COUNT(*) AS n \
             FROM ratings, json_each(ratings.criteria) AS c GROUP BY c.key, c.value",
        )
        .fetch_all(&self.pool)
        .await?
        {
            add(
                criteria.entry(r.try_get("criterion")?).or_default(),
                r.try_get("point")?,
                r.try_get::<i64, _>("n")? as u64,
            );
        }
        finish(&mut overall);
        agencies.values_mut().for_each(finish);
        criteria.values_mut().for_each(finish);
        Ok((overall, agencies, criteria))
    }

    /// An agency's latest ratings, without who gave them.
    pub async fn agency_ratings(
        &self,
        agency: &str,
        limit: u32,
    ) -> anyhow::Result<Vec<(String, RatingRow)>> {
        let rows = sqlx::query(
            "SELECT procedure, overall, criteria, comment, rated_at FROM ratings \
             WHERE agency = $1 ORDER BY rated_at DESC LIMIT $2",
        )
        .bind(agency)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("procedure")?, rating_row(r)?)))
            .collect()
    }
}

fn add(d: &mut Distribution, point: i64, n: u64) {
    if (1..=5).contains(&point) {
        d.points[point as usize - 1] += n;
        d.count += n;
    }
}

fn finish(d: &mut Distribution) {
    if d.count > 0 {
        let sum: u64 = d
            .points
            .iter()
            .enumerate()
            .map(|(i, n)| (i as u64 + 1) * n)
            .sum();
        d.average = ((sum as f64 / d.count as f64) * 100.0).round() / 100.0;
    }
}
