//! Published questions (the officers' redactions of feedback) and "you said, we did". Every public
//! read here goes through [`SERVED`]: published, consented to and answered, or not at all.

use super::{numbered, placeholders};
use sqlx::Row;

use super::{flag, Flag, Store};

/// The rows anyone may read: published, with the sender's consent, answered.
const SERVED: &str = "p.published_at IS NOT NULL AND f.consent = 1 AND f.answered_at IS NOT NULL";

const QUESTION: &str = "SELECT p.code, p.title, p.question, p.answer, f.category, p.procedure, \
     p.agency, f.received_at, f.answered_at, p.published_at \
     FROM feedback_published p JOIN feedback f ON f.code = p.code";

/// A published question as stored.
pub struct QuestionRow {
    pub code: String,
    pub title: String,
    pub question: String,
    pub answer: String,
    pub category: String,
    pub procedure: Option<String>,
    pub agency: String,
    pub asked_at: i64,
    pub answered_at: i64,
    pub published_at: i64,
}

fn question_row(r: &sqlx::any::AnyRow) -> anyhow::Result<QuestionRow> {
    Ok(QuestionRow {
        code: r.try_get("code")?,
        title: r.try_get("title")?,
        question: r.try_get("question")?,
        answer: r.try_get("answer")?,
        category: r.try_get("category")?,
        procedure: r.try_get("procedure")?,
        agency: r.try_get("agency")?,
        asked_at: r.try_get("received_at")?,
        answered_at: r.try_get("answered_at")?,
        published_at: r.try_get("published_at")?,
    })
}

/// The saved redaction of a piece of feedback, published or not.
pub struct RedactionRow {
    pub title: String,
    pub question: String,
    pub answer: String,
    pub published_at: Option<i64>,
}

/// What the search index is built from: each served question's words.
pub struct IndexedQuestion {
    pub code: String,
    pub procedure: Option<String>,
    pub title: String,
    pub question: String,
    pub answer: String,
}

/// A line of "you said, we did" as stored: the redacted title only where it is served.
pub struct ChangeRow {
    pub code: String,
    pub agency: String,
    pub category: String,
    pub published_title: Option<String>,
    pub change: String,
    pub answered_at: i64,
}

/// What publishing needs to know of a piece of feedback.
pub struct Publishing {
    pub consent: bool,
    pub answered: bool,
    /// The name the sender gave, or their account's: a redaction must not have it.
    pub sender_name: String,
    pub redacted: bool,
}

impl Store {
    pub async fn publishing(&self, code: &str) -> anyhow::Result<Option<Publishing>> {
        let row = sqlx::query(
            "SELECT f.consent, f.answered_at IS NOT NULL AS answered, \
             COALESCE(NULLIF(f.name, ''), json_extract(a.profile, '$.full_name'), '') AS sender_name, \
             EXISTS (SELECT 1 FROM feedback_published p WHERE p.code = f.code) AS redacted \
             FROM feedback f LEFT JOIN accounts a ON a.id = f.sender WHERE f.code = $1",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Publishing {
                consent: flag(&r, "consent")?,
                answered: flag(&r, "answered")?,
                sender_name: r.try_get("sender_name")?,
                redacted: flag(&r, "redacted")?,
            })
        })
        .transpose()
    }

    /// Saves (or replaces) the redaction of `code` if the feedback is still at version `seen`,
    /// and moves it on; `false` when it was not. A replaced redaction is no longer published: what
    /// is shown is always one an officer confirmed.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_redaction(
        &self,
        code: &str,
        seen: u32,
        title: &str,
        question: &str,
        answer: &str,
        by: i64,
        now: i64,
    ) -> anyhow::Result<bool> {
        let mut tx = self.write().await?;
        if !next_version(&mut tx, code, seen, false).await? {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO feedback_published (code, title, question, answer, redacted_at, \
             redacted_by, published_at) VALUES ($1, $2, $3, $4, $5, $6, NULL) \
             ON CONFLICT (code) DO UPDATE SET title = excluded.title, \
             question = excluded.question, answer = excluded.answer, \
             redacted_at = excluded.redacted_at, redacted_by = excluded.redacted_by, \
             published_at = NULL",
        )
        .bind(code)
        .bind(title)
        .bind(question)
        .bind(answer)
        .bind(now)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        bump_version(&mut tx).await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn redaction(&self, code: &str) -> anyhow::Result<Option<RedactionRow>> {
        let row = sqlx::query(
            "SELECT title, question, answer, published_at FROM feedback_published WHERE code = $1",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(RedactionRow {
                title: r.try_get("title")?,
                question: r.try_get("question")?,
                answer: r.try_get("answer")?,
                published_at: r.try_get("published_at")?,
            })
        })
        .transpose()
    }

    /// Publishes the saved redaction of `code` as it stands, with the feedback's procedure and
    /// agency, if the feedback is still at version `seen`: the feedback's `published` event, and
    /// the first publication counted in `month`'s figures. `false` when it was not at `seen`.
    pub async fn publish_question(
        &self,
        code: &str,
        seen: u32,
        by: i64,
        now: i64,
        month: &str,
    ) -> anyhow::Result<bool> {
        let mut tx = self.write().await?;
        // A write first: a transaction that reads first may not be let write later, under load.
        let done = sqlx::query(
            "UPDATE feedback_published SET published_at = $1, \
             procedure = (SELECT procedure FROM feedback WHERE code = $2), \
             agency = (SELECT agency FROM feedback WHERE code = $2) WHERE code = $2",
        )
        .bind(now)
        .bind(code)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let Flag(first) = sqlx::query_scalar("SELECT published = 0 FROM feedback WHERE code = $1")
            .bind(code)
            .fetch_one(&mut *tx)
            .await?;
        if !next_version(&mut tx, code, seen, true).await? {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO feedback_events (feedback, at, kind, agency, actor, text) \
             SELECT code, $1, 'published', agency, $2, '' FROM feedback WHERE code = $3",
        )
        .bind(now)
        .bind(by)
        .bind(code)
        .execute(&mut *tx)
        .await?;
        if first {
            sqlx::query(
                "INSERT INTO feedback_months (agency, procedure, month, published) \
                 SELECT agency, COALESCE(procedure, ''), $1, 1 FROM feedback WHERE code = $2 \
                 ON CONFLICT (agency, procedure, month) DO UPDATE SET published = feedback_months.published + 1",
            )
            .bind(month)
            .bind(code)
            .execute(&mut *tx)
            .await?;
        }
        bump_version(&mut tx).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Counts every change to what is published (see the migration's `questions_version`).
    pub async fn questions_version(&self) -> anyhow::Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT version FROM questions_version WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Every served question's words, and the version they are as of.
    pub async fn questions_to_index(&self) -> anyhow::Result<(i64, Vec<IndexedQuestion>)> {
        let mut tx = self.pool.begin().await?;
        let version = sqlx::query_scalar("SELECT version FROM questions_version WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;
        let rows = sqlx::query(&numbered(&format!(
            "SELECT p.code, p.procedure, p.title, p.question, p.answer FROM feedback_published p \
             JOIN feedback f ON f.code = p.code WHERE {SERVED} ORDER BY p.published_at, p.code"
        )))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let questions = rows
            .iter()
            .map(|r| {
                Ok(IndexedQuestion {
                    code: r.try_get("code")?,
                    procedure: r.try_get("procedure")?,
                    title: r.try_get("title")?,
                    question: r.try_get("question")?,
                    answer: r.try_get("answer")?,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok((version, questions))
    }

    /// A served question.
    pub async fn published_question(&self, code: &str) -> anyhow::Result<Option<QuestionRow>> {
        let row = sqlx::query(&numbered(&format!(
            "{QUESTION} WHERE p.code = ? AND {SERVED}"
        )))
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(question_row).transpose()
    }

    /// Served questions, newest published first, of one procedure or all: a page and the total.
    pub async fn published_questions(
        &self,
        procedure: Option<&str>,
        offset: u64,
        limit: u32,
    ) -> anyhow::Result<(Vec<QuestionRow>, u64)> {
        let narrow = if procedure.is_some() {
            " AND p.procedure = ?"
        } else {
            ""
        };
        let list_sql = format!(
            "{QUESTION} WHERE {SERVED}{narrow} ORDER BY p.published_at DESC, p.code DESC \
             LIMIT ? OFFSET ?"
        );
        let count_sql = format!(
            "SELECT COUNT(*) FROM feedback_published p JOIN feedback f ON f.code = p.code \
             WHERE {SERVED}{narrow}"
        );
        let list_sql = numbered(&list_sql);
        let mut list = sqlx::query(&list_sql);
        let count_sql = numbered(&count_sql);
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
        if let Some(p) = procedure {
            list = list.bind(p);
            count = count.bind(p);
        }
        let rows = list
            .bind(i64::from(limit))
            .bind(offset as i64)
            .fetch_all(&self.pool)
            .await?;
        let total = count.fetch_one(&self.pool).await?;
        Ok((
            rows.iter()
                .map(question_row)
                .collect::<anyhow::Result<_>>()?,
            total as u64,
        ))
    }

    /// The served questions among `codes`, in no particular order: a search's page, read fresh so
    /// that one no longer served is left out.
    pub async fn published_among(&self, codes: &[String]) -> anyhow::Result<Vec<QuestionRow>> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let marks = placeholders(codes.len());
        let sql = format!("{QUESTION} WHERE p.code IN ({marks}) AND {SERVED}");
        let sql = numbered(&sql);
        let mut query = sqlx::query(&sql);
        for c in codes {
            query = query.bind(c);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(question_row).collect()
    }

    /// Answered feedback that changed something, latest answered first: a page and the total.
    pub async fn changes(&self, offset: u64, limit: u32) -> anyhow::Result<(Vec<ChangeRow>, u64)> {
        let rows = sqlx::query(&numbered(&format!(
            "SELECT f.code, f.agency, f.category, f.change_text, f.answered_at, \
             CASE WHEN {SERVED} THEN p.title END AS published_title \
             FROM feedback f LEFT JOIN feedback_published p ON p.code = f.code \
             WHERE f.change_text <> '' AND f.answered_at IS NOT NULL \
             ORDER BY f.answered_at DESC, f.code DESC LIMIT ? OFFSET ?"
        )))
        .bind(i64::from(limit))
        .bind(offset as i64)
        .fetch_all(&self.pool)
        .await?;
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM feedback WHERE change_text <> '' AND answered_at IS NOT NULL",
        )
        .fetch_one(&self.pool)
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(ChangeRow {
                    code: r.try_get("code")?,
                    agency: r.try_get("agency")?,
                    category: r.try_get("category")?,
                    published_title: r.try_get("published_title")?,
                    change: r.try_get("change_text")?,
                    answered_at: r.try_get("answered_at")?,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok((items, total as u64))
    }
}

/// Moves the feedback past version `seen` (marking it published if `published`); `false` when it
/// was not at `seen`: a doubled or stale action.
async fn next_version(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    code: &str,
    seen: u32,
    published: bool,
) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "UPDATE feedback SET version = version + 1, published = MAX(published, $1) \
         WHERE code = $2 AND version = $3",
    )
    .bind(i64::from(published))
    .bind(code)
    .bind(i64::from(seen))
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

async fn bump_version(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> anyhow::Result<()> {
    sqlx::query("UPDATE questions_version SET version = version + 1 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    Ok(())
}
