use leptos::prelude::*;
use motcua_api::paths;

use crate::i18n::{set_title, use_lang};

/// For addresses that lead nowhere: say so plainly and offer the way back.
#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| set_title(lang.get().pick("Không tìm thấy trang", "Page not found")));
    view! {
        <div class="mc-page">
            <h1 class="mc-page__title">{move || lang.get().pick("Không tìm thấy trang", "Page not found")}</h1>
            <p>{move || lang.get().pick(
                "Địa chỉ có thể đã gõ sai hoặc trang đã được chuyển đi.",
                "The address may be mistyped, or the page may have moved.",
            )}</p>
            <p>
                <a href=move || lang.get().address(&paths::home())>{move || lang.get().pick("Về trang chủ để tìm thủ tục", "Go to the home page to find a procedure")}</a>
            </p>
        </div>
    }
}
