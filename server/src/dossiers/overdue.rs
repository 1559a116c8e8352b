//! The overdue sweep: dossiers newly past their due date get an event in their log and a message
//! to their owner, once each. [`mark`] is the pure part, which the generator shares.

use motcua_api::lifecycle::{EventKind, Role};

use super::{notify, Ctx};
use crate::lifecycle::DossierState;
use crate::stats::upkeep::{self, Subject};
use crate::store::dossiers::{Change, EventData, NewEvent};

/// Marks the dossiers newly past their due date as of `ctx.now`, and reminds agencies of their
/// feedback newly past its own; answers how many dossiers it marked.
pub async fn sweep_overdue(ctx: &Ctx<'_>) -> anyhow::Result<usize> {
    crate::feedback::sweep_overdue(&ctx.feedback()).await?;
    let today = ctx.today();
    let mut marked = 0;
    loop {
        let codes = ctx.store.newly_overdue(today, 100).await?;
        if codes.is_empty() {
            return Ok(marked);
        }
        for code in codes {
            let Some(row) = ctx.store.dossier_row(&code).await? else {
                continue;
            };
            let (state, event) = mark(&row.state, ctx.now);
            let notification = notify::notification(ctx, &row, &event, None).await?;
            let subject = Subject::of(&row.receipt);
            let change = Change {
                seen: row.state.version,
                stats: upkeep::changed(&subject, &state, &event, ctx.calendar),
                state,
                event,
                files: Vec::new(),
                notification,
                overdue_notified: true,
            };
            if ctx.store.apply_change(&code, change, None).await? {
                marked += 1;
                ctx.notifier.changed(&code);
            }
        }
    }
}

/// The sweep's mark on a dossier at `now`: the dossier one version on but otherwise as it was, and
/// the system's event at its current step.
pub fn mark(state: &DossierState, now: i64) -> (DossierState, NewEvent) {
    let event = NewEvent::at_current_step(
        &state.progress,
        now,
        EventKind::Overdue,
        Role::System,
        None,
        EventData::default(),
    );
    let next = DossierState {
        version: state.version + 1,
        ..state.clone()
    };
    (next, event)
}
