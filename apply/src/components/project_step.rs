use leptos::prelude::*;
use motcua::i18n::Lang;
use motcua_api::paths;
use motcua_api::project::{ProjectStep, StepState};

use crate::dates::date_text;

/// The modifier of a step's state tag.
fn state_class(state: StepState) -> &'static str {
    match state {
        StepState::Done => "mc-tag mc-tag--done",
        StepState::CanStart | StepState::SupplementRequested => "mc-tag mc-tag--action",
        StepState::Refused => "mc-tag mc-tag--ended",
        StepState::InProgress => "mc-tag mc-tag--progress",
        StepState::Waiting => "mc-tag mc-tag--none",
    }
}

/// One step of a project as an item of its list: the procedure and its agency, its state in words,
/// whether it is on the critical path (a text mark, not colour alone) or how many working days it may
/// slip, what it waits for, its dossier one tap away (who holds it since when, late or not) and its
/// result's number. Filing links are in the page's "what to do next", one per step.
#[component]
pub fn ProjectStepItem(
    /// The step.
    step: ProjectStep,
    /// The position of the step in the project, from 1.
    number: usize,
    /// The names of the steps it waits for, when it waits.
    waits_for: Vec<String>,
    /// The reader is an officer: the dossier opens on the officer's page.
    officer: bool,
    /// The language to draw in; the caller redraws on a change.
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    let f = &step.forecast;
    let name = l.text(&step.procedure_name);
    let done = step.state == StepState::Done;
    let forecast = (!done).then(|| {
        let slack = if f.critical {
            l.pick(
                "Trễ một ngày ở bước này là trễ một ngày cả dự án.",
                "A day late here is a day late for the whole project.",
            )
            .to_string()
        } else {
            match l {
                Lang::Vi => format!("Có thể chậm {} ngày làm việc mà dự án không trễ.", f.slack),
                Lang::En if f.slack == 1 => {
                    "It may slip 1 working day without delaying the project.".to_string()
                }
                Lang::En => format!(
                    "It may slip {} working days without delaying the project.",
                    f.slack
                ),
            }
        };
        let when = match l {
            Lang::Vi => format!(
                "Dự kiến xong: thường trước {}, muộn nhất {}.",
                date_text(f.finish.usual, l),
                date_text(f.finish.latest, l)
            ),
            Lang::En => format!(
                "Expected: usually by {}, at the latest {}.",
                date_text(f.finish.usual, l),
                date_text(f.finish.latest, l)
            ),
        };
        view! { <p class="mc-project-step__forecast">{format!("{when} {slack}")}</p> }
    });
    let late = step
        .forecast
        .late
        .then_some(step.dossier.as_ref())
        .flatten()
        .map(|d| {
            let text = match l {
                Lang::Vi => format!(
                    "Trễ hạn: {} giữ hồ sơ từ {} (hạn {}).",
                    l.text(&d.holder_name),
                    date_text(d.since, l),
                    date_text(d.due_date, l)
                ),
                Lang::En => format!(
                    "Late: {} has held the dossier since {} (due {}).",
                    l.text(&d.holder_name),
                    date_text(d.since, l),
                    date_text(d.due_date, l)
                ),
            };
            view! { <p class="mc-project-step__late">{text}</p> }
        });
    let dossier = step.dossier.as_ref().map(|d| {
        let href = if officer {
            paths::officer_dossier(&d.code)
        } else {
            paths::dossier(&d.code)
        };
        let held = (!done && step.state != StepState::Refused).then(|| {
            format!(
                "{} {} {} {}.",
                l.pick("Đang ở", "With"),
                l.text(&d.holder_name),
                l.pick("từ", "since"),
                date_text(d.since, l)
            )
        });
        let result = (!d.result_number.is_empty() || d.result_date.is_some()).then(|| {
            let mut t = l.pick("Kết quả", "Result").to_string();
            if !d.result_number.is_empty() {
                t.push_str(&format!(" {} {}", l.pick("số", "no."), d.result_number));
            }
            if let Some(date) = d.result_date {
                t.push_str(&format!(" {} {}", l.pick("ngày", "of"), date_text(date, l)));
            }
            t
        });
        view! {
            <p class="mc-project-step__dossier">
                <a href=href>{format!("{} {}", l.pick("Xem hồ sơ", "See dossier"), d.code)}</a>
                {held.map(|h| format!(" · {h}"))}
            </p>
            {result.map(|r| view! { <p class="mc-project-step__result">{r}</p> })}
        }
    });
    let waiting = (step.state == StepState::Waiting && !waits_for.is_empty()).then(|| {
        view! {
            <p class="mc-project-step__waits">{format!("{} {}.", l.pick("Chờ:", "Waits for:"), waits_for.join(", "))}</p>
        }
    });
    let class = if f.critical && !done {
        "mc-project-step mc-project-step--critical"
    } else {
        "mc-project-step"
    };
    view! {
        <li class=class id=format!("buoc-{}", step.id) tabindex="-1">
            <h3 class="mc-project-step__name">
                <span class="mc-project-step__number" aria-hidden="true">{number}</span>
                {name}
            </h3>
            <p class="mc-project-step__tags">
                <span class=state_class(step.state)>{l.text(&step.state.label())}</span>
                {(f.critical && !done).then(|| view! { " " <span class="mc-tag mc-tag--critical">{l.pick("Đường găng", "Critical path")}</span> })}
                {f.late.then(|| view! { " " <span class="mc-tag mc-tag--overdue">{l.pick("Trễ hạn", "Late")}</span> })}
            </p>
            <p class="mc-project-step__agency">{l.text(&step.agency_name)}</p>
            {step.optional.as_ref().map(|o| view! { <p class="mc-hint">{format!("{} {}", l.pick("Áp dụng khi:", "Applies when:"), l.text(o))}</p> })}
            {waiting}
            {late}
            {dossier}
            {forecast}
        </li>
    }
}
