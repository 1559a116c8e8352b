//! Form building blocks of the signed-in area, one public component per file.

mod error_summary;
mod form_field;
mod text_field;

pub use error_summary::{ErrorSummary, FieldErrors};
pub use form_field::{input_id, FormFieldView};
pub use text_field::TextField;
