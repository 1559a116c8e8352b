use leptos::prelude::*;
use leptos::wasm_bindgen::JsValue;
use leptos_router::hooks::use_query_map;
use motcua::api::{self, ApiError};
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::{set_title, tr, use_lang};
use motcua_api::lifecycle::Tracking as TrackingData;
use motcua_api::lifecycle::TrackingRequest;
use motcua_api::paths;
use motcua_api::problem::{Field, Name};

use crate::components::{in_words, DossierTags, ErrorSummary, FieldErrors, Steps, TextField};
use crate::dates::{date_text, day_text};
use crate::live::focus_id;

/// `/tra-cuu?ma=#kiem-tra=`: anyone can follow a dossier with its code and the PIN on its receipt
/// (or, for a citizen's dossier, the phone or ID number given when applying), without signing in. A
/// wrong code and a wrong check get the same answer. The receipt's QR code leads here with both filled
/// in, the PIN in the fragment, which no request carries; it is taken off the address at once so the
/// browser's history does not keep it either. The lookup is a POST for the same reason.
#[component]
pub fn Tracking() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    Effect::new(move |_| set_title(lang.get().pick("Tra cứu hồ sơ", "Track a dossier")));
    let code =
        RwSignal::new(query.with_untracked(|q| q.get("ma").unwrap_or_default().trim().to_string()));
    let check = RwSignal::new(check_from_fragment(&code.get_untracked()));
    let errors = RwSignal::new(FieldErrors::new());
    // The lookup asked for, and how many times, so asking again for the same one looks it up again.
    let asked = RwSignal::new((0u32, TrackingRequest::default()));
    if !code.get_untracked().is_empty() && !check.get_untracked().is_empty() {
        asked.set((
            1,
            TrackingRequest {
                code: code.get_untracked(),
                check: check.get_untracked(),
            },
        ));
    }
    let result = LocalResource::new(move || {
        let (_, req) = asked.get();
        async move {
            if req.code.is_empty() || req.check.is_empty() {
                None
            } else {
                Some(api::lifecycle::tracking(&req).await)
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = TrackingRequest {
            code: code.get_untracked().trim().to_string(),
            check: check.get_untracked().trim().to_string(),
        };
        // The shared rules, onto this page's fields (their ids are the query's names).
        let found: FieldErrors = in_words(req.problems())
            .into_iter()
            .map(|(key, m)| match Field::parse(&key) {
                Field::Named(Name::Code) => ("ma".into(), m),
                _ => ("kiem-tra".into(), m),
            })
            .collect();
        errors.set(found.clone());
        if found.is_empty() {
            asked.update(|(n, r)| {
                *n += 1;
                *r = req;
            });
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
            <form class="mc-form" novalidate on:submit=submit>
                <TextField id="ma" label=tr("Mã hồ sơ", "Dossier code") hint=tr("In trên giấy tiếp nhận, ví dụ 000.00.00.H55-250527-0001.", "Printed on the receipt, such as 000.00.00.H55-250527-0001.") value=code errors=e/>
                <TextField id="kiem-tra" label=tr("Mã tra cứu, số điện thoại hoặc số định danh", "Tracking PIN, phone or ID number") hint=tr("Mã tra cứu gồm 8 ký tự, in trên giấy tiếp nhận. Hồ sơ của công dân cũng tra cứu được bằng số điện thoại hoặc số định danh cá nhân đã khai khi nộp; hồ sơ của doanh nghiệp chỉ bằng mã tra cứu.", "The 8-character tracking PIN is printed on the receipt. A citizen's dossier can also be tracked with the phone or ID number given when applying; a business's only with the PIN.") value=check errors=e/>
                <button class="mc-button" type="submit">{move || lang.get().pick("Tra cứu", "Track")}</button>
            </form>
            {move || match result.get() {
                None if asked.with(|(n, _)| *n > 0) => view! { <Notice kind=NoticeKind::Loading title=tr("Đang tra cứu…", "Looking it up…")/> }.into_any(),
                None | Some(None) => ().into_any(),
                Some(Some(Err(ApiError::NotFound))) => view! {
                    <Notice kind=NoticeKind::Error title=tr("Không tìm thấy hồ sơ khớp với thông tin bạn nhập.", "No dossier matches what you entered.")>
                        <p>{move || lang.get().pick(
                            "Kiểm tra lại mã hồ sơ và mã tra cứu trên giấy tiếp nhận (hoặc số điện thoại, số định danh bạn đã khai khi nộp), rồi thử lại.",
                            "Check the dossier code and the tracking PIN on the receipt (or the phone or ID number you gave when applying), then try again.",
                        )}</p>
                    </Notice>
                }.into_any(),
                Some(Some(Err(e @ ApiError::TooMany { .. }))) => {
                    let wait = e.wait();
                    view! {
                        <Notice kind=NoticeKind::Error title=tr("Bạn đã tra cứu sai quá nhiều lần.", "Too many failed lookups.")>
                            <p>{move || wait.as_ref().map(|w| lang.get().text(w))}</p>
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

/// The check the QR code's link carries in the fragment (`#kiem-tra=`), taken off the address so it
/// stays out of the browser's history: the page keeps it only in its field.
fn check_from_fragment(code: &str) -> String {
    let location = window().location();
    let fragment = location.hash().unwrap_or_default();
    let check = fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix(paths::TRACKING_CHECK)?.strip_prefix('='))
        .and_then(|v| js_sys::decode_uri_component(v).ok())
        .map(|v| String::from(v).trim().to_string())
        .unwrap_or_default();
    if !fragment.is_empty() {
        if let Ok(history) = window().history() {
            let _ =
                history.replace_state_with_url(&JsValue::NULL, "", Some(&paths::tracking(code)));
        }
    }
    check
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
