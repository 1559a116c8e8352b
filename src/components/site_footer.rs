use leptos::prelude::*;
use motcua_api::paths::{self, bundle_of, Bundle};
use motcua_api::stats::StatsQuery;

use crate::i18n::use_lang;

/// Where to get help by phone, for anyone the website does not serve well, and the province's
/// accountability pages.
#[component]
pub fn SiteFooter(
    /// The bundles whose pages this build has: a link to another bundle's page loads it in full, one
    /// to this build's is followed by its router.
    here: &'static [Bundle],
) -> impl IntoView {
    let lang = use_lang();
    let rel = move |path: &str| (!here.contains(&bundle_of(path))).then_some("external");
    let stats = paths::stats(&StatsQuery::default());
    let questions = paths::questions("", "");
    let send = paths::send_feedback(None);
    let changes = paths::changes();
    view! {
        <footer class="mc-footer">
            <div class="mc-footer__inner">
                <p class="mc-footer__help">
                    {move || lang.get().pick("Cần hỗ trợ? Gọi đường dây nóng ", "Need help? Call the help line ")}
                    <a class="mc-footer__link" href="tel:1900561563">"1900 561 563"</a>
                    {move || lang.get().pick(" (giờ hành chính).", " (office hours).")}
                </p>
                <p class="mc-footer__help">
                    <a class="mc-footer__link" rel=rel(&stats) href=stats>
                        {move || lang.get().pick("Thống kê kết quả giải quyết hồ sơ", "Statistics: how dossiers are handled")}
                    </a>
                </p>
                <p class="mc-footer__help">
                    <a class="mc-footer__link" rel=rel(&questions) href=questions>
                        {move || lang.get().pick("Hỏi đáp", "Questions and answers")}
                    </a>
                    " · "
                    <a class="mc-footer__link" rel=rel(&send) href=send>
                        {move || lang.get().pick("Gửi phản ánh, kiến nghị", "Send feedback or a complaint")}
                    </a>
                    " · "
                    <a class="mc-footer__link" rel=rel(&changes) href=changes>
                        {move || lang.get().pick("Bạn nói, chúng tôi làm", "You said, we did")}
                    </a>
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
