//! Investment projects: the kinds (journeys), the account's companies' projects, creating one, a
//! project with its steps and forecast, what filing a step starts from, and its live changes.

use motcua_api::project::{Journey, ProjectList, ProjectRequest, ProjectView, StepStart};
use motcua_api::{encode_component, query_string};
use serde::Deserialize;

use super::{get, send_with, ApiError, BASE};

fn project_path(id: &str) -> String {
    format!("/projects/{}", encode_component(id))
}

/// Every kind of project, with its steps, to choose from.
pub async fn journeys() -> Result<Vec<Journey>, ApiError> {
    get("/journeys").await
}

/// A page of the projects of every company the account is a member of, newest first, with what
/// each waits on; `after` is the `next` of the page before.
pub async fn list(after: Option<String>) -> Result<ProjectList, ApiError> {
    match after {
        None => get("/projects").await,
        Some(after) => {
            get(&format!(
                "/projects?{}",
                query_string([("after", after.as_str())])
            ))
            .await
        }
    }
}

/// Only the id is read from the created project: the page it leads to loads the rest.
#[derive(Deserialize)]
struct Created {
    id: String,
}

/// Creates a project and answers its id. The same `key` for every try of one form makes the server
/// answer each with the one project the first created; 422 names the fields to fix, 404 says the
/// account may not act for the company.
pub async fn create(req: &ProjectRequest, key: &str) -> Result<String, ApiError> {
    let builder =
        gloo_net::http::Request::post(&format!("{BASE}/projects")).header("Idempotency-Key", key);
    send_with::<_, Created>(builder, req).await.map(|c| c.id)
}

/// A project as the account may see it (404 for anyone but its company's members and the officers
/// holding one of its dossiers).
pub async fn project(id: &str) -> Result<ProjectView, ApiError> {
    get(&project_path(id)).await
}

/// What filing `step` of the project starts from: the answers the project and earlier results give.
pub async fn step_start(id: &str, step: &str) -> Result<StepStart, ApiError> {
    get(&format!(
        "{}/steps/{}",
        project_path(id),
        encode_component(step)
    ))
    .await
}

/// Calls `on_change` whenever one of the project's dossiers changes, and when a dropped connection
/// comes back (anything may have changed meanwhile), until the calling view goes away.
pub fn watch(id: &str, on_change: impl Fn() + 'static) {
    let url = format!("{BASE}{}/changes", project_path(id));
    super::live::listen(&url, "changed", move |_| on_change());
}
