use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use motcua::i18n::use_lang;
use motcua_api::payment::PaymentOutcome;

/// How paying went, as the person comes back from the provider (`?thanh-toan=`): at the top of the
/// dossier's page and focused, so it is the first thing seen and heard. Nothing without the query.
#[component]
pub fn PaymentNotice() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let outcome =
        query.with_untracked(|q| q.get("thanh-toan").and_then(|k| PaymentOutcome::parse(&k)));
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            let _ = el.focus();
        }
    });
    outcome.map(|o| {
        let (modifier, role) = match o {
            PaymentOutcome::Paid => ("mc-payment-notice--paid", "status"),
            PaymentOutcome::Failed => ("mc-payment-notice--failed", "alert"),
            PaymentOutcome::Pending => ("mc-payment-notice--pending", "status"),
        };
        view! {
            <div class=format!("mc-payment-notice {modifier}") role=role tabindex="-1" node_ref=node>
                <p class="mc-payment-notice__title">{move || match o {
                    PaymentOutcome::Paid => lang.get().pick("Đã thanh toán phí, lệ phí", "The fee is paid"),
                    PaymentOutcome::Failed => lang.get().pick("Chưa thanh toán được.", "The payment did not go through."),
                    PaymentOutcome::Pending => lang.get().pick("Đang chờ xác nhận thanh toán", "Waiting for the payment to be confirmed"),
                }}</p>
                <p class="mc-payment-notice__body">{move || match o {
                    PaymentOutcome::Paid => lang.get().pick(
                        "Biên lai điện tử có ở mục Phí, lệ phí bên dưới.",
                        "The electronic receipt is under Fees below.",
                    ),
                    PaymentOutcome::Failed => lang.get().pick(
                        "Chưa có khoản tiền nào bị trừ. Bạn có thể thanh toán lại.",
                        "No money has been taken. You can pay again.",
                    ),
                    PaymentOutcome::Pending => lang.get().pick(
                        "Nhà cung cấp dịch vụ thanh toán chưa báo kết quả. Đừng thanh toán lại; trang sẽ tự cập nhật khi có kết quả.",
                        "The payment provider has not said how it went yet. Do not pay again; the page updates itself when it does.",
                    ),
                }}</p>
            </div>
        }
    })
}
