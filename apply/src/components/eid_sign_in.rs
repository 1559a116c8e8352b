use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use motcua::api;
use motcua::i18n::{use_lang, Lang};

use crate::next_path;

/// Why the last e-ID sign-in came back here (`?eid=`), in the reader's language.
fn failure(why: &str, l: Lang) -> &'static str {
    match why {
        "unavailable" => l.pick(
            "Hệ thống định danh điện tử đang không trả lời. Hãy thử lại sau ít phút, hoặc đăng nhập bằng mật khẩu.",
            "The national e-ID is not answering. Try again in a few minutes, or sign in with a password.",
        ),
        "conflict" => l.pick(
            "Số định danh này đã gắn với một tài khoản khác hoặc tài khoản đã bị khóa. Hãy gọi đường dây nóng.",
            "This ID number belongs to another account, or the account is disabled. Please call the hotline.",
        ),
        _ => l.pick(
            "Chưa đăng nhập được bằng định danh điện tử. Hãy thử lại.",
            "Signing in with the national e-ID did not work. Please try again.",
        ),
    }
}

/// Signing in with the national e-ID (VNeID), offered when the server has it: a link, since the
/// e-ID's own pages come in between; and, when the last try came back here, why it did not work.
#[component]
pub fn EidSignIn() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let available =
        LocalResource::new(|| async { api::sign_in_providers().await.is_ok_and(|p| p.eid) });
    let why = query.with_untracked(|q| q.get("eid"));
    let href = move || api::eid_start_url(&next_path(query.with(|q| q.get("tiep"))));
    view! {
        {why.map(|why| view! {
            <div class="mc-notice mc-notice--error" role="alert">
                <p class="mc-notice__body">{move || failure(&why, lang.get())}</p>
            </div>
        })}
        {move || (available.get() == Some(true)).then(|| view! {
            <section class="mc-eid-sign-in" aria-labelledby="eid-sign-in-title">
                <h2 class="mc-eid-sign-in__title" id="eid-sign-in-title">
                    {move || lang.get().pick("Định danh điện tử", "National e-ID")}
                </h2>
                <p class="mc-eid-sign-in__body">{move || lang.get().pick(
                    "Không cần mật khẩu. Họ tên, số định danh và ngày sinh được xác thực và điền sẵn khi nộp hồ sơ.",
                    "No password needed. Your name, ID number and date of birth are verified and filled in when you apply.",
                )}</p>
                <a class="mc-button mc-button--start" href=href rel="external">
                    {move || lang.get().pick(
                        "Đăng nhập bằng tài khoản định danh điện tử (VNeID)",
                        "Sign in with your national e-ID account (VNeID)",
                    )}
                </a>
            </section>
        })}
    }
}
