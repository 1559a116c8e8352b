use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use motcua::api::{self, ApiError};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::account::AccountKind;
use motcua_api::answers::{money_text, number_text};
use motcua_api::paths;
use motcua_api::project::{ProjectView, StepState};

use crate::components::{HeldDocuments, Loaded, ProjectForecast, ProjectStepItem};

/// `/du-an/:id`: a project as its company's members and the officers holding its dossiers see it,
/// updated live.
#[component]
pub fn Project() -> impl IntoView {
    let params = use_params_map();
    // Another project's link draws a new page, with its own live stream.
    move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        view! { <ProjectPage id=id/> }
    }
}

/// What changed between two loads of a project, said to screen readers and shown: the steps whose
/// state moved, with their new state.
fn changes(before: &ProjectView, now: &ProjectView, l: Lang) -> Option<String> {
    if before == now {
        return None;
    }
    let moved: Vec<String> = now
        .steps
        .iter()
        .filter(|s| {
            before
                .steps
                .iter()
                .find(|b| b.id == s.id)
                .is_none_or(|b| b.state != s.state)
        })
        .map(|s| {
            format!(
                "{}: {}",
                l.text(&s.procedure_name),
                l.text(&s.state.label())
            )
        })
        .collect();
    let updated = l.pick(
        "Dự án vừa được cập nhật.",
        "The project has just been updated.",
    );
    Some(if moved.is_empty() {
        updated.to_string()
    } else {
        format!("{updated} {}.", moved.join("; "))
    })
}

#[component]
fn ProjectPage(id: String) -> impl IntoView {
    let lang = use_lang();
    let data = RwSignal::new(None::<Result<ProjectView, ApiError>>);
    let announcement = RwSignal::new(String::new());
    let reload = RwSignal::new(0u32);
    let loaded = LocalResource::new({
        let id = id.clone();
        move || {
            reload.track();
            let id = id.clone();
            async move { api::projects::project(&id).await }
        }
    });
    Effect::new(move |_| {
        let Some(result) = loaded.get() else { return };
        let before = data.with_untracked(|d| d.as_ref().and_then(|d| d.as_ref().ok()).cloned());
        match (&before, &result) {
            // A reload that failed keeps the page as it was: the next change tries again.
            (Some(_), Err(ApiError::Network | ApiError::Server(_))) => return,
            (Some(before), Ok(now)) => {
                if let Some(said) = changes(before, now, lang.get_untracked()) {
                    announcement.set(said);
                }
            }
            _ => {}
        }
        data.set(Some(result));
    });
    api::projects::watch(&id, move || reload.update(|n| *n += 1));
    let me = LocalResource::new(api::me);
    let officer = Signal::derive(move || {
        me.get()
            .and_then(Result::ok)
            .is_some_and(|m| m.kind == AccountKind::Officer)
    });
    Effect::new(move |_| {
        let l = lang.get();
        let name = data.with(|d| {
            d.as_ref()
                .and_then(|d| d.as_ref().ok())
                .map(|p| p.name.clone())
        });
        set_title(&name.unwrap_or_else(|| l.pick("Dự án", "Project").to_string()));
    });
    view! {
        <div class="mc-page mc-project">
            <p class="mc-live" role="status" aria-live="polite">{move || announcement.get()}</p>
            <Loaded
                data=Signal::derive(move || data.get())
                loading=tr("Đang tải dự án…", "Loading the project…")
                failed=tr("Chưa tải được dự án.", "The project could not be loaded.")
                here=paths::project(&id)
                not_found=move || view! {
                    <h1 class="mc-page__title">{move || lang.get().pick("Không tìm thấy dự án", "Project not found")}</h1>
                    <p>{move || lang.get().pick("Không có dự án nào mang mã này mà bạn được xem.", "There is no project with this id that you may see.")}</p>
                    <p><a href=paths::projects()>{move || lang.get().pick("Xem các dự án của doanh nghiệp", "See your company's projects")}</a></p>
                }
                let:project
            >
                {move || body(&project, officer.get(), lang.get())}
            </Loaded>
        </div>
    }
}

fn body(p: &ProjectView, officer: bool, l: Lang) -> impl IntoView {
    let done = p
        .steps
        .iter()
        .filter(|s| s.state == StepState::Done)
        .count();
    let total = p.steps.len();
    let progress = match l {
        Lang::Vi => format!("{done} trên {total} bước đã xong"),
        Lang::En => format!("{done} of {total} steps done"),
    };
    let name_of = |id: &str| {
        p.steps
            .iter()
            .find(|s| s.id == id)
            .map(|s| l.text(&s.procedure_name))
    };
    // Whatever may be filed now: the server's next steps, and a refused one to file again.
    let now: Vec<_> = p
        .steps
        .iter()
        .filter(|s| p.next.contains(&s.id) || s.state.may_file())
        .collect();
    let next = if now.is_empty() {
        let all_done = done == total;
        view! {
            <p>{if all_done {
                l.pick("Mọi bước của dự án đã xong.", "Every step of the project is done.")
            } else {
                l.pick(
                    "Lúc này chưa có bước nào nộp được: các bước đang ở cơ quan giải quyết hoặc chờ bước trước.",
                    "No step can be filed now: the steps are with the agencies or wait for others.",
                )
            }}</p>
        }
        .into_any()
    } else {
        view! {
            <ul class="mc-project-next">
                {now.iter().map(|s| {
                    let name = l.text(&s.procedure_name);
                    let again = s.state == StepState::Refused;
                    let item = if p.can_act {
                        let href = paths::apply_for_step(&s.procedure, &p.id, &s.id);
                        let verb = if again { l.pick("Nộp lại hồ sơ: ", "Apply again: ") } else { l.pick("Nộp hồ sơ: ", "Apply: ") };
                        view! { <a class="mc-project-next__link" href=href>{format!("{verb}{name}")}</a> }.into_any()
                    } else {
                        view! { <span>{name}</span> }.into_any()
                    };
                    view! {
                        <li class="mc-project-next__item">
                            {item}
                            <span class="mc-hint">{format!(" · {}", l.text(&s.agency_name))}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let names: Vec<_> = p
        .steps
        .iter()
        .map(|s| (s.id.clone(), s.procedure_name.clone()))
        .collect();
    let steps = p
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let waits_for: Vec<String> = s
                .needs
                .iter()
                .chain(&s.filed_with)
                .filter(|id| {
                    p.steps
                        .iter()
                        .find(|o| &o.id == *id)
                        .is_some_and(|o| o.state != StepState::Done)
                })
                .filter_map(|id| name_of(id))
                .collect();
            view! { <ProjectStepItem step=s.clone() number=i + 1 waits_for=waits_for officer=officer lang=l/> }
        })
        .collect_view();
    let area = format!("{} m²", l.text(&number_text(&p.area_m2.to_string())));
    let row = |key: &'static str, value: String| {
        view! {
            <div class="mc-summary-list__row">
                <dt class="mc-summary-list__key">{key}</dt>
                <dd class="mc-summary-list__value">{value}</dd>
            </div>
        }
    };
    view! {
        <p class="mc-caption">{format!("{} · {}", l.pick("Dự án đầu tư", "Investment project"), l.text(&p.kind_name))}</p>
        <h1 class="mc-page__title">{p.name.clone()}</h1>
        <dl class="mc-summary-list mc-summary-list--compact">
            {row(l.pick("Doanh nghiệp", "Company"), format!("{} ({})", p.company_name, p.company))}
            {row(l.pick("Loại dự án", "Kind"), l.text(&p.kind_name))}
            {row(l.pick("Địa điểm", "Location"), p.location.clone())}
            {row(l.pick("Vốn đầu tư", "Investment capital"), l.text(&money_text(&p.capital_vnd.to_string())))}
            {row(l.pick("Diện tích đất", "Land area"), area)}
            {(!p.description.is_empty()).then(|| row(l.pick("Mô tả", "Description"), p.description.clone()))}
            {row(l.pick("Tiến độ", "Progress"), progress)}
        </dl>
        {(!p.can_act).then(|| view! {
            <p>{if officer {
                l.pick("Cán bộ xem dự án để biết các bước ở cơ quan khác; chỉ xử lý được hồ sơ của cơ quan mình.", "Officers see the project to know its steps at other agencies; they handle only their own agency's dossiers.")
            } else {
                l.pick("Anh/chị chỉ được xem dự án này.", "You may only view this project.")
            }}</p>
        })}
        <section class="mc-section" aria-labelledby="next-heading">
            <h2 class="mc-section__title" id="next-heading">{l.pick("Việc cần làm tiếp", "What to do next")}</h2>
            {next}
        </section>
        <section class="mc-section" aria-labelledby="forecast-heading">
            <h2 class="mc-section__title" id="forecast-heading">{l.pick("Dự báo hoàn thành", "When it can finish")}</h2>
            <ProjectForecast forecast=p.forecast.clone() names=names lang=l/>
        </section>
        <section class="mc-section" aria-labelledby="steps-heading">
            <h2 class="mc-section__title" id="steps-heading">{l.pick("Các bước của dự án", "The project's steps")}</h2>
            <ol class="mc-project-steps">{steps}</ol>
        </section>
        <section class="mc-section" aria-labelledby="documents-heading">
            <h2 class="mc-section__title" id="documents-heading">{l.pick("Giấy tờ dự án đã có", "Documents the project holds")}</h2>
            <HeldDocuments documents=p.documents.clone() lang=l/>
        </section>
    }
}
