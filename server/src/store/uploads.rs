//! Uploaded files (their bytes are in `Files`, under their hash) and drafts: what a citizen has
//! before submitting.

use motcua_api::dossier::{Draft, UploadInfo};
use sqlx::Row;

use super::{insert_sql, to_json, Query, Store};

/// A stored upload, with the hash that finds its bytes.
pub struct UploadRecord {
    pub info: UploadInfo,
    pub sha256: String,
    pub dossier: Option<String>,
}

/// An upload as written: by `create_upload`, and by the bulk loader already bound to its dossier.
pub struct NewUpload {
    pub owner: i64,
    pub sha256: String,
    pub info: UploadInfo,
    pub created_at: i64,
}

pub(super) const UPLOAD_COLUMNS: &[&str] = &[
    "id",
    "owner",
    "sha256",
    "name",
    "size",
    "content_type",
    "created_at",
];

pub(super) fn bind_upload<'q>(q: Query<'q>, u: &'q NewUpload) -> Query<'q> {
    q.bind(&u.info.id)
        .bind(u.owner)
        .bind(&u.sha256)
        .bind(&u.info.name)
        .bind(u.info.size as i64)
        .bind(&u.info.content_type)
        .bind(u.created_at)
}

fn upload_info(r: &sqlx::sqlite::SqliteRow) -> anyhow::Result<UploadInfo> {
    Ok(UploadInfo {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        size: r.try_get::<i64, _>("size")? as u64,
        content_type: r.try_get("content_type")?,
    })
}

impl Store {
    pub async fn create_upload(&self, upload: &NewUpload) -> anyhow::Result<()> {
        let sql = insert_sql("uploads", UPLOAD_COLUMNS, 1);
        bind_upload(sqlx::query(&sql), upload)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// An upload, only if `owner` made it: anyone else gets the same "no such upload".
    pub async fn upload(&self, owner: i64, id: &str) -> anyhow::Result<Option<UploadRecord>> {
        let row = sqlx::query(
            "SELECT id, sha256, name, size, content_type, dossier FROM uploads WHERE id = ? AND owner = ?",
        )
        .bind(id)
        .bind(owner)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(UploadRecord {
                info: upload_info(&r)?,
                sha256: r.try_get("sha256")?,
                dossier: r.try_get("dossier")?,
            })
        })
        .transpose()
    }

    /// A file that is part of the dossier (a document, a supplement, a result), with its hash.
    pub async fn dossier_file(
        &self,
        code: &str,
        id: &str,
    ) -> anyhow::Result<Option<(UploadInfo, String)>> {
        let row = sqlx::query(
            "SELECT id, sha256, name, size, content_type FROM uploads WHERE id = ? AND dossier = ?",
        )
        .bind(id)
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((upload_info(&r)?, r.try_get("sha256")?)))
            .transpose()
    }

    /// Removes an upload not yet part of a dossier; returns whether the bytes are now unreferenced.
    pub async fn delete_upload(&self, owner: i64, id: &str, sha256: &str) -> anyhow::Result<bool> {
        sqlx::query("DELETE FROM uploads WHERE id = ? AND owner = ? AND dossier IS NULL")
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await?;
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM uploads WHERE sha256 = ?")
            .bind(sha256)
            .fetch_one(&self.pool)
            .await?;
        Ok(left == 0)
    }

    pub async fn put_draft(&self, owner: i64, id: &str, draft: &Draft) -> anyhow::Result<bool> {
        // The owner check is in the statement: another person's draft under the same id is untouched
        // and reported as not found.
        let done = sqlx::query(
            "INSERT INTO drafts (id, owner, procedure, data, updated_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET procedure = excluded.procedure, data = excluded.data, \
             updated_at = excluded.updated_at WHERE drafts.owner = excluded.owner",
        )
        .bind(id)
        .bind(owner)
        .bind(&draft.procedure)
        .bind(to_json(draft)?)
        .bind(draft.updated_at)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn draft(&self, owner: i64, id: &str) -> anyhow::Result<Option<Draft>> {
        let data: Option<String> =
            sqlx::query_scalar("SELECT data FROM drafts WHERE id = ? AND owner = ?")
                .bind(id)
                .bind(owner)
                .fetch_optional(&self.pool)
                .await?;
        data.map(|d| Ok(serde_json::from_str(&d)?)).transpose()
    }

    pub async fn delete_draft(&self, owner: i64, id: &str) -> anyhow::Result<bool> {
        let done = sqlx::query("DELETE FROM drafts WHERE id = ? AND owner = ?")
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The owner's drafts, last changed first.
    pub async fn drafts(&self, owner: i64) -> anyhow::Result<Vec<(String, Draft)>> {
        let rows =
            sqlx::query("SELECT id, data FROM drafts WHERE owner = ? ORDER BY updated_at DESC")
                .bind(owner)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    serde_json::from_str(r.try_get::<&str, _>("data")?)?,
                ))
            })
            .collect()
    }
}
