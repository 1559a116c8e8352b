//! Form definitions: what a procedure's online application asks, as the data files describe it
//! (`catalogue/forms/<procedure code>.json`). The app renders any definition; app and server check
//! answers against the same rules.

use serde::{Deserialize, Serialize};

use crate::Text;

/// A procedure's online form: sections, each shown as one question page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormDefinition {
    /// The procedure's code, such as `1.001193`.
    pub procedure: String,
    pub sections: Vec<FormSection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormSection {
    /// Unique within the form; ASCII, lower case, hyphens.
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub description: Option<Text>,
    pub fields: Vec<FormField>,
}

/// What kind of answer a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    LongText,
    Number,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    Select,
    Radio,
    /// One box (yes/no) without options, or several boxes with options.
    Checkbox,
    /// Province and commune from the address list, plus the street address.
    Address,
    /// The 12-digit citizen identity card number (CCCD).
    CitizenId,
    /// A 10- or 13-digit tax code.
    TaxCode,
    Phone,
    Email,
    /// An amount in đồng.
    Money,
    /// A repeating group of `fields`, such as family members.
    Group,
}

/// Something from the applicant's account that fills a field in advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefill {
    FullName,
    CitizenId,
    DateOfBirth,
    Phone,
    Email,
    Address,
    TaxCode,
    CompanyName,
    LegalRepresentative,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// The stored value; ASCII.
    pub value: String,
    pub label: Text,
}

/// Limits on an answer. Lengths count characters; `min`/`max` bound numbers and money; `min_date` and
/// `max_date` bound dates (`YYYY-MM-DD`, or `today`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_date: Option<String>,
    /// A pattern the whole answer must match, with the message to show when it does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<Pattern>,
}

/// A simple pattern: each character class applies to one position (`9` a digit, `A` a letter, `X` a
/// letter or digit, anything else itself), so it needs no regular-expression engine in the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pattern {
    pub mask: String,
    pub message: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormField {
    /// Unique within its section (or group); ASCII, lower case, underscores.
    pub id: String,
    pub kind: FieldKind,
    pub label: Text,
    #[serde(default)]
    pub help: Option<Text>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub rules: Rules,
    /// For select, radio and checkbox.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<Prefill>,
    /// For groups: the fields of one item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FormField>,
    /// For groups: how many items, at least and at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
}
