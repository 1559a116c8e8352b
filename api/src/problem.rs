//! What is wrong with a request, said once for both sides: the app runs a request's `problems()`
//! before sending it and the server runs the same function before acting. Each problem names its
//! field by a [`Field`] (the same key on both sides, so a message always lands beside its field) and
//! itself by a stable [`Code`] with its parameters, which each reader sees in their own language.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Provided, Text};

/// The limits requests are held to, by name: messages quote these, never a number of their own.
pub mod limits {
    /// A note, reason or comment, in characters.
    pub const NOTE_CHARS: usize = 2000;
    /// One item of a supplement request, in characters.
    pub const ITEM_CHARS: usize = 500;
    /// Items in one supplement request.
    pub const SUPPLEMENT_ITEMS: usize = 50;
    /// Files attached to one action.
    pub const ACTION_FILES: usize = 20;
    /// A street address typed for delivery, in characters.
    pub const STREET_CHARS: usize = 200;
    /// A result's number (số giấy chứng nhận, số quyết định), in characters.
    pub const RESULT_NUMBER_CHARS: usize = 60;
    /// A dossier code or tracking check, in characters.
    pub const TRACKING_CHARS: usize = 64;
    /// A password, in characters; argon2 is given nothing longer.
    pub const MIN_PASSWORD_CHARS: usize = 8;
    pub const MAX_PASSWORD_CHARS: usize = 128;
    /// A name, contact address or other line of a profile, in characters.
    pub const PROFILE_CHARS: usize = 200;
    /// Copies, certificates or other units counted for one fee.
    pub const FEE_UNITS: u64 = 100;
    /// Pages counted for one fee.
    pub const FEE_PAGES: u64 = 2000;
    /// A value a fee goes by (investment capital in đồng, stars, rooms).
    pub const FEE_VALUE: u64 = 1_000_000_000_000_000;
    /// Feedback's title, in characters.
    pub const FEEDBACK_TITLE_CHARS: usize = 200;
    /// Feedback's text, in characters.
    pub const FEEDBACK_TEXT_CHARS: usize = 5000;
    /// Files sent with one piece of feedback, or one reply to it.
    pub const FEEDBACK_FILES: usize = 5;
}

/// A field of a request that is not a form answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Name {
    FullName,
    CitizenId,
    DateOfBirth,
    TaxCode,
    CompanyName,
    LegalRepresentative,
    Phone,
    Email,
    Address,
    Password,
    CurrentPassword,
    NewPassword,
    Note,
    Items,
    Files,
    Reason,
    NewDate,
    Overall,
    Comment,
    Code,
    Check,
    Certificate,
    Identifier,
    Commune,
    // The officer's queue's filters.
    Step,
    Status,
    Due,
    Page,
    Say,
    Mean,
    /// The fee exemption the applicant declares.
    Exemption,
    // A project's particulars.
    ProjectName,
    Kind,
    Capital,
    Area,
    Description,
    /// The optional steps the investor says apply.
    Optional,
    /// The project and step a dossier is filed for.
    Project,
    // Statistics: what they are about and the period.
    Scope,
    From,
    To,
    // Feedback and complaints.
    About,
    Category,
    Title,
    Text,
    Agency,
    Question,
    Answer,
    Change,
}

impl Name {
    const ALL: [Name; 49] = [
        Name::FullName,
        Name::CitizenId,
        Name::DateOfBirth,
        Name::TaxCode,
        Name::CompanyName,
        Name::LegalRepresentative,
        Name::Phone,
        Name::Email,
        Name::Address,
        Name::Password,
        Name::CurrentPassword,
        Name::NewPassword,
        Name::Note,
        Name::Items,
        Name::Files,
        Name::Reason,
        Name::NewDate,
        Name::Overall,
        Name::Comment,
        Name::Code,
        Name::Check,
        Name::Certificate,
        Name::Identifier,
        Name::Commune,
        Name::Step,
        Name::Status,
        Name::Due,
        Name::Page,
        Name::Say,
        Name::Mean,
        Name::Exemption,
        Name::ProjectName,
        Name::Kind,
        Name::Capital,
        Name::Area,
        Name::Description,
        Name::Optional,
        Name::Project,
        Name::Scope,
        Name::From,
        Name::To,
        Name::About,
        Name::Category,
        Name::Title,
        Name::Text,
        Name::Agency,
        Name::Question,
        Name::Answer,
        Name::Change,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Name::FullName => "full_name",
            Name::CitizenId => "citizen_id",
            Name::DateOfBirth => "date_of_birth",
            Name::TaxCode => "tax_code",
            Name::CompanyName => "company_name",
            Name::LegalRepresentative => "legal_representative",
            Name::Phone => "phone",
            Name::Email => "email",
            Name::Address => "address",
            Name::Password => "password",
            Name::CurrentPassword => "current_password",
            Name::NewPassword => "new_password",
            Name::Note => "note",
            Name::Items => "items",
            Name::Files => "files",
            Name::Reason => "reason",
            Name::NewDate => "new_date",
            Name::Overall => "overall",
            Name::Comment => "comment",
            Name::Code => "code",
            Name::Check => "check",
            Name::Certificate => "certificate",
            Name::Identifier => "identifier",
            Name::Commune => "commune",
            Name::Step => "step",
            Name::Status => "status",
            Name::Due => "due",
            Name::Page => "page",
            Name::Say => "say",
            Name::Mean => "mean",
            Name::Exemption => "exemption",
            Name::ProjectName => "name",
            Name::Kind => "kind",
            Name::Capital => "capital",
            Name::Area => "area",
            Name::Description => "description",
            Name::Optional => "optional",
            Name::Project => "project",
            Name::Scope => "scope",
            Name::From => "from",
            Name::To => "to",
            Name::About => "about",
            Name::Category => "category",
            Name::Title => "title",
            Name::Text => "text",
            Name::Agency => "agency",
            Name::Question => "question",
            Name::Answer => "answer",
            Name::Change => "change",
        }
    }
}

/// Where a problem is. Its key (`Display`) is what travels in the API and what the app files a
/// message under.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// A form answer: `section.field`, `section.group.index.field` inside a group, or a section.
    Answer(String),
    /// A procedure's document, by its position in the procedure's list: `documents.{i}`.
    Document(u32),
    /// A procedure's fee, by its position in the procedure's list: `fees.{i}`.
    Fee(u32),
    /// How the result is delivered, and its address: `delivery`.
    Delivery,
    /// A detailed rating criterion: `criteria.{id}`.
    Criterion(String),
    Named(Name),
}

impl Field {
    /// An answer's path: the section, then each field (and group index) below it.
    pub fn answer<I: fmt::Display>(parts: impl IntoIterator<Item = I>) -> Field {
        let parts: Vec<String> = parts.into_iter().map(|p| p.to_string()).collect();
        Field::Answer(parts.join("."))
    }

    /// Reads a key back; anything not otherwise known is an answer's path.
    pub fn parse(key: &str) -> Field {
        if key == "delivery" {
            return Field::Delivery;
        }
        if let Some(i) = key.strip_prefix("documents.").and_then(|i| i.parse().ok()) {
            return Field::Document(i);
        }
        if let Some(i) = key.strip_prefix("fees.").and_then(|i| i.parse().ok()) {
            return Field::Fee(i);
        }
        if let Some(id) = key.strip_prefix("criteria.") {
            return Field::Criterion(id.to_string());
        }
        match Name::ALL.iter().find(|n| n.key() == key) {
            Some(n) => Field::Named(*n),
            None => Field::Answer(key.to_string()),
        }
    }
}

impl From<Name> for Field {
    fn from(n: Name) -> Field {
        Field::Named(n)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Answer(path) => f.write_str(path),
            Field::Document(i) => write!(f, "documents.{i}"),
            Field::Fee(i) => write!(f, "fees.{i}"),
            Field::Delivery => f.write_str("delivery"),
            Field::Criterion(id) => write!(f, "criteria.{id}"),
            Field::Named(n) => f.write_str(n.key()),
        }
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Field, D::Error> {
        let key = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Field::parse(&key))
    }
}

/// How a required form question asks for its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    Enter,
    Choose,
    Tick,
    ChooseSome,
    AddSome,
}

/// Every kind of problem, by its stable code and parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Code {
    // Form answers; `label` is the question's.
    AnswerRequired {
        label: Text,
        ask: Ask,
    },
    UnknownQuestion,
    UnknownSection,
    WrongShape {
        label: Text,
    },
    NotAnOption {
        label: Text,
    },
    AddressPlace {
        label: Text,
    },
    AddressStreet {
        label: Text,
    },
    AnswerTooShort {
        label: Text,
        min: u32,
    },
    AnswerTooLong {
        label: Text,
        max: u32,
    },
    /// The form's own pattern, with the message the form gives for it.
    Pattern {
        message: Text,
    },
    NotANumber {
        label: Text,
    },
    OutOfRange {
        label: Text,
        min: Option<f64>,
        max: Option<f64>,
    },
    NotADate {
        label: Text,
    },
    DateTooEarly {
        label: Text,
    },
    DateTooLate {
        label: Text,
    },
    /// After today, where the rule is "not after today".
    DateInFuture {
        label: Text,
    },
    /// Before today, where the rule is "not before today".
    DateInPast {
        label: Text,
    },
    /// The form's own message for a broken rule of the field.
    FieldMessage {
        message: Text,
    },
    /// An option that rules the applicant out of this procedure: the form's reason, and the
    /// code of the procedure to use instead.
    ChoiceRefused {
        message: Text,
        instead: String,
    },
    CitizenIdAnswer {
        label: Text,
    },
    TaxCodeAnswer {
        label: Text,
    },
    PhoneAnswer {
        label: Text,
    },
    EmailAnswer {
        label: Text,
    },
    TooFewEntries {
        label: Text,
        min: u32,
    },
    TooManyEntries {
        label: Text,
        max: u32,
    },
    /// An answer about the applicant's identity that differs from the account's, which the
    /// national e-ID has vouched for.
    IdentityLocked {
        label: Text,
    },

    // Submitting a dossier.
    DocumentMissing {
        name: Text,
    },
    UnknownDocument,
    /// Files attached to a document that is provided another way.
    DocumentNotUploaded {
        name: Text,
        provided: Provided,
    },
    FileGone,
    NoHomeDelivery,
    DeliveryAddress,
    NoElectronicResult,
    CommuneRequired,
    NoCommuneHere,

    // Fees and paying them.
    /// A fee charged per unit, page or value needs its count; `what` is the count's label.
    FeeCountRequired {
        name: Text,
        what: Text,
    },
    FeeCountRange {
        name: Text,
        what: Text,
        min: u64,
        max: u64,
    },
    /// A count for a fee charged once per dossier, or for a fee the procedure does not have.
    FeeNotCounted,
    ExemptionNotOffered,
    /// The result cannot be handed over while the fee is owed.
    FeeUnpaid,
    NothingToPay,
    /// Online payment is not set up here: the fee is paid at the desk.
    PaymentsUnavailable,

    // Accounts.
    FullNameRequired,
    CitizenIdFormat,
    /// The year of birth disagrees with the one the citizen ID gives (`year`).
    CitizenIdBirthYear {
        year: u32,
    },
    DateOfBirth,
    TaxCodeFormat,
    CompanyNameRequired,
    RepresentativeRequired,
    PhoneRequired,
    PhoneFormat,
    EmailRequired,
    EmailFormat,
    AddressRequired,
    PasswordTooShort {
        min: usize,
    },
    PasswordTooLong {
        max: usize,
    },
    CurrentPasswordRequired,
    CurrentPasswordWrong,

    // Actions on a dossier, rating and tracking.
    TooLong {
        max: usize,
    },
    SupplementItemsRequired,
    TooManySupplementItems {
        max: usize,
    },
    SupplementEmpty,
    ResultFilesRequired,
    TooManyFiles {
        max: usize,
    },
    RefusalReasonRequired,
    DelayReasonRequired,
    NewDateAfterToday,
    OverallRequired,
    UnknownCriterion,
    PointOffScale {
        max: u8,
    },
    TrackingCodeRequired,
    TrackingCheckRequired,
    CertificateRequired,
    IdentifierRequired,

    // Teaching the search a word.
    SayRequired,
    MeanRequired,
    /// The words people use are the catalogue's words already.
    SynonymSame,
    /// These words (as typed) are in no procedure, so the synonym would find nothing.
    MeanNotInCatalogue {
        words: Vec<String>,
    },
    SynonymExists,

    // Investment projects.
    ProjectNameRequired,
    /// No journey of that id.
    UnknownKind,
    CapitalFormat,
    AreaFormat,
    /// An optional step the journey does not have (or one that is not optional).
    UnknownOptionalStep,
    /// A step of a project the dossier's procedure is not.
    StepMismatch,
    /// The step needs others done (or filed) first; `steps` are their names.
    StepNotReady {
        steps: Vec<Text>,
    },
    /// The step already has a dossier being processed or done.
    StepTaken,

    // Statistics.
    NotAMonth {
        label: Text,
    },
    /// The period ends before it starts.
    PeriodBackwards,
    PeriodTooLong {
        max: u32,
    },

    // Feedback and complaints.
    /// What the feedback is about: a procedure, an agency, an officer or a dossier.
    FeedbackAboutRequired,
    FeedbackCategoryRequired,
    /// The category is not one for what the feedback is about.
    FeedbackCategoryMismatch,
    FeedbackTitleRequired,
    FeedbackTextRequired,
    /// Without signing in, a phone or an e-mail to answer to.
    FeedbackContactRequired,
    FeedbackAnswerRequired,
    FeedbackAgencyRequired,
    FeedbackForwardReasonRequired,
    FeedbackQuestionRequired,
    /// The sender's reply to a request for information says nothing and attaches nothing.
    FeedbackInfoEmpty,
    FeedbackReopenReasonRequired,
    /// Each part of the published form must be written.
    RedactionRequired,

    // Publishing feedback: personal data left in the redaction.
    PersonalPhone,
    PersonalEmail,
    PersonalCitizenId,
    /// The sender's name as they gave it.
    PersonalName,
}

fn t(vi: impl Into<String>, en: impl Into<String>) -> Text {
    Text {
        vi: vi.into(),
        en: en.into(),
    }
}

fn range(n: Option<f64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

impl Code {
    /// What to tell the person, in both languages.
    pub fn message(&self) -> Text {
        match self {
            Code::AnswerRequired { label, ask } => {
                let (vi, en) = match ask {
                    Ask::Enter => ("Nhập", "Enter"),
                    Ask::Choose => ("Chọn", "Choose"),
                    Ask::Tick => ("Đánh dấu", "Tick"),
                    Ask::ChooseSome => ("Chọn ít nhất một mục cho", "Choose at least one for"),
                    Ask::AddSome => ("Thêm ít nhất một mục cho", "Add at least one to"),
                };
                t(
                    format!("{vi} “{}”.", label.vi),
                    format!("{en} “{}”.", label.en),
                )
            }
            Code::UnknownQuestion => t("Mẫu đơn không có mục này.", "The form has no such question."),
            Code::UnknownSection => t("Mẫu đơn không có phần này.", "The form has no such section."),
            Code::WrongShape { label } => t(
                format!("Câu trả lời cho “{}” không đúng dạng.", label.vi),
                format!("The answer to “{}” is not in the right form.", label.en),
            ),
            Code::NotAnOption { label } => t(
                format!("Chọn một trong các lựa chọn cho “{}”.", label.vi),
                format!("Choose one of the options for “{}”.", label.en),
            ),
            Code::AddressPlace { label } => t(
                format!("Chọn tỉnh, thành phố và xã, phường cho “{}”.", label.vi),
                format!("Choose the province and the commune for “{}”.", label.en),
            ),
            Code::AddressStreet { label } => t(
                format!("Nhập số nhà, đường, thôn, xóm cho “{}”.", label.vi),
                format!("Enter the house, street or hamlet for “{}”.", label.en),
            ),
            Code::AnswerTooShort { label, min } => t(
                format!("“{}” cần ít nhất {min} ký tự.", label.vi),
                format!("“{}” needs at least {min} characters.", label.en),
            ),
            Code::AnswerTooLong { label, max } => t(
                format!("“{}” dài tối đa {max} ký tự.", label.vi),
                format!("“{}” can be at most {max} characters.", label.en),
            ),
            Code::Pattern { message } => message.clone(),
            Code::NotANumber { label } => t(
                format!("“{}” phải là một số.", label.vi),
                format!("“{}” must be a number.", label.en),
            ),
            Code::OutOfRange { label, min, max } => t(
                format!(
                    "“{}” phải trong khoảng {} – {}.",
                    label.vi,
                    range(*min),
                    range(*max)
                ),
                format!(
                    "“{}” must be between {} and {}.",
                    label.en,
                    range(*min),
                    range(*max)
                ),
            ),
            Code::NotADate { label } => labelled(
                label,
                "là ngày không có thật; nhập theo dạng năm-tháng-ngày",
                "is not a real date; use year-month-day",
            ),
            Code::DateTooEarly { label } => {
                labelled(label, "sớm hơn ngày cho phép", "is earlier than allowed")
            }
            Code::DateTooLate { label } => {
                labelled(label, "muộn hơn ngày cho phép", "is later than allowed")
            }
            Code::DateInFuture { label } => labelled(
                label,
                "không được sau ngày hôm nay",
                "cannot be in the future",
            ),
            Code::DateInPast { label } => labelled(
                label,
                "không được trước ngày hôm nay",
                "cannot be in the past",
            ),
            Code::FieldMessage { message } => message.clone(),
            Code::ChoiceRefused { message, instead } => t(
                format!("{} Hãy dùng thủ tục {instead}.", message.vi),
                format!("{} Use procedure {instead} instead.", message.en),
            ),
            Code::CitizenIdAnswer { label } => labelled(
                label,
                "phải gồm đúng 12 chữ số của số CCCD",
                "must be the 12 digits of a citizen ID",
            ),
            Code::TaxCodeAnswer { label } => {
                labelled(label, "phải gồm 10 hoặc 13 chữ số", "must have 10 or 13 digits")
            }
            Code::PhoneAnswer { label } => labelled(
                label,
                "phải là số di động 10 chữ số hoặc số cố định 11 chữ số, bắt đầu bằng 0",
                "must be a 10-digit mobile or an 11-digit landline number starting with 0",
            ),
            Code::EmailAnswer { label } => {
                labelled(label, "phải có dạng ten@vidu.vn", "must look like name@example.vn")
            }
            Code::TooFewEntries { label, min } => t(
                format!("“{}” cần ít nhất {min} mục.", label.vi),
                format!("“{}” needs at least {min} entries.", label.en),
            ),
            Code::TooManyEntries { label, max } => t(
                format!("“{}” có tối đa {max} mục.", label.vi),
                format!("“{}” can have at most {max} entries.", label.en),
            ),
            Code::IdentityLocked { label } => t(
                format!(
                    "“{}” lấy từ định danh điện tử (VNeID) của bạn và không sửa được.",
                    label.vi
                ),
                format!(
                    "“{}” comes from your national e-ID (VNeID) and cannot be changed.",
                    label.en
                ),
            ),
            Code::DocumentMissing { name } => t(
                format!("Thiếu giấy tờ bắt buộc: {}.", name.vi),
                format!("A required document is missing: {}.", name.en),
            ),
            Code::UnknownDocument => t(
                "Thủ tục không có thành phần hồ sơ này.",
                "The procedure asks for no such document.",
            ),
            Code::DocumentNotUploaded { name, provided } => match provided {
                Provided::FromEid => t(
                    format!(
                        "Không tải lên “{}”: giấy tờ này được lấy từ tài khoản định danh điện tử.",
                        name.vi
                    ),
                    format!(
                        "Do not upload “{}”: it is taken from your e-ID account.",
                        name.en
                    ),
                ),
                Provided::AtCollection | Provided::Upload => t(
                    format!(
                        "Không tải lên “{}”: mang bản chính khi nhận kết quả.",
                        name.vi
                    ),
                    format!(
                        "Do not upload “{}”: it is shown when you collect the result.",
                        name.en
                    ),
                ),
            },
            Code::FileGone => t(
                "Một tệp đính kèm không còn; hãy tải lên lại.",
                "An attached file is no longer there; upload it again.",
            ),
            Code::NoHomeDelivery => t(
                "Kết quả của thủ tục này không gửi qua bưu điện; hãy chọn nhận tại Trung tâm.",
                "This procedure's result is not sent by post; choose to collect it at the centre.",
            ),
            Code::NoElectronicResult => t(
                "Kết quả của thủ tục này không có bản điện tử; hãy chọn cách nhận khác.",
                "This procedure's result has no electronic copy; choose another way to receive it.",
            ),
            Code::CommuneRequired => t(
                "Chọn xã, phường trong tỉnh: nơi đó quyết định cơ quan nào giải quyết.",
                "Choose a commune or ward in the province: it decides which office handles it.",
            ),
            Code::NoCommuneHere => t(
                "Thủ tục này không nộp theo xã, phường; bỏ chọn xã, phường.",
                "This procedure is not handled by a commune's office; leave the commune out.",
            ),
            Code::FeeCountRequired { name, what } => t(
                format!("Nhập “{}” để tính “{}”.", what.vi, name.vi),
                format!("Enter “{}” to work out “{}”.", what.en, name.en),
            ),
            Code::FeeCountRange { what, min, max, .. } => t(
                format!("“{}” phải từ {min} đến {max}.", what.vi),
                format!("“{}” must be from {min} to {max}.", what.en),
            ),
            Code::FeeNotCounted => t(
                "Khoản phí này không tính theo số lượng.",
                "This fee is not charged by a count.",
            ),
            Code::ExemptionNotOffered => t(
                "Phí, lệ phí của thủ tục này không miễn cho đối tượng đã chọn.",
                "This procedure's fees are not waived for the group chosen.",
            ),
            Code::FeeUnpaid => t(
                "Hồ sơ chưa nộp đủ phí, lệ phí: chưa thể trả kết quả.",
                "The fee has not been paid: the result cannot be handed over until it is.",
            ),
            Code::NothingToPay => t(
                "Hồ sơ không còn khoản phí, lệ phí nào phải nộp.",
                "There is nothing left to pay on this dossier.",
            ),
            Code::PaymentsUnavailable => t(
                "Chưa thể thanh toán trực tuyến; hãy nộp phí, lệ phí tại nơi tiếp nhận hồ sơ.",
                "Online payment is not available; pay the fee at the desk.",
            ),
            Code::DeliveryAddress => t(
                "Nhập đủ địa chỉ nhận kết quả: tỉnh, xã và số nhà, đường.",
                "Enter the whole delivery address: province, commune and house and street.",
            ),
            Code::FullNameRequired => t("Nhập họ, chữ đệm và tên.", "Enter your full name."),
            Code::CitizenIdFormat => t(
                "Số định danh cá nhân (CCCD) gồm đúng 12 chữ số; ba số đầu là mã tỉnh từ 001 đến 096.",
                "A citizen ID number has exactly 12 digits; the first three are a province code from 001 to 096.",
            ),
            Code::CitizenIdBirthYear { year } => t(
                format!("Năm sinh không khớp với số định danh (số định danh cho thấy sinh năm {year})."),
                format!("The year of birth does not match the ID number (the ID number says born in {year})."),
            ),
            Code::DateOfBirth => t("Nhập ngày sinh có thật.", "Enter a real date of birth."),
            Code::TaxCodeFormat => t(
                "Mã số thuế gồm 10 chữ số, hoặc 13 chữ số cho chi nhánh (0101234567-001).",
                "A tax code has 10 digits, or 13 for a branch (0101234567-001).",
            ),
            Code::CompanyNameRequired => t("Nhập tên doanh nghiệp.", "Enter the company name."),
            Code::RepresentativeRequired => t(
                "Nhập họ tên người đại diện theo pháp luật.",
                "Enter the legal representative's name.",
            ),
            Code::PhoneRequired => t("Nhập số điện thoại.", "Enter a phone number."),
            Code::PhoneFormat => t(
                "Số điện thoại di động gồm 10 chữ số, số cố định 11 chữ số, bắt đầu bằng 0 (ví dụ 0912 345 678 hoặc 0208 3856 123).",
                "A mobile number has 10 digits and a landline 11, starting with 0 (for example 0912 345 678 or 0208 3856 123).",
            ),
            Code::EmailRequired => t("Nhập địa chỉ thư điện tử.", "Enter an email address."),
            Code::EmailFormat => t(
                "Địa chỉ thư điện tử có dạng ten@vidu.vn.",
                "An email address looks like name@example.vn.",
            ),
            Code::AddressRequired => t("Nhập địa chỉ liên hệ.", "Enter a contact address."),
            Code::PasswordTooShort { min } => t(
                format!("Mật khẩu cần ít nhất {min} ký tự."),
                format!("The password needs at least {min} characters."),
            ),
            Code::PasswordTooLong { max } => t(
                format!("Mật khẩu dài tối đa {max} ký tự."),
                format!("The password can be at most {max} characters."),
            ),
            Code::CurrentPasswordRequired => {
                t("Nhập mật khẩu hiện tại.", "Enter your current password.")
            }
            Code::CurrentPasswordWrong => t(
                "Mật khẩu hiện tại không đúng.",
                "The current password is not right.",
            ),
            Code::TooLong { max } => t(
                format!("Viết ngắn hơn: tối đa {max} ký tự."),
                format!("Write less: at most {max} characters."),
            ),
            Code::SupplementItemsRequired => t(
                "Ghi rõ ít nhất một giấy tờ hoặc nội dung cần bổ sung.",
                "Name at least one document or thing to add.",
            ),
            Code::TooManySupplementItems { max } => t(
                format!("Tối đa {max} mục trong một lần yêu cầu."),
                format!("At most {max} items in one request."),
            ),
            Code::SupplementEmpty => t(
                "Tải lên giấy tờ được yêu cầu hoặc ghi nội dung bổ sung.",
                "Upload the documents asked for or write what you are adding.",
            ),
            Code::ResultFilesRequired => t(
                "Đính kèm tệp kết quả giải quyết.",
                "Attach the result document.",
            ),
            Code::TooManyFiles { max } => t(
                format!("Tối đa {max} tệp trong một lần."),
                format!("At most {max} files at a time."),
            ),
            Code::RefusalReasonRequired => {
                t("Nêu lý do từ chối.", "Give the reason for refusing.")
            }
            Code::DelayReasonRequired => t("Nêu lý do chậm trả kết quả.", "Give the reason for the delay."),
            Code::NewDateAfterToday => t(
                "Chọn ngày hẹn trả mới, sau ngày hôm nay.",
                "Choose a new return date after today.",
            ),
            Code::OverallRequired => t(
                "Chọn một mức đánh giá chung.",
                "Choose an overall rating.",
            ),
            Code::UnknownCriterion => t("Không có tiêu chí này.", "There is no such criterion."),
            Code::PointOffScale { max } => t(
                format!("Chọn một mức từ 1 đến {max}."),
                format!("Choose a point from 1 to {max}."),
            ),
            Code::TrackingCodeRequired => t(
                "Nhập mã hồ sơ in trên giấy tiếp nhận.",
                "Enter the dossier code printed on the receipt.",
            ),
            Code::TrackingCheckRequired => t(
                "Nhập số điện thoại hoặc số giấy tờ đã khai khi nộp.",
                "Enter the phone number or ID number given when applying.",
            ),
            Code::CertificateRequired => t(
                "Tải lên giấy chứng nhận đăng ký doanh nghiệp.",
                "Upload the enterprise registration certificate.",
            ),
            Code::IdentifierRequired => t(
                "Nhập mã số thuế hoặc số định danh của tài khoản được mời.",
                "Enter the tax code or ID number of the account to invite.",
            ),
            Code::SayRequired => t(
                "Nhập từ người dân dùng.",
                "Enter the words people use.",
            ),
            Code::MeanRequired => t(
                "Nhập từ trong danh mục thủ tục mà các từ này chỉ.",
                "Enter the catalogue's words these words stand for.",
            ),
            Code::SynonymSame => t(
                "Hai bên giống nhau: tìm kiếm đã hiểu các từ này.",
                "Both sides are the same: the search already understands these words.",
            ),
            Code::MeanNotInCatalogue { words } => {
                let list = words
                    .iter()
                    .map(|w| format!("“{w}”"))
                    .collect::<Vec<_>>()
                    .join(", ");
                t(
                    format!("Không thủ tục nào có từ {list}: hãy dùng từ trong tên thủ tục."),
                    format!("No procedure has the words {list}: use words from a procedure's name."),
                )
            }
            Code::SynonymExists => t(
                "Đã có từ đồng nghĩa này.",
                "This synonym is there already.",
            ),
            Code::ProjectNameRequired => t("Nhập tên dự án.", "Enter the project's name."),
            Code::UnknownKind => t("Chọn loại dự án.", "Choose the kind of project."),
            Code::CapitalFormat => t(
                "Nhập tổng vốn đầu tư bằng số đồng, ví dụ 25000000000.",
                "Enter the total investment capital in đồng, for example 25000000000.",
            ),
            Code::AreaFormat => t(
                "Nhập diện tích đất bằng số mét vuông, ví dụ 12000.",
                "Enter the land area in square metres, for example 12000.",
            ),
            Code::UnknownOptionalStep => t(
                "Bước này không phải bước có thể chọn của loại dự án này.",
                "This is not an optional step of this kind of project.",
            ),
            Code::StepMismatch => t(
                "Thủ tục này không phải bước đã chọn của dự án.",
                "This procedure is not the chosen step of the project.",
            ),
            Code::StepNotReady { steps } => {
                let list = |f: fn(&Text) -> &str| {
                    steps.iter().map(|s| format!("“{}”", f(s))).collect::<Vec<_>>().join(", ")
                };
                t(
                    format!("Chưa thể nộp bước này: cần xong trước {}.", list(|s| &s.vi)),
                    format!("This step cannot be filed yet: first {} must be done.", list(|s| &s.en)),
                )
            }
            Code::StepTaken => t(
                "Bước này của dự án đã có hồ sơ đang xử lý hoặc đã xong.",
                "This step of the project already has a dossier in progress or done.",
            ),
            Code::NotAMonth { label } => labelled(
                label,
                "phải là một tháng, ví dụ 2026-11",
                "must be a month, for example 2026-11",
            ),
            Code::PeriodBackwards => t(
                "Tháng kết thúc phải sau hoặc trùng tháng bắt đầu.",
                "The last month must be the same as or after the first.",
            ),
            Code::PeriodTooLong { max } => t(
                format!("Chọn khoảng thời gian không quá {max} tháng."),
                format!("Choose a period of at most {max} months."),
            ),
            Code::FeedbackAboutRequired => t(
                "Chọn nội dung phản ánh liên quan đến: thủ tục, cơ quan, cán bộ hoặc hồ sơ.",
                "Choose what the feedback is about: a procedure, an agency, an officer or a dossier.",
            ),
            Code::FeedbackCategoryRequired => {
                t("Chọn loại phản ánh, kiến nghị.", "Choose the kind of feedback.")
            }
            Code::FeedbackCategoryMismatch => t(
                "Loại phản ánh này không dùng cho nội dung đã chọn; hãy chọn loại khác.",
                "This kind of feedback does not fit what it is about; choose another.",
            ),
            Code::FeedbackTitleRequired => t(
                "Nhập tiêu đề ngắn cho phản ánh.",
                "Enter a short title for the feedback.",
            ),
            Code::FeedbackTextRequired => t(
                "Viết nội dung phản ánh, kiến nghị.",
                "Write what the feedback says.",
            ),
            Code::FeedbackContactRequired => t(
                "Nhập số điện thoại hoặc thư điện tử để cơ quan trả lời, hoặc đăng nhập.",
                "Enter a phone number or an email address for the answer, or sign in.",
            ),
            Code::FeedbackAnswerRequired => t("Viết nội dung trả lời.", "Write the answer."),
            Code::FeedbackAgencyRequired => t(
                "Chọn cơ quan có thẩm quyền để chuyển đến.",
                "Choose the agency to forward it to.",
            ),
            Code::FeedbackForwardReasonRequired => t(
                "Nêu lý do chuyển phản ánh.",
                "Give the reason for forwarding it.",
            ),
            Code::FeedbackQuestionRequired => t(
                "Ghi rõ thông tin cần người gửi bổ sung.",
                "Say what the sender needs to add.",
            ),
            Code::FeedbackInfoEmpty => t(
                "Viết thông tin được yêu cầu hoặc đính kèm tệp.",
                "Write the information asked for or attach a file.",
            ),
            Code::FeedbackReopenReasonRequired => t(
                "Nêu lý do câu trả lời chưa giải quyết được vấn đề.",
                "Say why the answer did not solve the problem.",
            ),
            Code::RedactionRequired => t(
                "Nhập nội dung để công khai (đã bỏ thông tin cá nhân).",
                "Enter the text to publish (with personal details removed).",
            ),
            Code::PersonalPhone => t(
                "Bỏ số điện thoại: nội dung công khai không được có thông tin cá nhân.",
                "Remove the phone number: published text must hold no personal details.",
            ),
            Code::PersonalEmail => t(
                "Bỏ địa chỉ thư điện tử: nội dung công khai không được có thông tin cá nhân.",
                "Remove the email address: published text must hold no personal details.",
            ),
            Code::PersonalCitizenId => t(
                "Bỏ số định danh (CCCD): nội dung công khai không được có thông tin cá nhân.",
                "Remove the citizen ID number: published text must hold no personal details.",
            ),
            Code::PersonalName => t(
                "Bỏ họ tên người gửi: nội dung công khai không được nêu tên người gửi.",
                "Remove the sender's name: published text must not name the sender.",
            ),
        }
    }
}

/// How long to wait after too many attempts, from the seconds a 429's `Retry-After` gives: whole
/// minutes, rounded up, from a minute on; seconds below.
pub fn try_again_in(seconds: u64) -> Text {
    if seconds < 60 {
        let s = seconds.max(1);
        return t(
            format!("Hãy thử lại sau {s} giây."),
            format!("Try again in {s} second{}.", if s == 1 { "" } else { "s" }),
        );
    }
    let m = seconds.div_ceil(60);
    t(
        format!("Hãy thử lại sau {m} phút."),
        format!("Try again in {m} minute{}.", if m == 1 { "" } else { "s" }),
    )
}

fn labelled(label: &Text, vi: &str, en: &str) -> Text {
    t(
        format!("“{}” {vi}.", label.vi),
        format!("“{}” {en}.", label.en),
    )
}

/// One problem with a request: where, and what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub field: Field,
    #[serde(flatten)]
    pub code: Code,
}

impl Problem {
    pub fn new(field: impl Into<Field>, code: Code) -> Problem {
        Problem {
            field: field.into(),
            code,
        }
    }

    pub fn message(&self) -> Text {
        self.code.message()
    }
}

/// Problems as they are gathered: one per field, the first found for a field kept.
#[derive(Debug, Default)]
pub struct Problems(Vec<Problem>);

impl Problems {
    pub fn new() -> Problems {
        Problems::default()
    }

    /// Adds a problem unless its field already has one.
    pub fn add(&mut self, field: impl Into<Field>, code: Code) {
        let field = field.into();
        if !self.has(&field) {
            self.0.push(Problem { field, code });
        }
    }

    /// Adds a problem, replacing the one its field has: a later, sharper finding wins.
    pub fn replace(&mut self, field: impl Into<Field>, code: Code) {
        let field = field.into();
        self.0.retain(|p| p.field != field);
        self.0.push(Problem { field, code });
    }

    pub fn has(&self, field: &Field) -> bool {
        self.0.iter().any(|p| &p.field == field)
    }

    /// The text's length against a limit.
    pub fn limit(&mut self, field: impl Into<Field>, text: &str, max: usize) {
        if text.trim().chars().count() > max {
            self.add(field, Code::TooLong { max });
        }
    }

    pub fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        for p in problems {
            self.add(p.field, p.code);
        }
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_said_in_minutes_or_seconds() {
        assert_eq!(try_again_in(900).vi, "Hãy thử lại sau 15 phút.");
        assert_eq!(try_again_in(61).en, "Try again in 2 minutes.");
        assert_eq!(try_again_in(60).en, "Try again in 1 minute.");
        assert_eq!(try_again_in(45).vi, "Hãy thử lại sau 45 giây.");
        assert_eq!(try_again_in(0).en, "Try again in 1 second.");
    }

    #[test]
    fn a_problem_travels_as_field_code_and_params() {
        let p = Problem::new(
            Field::Document(2),
            Code::DocumentMissing {
                name: Text::new("Tờ khai", "Declaration"),
            },
        );
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "field": "documents.2",
                "code": "document_missing",
                "params": {"name": {"vi": "Tờ khai", "en": "Declaration"}}
            })
        );
        assert_eq!(serde_json::from_value::<Problem>(json).unwrap(), p);
        let unit =
            serde_json::to_value(Problem::new(Field::Delivery, Code::DeliveryAddress)).unwrap();
        assert_eq!(
            unit,
            serde_json::json!({"field": "delivery", "code": "delivery_address"})
        );
        assert_eq!(
            serde_json::from_value::<Problem>(unit)
                .unwrap()
                .message()
                .en,
            "Enter the whole delivery address: province, commune and house and street."
        );
    }

    #[test]
    fn keys_read_back_as_the_field_they_name() {
        for f in [
            Field::Document(0),
            Field::Fee(3),
            Field::Named(Name::Exemption),
            Field::Delivery,
            Field::Criterion("de-thuc-hien".into()),
            Field::Named(Name::NewPassword),
            Field::answer(["nguoi-khai", "ho-ten"]),
            Field::answer(["cu-tru", "noi-o", "1", "tu-ngay"]),
        ] {
            assert_eq!(Field::parse(&f.to_string()), f);
        }
        assert_eq!(Field::answer(["a", "b"]).to_string(), "a.b");
    }

    #[test]
    fn the_first_problem_of_a_field_is_kept_unless_replaced() {
        let mut p = Problems::new();
        p.add(Name::Phone, Code::PhoneRequired);
        p.add(Name::Phone, Code::PhoneFormat);
        p.replace(Name::Email, Code::EmailRequired);
        p.replace(Name::Email, Code::EmailFormat);
        p.limit(
            Name::Note,
            &"x".repeat(limits::NOTE_CHARS + 1),
            limits::NOTE_CHARS,
        );
        let v = p.into_vec();
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].code, Code::PhoneRequired);
        assert_eq!(v[1].code, Code::EmailFormat);
        assert_eq!(
            v[2].code,
            Code::TooLong {
                max: limits::NOTE_CHARS
            }
        );
    }

    /// Every code `Code` has, read from serde's own refusal of an unknown one, so the list cannot
    /// fall behind the enum.
    fn every_code() -> Vec<String> {
        let err = serde_json::from_value::<Code>(serde_json::json!({"code": "?"}))
            .unwrap_err()
            .to_string();
        let list = err.split("expected one of ").nth(1).unwrap();
        list.split(", ")
            .map(|c| c.trim_matches(|ch: char| ch == '`' || !ch.is_ascii() || ch.is_whitespace()))
            .map(|c| c.split('`').next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn the_openapi_document_lists_every_problem_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../server/openapi.json");
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let listed: Vec<String> = serde_json::from_value(
            doc["components"]["schemas"]["Problem"]["properties"]["code"]["enum"].clone(),
        )
        .unwrap();
        let codes = every_code();
        assert!(codes.len() > 40, "{codes:?}");
        assert_eq!(listed, codes);
    }
}
