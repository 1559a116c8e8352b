use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use motcua::api;
use motcua::format::vnd;
use motcua::i18n::{set_title, tr, use_lang};
use motcua_api::answers::delivery_text;
use motcua_api::dossier::Receipt as ReceiptData;
use motcua_api::lifecycle::pin_display;
use motcua_api::paths;

use crate::components::Loaded;
use crate::dates::{date_text, date_time_text};

/// The receipt and appointment slip (giấy tiếp nhận hồ sơ và hẹn trả kết quả): the dossier code, what
/// was received, and when the result is due. It prints on one A4 page.
#[component]
pub fn Receipt() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
    // Filed for a project's step: the way back to the project.
    let project = use_query_map().with_untracked(|q| paths::receipt_project(|key| q.get(key)));
    let receipt = LocalResource::new({
        let code = code.clone();
        move || {
            let code = code.clone();
            async move { api::lifecycle::receipt(&code).await }
        }
    });
    Effect::new(move |_| set_title(lang.get().pick("Giấy tiếp nhận hồ sơ", "Dossier receipt")));
    view! {
        <div class="mc-page mc-page--narrow mc-receipt">
            <Loaded
                data=Signal::derive(move || receipt.get())
                loading=tr("Đang tải…", "Loading…")
                failed=tr("Chưa tải được giấy tiếp nhận.", "The receipt could not be loaded.")
                here=paths::receipt(&code)
                not_found=move || view! {
                    <h1 class="mc-page__title">{move || lang.get().pick("Không tìm thấy hồ sơ", "Dossier not found")}</h1>
                    <p>{move || lang.get().pick("Không có hồ sơ nào mang mã này trong tài khoản của bạn.", "Your account has no dossier with this code.")}</p>
                }
                let:r
            >
                <Slip receipt=r project=project.clone()/>
            </Loaded>
        </div>
    }
}

#[component]
fn Slip(
    receipt: ReceiptData,
    /// The project it was just filed for, to go back to.
    project: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    move || {
        let l = lang.get();
        let r = &receipt;
        let qr = api::lifecycle::qr_url(&r.code);
        let delivery = l.text(&delivery_text(&r.delivery, Some(&r.collect_at), None));
        view! {
            <div class="mc-panel" role="status">
                <h1 class="mc-panel__title">{l.pick("Đã nộp hồ sơ", "Application submitted")}</h1>
                <p class="mc-panel__body">{l.pick("Mã hồ sơ của bạn", "Your dossier code")}<br/><strong class="mc-panel__code">{r.code.clone()}</strong></p>
            </div>
            <h2 class="mc-section__title">{l.pick("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Receipt and appointment for the result")}</h2>
            <div class="mc-receipt__grid">
                <dl class="mc-summary-list">
                    <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Mã hồ sơ", "Dossier code")}</dt><dd class="mc-summary-list__value">{r.code.clone()}</dd></div>
                    <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Thủ tục", "Procedure")}</dt><dd class="mc-summary-list__value">{l.text(&r.procedure_name)}</dd></div>
                    <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Cơ quan giải quyết", "Agency")}</dt><dd class="mc-summary-list__value">{l.text(&r.agency_name)}</dd></div>
                    <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Ngày nộp", "Submitted on")}</dt><dd class="mc-summary-list__value">{date_time_text(r.submitted_at, l)}</dd></div>
                    <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Ngày hẹn trả kết quả", "Result due")}</dt><dd class="mc-summary-list__value"><strong>{date_text(r.due_date, l)}</strong></dd></div>
                    <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Cách nhận kết quả", "How the result is returned")}</dt><dd class="mc-summary-list__value">{delivery}</dd></div>
                    {r.fees.as_ref().map(|b| view! {
                        <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Phí, lệ phí phải nộp", "Fees to pay")}</dt><dd class="mc-summary-list__value"><strong>{vnd(b.total_vnd, l)}</strong>{(b.total_vnd > 0).then(|| view! { " " <a href=paths::dossier(&r.code)>{l.pick("Xem và thanh toán trên trang hồ sơ", "See and pay on the dossier's page")}</a> })}</dd></div>
                    })}
                    {(!r.tracking_pin.is_empty()).then(|| view! {
                        <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Mã tra cứu", "Tracking PIN")}</dt><dd class="mc-summary-list__value"><strong>{pin_display(&r.tracking_pin)}</strong></dd></div>
                    })}
                </dl>
                <img class="mc-receipt__qr" src=qr width="160" height="160" alt=format!("{} {}", l.pick("Mã QR tra cứu hồ sơ", "QR code to track dossier"), r.code)/>
            </div>
            <p>{l.pick(
                "Ai có mã hồ sơ và mã tra cứu đều xem được hồ sơ đang ở đâu mà không cần đăng nhập: quét mã QR, hoặc nhập hai mã này ở trang Tra cứu hồ sơ. Hãy giữ mã tra cứu như giữ giấy tiếp nhận.",
                "Anyone with the dossier code and the tracking PIN can see where the dossier is without signing in: scan the QR code, or enter both on the Track a dossier page. Keep the PIN as you keep this receipt.",
            )}</p>
            <h2 class="mc-section__title">{l.pick("Giấy tờ đã nhận", "Documents received")}</h2>
            <ol class="mc-list mc-list--number">
                {r.documents.iter().map(|d| view! {
                    <li>{format!("{} — {}", l.text(&d.name), d.files.iter().map(|f| f.name.clone()).collect::<Vec<_>>().join(", "))}</li>
                }).collect_view()}
            </ol>
            {(!r.provided_otherwise.is_empty()).then(|| view! {
                <h2 class="mc-section__title">{l.pick("Giấy tờ không tải lên", "Documents not uploaded")}</h2>
                <ul class="mc-list mc-list--bullet">
                    {r.provided_otherwise.iter().map(|d| view! {
                        <li>{format!("{} — {}", l.text(&d.name), d.provided.instead().map(|how| l.text(&how)).unwrap_or_default())}</li>
                    }).collect_view()}
                </ul>
            })}
            <div class="mc-button-group mc-receipt__print">
                <button class="mc-button mc-button--secondary" type="button" on:click=|_| { let _ = window().print(); }>
                    {l.pick("In giấy tiếp nhận", "Print the receipt")}
                </button>
                <a class="mc-receipt__link" href=paths::dossier(&r.code)>{l.pick("Theo dõi hồ sơ", "Follow the dossier")}</a>
                {project.as_ref().map(|p| view! { <a class="mc-receipt__link" href=paths::project(p)>{l.pick("Về trang dự án", "Back to the project")}</a> })}
            </div>
        }
    }
}
