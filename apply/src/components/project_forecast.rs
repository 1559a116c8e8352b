use leptos::prelude::*;
use motcua::i18n::Lang;
use motcua_api::project::Forecast;
use motcua_api::Text;

use crate::dates::date_text;
use crate::live::focus_id;

/// When the whole project can finish: if every agency keeps to the legal time, as the agencies
/// usually take, and at the latest; then the critical path, step by step, each linked to its item
/// in the list of steps.
#[component]
pub fn ProjectForecast(
    /// The project's forecast.
    forecast: Forecast,
    /// Each step's id and name, to name the critical path's steps.
    names: Vec<(String, Text)>,
    /// The language to draw in; the caller redraws on a change.
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    let finish = forecast.finish;
    let (legal, usual, latest) = (
        date_text(finish.legal, l),
        date_text(finish.usual, l),
        date_text(finish.latest, l),
    );
    let path: Vec<(String, String)> = forecast
        .critical_path
        .iter()
        .filter_map(|id| {
            names
                .iter()
                .find(|(s, _)| s == id)
                .map(|(s, n)| (format!("buoc-{s}"), l.text(n)))
        })
        .collect();
    view! {
        <p class="mc-forecast__finish">
            {l.pick("Theo luật: trước ", "Legal: by ")}<strong>{legal}</strong>
            {l.pick("; thường: trước ", "; usually by ")}<strong>{usual}</strong>
            {l.pick("; muộn nhất: ", "; at the latest ")}<strong>{latest}</strong>"."
        </p>
        <p class="mc-hint">{l.pick(
            "\"Theo luật\" nếu mọi cơ quan giải quyết đúng thời hạn luật định; \"thường\" theo thời gian ở giữa (trung vị) mà các cơ quan đã giải quyết thủ tục này trong 12 tháng qua: một nửa số hồ sơ xong nhanh hơn, một nửa chậm hơn; \"muộn nhất\" theo 8 trên 10 hồ sơ.",
            "\"Legal\" if every agency keeps to the legal time; \"usually\" by the median time the agencies took on these procedures over the last twelve months: half their dossiers were done sooner, half later; \"at the latest\" as 8 in 10 of their dossiers.",
        )}</p>
        {forecast.estimated.then(|| view! {
            <p class="mc-hint">{l.pick(
                "Một số ngày nghỉ lễ chưa được công bố: các ngày dự báo có thể thay đổi.",
                "Some public holidays are not announced yet: the forecast dates may move.",
            )}</p>
        })}
        {(!path.is_empty()).then(|| view! {
            <h3 class="mc-subsection__title">{l.pick("Đường găng", "Critical path")}</h3>
            <p class="mc-hint">{l.pick(
                "Các bước quyết định ngày hoàn thành: trễ một ngày ở bước nào là trễ một ngày cả dự án.",
                "The steps that decide the finish: a day late at any of them is a day late for the whole project.",
            )}</p>
            <ol class="mc-list mc-list--number mc-forecast__path">
                {path.into_iter().map(|(target, name)| {
                    let href = format!("#{target}");
                    // The router scrolls to the step; the focus goes with it for keyboard and screen reader users.
                    view! { <li><a href=href on:click=move |_| { let target = target.clone(); request_animation_frame(move || focus_id(&target)) }>{name}</a></li> }
                }).collect_view()}
            </ol>
        })}
        <p class="mc-hint">{format!("{} {}.", l.pick("Tính cho ngày", "Computed for"), date_text(forecast.today, l))}</p>
    }
}
