use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use motcua::api::{self, ApiError};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::dossier::UploadInfo;
use motcua_api::feedback::{About, FeedbackReceipt, FeedbackRequest};
use motcua_api::paths;
use serde::{Deserialize, Serialize};

use crate::components::{
    in_words, said, ErrorSummary, FieldErrors, FilePicker, TextArea, TextField,
};
use crate::dates::date_text;
use crate::live::focus_id;
use crate::saved;

/// Where the form is kept in this browser while it is typed.
const KEPT: &str = "motcua.feedback";

/// The form as typed, its files with their names, and the key every try of this one send carries.
#[derive(Clone, Default, Serialize, Deserialize)]
struct Kept {
    request: FeedbackRequest,
    files: Vec<UploadInfo>,
}

fn random_key() -> String {
    let mut bytes = [0u8; 12];
    if let Ok(c) = window().crypto() {
        let _ = c.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The subject the address names (`?thu-tuc=`, `?co-quan=`, `?can-bo=`, `?ho-so=`), as
/// [`paths::send_feedback`] writes it.
fn about_from_address(q: &leptos_router::params::ParamsMap) -> Option<About> {
    let get = |k: &str| {
        q.get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    get("thu-tuc")
        .map(About::Procedure)
        .or_else(|| get("co-quan").map(About::Agency))
        .or_else(|| get("can-bo").map(About::Officer))
        .or_else(|| get("ho-so").map(About::Dossier))
}

fn kind_of(about: &About) -> &'static str {
    match about {
        About::Procedure(_) => "procedure",
        About::Agency(_) => "agency",
        About::Officer(_) => "officer",
        About::Dossier(_) | About::Rating(_) => "dossier",
    }
}

fn about_of(kind: &str, id: String) -> Option<About> {
    let id = id.trim().to_string();
    (!id.is_empty()).then_some(match kind {
        "agency" => About::Agency(id),
        "officer" => About::Officer(id),
        "dossier" => About::Dossier(id),
        _ => About::Procedure(id),
    })
}

/// The id of the control a problem's key (`title`, `phone`, `files`…) is shown beside.
fn control_id(key: &str) -> String {
    let name = key.split(['.', '[']).next().unwrap_or(key);
    format!("fb-{name}")
}

const KINDS: [(&str, &str, &str); 4] = [
    (
        "procedure",
        "Một thủ tục hành chính",
        "An administrative procedure",
    ),
    ("agency", "Một cơ quan", "An agency"),
    (
        "officer",
        "Thái độ, hành vi của cán bộ",
        "An officer's conduct",
    ),
    (
        "dossier",
        "Hồ sơ của tôi (cần đăng nhập)",
        "My dossier (sign in first)",
    ),
];

/// `/phan-anh`: anyone sends feedback or a complaint — signed in, or with a name and a phone or
/// e-mail to be answered at — about a procedure (its page links here with it filled in), an agency,
/// an officer's conduct or their dossier, with photos or documents. What is typed is kept in this
/// browser until it is sent; a doubled tap sends once. The receipt gives the code and the PIN to
/// follow it by.
#[component]
pub fn FeedbackSend() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    Effect::new(move |_| {
        set_title(
            lang.get()
                .pick("Gửi phản ánh, kiến nghị", "Send feedback or a complaint"),
        )
    });
    let mut kept: Kept = saved::load(KEPT).unwrap_or_default();
    if kept.request.idempotency_key.is_empty() {
        kept.request.idempotency_key = random_key();
    }
    if let Some(about) = query.with_untracked(about_from_address) {
        kept.request.about = Some(about);
    }
    let r = kept.request;
    let key = StoredValue::new(r.idempotency_key.clone());
    let kind = RwSignal::new(
        r.about
            .as_ref()
            .map(kind_of)
            .unwrap_or("procedure")
            .to_string(),
    );
    let subject = RwSignal::new(match &r.about {
        Some(
            About::Procedure(id) | About::Agency(id) | About::Officer(id) | About::Dossier(id),
        ) => id.clone(),
        _ => String::new(),
    });
    let category = RwSignal::new(r.category);
    let title = RwSignal::new(r.title);
    let text = RwSignal::new(r.text);
    let name = RwSignal::new(r.name);
    let phone = RwSignal::new(r.phone);
    let email = RwSignal::new(r.email);
    let consent = RwSignal::new(r.consent);
    let files = RwSignal::new(kept.files);
    let uploading = RwSignal::new(false);
    let request = move || FeedbackRequest {
        about: about_of(&kind.get(), subject.get()),
        category: category.get(),
        title: title.get().trim().to_string(),
        text: text.get().trim().to_string(),
        files: files.get().into_iter().map(|f| f.id).collect(),
        name: name.get().trim().to_string(),
        phone: phone.get().trim().to_string(),
        email: email.get().trim().to_string(),
        consent: consent.get(),
        idempotency_key: key.get_value(),
    };
    let receipt = RwSignal::new(None::<FeedbackReceipt>);
    Effect::new(move |_| {
        let kept = Kept {
            request: request(),
            files: files.get(),
        };
        if receipt.with_untracked(Option::is_none) {
            saved::store(KEPT, &kept);
        }
    });

    let me = LocalResource::new(api::me);
    let signed_in = move || matches!(me.get(), Some(Ok(_)));
    let signed_in_now = move || matches!(me.get_untracked(), Some(Ok(_)));
    let categories = LocalResource::new(api::feedback::categories);
    let agencies = LocalResource::new(api::feedback::agencies);
    // The procedure's name, when it is one, so the person sees what they write about.
    let procedure = LocalResource::new(move || {
        let code = (kind.get() == "procedure").then(|| subject.get());
        async move {
            match code {
                Some(c) if !c.trim().is_empty() => api::procedure(c.trim()).await.ok(),
                _ => None,
            }
        }
    });

    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        general.set(None);
        if uploading.get_untracked() {
            general.set(Some(
                l.pick(
                    "Hãy đợi tệp tải lên xong.",
                    "Wait for the files to finish uploading.",
                )
                .into(),
            ));
            return;
        }
        let req = untrack(request);
        // The rules the server applies; until the categories are here, the server judges alone.
        let problems = categories
            .get_untracked()
            .and_then(Result::ok)
            .map(|d| req.problems(&d, signed_in_now()))
            .unwrap_or_default();
        let found: FieldErrors = in_words(problems)
            .into_iter()
            .map(|(k, m)| (control_id(&k), m))
            .collect();
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        sending.set(true);
        leptos::task::spawn_local(async move {
            let result = api::feedback::send_feedback(&req).await;
            sending.set(false);
            match result {
                Ok(r) => {
                    saved::forget(&[KEPT]);
                    receipt.set(Some(r));
                    request_animation_frame(|| focus_id("feedback-receipt"));
                }
                Err(ApiError::Invalid(body)) => errors.set(
                    said(&body)
                        .into_iter()
                        .map(|(k, m)| (control_id(&k), m))
                        .collect(),
                ),
                Err(e @ ApiError::TooMany { .. }) => general.set(e.wait().map(|w| {
                    format!("{} {}", l.pick("Bạn đã gửi quá nhiều lần.", "Too many sends."), l.text(&w))
                })),
                Err(ApiError::Refused(..)) => general.set(Some(
                    l.pick(
                        "Chỉ người nộp hồ sơ, đã đăng nhập, mới phản ánh được về hồ sơ đó.",
                        "Only the dossier's applicant, signed in, can send feedback about it.",
                    )
                    .into(),
                )),
                Err(_) => general.set(Some(
                    l.pick(
                        "Chưa gửi được. Nội dung bạn nhập vẫn được giữ; kiểm tra kết nối mạng rồi gửi lại.",
                        "It could not be sent. What you typed is kept; check your connection, then send again.",
                    )
                    .into(),
                )),
            }
        });
    };
    let e: Signal<FieldErrors> = errors.into();
    let error_of = move |id: &'static str| {
        move || {
            errors
                .get()
                .into_iter()
                .find(|(f, _)| f == id)
                .map(|(_, m)| lang.get().text(&m))
        }
    };

    let subject_control = move || {
        let l = lang.get();
        let k = kind.get();
        match k.as_str() {
            "agency" | "officer" => view! {
                <div class="mc-form-group" class:mc-form-group--error=move || error_of("fb-about")().is_some()>
                    <label class="mc-label" for="fb-about">{l.pick("Cơ quan", "Agency")}</label>
                    {move || error_of("fb-about")().map(|m| view! { <p class="mc-error-message" id="fb-about-error">{m}</p> })}
                    <select class="mc-select" id="fb-about" name="fb-about" on:change=move |ev| subject.set(event_target_value(&ev))
                        aria-describedby=move || error_of("fb-about")().map(|_| "fb-about-error")>
                        <option value="">{l.pick("Chọn cơ quan…", "Choose an agency…")}</option>
                        {move || agencies.get().and_then(Result::ok).map(|list| list.items.into_iter().map(|a| {
                            let id = a.agency.id.clone();
                            view! { <option value=a.agency.id.clone() prop:selected=move || subject.get() == id>{lang.get().text(&a.agency.name)}</option> }
                        }).collect_view())}
                    </select>
                </div>
            }.into_any(),
            "dossier" => view! {
                <TextField id="fb-about" label=tr("Mã hồ sơ", "Dossier code") value=subject errors=e/>
            }.into_any(),
            _ => view! {
                <TextField id="fb-about" label=tr("Mã thủ tục", "Procedure code")
                    hint=tr("Ghi ở trang thủ tục, ví dụ 1.001193. Để trống nếu không rõ và chọn cơ quan.", "Shown on the procedure's page, such as 1.001193.")
                    value=subject errors=e/>
                <p class="mc-hint" role="status">{move || procedure.get().flatten().map(|d| lang.get().text(&d.procedure.name))}</p>
            }.into_any(),
        }
    };

    let form = move || {
        let l = lang.get();
        view! {
            <ErrorSummary errors=e general=general/>
            <form class="mc-form" novalidate on:submit=submit aria-labelledby="feedback-title">
                <fieldset class="mc-form-group mc-fieldset">
                    <legend class="mc-fieldset__legend mc-fieldset__legend--small">{l.pick("Bạn phản ánh về", "What is it about?")}</legend>
                    <div class="mc-radios">
                        {KINDS.into_iter().map(|(id, vi, en)| {
                            let oid = format!("fb-kind-{id}");
                            view! {
                                <div class="mc-radios__item">
                                    <input class="mc-radios__input" type="radio" id=oid.clone() name="fb-kind" value=id
                                        prop:checked=move || kind.get() == id
                                        on:change=move |_| { kind.set(id.to_string()); subject.set(String::new()); category.set(String::new()); }/>
                                    <label class="mc-radios__label" for=oid>{l.pick(vi, en)}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                {subject_control}
                <div class="mc-form-group" class:mc-form-group--error=move || error_of("fb-category")().is_some()>
                    <label class="mc-label" for="fb-category">{l.pick("Loại phản ánh", "Category")}</label>
                    {move || error_of("fb-category")().map(|m| view! { <p class="mc-error-message" id="fb-category-error">{m}</p> })}
                    <select class="mc-select" id="fb-category" name="fb-category" on:change=move |ev| category.set(event_target_value(&ev))
                        aria-describedby=move || error_of("fb-category")().map(|_| "fb-category-error")>
                        <option value="">{l.pick("Chọn loại…", "Choose a category…")}</option>
                        {move || categories.get().and_then(Result::ok).map(|d| {
                            let k = kind.get();
                            d.categories.into_iter().filter(|c| c.about.contains(&k)).map(|c| {
                                let id = c.id.clone();
                                view! { <option value=c.id.clone() prop:selected=move || category.get() == id>{lang.get().text(&c.name)}</option> }
                            }).collect_view()
                        })}
                    </select>
                </div>
                <TextField id="fb-title" label=tr("Tiêu đề", "Title") hint=tr("Một câu ngắn nói vấn đề.", "One short sentence saying what the problem is.") value=title errors=e/>
                <TextArea id="fb-text" label=tr("Nội dung", "What happened") hint=tr("Việc gì, ở đâu, khi nào. Không cần ghi số định danh cá nhân.", "What, where and when. There is no need to give your ID number.") value=text errors=e rows=6/>
                <FilePicker id="fb-files" label=tr("Ảnh, tài liệu", "Photos or documents") optional=true files=files busy=uploading errors=e to=api::feedback::FILES/>
                {move || (!signed_in()).then(|| view! {
                    <fieldset class="mc-form-group mc-fieldset">
                        <legend class="mc-fieldset__legend mc-fieldset__legend--small">{move || lang.get().pick("Thông tin để trả lời bạn", "How to answer you")}</legend>
                        <p class="mc-hint">{move || lang.get().pick(
                            "Bạn chưa đăng nhập: hãy cho biết họ tên và số điện thoại hoặc thư điện tử. Cơ quan chỉ dùng để trả lời bạn; thông tin này không bao giờ được công khai.",
                            "You are not signed in: give your name and a phone number or e-mail. The agency uses them only to answer you; they are never published.",
                        )}" "<a href=paths::sign_in(Some(&paths::send_feedback(None)))>{move || lang.get().pick("Hoặc đăng nhập", "Or sign in")}</a></p>
                        <TextField id="fb-full_name" label=tr("Họ và tên", "Full name") value=name errors=e autocomplete="name"/>
                        <TextField id="fb-phone" label=tr("Số điện thoại", "Phone number") value=phone errors=e kind="tel" autocomplete="tel" inputmode="tel"/>
                        <TextField id="fb-email" label=tr("Thư điện tử", "E-mail") value=email errors=e kind="email" autocomplete="email"/>
                    </fieldset>
                })}
                <div class="mc-form-group">
                    <div class="mc-radios__item">
                        <input class="mc-radios__input" type="checkbox" id="fb-consent" aria-describedby="fb-consent-hint"
                            prop:checked=move || consent.get() on:change=move |ev| consent.set(event_target_checked(&ev))/>
                        <label class="mc-radios__label" for="fb-consent">{l.pick("Đồng ý công khai câu hỏi và câu trả lời", "I agree the question and its answer may be published")}</label>
                    </div>
                    <p class="mc-hint" id="fb-consent-hint">{l.pick(
                        "Để người khác gặp cùng vấn đề cũng biết câu trả lời. Cán bộ biên tập lại trước khi công khai; họ tên, số điện thoại, thư điện tử, địa chỉ và số giấy tờ của bạn không bao giờ được công khai.",
                        "So that others with the same problem find the answer too. An officer edits it before it is published; your name, phone, e-mail, address and document numbers are never published.",
                    )}</p>
                </div>
                <button class="mc-button" type="submit" disabled=move || sending.get()>{l.pick("Gửi phản ánh", "Send")}</button>
            </form>
        }
    };

    view! {
        <div class="mc-page mc-page--narrow">
            {move || match receipt.get() {
                Some(r) => view! { <Receipt receipt=r lang=lang.get()/> }.into_any(),
                None => view! {
                    <h1 class="mc-page__title" id="feedback-title">{move || lang.get().pick("Gửi phản ánh, kiến nghị", "Send feedback or a complaint")}</h1>
                    <p>{move || lang.get().pick(
                        "Gặp khó khăn khi làm thủ tục, hay muốn góp ý với một cơ quan? Cơ quan có thẩm quyền sẽ trả lời trong thời hạn quy định, và bạn theo dõi được bằng mã phản ánh.",
                        "A problem with a procedure, or something to tell an agency? The agency concerned answers by a set deadline, and you follow it with its code.",
                    )}</p>
                    <p><a href=paths::questions("", "")>{move || lang.get().pick("Xem các câu hỏi đã được trả lời", "See questions already answered")}</a></p>
                    {form}
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Receipt(receipt: FeedbackReceipt, lang: Lang) -> impl IntoView {
    let l = lang;
    let r = receipt;
    let follow = paths::feedback(&r.code, &r.pin);
    view! {
        <div class="mc-panel" role="status">
            <h1 class="mc-panel__title" id="feedback-receipt" tabindex="-1">{l.pick("Đã gửi phản ánh", "Feedback sent")}</h1>
            <p class="mc-panel__body">{l.pick("Mã phản ánh của bạn", "Your feedback code")}<br/><strong class="mc-panel__code">{r.code.clone()}</strong></p>
        </div>
        <dl class="mc-summary-list">
            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Mã phản ánh", "Feedback code")}</dt><dd class="mc-summary-list__value">{r.code.clone()}</dd></div>
            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Mã PIN", "PIN")}</dt><dd class="mc-summary-list__value"><strong>{r.pin.clone()}</strong></dd></div>
            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Cơ quan trả lời", "Answered by")}</dt><dd class="mc-summary-list__value">{l.text(&r.agency_name)}</dd></div>
            <div class="mc-summary-list__row"><dt class="mc-summary-list__key">{l.pick("Hạn trả lời", "Answer due")}</dt><dd class="mc-summary-list__value"><strong>{date_text(r.due_date, l)}</strong></dd></div>
        </dl>
        <p>{l.pick(
            "Hãy ghi lại mã phản ánh và mã PIN: không đăng nhập, bạn cần cả hai để xem câu trả lời. Mã PIN chỉ hiện một lần ở đây (và trong thư gửi bạn, nếu bạn cho thư điện tử).",
            "Write down the code and the PIN: without signing in you need both to see the answer. The PIN is shown only here (and in the mail sent to you, if you gave an e-mail).",
        )}</p>
        <p><a class="mc-button" href=follow>{l.pick("Theo dõi phản ánh", "Follow your feedback")}</a></p>
    }
}
