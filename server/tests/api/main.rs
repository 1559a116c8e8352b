//! Integration tests: each starts the real server on port 0 with a fresh data directory and talks to it
//! over HTTP.

mod accounts;
mod catalogue;
mod dossiers;
mod helpers;
mod lifecycle;
mod mail;
mod search;
mod web;
