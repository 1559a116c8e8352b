//! Values that are checked once, when they enter, and trusted after.

mod procedure_code;

pub use procedure_code::ProcedureCode;
