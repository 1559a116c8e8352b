//! File uploads with progress. Fetch cannot report upload progress, so this one request goes through
//! XMLHttpRequest; it can be cancelled, and the caller retries it when the connection drops.

use std::cell::RefCell;
use std::rc::Rc;

use motcua_api::dossier::UploadInfo;
use motcua_api::ErrorBody;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{File, ProgressEvent, XmlHttpRequest};

use super::{ApiError, BASE};

/// A running upload: `cancel` stops it.
#[derive(Clone)]
pub struct Upload {
    xhr: XmlHttpRequest,
}

impl Upload {
    pub fn cancel(&self) {
        let _ = self.xhr.abort();
    }
}

/// How an upload ended.
pub enum Outcome {
    Done(UploadInfo),
    Failed(ApiError),
    Cancelled,
}

/// Starts uploading `file` to a signed-in person's uploads. `progress` gets the fraction sent
/// (0.0–1.0); `done` is called once.
pub fn start(
    file: &File,
    progress: impl Fn(f64) + 'static,
    done: impl FnOnce(Outcome) + 'static,
) -> Result<Upload, ApiError> {
    start_to("/uploads", file, progress, done)
}

/// Starts uploading `file` to the API path `to` (`/uploads`, `/feedback/files`): each answers with
/// the stored file in the same shape.
pub fn start_to(
    to: &str,
    file: &File,
    progress: impl Fn(f64) + 'static,
    done: impl FnOnce(Outcome) + 'static,
) -> Result<Upload, ApiError> {
    let xhr = XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
    let url = format!(
        "{BASE}{to}?name={}",
        motcua_api::encode_component(&file.name())
    );
    xhr.open("POST", &url).map_err(|_| ApiError::Network)?;
    let done = Rc::new(RefCell::new(Some(done)));
    let finish = {
        let done = done.clone();
        move |outcome: Outcome| {
            if let Some(f) = done.borrow_mut().take() {
                f(outcome);
            }
        }
    };

    let on_progress = Closure::<dyn Fn(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            progress(e.loaded() / e.total());
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    on_progress.forget();

    let on_load = {
        let xhr = xhr.clone();
        let finish = finish.clone();
        Closure::<dyn Fn()>::new(move || {
            let status = xhr.status().unwrap_or(0);
            let text = xhr.response_text().ok().flatten().unwrap_or_default();
            let outcome = match status {
                201 => serde_json::from_str(&text)
                    .map(Outcome::Done)
                    .unwrap_or(Outcome::Failed(ApiError::Server(status))),
                401 | 413 | 415 | 422 => match serde_json::from_str::<ErrorBody>(&text) {
                    Ok(body) => Outcome::Failed(ApiError::Refused(status, body)),
                    Err(_) => Outcome::Failed(ApiError::Server(status)),
                },
                _ => Outcome::Failed(ApiError::Server(status)),
            };
            finish(outcome);
        })
    };
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();

    let on_error = {
        let finish = finish.clone();
        Closure::<dyn Fn()>::new(move || finish(Outcome::Failed(ApiError::Network)))
    };
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let on_abort = Closure::<dyn Fn()>::new(move || finish(Outcome::Cancelled));
    xhr.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
    on_abort.forget();

    xhr.send_with_opt_blob(Some(file))
        .map_err(|_| ApiError::Network)?;
    Ok(Upload { xhr })
}
