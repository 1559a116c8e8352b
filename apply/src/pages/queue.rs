use leptos::prelude::*;
use motcua::api;
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::lifecycle::{Queue as QueueData, Timeliness};
use motcua_api::paths;

use crate::components::Loaded;
use crate::dates::{date_text, days_left_text, status_class, timeliness_class};

/// `/can-bo`: the dossiers waiting at the officer's agency, nearest deadline first, with the counts
/// overdue and due within two working days at the top. A table on a wide screen; each row a card on a
/// phone.
#[component]
pub fn Queue() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| set_title(lang.get().pick("Hồ sơ cần xử lý", "Dossiers to handle")));
    let queue = LocalResource::new(api::lifecycle::queue);
    view! {
        <div class="mc-page">
            <Loaded
                data=Signal::derive(move || queue.get())
                loading=tr("Đang tải hồ sơ cần xử lý…", "Loading the queue…")
                failed=tr("Chưa tải được danh sách hồ sơ.", "The queue could not be loaded.")
                here=paths::queue()
                forbidden=move || view! {
                    <h1 class="mc-page__title">{move || lang.get().pick("Trang dành cho cán bộ", "For officers only")}</h1>
                    <p>{move || lang.get().pick("Trang này chỉ dành cho cán bộ tiếp nhận, giải quyết hồ sơ.", "This page is for the officers who receive and handle dossiers.")}</p>
                    <p><a href=paths::dossiers("", 1)>{move || lang.get().pick("Xem hồ sơ của tôi", "See my dossiers")}</a></p>
                }
                let:q
            >
                {move || table(&q, lang.get())}
            </Loaded>
        </div>
    }
}

fn table(q: &QueueData, l: Lang) -> impl IntoView {
    let counts = [
        (
            l.pick("Đang chờ xử lý", "Waiting"),
            q.total,
            "mc-counts__item",
        ),
        (
            l.pick("Quá hạn", "Overdue"),
            q.overdue,
            "mc-counts__item mc-counts__item--overdue",
        ),
        (
            l.pick("Sắp đến hạn (2 ngày làm việc)", "Due within 2 working days"),
            q.near_due,
            "mc-counts__item mc-counts__item--near-due",
        ),
    ];
    let mut items = q.items.clone();
    items.sort_by(|a, b| {
        a.step_due
            .cmp(&b.step_due)
            .then(a.due_date.cmp(&b.due_date))
    });
    view! {
        <p class="mc-caption">{l.text(&q.agency_name)}</p>
        <h1 class="mc-page__title">{l.pick("Hồ sơ cần xử lý", "Dossiers to handle")}</h1>
        <p><a href=paths::agency_ratings()>{l.pick("Xem đánh giá của người dân về cơ quan", "See how people rated your agency")}</a></p>
        <p><a href=paths::verifications()>{l.pick("Xác minh doanh nghiệp (cán bộ đăng ký kinh doanh)", "Verify companies (business registration officers)")}</a></p>
        <ul class="mc-counts">
            {counts.into_iter().map(|(label, n, class)| view! {
                <li class=class><span class="mc-counts__number">{n}</span>" "<span class="mc-counts__label">{label}</span></li>
            }).collect_view()}
        </ul>
        {if items.is_empty() {
            view! {
                <Notice kind=NoticeKind::Empty title=Signal::derive(move || l.pick("Không có hồ sơ nào đang chờ cơ quan bạn.", "No dossier is waiting at your agency.").to_string())>
                    <p>{l.pick("Hồ sơ mới sẽ hiện ở đây khi được nộp hoặc chuyển đến.", "New dossiers appear here when they are submitted or forwarded to you.")}</p>
                </Notice>
            }.into_any()
        } else {
            view! {
                <table class="mc-queue">
                    <caption class="mc-visually-hidden">{l.pick("Hồ sơ xếp theo hạn xử lý, gần nhất trước", "Dossiers by deadline, nearest first")}</caption>
                    <thead class="mc-queue__head">
                        <tr>
                            <th scope="col">{l.pick("Mã hồ sơ", "Code")}</th>
                            <th scope="col">{l.pick("Thủ tục, người nộp", "Procedure, applicant")}</th>
                            <th scope="col">{l.pick("Trạng thái", "Status")}</th>
                            <th scope="col">{l.pick("Bước, hạn bước", "Step, step due")}</th>
                            <th scope="col">{l.pick("Hạn trả kết quả", "Result due")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {items.into_iter().map(|i| {
                            let row = match i.timeliness {
                                Timeliness::Overdue | Timeliness::Late => "mc-queue__row mc-queue__row--overdue",
                                Timeliness::NearDue => "mc-queue__row mc-queue__row--near-due",
                                _ => "mc-queue__row",
                            };
                            view! {
                                <tr class=row>
                                    <th scope="row" class="mc-queue__cell" data-label=l.pick("Mã hồ sơ", "Code")>
                                        <a href=paths::officer_dossier(&i.code)>{i.code.clone()}</a>
                                    </th>
                                    <td class="mc-queue__cell" data-label=l.pick("Thủ tục", "Procedure")>{l.text(&i.procedure_name)}<br/><span class="mc-hint">{i.applicant.clone()}</span></td>
                                    <td class="mc-queue__cell" data-label=l.pick("Trạng thái", "Status")>
                                        <span class=status_class(i.status)>{l.text(&i.status.label())}</span>" "
                                        <span class=timeliness_class(i.timeliness)>{l.text(&i.timeliness.label())}</span>
                                    </td>
                                    // Days left count to the step's deadline, the one this agency answers for.
                                    <td class="mc-queue__cell" data-label=l.pick("Bước", "Step")>
                                        {format!("{} · {} {}", l.text(&i.step_name), l.pick("hạn", "due"), date_text(i.step_due, l))}
                                        {days_left_text(i.days_left, i.status, l).map(|t| view! { <br/><span class="mc-queue__left">{t}</span> })}
                                    </td>
                                    <td class="mc-queue__cell" data-label=l.pick("Hạn trả", "Due")>{date_text(i.due_date, l)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
