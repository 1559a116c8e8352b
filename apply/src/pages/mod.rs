//! One file per route.

mod account;
mod agency_ratings;
mod application;
mod company;
mod dossier;
mod dossiers;
mod fee_receipt;
mod inbox;
mod login;
mod officer_dossier;
mod queue;
mod receipt;
mod register;
mod search_terms;
mod slip;
mod tracking;
mod verifications;

pub use account::Account;
pub use agency_ratings::AgencyRatings;
pub use application::Application;
pub use company::Company;
pub use dossier::Dossier;
pub use dossiers::Dossiers;
pub use fee_receipt::FeeReceipt;
pub use inbox::Inbox;
pub use login::Login;
pub use officer_dossier::OfficerDossier;
pub use queue::Queue;
pub use receipt::Receipt;
pub use register::Register;
pub use search_terms::SearchTerms;
pub use slip::Slip;
pub use tracking::Tracking;
pub use verifications::Verifications;
