use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use motcua::api;
use motcua::format::vnd;
use motcua::i18n::{set_title, tr, use_lang};
use motcua_api::paths;
use motcua_api::payment::{FeeReceipt as ReceiptData, PaidHow};

use crate::components::Loaded;
use crate::dates::date_time_text;

/// `/ho-so/:code/bien-lai/:number`: an electronic fee receipt (biên lai thu phí, lệ phí điện tử) —
/// its series and number, the date, who paid for which dossier and procedure, the agency, the fees,
/// the amount and how it was paid. It prints on one A4 page, like the dossier's receipt.
#[component]
pub fn FeeReceipt() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
    let number = params.with_untracked(|p| p.get("number").unwrap_or_default());
    let receipt = LocalResource::new({
        let (code, number) = (code.clone(), number.clone());
        move || {
            let (code, number) = (code.clone(), number.clone());
            async move { api::fees::receipt(&code, &number).await }
        }
    });
    Effect::new(move |_| set_title(lang.get().pick("Biên lai thu phí, lệ phí", "Fee receipt")));
    let back = paths::dossier(&code);
    view! {
        <div class="mc-page mc-page--narrow mc-receipt mc-fee-receipt">
            <Loaded
                data=Signal::derive(move || receipt.get())
                loading=tr("Đang tải…", "Loading…")
                failed=tr("Chưa tải được biên lai.", "The receipt could not be loaded.")
                here=paths::fee_receipt(&code, &number)
                not_found=move || view! {
                    <h1 class="mc-page__title">{move || lang.get().pick("Không tìm thấy biên lai", "Receipt not found")}</h1>
                    <p><a href=back.clone()>{move || lang.get().pick("Về trang hồ sơ", "Back to the dossier")}</a></p>
                }
                let:r
            >
                <Paper receipt=r/>
            </Loaded>
        </div>
    }
}

#[component]
fn Paper(receipt: ReceiptData) -> impl IntoView {
    let lang = use_lang();
    move || {
        let l = lang.get();
        let r = &receipt;
        let row = |k: &'static str, v: String| {
            view! {
                <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{k}</dt><dd class="mc-summary-list__value">{v}</dd></div>
            }
        };
        let how = match r.how {
            PaidHow::Online => l.pick("Thanh toán trực tuyến", "Paid online"),
            PaidHow::Desk => l.pick("Nộp tại quầy", "Paid at the desk"),
        };
        view! {
            <div class="mc-slip__head">
                <p class="mc-slip__agency">{l.text(&r.agency_name)}</p>
                <p class="mc-slip__nation">{l.pick("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM")}<br/>{l.pick("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness")}</p>
            </div>
            <h1 class="mc-page__title mc-slip__title">
                {l.pick("Biên lai thu phí, lệ phí", "Receipt for fees and charges")}
                <span class="mc-fee-receipt__kind">{l.pick("(Biên lai điện tử)", "(Electronic receipt)")}</span>
            </h1>
            <dl class="mc-summary-list mc-fee-receipt__ids">
                {row(l.pick("Ký hiệu", "Series"), r.series.clone())}
                {row(l.pick("Số", "Number"), r.number.clone())}
                {row(l.pick("Ngày thu", "Date"), date_time_text(r.paid_at, l))}
            </dl>
            <dl class="mc-summary-list">
                {row(l.pick("Người nộp", "Paid by"), r.payer.clone())}
                {row(l.pick("Mã hồ sơ", "Dossier code"), r.dossier.clone())}
                {row(l.pick("Thủ tục", "Procedure"), l.text(&r.procedure_name))}
                {row(l.pick("Cơ quan thu", "Collected by"), l.text(&r.agency_name))}
            </dl>
            <h2 class="mc-section__title">{l.pick("Khoản thu", "Fees")}</h2>
            <ul class="mc-list mc-list--bullet">
                {r.fees.iter().map(|f| view! { <li>{l.text(f)}</li> }).collect_view()}
            </ul>
            <dl class="mc-summary-list">
                <div class="mc-summary-list__row mc-fee-receipt__amount"><dt class="mc-summary-list__key">{l.pick("Số tiền", "Amount")}</dt><dd class="mc-summary-list__value"><strong>{vnd(r.amount_vnd, l)}</strong></dd></div>
                {row(l.pick("Hình thức thanh toán", "How it was paid"), how.to_string())}
                {r.transaction_no.clone().map(|n| row(l.pick("Mã giao dịch của đơn vị thanh toán", "Provider's transaction number"), n))}
            </dl>
            <div class="mc-button-group mc-receipt__print">
                <button class="mc-button mc-button--secondary" type="button" on:click=|_| { let _ = window().print(); }>
                    {l.pick("In biên lai", "Print the receipt")}
                </button>
                <a class="mc-receipt__link" href=paths::dossier(&r.dossier)>{l.pick("Về trang hồ sơ", "Back to the dossier")}</a>
            </div>
        }
    }
}
