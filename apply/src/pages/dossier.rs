use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::DossierPage;

/// `/ho-so/:code`: the applicant's page of one dossier, updated live.
#[component]
pub fn Dossier() -> impl IntoView {
    let params = use_params_map();
    // A new code (a link from the inbox to another dossier) draws a new page.
    move || {
        let code = params.with(|p| p.get("code").unwrap_or_default());
        view! { <DossierPage code=code officer=false/> }
    }
}
