//! Publishing answered feedback: an officer redacts the question and its answer, then publishes
//! the redaction, with the sender's consent; the public then reads and searches only that. And
//! "you said, we did": what agencies changed because of feedback, in the agencies' words.

use axum::http::StatusCode;
use motcua_api::feedback::{
    Change, Changes, PublishedQuestion, PublishedQuestions, Redaction, SavedRedaction,
};
use motcua_api::stats::Month;
use motcua_api::text::nfc;
use motcua_api::Text;

use super::Ctx;
use crate::error::{AppError, CHECK_MARKED};
use crate::search::questions::QuestionIndex;
use crate::search::CatalogueIndex;
use crate::store::questions::{ChangeRow, Publishing, QuestionRow};
use crate::store::Store;

/// Questions and changes to a page.
pub const PER_PAGE: u32 = 10;

/// Saves (or replaces) the redaction of answered feedback whose sender consented. A replaced
/// redaction is hidden until it is published again.
pub async fn redact(
    ctx: &Ctx<'_>,
    officer: i64,
    code: &str,
    seen: u32,
    title: &str,
    question: &str,
    answer: &str,
) -> Result<(), AppError> {
    let state = publishable(ctx.store, code).await?;
    let problems = Redaction {
        title,
        question,
        answer,
        sender_name: &state.sender_name,
    }
    .problems();
    if !problems.is_empty() {
        return Err(AppError::invalid(CHECK_MARKED, problems));
    }
    let saved = ctx
        .store
        .save_redaction(
            code,
            seen,
            &nfc(title.trim()),
            &nfc(question.trim()),
            &nfc(answer.trim()),
            officer,
            ctx.now,
        )
        .await?;
    if !saved {
        return Err(changed());
    }
    Ok(())
}

/// Publishes the saved redaction as it stands: shown to everyone from now on.
pub async fn publish(ctx: &Ctx<'_>, officer: i64, code: &str, seen: u32) -> Result<(), AppError> {
    let state = publishable(ctx.store, code).await?;
    if !state.redacted {
        return Err(AppError::refused(
            StatusCode::CONFLICT,
            "not_redacted",
            "Hãy biên tập câu hỏi và câu trả lời (bỏ thông tin cá nhân) trước khi công khai.",
        ));
    }
    let month = Month::in_vietnam(ctx.now).to_string();
    if !ctx
        .store
        .publish_question(code, seen, officer, ctx.now, &month)
        .await?
    {
        return Err(changed());
    }
    Ok(())
}

/// The redaction saved for `code`, for its officers.
pub async fn saved(ctx: &Ctx<'_>, code: &str) -> Result<Option<SavedRedaction>, AppError> {
    Ok(ctx.store.redaction(code).await?.map(|r| SavedRedaction {
        title: r.title,
        question: r.question,
        answer: r.answer,
        published_at: r.published_at,
    }))
}

/// The feedback's state for publishing, refused unless it is answered and its sender consented.
async fn publishable(store: &Store, code: &str) -> Result<Publishing, AppError> {
    let state = store
        .publishing(code)
        .await?
        .ok_or(AppError::NotFound("There is no feedback with this code."))?;
    if !state.consent {
        return Err(AppError::refused(
            StatusCode::CONFLICT,
            "no_consent",
            "Người gửi không đồng ý công khai phản ánh này.",
        ));
    }
    if !state.answered {
        return Err(AppError::refused(
            StatusCode::CONFLICT,
            "not_answered",
            "Chỉ công khai được phản ánh đã có câu trả lời.",
        ));
    }
    Ok(state)
}

fn changed() -> AppError {
    AppError::refused(
        StatusCode::CONFLICT,
        "version_conflict",
        "Phản ánh vừa được cập nhật; hãy tải lại trang và thử lại.",
    )
}

/// What the public reads of published questions work with.
pub struct Public<'a> {
    pub store: &'a Store,
    pub index: &'a CatalogueIndex,
    pub questions: &'a QuestionIndex,
}

impl Public<'_> {
    /// A page of published questions, of one procedure or all: the best matches for `q` first, or
    /// without one the latest published first.
    pub async fn list(
        &self,
        q: &str,
        procedure: Option<&str>,
        page: u32,
    ) -> Result<PublishedQuestions, AppError> {
        if procedure.is_some_and(|p| self.index.find(p).is_none()) {
            return Err(AppError::NotFound("There is no procedure with this code."));
        }
        let offset = u64::from(page - 1) * u64::from(PER_PAGE);
        // A query of no words ("?") lists them all, as none does.
        let (rows, total) = if crate::search::keys(q).is_empty() {
            self.store
                .published_questions(procedure, offset, PER_PAGE)
                .await?
        } else {
            let lexicon = self.index.lexicon();
            let codes = self
                .questions
                .search(self.store, &lexicon, q, procedure)
                .await?;
            let page_codes: Vec<String> = codes
                .iter()
                .skip(offset as usize)
                .take(PER_PAGE as usize)
                .cloned()
                .collect();
            let mut rows = self.store.published_among(&page_codes).await?;
            rows.sort_by_key(|r| page_codes.iter().position(|c| *c == r.code));
            (rows, codes.len() as u64)
        };
        Ok(PublishedQuestions {
            items: rows.into_iter().map(|r| self.question_view(r)).collect(),
            total,
            page,
        })
    }

    pub async fn get(&self, code: &str) -> Result<PublishedQuestion, AppError> {
        let row = self
            .store
            .published_question(code)
            .await?
            .ok_or(AppError::NotFound(
                "There is no published question with this code.",
            ))?;
        Ok(self.question_view(row))
    }

    /// A page of "you said, we did", the latest answered first.
    pub async fn changes(&self, page: u32) -> Result<Changes, AppError> {
        let offset = u64::from(page - 1) * u64::from(PER_PAGE);
        let (rows, total) = self.store.changes(offset, PER_PAGE).await?;
        Ok(Changes {
            items: rows.into_iter().map(|r| self.change_view(r)).collect(),
            total,
            page,
        })
    }

    fn category_name(&self, id: &str) -> Text {
        self.index
            .catalogue()
            .feedback
            .as_ref()
            .and_then(|f| f.category(id))
            .map(|c| c.name.clone())
            .unwrap_or_else(|| Text::new(id, id))
    }

    fn question_view(&self, r: QuestionRow) -> PublishedQuestion {
        PublishedQuestion {
            category_name: self.category_name(&r.category),
            procedure_name: r.procedure.as_deref().map(|p| self.index.procedure_name(p)),
            agency_name: self.index.agency_name(&r.agency),
            code: r.code,
            title: r.title,
            question: r.question,
            answer: r.answer,
            category: r.category,
            procedure: r.procedure,
            agency: r.agency,
            asked_at: r.asked_at,
            answered_at: r.answered_at,
            published_at: r.published_at,
        }
    }

    /// Never the sender's words: the redacted title where it is published, else the category.
    fn change_view(&self, r: ChangeRow) -> Change {
        let category_name = self.category_name(&r.category);
        Change {
            agency_name: self.index.agency_name(&r.agency),
            published: r.published_title.is_some(),
            said: r
                .published_title
                .unwrap_or_else(|| category_name.vi.clone()),
            category_name,
            code: r.code,
            agency: r.agency,
            did: r.change,
            at: r.answered_at,
        }
    }
}
