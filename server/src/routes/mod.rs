//! `/api/v1`, one file per resource.

mod agencies;

mod auth;
mod companies;
mod dossiers;
mod drafts;
mod eid;
mod feedback;
mod fields;
mod health;
mod journeys;
mod me;
mod notifications;
mod officer;
mod openapi;
mod payments;
mod procedures;
mod projects;
mod questions;
mod satisfaction;
mod search_words;
mod stats;
mod suggest;
mod templates;
mod tracking;
mod uploads;
mod verifications;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::error::error_response;
use crate::state::Shared;

/// Every route, as the OpenAPI document must list it (checked by a test).
pub const ROUTES: &[&str] = &[
    "/health",
    "/procedures",
    "/procedures/{code}",
    "/suggest",
    "/fields",
    "/agencies",
    "/templates/{file}",
    "/openapi.json",
    "/auth/register",
    "/auth/login",
    "/auth/logout",
    "/auth/providers",
    "/auth/eid/start",
    "/auth/eid/callback",
    "/me",
    "/me/password",
    "/me/session",
    "/procedures/{code}/form",
    "/places",
    "/uploads",
    "/uploads/{id}",
    "/drafts",
    "/drafts/{id}",
    "/dossiers",
    "/dossiers/{code}",
    "/dossiers/{code}/qr.svg",
    "/dossiers/{code}/receipt",
    "/dossiers/{code}/actions",
    "/dossiers/{code}/files/{id}",
    "/dossiers/{code}/live",
    "/dossiers/{code}/rating",
    "/dossiers/{code}/payments",
    "/dossiers/{code}/fees",
    "/dossiers/{code}/fee-receipts/{number}",
    "/payments/vnpay/ipn",
    "/payments/vnpay/return",
    "/tracking",
    "/notifications",
    "/notifications/read",
    "/notifications/unread",
    "/officer/queue",
    "/officer/ratings",
    "/officer/dead-mail",
    "/officer/search/misses",
    "/officer/search/synonyms",
    "/officer/search/synonyms/{id}",
    "/officer/verifications",
    "/officer/verifications/{id}",
    "/officer/verifications/{id}/certificate",
    "/me/companies",
    "/me/companies/verification",
    "/me/companies/{tax_code}",
    "/me/companies/{tax_code}/accept",
    "/companies/{tax_code}",
    "/companies/{tax_code}/members",
    "/companies/{tax_code}/members/{identifier}",
    "/feedback",
    "/feedback/categories",
    "/feedback/files",
    "/feedback/{code}",
    "/feedback/{code}/files/{id}",
    "/feedback/{code}/reply",
    "/me/feedback",
    "/officer/feedback",
    "/officer/feedback/{code}",
    "/officer/feedback/{code}/actions",
    "/questions",
    "/questions/{code}",
    "/you-said-we-did",
    "/satisfaction",
    "/stats/satisfaction",
    "/stats",
    "/stats/csv",
    "/stats/index",
    "/journeys",
    "/projects",
    "/projects/{id}",
    "/projects/{id}/steps/{step}",
    "/projects/{id}/changes",
];

pub fn api(max_upload_bytes: usize) -> Router<Shared> {
    Router::new()
        .route("/health", get(health::health))
        .route("/procedures", get(procedures::search))
        .route("/procedures/{code}", get(procedures::detail))
        .route("/procedures/{code}/form", get(procedures::form))
        .route("/places", get(procedures::places))
        .route("/suggest", get(suggest::suggest))
        .route("/fields", get(fields::list))
        .route("/agencies", get(agencies::list))
        .route("/templates/{file}", get(templates::download))
        .route("/openapi.json", get(openapi::document))
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/providers", get(eid::providers))
        .route("/auth/eid/start", get(eid::start))
        .route("/auth/eid/callback", get(eid::callback))
        .route("/me", get(me::me))
        .route("/me/password", put(me::change_password))
        .route("/me/session", get(me::session))
        .route(
            "/uploads",
            // One byte over the limit is enough to know a file is too large.
            post(uploads::upload).layer(DefaultBodyLimit::max(max_upload_bytes + 1)),
        )
        .route(
            "/uploads/{id}",
            get(uploads::download).delete(uploads::delete),
        )
        .route("/drafts", get(drafts::list))
        .route(
            "/drafts/{id}",
            get(drafts::get).put(drafts::put).delete(drafts::delete),
        )
        .route("/dossiers", get(dossiers::list).post(dossiers::submit))
        .route("/dossiers/{code}", get(dossiers::get))
        .route("/dossiers/{code}/qr.svg", get(dossiers::qr))
        .route("/dossiers/{code}/receipt", get(dossiers::receipt))
        .route("/dossiers/{code}/actions", post(dossiers::act))
        .route("/dossiers/{code}/files/{id}", get(dossiers::file))
        .route("/dossiers/{code}/live", get(dossiers::live))
        .route("/dossiers/{code}/rating", put(dossiers::rate))
        .route("/dossiers/{code}/payments", post(payments::pay))
        .route("/dossiers/{code}/fees", post(payments::decide))
        .route(
            "/dossiers/{code}/fee-receipts/{number}",
            get(payments::receipt),
        )
        .route("/payments/vnpay/ipn", get(payments::notified))
        .route("/payments/vnpay/return", get(payments::returned))
        .route("/tracking", post(tracking::track))
        .route("/notifications", get(notifications::inbox))
        .route("/notifications/read", post(notifications::read))
        .route("/notifications/unread", get(notifications::unread))
        .route("/officer/queue", get(officer::queue))
        .route("/officer/ratings", get(officer::ratings))
        .route("/officer/dead-mail", get(officer::dead_mail))
        .route("/officer/search/misses", get(search_words::misses))
        .route(
            "/officer/search/synonyms",
            get(search_words::synonyms).post(search_words::add),
        )
        .route(
            "/officer/search/synonyms/{id}",
            delete(search_words::remove),
        )
        .route("/officer/verifications", get(verifications::queue))
        .route("/officer/verifications/{id}", post(verifications::decide))
        .route(
            "/officer/verifications/{id}/certificate",
            get(verifications::certificate),
        )
        .route("/me/companies", get(companies::mine))
        .route(
            "/me/companies/verification",
            post(companies::request_verification),
        )
        .route("/me/companies/{tax_code}", delete(companies::leave))
        .route("/me/companies/{tax_code}/accept", post(companies::accept))
        .route("/companies/{tax_code}", get(companies::get))
        .route("/companies/{tax_code}/members", post(companies::invite))
        .route(
            "/companies/{tax_code}/members/{identifier}",
            delete(companies::remove),
        )
        .route("/feedback", post(feedback::send))
        .route("/feedback/categories", get(feedback::categories))
        .route(
            "/feedback/files",
            post(feedback::upload)
                .layer(DefaultBodyLimit::max(crate::feedback::files::MAX_BYTES + 1)),
        )
        .route("/feedback/{code}", get(feedback::get))
        .route("/feedback/{code}/files/{id}", get(feedback::file))
        .route("/feedback/{code}/reply", post(feedback::reply))
        .route("/me/feedback", get(feedback::mine))
        .route("/officer/feedback", get(feedback::queue))
        .route("/officer/feedback/{code}", get(feedback::officer_get))
        .route("/officer/feedback/{code}/actions", post(feedback::act))
        .route("/questions", get(questions::list))
        .route("/questions/{code}", get(questions::get))
        .route("/you-said-we-did", get(questions::changes))
        .route("/satisfaction", get(satisfaction::criteria))
        .route("/stats/satisfaction", get(satisfaction::stats))
        .route("/stats", get(stats::get))
        .route("/stats/csv", get(stats::csv))
        .route("/stats/index", get(stats::index))
        .route("/journeys", get(journeys::list))
        .route("/projects", get(projects::list).post(projects::create))
        .route("/projects/{id}", get(projects::get))
        .route("/projects/{id}/steps/{step}", get(projects::step))
        .route("/projects/{id}/changes", get(projects::changes))
        .fallback(|| async {
            error_response(
                StatusCode::NOT_FOUND,
                "not_found",
                "There is no such API route.",
            )
        })
        .method_not_allowed_fallback(|| async {
            error_response(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "This route does not accept that method.",
            )
        })
}
