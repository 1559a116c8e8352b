use std::collections::BTreeMap;
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use motcua::api::{self, ApiError};
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::{set_title, use_lang, Lang};
use motcua_api::account::Me;
use motcua_api::calendar::Date;
use motcua_api::dossier::{Delivery, Draft, SubmitRequest, UploadInfo};
use motcua_api::form::{AddressAnswer, Answer, Answers, FormDefinition, Places, Prefill};
use motcua_api::ProcedureDetail;
use serde::{Deserialize, Serialize};

use crate::components::{
    input_id, pending_row, size_text, upload_chosen, ErrorSummary, FieldErrors, FormFieldView,
    Pending, ACCEPT,
};
use crate::go;

/// What the browser keeps of an application between visits: the draft, the id the server keeps it
/// under, and the submit key, so a retried submit can never make a second dossier.
#[derive(Clone, Serialize, Deserialize)]
struct Saved {
    draft_id: String,
    submit_key: String,
    draft: Draft,
}

fn storage_key(code: &str) -> String {
    format!("motcua.application.{code}")
}

fn random_id() -> String {
    let mut bytes = [0u8; 12];
    let crypto = window().crypto().ok();
    if let Some(c) = crypto {
        let _ = c.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn today() -> Date {
    Date::in_vietnam((js_sys::Date::now() / 1000.0) as i64)
}

/// Applying online for a procedure: one question page per form section, the documents, how to
/// receive the result, a check of every answer, and the submit. Everything is kept as it is typed, in
/// the browser at once and on the server a moment later.
#[component]
pub fn Application() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let navigate = use_navigate();
    let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
    let loaded = LocalResource::new({
        let code = code.clone();
        move || {
            let code = code.clone();
            async move {
                let me = api::me().await?;
                let detail = api::procedure(&code).await?;
                let form = api::form(&code).await?;
                // Started on another device? Its draft is on the server; this browser has none.
                let local = window()
                    .local_storage()
                    .ok()
                    .flatten()
                    .and_then(|s| s.get_item(&storage_key(&code)).ok().flatten());
                let remote = match local {
                    Some(_) => None,
                    None => match api::drafts().await {
                        Ok(list) => match list.items.into_iter().find(|d| d.procedure == code) {
                            Some(d) => api::draft(&d.id).await.ok().map(|draft| (d.id, draft)),
                            None => None,
                        },
                        Err(_) => None,
                    },
                };
                Ok::<_, ApiError>((me, detail, form, remote))
            }
        }
    });
    let places = LocalResource::new(api::places);
    let places: Signal<Option<Places>> = Signal::derive(move || places.get().and_then(Result::ok));
    view! {
        <div class="mc-page mc-page--narrow">
            {move || match loaded.get() {
                None => view! { <Notice kind=NoticeKind::Loading title=Signal::derive(move || lang.get().pick("Đang tải mẫu đơn…", "Loading the form…").to_string())/> }.into_any(),
                Some(Err(ApiError::Refused(401, _))) => {
                    go(&navigate, &format!("/dang-nhap?tiep=/nop-ho-so/{code}"));
                    ().into_any()
                }
                Some(Err(ApiError::NotFound)) => view! {
                    <h1 class="mc-page__title">{move || lang.get().pick("Không nộp trực tuyến được thủ tục này", "This procedure cannot be applied for online")}</h1>
                    <p><a href="/tim-kiem">{move || lang.get().pick("Tìm thủ tục khác", "Find another procedure")}</a></p>
                }.into_any(),
                Some(Err(_)) => view! {
                    <Notice kind=NoticeKind::Error title=Signal::derive(move || lang.get().pick("Chưa tải được mẫu đơn.", "The form could not be loaded.").to_string())>
                        <p>{move || lang.get().pick("Những gì bạn đã nhập vẫn được giữ trên máy. Kiểm tra mạng rồi tải lại trang.", "What you typed is kept on this device. Check your connection, then reload the page.")}</p>
                    </Notice>
                }.into_any(),
                Some(Ok((me, detail, form, remote))) => view! { <Flow me=me detail=detail form=form places=places remote=remote/> }.into_any(),
            }}
        </div>
    }
}

fn prefill(me: &Me, p: Prefill) -> Option<String> {
    match p {
        Prefill::FullName => Some(me.full_name.clone()),
        Prefill::CitizenId => Some(me.identifier.clone())
            .filter(|_| me.kind == motcua_api::account::AccountKind::Citizen),
        Prefill::DateOfBirth => me.date_of_birth.clone(),
        Prefill::Phone => Some(me.phone.clone()),
        Prefill::Email => Some(me.email.clone()),
        Prefill::Address => None,
        Prefill::TaxCode => Some(me.identifier.clone())
            .filter(|_| me.kind == motcua_api::account::AccountKind::Business),
        Prefill::CompanyName => me.company_name.clone(),
        Prefill::LegalRepresentative => me.legal_representative.clone(),
    }
    .filter(|v| !v.is_empty())
}

fn fresh(form: &FormDefinition, me: &Me) -> Answers {
    form.sections
        .iter()
        .map(|s| {
            let answers: BTreeMap<String, Answer> = s
                .fields
                .iter()
                .filter_map(|f| {
                    f.prefill
                        .and_then(|p| prefill(me, p))
                        .map(|v| (f.id.clone(), Answer::Text(v)))
                })
                .collect();
            (s.id.clone(), answers)
        })
        .collect()
}

#[component]
fn Flow(
    me: Me,
    detail: ProcedureDetail,
    form: FormDefinition,
    places: Signal<Option<Places>>,
    remote: Option<(String, Draft)>,
) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let procedure = detail.procedure.clone();
    let code = procedure.code.clone();
    let key = storage_key(&code);
    let storage = window().local_storage().ok().flatten();
    let saved: Saved = storage
        .as_ref()
        .and_then(|s| s.get_item(&key).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .or_else(|| {
            remote.map(|(draft_id, draft)| Saved {
                draft_id,
                // Never submitted, or the server would have deleted the draft: a fresh key is safe.
                submit_key: random_id(),
                draft,
            })
        })
        .unwrap_or_else(|| Saved {
            draft_id: random_id(),
            submit_key: random_id(),
            draft: Draft {
                procedure: code.clone(),
                step: String::new(),
                answers: fresh(&form, &me),
                documents: BTreeMap::new(),
                delivery: None,
                updated_at: 0,
            },
        });
    let draft_id = saved.draft_id.clone();
    let submit_key = saved.submit_key.clone();
    let sections = form.sections.clone();
    let n = sections.len();
    let step_of = |s: &str| {
        sections.iter().position(|x| x.id == s).or(match s {
            "giay-to" => Some(n),
            "nhan-ket-qua" => Some(n + 1),
            "kiem-tra" => Some(n + 2),
            _ => None,
        })
    };
    let step = RwSignal::new(step_of(&saved.draft.step).unwrap_or(0));
    let answers = RwSignal::new(saved.draft.answers.clone());
    let documents = RwSignal::new(saved.draft.documents.clone());
    let delivery = RwSignal::new(saved.draft.delivery.clone().unwrap_or(Delivery::Centre));
    let errors = RwSignal::new(BTreeMap::<String, String>::new());
    let general = RwSignal::new(None::<String>);
    let step_name = {
        let sections = sections.clone();
        move |i: usize| match i {
            i if i < n => sections[i].id.clone(),
            i if i == n => "giay-to".into(),
            i if i == n + 1 => "nhan-ket-qua".into(),
            _ => "kiem-tra".into(),
        }
    };

    // Saved in the browser on every change; on the server a second after the last one.
    let generation = StoredValue::new(0u32);
    {
        let code = code.clone();
        let draft_id = draft_id.clone();
        let submit_key = submit_key.clone();
        let step_name = step_name.clone();
        Effect::new(move |_| {
            let draft = Draft {
                procedure: code.clone(),
                step: step_name(step.get()),
                answers: answers.get(),
                documents: documents.get(),
                delivery: Some(delivery.get()),
                updated_at: 0,
            };
            let saved = Saved {
                draft_id: draft_id.clone(),
                submit_key: submit_key.clone(),
                draft: draft.clone(),
            };
            if let (Some(s), Ok(json)) = (
                window().local_storage().ok().flatten(),
                serde_json::to_string(&saved),
            ) {
                let _ = s.set_item(&storage_key(&code), &json);
            }
            generation.update_value(|g| *g += 1);
            let mine = generation.get_value();
            let draft_id = draft_id.clone();
            set_timeout(
                move || {
                    if generation.try_get_value() == Some(mine) {
                        leptos::task::spawn_local(async move {
                            // A failed save is retried by the next change; the browser copy is the safety net.
                            let _ = api::save_draft(&draft_id, &draft).await;
                        });
                    }
                },
                Duration::from_millis(1000),
            );
        });
    }

    let title = procedure.name.clone();
    Effect::new(move |_| set_title(&lang.get().text(&title)));
    let total = n + 3;
    let summary: Signal<FieldErrors> = Signal::derive(move || {
        errors
            .get()
            .into_iter()
            .map(|(path, m)| (input_id(&path), m))
            .collect()
    });

    let go_to = move |i: usize| {
        errors.set(BTreeMap::new());
        general.set(None);
        step.set(i);
        if let Some(main) = document().get_element_by_id("main") {
            use wasm_bindgen::JsCast;
            if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = main.focus();
            }
        }
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };

    let form_for_check = form.clone();
    let procedure_for_docs = procedure.clone();
    let next = move |_| {
        let i = step.get_untracked();
        let mut found = BTreeMap::new();
        if i < n {
            let places = places.get_untracked();
            for e in form_for_check.check_section(
                &form_for_check.sections[i].id,
                &answers.get_untracked(),
                today(),
                places.as_ref(),
            ) {
                found
                    .entry(e.path)
                    .or_insert(lang.get_untracked().text(&e.message));
            }
        } else if i == n {
            let docs = documents.get_untracked();
            for (d, doc) in procedure_for_docs.documents.iter().enumerate() {
                if doc.mandatory && docs.get(&(d as u32)).is_none_or(|f| f.is_empty()) {
                    found.insert(
                        format!("giay-to.{d}"),
                        format!(
                            "{} {}",
                            lang.get_untracked().pick("Thiếu:", "Missing:"),
                            lang.get_untracked().text(&doc.name)
                        ),
                    );
                }
            }
        } else if let Delivery::Post { address } = delivery.get_untracked() {
            let ok = places
                .get_untracked()
                .is_some_and(|p| p.has(&address.province, &address.commune))
                && !address.street.trim().is_empty();
            if !ok {
                found.insert(
                    "nhan-ket-qua.address".into(),
                    lang.get_untracked()
                        .pick(
                            "Nhập đủ địa chỉ nhận kết quả.",
                            "Enter the full delivery address.",
                        )
                        .into(),
                );
            }
        }
        if found.is_empty() {
            go_to(i + 1);
        } else {
            errors.set(found);
        }
    };

    let sending = RwSignal::new(false);
    let submit = {
        let code = code.clone();
        let draft_id = draft_id.clone();
        let submit_key = submit_key.clone();
        let navigate = navigate.clone();
        move |_| {
            if sending.get_untracked() {
                return;
            }
            sending.set(true);
            general.set(None);
            let req = SubmitRequest {
                procedure: code.clone(),
                answers: answers.get_untracked(),
                documents: documents
                    .get_untracked()
                    .into_iter()
                    .map(|(k, v)| (k, v.into_iter().map(|f| f.id).collect()))
                    .collect(),
                delivery: delivery.get_untracked(),
                draft_id: Some(draft_id.clone()),
            };
            let (key, code, navigate) = (submit_key.clone(), code.clone(), navigate.clone());
            leptos::task::spawn_local(async move {
                match api::submit(&req, &key).await {
                    Ok(receipt) => {
                        if let Some(s) = window().local_storage().ok().flatten() {
                            let _ = s.remove_item(&storage_key(&code));
                        }
                        go(&navigate, &format!("/ho-so/{}/bien-nhan", receipt.code));
                    }
                    Err(e) => {
                        sending.set(false);
                        let l = lang.get_untracked();
                        match e {
                            ApiError::Invalid(body) => {
                                errors.set(body.fields.unwrap_or_default());
                                general.set(Some(body.message));
                            }
                            ApiError::Network => general.set(Some(l.pick("Không kết nối được. Hồ sơ của bạn vẫn được giữ; bấm Nộp hồ sơ lần nữa khi có mạng — hồ sơ chỉ được tạo một lần.", "No connection. Your application is kept; press Submit again when you are online — it will only be created once.").into())),
                            _ => general.set(Some(l.pick("Hệ thống đang bận. Hãy thử lại sau ít phút.", "The service is busy. Please try again in a few minutes.").into())),
                        }
                    }
                }
            });
        }
    };

    let name = procedure.name.clone();
    view! {
        <span class="mc-caption">{move || lang.get().text(&name)}</span>
        <ErrorSummary errors=summary general=general/>
        <p class="mc-step">{move || match lang.get() {
            Lang::Vi => format!("Bước {} trên {}", step.get() + 1, total),
            Lang::En => format!("Step {} of {}", step.get() + 1, total),
        }}</p>
        {move || {
            let i = step.get();
            if i < n {
                let section = sections[i].clone();
                let section_answers = RwSignal::new(answers.with_untracked(|a| a.get(&section.id).cloned().unwrap_or_default()));
                let id = section.id.clone();
                Effect::new(move |_| {
                    let value = section_answers.get();
                    answers.update(|a| { a.insert(id.clone(), value); });
                });
                let title = section.title.clone();
                let description = section.description.clone();
                view! {
                    <h1 class="mc-page__title">{move || lang.get().text(&title)}</h1>
                    {description.map(|d| view! { <p class="mc-hint">{move || lang.get().text(&d)}</p> })}
                    <form class="mc-form" novalidate on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                        {section.fields.iter().map(|f| view! {
                            <FormFieldView field=f.clone() path=vec![f.id.clone()] section=section.id.clone() answers=section_answers errors=errors.into() places=places/>
                        }).collect_view()}
                    </form>
                }.into_any()
            } else if i == n {
                view! { <Documents detail=detail.clone() documents=documents errors=errors.into()/> }.into_any()
            } else if i == n + 1 {
                view! { <DeliveryChoice home=procedure.home_delivery delivery=delivery places=places errors=errors.into()/> }.into_any()
            } else {
                view! { <CheckAnswers form=form.clone() detail=detail.clone() answers=answers documents=documents delivery=delivery places=places on_change=Callback::new(go_to)/> }.into_any()
            }
        }}
        <div class="mc-button-group">
            {move || (step.get() > 0).then(|| view! {
                <button class="mc-button mc-button--secondary" type="button" on:click=move |_| go_to(step.get_untracked() - 1)>
                    {move || lang.get().pick("Quay lại", "Back")}
                </button>
            })}
            {
                let next = next.clone();
                let submit = submit.clone();
                move || if step.get() < n + 2 {
                    let next = next.clone();
                    view! { <button class="mc-button" type="button" on:click=next>{move || lang.get().pick("Tiếp tục", "Continue")}</button> }.into_any()
                } else {
                    let submit = submit.clone();
                    view! { <button class="mc-button" type="button" disabled=move || sending.get() on:click=submit>
                        {move || if sending.get() { lang.get().pick("Đang nộp…", "Submitting…") } else { lang.get().pick("Nộp hồ sơ", "Submit the application") }}
                    </button> }.into_any()
                }
            }
        </div>
    }
}

#[component]
fn Documents(
    detail: ProcedureDetail,
    documents: RwSignal<BTreeMap<u32, Vec<UploadInfo>>>,
    errors: Signal<BTreeMap<String, String>>,
) -> impl IntoView {
    let lang = use_lang();
    let pending = RwSignal::new(Vec::<Pending>::new());
    let counter = StoredValue::new(0u32);
    view! {
        <h1 class="mc-page__title">{move || lang.get().pick("Giấy tờ kèm theo", "Documents")}</h1>
        <p class="mc-hint">{move || lang.get().pick(
            "Chụp ảnh hoặc chọn tệp PDF, JPEG, PNG, HEIC hoặc DOCX, mỗi tệp tối đa 20 MB. Có thể tải nhiều tệp cho một giấy tờ.",
            "Take a photo or choose PDF, JPEG, PNG, HEIC or DOCX files, up to 20 MB each. A document can have several files.",
        )}</p>
        {detail.procedure.documents.iter().enumerate().map(|(d, doc)| {
            let d = d as u32;
            let path = format!("giay-to.{d}");
            let id = input_id(&path);
            let error = { let path = path.clone(); move || errors.get().get(&path).cloned() };
            let has_error = { let e = error.clone(); move || e().is_some() };
            let name = doc.name.clone();
            let mandatory = doc.mandatory;
            view! {
                <div class="mc-form-group mc-document" class:mc-form-group--error=has_error>
                    <label class="mc-label" for=id.clone()>
                        {move || lang.get().text(&name)}
                        {(!mandatory).then(|| view! { <span class="mc-label__optional">{move || lang.get().pick(" (nếu có)", " (if any)")}</span> })}
                    </label>
                    {move || error().map(|m| view! { <p class="mc-error-message">{m}</p> })}
                    <ul class="mc-document__files">
                        {move || documents.get().get(&d).cloned().unwrap_or_default().into_iter().map(|f| {
                            let id = f.id.clone();
                            let label = format!("{} ({})", f.name, size_text(f.size));
                            view! {
                                <li class="mc-document__file">
                                    <span>{label.clone()}</span>
                                    <button class="mc-link-button" type="button" on:click=move |_| {
                                        let id = id.clone();
                                        documents.update(|all| if let Some(list) = all.get_mut(&d) { list.retain(|x| x.id != id); });
                                        leptos::task::spawn_local(async move { let _ = api::delete_upload(&id).await; });
                                    }>
                                        {move || lang.get().pick("Xóa", "Remove")}
                                        <span class="mc-visually-hidden">{format!(" {label}")}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                        {move || pending.get().into_iter().filter(|p| p.doc == d).map(|p| pending_row(p, pending, lang)).collect_view()}
                    </ul>
                    <input class="mc-file" id=id name=path type="file" multiple
                        accept=ACCEPT
                        on:change=move |ev| {
                            let done = move |p: &Pending, info| {
                                documents.update(|docs| docs.entry(p.doc).or_default().push(info))
                            };
                            upload_chosen(ev, counter, d, pending, done, lang.get_untracked());
                        }/>
                </div>
            }
        }).collect_view()}
    }
}

#[component]
fn DeliveryChoice(
    home: bool,
    delivery: RwSignal<Delivery>,
    places: Signal<Option<Places>>,
    errors: Signal<BTreeMap<String, String>>,
) -> impl IntoView {
    let lang = use_lang();
    let by_post = move || matches!(delivery.get(), Delivery::Post { .. });
    let address = RwSignal::new(BTreeMap::<String, Answer>::new());
    if let Delivery::Post { address: a } = delivery.get_untracked() {
        address.update(|m| {
            m.insert("address".into(), Answer::Address(a));
        });
    }
    Effect::new(move |_| {
        if let Some(Answer::Address(a)) = address.get().get("address").cloned() {
            if by_post() {
                delivery.set(Delivery::Post { address: a });
            }
        }
    });
    let field = motcua_api::form::FormField {
        id: "address".into(),
        kind: motcua_api::form::FieldKind::Address,
        label: motcua_api::Text {
            vi: "Địa chỉ nhận kết quả".into(),
            en: "Delivery address".into(),
        },
        help: None,
        required: true,
        rules: Default::default(),
        options: Vec::new(),
        prefill: None,
        fields: Vec::new(),
        min_items: None,
        max_items: None,
    };
    view! {
        <h1 class="mc-page__title">{move || lang.get().pick("Nhận kết quả", "Receiving the result")}</h1>
        <fieldset class="mc-fieldset">
            <legend class="mc-fieldset__legend">{move || lang.get().pick("Bạn muốn nhận kết quả bằng cách nào?", "How do you want to receive the result?")}</legend>
            <div class="mc-radios">
                <div class="mc-radios__item">
                    <input class="mc-radios__input" type="radio" id="delivery-centre" name="delivery" prop:checked=move || !by_post() on:change=move |_| delivery.set(Delivery::Centre)/>
                    <label class="mc-radios__label" for="delivery-centre">{move || lang.get().pick("Nhận tại Trung tâm Phục vụ hành chính công", "Collect it at the service centre")}</label>
                </div>
                {home.then(|| view! {
                    <div class="mc-radios__item">
                        <input class="mc-radios__input" type="radio" id="delivery-post" name="delivery" prop:checked=by_post
                            on:change=move |_| delivery.set(Delivery::Post { address: match address.get_untracked().get("address") { Some(Answer::Address(a)) => a.clone(), _ => AddressAnswer::default() } })/>
                        <label class="mc-radios__label" for="delivery-post">{move || lang.get().pick("Gửi qua dịch vụ bưu chính công ích (có thể mất phí)", "Send it by public post (a fee may apply)")}</label>
                    </div>
                })}
            </div>
        </fieldset>
        {move || by_post().then(|| view! {
            <FormFieldView field=field.clone() path=vec!["address".into()] section="nhan-ket-qua".to_string() answers=address errors=errors places=places/>
        })}
    }
}

pub(crate) fn answer_text(answer: &Answer, places: Option<&Places>, l: Lang) -> String {
    match answer {
        Answer::Text(s) => s.clone(),
        Answer::Flag(true) => l.pick("Có", "Yes").into(),
        Answer::Flag(false) => l.pick("Không", "No").into(),
        Answer::Choices(c) => c.join(", "),
        Answer::Address(a) => {
            let (province, commune) = places
                .and_then(|p| p.provinces.iter().find(|x| x.code == a.province))
                .map(|p| {
                    (
                        p.name.clone(),
                        p.communes
                            .iter()
                            .find(|c| c.code == a.commune)
                            .map(|c| c.name.clone())
                            .unwrap_or_default(),
                    )
                })
                .unwrap_or_default();
            [a.street.clone(), commune, province]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        }
        Answer::Items(items) => match l {
            Lang::Vi => format!("{} mục", items.len()),
            Lang::En => format!("{} entries", items.len()),
        },
    }
}

#[component]
fn CheckAnswers(
    form: FormDefinition,
    detail: ProcedureDetail,
    answers: RwSignal<Answers>,
    documents: RwSignal<BTreeMap<u32, Vec<UploadInfo>>>,
    delivery: RwSignal<Delivery>,
    places: Signal<Option<Places>>,
    on_change: Callback<usize>,
) -> impl IntoView {
    let lang = use_lang();
    let n = form.sections.len();
    view! {
        <h1 class="mc-page__title">{move || lang.get().pick("Kiểm tra lại trước khi nộp", "Check your answers before submitting")}</h1>
        {move || {
            let l = lang.get();
            let all = answers.get();
            let places = places.get();
            form.sections.iter().enumerate().map(|(i, s)| {
                let section = all.get(&s.id).cloned().unwrap_or_default();
                view! {
                    <h2 class="mc-section__title">{l.text(&s.title)}</h2>
                    <dl class="mc-summary-list">
                        {s.fields.iter().filter_map(|f| section.get(&f.id).map(|a| (f, a))).map(|(f, a)| {
                            let label = l.text(&f.label);
                            view! {
                                <div class="mc-summary-list__row">
                                    <dt class="mc-summary-list__key">{label.clone()}</dt>
                                    <dd class="mc-summary-list__value">{answer_text(a, places.as_ref(), l)}</dd>
                                    <dd class="mc-summary-list__actions">
                                        <button class="mc-link-button" type="button" on:click=move |_| on_change.run(i)>
                                            {l.pick("Thay đổi", "Change")}<span class="mc-visually-hidden">{format!(" {label}")}</span>
                                        </button>
                                    </dd>
                                </div>
                            }
                        }).collect_view()}
                    </dl>
                }
            }).collect_view()
        }}
        <h2 class="mc-section__title">{move || lang.get().pick("Giấy tờ", "Documents")}</h2>
        <dl class="mc-summary-list">
            {move || {
                let l = lang.get();
                let docs = documents.get();
                detail.procedure.documents.iter().enumerate().filter_map(|(d, doc)| docs.get(&(d as u32)).filter(|f| !f.is_empty()).map(|f| (doc, f.clone()))).map(|(doc, files)| view! {
                    <div class="mc-summary-list__row">
                        <dt class="mc-summary-list__key">{l.text(&doc.name)}</dt>
                        <dd class="mc-summary-list__value">{files.iter().map(|f| f.name.clone()).collect::<Vec<_>>().join(", ")}</dd>
                        <dd class="mc-summary-list__actions">
                            <button class="mc-link-button" type="button" on:click=move |_| on_change.run(n)>{l.pick("Thay đổi", "Change")}</button>
                        </dd>
                    </div>
                }).collect_view()
            }}
            <div class="mc-summary-list__row">
                <dt class="mc-summary-list__key">{move || lang.get().pick("Nhận kết quả", "Result")}</dt>
                <dd class="mc-summary-list__value">{move || {
                    let l = lang.get();
                    match delivery.get() {
                        Delivery::Centre => l.pick("Tại Trung tâm Phục vụ hành chính công", "At the service centre").to_string(),
                        Delivery::Post { address } => format!("{}: {}", l.pick("Qua bưu điện", "By post"), answer_text(&Answer::Address(address), places.get().as_ref(), l)),
                    }
                }}</dd>
                <dd class="mc-summary-list__actions">
                    <button class="mc-link-button" type="button" on:click=move |_| on_change.run(n + 1)>{move || lang.get().pick("Thay đổi", "Change")}</button>
                </dd>
            </div>
        </dl>
    }
}
