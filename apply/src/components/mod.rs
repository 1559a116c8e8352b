//! Form building blocks of the signed-in area, one public component per file.

mod error_summary;
mod text_field;

pub use error_summary::{ErrorSummary, FieldErrors};
pub use text_field::TextField;
