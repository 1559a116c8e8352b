//! The catalogue's tables, replaced whole and read whole at start.

use super::numbered;
use serde::de::DeserializeOwned;
use sqlx::Row;

use super::{to_json, Store};
use crate::catalogue::Catalogue;

fn from_rows<T: DeserializeOwned>(rows: Vec<sqlx::any::AnyRow>) -> anyhow::Result<Vec<T>> {
    rows.into_iter()
        .map(|r| Ok(serde_json::from_str(r.try_get::<&str, _>("data")?)?))
        .collect()
}

impl Store {
    pub async fn catalogue_is_empty(&self) -> anyhow::Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM procedures")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    /// Which import of the catalogue the database holds: it moves with each.
    pub async fn catalogue_version(&self) -> anyhow::Result<i64> {
        Ok(sqlx::query_scalar("SELECT version FROM catalogue_version")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Replaces the whole catalogue in one transaction: readers see the old one or the new one, never a mix.
    pub async fn replace_catalogue(&self, catalogue: &Catalogue) -> anyhow::Result<()> {
        let mut tx = self.write().await?;
        for table in [
            "journeys",
            "search_words",
            "workflows",
            "satisfaction",
            "feedback_settings",
            "holidays",
            "forms",
            "places",
            "procedures",
            "agencies",
            "fields",
            "levels",
        ] {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx)
                .await?;
        }
        for (i, l) in catalogue.levels.iter().enumerate() {
            sqlx::query("INSERT INTO levels (id, position, data) VALUES ($1, $2, $3)")
                .bind(&l.id)
                .bind(i as i64)
                .bind(to_json(l)?)
                .execute(&mut *tx)
                .await?;
        }
        for (i, f) in catalogue.fields.iter().enumerate() {
            sqlx::query("INSERT INTO fields (id, position, data) VALUES ($1, $2, $3)")
                .bind(&f.id)
                .bind(i as i64)
                .bind(to_json(f)?)
                .execute(&mut *tx)
                .await?;
        }
        for (i, a) in catalogue.agencies.iter().enumerate() {
            sqlx::query(
                "INSERT INTO agencies (id, position, code, level, data) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&a.id)
            .bind(i as i64)
            .bind(&a.code)
            .bind(&a.level)
            .bind(to_json(a)?)
            .execute(&mut *tx)
            .await?;
        }
        for (i, p) in catalogue.procedures.iter().enumerate() {
            sqlx::query(
                "INSERT INTO procedures (code, position, field, agency, level, online, data) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&p.code)
            .bind(i as i64)
            .bind(&p.field)
            .bind(&p.agency)
            .bind(&p.level)
            .bind(p.online.id())
            .bind(to_json(p)?)
            .execute(&mut *tx)
            .await?;
        }
        for form in &catalogue.forms {
            sqlx::query("INSERT INTO forms (procedure, data) VALUES ($1, $2)")
                .bind(&form.procedure)
                .bind(to_json(form)?)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("INSERT INTO places (id, data) VALUES (1, $1)")
            .bind(to_json(&catalogue.places)?)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO holidays (id, data) VALUES (1, $1)")
            .bind(to_json(&catalogue.holidays)?)
            .execute(&mut *tx)
            .await?;
        for (table, data) in [
            ("workflows", to_json(&catalogue.workflows)?),
            ("satisfaction", to_json(&catalogue.satisfaction)?),
            ("feedback_settings", to_json(&catalogue.feedback)?),
            ("search_words", to_json(&catalogue.search_words)?),
            ("journeys", to_json(&catalogue.journeys)?),
        ] {
            sqlx::query(&numbered(&format!(
                "INSERT INTO {table} (id, data) VALUES (1, ?)"
            )))
            .bind(data)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE catalogue_version SET version = version + 1")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn load_catalogue(&self) -> anyhow::Result<Catalogue> {
        Ok(Catalogue {
            levels: self.rows("levels", "position").await?,
            fields: self.rows("fields", "position").await?,
            agencies: self.rows("agencies", "position").await?,
            procedures: self.rows("procedures", "position").await?,
            forms: self.rows("forms", "procedure").await?,
            places: self.single("places").await?.unwrap_or_default(),
            holidays: self.single("holidays").await?.unwrap_or_default(),
            workflows: self.single("workflows").await?.flatten(),
            satisfaction: self.single("satisfaction").await?.flatten(),
            feedback: self.single("feedback_settings").await?.flatten(),
            search_words: self.single("search_words").await?.unwrap_or_default(),
            journeys: self.single("journeys").await?.unwrap_or_default(),
        })
    }

    /// Every row's `data` of a catalogue table, in order.
    async fn rows<T: DeserializeOwned>(&self, table: &str, order: &str) -> anyhow::Result<Vec<T>> {
        let sql = format!("SELECT data FROM {table} ORDER BY {order}");
        from_rows(sqlx::query(&sql).fetch_all(&self.pool).await?)
    }

    /// The `data` of a table that holds one row, if it does.
    async fn single<T: DeserializeOwned>(&self, table: &str) -> anyhow::Result<Option<T>> {
        let sql = format!("SELECT data FROM {table}");
        Ok(from_rows(sqlx::query(&sql).fetch_all(&self.pool).await?)?.pop())
    }
}
