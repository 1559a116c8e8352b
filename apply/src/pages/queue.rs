use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use motcua::api::{self, ApiError};
use motcua::components::{Notice, NoticeKind};
use motcua::format::count;
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::lifecycle::{
    Queue as QueueData, QueueQuery, QueueStep, Status, Timeliness, QUEUE_PER_PAGE,
};
use motcua_api::paths;
use motcua_api::problem::limits;
use motcua_api::Text;

use crate::components::{Loaded, ProjectMark};
use crate::dates::{date_text, days_left_text, status_class, timeliness_class};
use crate::go;

/// What the top of the queue shows, the same whatever the filters: kept across the reloads a search
/// makes, so the filter form stays as it is, focus and all.
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    agency_name: Text,
    total: u64,
    overdue: u64,
    near_due: u64,
    steps: Vec<QueueStep>,
}

/// How a step's deadline stands, as the `due` filter names it.
const DUE: [(&str, Timeliness); 3] = [
    ("overdue", Timeliness::Overdue),
    ("near_due", Timeliness::NearDue),
    ("on_time", Timeliness::OnTime),
];

/// The query the address carries, each parameter the rules refuse left out, so an address typed
/// wrong still shows the queue.
fn from_address(m: &ParamsMap) -> QueueQuery {
    let get = |key: &str| m.get(key).unwrap_or_default();
    let mut q = QueueQuery {
        code: get("code"),
        step: get("step"),
        status: get("status"),
        due: get("due"),
        page: get("page"),
    };
    for p in q.problems() {
        match p.field.to_string().as_str() {
            "code" => q.code.clear(),
            "step" => q.step.clear(),
            "status" => q.status.clear(),
            "due" => q.due.clear(),
            _ => q.page.clear(),
        }
    }
    q
}

/// `/can-bo`: the dossiers waiting at the officer's agency, nearest deadline first, 20 a page, with
/// the counts overdue and due within two working days at the top, then a search by code and filters
/// by step, status and deadline, all kept in the address. A table on a wide screen; each row a card
/// on a phone.
#[component]
pub fn Queue() -> impl IntoView {
    let lang = use_lang();
    let address = use_query_map();
    let navigate = use_navigate();
    Effect::new(move |_| set_title(lang.get().pick("Hồ sơ cần xử lý", "Dossiers to handle")));
    let query = Memo::new(move |_| address.with(from_address));
    let queue = LocalResource::new(move || {
        let q = query.get();
        async move { api::lifecycle::queue(&q).await }
    });
    let summary = Memo::new(
        move |before: Option<&Option<Result<Summary, ApiError>>>| match queue.get() {
            None => before.cloned().flatten(),
            Some(answer) => Some(answer.map(|q| Summary {
                agency_name: q.agency_name,
                total: q.total,
                overdue: q.overdue,
                near_due: q.near_due,
                steps: q.steps,
            })),
        },
    );

    // The form's fields, set from the address whenever it changes (back and forward too).
    let code = RwSignal::new(String::new());
    let step = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    Effect::new(move |_| {
        let q = query.get();
        code.set(q.code);
        step.set(q.step);
        status.set(q.status);
        due.set(q.due);
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = QueueQuery {
            code: code.get_untracked(),
            step: step.get_untracked(),
            status: status.get_untracked(),
            due: due.get_untracked(),
            page: String::new(),
        };
        go(&navigate, &paths::queue_filtered(&q));
    };
    let form = move |s: &Summary, l: Lang| {
        let steps = s.steps.clone();
        view! {
            <form class="mc-filter-bar" role="search" method="get" action=paths::queue() on:submit=search.clone()
                aria-label=l.pick("Tìm và lọc hồ sơ", "Search and filter dossiers")>
                <div class="mc-filter-bar__field">
                    <label class="mc-label" for="queue-code">{l.pick("Mã hồ sơ", "Dossier code")}</label>
                    <input class="mc-input" id="queue-code" name="code" type="search" autocomplete="off"
                        spellcheck="false" maxlength=limits::TRACKING_CHARS
                        prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
                </div>
                <div class="mc-filter-bar__field">
                    <label class="mc-label" for="queue-step">{l.pick("Bước", "Step")}</label>
                    <select class="mc-select" id="queue-step" name="step" on:change=move |ev| step.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || step.get().is_empty()>{l.pick("Tất cả các bước", "All steps")}</option>
                        {steps.into_iter().map(|s| {
                            let id = s.id.clone();
                            view! {
                                <option value=s.id.clone() prop:selected=move || step.get() == id>{format!("{} ({})", l.text(&s.name), count(s.count, l))}</option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <div class="mc-filter-bar__field">
                    <label class="mc-label" for="queue-status">{l.pick("Trạng thái", "Status")}</label>
                    <select class="mc-select" id="queue-status" name="status" on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || status.get().is_empty()>{l.pick("Tất cả trạng thái", "All statuses")}</option>
                        {Status::ALL.into_iter().filter(|s| !s.is_final()).map(|s| view! {
                            <option value=s.id() prop:selected=move || status.get() == s.id()>{l.text(&s.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="mc-filter-bar__field">
                    <label class="mc-label" for="queue-due">{l.pick("Hạn xử lý của bước", "Step deadline")}</label>
                    <select class="mc-select" id="queue-due" name="due" on:change=move |ev| due.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || due.get().is_empty()>{l.pick("Mọi hạn", "Any deadline")}</option>
                        {DUE.into_iter().map(|(id, t)| view! {
                            <option value=id prop:selected=move || due.get() == id>{l.text(&t.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button class="mc-button mc-button--secondary" type="submit">{l.pick("Tìm", "Search")}</button>
            </form>
        }
    };

    view! {
        <div class="mc-page">
            <Loaded
                data=Signal::derive(move || summary.get())
                loading=tr("Đang tải hồ sơ cần xử lý…", "Loading the queue…")
                failed=tr("Chưa tải được danh sách hồ sơ.", "The queue could not be loaded.")
                here=Signal::derive(move || paths::queue_filtered(&query.get()))
                forbidden=move || view! {
                    <h1 class="mc-page__title">{move || lang.get().pick("Trang dành cho cán bộ", "For officers only")}</h1>
                    <p>{move || lang.get().pick("Trang này chỉ dành cho cán bộ tiếp nhận, giải quyết hồ sơ.", "This page is for the officers who receive and handle dossiers.")}</p>
                    <p><a href=paths::dossiers("", 1)>{move || lang.get().pick("Xem hồ sơ của tôi", "See my dossiers")}</a></p>
                }
                let:s
            >
                {
                    let form = form.clone();
                    move || {
                        let l = lang.get();
                        view! {
                            {header(&s, l)}
                            {form(&s, l)}
                        }
                    }
                }
                <p class="mc-results__count" role="status">
                    {move || match queue.get() {
                        Some(Ok(q)) => count_text(&q, lang.get()),
                        _ => String::new(),
                    }}
                </p>
                {move || {
                    let l = lang.get();
                    match queue.get() {
                        None => view! { <Notice kind=NoticeKind::Loading title=tr("Đang tìm hồ sơ…", "Finding dossiers…")/> }.into_any(),
                        Some(Ok(q)) => results(&q, &query.get_untracked(), l).into_any(),
                        Some(Err(_)) => view! {
                            <Notice kind=NoticeKind::Error title=tr("Chưa tải được danh sách hồ sơ.", "The queue could not be loaded.")>
                                <p>{l.pick("Kiểm tra kết nối mạng rồi tải lại trang.", "Check your connection, then reload the page.")}</p>
                            </Notice>
                        }.into_any(),
                    }
                }}
            </Loaded>
        </div>
    }
}

fn header(s: &Summary, l: Lang) -> impl IntoView {
    let counts = [
        (
            l.pick("Đang chờ xử lý", "Waiting"),
            s.total,
            "mc-counts__item",
        ),
        (
            l.pick("Quá hạn", "Overdue"),
            s.overdue,
            "mc-counts__item mc-counts__item--overdue",
        ),
        (
            l.pick("Sắp đến hạn (2 ngày làm việc)", "Due within 2 working days"),
            s.near_due,
            "mc-counts__item mc-counts__item--near-due",
        ),
    ];
    view! {
        <p class="mc-caption">{l.text(&s.agency_name)}</p>
        <h1 class="mc-page__title">{l.pick("Hồ sơ cần xử lý", "Dossiers to handle")}</h1>
        <p><a href=paths::feedback_queue()>{l.pick("Phản ánh, kiến nghị cần trả lời", "Feedback and complaints to answer")}</a></p>
        <p><a href=paths::agency_ratings()>{l.pick("Xem đánh giá của người dân về cơ quan", "See how people rated your agency")}</a></p>
        <p><a href=paths::verifications()>{l.pick("Xác minh doanh nghiệp (cán bộ đăng ký kinh doanh)", "Verify companies (business registration officers)")}</a></p>
        <p><a href=paths::search_terms()>{l.pick("Từ người dân tìm mà chưa thấy (cán bộ quản lý danh mục)", "What people searched for and did not find (catalogue officers)")}</a></p>
        <ul class="mc-counts">
            {counts.into_iter().map(|(label, n, class)| view! {
                <li class=class><span class="mc-counts__number">{count(n, l)}</span>" "<span class="mc-counts__label">{label}</span></li>
            }).collect_view()}
        </ul>
    }
}

fn count_text(q: &QueueData, l: Lang) -> String {
    match l {
        Lang::Vi => format!("Tìm thấy {} hồ sơ", count(q.matched, l)),
        Lang::En if q.matched == 1 => "1 dossier found".to_string(),
        Lang::En => format!("{} dossiers found", count(q.matched, l)),
    }
}

fn results(q: &QueueData, query: &QueueQuery, l: Lang) -> AnyView {
    if q.items.is_empty() {
        let (title, body, link) = if q.page > 1 && q.matched > 0 {
            (
                l.pick(
                    "Trang này không có hồ sơ.",
                    "There is nothing on this page.",
                ),
                l.pick("Danh sách đã ngắn lại.", "The list has grown shorter."),
                Some((
                    paths::queue_filtered(&query.at_page(1)),
                    l.pick("Về trang đầu", "Back to the first page"),
                )),
            )
        } else if query.is_filtered() {
            (
                l.pick(
                    "Không có hồ sơ nào khớp với tìm kiếm.",
                    "No dossier matches the search.",
                ),
                l.pick(
                    "Thử mã hồ sơ khác hoặc bỏ bớt bộ lọc.",
                    "Try another code or fewer filters.",
                ),
                Some((
                    paths::queue(),
                    l.pick("Xem tất cả hồ sơ đang chờ", "See every dossier waiting"),
                )),
            )
        } else {
            (
                l.pick(
                    "Không có hồ sơ nào đang chờ cơ quan bạn.",
                    "No dossier is waiting at your agency.",
                ),
                l.pick(
                    "Hồ sơ mới sẽ hiện ở đây khi được nộp hoặc chuyển đến.",
                    "New dossiers appear here when they are submitted or forwarded to you.",
                ),
                None,
            )
        };
        return view! {
            <Notice kind=NoticeKind::Empty title=Signal::derive(move || title.to_string())>
                <p>{body}</p>
                {link.map(|(href, text)| view! { <p><a href=href>{text}</a></p> })}
            </Notice>
        }
        .into_any();
    }
    let pages = q.pages.max(1);
    let page = q.page;
    let link = |p: u32| paths::queue_filtered(&query.at_page(p));
    let first = (page - 1) * QUEUE_PER_PAGE + 1;
    let last = first + q.items.len() as u32 - 1;
    view! {
        <table class="mc-queue">
                <caption class="mc-visually-hidden">
                    {match l {
                        Lang::Vi => format!("Hồ sơ xếp theo hạn xử lý, gần nhất trước: {first}–{last} trong {}", q.matched),
                        Lang::En => format!("Dossiers by deadline, nearest first: {first}–{last} of {}", q.matched),
                    }}
                </caption>
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
                    {q.items.iter().map(|i| {
                        let row = match i.timeliness {
                            Timeliness::Overdue | Timeliness::Late => "mc-queue__row mc-queue__row--overdue",
                            Timeliness::NearDue => "mc-queue__row mc-queue__row--near-due",
                            _ => "mc-queue__row",
                        };
                        view! {
                            <tr class=row>
                                <th scope="row" class="mc-queue__cell mc-queue__cell--code" data-label=l.pick("Mã hồ sơ", "Code")>
                                    <a href=paths::officer_dossier(&i.code)>{i.code.clone()}</a>
                                </th>
                                <td class="mc-queue__cell" data-label=l.pick("Thủ tục", "Procedure")>
                                    {l.text(&i.procedure_name)}<br/><span class="mc-hint">{i.applicant.clone()}</span>
                                    {i.project.clone().map(|p| view! { <ProjectMark project=p lang=l/> })}
                                </td>
                                <td class="mc-queue__cell" data-label=l.pick("Trạng thái", "Status")>
                                    <span class=status_class(i.status)>{l.text(&i.status.label())}</span>" "
                                    <span class=timeliness_class(i.timeliness)>{l.text(&i.timeliness.label())}</span>
                                </td>
                                // Days left count to the step's deadline, the one this agency answers for.
                                <td class="mc-queue__cell" data-label=l.pick("Bước", "Step")>
                                    {format!("{} · {} ", l.text(&i.step_name), l.pick("hạn", "due"))}
                                    <span class="mc-queue__date">{date_text(i.step_due, l)}</span>
                                    {days_left_text(i.days_left, i.status, l).map(|t| view! { <br/><span class="mc-queue__left">{t}</span> })}
                                </td>
                                <td class="mc-queue__cell mc-queue__cell--date" data-label=l.pick("Hạn trả", "Due")>{date_text(i.due_date, l)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        {(pages > 1).then(|| view! {
            <nav class="mc-pagination" aria-label=l.pick("Phân trang", "Pagination")>
                {(page > 1).then(|| view! { <a class="mc-pagination__step" rel="prev" href=link(page - 1)>{l.pick("‹ Trang trước", "‹ Previous")}</a> })}
                <span class="mc-pagination__where">{match l { Lang::Vi => format!("Trang {page} / {pages}"), Lang::En => format!("Page {page} of {pages}") }}</span>
                {(page < pages).then(|| view! { <a class="mc-pagination__step" rel="next" href=link(page + 1)>{l.pick("Trang sau ›", "Next ›")}</a> })}
            </nav>
        })}
    }
    .into_any()
}
