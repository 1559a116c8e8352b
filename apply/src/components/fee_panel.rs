use leptos::prelude::*;
use motcua::api::{self, ApiError};
use motcua::format::vnd;
use motcua::i18n::{use_lang, Lang};
use motcua_api::fees::{BillLine, FeeDue};
use motcua_api::paths;
use motcua_api::payment::{ExemptionDecision, FeeStatus, PaidHow};
use motcua_api::problem::Code;

use super::{for_officer, FeeDecisions};
use crate::dates::date_time_text;
use crate::live::LiveDossier;

/// Why paying could not start, in the reader's language.
fn pay_refused(e: &ApiError, l: Lang) -> String {
    if let Some(wait) = e.wait() {
        return format!(
            "{} {}",
            l.pick(
                "Hồ sơ đã có nhiều lần thanh toán trong một giờ qua.",
                "There have been many attempts to pay this dossier in the last hour."
            ),
            l.text(&wait)
        );
    }
    match e {
        ApiError::Refused(409, body) if body.code == "nothing_to_pay" => {
            l.text(&Code::NothingToPay.message())
        }
        ApiError::Refused(409, body) if body.code == "payments_unavailable" => {
            l.text(&Code::PaymentsUnavailable.message())
        }
        ApiError::Refused(401, _) => l
            .pick(
                "Phiên đăng nhập đã hết. Hãy đăng nhập lại rồi thử lại.",
                "You have been signed out. Sign in again, then try again.",
            )
            .into(),
        ApiError::Refused(..) => l
            .pick(
                "Bạn không thanh toán được phí, lệ phí của hồ sơ này.",
                "You cannot pay the fees of this dossier.",
            )
            .into(),
        _ => l
            .pick(
                "Chưa mở được trang thanh toán. Kiểm tra kết nối mạng rồi thử lại.",
                "The payment page could not be opened. Check your connection, then try again.",
            )
            .into(),
    }
}

fn line_name(line: &BillLine, l: Lang) -> String {
    match line.count {
        Some(n) => format!("{} (× {n})", l.text(&line.name)),
        None => l.text(&line.name),
    }
}

/// Where the fees stand, in a sentence: paid, owed now, owed later, or waiting for the provider.
fn standing(f: &FeeStatus, l: Lang) -> String {
    if f.pending {
        return l
            .pick(
                "Đang chờ xác nhận thanh toán.",
                "Waiting for the payment to be confirmed.",
            )
            .into();
    }
    if let Some(e) = f
        .exemption
        .as_ref()
        .filter(|e| e.decision == ExemptionDecision::Claimed)
    {
        return format!(
            "{} {}.",
            l.pick(
                "Chờ cán bộ xét miễn, giảm; nếu không được chấp nhận, phải nộp",
                "Waiting for an officer to check the exemption; if it is refused, the fee owed is",
            ),
            vnd(f.owed_vnd.saturating_add(e.exempted_vnd), l)
        );
    }
    if f.owed_vnd == 0 {
        return if f.paid_vnd > 0 {
            format!(
                "{} {}.",
                l.pick("Đã nộp đủ", "Paid in full:"),
                vnd(f.paid_vnd, l)
            )
        } else {
            l.pick("Không phải nộp.", "Nothing to pay.").into()
        };
    }
    if f.due_now {
        format!(
            "{} {}.",
            l.pick("Còn phải nộp", "Still to pay:"),
            vnd(f.owed_vnd, l)
        )
    } else if f.due_at == FeeDue::Result {
        format!(
            "{} {}.",
            l.pick(
                "Nộp khi có kết quả giải quyết:",
                "Due when the result is ready:"
            ),
            vnd(f.owed_vnd, l)
        )
    } else {
        format!(
            "{} {}.",
            l.pick("Chưa nộp", "Not paid:"),
            vnd(f.owed_vnd, l)
        )
    }
}

/// A dossier's fees: the bill line by line and its total, the exemption declared and what the
/// officer decided (with the proof checked), what is paid and owed — or due only once the result is
/// ready, or to be refunded — and the fee receipts, each with its printable page. The applicant pays
/// online from here; a handling officer decides on the exemption or records a payment at the desk.
#[component]
pub fn FeePanel(
    /// The dossier's code.
    code: String,
    /// The dossier on the page, whose `fees` this shows.
    live: LiveDossier,
    /// Drawn for an officer: the decisions instead of the pay button.
    officer: bool,
) -> impl IntoView {
    let lang = use_lang();
    let fees = Memo::new(move |_| live.view().and_then(|v| v.fees));
    let holds = Memo::new(move |_| live.view().is_some_and(|v| !v.actions.is_empty()));
    let paying = RwSignal::new(false);
    let pay_error = RwSignal::new(None::<String>);
    // Back from the provider's page, a page the browser kept whole must still let them pay. Heard
    // from an effect: a page drawn on the server has no window to listen to.
    Effect::new(move |_| {
        let shown = window_event_listener(leptos::ev::pageshow, move |_| paying.set(false));
        on_cleanup(move || shown.remove());
    });
    let pay = {
        let code = code.clone();
        move |_| {
            // A second tap while the first is on its way makes no second payment.
            if paying.get_untracked() {
                return;
            }
            paying.set(true);
            pay_error.set(None);
            let code = code.clone();
            let l = lang.get_untracked();
            leptos::task::spawn_local(async move {
                match api::fees::pay(&code, l == Lang::En).await {
                    // The button stays disabled while the provider's page loads.
                    Ok(start) => {
                        if window().location().assign(&start.pay_url).is_err() {
                            paying.set(false);
                        }
                    }
                    Err(e) => {
                        paying.set(false);
                        pay_error.set(Some(pay_refused(&e, l)));
                        live.reload();
                    }
                }
            });
        }
    };
    let body = {
        let code = code.clone();
        move || {
            let f = fees.get()?;
            let l = lang.get();
            let code = code.clone();
            let pay = pay.clone();
            let exemption = f.exemption.clone().map(|e| {
                let (decision, class) = match e.decision {
                    ExemptionDecision::Claimed => (
                        l.pick("Đang chờ cán bộ xét", "Waiting for an officer to check it"),
                        "mc-fees__decision--claimed",
                    ),
                    ExemptionDecision::Accepted => (
                        l.pick("Đã được chấp nhận", "Accepted"),
                        "mc-fees__decision--accepted",
                    ),
                    ExemptionDecision::Refused => (
                        l.pick(
                            "Không được chấp nhận: khoản phí được tính lại",
                            "Refused: the fee is owed again",
                        ),
                        "mc-fees__decision--refused",
                    ),
                };
                view! {
                    <div class="mc-fees__exemption">
                        <h3 class="mc-fees__subtitle">{l.pick("Miễn, giảm phí, lệ phí", "Fee exemption")}</h3>
                        <dl class="mc-summary-list mc-summary-list--compact">
                            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Đối tượng đã khai", "Declared as")}</dt><dd class="mc-summary-list__value">{l.text(&e.exemption.label())}</dd></div>
                            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Giấy tờ cán bộ kiểm tra", "Proof the officer checks")}</dt><dd class="mc-summary-list__value">{l.text(&e.exemption.proof())}</dd></div>
                            {(e.exempted_vnd > 0).then(|| view! {
                                <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Số tiền được miễn", "Amount let off")}</dt><dd class="mc-summary-list__value">{vnd(e.exempted_vnd, l)}</dd></div>
                            })}
                            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Kết quả xét", "Decision")}</dt><dd class=format!("mc-summary-list__value mc-fees__decision {class}")>{decision}</dd></div>
                        </dl>
                    </div>
                }
            });
            let pending = (f.pending && !for_officer(officer)).then(|| view! {
                <div class="mc-fees__pending">
                    <p>{l.pick(
                        "Đang chờ xác nhận thanh toán. Nhà cung cấp dịch vụ thanh toán chưa báo kết quả; trang sẽ tự cập nhật khi có.",
                        "Waiting for the payment to be confirmed. The payment provider has not said how it went yet; the page updates itself when it does.",
                    )}</p>
                    <button class="mc-button mc-button--secondary" type="button" on:click=move |_| live.reload()>
                        {l.pick("Cập nhật tình trạng thanh toán", "Check the payment again")}
                    </button>
                </div>
            });
            let pay_button = (f.pay_online && !for_officer(officer)).then(|| {
            let amount = vnd(f.owed_vnd, l);
                view! {
                    <div class="mc-fees__pay">
                        <button class="mc-button" type="button" aria-describedby="fees-pay-error" disabled=move || paying.get() on:click=pay>
                            {move || if paying.get() {
                                lang.get().pick("Đang mở trang thanh toán…", "Opening the payment page…").to_string()
                            } else {
                                match lang.get() {
                                    Lang::Vi => format!("Thanh toán trực tuyến {amount}"),
                                    Lang::En => format!("Pay {amount} online"),
                                }
                            }}
                        </button>
                        <p class="mc-error-message" id="fees-pay-error" role="alert">{move || pay_error.get()}</p>
                    </div>
                }
            });
            let refund = (f.refund_vnd > 0).then(|| {
                view! {
                    <p class="mc-fees__refund">{format!("{} {}.", l.pick(
                        "Hồ sơ không được giải quyết tiếp; khoản đã nộp sẽ được hoàn trả:",
                        "The dossier will not be handled further; what was paid is to be refunded:",
                    ), vnd(f.refund_vnd, l))}</p>
                }
            });
            let receipts = (!f.receipts.is_empty()).then(|| view! {
                <h3 class="mc-fees__subtitle" id="fee-receipts-heading">{l.pick("Biên lai thu phí, lệ phí", "Fee receipts")}</h3>
                <ul class="mc-list mc-list--plain" aria-labelledby="fee-receipts-heading">
                    {f.receipts.iter().map(|r| view! {
                        <li><a href=paths::fee_receipt(&code, &r.number)>{format!(
                            "{} {} – {} – {}",
                            l.pick("Biên lai số", "Receipt no."),
                            r.number,
                            vnd(r.amount_vnd, l),
                            date_time_text(r.paid_at, l),
                        )}</a>{match r.how {
                            PaidHow::Online => format!(" ({})", l.pick("trực tuyến", "online")),
                            PaidHow::Desk => format!(" ({})", l.pick("tại quầy", "at the desk")),
                        }}</li>
                    }).collect_view()}
                </ul>
            });
            Some(view! {
                <h2 class="mc-section__title" id="fees-heading" tabindex="-1">{l.pick("Phí, lệ phí", "Fees")}</h2>
                <p class="mc-fees__standing" class:mc-fees__standing--owed={f.owed_vnd > 0 && f.due_now}>{standing(&f, l)}</p>
                <dl class="mc-summary-list mc-fees__bill">
                    {f.bill.lines.iter().map(|line| view! {
                        <div class="mc-summary-list__row">
                            <dt class="mc-summary-list__key">{line_name(line, l)}</dt>
                            <dd class="mc-summary-list__value mc-fees__amount">{if line.exempt {
                                l.pick("Miễn theo đối tượng đã khai", "Exempt as declared").to_string()
                            } else {
                                vnd(line.amount_vnd, l)
                            }}</dd>
                        </div>
                    }).collect_view()}
                    <div class="mc-summary-list__row mc-fees__total">
                        <dt class="mc-summary-list__key">{l.pick("Tổng cộng", "Total")}</dt>
                        <dd class="mc-summary-list__value mc-fees__amount">{vnd(f.due_vnd, l)}</dd>
                    </div>
                    {(f.paid_vnd > 0).then(|| view! {
                        <div class="mc-summary-list__row">
                            <dt class="mc-summary-list__key">{l.pick("Đã nộp", "Paid")}</dt>
                            <dd class="mc-summary-list__value mc-fees__amount">{vnd(f.paid_vnd, l)}</dd>
                        </div>
                    })}
                </dl>
                {exemption}
                {refund}
                {pending}
                {pay_button}
                {receipts}
            })
        }
    };
    // The decisions stay out of the redrawn body, so a reason being typed outlives a change of
    // language or a payment arriving.
    let code = StoredValue::new(code);
    view! {
        <Show when=move || fees.with(Option::is_some)>
            <section class="mc-section mc-fees" aria-labelledby="fees-heading">
                {body.clone()}
                {for_officer(officer).then(|| view! {
                    <Show when=move || holds.get()>
                        <FeeDecisions code=code.get_value() live=live fees=fees/>
                    </Show>
                })}
            </section>
        </Show>
    }
}
