use crate::i18n::Lang;
use leptos::prelude::*;
use motcua_api::lifecycle::{Status, StepPhase, StepView};

use crate::dates::{date_text, day_text, timeliness_class};

/// The workflow of a dossier as an ordered list: each step's agency, its working days, when it started
/// and finished and its own due date, marked done, waiting to be received, current or upcoming in
/// words (not by colour alone).
#[component]
pub fn Steps(
    /// The steps, in order.
    steps: Vec<StepView>,
    /// The index of the step that holds the dossier now.
    current: usize,
    /// The dossier's status: once it has ended no step is current.
    status: Status,
    /// The language to draw in; the caller redraws on a change.
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    view! {
        <ol class="mc-steps">
            {steps.into_iter().enumerate().map(|(i, s)| {
                let phase = s.phase(i, current, status);
                let state = l.text(&phase.label());
                let modifier = match phase {
                    StepPhase::Done => "mc-steps__item mc-steps__item--done",
                    StepPhase::Waiting | StepPhase::Current => "mc-steps__item mc-steps__item--current",
                    StepPhase::Stopped => "mc-steps__item mc-steps__item--stopped",
                    StepPhase::Upcoming => "mc-steps__item",
                };
                let is_current = i == current && s.finished_at.is_none();
                let mut facts: Vec<String> = vec![format!("{} · {}", l.text(&s.agency_name), crate::format::working_days(s.days, l))];
                if let Some(t) = s.started_at {
                    facts.push(format!("{} {}", l.pick("Bắt đầu", "Started"), day_text(t, l)));
                }
                if let Some(t) = s.finished_at {
                    facts.push(format!("{} {}", l.pick("Xong", "Finished"), day_text(t, l)));
                }
                if let Some(d) = s.due_date {
                    facts.push(format!("{} {}", l.pick("Hạn bước", "Step due"), date_text(d, l)));
                }
                view! {
                    <li class=modifier aria-current=is_current.then_some("step")>
                        <p class="mc-steps__name">
                            <span class="mc-steps__number" aria-hidden="true">{i + 1}</span>
                            {l.text(&s.name)}
                        </p>
                        <p class="mc-steps__state">
                            <span class="mc-steps__state-text">{state}</span>
                            {s.timeliness.map(|t| view! { " " <span class=timeliness_class(t)>{l.text(&t.label())}</span> })}
                        </p>
                        <p class="mc-steps__facts">{facts.join(" · ")}</p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
