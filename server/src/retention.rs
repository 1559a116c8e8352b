//! What citizens leave before submitting does not stay forever: drafts and uploads untouched for 30
//! days, and files uploaded for feedback never sent, are removed, bytes and all, and a draft's
//! owner is told a week before.

use motcua_api::calendar::Date;
use motcua_api::lifecycle::EventKind;
use motcua_api::Text;

use crate::dossiers::Ctx;
use crate::store::inbox::NewNotification;
use crate::store::uploads::StaleDraft;

const DAY: i64 = 24 * 3600;
/// A draft or an unsubmitted upload untouched this long is removed.
pub const KEEP_DAYS: i64 = 30;
/// A draft's owner is told this long before, and a draft is never removed sooner after the telling
/// (a server that was stopped for a while still gives the week).
pub const WARN_DAYS: i64 = 7;
/// Drafts warned per batch.
const BATCH: u32 = 100;

/// Bytes stored this long ago that no upload names are what a crash between storing a file and
/// recording it left: longer than any upload takes to be recorded.
const ORPHAN_AGE: i64 = 6 * 3600;

/// Removes stored bytes no upload names, and pieces of half-copied files: a server killed in the
/// middle of an upload leaves them, and nothing else would ever remove them. Answers how many.
pub async fn sweep_orphans(ctx: &Ctx<'_>) -> anyhow::Result<usize> {
    remove_unnamed(ctx, ctx.now - ORPHAN_AGE).await
}

/// The same at start, before the server listens: no upload is under way, so whatever no upload names
/// was left by the crash or kill that stopped the last run, however recent. A store shared by
/// several copies of the server (S3) may be receiving another copy's upload right now: there only
/// the sweep by age is safe.
pub async fn sweep_orphans_at_start(ctx: &Ctx<'_>) -> anyhow::Result<usize> {
    match ctx.files.shared() {
        true => sweep_orphans(ctx).await,
        false => remove_unnamed(ctx, ctx.now + 1).await,
    }
}

async fn remove_unnamed(ctx: &Ctx<'_>, before: i64) -> anyhow::Result<usize> {
    let stored = ctx.files.written_before(before).await?;
    let mut removed = 0;
    for some in stored.chunks(500) {
        let named = ctx.store.named_files(some).await?;
        for sha256 in some.iter().filter(|s| !named.contains(*s)) {
            ctx.files.delete(sha256).await?;
            removed += 1;
        }
    }
    Ok(removed + ctx.files.remove_half_copied(before).await?)
}

/// What one sweep did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub warned: usize,
    pub drafts: u64,
    pub uploads: u64,
    pub feedback_files: u64,
    pub files: usize,
}

/// Tells the owners of drafts untouched for 23 days that they will go, then removes drafts and
/// uploads untouched for 30 (a draft only a week after its owner was told; an upload only when no
/// remaining draft holds it), files uploaded for feedback never sent within 30, and the bytes
/// nothing else refers to.
pub async fn sweep_stale(ctx: &Ctx<'_>) -> anyhow::Result<Swept> {
    let mut swept = Swept::default();
    let warn_before = ctx.now - (KEEP_DAYS - WARN_DAYS) * DAY;
    loop {
        let drafts = ctx.store.drafts_to_warn(warn_before, BATCH).await?;
        let mut progress = false;
        for draft in &drafts {
            if ctx
                .store
                .warn_draft(draft, ctx.now, &notice(ctx, draft))
                .await?
            {
                swept.warned += 1;
                progress = true;
            }
        }
        // A batch that warned no one was all saved meanwhile; the next sweep sees the rest.
        if !progress {
            break;
        }
    }
    let removed = ctx
        .store
        .remove_stale(ctx.now - KEEP_DAYS * DAY, ctx.now - WARN_DAYS * DAY)
        .await?;
    swept.drafts = removed.drafts;
    swept.uploads = removed.uploads;
    swept.feedback_files = removed.feedback_files;
    for sha256 in &removed.unreferenced {
        ctx.files.delete(sha256).await?;
    }
    swept.files = removed.unreferenced.len();
    Ok(swept)
}

/// The owner's message: which draft, and the day it goes unless saved again.
fn notice(ctx: &Ctx<'_>, draft: &StaleDraft) -> NewNotification {
    let removal = (draft.updated_at + KEEP_DAYS * DAY).max(ctx.now + WARN_DAYS * DAY);
    let day = Date::in_vietnam(removal);
    let name = ctx.index.procedure_name(&draft.procedure);
    let idle = (ctx.now - draft.updated_at) / DAY;
    NewNotification {
        account: draft.owner,
        kind: EventKind::DraftExpiring,
        title: Text::new("Bản nháp sắp bị xóa", "A draft will be removed"),
        body: Text {
            vi: format!(
                "Bản nháp hồ sơ “{}” chưa được sửa trong {idle} ngày. Nếu không khai tiếp và lưu lại, bản nháp và các tệp tải lên cho nó sẽ bị xóa vào ngày {day}.",
                name.vi
            ),
            en: format!(
                "Your draft application for “{}” has not been changed for {idle} days. Unless you go on with it and save it, it and the files uploaded for it will be removed on {day}.",
                name.en
            ),
        },
        email: None,
    }
}
