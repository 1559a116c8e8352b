use leptos::prelude::*;
use motcua::i18n::use_lang;
use motcua_api::form::Places;

use super::FieldErrors;

/// Where something is, anywhere in the country: a province, then one of its communes. Unlike
/// [`super::CommuneChoice`], which offers one office's communes to send a dossier to.
#[component]
pub fn PlaceChoice(
    /// The commune select's id, also the key of its error; the province's is `{id}-province`.
    id: &'static str,
    /// The visible label of the commune select.
    #[prop(into)]
    label: Signal<String>,
    /// Help shown under the label.
    #[prop(into)]
    hint: Signal<String>,
    /// The chosen commune's code; `None` until one is chosen.
    commune: RwSignal<Option<String>>,
    /// The provinces and communes; the lists wait for them.
    places: Signal<Option<Places>>,
    /// The page's errors by control id; this one shows its own.
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let lang = use_lang();
    let province = RwSignal::new(None::<String>);
    // A commune kept from an earlier visit brings its province back once the places are there.
    Effect::new(move |_| {
        if province.with_untracked(Option::is_some) {
            return;
        }
        let Some(code) = commune.get() else { return };
        let found = places.with(|p| {
            p.as_ref()?
                .provinces
                .iter()
                .find(|pr| pr.communes.iter().any(|c| c.code == code))
                .map(|pr| pr.code.clone())
        });
        if found.is_some() {
            province.set(found);
        }
    });
    let error = move || {
        errors
            .get()
            .into_iter()
            .find(|(f, _)| f == id)
            .map(|(_, m)| lang.get().text(&m))
    };
    let province_id = format!("{id}-province");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match error() {
            Some(_) => format!("{hint_id} {error_id}"),
            None => hint_id.clone(),
        }
    };
    view! {
        <div class="mc-form-group" class:mc-form-group--error=move || error().is_some()>
            <label class="mc-label" for=province_id.clone()>{move || lang.get().pick("Tỉnh, thành phố", "Province or city")}</label>
            <select class="mc-select" id=province_id.clone() name=province_id
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    province.set((!v.is_empty()).then_some(v));
                    commune.set(None);
                }>
                <option value="">{move || lang.get().pick("Chọn tỉnh, thành phố…", "Choose a province or city…")}</option>
                {move || places.get().map(|p| p.provinces.into_iter().map(|pr| {
                    let code = pr.code.clone();
                    let selected = move || province.with(|chosen| chosen.as_deref() == Some(code.as_str()));
                    view! { <option value=pr.code selected=selected>{pr.name}</option> }
                }).collect_view())}
            </select>
            <label class="mc-label" for=id>{move || label.get()}</label>
            <p class="mc-hint" id=hint_id>{move || hint.get()}</p>
            {move || error().map(|m| view! { <p class="mc-error-message" id=error_id.clone()>{m}</p> })}
            <select class="mc-select" id=id name=id aria-describedby=described aria-invalid=move || error().is_some().then_some("true")
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    commune.set((!v.is_empty()).then_some(v));
                }>
                <option value="">{move || lang.get().pick("Chọn xã, phường…", "Choose a commune or ward…")}</option>
                {move || {
                    let chosen = province.get()?;
                    places.get()?.provinces.into_iter().find(|p| p.code == chosen).map(|p| {
                        p.communes.into_iter().map(|c| {
                            let code = c.code.clone();
                            let selected = move || commune.with(|chosen| chosen.as_deref() == Some(code.as_str()));
                            view! { <option value=c.code selected=selected>{c.name}</option> }
                        }).collect_view()
                    })
                }}
            </select>
        </div>
    }
}
