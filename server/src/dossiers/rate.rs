//! Rating a returned dossier: once by its owner, changeable for seven days.

use axum::http::StatusCode;
use motcua_api::account::Me;
use motcua_api::lifecycle::{AgencyRating, Rating, RatingRequest, SatisfactionData, Status};

use super::{officer_agency, Access, Ctx};
use crate::error::AppError;
use crate::search::CatalogueIndex;
use crate::store::ratings::RatingRow;

/// How long a rating may be changed after it is first given.
const RATING_CHANGE_SECONDS: i64 = 7 * 24 * 3600;

/// Records or changes the owner's rating.
pub async fn rate(
    ctx: &Ctx<'_>,
    code: &str,
    me: &Me,
    req: RatingRequest,
) -> Result<Rating, AppError> {
    let (row, access) = ctx.load(code, me).await?;
    let not_now = |m: &str| AppError::refused(StatusCode::CONFLICT, "not_allowed", m);
    if access != Access::Owner {
        return Err(not_now("Chỉ người nộp hồ sơ được đánh giá."));
    }
    if row.state.status != Status::Returned {
        return Err(not_now("Hồ sơ được đánh giá sau khi đã trả kết quả."));
    }
    let problems = req.problems(scale(ctx.index)?);
    if !problems.is_empty() {
        return Err(AppError::invalid("Kiểm tra lại phần đánh giá.", problems));
    }
    let rating = RatingRequest {
        comment: comment(&req.comment),
        ..req
    };
    let (procedure, agency) = (&row.receipt.procedure, &row.receipt.agency);
    let since = ctx.now - RATING_CHANGE_SECONDS;
    if !ctx
        .store
        .put_rating(code, me.id, agency, procedure, &rating, ctx.now, since)
        .await?
    {
        return Err(not_now(
            "Đánh giá chỉ thay đổi được trong 7 ngày kể từ khi gửi.",
        ));
    }
    // A low rating is followed up for the agency's head, once per dossier.
    crate::feedback::rated(&ctx.feedback(), code, row.owner, &rating).await?;
    ctx.notifier.changed(code);
    let stored = ctx
        .store
        .rating(code)
        .await?
        .ok_or_else(|| anyhow::anyhow!("rating vanished"))?;
    Ok(shown(stored))
}

/// The rating scale and criteria.
pub fn scale(index: &CatalogueIndex) -> Result<&SatisfactionData, AppError> {
    index
        .catalogue()
        .satisfaction
        .as_ref()
        .ok_or(AppError::NotFound("Ratings are not set up."))
}

/// A comment as kept: trimmed, in NFC.
fn comment(s: &str) -> String {
    motcua_api::text::nfc(s.trim())
}

/// A stored rating as its owner sees it, with until when it may change.
pub(super) fn shown(r: RatingRow) -> Rating {
    Rating {
        overall: r.overall,
        criteria: r.criteria,
        comment: r.comment,
        rated_at: r.rated_at,
        changeable_until: r.rated_at + RATING_CHANGE_SECONDS,
    }
}

/// The latest ratings of the officer's agency, without who gave them.
pub async fn agency_ratings(ctx: &Ctx<'_>, me: &Me) -> Result<Vec<AgencyRating>, AppError> {
    let agency = officer_agency(me)?;
    let rows = ctx.store.agency_ratings(agency, 200).await?;
    Ok(rows
        .into_iter()
        .map(|(procedure, r)| AgencyRating {
            procedure_name: ctx.index.procedure_name(&procedure),
            overall: r.overall,
            criteria: r.criteria,
            comment: r.comment,
            rated_at: r.rated_at,
        })
        .collect())
}
