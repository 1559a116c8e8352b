use leptos::prelude::*;
use motcua::i18n::{tr, use_lang};
use motcua_api::dossier::UploadInfo;
use motcua_api::lifecycle::{Action, ActionKind, ActionRequest};
use motcua_api::Text;

use super::{in_words, ErrorSummary, FieldErrors, FilePicker, TextArea};
use crate::dates::today;
use crate::live::{action_name, focus_id, perform, Acted, LiveDossier};

fn slug(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Withdraw => "withdraw",
        ActionKind::Receive => "receive",
        ActionKind::RequestSupplement => "request-supplement",
        ActionKind::Supplement => "supplement",
        ActionKind::Forward => "forward",
        ActionKind::ResultReady => "result-ready",
        ActionKind::Refuse => "refuse",
        ActionKind::Return => "return",
        ActionKind::Apologize => "apologize",
    }
}

/// One thing a person may do to the dossier now, as its own small form: a heading, the fields that
/// action takes (note, missing items, files, reason, new date), and its button. It sends the version
/// the page shows; a withdrawal or refusal asks for confirmation first.
#[component]
pub fn ActionForm(
    /// The dossier's code.
    code: String,
    /// The dossier on the page, updated with the answer.
    live: LiveDossier,
    /// Which action.
    kind: ActionKind,
) -> impl IntoView {
    let lang = use_lang();
    let s = slug(kind);
    let heading_id = format!("action-{s}");
    let note = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let new_date = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let counter = StoredValue::new(1u32);
    let items = RwSignal::new(vec![(0u32, RwSignal::new(String::new()))]);
    let files = RwSignal::new(Vec::<UploadInfo>::new());
    let busy = RwSignal::new(false);
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let needs_confirm = matches!(kind, ActionKind::Withdraw | ActionKind::Refuse);
    let field_id = move |f: &str| format!("{s}-{f}");
    // Problems by key onto this form's controls; the items' problems onto the first item.
    let control_ids = move |found: FieldErrors| -> FieldErrors {
        found
            .into_iter()
            .map(|(key, m)| match key.as_str() {
                "items" => (field_id("items-0"), m),
                _ => (field_id(&key), m),
            })
            .collect()
    };

    // `confirmed` once the person said yes to a withdrawal or refusal: the question comes only after
    // the form is valid, so nobody confirms a refusal whose reason is still empty.
    let send = {
        let code = code.clone();
        move |confirmed: bool| {
            let l = lang.get_untracked();
            let Some(version) = live
                .data
                .with_untracked(|d| d.as_ref().and_then(|d| d.as_ref().ok()).map(|d| d.version))
            else {
                return;
            };
            let note_text = note.get_untracked().trim().to_string();
            let item_texts: Vec<String> = items
                .get_untracked()
                .iter()
                .map(|(_, v)| v.get_untracked().trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            let file_ids: Vec<String> = files.get_untracked().into_iter().map(|f| f.id).collect();
            let action = match kind {
                ActionKind::Withdraw => Action::Withdraw { note: note_text },
                ActionKind::Receive => Action::Receive { note: note_text },
                ActionKind::Forward => Action::Forward { note: note_text },
                ActionKind::Return => Action::Return { note: note_text },
                ActionKind::RequestSupplement => Action::RequestSupplement {
                    note: note_text,
                    items: item_texts,
                },
                ActionKind::Supplement => Action::Supplement {
                    note: note_text,
                    files: file_ids,
                },
                ActionKind::ResultReady => Action::ResultReady {
                    number: number.get_untracked().trim().to_string(),
                    note: note_text,
                    files: file_ids,
                },
                ActionKind::Refuse => Action::Refuse {
                    reason: reason.get_untracked().trim().to_string(),
                },
                ActionKind::Apologize => Action::Apologize {
                    reason: reason.get_untracked().trim().to_string(),
                    new_date: new_date.get_untracked(),
                },
            };
            // The rules the server applies, here first; files still uploading come before them.
            let mut found = FieldErrors::new();
            if busy.get_untracked() {
                found.push((
                    field_id("files"),
                    Text::new(
                        "Hãy chờ các tệp tải lên xong.",
                        "Wait for the files to finish uploading.",
                    ),
                ));
            }
            found.extend(control_ids(in_words(action.problems(today()))));
            general.set(None);
            errors.set(found.clone());
            if !found.is_empty() {
                confirming.set(false);
                return;
            }
            if needs_confirm && !confirmed {
                confirming.set(true);
                focus_id(&format!("{s}-confirm"));
                return;
            }
            sending.set(true);
            let code = code.clone();
            leptos::task::spawn_local(async move {
                let outcome = perform(live, &code, ActionRequest { version, action }, l).await;
                sending.set(false);
                confirming.set(false);
                match outcome {
                    Acted::Done(status) => {
                        note.set(String::new());
                        reason.set(String::new());
                        new_date.set(String::new());
                        number.set(String::new());
                        files.set(Vec::new());
                        items.set(vec![(0, RwSignal::new(String::new()))]);
                        live.announcement.set(format!(
                            "{} {}.",
                            l.pick("Đã gửi. Trạng thái hồ sơ:", "Done. The dossier's status:"),
                            l.text(&status.label())
                        ));
                        focus_id("dossier-status");
                    }
                    Acted::Problem(m) => general.set(Some(m)),
                    Acted::Fields(fields) => errors.set(control_ids(fields)),
                }
            });
        }
    };
    let send2 = send.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        send(false);
    };
    let e: Signal<FieldErrors> = errors.into();
    let has_note = !matches!(kind, ActionKind::Refuse | ActionKind::Apologize);
    let note_label = match kind {
        ActionKind::Supplement => tr(
            "Lời nhắn cho cơ quan (không bắt buộc nếu đã đính kèm tệp)",
            "Message to the agency (optional if you attach files)",
        ),
        ActionKind::RequestSupplement => tr(
            "Hướng dẫn cho người nộp (không bắt buộc)",
            "Guidance for the applicant (optional)",
        ),
        ActionKind::Withdraw => tr(
            "Lý do rút hồ sơ (không bắt buộc)",
            "Why you withdraw it (optional)",
        ),
        _ => tr("Ghi chú (không bắt buộc)", "Note (optional)"),
    };
    let items_field = (kind == ActionKind::RequestSupplement).then(|| view! {
        <fieldset class="mc-fieldset mc-items">
            <legend class="mc-fieldset__legend mc-fieldset__legend--small">{move || lang.get().pick("Giấy tờ, nội dung cần bổ sung (ghi đủ một lần)", "Documents or details missing (all of them, at once)")}</legend>
            {move || {
                let list = items.get();
                let n = list.len();
                list.into_iter().enumerate().map(|(i, (key, value))| {
                    let id = format!("{s}-items-{i}");
                    let error = move || e.get().into_iter().find(|(f, _)| *f == format!("{s}-items-{i}")).map(|(_, m)| lang.get().text(&m));
                    let has_error = move || error().is_some();
                    view! {
                        <div class="mc-items__row mc-form-group" class:mc-form-group--error=has_error>
                            <label class="mc-label mc-label--small" for=id.clone()>{move || format!("{} {}", lang.get().pick("Mục", "Item"), i + 1)}</label>
                            {move || error().map(|m| view! { <p class="mc-error-message">{m}</p> })}
                            <div class="mc-items__controls">
                                <input class="mc-input" id=id.clone() name=id type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                                {(n > 1).then(|| view! {
                                    <button class="mc-link-button" type="button" on:click=move |_| items.update(|l| l.retain(|(k, _)| *k != key))>
                                        {move || lang.get().pick("Xóa", "Remove")}
                                        <span class="mc-visually-hidden">{move || format!(" {} {}", lang.get().pick("mục", "item"), i + 1)}</span>
                                    </button>
                                })}
                            </div>
                        </div>
                    }
                }).collect_view()
            }}
            <button class="mc-button mc-button--secondary" type="button" on:click=move |_| {
                let key = counter.get_value();
                counter.set_value(key + 1);
                items.update(|l| l.push((key, RwSignal::new(String::new()))));
                let last = items.with_untracked(|l| l.len()) - 1;
                request_animation_frame(move || focus_id(&format!("{s}-items-{last}")));
            }>
                {move || lang.get().pick("Thêm mục cần bổ sung", "Add a missing item")}
            </button>
        </fieldset>
    });
    let files_field = matches!(kind, ActionKind::Supplement | ActionKind::ResultReady).then(|| {
        let label = if kind == ActionKind::ResultReady {
            tr("Tệp kết quả", "Result files")
        } else {
            tr("Giấy tờ bổ sung", "Supplementary documents")
        };
        view! { <FilePicker id=field_id("files") label=label files=files busy=busy errors=e/> }
    });
    let reason_field = matches!(kind, ActionKind::Refuse | ActionKind::Apologize).then(|| {
        let label = if kind == ActionKind::Refuse {
            tr("Lý do từ chối", "Reason for refusing")
        } else {
            tr("Lý do chậm trả kết quả", "Reason for the delay")
        };
        view! { <TextArea id=field_id("reason") label=label value=reason errors=e/> }
    });
    let date_field = (kind == ActionKind::Apologize).then(|| view! {
        <TextArea id=field_id("new_date") label=tr("Ngày hẹn trả kết quả mới", "New date for the result") value=new_date errors=e kind="date"/>
    });
    // Filed under `code`, as the rules name it.
    let number_field = (kind == ActionKind::ResultReady).then(|| view! {
        <TextArea id=field_id("code") label=tr("Số văn bản kết quả (không bắt buộc)", "Result number (optional)")
            hint=tr("Số giấy chứng nhận, số quyết định; các bước sau của dự án sẽ dùng số này.", "The certificate's or decision's number; later steps of a project quote it.")
            value=number errors=e kind="text"/>
    });
    let note_field = has_note
        .then(|| view! { <TextArea id=field_id("note") label=note_label value=note errors=e/> });
    view! {
        <section class="mc-action" aria-labelledby=heading_id.clone()>
            <h3 class="mc-action__title" id=heading_id.clone()>{move || match kind {
                ActionKind::Supplement => lang.get().pick("Gửi bổ sung hồ sơ", "Send what is missing"),
                k => action_name(k, lang.get()),
            }}</h3>
            <ErrorSummary errors=e general=general/>
            <form class="mc-form" novalidate on:submit=submit aria-labelledby=heading_id.clone()>
                {items_field}
                {reason_field}
                {date_field}
                {files_field}
                {number_field}
                {note_field}
                <div class="mc-action__confirm" id=format!("{s}-confirm") tabindex="-1" hidden=move || !confirming.get()>
                    <p class="mc-action__question">{move || match kind {
                        ActionKind::Withdraw => lang.get().pick("Bạn chắc chắn muốn rút hồ sơ này? Sau khi rút, hồ sơ không được xử lý tiếp; muốn làm lại bạn phải nộp hồ sơ mới.", "Are you sure you want to withdraw this application? It will not be processed further; to apply again you must submit a new one."),
                        _ => lang.get().pick("Bạn chắc chắn muốn từ chối hồ sơ này? Người nộp sẽ nhận phiếu từ chối với lý do trên.", "Are you sure you want to refuse this dossier? The applicant gets a refusal slip with the reason above."),
                    }}</p>
                    <div class="mc-button-group">
                        <button class="mc-button mc-button--warning" type="button" disabled=move || sending.get() on:click=move |_| send2(true)>
                            {move || match kind {
                                ActionKind::Withdraw => lang.get().pick("Có, rút hồ sơ", "Yes, withdraw it"),
                                _ => lang.get().pick("Có, từ chối", "Yes, refuse it"),
                            }}
                        </button>
                        <button class="mc-button mc-button--secondary" type="button" on:click=move |_| confirming.set(false)>
                            {move || lang.get().pick("Không, quay lại", "No, go back")}
                        </button>
                    </div>
                </div>
                <button class="mc-button" class:mc-button--warning=needs_confirm type="submit" hidden=move || confirming.get() disabled=move || sending.get()>
                    {move || if sending.get() { lang.get().pick("Đang gửi…", "Sending…") } else { action_name(kind, lang.get()) }}
                </button>
            </form>
        </section>
    }
}
