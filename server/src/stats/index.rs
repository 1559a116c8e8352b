//! The Decision 766 index over a period: the province's report (its totals and each agency's
//! figures, read from the monthly aggregates) scored with what the catalogue says of the
//! procedures each covers.

use std::collections::HashMap;

use motcua_api::index766::{self, AgencyInput, CatalogueFacts, Index766};
use motcua_api::stats::{Figures, Month, Scope};

use crate::catalogue::Catalogue;
use crate::error::AppError;
use crate::state::AppState;

pub async fn index(state: &AppState, from: Month, to: Month) -> Result<Index766, AppError> {
    let report = super::report(state, &Scope::Province, from, to).await?;
    let catalogue = state.index.catalogue();
    let online_payment = state.gateway.is_some();
    let parents = parents(catalogue);
    let agencies = report
        .parts
        .into_iter()
        .filter_map(|part| match part.scope {
            Scope::Agency(id) if active(&part.figures) => Some((id, part.name, part.figures)),
            _ => None,
        })
        .map(|(agency, name, figures)| {
            // A commune's office answers for the procedures of the agency standing for them all.
            let listed = parents.get(agency.as_str()).copied().unwrap_or(&agency);
            let facts = CatalogueFacts::of(
                catalogue.procedures.iter().filter(|p| p.agency == listed),
                online_payment,
            );
            AgencyInput {
                agency,
                name,
                figures,
                facts,
            }
        })
        .collect();
    let province = CatalogueFacts::of(&catalogue.procedures, online_payment);
    Ok(index766::index(
        from,
        to,
        (&report.totals, &province),
        agencies,
    ))
}

/// Each commune office's id, to the id of the listed agency that stands for it.
fn parents(catalogue: &Catalogue) -> HashMap<String, &str> {
    catalogue
        .agencies
        .iter()
        .filter(|a| a.per_commune.is_some())
        .flat_map(|a| {
            a.commune_offices(&catalogue.places)
                .into_iter()
                .map(move |o| (o.id, a.id.as_str()))
        })
        .collect()
}

/// Whether an agency had anything to do in the period: one with only its catalogue to score
/// would rank on its procedures alone, beside agencies scored on their work.
fn active(f: &Figures) -> bool {
    f.received > 0
        || f.resolved() > 0
        || f.feedback.received > 0
        || f.feedback.answered > 0
        || f.feedback.overdue > 0
}
