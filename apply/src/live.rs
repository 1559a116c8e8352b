//! A dossier kept up to date: loaded once, reloaded when the server says it changed (server-sent
//! events) or when an action finds it stale, and replaced by the answer of every action.

use leptos::prelude::*;
use motcua::api::{self, ApiError};
use motcua::i18n::{use_lang, Lang};
use motcua_api::lifecycle::{ActionKind, ActionRequest, DossierView, Status};

use crate::components::{said, FieldErrors};

#[derive(Clone, Copy)]
pub struct LiveDossier {
    /// The dossier as last loaded; `None` while the first load runs.
    pub data: RwSignal<Option<Result<DossierView, ApiError>>>,
    reload: RwSignal<u32>,
    /// Said politely to screen readers (and shown) when the dossier changed while the page was open.
    pub announcement: RwSignal<String>,
}

impl LiveDossier {
    /// The dossier, once loaded.
    pub fn view(&self) -> Option<DossierView> {
        self.data.get().and_then(Result::ok)
    }

    pub fn reload(&self) {
        self.reload.update(|n| *n += 1);
    }

    fn version(&self) -> Option<u32> {
        self.data
            .with_untracked(|d| d.as_ref().and_then(|d| d.as_ref().ok()).map(|d| d.version))
    }
}

/// Loads dossier `code` and follows its changes for as long as the calling view lives.
pub fn use_live_dossier(code: String) -> LiveDossier {
    let lang = use_lang();
    let live = LiveDossier {
        data: RwSignal::new(api::lifecycle::sent_dossier(&code)),
        reload: RwSignal::new(0),
        announcement: RwSignal::new(String::new()),
    };
    let reload = live.reload;
    let loaded = LocalResource::new({
        let code = code.clone();
        move || {
            reload.track();
            let code = code.clone();
            async move { api::lifecycle::dossier(&code).await }
        }
    });
    Effect::new(move |_| {
        if let Some(result) = loaded.get() {
            if let (Some(before), Ok(now)) = (live.version(), &result) {
                if now.version != before {
                    let l = lang.get_untracked();
                    live.announcement.set(format!(
                        "{} {}.",
                        l.pick(
                            "Hồ sơ vừa được cập nhật. Trạng thái:",
                            "The dossier has just been updated. Status:"
                        ),
                        l.text(&now.status.label())
                    ));
                }
            }
            live.data.set(Some(result));
        }
    });
    // The dossier the page came with may be older than the app: the server says at once if it is.
    api::live::watch(&code, live.version(), move |version| {
        if version.is_none() || version != live.version() {
            live.reload();
        }
    });
    live
}

/// How an action ended, in words for the person who tried it.
pub enum Acted {
    /// Done; the dossier's new status.
    Done(Status),
    /// The whole form's problem (stale, not allowed, no connection).
    Problem(String),
    /// Problems of single fields, by the server's field names (`note`, `items`, `files`, `reason`,
    /// `new_date`).
    Fields(FieldErrors),
}

/// Sends `action` on the version the page shows, updating the page with the answer. When the dossier
/// changed meanwhile it is reloaded and the person told so; what they typed stays.
pub async fn perform(live: LiveDossier, code: &str, request: ActionRequest, l: Lang) -> Acted {
    match api::lifecycle::act(code, &request).await {
        Ok(view) => {
            let status = view.status;
            live.data.set(Some(Ok(view)));
            Acted::Done(status)
        }
        Err(ApiError::Refused(409, body)) if body.code == "stale" => {
            live.reload();
            Acted::Problem(
                l.pick(
                    "Hồ sơ vừa có thay đổi trong lúc bạn thao tác. Trang đã được cập nhật; hãy xem lại rồi gửi lại. Nội dung bạn đã nhập vẫn được giữ.",
                    "The dossier changed while you were working on it. The page has been updated; check it, then send again. What you typed is kept.",
                )
                .into(),
            )
        }
        // The server's own words: what to do before the result can be handed over.
        Err(ApiError::Refused(409, body)) if body.code == "fee_unpaid" => Acted::Problem(match l {
            Lang::Vi => body.message,
            Lang::En => "The result cannot be handed over yet: the fee is not paid in full or the exemption is not decided. Record the payment at the desk or decide on the exemption first.".into(),
        }),
        Err(ApiError::Refused(409, _)) => {
            live.reload();
            Acted::Problem(
                l.pick(
                    "Việc này không làm được ở tình trạng hiện tại của hồ sơ. Trang đã được cập nhật; hãy xem lại.",
                    "This cannot be done in the dossier's current state. The page has been updated; check it.",
                )
                .into(),
            )
        }
        Err(ApiError::Invalid(body)) => Acted::Fields(said(&body)),
        Err(ApiError::Refused(401, _)) => Acted::Problem(
            l.pick(
                "Phiên đăng nhập đã hết. Hãy đăng nhập lại rồi thử lại.",
                "You have been signed out. Sign in again, then try again.",
            )
            .into(),
        ),
        Err(ApiError::Refused(..)) => Acted::Problem(
            l.pick(
                "Bạn không thực hiện được việc này với hồ sơ.",
                "You cannot do this with this dossier.",
            )
            .into(),
        ),
        Err(_) => Acted::Problem(
            l.pick(
                "Chưa gửi được. Kiểm tra kết nối mạng rồi thử lại.",
                "It could not be sent. Check your connection, then try again.",
            )
            .into(),
        ),
    }
}

/// What a person sees for an action: its name, and the button that does it.
pub fn action_name(kind: ActionKind, l: Lang) -> &'static str {
    match kind {
        ActionKind::Withdraw => l.pick("Rút hồ sơ", "Withdraw the application"),
        ActionKind::Receive => l.pick("Tiếp nhận hồ sơ", "Receive the dossier"),
        ActionKind::RequestSupplement => l.pick("Yêu cầu bổ sung hồ sơ", "Request a supplement"),
        ActionKind::Supplement => l.pick("Gửi bổ sung", "Send the supplement"),
        ActionKind::Forward => l.pick("Chuyển bước tiếp theo", "Forward to the next step"),
        ActionKind::ResultReady => l.pick("Đã có kết quả", "Mark the result ready"),
        ActionKind::Refuse => l.pick("Từ chối hồ sơ", "Refuse the dossier"),
        ActionKind::Return => l.pick("Đã trả kết quả", "Mark the result returned"),
        ActionKind::Apologize => l.pick(
            "Xin lỗi và hẹn lại ngày trả",
            "Apologise and set a new date",
        ),
    }
}

/// Focuses the element with `id` (a heading or summary with `tabindex="-1"`), after an action removed
/// the form that had the focus.
pub use motcua::focus_id;
