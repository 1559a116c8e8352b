//! Reusable pieces of the interface, one public component per file.

mod dossier_tags;
mod error_summary;
mod facet_select;
mod language_switch;
mod notice;
mod pagination;
mod procedure_card;
mod procedure_questions;
mod route_fallback;
mod search_box;
mod search_reading;
mod site_footer;
mod site_header;
mod skip_link;
mod steps;
mod text_field;

pub use dossier_tags::DossierTags;
pub use error_summary::{in_words, said, ErrorSummary, FieldErrors};
pub use facet_select::FacetSelect;
pub use language_switch::LanguageSwitch;
pub use notice::{Notice, NoticeKind};
pub use pagination::Pagination;
pub use procedure_card::ProcedureCard;
pub use procedure_questions::ProcedureQuestions;
pub use route_fallback::RouteFallback;
pub use search_box::SearchBox;
pub use search_reading::SearchReading;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use skip_link::SkipLink;
pub use steps::Steps;
pub use text_field::TextField;
