use std::collections::BTreeMap;

use leptos::prelude::*;
use motcua::i18n::use_lang;
use motcua_api::form::Places;
use motcua_api::problem::Name;
use motcua_api::{Agency, Text};

use crate::field_keys::input_id;

/// Which commune's office a dossier goes to, for a procedure each commune's People's Committee (or
/// police) handles itself: a choice among the communes of that office's province.
#[component]
pub fn CommuneChoice(
    /// The agency that stands for one office per commune.
    agency: Agency,
    /// The chosen commune's code; `None` until one is chosen.
    commune: RwSignal<Option<String>>,
    /// The provinces and communes; the list waits for them.
    places: Signal<Option<Places>>,
    /// Problems by key; the commune's is under `commune`.
    errors: Signal<BTreeMap<String, Text>>,
) -> impl IntoView {
    let lang = use_lang();
    let key = Name::Commune.key();
    let id = input_id(key);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let error = move || errors.with(|e| e.get(key).map(|m| lang.get().text(m)));
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match error() {
            Some(_) => format!("{hint_id} {error_id}"),
            None => hint_id.clone(),
        }
    };
    let province = agency
        .per_commune
        .as_ref()
        .map(|p| p.province.clone())
        .unwrap_or_default();
    view! {
        <div class="mc-form-group" class:mc-form-group--error=move || error().is_some()>
            <label class="mc-label" for=id.clone()>{move || lang.get().pick("Xã, phường nơi nộp hồ sơ", "The commune or ward you apply to")}</label>
            <p class="mc-hint" id=hint_id>{move || lang.get().pick(
                "Hồ sơ được gửi đến Ủy ban nhân dân xã, phường bạn chọn; chỉ cán bộ ở đó xem được.",
                "Your dossier goes to the People's Committee of the commune you choose; only its officers see it.",
            )}</p>
            {move || error().map(|m| view! { <p class="mc-error-message" id=error_id.clone()>{m}</p> })}
            <select class="mc-select" id=id.clone() name=id.clone() aria-describedby=described aria-invalid=move || error().is_some().then_some("true")
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    commune.set((!v.is_empty()).then_some(v));
                }>
                <option value="">{move || lang.get().pick("Chọn xã, phường…", "Choose a commune…")}</option>
                {move || places.get().and_then(|p| p.provinces.into_iter().find(|p| p.code == province)).map(|p| {
                    p.communes.into_iter().map(|c| {
                        let code = c.code.clone();
                        let selected = move || commune.with(|chosen| chosen.as_deref() == Some(code.as_str()));
                        view! { <option value=c.code selected=selected>{c.name}</option> }
                    }).collect_view()
                })}
            </select>
        </div>
    }
}
