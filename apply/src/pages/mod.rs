//! One file per route.

mod account;
mod login;
mod register;

pub use account::Account;
pub use login::Login;
pub use register::Register;
