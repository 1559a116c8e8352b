use leptos::prelude::*;
use motcua::i18n::Lang;
use motcua_api::paths;
use motcua_api::project::QueueProject;

/// Marks an officer's queue line whose dossier is a step of a project: the project, linked, and,
/// when the step holds up the whole project, "critical path" in words, not by colour alone.
#[component]
pub fn ProjectMark(
    /// The project the dossier is a step of.
    project: QueueProject,
    /// The language to draw in; the caller redraws on a change.
    lang: Lang,
) -> impl IntoView {
    let l = lang;
    view! {
        <span class="mc-project-mark">
            {l.pick("Dự án: ", "Project: ")}
            <a href=paths::project(&project.id)>{project.name.clone()}</a>
            {project.critical.then(|| view! {
                " "<strong class="mc-tag mc-tag--critical">{l.pick("Đường găng", "Critical path")}</strong>
            })}
        </span>
    }
}
