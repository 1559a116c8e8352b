use leptos::prelude::*;
use motcua::api;
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::feedback::{FeedbackData, FeedbackQueue};
use motcua_api::paths;

use crate::components::{category_name, feedback_status_class, feedback_status_label, Loaded};
use crate::dates::date_text;

fn days_left(days: i32, l: Lang) -> String {
    match (l, days) {
        (Lang::Vi, d) if d < 0 => format!("Quá hạn {} ngày làm việc", -d),
        (Lang::Vi, 0) => "Hết hạn hôm nay".to_string(),
        (Lang::Vi, d) => format!("Còn {d} ngày làm việc"),
        (Lang::En, -1) => "1 working day overdue".to_string(),
        (Lang::En, d) if d < 0 => format!("{} working days overdue", -d),
        (Lang::En, 0) => "Due today".to_string(),
        (Lang::En, 1) => "1 working day left".to_string(),
        (Lang::En, d) => format!("{d} working days left"),
    }
}

/// `/can-bo/phan-anh`: the feedback waiting on the officer's agency, soonest due first, with how many
/// are waiting and overdue; a low rating's follow-up is among them, marked for the agency's head.
#[component]
pub fn OfficerFeedbackQueue() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| {
        set_title(
            lang.get()
                .pick("Phản ánh cần trả lời", "Feedback to answer"),
        )
    });
    let queue = LocalResource::new(api::feedback::queue);
    let categories = LocalResource::new(api::feedback::categories);
    view! {
        <div class="mc-page">
            <Loaded
                data=Signal::derive(move || queue.get())
                loading=tr("Đang tải phản ánh…", "Loading the feedback…")
                failed=tr("Chưa tải được danh sách phản ánh.", "The feedback could not be loaded.")
                here=paths::feedback_queue()
                forbidden=move || view! {
                    <h1 class="mc-page__title">{move || lang.get().pick("Trang dành cho cán bộ", "For officers only")}</h1>
                }
                let:q
            >
                {move || {
                    let cats = categories.get().and_then(Result::ok);
                    list(&q, cats.as_ref(), lang.get())
                }}
            </Loaded>
        </div>
    }
}

fn list(q: &FeedbackQueue, cats: Option<&FeedbackData>, l: Lang) -> impl IntoView {
    view! {
        <p><a href=paths::queue()>{l.pick("‹ Hồ sơ cần xử lý", "‹ Dossiers to handle")}</a></p>
        <h1 class="mc-page__title">{l.pick("Phản ánh cần trả lời", "Feedback to answer")}</h1>
        <ul class="mc-counts">
            <li class="mc-counts__item"><span class="mc-counts__number">{q.total}</span>" "<span class="mc-counts__label">{l.pick("Đang chờ trả lời", "Waiting")}</span></li>
            <li class="mc-counts__item mc-counts__item--overdue"><span class="mc-counts__number">{q.overdue}</span>" "<span class="mc-counts__label">{l.pick("Quá hạn", "Overdue")}</span></li>
        </ul>
        {if q.items.is_empty() {
            view! { <p role="status">{l.pick("Không có phản ánh nào đang chờ cơ quan bạn.", "No feedback is waiting at your agency.")}</p> }.into_any()
        } else {
            view! {
                <table class="mc-queue">
                    <caption class="mc-visually-hidden">{l.pick("Phản ánh xếp theo hạn trả lời, gần nhất trước", "Feedback by deadline, nearest first")}</caption>
                    <thead class="mc-queue__head">
                        <tr>
                            <th scope="col">{l.pick("Mã", "Code")}</th>
                            <th scope="col">{l.pick("Tiêu đề, loại", "Title, category")}</th>
                            <th scope="col">{l.pick("Trạng thái", "Status")}</th>
                            <th scope="col">{l.pick("Hạn trả lời", "Answer due")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {q.items.iter().map(|i| {
                            let row = if i.days_left < 0 { "mc-queue__row mc-queue__row--overdue" } else { "mc-queue__row" };
                            let rating = matches!(i.about, motcua_api::feedback::About::Rating(_));
                            view! {
                                <tr class=row>
                                    <th scope="row" class="mc-queue__cell mc-queue__cell--code" data-label=l.pick("Mã", "Code")>
                                        <a href=paths::officer_feedback(&i.code)>{i.code.clone()}</a>
                                    </th>
                                    <td class="mc-queue__cell" data-label=l.pick("Tiêu đề", "Title")>
                                        {i.title.clone()}<br/><span class="mc-hint">{category_name(cats, &i.category, l)}</span>
                                        {rating.then(|| view! { <br/><span class="mc-tag mc-tag--action">{l.pick("Thủ trưởng cơ quan xem xét", "For the agency's head")}</span> })}
                                    </td>
                                    <td class="mc-queue__cell" data-label=l.pick("Trạng thái", "Status")>
                                        <span class=feedback_status_class(i.status)>{feedback_status_label(i.status, l)}</span>
                                    </td>
                                    <td class="mc-queue__cell mc-queue__cell--date" data-label=l.pick("Hạn", "Due")>
                                        <span class="mc-queue__date">{date_text(i.due_date, l)}</span><br/>
                                        <span class="mc-queue__left">{days_left(i.days_left, l)}</span>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
