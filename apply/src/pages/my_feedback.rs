use leptos::prelude::*;
use motcua::api;
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::feedback::{FeedbackData, FeedbackQueue, FeedbackQueueItem, FeedbackStatus};
use motcua_api::paths;

use crate::components::{category_name, feedback_status_class, feedback_status_label, Loaded};
use crate::dates::{date_text, day_text};

/// `/tai-khoan/phan-anh`: the feedback and complaints the signed-in person sent, newest first,
/// each with where it stands and by when it is answered, opening without its PIN.
#[component]
pub fn MyFeedback() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| {
        set_title(
            lang.get()
                .pick("Phản ánh, kiến nghị của tôi", "My feedback and complaints"),
        )
    });
    let mine = LocalResource::new(api::feedback::mine);
    let categories = LocalResource::new(api::feedback::categories);
    view! {
        <div class="mc-page mc-page--narrow">
            <p><a href=paths::account()>{move || lang.get().pick("‹ Tài khoản", "‹ Account")}</a></p>
            <h1 class="mc-page__title">{move || lang.get().pick("Phản ánh, kiến nghị của tôi", "My feedback and complaints")}</h1>
            <Loaded
                data=Signal::derive(move || mine.get())
                loading=tr("Đang tải phản ánh…", "Loading your feedback…")
                failed=tr("Chưa tải được danh sách phản ánh.", "Your feedback could not be loaded.")
                here=paths::my_feedback()
                let:list
            >
                {move || {
                    let cats = categories.get().and_then(Result::ok);
                    sent(&list, cats.as_ref(), lang.get())
                }}
            </Loaded>
            <p><a href=paths::send_feedback(None)>{move || lang.get().pick("Gửi phản ánh, kiến nghị mới", "Send new feedback or a complaint")}</a></p>
        </div>
    }
}

/// Whether the sender is the one to act: the agency asked for information, or answered.
fn theirs(status: FeedbackStatus) -> bool {
    matches!(
        status,
        FeedbackStatus::InfoRequested | FeedbackStatus::Answered
    )
}

/// Its code, kind and day sent; while the agency has it, the day it is answered by.
fn hint(i: &FeedbackQueueItem, cats: Option<&FeedbackData>, l: Lang) -> String {
    let mut parts = vec![
        i.code.clone(),
        category_name(cats, &i.category, l),
        format!(
            "{} {}",
            l.pick("gửi ngày", "sent on"),
            day_text(i.received_at, l)
        ),
    ];
    if matches!(
        i.status,
        FeedbackStatus::Received | FeedbackStatus::Reopened
    ) {
        parts.push(format!(
            "{} {}",
            l.pick("hạn trả lời", "answer due"),
            date_text(i.due_date, l)
        ));
    }
    parts.join(" · ")
}

fn sent(list: &FeedbackQueue, cats: Option<&FeedbackData>, l: Lang) -> impl IntoView {
    if list.items.is_empty() {
        return view! {
            <p role="status">{l.pick("Bạn chưa gửi phản ánh, kiến nghị nào khi đã đăng nhập.", "You have sent no feedback while signed in.")}</p>
        }
        .into_any();
    }
    view! {
        <ul class="mc-list mc-list--plain">
            {list.items.iter().map(|i| view! {
                <li class="mc-section">
                    <h2 class="mc-subsection__title"><a href=paths::feedback(&i.code, "")>{i.title.clone()}</a></h2>
                    <p>
                        <span class=feedback_status_class(i.status)>{feedback_status_label(i.status, l)}</span>
                        {theirs(i.status).then(|| view! { " "<span class="mc-tag mc-tag--action">{l.pick("Cần bạn trả lời", "Waiting for you")}</span> })}
                    </p>
                    <p class="mc-hint">{hint(i, cats, l)}</p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
