use leptos::prelude::*;
use motcua::api::{self, ApiError};
use motcua::i18n::{tr, use_lang, Lang};
use motcua_api::company::{Verification, VerificationDecision, VerificationStatus};

use super::{in_words, said, size_text, ErrorSummary, FieldErrors, TextArea};
use crate::dates::{date_time_text, iso_time};
use crate::live::focus_id;

/// One company waiting to be checked, for a business-registration officer: the company, its tax
/// code, its legal representative, who asked and when, its certificate to download, and the
/// decision — confirm, or refuse with the reason the company will read.
#[component]
pub fn VerificationItem(
    /// The request, as the queue lists it.
    verification: Verification,
) -> impl IntoView {
    let lang = use_lang();
    let v = verification;
    let id = v.id;
    let heading = format!("verification-{id}");
    let outcome_id = format!("verification-{id}-outcome");
    let reason_id = format!("verification-{id}-reason");
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let decided = RwSignal::new(None::<VerificationStatus>);
    let decide = {
        let (outcome_id, reason_id) = (outcome_id.clone(), reason_id.clone());
        move |confirm: bool| {
            if sending.get_untracked() {
                return;
            }
            let decision = VerificationDecision {
                confirm,
                reason: if confirm {
                    String::new()
                } else {
                    reason.get_untracked().trim().to_string()
                },
            };
            let on_reason = {
                let reason_id = reason_id.clone();
                move |found: FieldErrors| -> FieldErrors {
                    found
                        .into_iter()
                        .map(|(key, m)| match key.as_str() {
                            "reason" => (reason_id.clone(), m),
                            _ => (key, m),
                        })
                        .collect()
                }
            };
            let found = on_reason(in_words(decision.problems()));
            general.set(None);
            errors.set(found.clone());
            if !found.is_empty() {
                return;
            }
            sending.set(true);
            let outcome_id = outcome_id.clone();
            leptos::task::spawn_local(async move {
                let result = api::companies::decide(id, &decision).await;
                sending.set(false);
                let l = lang.get_untracked();
                match result {
                    Ok(done) => {
                        decided.set(Some(done.status));
                        request_animation_frame(move || focus_id(&outcome_id));
                    }
                    Err(ApiError::Invalid(body)) => errors.set(on_reason(said(&body))),
                    Err(ApiError::Refused(409, _)) => general.set(Some(
                        l.pick(
                            "Đề nghị này đã được cán bộ khác xử lý. Tải lại trang để xem danh sách mới.",
                            "Another officer has decided this request. Reload the page for the current list.",
                        )
                        .into(),
                    )),
                    Err(_) => general.set(Some(
                        l.pick(
                            "Chưa gửi được quyết định. Kiểm tra kết nối mạng rồi thử lại.",
                            "The decision could not be sent. Check your connection and try again.",
                        )
                        .into(),
                    )),
                }
            });
        }
    };
    let refuse = decide.clone();
    let e: Signal<FieldErrors> = errors.into();
    let company = v.company_name.clone();
    let outcome = {
        let company = company.clone();
        move || {
            let l = lang.get();
            decided.get().map(|s| match (s, l) {
                (VerificationStatus::Confirmed, Lang::Vi) => {
                    format!("Đã xác nhận {company}. Tài khoản của doanh nghiệp nay là quản trị.")
                }
                (VerificationStatus::Confirmed, Lang::En) => {
                    format!("{company} is confirmed. Its account now administers the company.")
                }
                (_, Lang::Vi) => format!("Đã từ chối {company}. Doanh nghiệp sẽ thấy lý do."),
                (_, Lang::En) => format!("{company} is refused. The company will see the reason."),
            })
        }
    };
    let rows = [
        ("Mã số thuế", "Tax code", v.tax_code.clone()),
        (
            "Người đại diện theo pháp luật",
            "Legal representative",
            v.legal_representative.clone(),
        ),
        ("Tài khoản đề nghị", "Asked by", v.requested_by.clone()),
    ];
    let certificate = format!(
        " ({}, {})",
        v.certificate.name,
        size_text(v.certificate.size)
    );
    let requested_at = v.requested_at;
    let labelled_by = heading.clone();
    let title = company.clone();
    view! {
        <section class="mc-verification" aria-labelledby=labelled_by>
            <h2 class="mc-verification__title" id=heading>{title}</h2>
            <dl class="mc-summary-list mc-summary-list--compact">
                {rows.into_iter().map(|(vi, en, value)| view! {
                    <div class="mc-summary-list__row">
                        <dt class="mc-summary-list__key">{move || lang.get().pick(vi, en)}</dt>
                        <dd class="mc-summary-list__value">{value}</dd>
                    </div>
                }).collect_view()}
                <div class="mc-summary-list__row">
                    <dt class="mc-summary-list__key">{move || lang.get().pick("Ngày đề nghị", "Asked on")}</dt>
                    <dd class="mc-summary-list__value"><time datetime=iso_time(requested_at)>{move || date_time_text(requested_at, lang.get())}</time></dd>
                </div>
            </dl>
            <p>
                <a href=api::companies::certificate_url(id) download>
                    {move || lang.get().pick("Tải giấy chứng nhận đăng ký doanh nghiệp", "Download the enterprise registration certificate")}
                    {certificate}
                </a>
            </p>
            <p class="mc-success" id=outcome_id tabindex="-1" role="status">{outcome}</p>
            <Show when=move || decided.get().is_none()>
                <ErrorSummary errors=e general=general/>
                <div class="mc-verification__decision">
                    <button class="mc-button mc-verification__confirm" type="button" disabled=move || sending.get() on:click={
                        let decide = decide.clone();
                        move |_| decide(true)
                    }>
                        {move || lang.get().pick("Xác nhận", "Confirm")}
                        <span class="mc-visually-hidden">{format!(" {company}")}</span>
                    </button>
                    <form class="mc-form" novalidate on:submit={
                        let refuse = refuse.clone();
                        move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            refuse(false);
                        }
                    }>
                        <TextArea
                            id=reason_id.clone()
                            label=tr("Lý do từ chối", "Reason for refusing")
                            hint=tr("Doanh nghiệp đọc lý do này để gửi lại cho đúng.", "The company reads this to send the right certificate.")
                            value=reason
                            errors=e
                        />
                        <button class="mc-button mc-button--warning" type="submit" disabled=move || sending.get()>
                            {move || lang.get().pick("Từ chối", "Refuse")}
                            <span class="mc-visually-hidden">{format!(" {company}")}</span>
                        </button>
                    </form>
                </div>
            </Show>
        </section>
    }
}
