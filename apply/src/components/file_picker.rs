use std::time::Duration;

use leptos::prelude::*;
use motcua::api::{self, upload, ApiError};
use motcua::i18n::{use_lang, Lang};
use motcua_api::dossier::UploadInfo;
use motcua_api::text::nfc;

use super::FieldErrors;

/// A file on its way to the server.
#[derive(Clone)]
struct Pending {
    key: u32,
    name: String,
    size: u64,
    progress: RwSignal<f64>,
    upload: StoredValue<Option<upload::Upload>, LocalStorage>,
    error: RwSignal<Option<String>>,
}

impl Pending {
    fn new(key: u32, file: &web_sys::File) -> Pending {
        Pending {
            key,
            name: nfc(file.name().trim()),
            size: file.size() as u64,
            progress: RwSignal::new(0.0),
            upload: StoredValue::new_local(None),
            error: RwSignal::new(None),
        }
    }
}

const RETRIES: u32 = 3;

/// `1.2 MB`, `34 KB`.
pub fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Sends one file, retrying by itself when the connection drops; `done` gets the stored file.
fn send(
    to: &'static str,
    file: web_sys::File,
    pending: Pending,
    attempt: u32,
    done: impl Fn(UploadInfo) + Copy + 'static,
    list: RwSignal<Vec<Pending>>,
    lang: Lang,
) {
    let progress = pending.progress;
    let retry_file = file.clone();
    let p = pending.clone();
    let started = upload::start_to(
        to,
        &file,
        move |f| progress.set(f),
        move |outcome| match outcome {
            upload::Outcome::Done(info) => {
                done(info);
                list.update(|l| l.retain(|x| x.key != p.key));
            }
            upload::Outcome::Cancelled => list.update(|l| l.retain(|x| x.key != p.key)),
            upload::Outcome::Failed(ApiError::Network) if attempt < RETRIES => {
                let p2 = p.clone();
                set_timeout(
                    move || send(to, retry_file, p2, attempt + 1, done, list, lang),
                    Duration::from_millis(1000 * u64::from(attempt + 1)),
                );
            }
            upload::Outcome::Failed(ApiError::Refused(_, body)) => {
                p.error.set(Some(refusal(to, &body.code, lang).into()))
            }
            upload::Outcome::Failed(_) => p.error.set(Some(
                lang.pick(
                    "Không tải lên được. Kiểm tra mạng rồi chọn lại tệp.",
                    "The upload failed. Check your connection, then choose the file again.",
                )
                .into(),
            )),
        },
    );
    match started {
        Ok(handle) => pending.upload.set_value(Some(handle)),
        Err(_) => pending.error.set(Some(
            lang.pick("Không tải lên được.", "The upload failed.")
                .into(),
        )),
    }
}

/// What a destination takes, as the server checks it by content: a signed-in person's uploads
/// take documents up to 20 MB; files sent with feedback, photos and PDFs up to 10 MB.
struct Kinds {
    /// What the file input offers.
    accept: &'static str,
    /// The hint for one file and for several, in Vietnamese and English.
    one: (&'static str, &'static str),
    many: (&'static str, &'static str),
    /// Said when the server refuses a file's kind, and its size.
    unsupported: (&'static str, &'static str),
    too_large: (&'static str, &'static str),
}

const DOCUMENTS: Kinds = Kinds {
    accept: "application/pdf,image/jpeg,image/png,image/heic,image/heif,.heic,.heif,.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    one: (
        "Một tệp PDF, JPEG, PNG, HEIC hoặc DOCX, tối đa 20 MB. Chọn tệp khác để thay tệp đã chọn.",
        "One PDF, JPEG, PNG, HEIC or DOCX file, up to 20 MB. Choosing another replaces it.",
    ),
    many: (
        "PDF, JPEG, PNG, HEIC hoặc DOCX, mỗi tệp tối đa 20 MB. Có thể chọn nhiều tệp.",
        "PDF, JPEG, PNG, HEIC or DOCX, up to 20 MB each. You can choose several files.",
    ),
    unsupported: (
        "Chỉ nhận tệp PDF, JPEG, PNG, HEIC hoặc DOCX.",
        "Only PDF, JPEG, PNG, HEIC or DOCX files are accepted.",
    ),
    too_large: (
        "Tệp quá lớn. Mỗi tệp tối đa 20 MB; hãy chụp lại với độ phân giải thấp hơn hoặc chia nhỏ tệp.",
        "The file is too large: at most 20 MB each. Take the photo at a lower resolution or split the file.",
    ),
};

const FEEDBACK: Kinds = Kinds {
    accept: "application/pdf,image/jpeg,image/png,image/heic,image/heif,.heic,.heif",
    one: (
        "Một ảnh (JPEG, PNG, HEIC) hoặc tệp PDF, tối đa 10 MB. Chọn tệp khác để thay tệp đã chọn.",
        "One photo (JPEG, PNG, HEIC) or PDF file, up to 10 MB. Choosing another replaces it.",
    ),
    many: (
        "Ảnh (JPEG, PNG, HEIC) hoặc tệp PDF, mỗi tệp tối đa 10 MB. Có thể chọn nhiều tệp.",
        "Photos (JPEG, PNG, HEIC) or PDF files, up to 10 MB each. You can choose several files.",
    ),
    unsupported: (
        "Chỉ nhận ảnh (JPEG, PNG, HEIC) hoặc tệp PDF.",
        "Only photos (JPEG, PNG, HEIC) or PDF files are accepted.",
    ),
    too_large: (
        "Tệp quá lớn. Mỗi tệp tối đa 10 MB; hãy chụp lại với độ phân giải thấp hơn hoặc chia nhỏ tệp.",
        "The file is too large: at most 10 MB each. Take the photo at a lower resolution or split the file.",
    ),
};

fn kinds(to: &str) -> &'static Kinds {
    if to == api::feedback::FILES {
        &FEEDBACK
    } else {
        &DOCUMENTS
    }
}

fn pick(pair: (&'static str, &'static str), l: Lang) -> &'static str {
    l.pick(pair.0, pair.1)
}

/// Starts uploading every file chosen in a file input that is not attached or on its way already,
/// then empties the input so a file can be chosen again. The names of those left out go in `repeated`.
#[allow(clippy::too_many_arguments)]
fn upload_chosen(
    to: &'static str,
    ev: leptos::ev::Event,
    counter: StoredValue<u32>,
    files: RwSignal<Vec<UploadInfo>>,
    pending: RwSignal<Vec<Pending>>,
    repeated: RwSignal<Vec<String>>,
    done: impl Fn(UploadInfo) + Copy + 'static,
    lang: Lang,
) {
    use wasm_bindgen::JsCast;
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(list) = input.files() else { return };
    let mut left_out = Vec::new();
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        counter.update_value(|c| *c += 1);
        let p = Pending::new(counter.get_value(), &file);
        // A file is known by the name the server keeps (NFC, trimmed) and its size: a resumed
        // draft shows its files, and choosing one of them again must not attach a second copy.
        let same = |name: &str, size: u64| name == p.name && size == p.size;
        let attached = files.with_untracked(|f| f.iter().any(|f| same(&f.name, f.size)))
            || pending.with_untracked(|l| l.iter().any(|x| same(&x.name, x.size)));
        if attached {
            left_out.push(p.name);
            continue;
        }
        pending.update(|l| l.push(p.clone()));
        send(to, file, p, 0, done, pending, lang);
    }
    repeated.set(left_out);
    input.set_value("");
}

/// A file still uploading: its name, its progress, any error, and a button to cancel it.
fn pending_row(p: Pending, pending: RwSignal<Vec<Pending>>, lang: RwSignal<Lang>) -> impl IntoView {
    let upload = p.upload;
    let key = p.key;
    view! {
        <li class="mc-document__file">
            <span>{p.name.clone()}</span>
            <progress class="mc-progress" max="1" value=move || p.progress.get() aria-label=format!("{} {}", lang.get_untracked().pick("Đang tải lên", "Uploading"), p.name)></progress>
            {move || p.error.get().map(|m| view! { <span class="mc-error-message" role="alert">{m}</span> })}
            <button class="mc-link-button" type="button" on:click=move |_| {
                upload.with_value(|u| if let Some(u) = u { u.cancel() });
                pending.update(|l| l.retain(|x| x.key != key));
            }>{move || lang.get().pick("Hủy", "Cancel")}</button>
        </li>
    }
}

/// Choose files (or take photos) and upload them at once, each with its progress, a cancel button
/// while it goes and a remove button once there. The ids of the uploaded files go in an action's
/// `files` or an application's documents.
#[component]
pub fn FilePicker(
    /// The file input's id and name; also the key of its error.
    #[prop(into)]
    id: String,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// Whether the files may be left out; the label then says so.
    #[prop(optional)]
    optional: bool,
    /// The files uploaded so far, kept by the page.
    files: RwSignal<Vec<UploadInfo>>,
    /// One file only, as the request it goes in takes: choosing another replaces it.
    #[prop(optional)]
    single: bool,
    /// Set while files are still uploading, for a page that waits for them before sending.
    #[prop(optional)]
    busy: Option<RwSignal<bool>>,
    /// The form's errors; this control shows its own.
    errors: Signal<FieldErrors>,
    /// The API path files go to, `/uploads` by default (a signed-in person's); another keeps them
    /// until what they are sent with is sent, and has nothing to delete them with.
    #[prop(default = "/uploads")]
    to: &'static str,
    /// What to know about the document, under its label: what kind of file, a template.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let lang = use_lang();
    let pending = RwSignal::new(Vec::<Pending>::new());
    let repeated = RwSignal::new(Vec::<String>::new());
    let counter = StoredValue::new(0u32);
    if let Some(busy) = busy {
        Effect::new(move |_| busy.set(pending.with(|p| p.iter().any(|p| p.error.get().is_none()))));
    }
    let error = {
        let id = id.clone();
        move || {
            errors
                .get()
                .into_iter()
                .find(|(f, _)| *f == id)
                .map(|(_, m)| lang.get().text(&m))
        }
    };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let about_id = format!("{id}-about");
    let described = {
        let about = children.as_ref().map(|_| format!("{about_id} "));
        let (hint_id, error_id, error) = (hint_id.clone(), error_id.clone(), error.clone());
        move || {
            let about = about.as_deref().unwrap_or_default();
            match error() {
                Some(_) => format!("{about}{hint_id} {error_id}"),
                None => format!("{about}{hint_id}"),
            }
        }
    };
    let has_error = {
        let error = error.clone();
        move || error().is_some()
    };
    let invalid = {
        let has_error = has_error.clone();
        move || has_error().then_some("true")
    };
    view! {
        <div class="mc-form-group mc-document" class:mc-form-group--error=has_error>
            <label class="mc-label" for=id.clone()>
                {move || label.get()}
                {optional.then(|| view! { <span class="mc-label__optional">{move || lang.get().pick(" (nếu có)", " (if any)")}</span> })}
            </label>
            {children.map(|about| view! { <div class="mc-hint" id=about_id>{about()}</div> })}
            <p class="mc-hint" id=hint_id>{move || pick(if single { kinds(to).one } else { kinds(to).many }, lang.get())}</p>
            {move || error().map(|m| view! { <p class="mc-error-message" id=error_id.clone()>{m}</p> })}
            <ul class="mc-document__files" aria-live="polite">
                {move || files.get().into_iter().map(|f| {
                    let upload_id = f.id.clone();
                    let label = format!("{} ({})", f.name, size_text(f.size));
                    view! {
                        <li class="mc-document__file">
                            <span>{label.clone()}</span>
                            <button class="mc-link-button" type="button" on:click=move |_| {
                                let id = upload_id.clone();
                                files.update(|all| all.retain(|x| x.id != id));
                                if to == "/uploads" {
                                    leptos::task::spawn_local(async move { let _ = api::delete_upload(&id).await; });
                                }
                            }>
                                {move || lang.get().pick("Xóa", "Remove")}
                                <span class="mc-visually-hidden">{format!(" {label}")}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
                {move || pending.get().into_iter().map(|p| pending_row(p, pending, lang)).collect_view()}
            </ul>
            <p class="mc-hint mc-document__repeated" role="status">{move || {
                let names = repeated.get();
                let count = names.len();
                (count > 0).then(|| {
                    let names = names.iter().map(|n| format!("“{n}”")).collect::<Vec<_>>().join(", ");
                    match lang.get() {
                        Lang::Vi => format!("{names} đã được đính kèm, không thêm lần nữa."),
                        Lang::En if count == 1 => format!("{names} is attached already, so it was not added again."),
                        Lang::En => format!("{names} are attached already, so they were not added again."),
                    }
                })
            }}</p>
            <input class="mc-file" id=id.clone() name=id.clone() type="file" multiple=!single aria-describedby=described aria-invalid=invalid
                accept=kinds(to).accept
                on:change=move |ev| {
                    let done = move |info: UploadInfo| {
                        if single {
                            // The one file replaces what was there, which the server may forget.
                            for old in files.get_untracked() {
                                leptos::task::spawn_local(async move { let _ = api::delete_upload(&old.id).await; });
                            }
                            files.set(vec![info]);
                        } else {
                            files.update(|f| f.push(info));
                        }
                    };
                    upload_chosen(to, ev, counter, files, pending, repeated, done, lang.get_untracked());
                }/>
        </div>
    }
}

/// Why the server refused a file sent `to`, by its stable code, in the reader's language.
fn refusal(to: &str, code: &str, l: Lang) -> &'static str {
    match code {
        "file_too_large" => pick(kinds(to).too_large, l),
        "empty_file" => l.pick(
            "Tệp trống (0 byte). Hãy chọn lại tệp.",
            "The file is empty (0 bytes). Choose it again.",
        ),
        "unsupported_type" => pick(kinds(to).unsupported, l),
        "damaged_pdf" => l.pick(
            "Tệp PDF bị hỏng hoặc không đọc được. Hãy lưu hoặc quét lại tệp rồi tải lên lại.",
            "This PDF is damaged or cannot be read. Save or scan it again, then upload it again.",
        ),
        _ => l.pick(
            "Không tải lên được tệp này. Hãy chọn lại tệp.",
            "This file could not be uploaded. Choose it again.",
        ),
    }
}
