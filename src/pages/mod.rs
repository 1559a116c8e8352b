//! One file per route.

mod detail;
mod home;
mod not_found;
mod results;

pub use detail::Detail;
pub use home::Home;
pub use not_found::NotFound;
pub use results::Results;
