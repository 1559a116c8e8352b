//! Uploaded files (their bytes are in `Files`, under their hash) and drafts: what a citizen has
//! before submitting.

use super::{numbered, placeholders};
use motcua_api::dossier::{Draft, UploadInfo};
use sqlx::Row;

use super::inbox::{insert_notification, NewNotification};
use super::{one_at_a_time, to_json, Flag, Query, Store};

/// A draft in its owner's list.
pub struct SavedDraft {
    pub id: String,
    pub draft: Draft,
    /// The name and kind (journey) of the project it is a step of.
    pub project: Option<(String, String)>,
}

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

/// What one account may keep of uploads not yet part of a dossier.
pub struct UploadQuota {
    pub count: i64,
    pub bytes: i64,
}

/// How saving a draft went.
#[derive(Debug, PartialEq, Eq)]
pub enum DraftSaved {
    Saved,
    /// The id is another person's draft.
    NotFound,
    /// A new draft would pass what the account may keep.
    OverQuota,
}

/// A draft untouched for long, whose owner is to be told it will go.
pub struct StaleDraft {
    pub id: String,
    pub owner: i64,
    pub procedure: String,
    pub updated_at: i64,
}

/// The unsubmitted uploads and drafts a sweep removed, and the hashes whose bytes nothing refers to
/// any more.
pub struct Removed {
    pub drafts: u64,
    pub uploads: u64,
    pub feedback_files: u64,
    pub unreferenced: Vec<String>,
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

fn upload_info(r: &sqlx::any::AnyRow) -> anyhow::Result<UploadInfo> {
    Ok(UploadInfo {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        size: r.try_get::<i64, _>("size")? as u64,
        content_type: r.try_get("content_type")?,
    })
}

impl Store {
    /// Writes the upload if the owner's unsubmitted uploads stay within `quota`, and says whether it
    /// did. Counting and writing are one statement, one account's at a time (`one_at_a_time`): parallel
    /// uploads cannot all read the same total and all pass.
    pub async fn create_upload(
        &self,
        upload: &NewUpload,
        quota: &UploadQuota,
    ) -> anyhow::Result<bool> {
        let columns = UPLOAD_COLUMNS.join(", ");
        let values = placeholders(UPLOAD_COLUMNS.len());
        let sql = format!(
            "INSERT INTO uploads ({columns}) SELECT {values} \
             WHERE (SELECT COUNT(*) FROM uploads WHERE owner = ? AND dossier IS NULL) < ? \
             AND (SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM uploads WHERE owner = ? AND dossier IS NULL) + ? <= ?"
        );
        let sql = numbered(&sql);
        let mut tx = self.write().await?;
        one_at_a_time(&mut tx, &format!("uploads {}", upload.owner)).await?;
        let done = bind_upload(sqlx::query(&sql), upload)
            .bind(upload.owner)
            .bind(quota.count)
            .bind(upload.owner)
            .bind(upload.info.size as i64)
            .bind(quota.bytes)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Whether one more upload of `size` bytes would stay within the quota now (`create_upload`
    /// decides for good).
    pub async fn upload_fits(
        &self,
        owner: i64,
        size: i64,
        quota: &UploadQuota,
    ) -> anyhow::Result<bool> {
        let (count, bytes): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM uploads WHERE owner = $1 AND dossier IS NULL",
        )
        .bind(owner)
        .fetch_one(&self.pool)
        .await?;
        Ok(count < quota.count && bytes + size <= quota.bytes)
    }

    /// Whether no upload refers to these bytes.
    pub async fn unreferenced(&self, sha256: &str) -> anyhow::Result<bool> {
        let Flag(left) = sqlx::query_scalar(
            "SELECT NOT EXISTS (SELECT 1 FROM uploads WHERE sha256 = $1) \
             AND NOT EXISTS (SELECT 1 FROM feedback_files WHERE sha256 = $1)",
        )
        .bind(sha256)
        .fetch_one(&self.pool)
        .await?;
        Ok(left)
    }

    /// An upload, only if `owner` made it: anyone else gets the same "no such upload".
    pub async fn upload(&self, owner: i64, id: &str) -> anyhow::Result<Option<UploadRecord>> {
        let row = sqlx::query(
            "SELECT id, sha256, name, size, content_type, dossier FROM uploads WHERE id = $1 AND owner = $2",
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
            "SELECT id, sha256, name, size, content_type FROM uploads WHERE id = $1 AND dossier = $2",
        )
        .bind(id)
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((upload_info(&r)?, r.try_get("sha256")?)))
            .transpose()
    }

    /// Which of these hashes some upload (or file sent with feedback) names.
    pub async fn named_files(
        &self,
        hashes: &[String],
    ) -> anyhow::Result<std::collections::HashSet<String>> {
        if hashes.is_empty() {
            return Ok(Default::default());
        }
        let sql = format!(
            "SELECT sha256 FROM uploads WHERE sha256 IN ({0}) \
             UNION SELECT sha256 FROM feedback_files WHERE sha256 IN ({0})",
            placeholders(hashes.len())
        );
        let sql = numbered(&sql);
        let mut q = sqlx::query_scalar::<_, String>(&sql);
        for h in hashes.iter().chain(hashes) {
            q = q.bind(h);
        }
        Ok(q.fetch_all(&self.pool).await?.into_iter().collect())
    }

    /// Removes an upload not yet part of a dossier; returns whether the bytes are now unreferenced.
    pub async fn delete_upload(&self, owner: i64, id: &str, sha256: &str) -> anyhow::Result<bool> {
        sqlx::query("DELETE FROM uploads WHERE id = $1 AND owner = $2 AND dossier IS NULL")
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await?;
        // Files sent with feedback share the store's bytes too.
        let left: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM uploads WHERE sha256 = $1) \
             + (SELECT COUNT(*) FROM feedback_files WHERE sha256 = $1)",
        )
        .bind(sha256)
        .fetch_one(&self.pool)
        .await?;
        Ok(left == 0)
    }

    /// Saves a draft; a new one only while the owner keeps fewer than `kept`, decided in the same
    /// statement that writes it.
    pub async fn put_draft(
        &self,
        owner: i64,
        id: &str,
        draft: &Draft,
        kept: i64,
    ) -> anyhow::Result<DraftSaved> {
        // The owner check is in the statement: another person's draft under the same id is untouched
        // and reported as not found.
        let mut tx = self.write().await?;
        one_at_a_time(&mut tx, &format!("drafts {owner}")).await?;
        let done = sqlx::query(
            "INSERT INTO drafts (id, owner, procedure, data, updated_at) SELECT $1, $2, $3, $4, $5 \
             WHERE EXISTS (SELECT 1 FROM drafts WHERE id = $1) \
             OR (SELECT COUNT(*) FROM drafts WHERE owner = $2) < $6 \
             ON CONFLICT (id) DO UPDATE SET procedure = excluded.procedure, data = excluded.data, \
             updated_at = excluded.updated_at, expiry_warned_at = NULL \
             WHERE drafts.owner = excluded.owner",
        )
        .bind(id)
        .bind(owner)
        .bind(&draft.procedure)
        .bind(to_json(draft)?)
        .bind(draft.updated_at)
        .bind(kept)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        if done.rows_affected() == 1 {
            return Ok(DraftSaved::Saved);
        }
        let Flag(taken) = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM drafts WHERE id = $1)")
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        Ok(if taken {
            DraftSaved::NotFound
        } else {
            DraftSaved::OverQuota
        })
    }

    pub async fn draft(&self, owner: i64, id: &str) -> anyhow::Result<Option<Draft>> {
        let data: Option<String> =
            sqlx::query_scalar("SELECT data FROM drafts WHERE id = $1 AND owner = $2")
                .bind(id)
                .bind(owner)
                .fetch_optional(&self.pool)
                .await?;
        data.map(|d| Ok(serde_json::from_str(&d)?)).transpose()
    }

    pub async fn delete_draft(&self, owner: i64, id: &str) -> anyhow::Result<bool> {
        let done = sqlx::query("DELETE FROM drafts WHERE id = $1 AND owner = $2")
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The owner's drafts, last changed first, each with the project it is a step of while the
    /// owner is still a member of the project's company.
    pub async fn drafts(&self, owner: i64) -> anyhow::Result<Vec<SavedDraft>> {
        let rows = sqlx::query(
            "SELECT d.id, d.data, p.name AS project_name, p.kind AS project_kind FROM drafts d \
             LEFT JOIN projects p ON p.id = json_extract(d.data, '$.project.project') \
              AND p.company IN (SELECT tax_code FROM company_members \
                                WHERE account = d.owner AND accepted_at IS NOT NULL) \
             WHERE d.owner = $1 ORDER BY d.updated_at DESC",
        )
        .bind(owner)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let name: Option<String> = r.try_get("project_name")?;
                let kind: Option<String> = r.try_get("project_kind")?;
                Ok(SavedDraft {
                    id: r.try_get("id")?,
                    draft: serde_json::from_str(r.try_get::<&str, _>("data")?)?,
                    project: name.zip(kind),
                })
            })
            .collect()
    }

    /// Drafts last saved before `before` whose owner has not been told they will go, oldest first.
    pub async fn drafts_to_warn(&self, before: i64, limit: u32) -> anyhow::Result<Vec<StaleDraft>> {
        let rows = sqlx::query(
            "SELECT id, owner, procedure, updated_at FROM drafts \
             WHERE updated_at < $1 AND expiry_warned_at IS NULL ORDER BY updated_at LIMIT $2",
        )
        .bind(before)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StaleDraft {
                    id: r.try_get("id")?,
                    owner: r.try_get("owner")?,
                    procedure: r.try_get("procedure")?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect()
    }

    /// Marks the draft's owner told, with the message, in one transaction; nothing if the draft was
    /// saved (or removed) since it was found. Says whether it did.
    pub async fn warn_draft(
        &self,
        draft: &StaleDraft,
        at: i64,
        notification: &NewNotification,
    ) -> anyhow::Result<bool> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE drafts SET expiry_warned_at = $1 \
             WHERE id = $2 AND updated_at = $3 AND expiry_warned_at IS NULL",
        )
        .bind(at)
        .bind(&draft.id)
        .bind(draft.updated_at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        insert_notification(&mut tx, "", at, notification).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Removes drafts last saved before `before` whose owner was told at `warned_by` or earlier, then
    /// unsubmitted uploads made before `before` that no remaining draft holds (nor a company
    /// verification, whose certificate is its record); answers what went and
    /// which bytes nothing refers to now, for the caller to delete.
    pub async fn remove_stale(&self, before: i64, warned_by: i64) -> anyhow::Result<Removed> {
        let mut tx = self.write().await?;
        let drafts =
            sqlx::query("DELETE FROM drafts WHERE updated_at < $1 AND expiry_warned_at <= $2")
                .bind(before)
                .bind(warned_by)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        let mut hashes: Vec<String> = sqlx::query_scalar(
            "DELETE FROM uploads WHERE dossier IS NULL AND created_at < $1 AND NOT EXISTS ( \
               SELECT 1 FROM drafts d, json_tree(d.data, '$.documents') j \
               WHERE d.owner = uploads.owner AND j.key = 'id' AND j.value = uploads.id) \
             AND NOT EXISTS (SELECT 1 FROM company_verifications v WHERE v.upload = uploads.id) \
             RETURNING sha256",
        )
        .bind(before)
        .fetch_all(&mut *tx)
        .await?;
        let uploads = hashes.len() as u64;
        // Files sent for feedback that was never sent with them.
        let unsent: Vec<String> = sqlx::query_scalar(
            "DELETE FROM feedback_files WHERE feedback IS NULL AND created_at < $1 RETURNING sha256",
        )
        .bind(before)
        .fetch_all(&mut *tx)
        .await?;
        let feedback_files = unsent.len() as u64;
        hashes.extend(unsent);
        hashes.sort();
        hashes.dedup();
        let mut unreferenced = Vec::new();
        for sha256 in hashes {
            let Flag(gone) = sqlx::query_scalar(
                "SELECT NOT EXISTS (SELECT 1 FROM uploads WHERE sha256 = $1) \
                 AND NOT EXISTS (SELECT 1 FROM feedback_files WHERE sha256 = $1)",
            )
            .bind(&sha256)
            .fetch_one(&mut *tx)
            .await?;
            if gone {
                unreferenced.push(sha256);
            }
        }
        tx.commit().await?;
        Ok(Removed {
            drafts,
            uploads,
            feedback_files,
            unreferenced,
        })
    }
}
