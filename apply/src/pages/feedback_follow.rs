use leptos::prelude::*;
use leptos::wasm_bindgen::JsValue;
use leptos_router::hooks::{use_location, use_params_map};
use motcua::api::{self, ApiError};
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::{set_title, tr, use_lang};
use motcua_api::dossier::UploadInfo;
use motcua_api::feedback::{FeedbackStatus, FeedbackView, SenderReply, SenderReplyRequest};
use motcua_api::paths;

use crate::components::{
    in_words, said, ErrorSummary, FeedbackCase, FieldErrors, FilePicker, TextArea, TextField,
};
use crate::live::focus_id;

/// The PIN a receipt's link carries in the fragment (`#pin=`), taken off the address so the
/// browser's history does not keep it: the page keeps it only in its field. The router's fragment,
/// for a link followed within the app, before the browser's own has changed.
fn pin_from_fragment(code: &str, routed: String) -> String {
    let fragment = Some(routed)
        .filter(|f| !f.is_empty())
        .or_else(|| window().location().hash().ok())
        .unwrap_or_default();
    let pin = fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("pin="))
        .and_then(|v| js_sys::decode_uri_component(v).ok())
        .map(|v| String::from(v).trim().to_string())
        .unwrap_or_default();
    if !fragment.is_empty() {
        // Once the router has written the address of a link followed within the app.
        let clean = paths::feedback(code, "");
        request_animation_frame(move || {
            if let Ok(history) = window().history() {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
            }
        });
    }
    pin
}

/// `/phan-anh/{code}`: the sender follows their feedback — signed in, or with the PIN from the
/// receipt (in the link's fragment, or typed) — sees where it stands, by when it is answered, what
/// happened and the answer, and replies: the information asked for, or whether the answer solved
/// the problem (reopening it once if not). A wrong code and a wrong PIN get the same answer.
#[component]
pub fn FeedbackFollow() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
    Effect::new(move |_| set_title(lang.get().pick("Theo dõi phản ánh", "Follow feedback")));
    let routed = use_location().hash.get_untracked();
    let pin = RwSignal::new(pin_from_fragment(&code, routed));
    let typed = RwSignal::new(pin.get_untracked());
    let reloads = RwSignal::new(0u32);
    // A PIN sent and its answer not yet come: the button says the tap was heard.
    let looking = RwSignal::new(false);
    let categories = LocalResource::new(api::feedback::categories);
    let found = {
        let code = code.clone();
        LocalResource::new(move || {
            let (code, pin) = (code.clone(), pin.get());
            reloads.track();
            async move {
                let answer = api::feedback::feedback(&code, &pin).await;
                looking.set(false);
                answer
            }
        })
    };
    let errors = RwSignal::new(FieldErrors::new());
    let e: Signal<FieldErrors> = errors.into();
    let look_up = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = typed.get_untracked().trim().to_string();
        if p.is_empty() {
            errors.set(vec![(
                "fb-pin".into(),
                motcua_api::Text::new(
                    "Nhập mã PIN in trên giấy biên nhận.",
                    "Enter the PIN from the receipt.",
                ),
            )]);
            return;
        }
        errors.set(Vec::new());
        looking.set(true);
        pin.set(p);
        reloads.update(|n| *n += 1);
    };
    let pin_form = move || {
        view! {
            <ErrorSummary errors=e general=Signal::derive(|| None::<String>)/>
            <form class="mc-form" novalidate on:submit=look_up>
                <TextField id="fb-pin" label=tr("Mã PIN", "PIN") hint=tr("Mã PIN có trên giấy biên nhận khi bạn gửi phản ánh, và trong thư gửi bạn.", "The PIN is on the receipt you got when you sent it, and in the mail sent to you.") value=typed errors=e autocomplete="off"/>
                <button class="mc-button" type="submit" aria-busy=move || looking.get().then_some("true")>{move || lang.get().pick("Xem phản ánh", "See the feedback")}</button>
            </form>
        }
    };
    // Drawn again only when what is shown changes: a second wrong PIN keeps the same form (and what is
    // being typed into it), and a language or the categories arriving redraws the case, not the reply
    // being written under it.
    let outcome = Memo::new(move |_| match found.get() {
        None => Outcome::Loading,
        Some(Ok(v)) => Outcome::Found(Box::new(v)),
        Some(Err(e @ ApiError::TooMany { .. })) => Outcome::TooMany(e.wait()),
        Some(Err(ApiError::NotFound | ApiError::Refused(..))) => Outcome::Asking,
        Some(Err(_)) => Outcome::Failed,
    });
    view! {
        <div class="mc-page mc-page--narrow">
            <h1 class="mc-page__title">{let code = code.clone(); move || format!("{} {code}", lang.get().pick("Phản ánh", "Feedback"))}</h1>
            {move || match outcome.get() {
                Outcome::Loading => view! { <Notice kind=NoticeKind::Loading title=tr("Đang tải phản ánh…", "Loading the feedback…")/> }.into_any(),
                Outcome::Found(v) => {
                    let shown = v.clone();
                    view! {
                        {move || view! {
                            <FeedbackCase view=(*shown).clone() pin=pin.get_untracked() categories=categories.get().and_then(Result::ok) lang=lang.get()/>
                        }}
                        <Replies view=*v pin=pin.get_untracked() reload=Callback::new(move |_| reloads.update(|n| *n += 1))/>
                    }.into_any()
                }
                Outcome::TooMany(wait) => view! {
                    <Notice kind=NoticeKind::Error title=tr("Bạn đã nhập sai quá nhiều lần.", "Too many failed tries.")>
                        <p>{move || wait.as_ref().map(|w| lang.get().text(w))}</p>
                    </Notice>
                }.into_any(),
                Outcome::Asking => view! {
                    {move || (!pin.get().is_empty()).then(|| view! {
                        <Notice kind=NoticeKind::Error title=tr("Không tìm thấy phản ánh khớp với mã và mã PIN.", "No feedback matches this code and PIN.")>
                            <p>{move || lang.get().pick("Kiểm tra lại mã PIN trên giấy biên nhận rồi thử lại.", "Check the PIN on the receipt, then try again.")}</p>
                        </Notice>
                    })}
                    {pin_form}
                }.into_any(),
                Outcome::Failed => view! {
                    <Notice kind=NoticeKind::Error title=tr("Chưa tải được phản ánh.", "The feedback could not be loaded.")>
                        <p>{move || lang.get().pick("Kiểm tra kết nối mạng rồi tải lại trang.", "Check your connection, then reload the page.")}</p>
                    </Notice>
                }.into_any(),
            }}
        </div>
    }
}

/// What the follow page shows, as far as drawing it goes.
#[derive(Clone, PartialEq)]
enum Outcome {
    Loading,
    Found(Box<FeedbackView>),
    TooMany(Option<motcua_api::Text>),
    /// No feedback for this code and PIN (or no PIN yet): the PIN is asked for.
    Asking,
    Failed,
}

/// What the sender may say now: the information asked for, or whether the answer solved it.
#[component]
fn Replies(view: FeedbackView, pin: String, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let v = view;
    let info = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::<UploadInfo>::new());
    let uploading = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let reopening = RwSignal::new(false);
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let e: Signal<FieldErrors> = errors.into();
    let code = StoredValue::new(v.code.clone());
    let pin = StoredValue::new(pin);
    let version = v.version;
    let reply = move |r: SenderReply| {
        if sending.get_untracked() || uploading.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        let req = SenderReplyRequest {
            pin: pin.get_value(),
            version,
            reply: r,
        };
        let ids = |k: String| match k.as_str() {
            "reason" => "fb-reason".to_string(),
            _ => "fb-info".to_string(),
        };
        let found: FieldErrors = in_words(req.problems())
            .into_iter()
            .map(|(k, m)| (ids(k), m))
            .collect();
        errors.set(found.clone());
        general.set(None);
        if !found.is_empty() {
            return;
        }
        sending.set(true);
        leptos::task::spawn_local(async move {
            let result = api::feedback::reply(&code.get_value(), &req).await;
            sending.set(false);
            match result {
                Ok(()) => {
                    reload.run(());
                    request_animation_frame(|| focus_id("feedback-events"));
                }
                Err(ApiError::Invalid(body)) => {
                    errors.set(said(&body).into_iter().map(|(k, m)| (ids(k), m)).collect())
                }
                Err(ApiError::Refused(409, _)) => {
                    general.set(Some(
                        l.pick(
                            "Phản ánh vừa thay đổi; trang đã được tải lại.",
                            "The feedback has just changed; the page was reloaded.",
                        )
                        .into(),
                    ));
                    reload.run(());
                }
                Err(_) => general.set(Some(
                    l.pick(
                        "Chưa gửi được. Kiểm tra kết nối mạng rồi thử lại.",
                        "It could not be sent. Check your connection, then try again.",
                    )
                    .into(),
                )),
            }
        });
    };
    let asks_info = v.status == FeedbackStatus::InfoRequested;
    let can_respond = v.can_respond;
    let can_reopen = v.can_reopen;
    (asks_info || can_respond).then(move || view! {
        <section class="mc-section" aria-labelledby="feedback-reply">
            <h2 class="mc-section__title" id="feedback-reply">{move || if asks_info {
                lang.get().pick("Bổ sung thông tin", "Give the information asked for")
            } else {
                lang.get().pick("Câu trả lời đã giải quyết được vấn đề của bạn chưa?", "Did the answer solve your problem?")
            }}</h2>
            <ErrorSummary errors=e general=general/>
            {asks_info.then(|| view! {
                <form class="mc-form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    reply(SenderReply::Info {
                        text: info.get_untracked().trim().to_string(),
                        files: files.get_untracked().into_iter().map(|f| f.id).collect(),
                    });
                }>
                    <TextArea id="fb-info" label=tr("Thông tin bổ sung", "The information") value=info errors=e rows=5/>
                    <FilePicker id="fb-info-files" label=tr("Ảnh, tài liệu", "Photos or documents") optional=true files=files busy=uploading errors=e to=api::feedback::FILES/>
                    <button class="mc-button" type="submit" disabled=move || sending.get()>{move || lang.get().pick("Gửi bổ sung", "Send it")}</button>
                </form>
            })}
            {can_respond.then(|| view! {
                <div class="mc-button-group">
                    <button class="mc-button" type="button" disabled=move || sending.get() on:click=move |_| reply(SenderReply::Solved)>
                        {move || lang.get().pick("Đã giải quyết", "Solved")}
                    </button>
                    {can_reopen.then(|| view! {
                        <button class="mc-button mc-button--secondary" type="button" aria-expanded=move || reopening.get().to_string()
                            on:click=move |_| { reopening.set(true); request_animation_frame(|| focus_id("fb-reason")); }>
                            {move || lang.get().pick("Chưa giải quyết — mở lại", "Not solved — reopen")}
                        </button>
                    })}
                </div>
                {move || reopening.get().then(|| view! {
                    <form class="mc-form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        reply(SenderReply::Reopen { reason: reason.get_untracked().trim().to_string() });
                    }>
                        <TextArea id="fb-reason" label=tr("Vì sao chưa giải quyết?", "Why is it not solved?")
                            hint=tr("Chỉ mở lại được một lần; cơ quan sẽ trả lời lần nữa.", "It can be reopened once; the agency answers again.")
                            value=reason errors=e rows=4/>
                        <button class="mc-button" type="submit" disabled=move || sending.get()>{move || lang.get().pick("Mở lại phản ánh", "Reopen the feedback")}</button>
                    </form>
                })}
            })}
        </section>
    })
}
