use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use motcua::api::{self, ApiError};
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::lifecycle::Tracking as TrackingData;
use motcua_api::lifecycle::TrackingRequest;
use motcua_api::paths;
use motcua_api::problem::{Field, Name};

use crate::components::{in_words, DossierTags, ErrorSummary, FieldErrors, Steps, TextField};
use crate::dates::{date_text, day_text};
use crate::go;
use crate::live::focus_id;

/// `/tra-cuu?ma=&kiem-tra=`: anyone can follow a dossier with its code and the phone or ID number
/// given when applying, without signing in. A wrong code and a wrong check get the same answer. The
/// receipt's QR code leads here with the code filled in.
#[component]
pub fn Tracking() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let navigate = use_navigate();
    Effect::new(move |_| set_title(lang.get().pick("Tra cứu hồ sơ", "Track a dossier")));
    let asked = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("ma").unwrap_or_default().trim().to_string(),
                q.get("kiem-tra").unwrap_or_default().trim().to_string(),
            )
        })
    });
    let code = RwSignal::new(asked.get_untracked().0);
    let check = RwSignal::new(asked.get_untracked().1);
    let errors = RwSignal::new(FieldErrors::new());
    let result = LocalResource::new(move || {
        let (c, k) = asked.get();
        async move {
            if c.is_empty() || k.is_empty() {
                None
            } else {
                Some(api::lifecycle::tracking(&c, &k).await)
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let (c, k) = (
            code.get_untracked().trim().to_string(),
            check.get_untracked().trim().to_string(),
        );
        let req = TrackingRequest {
            code: c.clone(),
            check: k.clone(),
        };
        // The shared rules, onto this page's fields (their ids are the query's names).
        let found: FieldErrors = in_words(req.problems(), l)
            .into_iter()
            .map(|(key, m)| match Field::parse(&key) {
                Field::Named(Name::Code) => ("ma".into(), m),
                _ => ("kiem-tra".into(), m),
            })
            .collect();
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        if asked.get_untracked() == (c.clone(), k.clone()) {
            result.refetch();
        } else {
            go(&navigate, &paths::tracking_checked(&c, &k));
        }
    };
    Effect::new(move |_| {
        if let Some(Some(_)) = result.get() {
            request_animation_frame(|| focus_id("tracking-result"));
        }
    });
    let e: Signal<FieldErrors> = errors.into();
    view! {
        <div class="mc-page mc-page--narrow">
            <h1 class="mc-page__title">{move || lang.get().pick("Tra cứu hồ sơ", "Track a dossier")}</h1>
            <p>{move || lang.get().pick(
                "Xem hồ sơ đang ở đâu, đã quá hạn chưa và có cần bổ sung gì không — không cần đăng nhập.",
                "See where a dossier is, whether it is late and whether anything is missing — no need to sign in.",
            )}</p>
            <ErrorSummary errors=e general=Signal::derive(|| None::<String>)/>
            <form class="mc-form" novalidate method="get" action=paths::tracking("") on:submit=submit>
                <TextField id="ma" label=tr("Mã hồ sơ", "Dossier code") hint=tr("In trên giấy tiếp nhận, ví dụ 000.00.00.H55-250527-0001.", "Printed on the receipt, such as 000.00.00.H55-250527-0001.") value=code errors=e/>
                <TextField id="kiem-tra" label=tr("Số điện thoại hoặc số định danh cá nhân đã khai khi nộp", "Phone or ID number given when applying") value=check errors=e inputmode="numeric"/>
                <button class="mc-button" type="submit">{move || lang.get().pick("Tra cứu", "Track")}</button>
            </form>
            {move || match result.get() {
                None if !asked.get().0.is_empty() && !asked.get().1.is_empty() => view! { <Notice kind=NoticeKind::Loading title=tr("Đang tra cứu…", "Looking it up…")/> }.into_any(),
                None | Some(None) => ().into_any(),
                Some(Some(Err(ApiError::NotFound))) => view! {
                    <Notice kind=NoticeKind::Error title=tr("Không tìm thấy hồ sơ khớp với thông tin bạn nhập.", "No dossier matches what you entered.")>
                        <p>{move || lang.get().pick(
                            "Kiểm tra lại mã hồ sơ trên giấy tiếp nhận và số điện thoại hoặc số định danh bạn đã khai khi nộp, rồi thử lại.",
                            "Check the dossier code on the receipt and the phone or ID number you gave when applying, then try again.",
                        )}</p>
                    </Notice>
                }.into_any(),
                Some(Some(Err(ApiError::Refused(429, body)))) => {
                    let wait = body.fields.and_then(|f| f.get("retry_after").and_then(|s| s.parse::<u64>().ok()));
                    view! {
                        <Notice kind=NoticeKind::Error title=tr("Bạn đã tra cứu quá nhiều lần.", "Too many lookups.")>
                            <p>{move || {
                                let l = lang.get();
                                match wait {
                                    Some(s) => {
                                        let minutes = s.div_ceil(60).max(1);
                                        match l { Lang::Vi => format!("Hãy thử lại sau {minutes} phút."), Lang::En => format!("Try again in {minutes} minute{}.", if minutes == 1 { "" } else { "s" }) }
                                    }
                                    None => l.pick("Hãy thử lại sau ít phút.", "Try again in a few minutes.").to_string(),
                                }
                            }}</p>
                        </Notice>
                    }.into_any()
                }
                Some(Some(Err(_))) => view! {
                    <Notice kind=NoticeKind::Error title=tr("Chưa tra cứu được.", "The lookup failed.")>
                        <p>{move || lang.get().pick("Kiểm tra kết nối mạng rồi thử lại.", "Check your connection, then try again.")}</p>
                    </Notice>
                }.into_any(),
                Some(Some(Ok(found))) => view! { <Found data=found/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Found(data: TrackingData) -> impl IntoView {
    let lang = use_lang();
    move || {
        let l = lang.get();
        let d = data.clone();
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
}
