use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use motcua::api::{self, ApiError};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::account::LoginRequest;
use motcua_api::{paths, Text};

use crate::components::{EidSignIn, ErrorSummary, FieldErrors, TextField};
use crate::{go, next_path};

fn failure(error: ApiError, l: Lang) -> String {
    match error {
        ApiError::TooMany { .. } => format!(
            "{} {}",
            l.pick(
                "Đăng nhập sai quá nhiều lần. Vì an toàn, tạm thời chưa đăng nhập được.",
                "Too many failed attempts. For your safety, signing in is paused.",
            ),
            error.wait().map(|w| l.text(&w)).unwrap_or_default(),
        ),
        ApiError::Refused(..) => l
            .pick(
                "Số định danh hoặc mật khẩu không đúng.",
                "The identification number or the password is wrong.",
            )
            .to_string(),
        ApiError::Network => l
            .pick(
                "Không kết nối được. Kiểm tra mạng rồi bấm Đăng nhập lần nữa.",
                "No connection. Check your network, then press Sign in again.",
            )
            .to_string(),
        _ => l
            .pick(
                "Hệ thống đang bận. Hãy thử lại sau ít phút.",
                "The service is busy. Please try again in a few minutes.",
            )
            .to_string(),
    }
}

/// Signing in with a CCCD number or a tax code.
#[component]
pub fn Login() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| set_title(lang.get().pick("Đăng nhập", "Sign in")));
    let query = use_query_map();
    let navigate = use_navigate();
    let identifier = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let mut found = FieldErrors::new();
        if identifier.get_untracked().trim().is_empty() {
            found.push((
                "identifier".into(),
                Text::new(
                    "Nhập số định danh cá nhân (CCCD) hoặc mã số thuế.",
                    "Enter your citizen ID number or tax code.",
                ),
            ));
        }
        if password.get_untracked().is_empty() {
            found.push((
                "password".into(),
                Text::new("Nhập mật khẩu.", "Enter your password."),
            ));
        }
        general.set(None);
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        sending.set(true);
        let req = LoginRequest {
            identifier: identifier.get_untracked(),
            password: password.get_untracked(),
        };
        let next = next_path(query.get_untracked().get("tiep"));
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::login(&req).await {
                Ok(me) => {
                    crate::saved::sign_in_as(me.id);
                    go(&navigate, &next);
                }
                Err(e) => {
                    sending.set(false);
                    general.set(Some(failure(e, lang.get_untracked())));
                }
            }
        });
    };

    view! {
        <div class="mc-page mc-page--narrow">
            <ErrorSummary errors=errors.into() general=general/>
            <h1 class="mc-page__title">{move || lang.get().pick("Đăng nhập", "Sign in")}</h1>
            <EidSignIn/>
            <form class="mc-form" novalidate on:submit=submit>
                <TextField
                    id="identifier"
                    label=tr("Số định danh cá nhân (CCCD) hoặc mã số thuế", "Citizen ID number or tax code")
                    hint=tr("Cán bộ đăng nhập bằng tên đăng nhập được cấp.", "Officers sign in with the user name they were given.")
                    value=identifier
                    errors=errors.into()
                    autocomplete="username"
                />
                <TextField
                    id="password"
                    label=tr("Mật khẩu", "Password")
                    value=password
                    errors=errors.into()
                    kind="password"
                    autocomplete="current-password"
                />
                <button class="mc-button" type="submit" disabled=move || sending.get()>
                    {move || if sending.get() {
                        lang.get().pick("Đang đăng nhập…", "Signing in…")
                    } else {
                        lang.get().pick("Đăng nhập", "Sign in")
                    }}
                </button>
            </form>
            <p>
                {move || lang.get().pick("Chưa có tài khoản? ", "No account yet? ")}
                <a href=move || paths::register(query.with(|q| q.get("tiep")).as_deref())>{move || lang.get().pick("Đăng ký tài khoản", "Create an account")}</a>
            </p>
        </div>
    }
}
