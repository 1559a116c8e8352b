use leptos::prelude::*;
use motcua::api;
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::company::MyCompanies;
use motcua_api::paths;
use motcua_api::project::{ProjectList, ProjectSummary, StepState};

use crate::components::Loaded;
use crate::dates::date_text;
use crate::live::focus_id;

/// `/du-an`: the projects of the account's companies, each with its steps done, what it waits on
/// (which agency holds which step since when, the late ones said so) and when it can finish; members
/// who may act for a company create projects from here. A page at a time, newest first: "More
/// projects" adds the next below and takes the focus to its first.
#[component]
pub fn Projects() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| set_title(lang.get().pick("Dự án đầu tư", "Investment projects")));
    let list = LocalResource::new(|| api::projects::list(None));
    let more = More::new();
    let mine = LocalResource::new(api::companies::mine);
    let data = Signal::derive(move || {
        Some(match (list.get()?, mine.get()?) {
            (Ok(list), Ok(mine)) => Ok((list, mine)),
            (Err(e), _) | (_, Err(e)) => Err(e),
        })
    });
    view! {
        <div class="mc-page">
            <h1 class="mc-page__title">{move || lang.get().pick("Dự án đầu tư", "Investment projects")}</h1>
            <Loaded
                data=data
                loading=tr("Đang tải dự án…", "Loading the projects…")
                failed=tr("Chưa tải được danh sách dự án.", "The projects could not be loaded.")
                here=paths::projects()
                let:loaded
            >
                {
                    let (list, mine) = loaded;
                    move || body(&list, &mine, more, lang.get())
                }
            </Loaded>
        </div>
    }
}

/// The pages loaded after the first, and how loading the next one goes.
#[derive(Clone, Copy)]
struct More {
    pages: RwSignal<Vec<ProjectList>>,
    loading: RwSignal<bool>,
    failed: RwSignal<bool>,
}

impl More {
    fn new() -> Self {
        More {
            pages: RwSignal::new(Vec::new()),
            loading: RwSignal::new(false),
            failed: RwSignal::new(false),
        }
    }

    /// Where the next page starts, if there is one.
    fn next(self, first: &ProjectList) -> Option<String> {
        self.pages
            .with(|pages| pages.last().unwrap_or(first).next.clone())
    }

    fn load(self, after: String) {
        if self.loading.get_untracked() {
            return;
        }
        self.loading.set(true);
        self.failed.set(false);
        leptos::task::spawn_local(async move {
            let page = api::projects::list(Some(after)).await;
            self.loading.set(false);
            match page {
                Ok(page) => {
                    let first = page.items.first().map(|p| item_id(&p.id));
                    self.pages.update(|pages| pages.push(page));
                    if let Some(first) = first {
                        request_animation_frame(move || focus_id(&first));
                    }
                }
                Err(_) => self.failed.set(true),
            }
        });
    }
}

/// The id of a project's link in the list, to take the focus to.
fn item_id(project: &str) -> String {
    format!("du-an-{project}")
}

fn body(list: &ProjectList, mine: &MyCompanies, more: More, l: Lang) -> impl IntoView {
    let may_create = mine
        .memberships
        .iter()
        .any(|m| m.accepted_at.is_some() && m.role.may_act());
    let create = may_create.then(|| {
        view! {
            <p><a class="mc-button" href=paths::new_project()>{l.pick("Tạo dự án", "Create a project")}</a></p>
        }
    });
    let items = if list.items.is_empty() {
        view! {
            <Notice kind=NoticeKind::Empty title=Signal::derive(move || l.pick("Chưa có dự án nào.", "There is no project yet.").to_string())>
                <p>{if may_create {
                    l.pick(
                        "Tạo dự án để theo dõi mọi thủ tục của dự án ở một nơi, với ngày dự kiến hoàn thành.",
                        "Create a project to follow all its procedures in one place, with the date it can finish.",
                    )
                } else {
                    l.pick(
                        "Dự án thuộc về doanh nghiệp đã xác minh; thành viên được thao tác của doanh nghiệp tạo dự án.",
                        "Projects belong to verified companies; the company's members who may act create them.",
                    )
                }}</p>
                {(!may_create).then(|| view! { <p><a href=paths::company()>{l.pick("Doanh nghiệp: xác minh, thành viên, lời mời", "Company: verification, members, invitations")}</a></p> })}
            </Notice>
        }
        .into_any()
    } else {
        let first = list.clone();
        let next = move || more.next(&first);
        view! {
            <ul class="mc-project-list">
                {list.items.iter().map(|p| item(p, l)).collect_view()}
                {move || more.pages.with(|pages| {
                    pages.iter().flat_map(|page| &page.items).map(|p| item(p, l)).collect_view()
                })}
            </ul>
            {move || more.failed.get().then(|| view! {
                <p class="mc-error-message" role="alert">{l.pick(
                    "Chưa tải được thêm dự án. Kiểm tra kết nối mạng rồi thử lại.",
                    "More projects could not be loaded. Check the connection and try again.",
                )}</p>
            })}
            {move || next().map(|after| view! {
                <p>
                    <button type="button" class="mc-button mc-button--secondary"
                        aria-busy=move || more.loading.get().then_some("true")
                        on:click=move |_| more.load(after.clone())>
                        {move || if more.loading.get() {
                            l.pick("Đang tải thêm dự án…", "Loading more projects…")
                        } else {
                            l.pick("Xem thêm dự án", "More projects")
                        }}
                    </button>
                </p>
            })}
        }
        .into_any()
    };
    view! {
        {create}
        {items}
    }
}

fn item(p: &ProjectSummary, l: Lang) -> impl IntoView {
    let progress = match l {
        Lang::Vi => format!("{} trên {} bước đã xong", p.done, p.steps),
        Lang::En => format!("{} of {} steps done", p.done, p.steps),
    };
    let finish = match l {
        Lang::Vi => format!(
            "Dự kiến xong: theo luật trước {}; thường trước {}; muộn nhất {}.",
            date_text(p.finish.legal, l),
            date_text(p.finish.usual, l),
            date_text(p.finish.latest, l)
        ),
        Lang::En => format!(
            "Can finish: legally by {}; usually by {}; at the latest {}.",
            date_text(p.finish.legal, l),
            date_text(p.finish.usual, l),
            date_text(p.finish.latest, l)
        ),
    };
    let waiting = (!p.waiting_on.is_empty()).then(|| {
        view! {
            <p class="mc-project-list__label">{l.pick("Đang chờ:", "Waiting on:")}</p>
            <ul class="mc-list mc-list--bullet">
                {p.waiting_on.iter().map(|w| {
                    let mut text = format!("{}: {}", l.text(&w.procedure_name), l.text(&w.state.label()));
                    if let Some(agency) = &w.agency_name {
                        text.push_str(&format!(" · {}", l.text(agency)));
                    }
                    if let Some(since) = w.since {
                        text.push_str(&format!(" {} {}", l.pick("từ", "since"), date_text(since, l)));
                    }
                    if w.state == StepState::SupplementRequested {
                        text.push_str(l.pick(" · chờ doanh nghiệp bổ sung", " · waiting for your supplement"));
                    }
                    view! {
                        <li>
                            {text}
                            {w.late.then(|| view! { " " <span class="mc-tag mc-tag--overdue">{l.pick("Trễ hạn", "Late")}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <li class="mc-project-list__item">
            <h2 class="mc-project-list__title"><a id=item_id(&p.id) href=paths::project(&p.id)>{p.name.clone()}</a></h2>
            <p class="mc-project-list__kind">{format!("{} · {} {}", l.text(&p.kind_name), l.pick("Mã số thuế", "Tax code"), p.company)}</p>
            <p class="mc-project-list__progress">{progress}</p>
            {waiting}
            <p class="mc-project-list__finish">{finish}</p>
        </li>
    }
}
