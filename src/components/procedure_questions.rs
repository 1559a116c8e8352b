use leptos::prelude::*;
use motcua_api::feedback::{About, PublishedQuestions};
use motcua_api::paths;

use crate::api;
use crate::i18n::use_lang;

/// How many of a procedure's answered questions its page names.
const SHOWN: usize = 3;

/// A procedure's questions and feedback: the newest questions answered in public about it, each
/// linking to its answer, with the way to all of them and to sending feedback. The server sends them
/// with the procedure's page; the pages they link to are the signed-in area's bundle, loaded only
/// when followed.
#[component]
pub fn ProcedureQuestions(
    /// The procedure's code.
    code: String,
) -> impl IntoView {
    let lang = use_lang();
    let found = {
        let code = code.clone();
        api::fetched::<PublishedQuestions, _>(move || {
            Ok(api::feedback::questions_path("", &code, 1))
        })
    };
    let all = paths::questions("", &code);
    let send = paths::send_feedback(Some(&About::Procedure(code)));
    view! {
        <section class="mc-section" aria-labelledby="questions">
            <h2 class="mc-section__title" id="questions">{move || lang.get().pick("Hỏi đáp, phản ánh", "Questions and feedback")}</h2>
            {move || found.get().and_then(Result::ok).filter(|list| !list.items.is_empty()).map(|list| view! {
                <ul class="mc-list mc-list--bullet">
                    {list.items.into_iter().take(SHOWN).map(|q| view! {
                        <li><a href=paths::question(&q.code) rel="external">{q.title}</a></li>
                    }).collect_view()}
                </ul>
            })}
            <ul class="mc-list mc-list--plain">
                <li><a href=all rel="external">{move || lang.get().pick("Câu hỏi đã được trả lời về thủ tục này", "Questions answered about this procedure")}</a></li>
                <li><a href=send rel="external">{move || lang.get().pick("Gửi phản ánh, kiến nghị về thủ tục này", "Send feedback about this procedure")}</a></li>
            </ul>
        </section>
    }
}
