use leptos::prelude::*;
use motcua::i18n::Lang;
use motcua_api::ProcedureDetail;

/// For a procedure done only partly online, what is still done in person and when (worked out by
/// the server), said on the application's first page as on the procedure's page: before anyone
/// starts.
pub fn in_person(d: &ProcedureDetail, l: Lang) -> Option<AnyView> {
    let said = &d.in_person;
    (!said.is_empty()).then(|| {
        view! {
            <div class="mc-notice">
                <p class="mc-notice__title">{l.pick("Nộp trực tuyến, nhưng vẫn phải làm trực tiếp:", "You apply online, but still do this in person:")}</p>
                <ul class="mc-list mc-list--bullet mc-notice__body">
                    {said.iter().map(|t| view! { <li>{l.text(t)}</li> }).collect_view()}
                </ul>
            </div>
        }
        .into_any()
    })
}
