//! Integration tests: each starts the real server on port 0 with a fresh data directory and talks to it
//! over HTTP.

mod accounts;
mod catalogue;
mod communes;
mod companies;
mod copies;
mod dossiers;
mod durations;
mod eid;
mod every_procedure;
mod feedback;
mod forecast;
mod helpers;
mod index766;
mod journeys;
mod lifecycle;
mod limits;
mod mail;
mod numbers;
mod pages;
mod payments;
mod paysim;
mod projects;
mod questions;
mod queue;
mod search;
mod search_quality;
mod search_words;
mod session;
mod specific_forms;
mod stats;
mod tracking;
pub mod web;
