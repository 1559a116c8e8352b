use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use motcua::api::{self, ApiError};
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::{set_title, tr, use_lang};
use motcua_api::paths;

use crate::dates::day_text;

/// `/hoi-dap/{code}`: one published question and the agency's answer, as the officer redacted them.
#[component]
pub fn FeedbackQuestion() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
    let found = LocalResource::new(move || {
        let code = code.clone();
        async move { api::feedback::question(&code).await }
    });
    Effect::new(move |_| {
        let l = lang.get();
        match found.get() {
            Some(Ok(q)) => set_title(&q.title),
            _ => set_title(l.pick("Hỏi đáp", "Questions and answers")),
        }
    });
    view! {
        <div class="mc-page mc-page--narrow">
            <p><a href=paths::questions("", "")>{move || lang.get().pick("‹ Mọi câu hỏi", "‹ Every question")}</a></p>
            {move || {
                let l = lang.get();
                match found.get() {
                    None => view! { <Notice kind=NoticeKind::Loading title=tr("Đang tải…", "Loading…")/> }.into_any(),
                    Some(Err(ApiError::NotFound)) => view! {
                        <h1 class="mc-page__title">{l.pick("Không có câu hỏi này", "No such question")}</h1>
                        <p>{l.pick("Câu hỏi chưa được công khai, hoặc địa chỉ bị sai.", "It is not published, or the address is wrong.")}</p>
                    }.into_any(),
                    Some(Err(_)) => view! {
                        <Notice kind=NoticeKind::Error title=tr("Chưa tải được câu hỏi.", "The question could not be loaded.")>
                            <p>{l.pick("Kiểm tra kết nối mạng rồi tải lại trang.", "Check your connection, then reload the page.")}</p>
                        </Notice>
                    }.into_any(),
                    Some(Ok(q)) => view! {
                        <h1 class="mc-page__title">{q.title.clone()}</h1>
                        <section class="mc-section" aria-labelledby="qa-question">
                            <h2 class="mc-section__title" id="qa-question">{l.pick("Câu hỏi", "Question")}</h2>
                            <p class="mc-hint">{format!("{} {}", l.pick("Gửi ngày", "Asked on"), day_text(q.asked_at, l))}</p>
                            <p class="mc-timeline__note">{q.question.clone()}</p>
                        </section>
                        <section class="mc-section" aria-labelledby="qa-answer">
                            <h2 class="mc-section__title" id="qa-answer">{l.pick("Trả lời", "Answer")}</h2>
                            <p class="mc-hint">{format!("{} · {}", l.text(&q.agency_name), day_text(q.answered_at, l))}</p>
                            <p class="mc-timeline__note">{q.answer.clone()}</p>
                        </section>
                        {q.procedure.map(|p| view! {
                            <p><a href=l.address(&paths::procedure(&p)) rel="external">{l.pick("Xem thủ tục", "See the procedure")}</a>" · "
                            <a href=paths::questions("", &p)>{l.pick("Câu hỏi khác về thủ tục này", "Other questions about this procedure")}</a></p>
                        })}
                    }.into_any(),
                }
            }}
        </div>
    }
}
