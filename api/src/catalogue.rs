//! The procedure catalogue: what the data files hold and what `/api/v1` returns.

use serde::{Deserialize, Serialize};

use crate::fees::{Charge, Exemption, FeeDue};

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
    /// Keeps the province's list of procedures: its officers see what citizens searched for and did
    /// not find, and teach the search the words people use.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keeps_catalogue: bool,
    /// The one-stop desk where this agency's dossiers are handed in and results collected, when it
    /// is not the agency itself (a commune's People's Committee receives at its service centre).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desk: Option<Text>,
    /// Stands for one office in each commune of a province rather than being one itself: a dossier
    /// names its commune, and goes to that commune's office, made by [`Agency::for_commune`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_commune: Option<PerCommune>,
}

/// How a commune's own office is made from the agency that stands for all of them. In each pattern
/// `{name}` is the commune's name as written after a noun ("phường Đức Xuân"), `{Name}` as it starts
/// a sentence ("Phường Đức Xuân"), `{commune}` its code and `{n}` its position in the province's list
/// (three digits, for the national agency code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerCommune {
    /// The province whose communes each have one, by its code in the places list.
    pub province: String,
    pub id: String,
    pub code: String,
    pub name: Text,
    #[serde(default)]
    pub desk: Option<Text>,
    pub address: String,
}

/// Where something is handed in or collected: shown on the application, the receipt and the slips.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub name: Text,
    pub address: String,
}

impl Agency {
    /// The commune's own office, if this agency stands for one per commune and the commune is in
    /// its province.
    pub fn for_commune(&self, places: &crate::form::Places, commune: &str) -> Option<Agency> {
        let per = self.per_commune.as_ref()?;
        let province = places.provinces.iter().find(|p| p.code == per.province)?;
        let (i, c) = province
            .communes
            .iter()
            .enumerate()
            .find(|(_, c)| c.code == commune)?;
        let fill = |pattern: &str| {
            let mut lower = c.name.chars();
            let name: String = lower
                .next()
                .map(|f| f.to_lowercase().chain(lower).collect())
                .unwrap_or_default();
            pattern
                .replace("{name}", &name)
                .replace("{Name}", &c.name)
                .replace("{commune}", &c.code)
                .replace("{n}", &format!("{:03}", i + 1))
        };
        let text = |t: &Text| Text {
            vi: fill(&t.vi),
            en: fill(&t.en),
        };
        Some(Agency {
            id: fill(&per.id),
            code: fill(&per.code),
            name: text(&per.name),
            level: self.level.clone(),
            address: fill(&per.address),
            phone: self.phone.clone(),
            registers_businesses: false,
            keeps_catalogue: false,
            desk: per.desk.as_ref().map(text),
            per_commune: None,
        })
    }

    /// Every commune's own office, in the places list's order; none for an ordinary agency.
    pub fn commune_offices(&self, places: &crate::form::Places) -> Vec<Agency> {
        let Some(per) = &self.per_commune else {
            return Vec::new();
        };
        places
            .provinces
            .iter()
            .filter(|p| p.code == per.province)
            .flat_map(|p| &p.communes)
            .filter_map(|c| self.for_commune(places, &c.code))
            .collect()
    }

    /// Where people hand in and collect at this agency: its desk if it has one, else itself.
    pub fn place(&self) -> Place {
        Place {
            name: self.desk.clone().unwrap_or_else(|| self.name.clone()),
            address: self.address.clone(),
        }
    }
}

/// A fee or charge (phí, lệ phí). `note` says in words how it works; `charge`, `online_vnd` and
/// `exemptions` are the same said as rules ([`crate::fees::bill`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub name: Text,
    pub amount_vnd: u64,
    pub note: Option<Text>,
    /// What the amount goes by: once per dossier, per unit, per page or by a declared value.
    #[serde(default)]
    pub charge: Charge,
    /// The rate when filed online, as every dossier here is, in place of `amount_vnd`; `Some(0)`
    /// where filing online is free.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_vnd: Option<u64>,
    /// Who is let off this fee, on declaring it and showing the proof.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<Exemption>,
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
    /// Whether the applicant uploads it, as most are, or provides it another way.
    #[serde(default)]
    pub provided: Provided,
}

/// How a required document reaches the agency, as its own text in the catalogue says: an online
/// application asks for an upload only of those that are uploaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provided {
    #[default]
    Upload,
    /// Handed in or shown when the result is collected ("nộp khi nhận kết quả").
    AtCollection,
    /// Read from the applicant's electronic identity account (VNeID) instead.
    FromEid,
}

impl Provided {
    /// How it is provided, for a document that is not uploaded.
    pub fn instead(self) -> Option<Text> {
        match self {
            Provided::Upload => None,
            Provided::AtCollection => Some(Text::new(
                "Mang bản chính khi nhận kết quả",
                "Shown when you collect the result",
            )),
            Provided::FromEid => Some(Text::new(
                "Lấy từ tài khoản định danh điện tử",
                "Taken from your e-ID account",
            )),
        }
    }
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
    /// When the fees are paid: with the dossier, or when the result is ready.
    #[serde(default)]
    pub fee_due: FeeDue,
    pub documents: Vec<RequiredDocument>,
    pub steps: Vec<Text>,
    pub channels: Vec<Channel>,
    pub result: Text,
    pub home_delivery: bool,
    /// The result can be had as an electronic copy in the applicant's account, instead of on paper.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub electronic_result: bool,
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
    /// Which form it is applied for with: its own, or the general application.
    #[serde(default)]
    pub form: crate::general::FormKind,
    /// For a procedure done only partly online, what is still done in person and when
    /// ([`crate::general::in_person`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_person: Vec<Text>,
    /// Where the result is collected in person; none when that is the desk of the commune the
    /// applicant chooses (see [`ProcedureDetail::collect_at`]).
    #[serde(default)]
    pub collect_at: Option<Place>,
}

impl ProcedureDetail {
    /// Where the result is collected in person, once the commune is known when it matters.
    pub fn collect_at(&self, places: &crate::form::Places, commune: Option<&str>) -> Option<Place> {
        self.collect_at
            .clone()
            .or_else(|| self.agency.for_commune(places, commune?).map(|a| a.place()))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_uploaded_unless_marked_and_its_text_agrees_with_the_mark() {
        let doc: RequiredDocument = serde_json::from_value(serde_json::json!({
            "name": {"vi": "Tờ khai", "en": "Declaration"},
            "copies": 1, "kind": "original", "mandatory": true, "template": null
        }))
        .unwrap();
        assert_eq!(doc.provided, Provided::Upload);
        assert_eq!(Provided::Upload.instead(), None);

        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../catalogue/procedures");
        let mut marked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let procedures: Vec<Procedure> = serde_json::from_str(&text).unwrap();
            for d in procedures.iter().flat_map(|p| &p.documents) {
                let says = if d.name.vi.contains("khi nhận kết quả") {
                    Provided::AtCollection
                } else if d
                    .name
                    .vi
                    .contains("thông tin từ tài khoản định danh điện tử")
                {
                    Provided::FromEid
                } else {
                    Provided::Upload
                };
                assert_eq!(d.provided, says, "{}", d.name.vi);
                marked += usize::from(says != Provided::Upload);
            }
        }
        assert!(marked > 10, "{marked}");
    }
}
