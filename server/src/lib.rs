//! Một Cửa's server: the REST API under `/api/v1` and the built app.

pub mod auth;
pub mod catalogue;
pub mod clock;
pub mod companies;
pub mod config;
pub mod domain;
pub mod dossiers;
pub mod download;
pub mod error;
pub mod extract;
pub mod files;
pub mod generate;
pub mod learning;
pub mod lifecycle;
pub mod limits;
pub mod mail;
pub mod officers;
pub mod retention;
pub mod routes;
pub mod search;
pub mod seed;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod web;
