//! Building blocks of the signed-in area, one public component per file.

mod access_list;
mod action_form;
mod answers_list;
mod commune_choice;
mod company_audit;
mod company_invite;
mod company_members;
mod company_memberships;
mod company_verification;
pub mod dossier_page;
mod eid_sign_in;
mod event_log;
mod fee_decisions;
mod fee_panel;
mod feedback_case;
mod file_picker;
mod form_field;
mod held_documents;
mod in_person;
mod inbox_link;
mod loaded;
mod payment_notice;
mod period_choice;
mod place_choice;
mod project_forecast;
mod project_mark;
mod project_step;
mod pulls_down;
mod rating_form;
mod session_warning;
mod stats_chart;
mod text_area;
mod verification_item;

// Shared with the pages the server draws.
pub use motcua::components::{
    in_words, said, DossierTags, ErrorSummary, FieldErrors, Steps, TextField,
};

pub use access_list::AccessList;
pub use action_form::ActionForm;
pub(crate) use answers_list::answer_rows;
pub use answers_list::AnswersList;
pub use commune_choice::CommuneChoice;
pub use company_audit::CompanyAudit;
pub use company_invite::CompanyInvite;
pub use company_members::CompanyMembers;
pub use company_memberships::CompanyMemberships;
pub use company_verification::CompanyVerification;
pub use dossier_page::{for_officer, DossierPage};
pub use eid_sign_in::EidSignIn;
pub use event_log::{slip_path, EventLog};
pub use fee_decisions::FeeDecisions;
pub use fee_panel::FeePanel;
pub use feedback_case::{
    category_name, status_class as feedback_status_class, status_label as feedback_status_label,
    FeedbackCase,
};
pub use file_picker::{size_text, FilePicker};
pub use form_field::{FormFieldView, GivenAnswers};
pub use held_documents::HeldDocuments;
pub use in_person::in_person;
pub use inbox_link::InboxLink;
pub use loaded::Loaded;
pub use payment_notice::PaymentNotice;
pub use period_choice::{
    month_short, month_text, period_from_address, period_phrase, period_problems, period_text,
    PeriodChoice,
};
pub use place_choice::PlaceChoice;
pub use project_forecast::ProjectForecast;
pub use project_mark::ProjectMark;
pub use project_step::ProjectStepItem;
pub use pulls_down::{decimal2, index_path, loss_name, PullsDown};
pub use rating_form::RatingForm;
pub use session_warning::SessionWarning;
pub use stats_chart::{
    count_text, decimal_text, percent_text, stats_chart, Chart, ChartKind, ChartRow, Figure,
};
pub use text_area::TextArea;
pub use verification_item::VerificationItem;
