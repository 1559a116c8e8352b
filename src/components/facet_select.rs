use leptos::prelude::*;
use motcua_api::FacetValue;

use crate::i18n::Lang;

/// A filter as a native select, with how many results each choice gives. Choosing applies it at once;
/// the result count is announced by the results page.
#[component]
pub fn FacetSelect(
    /// The select's id, also the URL parameter it sets.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The language of the option names; the select is redrawn when it changes.
    lang: Lang,
    /// The values with their counts.
    values: Vec<FacetValue>,
    /// The value chosen now, if any.
    selected: Option<String>,
    /// Called with the parameter and its new value (`None` for all).
    on_change: Callback<(&'static str, Option<String>)>,
) -> impl IntoView {
    let total: u32 = values.iter().map(|v| v.count).sum();
    let options = values
        .into_iter()
        .map(|v| {
            let is_selected = selected.as_deref() == Some(v.id.as_str());
            view! {
                <option value=v.id selected=is_selected>
                    {format!("{} ({})", lang.text(&v.name), v.count)}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="mc-facet">
            <label class="mc-facet__label" for=id>{label}</label>
            <select
                class="mc-facet__select"
                id=id
                name=id
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    on_change.run((id, (!value.is_empty()).then_some(value)));
                }
            >
                <option value="" selected=selected.is_none()>
                    {format!("{} ({total})", lang.pick("Tất cả", "All"))}
                </option>
                {options}
            </select>
        </div>
    }
}
