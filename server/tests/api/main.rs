//! Integration tests: each starts the real server on port 0 with a fresh data directory and talks to it
//! over HTTP.

mod accounts;
mod catalogue;
mod communes;
mod companies;
mod dossiers;
mod helpers;
mod lifecycle;
mod limits;
mod mail;
mod numbers;
mod queue;
mod search;
mod search_quality;
mod search_words;
mod session;
mod tracking;
mod web;
