//! Building blocks of the signed-in area, one public component per file.

mod access_list;
mod action_form;
mod answers_list;
mod dossier_page;
mod dossier_tags;
mod error_summary;
mod event_log;
mod file_picker;
mod form_field;
mod loaded;
mod rating_form;
mod steps;
mod text_area;
mod text_field;

pub use access_list::AccessList;
pub use action_form::ActionForm;
pub use answers_list::AnswersList;
pub use dossier_page::DossierPage;
pub use dossier_tags::DossierTags;
pub use error_summary::{in_words, said, ErrorSummary, FieldErrors};
pub use event_log::{slip_path, EventLog};
pub use file_picker::{size_text, FilePicker};
pub use form_field::FormFieldView;
pub use loaded::Loaded;
pub use rating_form::RatingForm;
pub use steps::Steps;
pub use text_area::TextArea;
pub use text_field::TextField;
