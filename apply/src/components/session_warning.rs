//! Warns before a signed-in session ends unused, and says when it has, over the page: whatever was
//! typed stays in its fields (and, on the application form, in local storage), so nothing is lost by
//! going on or by signing in again.

use std::time::Duration;

use leptos::html::Dialog;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use motcua::api::{self, ApiError, Heard};
use motcua::i18n::use_lang;
use motcua_api::paths;
use wasm_bindgen::JsCast;

use crate::live::focus_id;

/// How long before the idle end the warning shows: time to read it and answer (WCAG 2.2.1 asks for
/// 20 seconds at least), and more than the minute within which the server does not record activity
/// again, so that going on surely renews the session.
const WARN_BEFORE_MS: f64 = 120_000.0;
/// How long after the idle end the server is asked whether the session ended: its own end is at or
/// before the app's reckoning, and this covers the two clocks' rounding.
const END_MARGIN_MS: f64 = 5_000.0;
/// An answer from the server this long after the clock was read may have renewed the session (every
/// signed-in request does): ask again rather than warn.
const RENEWED_AFTER_MS: f64 = 60_000.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Nothing,
    Warning,
    Ended,
}

/// The session's clock as this tab follows it, by the browser's clock (milliseconds).
#[derive(Clone, Copy)]
struct Watch {
    shown: RwSignal<Shown>,
    /// A session was seen since the page loaded or the person last signed out: only then can one end.
    active: StoredValue<bool>,
    /// When the server's clock was last read, and when it last answered any request.
    read_at: StoredValue<f64>,
    answered_at: StoredValue<f64>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

impl Watch {
    fn new() -> Self {
        Watch {
            shown: RwSignal::new(Shown::Nothing),
            active: StoredValue::new(false),
            read_at: StoredValue::new(0.0),
            answered_at: StoredValue::new(0.0),
            timer: StoredValue::new(None),
        }
    }

    /// Asks the server when the session ends (without renewing it), and waits for that.
    fn check(self) {
        leptos::task::spawn_local(async move {
            match api::session().await {
                Ok(s) => {
                    self.active.set_value(true);
                    let now = js_sys::Date::now();
                    self.read_at.set_value(now);
                    let end = now + (s.idle_ends_at - s.now) as f64 * 1000.0;
                    // Renewed meanwhile, here or in another tab.
                    if end - now > WARN_BEFORE_MS && self.shown.get_untracked() == Shown::Warning {
                        self.shown.set(Shown::Nothing);
                    }
                    self.at(end - WARN_BEFORE_MS, move || self.warn(end));
                }
                Err(ApiError::Refused(401, _)) if self.active.get_value() => self.ended(),
                Err(ApiError::Refused(401, _)) => {}
                // Offline or busy: the session is as it was; ask again in a minute.
                Err(_) => self.at(js_sys::Date::now() + 60_000.0, move || self.check()),
            }
        });
    }

    fn warn(self, end: f64) {
        // A session found ended (or signed out) meanwhile is not warned about: its timer may fire
        // in the same turn as the answer that ended it.
        if !self.active.get_value() {
            return;
        }
        if self.answered_at.get_value() > self.read_at.get_value() + RENEWED_AFTER_MS {
            return self.check();
        }
        self.shown.set(Shown::Warning);
        self.at(end + END_MARGIN_MS, move || self.check());
    }

    fn ended(self) {
        self.stop();
        self.shown.set(Shown::Ended);
    }

    /// Nothing to follow: signed out, or signing in again.
    fn stop(self) {
        if let Some(t) = self.timer.get_value() {
            t.clear();
        }
        self.timer.set_value(None);
        self.active.set_value(false);
        self.shown.set(Shown::Nothing);
    }

    fn at(self, when: f64, then: impl FnOnce() + 'static) {
        if let Some(t) = self.timer.get_value() {
            t.clear();
        }
        let wait = Duration::from_millis((when - js_sys::Date::now()).max(0.0) as u64);
        self.timer
            .set_value(set_timeout_with_handle(then, wait).ok());
    }

    /// Renews the session with the cheapest signed-in request, then follows its new clock.
    fn go_on(self) {
        leptos::task::spawn_local(async move {
            match api::me().await {
                Err(ApiError::Refused(401, _)) => self.ended(),
                _ => self.check(),
            }
        });
    }
}

/// Mounted once, over every page of the signed-in area.
#[component]
pub fn SessionWarning() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let watch = Watch::new();
    let shown = watch.shown;
    let dialog = NodeRef::<Dialog>::new();
    // Where focus was when the dialog opened, to return it there: the field being typed in.
    let before = StoredValue::new_local(None::<web_sys::HtmlElement>);

    Effect::new(move |_| match api::heard().get() {
        Heard::Answered(_) => watch.answered_at.set_value(js_sys::Date::now()),
        Heard::NotSignedIn if watch.active.get_value() => watch.check(),
        Heard::SignedOut => watch.stop(),
        _ => {}
    });
    // Every page may have signed in or out, and its requests renewed the session: read the clock.
    Effect::new(move |_| {
        location.pathname.track();
        if shown.get_untracked() == Shown::Ended {
            watch.stop();
        }
        watch.check();
    });
    Effect::new(move |_| {
        let now = shown.get();
        let Some(d) = dialog.get() else { return };
        match now {
            Shown::Nothing if d.open() => {
                d.close();
                if let Some(el) = before.get_value() {
                    let _ = el.focus();
                }
            }
            Shown::Nothing => {}
            _ => {
                if !d.open() {
                    before.set_value(
                        document()
                            .active_element()
                            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
                    );
                    let _ = d.show_modal();
                }
                request_animation_frame(|| focus_id("session-action"));
            }
        }
    });
    // The page to come back to after signing in again.
    let here = move || paths::address(&location.pathname.get(), &location.search.get());
    let on_cancel = move |ev: leptos::ev::Event| {
        // Escape goes on with the session; once it has ended, only signing in again helps.
        ev.prevent_default();
        if shown.get_untracked() == Shown::Warning {
            watch.go_on();
        }
    };
    view! {
        <dialog
            class="mc-session"
            node_ref=dialog
            role="alertdialog"
            aria-modal="true"
            aria-labelledby="session-title"
            aria-describedby="session-body"
            on:cancel=on_cancel
        >
            {move || {
                let l = lang.get();
                match shown.get() {
                    Shown::Ended => view! {
                        <h2 class="mc-session__title" id="session-title">{l.pick("Phiên đăng nhập đã kết thúc", "Your session has ended")}</h2>
                        <p class="mc-session__body" id="session-body">{l.pick(
                            "Để bảo vệ tài khoản, phiên đăng nhập kết thúc khi lâu không dùng. Những gì bạn đã nhập vẫn được giữ trên máy này: đăng nhập lại để tiếp tục từ chỗ đang dở.",
                            "To protect your account, a session ends when it is not used for a while. What you typed is kept on this device: sign in again to carry on where you were.",
                        )}</p>
                        <a class="mc-button mc-session__action" id="session-action" href=paths::sign_in(Some(&here()))>{l.pick("Đăng nhập lại", "Sign in again")}</a>
                    }.into_any(),
                    _ => view! {
                        <h2 class="mc-session__title" id="session-title">{l.pick("Phiên đăng nhập sắp hết hạn", "Your session is about to end")}</h2>
                        <p class="mc-session__body" id="session-body">{l.pick(
                            "Bạn chưa thao tác gì một lúc. Để bảo vệ tài khoản, phiên đăng nhập sẽ kết thúc sau khoảng 2 phút. Những gì bạn đã nhập vẫn được giữ.",
                            "You have not done anything for a while. To protect your account, your session will end in about 2 minutes. What you typed is kept.",
                        )}</p>
                        <button class="mc-button mc-session__action" id="session-action" type="button" on:click=move |_| watch.go_on()>{l.pick("Tiếp tục", "Continue")}</button>
                    }.into_any(),
                }
            }}
        </dialog>
    }
}
