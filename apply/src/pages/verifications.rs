use leptos::prelude::*;
use motcua::api;
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::{set_title, tr, use_lang};
use motcua_api::paths;

use crate::components::{Loaded, VerificationItem};

/// `/can-bo/xac-minh`: the companies waiting for an officer of the business-registration agency to
/// check their certificate, oldest first. Other officers and everyone else are told it is not theirs.
#[component]
pub fn Verifications() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| {
        set_title(
            lang.get()
                .pick("Xác minh doanh nghiệp", "Company verification"),
        )
    });
    let queue = LocalResource::new(api::companies::verifications);
    view! {
        <div class="mc-page">
            <Loaded
                data=Signal::derive(move || queue.get())
                loading=tr("Đang tải các đề nghị xác minh…", "Loading the requests…")
                failed=tr("Chưa tải được các đề nghị xác minh.", "The requests could not be loaded.")
                here=paths::verifications()
                forbidden=move || view! {
                    <h1 class="mc-page__title">{move || lang.get().pick("Trang dành cho cán bộ đăng ký kinh doanh", "For business registration officers only")}</h1>
                    <p>{move || lang.get().pick("Chỉ cán bộ của cơ quan đăng ký kinh doanh xác minh doanh nghiệp.", "Only officers of the business registration agency verify companies.")}</p>
                    <p><a href=paths::queue()>{move || lang.get().pick("Về danh sách hồ sơ cần xử lý", "Back to the queue")}</a></p>
                }
                let:q
            >
                <h1 class="mc-page__title">{move || lang.get().pick("Xác minh doanh nghiệp", "Company verification")}</h1>
                <p>{move || lang.get().pick(
                    "Đối chiếu giấy chứng nhận đăng ký doanh nghiệp với mã số thuế, tên doanh nghiệp và người đại diện theo pháp luật. Khi được xác nhận, tài khoản trụ sở chính trở thành quản trị của doanh nghiệp.",
                    "Check the enterprise registration certificate against the tax code, the company name and the legal representative. Once confirmed, the head office account administers the company.",
                )}</p>
                {if q.items.is_empty() {
                    view! {
                        <Notice kind=NoticeKind::Empty title=tr("Không có đề nghị xác minh nào đang chờ.", "No request is waiting.")>
                            <p>{move || lang.get().pick("Đề nghị mới sẽ hiện ở đây khi doanh nghiệp gửi.", "New requests appear here when companies send them.")}</p>
                        </Notice>
                    }.into_any()
                } else {
                    q.items.into_iter().map(|v| view! { <VerificationItem verification=v/> }).collect_view().into_any()
                }}
            </Loaded>
        </div>
    }
}
