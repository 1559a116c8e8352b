//! The procedure catalogue: what the data files hold and what `/api/v1` returns.

use serde::{Deserialize, Serialize};

/// A text in both languages of the app; Vietnamese is the reference, English its translation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    pub fn new(vi: &str, en: &str) -> Text {
        Text {
            vi: vi.to_string(),
            en: en.to_string(),
        }
    }
}

/// How far a procedure can be done online (Decree 42/2022/NĐ-CP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OnlineType {
    /// Toàn trình: information, submission, processing and result all online or by post.
    #[serde(rename = "toan-trinh")]
    Full,
    /// Một phần: part of it needs a visit.
    #[serde(rename = "mot-phan")]
    Partial,
    /// Not offered online.
    #[serde(rename = "khong")]
    None,
}

impl OnlineType {
    pub const ALL: [OnlineType; 3] = [OnlineType::Full, OnlineType::Partial, OnlineType::None];

    pub fn id(self) -> &'static str {
        match self {
            OnlineType::Full => "toan-trinh",
            OnlineType::Partial => "mot-phan",
            OnlineType::None => "khong",
        }
    }

    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.id() == id)
    }

    pub fn name(self) -> Text {
        let (vi, en) = match self {
            OnlineType::Full => ("Trực tuyến toàn trình", "Fully online"),
            OnlineType::Partial => ("Trực tuyến một phần", "Partly online"),
            OnlineType::None => ("Không trực tuyến", "Not online"),
        };
        Text {
            vi: vi.into(),
            en: en.into(),
        }
    }
}

/// A way to hand in a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Online,
    Centre,
    Post,
}

/// In what form a required document is handed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Original,
    Copy,
    CertifiedCopy,
    OriginalOrCertifiedCopy,
    /// Shown to the officer, not kept.
    Presented,
}

/// An administrative level (cấp tỉnh, cấp xã); the list is data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub id: String,
    pub name: Text,
}

/// A field (lĩnh vực) procedures are grouped by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub id: String,
    pub name: Text,
}

/// An agency that implements procedures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub id: String,
    /// The agency's code in the national list (Circular 10/2016/TT-BTTTT), the first part of dossier codes.
    pub code: String,
    pub name: Text,
    pub level: String,
    pub address: String,
    pub phone: String,
    /// Keeps the business register: its officers check the companies that ask to be verified.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub registers_businesses: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub name: Text,
    pub amount_vnd: u64,
    pub note: Option<Text>,
}

/// One item of the dossier's required documents (thành phần hồ sơ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredDocument {
    pub name: Text,
    pub copies: u32,
    pub kind: DocumentKind,
    pub mandatory: bool,
    /// File name of a blank template form, downloadable from `/api/v1/templates/{file}`.
    pub template: Option<String>,
}

/// An administrative procedure (thủ tục hành chính), as the data files describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    /// The code in the national database, such as `1.001193`.
    pub code: String,
    pub name: Text,
    pub field: String,
    pub agency: String,
    pub level: String,
    pub online: OnlineType,
    /// Processing time in working days; 0 means within the day.
    pub processing_days: u32,
    pub processing_note: Option<Text>,
    pub applicants: Text,
    pub conditions: Option<Text>,
    pub fees: Vec<Fee>,
    pub documents: Vec<RequiredDocument>,
    pub steps: Vec<Text>,
    pub channels: Vec<Channel>,
    pub result: Text,
    pub home_delivery: bool,
    pub legal_basis: Vec<String>,
}

/// `GET /api/v1/procedures/{code}`: the procedure with the names of what it refers to, so one request
/// draws the whole page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcedureDetail {
    pub procedure: Procedure,
    pub field: Field,
    pub agency: Agency,
    pub level: Level,
    /// Whether it can be applied for here, online (it has a form).
    #[serde(default)]
    pub has_form: bool,
}

/// A procedure in a result list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcedureSummary {
    pub code: String,
    pub name: Text,
    pub field: String,
    pub field_name: Text,
    pub agency: String,
    pub agency_name: Text,
    pub level: String,
    pub online: OnlineType,
    pub processing_days: u32,
}

/// A field with how many procedures it holds, for `GET /api/v1/fields`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldCount {
    pub id: String,
    pub name: Text,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldList {
    pub items: Vec<FieldCount>,
}

/// An agency with how many procedures it implements, for `GET /api/v1/agencies`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyCount {
    #[serde(flatten)]
    pub agency: Agency,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyList {
    pub items: Vec<AgencyCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
    pub procedures: u32,
}
