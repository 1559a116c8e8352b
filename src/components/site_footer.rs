use leptos::prelude::*;

use crate::i18n::use_lang;

/// Where to get help by phone, for anyone the website does not serve well.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let lang = use_lang();
    view! {
        <footer class="mc-footer">
            <div class="mc-footer__inner">
                <p class="mc-footer__help">
                    {move || lang.get().pick("Cần hỗ trợ? Gọi đường dây nóng ", "Need help? Call the help line ")}
                    <a class="mc-footer__link" href="tel:1900561563">"1900 561 563"</a>
                    {move || lang.get().pick(" (giờ hành chính).", " (office hours).")}
                </p>
                <p class="mc-footer__meta">
                    {move || lang.get().pick(
                        "Trung tâm Phục vụ hành chính công tỉnh – Cổng dịch vụ công",
                        "Provincial Public Administration Service Centre – public service portal",
                    )}
                </p>
            </div>
        </footer>
    }
}
