use leptos::prelude::*;
use motcua::api::{self, ApiError};
use motcua::i18n::{tr, use_lang, Lang};
use motcua_api::company::{Verification, VerificationRequest, VerificationStatus};
use motcua_api::dossier::UploadInfo;
use motcua_api::{ErrorBody, Text};

use super::{in_words, said, ErrorSummary, FieldErrors, FilePicker};
use crate::dates::{date_time_text, day_text};
use crate::live::focus_id;

/// The file input's id, which is also the key the rules name the certificate by.
const CERTIFICATE: &str = "certificate";
const STATE: &str = "verification-state";

/// A head office account's verification as its company: where the request stands (none yet,
/// waiting, refused with the reason, or confirmed) and, until it is waiting or confirmed, the form
/// that sends the enterprise registration certificate to be checked.
#[component]
pub fn CompanyVerification(
    /// The account's latest request, updated here once a new one is sent.
    verification: RwSignal<Option<Verification>>,
) -> impl IntoView {
    let lang = use_lang();
    let state = move || {
        let l = lang.get();
        verification.get().map(|v| {
            let (class, text) = match v.status {
                VerificationStatus::Pending => (
                    "mc-company-verification__state mc-company-verification__state--pending",
                    format!(
                        "{} {}. {}",
                        l.pick("Đã gửi đề nghị lúc", "Asked at"),
                        date_time_text(v.requested_at, l),
                        l.pick(
                            "Cán bộ cơ quan đăng ký kinh doanh đang kiểm tra giấy chứng nhận.",
                            "An officer of the business registration agency is checking the certificate.",
                        )
                    ),
                ),
                VerificationStatus::Refused => (
                    "mc-company-verification__state mc-company-verification__state--refused",
                    format!(
                        "{} {}. {} {}",
                        l.pick("Đề nghị bị từ chối ngày", "Refused on"),
                        v.decided_at.map(|d| day_text(d, l)).unwrap_or_default(),
                        l.pick("Lý do:", "Reason:"),
                        v.reason
                    ),
                ),
                VerificationStatus::Confirmed => (
                    "mc-company-verification__state mc-company-verification__state--confirmed",
                    format!(
                        "{} {}. {}",
                        l.pick("Đã xác minh ngày", "Verified on"),
                        v.decided_at.map(|d| day_text(d, l)).unwrap_or_default(),
                        l.pick(
                            "Tài khoản này quản trị doanh nghiệp: mời, xóa thành viên và xem nhật ký.",
                            "This account administers the company: it invites and removes members and sees the log.",
                        )
                    ),
                ),
            };
            view! {
                <div class=class>
                    <p class="mc-company-verification__status">{l.text(&v.status.label())}</p>
                    <p class="mc-company-verification__text">{text}</p>
                    <p class="mc-company-verification__text">{format!("{} {}", l.pick("Giấy chứng nhận đã gửi:", "Certificate sent:"), v.certificate.name)}</p>
                </div>
            }
        })
    };
    let may_ask = move || {
        verification.with(|v| {
            v.as_ref()
                .is_none_or(|v| v.status == VerificationStatus::Refused)
        })
    };
    view! {
        <div class="mc-company-verification" id=STATE tabindex="-1">
            {move || verification.with(|v| v.is_none()).then(|| view! {
                <p>{move || lang.get().pick(
                    "Tài khoản trụ sở chính trở thành quản trị của doanh nghiệp khi cơ quan đăng ký kinh doanh đã kiểm tra giấy chứng nhận đăng ký doanh nghiệp. Khi đó, anh/chị mời được chi nhánh, nhân viên xem hoặc nộp hồ sơ thay doanh nghiệp.",
                    "The head office account becomes the company's administrator once the business registration agency has checked its enterprise registration certificate. It can then invite branches and staff to view or submit the company's dossiers.",
                )}</p>
            })}
            {state}
        </div>
        <Show when=may_ask>
            <AskForm verification=verification/>
        </Show>
    }
}

/// Sends the certificate, checked by the rules the server applies first.
#[component]
fn AskForm(verification: RwSignal<Option<Verification>>) -> impl IntoView {
    let lang = use_lang();
    let files = RwSignal::new(Vec::<UploadInfo>::new());
    let busy = RwSignal::new(false);
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let chosen = files.get_untracked();
        let req = VerificationRequest {
            certificate: chosen.first().map(|f| f.id.clone()).unwrap_or_default(),
        };
        let mut found = FieldErrors::new();
        if busy.get_untracked() {
            found.push((
                CERTIFICATE.into(),
                Text::new(
                    "Hãy chờ tệp tải lên xong.",
                    "Wait for the file to finish uploading.",
                ),
            ));
        }
        found.extend(in_words(req.problems()));
        general.set(None);
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        sending.set(true);
        leptos::task::spawn_local(async move {
            let result = api::companies::request_verification(&req).await;
            sending.set(false);
            let l = lang.get_untracked();
            match result {
                Ok(v) => {
                    // The file now belongs to the request: forgetting it here must not delete it.
                    files.set(Vec::new());
                    verification.set(Some(v));
                    request_animation_frame(|| focus_id(STATE));
                }
                Err(ApiError::Invalid(body)) => errors.set(said(&body)),
                Err(ApiError::Refused(_, body)) => general.set(Some(refusal(&body, l).into())),
                Err(_) => general.set(Some(
                    l.pick(
                        "Chưa gửi được đề nghị. Kiểm tra kết nối mạng rồi thử lại.",
                        "The request could not be sent. Check your connection and try again.",
                    )
                    .into(),
                )),
            }
        });
    };
    let e: Signal<FieldErrors> = errors.into();
    view! {
        <ErrorSummary errors=e general=general/>
        <form class="mc-form" novalidate on:submit=submit>
            <FilePicker
                id=CERTIFICATE
                label=tr("Giấy chứng nhận đăng ký doanh nghiệp", "Enterprise registration certificate")
                files=files
                single=true
                busy=busy
                errors=e
            />
            <button class="mc-button" type="submit" disabled=move || sending.get()>
                {move || if sending.get() {
                    lang.get().pick("Đang gửi…", "Sending…")
                } else {
                    lang.get().pick("Đề nghị xác minh", "Ask to be verified")
                }}
            </button>
        </form>
    }
}

/// Why the server would not take the request, by its stable code.
fn refusal(body: &ErrorBody, l: Lang) -> &'static str {
    match body.code.as_str() {
        "head_office_only" => l.pick(
            "Chi nhánh tham gia doanh nghiệp theo lời mời của tài khoản trụ sở chính, không tự đề nghị xác minh.",
            "A branch joins its company when the head office account invites it; it does not ask to be verified.",
        ),
        "company_verified" => l.pick(
            "Doanh nghiệp này đã được xác minh. Nếu cần tham gia, hãy đề nghị quản trị của doanh nghiệp mời.",
            "This company is verified already. To join it, ask its administrator to invite you.",
        ),
        "verification_pending" => l.pick(
            "Đề nghị trước đang chờ cán bộ kiểm tra. Tải lại trang để xem.",
            "Your earlier request is waiting for an officer. Reload the page to see it.",
        ),
        _ => l.pick(
            "Tài khoản này không đề nghị xác minh doanh nghiệp được.",
            "This account cannot ask to verify a company.",
        ),
    }
}
