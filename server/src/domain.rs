//! Values that are checked once, when they enter, and trusted after.

mod file_type;
mod procedure_code;

pub use file_type::{pdf_ends, FileType, PDF_TAIL};
pub use motcua_api::account::{CitizenId, TaxCode};
pub use procedure_code::ProcedureCode;
