//! Reusable pieces of the interface, one public component per file.

mod facet_select;
mod language_switch;
mod notice;
mod pagination;
mod procedure_card;
mod search_box;
mod site_footer;
mod site_header;

pub use facet_select::FacetSelect;
pub use language_switch::LanguageSwitch;
pub use notice::{Notice, NoticeKind};
pub use pagination::Pagination;
pub use procedure_card::ProcedureCard;
pub use search_box::SearchBox;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
