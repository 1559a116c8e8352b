use leptos::prelude::*;
use motcua_api::lifecycle::{Tracking as TrackingData, TrackingRequest};
use motcua_api::paths;
use motcua_api::problem::{Field, Name, Problem};
use motcua_api::Text;

use crate::components::{
    in_words, DossierTags, ErrorSummary, FieldErrors, Notice, NoticeKind, Steps, TextField,
};
use crate::dates::{date_text, day_text};
use crate::i18n::{tr, Lang};

/// The form's field for the dossier's code: also its name in the POST and in the address (`?ma=`).
pub const CODE_FIELD: &str = "ma";
/// The form's field for the check, named as the QR code's fragment names it.
pub const CHECK_FIELD: &str = paths::TRACKING_CHECK;
/// The form's id, by which the QR code's fragment is put into it and sent.
pub const FORM_ID: &str = "tracking-form";

/// What the tracking page shows: what was asked, and what came of it.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    pub request: TrackingRequest,
    /// Nothing before a lookup is sent.
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone)]
pub enum Outcome {
    Found(Box<TrackingData>),
    /// The shared rules refused what was typed, by field id.
    Invalid(FieldErrors),
    /// No dossier has that code with that check: the two are never told apart.
    NotFound,
    /// Too many failed lookups; the text says how long to wait.
    TooMany(Text),
    Failed,
}

/// The shared rules' problems, onto this page's fields.
pub fn field_errors(problems: Vec<Problem>) -> FieldErrors {
    in_words(problems)
        .into_iter()
        .map(|(key, m)| match Field::parse(&key) {
            Field::Named(Name::Code) => (CODE_FIELD.into(), m),
            _ => (CHECK_FIELD.into(), m),
        })
        .collect()
}

pub fn title(l: Lang) -> &'static str {
    l.pick("Tra cứu hồ sơ", "Track a dossier")
}

/// `/tra-cuu`: anyone can follow a dossier with its code and the PIN on its receipt (or, for a
/// citizen's dossier, the phone or ID number given when applying), without signing in. The server
/// draws it, and the answer to the form it sends (a POST, so the check stays out of addresses and
/// logs): a status is readable on a slow phone without any WebAssembly. The answer comes first, the
/// form to look again after it.
#[component]
pub fn Tracking(
    /// What was asked and what was found.
    lookup: Lookup,
    /// The page's language (its address's).
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    let errors = match &lookup.outcome {
        Some(Outcome::Invalid(e)) => e.clone(),
        _ => FieldErrors::new(),
    };
    let errors = Signal::stored(errors);
    let code = RwSignal::new(lookup.request.code.clone());
    let check = RwSignal::new(lookup.request.check.clone());
    let answer = match lookup.outcome {
        None | Some(Outcome::Invalid(_)) => None,
        Some(Outcome::Found(found)) => Some(view! { <Found data=*found lang=l/> }.into_any()),
        Some(Outcome::NotFound) => Some(view! {
            <Notice kind=NoticeKind::Error title=tr("Không tìm thấy hồ sơ khớp với thông tin bạn nhập.", "No dossier matches what you entered.")>
                <p>{l.pick(
                    "Kiểm tra lại mã hồ sơ và mã tra cứu trên giấy tiếp nhận (hoặc số điện thoại, số định danh bạn đã khai khi nộp), rồi thử lại.",
                    "Check the dossier code and the tracking PIN on the receipt (or the phone or ID number you gave when applying), then try again.",
                )}</p>
            </Notice>
        }.into_any()),
        Some(Outcome::TooMany(wait)) => Some(view! {
            <Notice kind=NoticeKind::Error title=tr("Bạn đã tra cứu sai quá nhiều lần.", "Too many failed lookups.")>
                <p>{l.text(&wait)}</p>
            </Notice>
        }.into_any()),
        Some(Outcome::Failed) => Some(view! {
            <Notice kind=NoticeKind::Error title=tr("Chưa tra cứu được.", "The lookup failed.")>
                <p>{l.pick("Vui lòng thử lại sau ít phút.", "Please try again in a few minutes.")}</p>
            </Notice>
        }.into_any()),
    };
    let asked = answer.is_some();
    view! {
        <div class="mc-page mc-page--narrow">
            <h1 class="mc-page__title">{title(l)}</h1>
            {(!asked).then(|| view! {
                <p>{l.pick(
                    "Xem hồ sơ đang ở đâu, đã quá hạn chưa và có cần bổ sung gì không — không cần đăng nhập.",
                    "See where a dossier is, whether it is late and whether anything is missing — no need to sign in.",
                )}</p>
            })}
            <ErrorSummary errors=errors general=Signal::derive(|| None::<String>)/>
            {answer}
            {asked.then(|| view! {
                <h2 class="mc-section__title">{l.pick("Tra cứu hồ sơ khác", "Track another dossier")}</h2>
            })}
            <form class="mc-form" id=FORM_ID method="post" action=l.address(&paths::tracking("")) novalidate>
                <TextField id=CODE_FIELD label=tr("Mã hồ sơ", "Dossier code") hint=tr("In trên giấy tiếp nhận, ví dụ 000.00.00.H55-250527-0001.", "Printed on the receipt, such as 000.00.00.H55-250527-0001.") value=code errors=errors/>
                <TextField id=CHECK_FIELD label=tr("Mã tra cứu, số điện thoại hoặc số định danh", "Tracking PIN, phone or ID number") hint=tr("Mã tra cứu gồm 8 ký tự, in trên giấy tiếp nhận. Hồ sơ của công dân cũng tra cứu được bằng số điện thoại hoặc số định danh cá nhân đã khai khi nộp; hồ sơ của doanh nghiệp chỉ bằng mã tra cứu.", "The 8-character tracking PIN is printed on the receipt. A citizen's dossier can also be tracked with the phone or ID number given when applying; a business's only with the PIN.") value=check errors=errors/>
                <button class="mc-button" type="submit">{l.pick("Tra cứu", "Track")}</button>
            </form>
        </div>
    }
}

#[component]
fn Found(data: TrackingData, lang: Lang) -> impl IntoView {
    let l = lang;
    let d = data;
    view! {
        <section class="mc-section mc-tracking" aria-labelledby="tracking-result">
            <h2 class="mc-section__title" id="tracking-result" tabindex="-1">{format!("{} {}", l.pick("Hồ sơ", "Dossier"), d.code)}</h2>
            <p class="mc-tracking__procedure">{l.text(&d.procedure_name)}</p>
            <p><DossierTags status=d.status timeliness=d.timeliness days_left=d.days_left lang=l/></p>
            <dl class="mc-summary-list">
                <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Ngày nộp", "Submitted")}</dt><dd class="mc-summary-list__value">{day_text(d.submitted_at, l)}</dd></div>
                <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Hạn trả kết quả", "Result due")}</dt><dd class="mc-summary-list__value"><strong>{date_text(d.due_date, l)}</strong></dd></div>
                {d.new_date.map(|n| view! {
                    <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Ngày hẹn trả mới", "New return date")}</dt><dd class="mc-summary-list__value"><strong>{date_text(n, l)}</strong></dd></div>
                })}
            </dl>
            {(!d.supplement_items.is_empty()).then(|| view! {
                <div class="mc-supplement">
                    <h3 class="mc-subsection__title">{l.pick("Cần bổ sung", "Needed from the applicant")}</h3>
                    <ul class="mc-list mc-list--bullet">{d.supplement_items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ul>
                    <p>{l.pick("Người nộp đăng nhập để gửi bổ sung trên trang hồ sơ.", "The applicant signs in to send it on the dossier's page.")}</p>
                </div>
            })}
            <h3 class="mc-subsection__title">{l.pick("Các bước giải quyết", "Steps")}</h3>
            <Steps steps=d.steps current=d.current_step status=d.status lang=l/>
        </section>
    }
}
