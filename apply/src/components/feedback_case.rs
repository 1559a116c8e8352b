use leptos::prelude::*;
use motcua::api::feedback::file_url;
use motcua::i18n::Lang;
use motcua_api::feedback::{About, FeedbackData, FeedbackFile, FeedbackStatus, FeedbackView};
use motcua_api::paths;

use super::file_picker::size_text;
use crate::dates::{date_text, date_time_text, day_text, iso_time};

pub fn status_label(s: FeedbackStatus, l: Lang) -> &'static str {
    match s {
        FeedbackStatus::Received => l.pick("Đang chờ trả lời", "Waiting for an answer"),
        FeedbackStatus::InfoRequested => {
            l.pick("Cần bạn bổ sung thông tin", "More information needed")
        }
        FeedbackStatus::Answered => l.pick("Đã trả lời", "Answered"),
        FeedbackStatus::Solved => l.pick("Đã giải quyết", "Solved"),
        FeedbackStatus::Reopened => {
            l.pick("Mở lại, chờ trả lời", "Reopened, waiting for an answer")
        }
        FeedbackStatus::Closed => l.pick("Đã đóng", "Closed"),
    }
}

/// The tag a status is drawn with, in the dossiers' colours: waiting, needs the sender, done.
pub fn status_class(s: FeedbackStatus) -> &'static str {
    match s {
        FeedbackStatus::InfoRequested => "mc-tag mc-tag--action",
        FeedbackStatus::Answered | FeedbackStatus::Solved | FeedbackStatus::Closed => {
            "mc-tag mc-tag--done"
        }
        FeedbackStatus::Received | FeedbackStatus::Reopened => "mc-tag mc-tag--progress",
    }
}

fn event_label(kind: &str, l: Lang) -> &'static str {
    match kind {
        "received" => l.pick("Đã tiếp nhận", "Received"),
        "forwarded" => l.pick(
            "Chuyển cơ quan có thẩm quyền",
            "Forwarded to the competent agency",
        ),
        "info_requested" => l.pick("Đề nghị bổ sung thông tin", "More information asked for"),
        "info_given" => l.pick(
            "Người gửi đã bổ sung thông tin",
            "The sender gave more information",
        ),
        "answered" => l.pick("Đã trả lời", "Answered"),
        "solved" => l.pick(
            "Người gửi xác nhận đã giải quyết",
            "The sender said it is solved",
        ),
        "reopened" => l.pick(
            "Người gửi mở lại: chưa giải quyết",
            "Reopened by the sender: not solved",
        ),
        "closed" => l.pick("Đã đóng", "Closed"),
        "published" => l.pick(
            "Đã công khai (đã ẩn thông tin cá nhân)",
            "Published (personal data removed)",
        ),
        "overdue" => l.pick("Quá hạn trả lời", "Answer overdue"),
        _ => l.pick("Cập nhật", "Update"),
    }
}

/// A category's name in the reader's language; its id while the categories load.
pub fn category_name(data: Option<&FeedbackData>, id: &str, l: Lang) -> String {
    data.and_then(|d| d.categories.iter().find(|c| c.id == id))
        .map(|c| l.text(&c.name))
        .unwrap_or_else(|| id.to_string())
}

/// What the feedback is about, as a line: the kind, then the subject's name.
pub fn about_text(about: &About, name: &str, l: Lang) -> String {
    let kind = match about {
        About::Procedure(_) => l.pick("Thủ tục", "Procedure"),
        About::Agency(_) => l.pick("Cơ quan", "Agency"),
        About::Officer(_) => l.pick("Thái độ, hành vi của cán bộ tại", "An officer's conduct at"),
        About::Dossier(_) => l.pick("Hồ sơ", "Dossier"),
        About::Rating(_) => l.pick(
            "Đánh giá không hài lòng về hồ sơ",
            "Dissatisfied rating of dossier",
        ),
    };
    format!("{kind}: {name}")
}

fn files_list(code: &str, pin: &str, files: &[FeedbackFile], l: Lang) -> impl IntoView {
    let items = files
        .iter()
        .map(|f| {
            let href = file_url(code, &f.id, pin);
            view! { <li><a href=href target="_blank" rel="noopener">{f.name.clone()}</a>{format!(" ({})", size_text(f.size))}</li> }
        })
        .collect_view();
    (!files.is_empty()).then(|| {
        view! {
            <p class="mc-timeline__label">{l.pick("Tệp kèm theo:", "Files:")}</p>
            <ul class="mc-list mc-list--bullet">{items}</ul>
        }
    })
}

/// Feedback as its sender or an officer reads it: the code, where it stands and by when it is
/// answered, what it is about, what was said, and everything that happened to it, oldest first.
#[component]
pub fn FeedbackCase(
    view: FeedbackView,
    /// The PIN the sender follows it with, for the file links; empty for officers and the signed-in.
    #[prop(optional, into)]
    pin: String,
    /// The categories, to name this one; `None` while they load.
    categories: Option<FeedbackData>,
    /// The language to draw in; the caller redraws on a change.
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    let v = view;
    let about = about_text(&v.about, &l.text(&v.about_name), l);
    let about = match &v.about {
        About::Procedure(code) => {
            view! { <a href=l.address(&paths::procedure(code)) rel="external">{about}</a> }
                .into_any()
        }
        _ => about.into_any(),
    };
    let events = v
        .events
        .iter()
        .map(|e| {
            view! {
                <li class="mc-timeline__item">
                    <p class="mc-timeline__when"><time datetime=iso_time(e.at)>{date_time_text(e.at, l)}</time></p>
                    <h3 class="mc-timeline__title">{event_label(&e.kind, l)}</h3>
                    <p class="mc-timeline__who">{l.text(&e.agency_name)}</p>
                    {(!e.text.is_empty()).then(|| view! { <p class="mc-timeline__note">{e.text.clone()}</p> })}
                    // What was sent with it is listed with what was said, once.
                    {(e.kind != "received").then(|| files_list(&v.code, &pin, &e.files, l))}
                </li>
            }
        })
        .collect_view();
    let open = matches!(
        v.status,
        FeedbackStatus::Received | FeedbackStatus::Reopened | FeedbackStatus::InfoRequested
    );
    view! {
        <p><span class=status_class(v.status)>{status_label(v.status, l)}</span></p>
        <dl class="mc-summary-list">
            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Mã phản ánh", "Feedback code")}</dt><dd class="mc-summary-list__value"><strong>{v.code.clone()}</strong></dd></div>
            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Về", "About")}</dt><dd class="mc-summary-list__value">{about}</dd></div>
            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Loại", "Category")}</dt><dd class="mc-summary-list__value">{category_name(categories.as_ref(), &v.category, l)}</dd></div>
            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Ngày gửi", "Sent")}</dt><dd class="mc-summary-list__value">{day_text(v.received_at, l)}</dd></div>
            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Cơ quan trả lời", "Answered by")}</dt><dd class="mc-summary-list__value">{l.text(&v.agency_name)}</dd></div>
            {open.then(|| view! {
                <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Hạn trả lời", "Answer due")}</dt><dd class="mc-summary-list__value"><strong>{date_text(v.due_date, l)}</strong></dd></div>
            })}
            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Đồng ý công khai", "Agreed to publish")}</dt><dd class="mc-summary-list__value">{if v.consent { l.pick("Có (không kèm thông tin cá nhân)", "Yes (without personal data)") } else { l.pick("Không", "No") }}</dd></div>
        </dl>
        <section class="mc-section" aria-labelledby="feedback-said">
            <h2 class="mc-section__title" id="feedback-said">{v.title.clone()}</h2>
            <p class="mc-timeline__note">{v.text.clone()}</p>
            {files_list(&v.code, &pin, &v.files, l)}
        </section>
        <section class="mc-section" aria-labelledby="feedback-events">
            <h2 class="mc-section__title" id="feedback-events">{l.pick("Quá trình xử lý", "What happened")}</h2>
            <ol class="mc-timeline">{events}</ol>
        </section>
    }
}
