//! One file per route.

pub mod detail;
pub mod home;
mod not_found;
pub mod results;
pub mod tracking;

pub use detail::Detail;
pub use home::Home;
pub use not_found::NotFound;
pub use results::Results;
pub use tracking::Tracking;
