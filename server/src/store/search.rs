//! What searches teach: the officers' synonyms, the queries that found nothing, and how often each
//! procedure is looked at.

use motcua_api::{SearchMiss, Synonym};
use sqlx::Row;

use super::Store;

/// Misses kept at most: the rarest go first, so a flood of random queries cannot grow the table.
const KEEP_MISSES: i64 = 5_000;

/// A synonym as an officer adds it, with its folded sides.
pub struct NewSynonym<'a> {
    pub say: &'a str,
    pub mean: &'a str,
    pub say_key: &'a str,
    pub mean_key: &'a str,
    pub added_by: i64,
    pub added_at: i64,
}

impl Store {
    /// The officers' synonyms, oldest first.
    pub async fn synonyms(&self) -> anyhow::Result<Vec<Synonym>> {
        let rows = sqlx::query(
            "SELECT s.id, s.say, s.mean, s.added_at, \
             COALESCE(json_extract(a.profile, '$.full_name'), '') AS full_name FROM synonyms s \
             JOIN accounts a ON a.id = s.added_by ORDER BY s.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Synonym {
                    id: Some(r.try_get("id")?),
                    say: r.try_get("say")?,
                    mean: r.try_get("mean")?,
                    added_by: Some(r.try_get("full_name")?),
                    added_at: Some(r.try_get("added_at")?),
                })
            })
            .collect()
    }

    /// Adds a synonym; `None` when the same one (folded) is there already.
    pub async fn add_synonym(&self, s: NewSynonym<'_>) -> anyhow::Result<Option<i64>> {
        let id = sqlx::query(
            "INSERT INTO synonyms (say, mean, say_key, mean_key, added_by, added_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (say_key, mean_key) DO NOTHING RETURNING id",
        )
        .bind(s.say)
        .bind(s.mean)
        .bind(s.say_key)
        .bind(s.mean_key)
        .bind(s.added_by)
        .bind(s.added_at)
        .fetch_optional(&self.pool)
        .await?;
        Ok(id.map(|r| r.get("id")))
    }

    /// Whether there was such a synonym to remove.
    pub async fn remove_synonym(&self, id: i64) -> anyhow::Result<bool> {
        let done = sqlx::query("DELETE FROM synonyms WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// A mark that changes whenever the officers' synonyms do, so each copy of the server can tell
    /// when to read them again.
    pub async fn synonyms_version(&self) -> anyhow::Result<(i64, i64)> {
        let r = sqlx::query("SELECT coalesce(max(id), 0) AS top, count(*) AS n FROM synonyms")
            .fetch_one(&self.pool)
            .await?;
        Ok((r.try_get("top")?, r.try_get("n")?))
    }

    /// Adds counted misses (query, count, last time) in one transaction, then forgets the rarest
    /// beyond what is kept.
    pub async fn add_misses(&self, misses: &[(String, u32, i64)]) -> anyhow::Result<()> {
        if misses.is_empty() {
            return Ok(());
        }
        let mut tx = self.write().await?;
        for (query, count, at) in misses {
            sqlx::query(
                "INSERT INTO search_misses (query, count, last_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (query) DO UPDATE SET count = search_misses.count + excluded.count, \
                 last_at = max(search_misses.last_at, excluded.last_at)",
            )
            .bind(query)
            .bind(*count as i64)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "DELETE FROM search_misses WHERE query NOT IN \
             (SELECT query FROM search_misses ORDER BY count DESC, last_at DESC LIMIT $1)",
        )
        .bind(KEEP_MISSES)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The most frequent misses, most frequent first; `found_now` is left for the caller.
    pub async fn top_misses(&self, limit: u32) -> anyhow::Result<Vec<SearchMiss>> {
        let rows = sqlx::query(
            "SELECT query, count, last_at FROM search_misses \
             ORDER BY count DESC, last_at DESC LIMIT $1",
        )
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SearchMiss {
                    query: r.try_get("query")?,
                    count: r.try_get::<i64, _>("count")? as u32,
                    last_at: r.try_get("last_at")?,
                    found_now: 0,
                })
            })
            .collect()
    }

    /// Adds looks at procedures, by code.
    pub async fn add_views(&self, views: &[(String, u32)]) -> anyhow::Result<()> {
        if views.is_empty() {
            return Ok(());
        }
        let mut tx = self.write().await?;
        for (code, n) in views {
            sqlx::query(
                "INSERT INTO procedure_views (code, views) VALUES ($1, $2) \
                 ON CONFLICT (code) DO UPDATE SET views = procedure_views.views + excluded.views",
            )
            .bind(code)
            .bind(*n as i64)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Looks and applications so far, by procedure code.
    pub async fn usage(&self) -> anyhow::Result<(Vec<(String, u32)>, Vec<(String, u32)>)> {
        let pairs = |rows: Vec<sqlx::any::AnyRow>| -> anyhow::Result<Vec<(String, u32)>> {
            rows.iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get::<i64, _>(1)? as u32)))
                .collect()
        };
        let views = sqlx::query("SELECT code, views FROM procedure_views")
            .fetch_all(&self.pool)
            .await?;
        let applications =
            sqlx::query("SELECT procedure, count(*) FROM dossiers GROUP BY procedure")
                .fetch_all(&self.pool)
                .await?;
        Ok((pairs(views)?, pairs(applications)?))
    }
}
