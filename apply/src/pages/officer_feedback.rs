use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use motcua::api::{self, ApiError};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::feedback::{
    change_problems, FeedbackAction, FeedbackActionRequest, FeedbackStatus, FeedbackView, Redaction,
};
use motcua_api::paths;

use crate::components::{
    in_words, said, ErrorSummary, FeedbackCase, FieldErrors, Loaded, TextArea,
};
use crate::live::focus_id;

/// The id of the control a problem's key is shown beside, in the form of `action`.
fn control_id(action: &str, key: &str) -> String {
    let name = key.split(['.', '[']).next().unwrap_or(key);
    format!("{action}-{name}")
}

/// The last answer given, to start the redaction from.
fn last_answer(v: &FeedbackView) -> String {
    v.events
        .iter()
        .rev()
        .find(|e| e.kind == "answered")
        .map(|e| e.text.clone())
        .unwrap_or_default()
}

/// `/can-bo/phan-anh/{code}`: an officer of the agency holding the feedback reads it with the
/// sender's contact, and answers it (saying what the agency changed because of it, if anything),
/// forwards it to the competent agency, or asks the sender for more information. With the sender's
/// consent, once answered, the officer redacts the question and the answer for publication — the
/// original's words to start from, refused while they hold personal data — and then, as a step of
/// its own, confirms and publishes the redaction.
#[component]
pub fn OfficerFeedback() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
    Effect::new(move |_| set_title(lang.get().pick("Trả lời phản ánh", "Answer feedback")));
    let reloads = RwSignal::new(0u32);
    let found = {
        let code = code.clone();
        LocalResource::new(move || {
            let code = code.clone();
            reloads.track();
            async move { api::feedback::officer_feedback(&code).await }
        })
    };
    let categories = LocalResource::new(api::feedback::categories);
    view! {
        <div class="mc-page mc-page--narrow">
            <p><a href=paths::feedback_queue()>{move || lang.get().pick("‹ Phản ánh cần trả lời", "‹ Feedback to answer")}</a></p>
            <Loaded
                data=Signal::derive(move || found.get())
                loading=tr("Đang tải phản ánh…", "Loading the feedback…")
                failed=tr("Chưa tải được phản ánh.", "The feedback could not be loaded.")
                here=paths::officer_feedback(&code)
                forbidden=move || view! {
                    <h1 class="mc-page__title">{move || lang.get().pick("Phản ánh của cơ quan khác", "Another agency's feedback")}</h1>
                }
                let:v
            >
                {
                    let case = v.clone();
                    move || {
                        let l = lang.get();
                        let cats = categories.get().and_then(Result::ok);
                        let contact = case.contact.clone();
                        view! {
                            <h1 class="mc-page__title">{format!("{} {}", l.pick("Phản ánh", "Feedback"), case.code)}</h1>
                            <FeedbackCase view=case.clone() categories=cats lang=l/>
                            {contact.map(|c| view! {
                                <section class="mc-section" aria-labelledby="feedback-contact">
                                    <h2 class="mc-section__title" id="feedback-contact">{l.pick("Liên hệ người gửi (không công khai)", "The sender's contact (never published)")}</h2>
                                    <p>{[c.name, c.phone, c.email].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")}</p>
                                </section>
                            })}
                        }
                    }
                }
                <Actions view=v.clone() reload=Callback::new(move |_| reloads.update(|n| *n += 1))/>
            </Loaded>
        </div>
    }
}

/// Where the actions' forms say how a send goes.
#[derive(Clone, Copy)]
struct Said {
    errors: RwSignal<FieldErrors>,
    general: RwSignal<Option<String>>,
    sending: RwSignal<bool>,
}

/// Sends an action, showing what went wrong beside the fields of the form `form` (their ids start
/// with its name); `done` runs once it is taken.
fn take(
    code: String,
    req: FeedbackActionRequest,
    form: &'static str,
    to: Said,
    done: impl FnOnce(FeedbackView) + 'static,
    l: Lang,
) {
    let Said {
        errors,
        general,
        sending,
    } = to;
    let found: FieldErrors = in_words(req.problems())
        .into_iter()
        .map(|(k, m)| (control_id(form, &k), m))
        .collect();
    errors.set(found.clone());
    general.set(None);
    if !found.is_empty() || sending.get_untracked() {
        return;
    }
    sending.set(true);
    leptos::task::spawn_local(async move {
        let result = api::feedback::act(&code, &req).await;
        sending.set(false);
        match result {
            Ok(view) => done(view),
            Err(ApiError::Invalid(body)) => errors.set(
                said(&body)
                    .into_iter()
                    .map(|(k, m)| (control_id(form, &k), m))
                    .collect(),
            ),
            Err(ApiError::Refused(409, _)) => general.set(Some(
                l.pick(
                    "Phản ánh vừa thay đổi hoặc việc này không làm được lúc này. Hãy tải lại trang.",
                    "The feedback has just changed, or this cannot be done now. Reload the page.",
                )
                .into(),
            )),
            Err(ApiError::Refused(_, body)) => general.set(Some(body.message)),
            Err(_) => general.set(Some(
                l.pick(
                    "Chưa gửi được. Kiểm tra kết nối mạng rồi thử lại.",
                    "It could not be sent. Check your connection, then try again.",
                )
                .into(),
            )),
        }
    });
}

#[component]
fn Actions(view: FeedbackView, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let v = view;
    let code = StoredValue::new(v.code.clone());
    // Each action moves the feedback on a version; a redaction is answered with the next.
    let version = RwSignal::new(v.version);
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let e: Signal<FieldErrors> = errors.into();
    let open = matches!(
        v.status,
        FeedbackStatus::Received | FeedbackStatus::Reopened | FeedbackStatus::InfoRequested
    );
    let published = v.events.iter().any(|e| e.kind == "published");
    let may_publish = v.consent && !open && !published;

    let answer = RwSignal::new(String::new());
    let change = RwSignal::new(String::new());
    let agency = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let question = RwSignal::new(String::new());
    // The redaction saved and not yet published, kept by the server: publishing it is the next,
    // separate step, whether it was saved in this visit or an earlier one.
    let waiting = v
        .redaction
        .as_ref()
        .filter(|r| r.published_at.is_none())
        .map(|r| (r.title.clone(), r.question.clone(), r.answer.clone()));
    let saved = RwSignal::new(waiting.clone());
    let (title, text, answered) =
        waiting.unwrap_or_else(|| (v.title.clone(), v.text.clone(), last_answer(&v)));
    let r_title = RwSignal::new(title);
    let r_question = RwSignal::new(text);
    let r_answer = RwSignal::new(answered);
    let checked = RwSignal::new(false);
    let sender_name = StoredValue::new(
        v.contact
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default(),
    );
    let agencies = LocalResource::new(api::feedback::agencies);

    let act =
        move |form: &'static str, action: FeedbackAction, done: Box<dyn FnOnce(FeedbackView)>| {
            take(
                code.get_value(),
                FeedbackActionRequest {
                    version: version.get_untracked(),
                    action,
                },
                form,
                Said {
                    errors,
                    general,
                    sending,
                },
                done,
                lang.get_untracked(),
            );
        };
    let after = move |_: FeedbackView| {
        reload.run(());
        request_animation_frame(|| focus_id("feedback-events"));
    };
    let redact = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (t, q, a) = (
            r_title.get_untracked().trim().to_string(),
            r_question.get_untracked().trim().to_string(),
            r_answer.get_untracked().trim().to_string(),
        );
        // Personal data in the redaction is refused here, as the server refuses it.
        let name = sender_name.get_value();
        let personal: FieldErrors = in_words(
            Redaction {
                title: &t,
                question: &q,
                answer: &a,
                sender_name: &name,
            }
            .problems(),
        )
        .into_iter()
        .map(|(k, m)| (control_id("redact", &k), m))
        .collect();
        if !personal.is_empty() {
            errors.set(personal);
            return;
        }
        let kept = (t.clone(), q.clone(), a.clone());
        act(
            "redact",
            FeedbackAction::Redact {
                title: t,
                question: q,
                answer: a,
            },
            Box::new(move |now: FeedbackView| {
                version.set(now.version);
                saved.set(Some(kept));
                checked.set(false);
                request_animation_frame(|| focus_id("feedback-publish"));
            }),
        );
    };

    view! {
        <ErrorSummary errors=e general=general/>
        {move || published.then(|| {
            let l = lang.get();
            view! {
                <p role="status">{l.pick("Câu hỏi và câu trả lời đã được công khai (bản đã biên tập).", "The question and answer are published (the redacted version).")}" "
                <a href=paths::question(&code.get_value())>{l.pick("Xem bản công khai", "See what is published")}</a></p>
            }
        })}
        {open.then(|| view! {
            <section class="mc-section" aria-labelledby="act-answer">
                <h2 class="mc-section__title" id="act-answer">{move || lang.get().pick("Trả lời", "Answer")}</h2>
                <form class="mc-form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    // What changed is published: personal data in it is refused here, as the
                    // server refuses it.
                    let personal: FieldErrors = in_words(change_problems(&change.get_untracked(), &sender_name.get_value()))
                        .into_iter()
                        .map(|(k, m)| (control_id("answer", &k), m))
                        .collect();
                    if !personal.is_empty() {
                        errors.set(personal);
                        return;
                    }
                    act("answer", FeedbackAction::Answer {
                        text: answer.get_untracked().trim().to_string(),
                        files: Vec::new(),
                        change: change.get_untracked().trim().to_string(),
                    }, Box::new(after));
                }>
                    <TextArea id="answer-answer" label=tr("Câu trả lời gửi người phản ánh", "The answer to the sender") value=answer errors=e rows=6/>
                    <TextArea id="answer-change" label=tr("Cơ quan đã thay đổi gì nhờ phản ánh này (nếu có)", "What the agency changed because of it (if anything)")
                        hint=tr("Hiện ở trang “Bạn nói, chúng tôi làm”. Để trống nếu không có gì thay đổi.", "Shown on the “You said, we did” page. Leave it empty if nothing changed.")
                        value=change errors=e rows=3/>
                    <button class="mc-button" type="submit" disabled=move || sending.get()>{move || lang.get().pick("Gửi câu trả lời", "Send the answer")}</button>
                </form>
            </section>
            <details class="mc-details">
                <summary class="mc-details__summary">{move || lang.get().pick("Chuyển cơ quan có thẩm quyền", "Forward to the competent agency")}</summary>
                <div class="mc-details__body">
                    <form class="mc-form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        act("forward", FeedbackAction::Forward {
                            agency: agency.get_untracked(),
                            reason: reason.get_untracked().trim().to_string(),
                        }, Box::new(after));
                    }>
                        <div class="mc-form-group">
                            <label class="mc-label" for="forward-agency">{move || lang.get().pick("Cơ quan nhận", "Forward to")}</label>
                            {move || errors.get().into_iter().find(|(f, _)| f == "forward-agency").map(|(_, m)| view! { <p class="mc-error-message">{lang.get().text(&m)}</p> })}
                            <select class="mc-select" id="forward-agency" on:change=move |ev| agency.set(event_target_value(&ev))>
                                <option value="">{move || lang.get().pick("Chọn cơ quan…", "Choose an agency…")}</option>
                                {move || agencies.get().and_then(Result::ok).map(|list| list.items.into_iter().map(|a| view! {
                                    <option value=a.agency.id.clone()>{lang.get().text(&a.agency.name)}</option>
                                }).collect_view())}
                            </select>
                        </div>
                        <TextArea id="forward-reason" label=tr("Lý do chuyển", "Why it is forwarded") value=reason errors=e rows=3/>
                        <button class="mc-button mc-button--secondary" type="submit" disabled=move || sending.get()>{move || lang.get().pick("Chuyển", "Forward")}</button>
                    </form>
                </div>
            </details>
            <details class="mc-details">
                <summary class="mc-details__summary">{move || lang.get().pick("Đề nghị người gửi bổ sung thông tin", "Ask the sender for more information")}</summary>
                <div class="mc-details__body">
                    <form class="mc-form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        act("ask", FeedbackAction::AskInfo { question: question.get_untracked().trim().to_string() }, Box::new(after));
                    }>
                        <TextArea id="ask-question" label=tr("Cần bổ sung gì", "What is needed") hint=tr("Thời hạn trả lời tạm dừng đến khi người gửi bổ sung.", "The deadline stops until the sender replies.") value=question errors=e rows=3/>
                        <button class="mc-button mc-button--secondary" type="submit" disabled=move || sending.get()>{move || lang.get().pick("Gửi đề nghị", "Ask")}</button>
                    </form>
                </div>
            </details>
        })}
        {(!v.consent && !open).then(|| view! {
            <p class="mc-hint">{move || lang.get().pick("Người gửi không đồng ý công khai: phản ánh này không được công khai.", "The sender did not agree to publish: this feedback is not published.")}</p>
        })}
        {may_publish.then(|| view! {
            <section class="mc-section" aria-labelledby="act-redact">
                <h2 class="mc-section__title" id="act-redact">{move || lang.get().pick("Biên tập để công khai", "Redact for publication")}</h2>
                <p>{move || lang.get().pick(
                    "Người gửi đồng ý công khai. Viết lại câu hỏi và câu trả lời cho mọi người đọc: bỏ họ tên, số điện thoại, thư điện tử, địa chỉ, số giấy tờ và mọi chi tiết nhận ra được người gửi. Chỉ công khai sau khi bạn xác nhận ở bước sau.",
                    "The sender agreed to publish. Rewrite the question and the answer for everyone to read: take out names, phone numbers, e-mails, addresses, document numbers and any detail that identifies the sender. Nothing is published until you confirm in the next step.",
                )}</p>
                <form class="mc-form" novalidate on:submit=redact>
                    <TextArea id="redact-title" kind="text" label=tr("Tiêu đề công khai", "Published title") value=r_title errors=e/>
                    <TextArea id="redact-question" label=tr("Câu hỏi công khai", "Published question") value=r_question errors=e rows=6/>
                    <TextArea id="redact-answer" label=tr("Câu trả lời công khai", "Published answer") value=r_answer errors=e rows=6/>
                    <button class="mc-button mc-button--secondary" type="submit" disabled=move || sending.get()>{move || lang.get().pick("Lưu bản biên tập", "Save the redaction")}</button>
                </form>
            </section>
            {move || saved.get().map(|(t, q, a)| view! {
                <section class="mc-section mc-panel" aria-labelledby="feedback-publish">
                    <h2 class="mc-section__title" id="feedback-publish" tabindex="-1">{move || lang.get().pick("Xác nhận công khai", "Confirm and publish")}</h2>
                    <p>{move || lang.get().pick("Bản biên tập đã lưu, chưa công khai. Đọc lại đúng như mọi người sẽ thấy:", "The redaction is saved, not yet published. Read it as everyone will see it:")}</p>
                    <h3 class="mc-subsection__title">{t}</h3>
                    <p class="mc-timeline__note">{q}</p>
                    <p class="mc-timeline__label">{move || lang.get().pick("Trả lời:", "Answer:")}</p>
                    <p class="mc-timeline__note">{a}</p>
                    <form class="mc-form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        if !checked.get_untracked() {
                            errors.set(vec![("publish-checked".into(), motcua_api::Text::new(
                                "Xác nhận bản biên tập không còn thông tin cá nhân.",
                                "Confirm the redaction holds no personal data.",
                            ))]);
                            return;
                        }
                        act("publish", FeedbackAction::Publish, Box::new(move |now| { saved.set(None); after(now); }));
                    }>
                        <div class="mc-form-group">
                            <div class="mc-radios__item">
                                <input class="mc-radios__input" type="checkbox" id="publish-checked"
                                    prop:checked=move || checked.get() on:change=move |ev| checked.set(event_target_checked(&ev))/>
                                <label class="mc-radios__label" for="publish-checked">{move || lang.get().pick(
                                    "Tôi đã đọc lại: bản này không còn thông tin cá nhân của người gửi",
                                    "I have read it again: it holds none of the sender's personal data",
                                )}</label>
                            </div>
                        </div>
                        <button class="mc-button" type="submit" disabled=move || sending.get()>{move || lang.get().pick("Công khai", "Publish")}</button>
                    </form>
                </section>
            })}
        })}
    }
}
