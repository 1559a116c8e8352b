//! One file per route.

mod account;
mod application;
mod login;
mod receipt;
mod register;

pub use account::Account;
pub use application::Application;
pub use login::Login;
pub use receipt::Receipt;
pub use register::Register;
