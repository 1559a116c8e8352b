//! The only place the app talks HTTP: a typed client for `/api/v1`. Requests are aborted when the view
//! that made them goes away, so a fast typist or a quick navigation never waits on stale answers.

use motcua_api::{
    ErrorBody, FieldList, ProcedureDetail, SearchRequest, SearchResponse, SuggestResponse,
};
use serde::de::DeserializeOwned;

const BASE: &str = "/api/v1";

/// Everything that can go wrong with a request, in the terms the pages explain to people.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer: offline, a dropped connection or a timeout.
    Network,
    NotFound,
    /// The server refused the request and said why.
    Invalid(ErrorBody),
    /// The server failed; trying again later may work.
    Server(u16),
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let controller = send_wrapper::SendWrapper::new(web_sys::AbortController::new().ok());
    let signal = controller.as_ref().map(|c| c.signal());
    leptos::prelude::on_cleanup(move || {
        if let Some(c) = controller.take() {
            c.abort();
        }
    });
    let response = gloo_net::http::Request::get(&format!("{BASE}{path}"))
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    match response.status() {
        200 => response.json().await.map_err(|_| ApiError::Network),
        404 => Err(ApiError::NotFound),
        400 | 422 => Err(response
            .json::<ErrorBody>()
            .await
            .map(ApiError::Invalid)
            .unwrap_or(ApiError::Server(400))),
        status => Err(ApiError::Server(status)),
    }
}

pub async fn search(req: &SearchRequest) -> Result<SearchResponse, ApiError> {
    get(&format!("/procedures?{}", req.to_query())).await
}

pub async fn suggest(q: &str) -> Result<SuggestResponse, ApiError> {
    get(&format!(
        "/suggest?{}",
        motcua_api::query_string([("q", q)])
    ))
    .await
}

pub async fn procedure(code: &str) -> Result<ProcedureDetail, ApiError> {
    let safe: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    if safe.is_empty() || safe != code {
        return Err(ApiError::NotFound);
    }
    get(&format!("/procedures/{safe}")).await
}

pub async fn fields() -> Result<FieldList, ApiError> {
    get("/fields").await
}

/// Where a template form is downloaded from.
pub fn template_url(file: &str) -> String {
    format!("{BASE}/templates/{}", motcua_api::encode_component(file))
}
