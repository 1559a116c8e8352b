use leptos::prelude::*;
use motcua::api::{self, ApiError};
use motcua::format::vnd;
use motcua::i18n::{tr, use_lang, Lang};
use motcua_api::payment::{ExemptionDecision, FeeDecisionRequest, FeeStatus};

use super::{in_words, said, ErrorSummary, FieldErrors, TextArea};
use crate::live::{focus_id, LiveDossier};

const REASON_ID: &str = "fee-reason";

/// Problems by key onto this form's controls: the only field is the reason.
fn onto_controls(found: FieldErrors) -> FieldErrors {
    found
        .into_iter()
        .map(|(key, m)| match key.as_str() {
            "reason" => (REASON_ID.to_string(), m),
            _ => (key, m),
        })
        .collect()
}

fn refused(e: &ApiError, l: Lang) -> String {
    match e {
        ApiError::Refused(409, _) => l.pick(
            "Không còn gì để quyết định: miễn giảm đã được xét, hoặc không còn khoản nào phải nộp. Trang đã được cập nhật.",
            "Nothing is left to decide: the exemption was decided, or nothing is owed. The page has been updated.",
        ),
        ApiError::Refused(401, _) => l.pick(
            "Phiên đăng nhập đã hết. Hãy đăng nhập lại rồi thử lại.",
            "You have been signed out. Sign in again, then try again.",
        ),
        ApiError::Refused(..) => l.pick(
            "Chỉ cơ quan đang giữ hồ sơ quyết định về phí, lệ phí.",
            "Only the agency holding the dossier decides on its fees.",
        ),
        _ => l.pick(
            "Chưa gửi được. Kiểm tra kết nối mạng rồi thử lại.",
            "It could not be sent. Check your connection, then try again.",
        ),
    }
    .into()
}

/// What the officer holding a dossier decides about its fees: the declared exemption accepted once
/// its proof is seen, or refused with a reason, and what is owed recorded as paid at the desk. The
/// page shows the fees as the answer leaves them.
#[component]
pub fn FeeDecisions(
    /// The dossier's code.
    code: String,
    /// The dossier on the page, updated with the answer.
    live: LiveDossier,
    /// The dossier's fees as the page shows them.
    fees: Memo<Option<FeeStatus>>,
) -> impl IntoView {
    let lang = use_lang();
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let claimed = move || {
        fees.with(|f| {
            f.as_ref()
                .and_then(|f| f.exemption.as_ref())
                .is_some_and(|e| e.decision == ExemptionDecision::Claimed)
        })
    };
    let owed = move || fees.with(|f| f.as_ref().map_or(0, |f| f.owed_vnd));
    let send = move |req: FeeDecisionRequest| {
        if sending.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        general.set(None);
        let found = onto_controls(in_words(req.problems()));
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        sending.set(true);
        let code = code.clone();
        leptos::task::spawn_local(async move {
            let answer = api::fees::decide(&code, &req).await;
            sending.set(false);
            match answer {
                Ok(status) => {
                    live.data.update(|d| {
                        if let Some(Ok(v)) = d {
                            v.fees = Some(status);
                        }
                    });
                    reason.set(String::new());
                    live.announcement.set(
                        l.pick(
                            "Đã ghi nhận quyết định về phí, lệ phí.",
                            "The decision on the fees is recorded.",
                        )
                        .into(),
                    );
                    focus_id("fees-heading");
                }
                Err(ApiError::Invalid(body)) => errors.set(onto_controls(said(&body))),
                Err(e) => {
                    general.set(Some(refused(&e, l)));
                    live.reload();
                }
            }
        });
    };
    let accept = {
        let send = send.clone();
        move |_| send(FeeDecisionRequest::AcceptExemption)
    };
    let desk = {
        let send = send.clone();
        move |_| send(FeeDecisionRequest::PaidAtDesk)
    };
    let refuse = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(FeeDecisionRequest::RefuseExemption {
            reason: reason.get_untracked().trim().to_string(),
        });
    };
    let e: Signal<FieldErrors> = errors.into();
    view! {
        <div class="mc-fee-decisions" hidden=move || !claimed() && owed() == 0>
            <h3 class="mc-fees__subtitle" id="fee-decisions-heading">{move || lang.get().pick("Quyết định về phí, lệ phí", "Decide on the fees")}</h3>
            <ErrorSummary errors=e general=general/>
            <Show when=claimed>
                <div class="mc-fee-decisions__exemption">
                    <p>{move || lang.get().pick(
                        "Kiểm tra giấy tờ chứng minh đối tượng miễn, giảm nêu trên rồi chấp nhận hoặc không chấp nhận.",
                        "Check the proof of the exemption above, then accept or refuse it.",
                    )}</p>
                    <button class="mc-button" type="button" disabled=move || sending.get() on:click=accept.clone()>
                        {move || lang.get().pick("Chấp nhận miễn, giảm", "Accept the exemption")}
                    </button>
                    <form class="mc-form" novalidate on:submit=refuse.clone() aria-labelledby="fee-refuse-heading">
                        <h4 class="mc-fee-decisions__title" id="fee-refuse-heading">{move || lang.get().pick("Không chấp nhận miễn, giảm", "Refuse the exemption")}</h4>
                        <TextArea id=REASON_ID label=tr("Lý do không chấp nhận", "Reason for refusing") value=reason errors=e/>
                        <button class="mc-button mc-button--warning" type="submit" disabled=move || sending.get()>
                            {move || lang.get().pick("Không chấp nhận miễn, giảm", "Refuse the exemption")}
                        </button>
                    </form>
                </div>
            </Show>
            <Show when=move || { owed() > 0 }>
                <div class="mc-fee-decisions__desk">
                    <p>{move || format!("{} {}.", lang.get().pick(
                        "Khi người nộp đã nộp tại quầy (tiền mặt hoặc thẻ) số tiền còn phải nộp:",
                        "When the applicant has paid at the desk (cash or card) what is owed:",
                    ), vnd(owed(), lang.get()))}</p>
                    <button class="mc-button mc-button--secondary" type="button" disabled=move || sending.get() on:click=desk.clone()>
                        {move || lang.get().pick("Ghi nhận đã nộp tại quầy", "Record paid at the desk")}
                    </button>
                </div>
            </Show>
        </div>
    }
}
