//! The REST types of Một Cửa's `/api/v1`, shared by the app and the server so the two cannot drift.

pub mod account;
pub mod answers;
pub mod calendar;
pub mod catalogue;
pub mod company;
pub mod dossier;
pub mod error;
pub mod feedback;
pub mod fees;
pub mod forecast;
pub mod form;
pub mod general;
pub mod index766;
pub mod journey;
pub mod lifecycle;
pub mod paths;
pub mod payment;
pub mod problem;
pub mod project;
pub mod search;
pub mod stats;
pub mod text;

pub use catalogue::*;
pub use error::ErrorBody;
pub use search::*;
