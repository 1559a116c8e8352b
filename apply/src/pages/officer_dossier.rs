use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::DossierPage;

/// `/can-bo/ho-so/:code`: a dossier as a handling officer works on it — the applicant, what was
/// submitted, the history, and the actions allowed now — updated live.
#[component]
pub fn OfficerDossier() -> impl IntoView {
    let params = use_params_map();
    move || {
        let code = params.with(|p| p.get("code").unwrap_or_default());
        view! { <DossierPage code=code officer=true/> }
    }
}
