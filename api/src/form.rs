//! Form definitions: what a procedure's online application asks, as the data files describe it
//! (`catalogue/forms/<procedure code>.json`). The app renders any definition; app and server check
//! answers against the same rules.

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::problem::{Ask, Code, Field, Problem, Problems};
use crate::Text;

/// A procedure's online form: sections, each shown as one question page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDefinition {
    /// The procedure's code, such as `1.001193`.
    pub procedure: String,
    pub sections: Vec<FormSection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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

impl Prefill {
    /// The answer the account gives this field before the person types, when it has one. The
    /// account's contact address is free text, not an address answer, so it fills nothing.
    pub fn value(self, me: &crate::account::Me) -> Option<Answer> {
        use crate::account::AccountKind;
        let text = match self {
            Prefill::FullName => Some(me.full_name.clone()),
            Prefill::CitizenId => {
                Some(me.identifier.clone()).filter(|_| me.kind == AccountKind::Citizen)
            }
            Prefill::DateOfBirth => me.date_of_birth.clone(),
            Prefill::Phone => Some(me.phone.clone()),
            Prefill::Email => Some(me.email.clone()),
            Prefill::Address => None,
            Prefill::TaxCode => {
                Some(me.identifier.clone()).filter(|_| me.kind == AccountKind::Business)
            }
            Prefill::CompanyName => me.company_name.clone(),
            Prefill::LegalRepresentative => me.legal_representative.clone(),
        };
        text.filter(|v| !v.is_empty()).map(Answer::Text)
    }
}

impl FormDefinition {
    /// A new application's answers: every field the account can fill, filled.
    pub fn prefilled(&self, me: &crate::account::Me) -> Answers {
        self.sections
            .iter()
            .map(|s| {
                let answers = s
                    .fields
                    .iter()
                    .filter_map(|f| Some((f.id.clone(), f.prefill?.value(me)?)))
                    .collect();
                (s.id.clone(), answers)
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The stored value; ASCII.
    pub value: String,
    pub label: Text,
}

/// Limits on an answer. Lengths count characters; `min`/`max` bound numbers and money; `min_date` and
/// `max_date` bound dates (`YYYY-MM-DD`, or `today`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct Pattern {
    pub mask: String,
    pub message: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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

/// The administrative units an address field chooses from (two tiers since 2025).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Places {
    pub provinces: Vec<Province>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Province {
    pub code: String,
    pub name: String,
    pub communes: Vec<Commune>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commune {
    pub code: String,
    pub name: String,
}

impl Places {
    pub fn has(&self, province: &str, commune: &str) -> bool {
        self.provinces
            .iter()
            .find(|p| p.code == province)
            .is_some_and(|p| p.communes.iter().any(|c| c.code == commune))
    }
}

/// An address answer: codes from [`Places`] and the street address typed in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressAnswer {
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub street: String,
}

/// One answer, shaped by its field's kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// A single checkbox.
    Flag(bool),
    /// Every kind typed or chosen as one value.
    Text(String),
    /// A checkbox list.
    Choices(Vec<String>),
    Address(AddressAnswer),
    /// A repeating group: one map of answers per item.
    Items(Vec<std::collections::BTreeMap<String, Answer>>),
}

/// Answers by section id, then field id.
pub type Answers = std::collections::BTreeMap<String, std::collections::BTreeMap<String, Answer>>;

/// Today's date, for rules such as "not after today"; the caller knows the time zone (UTC+7).
pub type Today = Date;

fn parse_bound(bound: &str, today: Today) -> Option<Date> {
    if bound == "today" {
        Some(today)
    } else {
        Date::parse(bound)
    }
}

fn matches_mask(value: &str, mask: &str) -> bool {
    value.chars().count() == mask.chars().count()
        && value.chars().zip(mask.chars()).all(|(v, m)| match m {
            '9' => v.is_ascii_digit(),
            'A' => v.is_alphabetic(),
            'X' => v.is_alphanumeric(),
            other => v == other,
        })
}

fn is_empty(answer: Option<&Answer>) -> bool {
    match answer {
        None => true,
        Some(Answer::Text(s)) => s.trim().is_empty(),
        Some(Answer::Flag(b)) => !b,
        Some(Answer::Choices(c)) => c.is_empty(),
        Some(Answer::Address(a)) => {
            a.province.is_empty() && a.commune.is_empty() && a.street.trim().is_empty()
        }
        Some(Answer::Items(items)) => items.is_empty(),
    }
}

/// A number as Vietnamese write it, in parts: the sign, the whole digits (no separators, no
/// leading zeros) and the decimal digits (no trailing zeros).
///
/// A comma is the decimal point; dots (or spaces) group thousands: `1.234.567,89`. Plain `12000`
/// and `12000.5` are read too, so a dot is ambiguous, and decided thus: dots group thousands when
/// every one is followed by exactly three digits and the first group is one to three digits not
/// starting with 0 (`12.000` = 12000, `1.500.000` = 1500000); otherwise a single dot, with no
/// comma, is a decimal point (`12.5` = 12.5, `0.500` = 0.5); anything else is not a number
/// (`1.2.3`, `12,5,1`, `1.50,5`).
fn vietnamese_number_parts(s: &str) -> Option<(bool, String, String)> {
    let s = s.trim();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let is_sep = |c: char| matches!(c, '.' | ' ' | '\u{a0}' | '\u{202f}');
    let (int, frac) = match s.split_once(',') {
        Some((int, frac)) => (int, Some(frac)),
        None => (s, None),
    };
    if frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    let groups: Vec<&str> = int.split(is_sep).collect();
    let grouped = groups.len() > 1
        && digits(groups[0])
        && groups[0].len() <= 3
        && !groups[0].starts_with('0')
        && groups[1..].iter().all(|g| g.len() == 3 && digits(g));
    let (whole, frac) = if groups.len() == 1 && digits(int) {
        (int.to_string(), frac.unwrap_or(""))
    } else if grouped {
        (groups.concat(), frac.unwrap_or(""))
    } else {
        // Not thousands: only `whole.decimals`, with neither a comma nor a space.
        let (whole, decimals) = int.split_once('.')?;
        if frac.is_some() || !digits(whole) || !digits(decimals) {
            return None;
        }
        (whole.to_string(), decimals)
    };
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let frac = frac.trim_end_matches('0');
    let negative = negative && (whole != "0" || !frac.is_empty());
    Some((negative, whole.to_string(), frac.to_string()))
}

/// A number as Vietnamese write it (`12.000` = 12000, `12,5` = 12.5, `1.234.567,89`; plain
/// `12000` and `12000.5` too); see [`vietnamese_number_parts`] for how a dot is read.
pub fn parse_vietnamese_number(s: &str) -> Option<f64> {
    let (negative, whole, frac) = vietnamese_number_parts(s)?;
    let sign = if negative { "-" } else { "" };
    format!("{sign}{whole}.{frac}0")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

/// The stored form of a number answer: digits without grouping, a comma before any decimals
/// (`12.000` → `12000`, `1.234,50` → `1234,5`, `12.5` → `12,5`). Reading it again gives the same
/// number, so normalizing twice changes nothing; [`crate::answers::number_text`] groups it for
/// display.
pub fn canonical_number(s: &str) -> Option<String> {
    let (negative, whole, frac) = vietnamese_number_parts(s)?;
    let sign = if negative { "-" } else { "" };
    Some(if frac.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole},{frac}")
    })
}

/// An amount in đồng: a number as Vietnamese write it, in whole đồng.
fn parse_money(s: &str) -> Option<f64> {
    parse_vietnamese_number(s).filter(|n| n.fract() == 0.0)
}

fn parse_number(s: &str) -> Option<f64> {
    parse_vietnamese_number(s)
}

/// The answers to `fields` with each number and amount in its stored form.
fn normalize_fields(
    fields: &[FormField],
    answers: &mut std::collections::BTreeMap<String, Answer>,
) {
    for field in fields {
        match (field.kind, answers.get_mut(&field.id)) {
            (FieldKind::Number | FieldKind::Money, Some(Answer::Text(value))) => {
                if let Some(canonical) = canonical_number(value) {
                    *value = canonical;
                }
            }
            (FieldKind::Group, Some(Answer::Items(items))) => {
                for item in items {
                    normalize_fields(&field.fields, item);
                }
            }
            _ => {}
        }
    }
}

impl FormDefinition {
    /// `answers` as stored: each number and amount in one form ([`canonical_number`]), so
    /// `50.000.000.000` and `50000000000` are the same answer. Anything else is left as given.
    pub fn normalized(&self, answers: &Answers) -> Answers {
        let mut answers = answers.clone();
        for section in &self.sections {
            if let Some(section_answers) = answers.get_mut(&section.id) {
                normalize_fields(&section.fields, section_answers);
            }
        }
        answers
    }
}

struct Checker<'a> {
    today: Today,
    places: Option<&'a Places>,
    problems: Problems,
}

impl Checker<'_> {
    fn error(&mut self, path: &str, code: Code) {
        self.problems.add(Field::Answer(path.to_string()), code);
    }

    fn wrong_shape(&mut self, path: &str, field: &FormField) {
        self.error(
            path,
            Code::WrongShape {
                label: field.label.clone(),
            },
        );
    }

    fn fields(
        &mut self,
        prefix: &str,
        fields: &[FormField],
        answers: Option<&std::collections::BTreeMap<String, Answer>>,
    ) {
        for field in fields {
            let path = format!("{prefix}.{}", field.id);
            self.field(&path, field, answers.and_then(|a| a.get(&field.id)));
        }
        if let Some(answers) = answers {
            for key in answers.keys() {
                if !fields.iter().any(|f| &f.id == key) {
                    self.error(&format!("{prefix}.{key}"), Code::UnknownQuestion);
                }
            }
        }
    }

    fn field(&mut self, path: &str, field: &FormField, answer: Option<&Answer>) {
        let label = || field.label.clone();
        if is_empty(answer) {
            if field.required {
                let ask = match field.kind {
                    FieldKind::Select | FieldKind::Radio => Ask::Choose,
                    FieldKind::Checkbox if field.options.is_empty() => Ask::Tick,
                    FieldKind::Checkbox => Ask::ChooseSome,
                    FieldKind::Group => Ask::AddSome,
                    _ => Ask::Enter,
                };
                self.error(
                    path,
                    Code::AnswerRequired {
                        label: label(),
                        ask,
                    },
                );
            } else if field.kind == FieldKind::Group {
                self.items(path, field, &[]);
            }
            return;
        }
        let Some(answer) = answer else { return };
        match (field.kind, answer) {
            (FieldKind::Checkbox, Answer::Flag(_)) if field.options.is_empty() => {}
            (FieldKind::Checkbox, Answer::Choices(values)) if !field.options.is_empty() => {
                if values
                    .iter()
                    .any(|v| !field.options.iter().any(|o| &o.value == v))
                {
                    self.wrong_shape(path, field);
                }
            }
            (FieldKind::Select | FieldKind::Radio, Answer::Text(v)) => {
                if !field.options.iter().any(|o| &o.value == v) {
                    self.error(path, Code::NotAnOption { label: label() });
                }
            }
            (FieldKind::Address, Answer::Address(a)) => {
                if let Some(code) = address_problem(a, self.places, label()) {
                    self.error(path, code);
                }
            }
            (FieldKind::Group, Answer::Items(items)) => self.items(path, field, items),
            (kind, Answer::Text(value))
                if !matches!(
                    kind,
                    FieldKind::Checkbox | FieldKind::Address | FieldKind::Group
                ) =>
            {
                self.text(path, field, value.trim())
            }
            _ => self.wrong_shape(path, field),
        }
    }

    fn text(&mut self, path: &str, field: &FormField, value: &str) {
        let label = || field.label.clone();
        let rules = &field.rules;
        let chars = value.chars().count() as u32;
        if let Some(min) = rules.min_length.filter(|m| chars < *m) {
            self.error(
                path,
                Code::AnswerTooShort {
                    label: label(),
                    min,
                },
            );
        }
        if let Some(max) = rules.max_length.filter(|m| chars > *m) {
            self.error(
                path,
                Code::AnswerTooLong {
                    label: label(),
                    max,
                },
            );
        }
        if let Some(p) = rules
            .pattern
            .as_ref()
            .filter(|p| !matches_mask(value, &p.mask))
        {
            self.error(
                path,
                Code::Pattern {
                    message: p.message.clone(),
                },
            );
        }
        let number = match field.kind {
            FieldKind::Number => Some(parse_number(value)),
            FieldKind::Money => Some(parse_money(value)),
            _ => None,
        };
        match number {
            Some(None) => self.error(path, Code::NotANumber { label: label() }),
            Some(Some(n))
                if rules.min.is_some_and(|m| n < m) || rules.max.is_some_and(|m| n > m) =>
            {
                self.error(
                    path,
                    Code::OutOfRange {
                        label: label(),
                        min: rules.min,
                        max: rules.max,
                    },
                )
            }
            _ => {}
        }
        let code = match field.kind {
            FieldKind::Date => match Date::parse(value) {
                None => Some(Code::NotADate { label: label() }),
                Some(date) => {
                    let bound =
                        |b: &Option<String>| b.as_deref().and_then(|b| parse_bound(b, self.today));
                    if bound(&rules.min_date).is_some_and(|m| date < m) {
                        Some(Code::DateTooEarly { label: label() })
                    } else if bound(&rules.max_date).is_some_and(|m| date > m) {
                        Some(Code::DateTooLate { label: label() })
                    } else {
                        None
                    }
                }
            },
            FieldKind::CitizenId => crate::account::CitizenId::parse(value)
                .err()
                .map(|_| Code::CitizenIdAnswer { label: label() }),
            FieldKind::TaxCode => crate::account::TaxCode::parse(value)
                .err()
                .map(|_| Code::TaxCodeAnswer { label: label() }),
            FieldKind::Phone => {
                (!crate::account::valid_phone(value)).then(|| Code::PhoneAnswer { label: label() })
            }
            FieldKind::Email => {
                (!crate::account::valid_email(value)).then(|| Code::EmailAnswer { label: label() })
            }
            _ => None,
        };
        if let Some(code) = code {
            self.error(path, code);
        }
    }

    fn items(
        &mut self,
        path: &str,
        field: &FormField,
        items: &[std::collections::BTreeMap<String, Answer>],
    ) {
        let n = items.len() as u32;
        let label = || field.label.clone();
        if let Some(min) = field.min_items.filter(|m| n < *m) {
            self.error(
                path,
                Code::TooFewEntries {
                    label: label(),
                    min,
                },
            );
        }
        if let Some(max) = field.max_items.filter(|m| n > *m) {
            self.error(
                path,
                Code::TooManyEntries {
                    label: label(),
                    max,
                },
            );
        }
        for (i, item) in items.iter().enumerate() {
            self.fields(&format!("{path}.{i}"), &field.fields, Some(item));
        }
    }
}

/// What is wrong with an address, if anything: a place `places` does not know (or, without
/// `places`, none chosen), or no street.
pub fn address_problem(a: &AddressAnswer, places: Option<&Places>, label: Text) -> Option<Code> {
    let known = places.map_or(!a.province.is_empty() && !a.commune.is_empty(), |p| {
        p.has(&a.province, &a.commune)
    });
    if !known {
        Some(Code::AddressPlace { label })
    } else if a.street.trim().is_empty() {
        Some(Code::AddressStreet { label })
    } else {
        None
    }
}

impl FormDefinition {
    /// Problems with one section's answers, as the app finds them before leaving its page.
    pub fn section_problems(
        &self,
        section_id: &str,
        answers: &Answers,
        today: Today,
        places: Option<&Places>,
    ) -> Vec<Problem> {
        let mut checker = Checker {
            today,
            places,
            problems: Problems::new(),
        };
        if let Some(section) = self.sections.iter().find(|s| s.id == section_id) {
            checker.fields(&section.id, &section.fields, answers.get(&section.id));
        }
        checker.problems.into_vec()
    }

    /// Problems with every answer, as the server finds them before accepting a dossier; every
    /// problem at once.
    pub fn answer_problems(
        &self,
        answers: &Answers,
        today: Today,
        places: Option<&Places>,
    ) -> Vec<Problem> {
        let mut checker = Checker {
            today,
            places,
            problems: Problems::new(),
        };
        for section in &self.sections {
            checker.fields(&section.id, &section.fields, answers.get(&section.id));
        }
        for key in answers.keys() {
            if !self.sections.iter().any(|s| &s.id == key) {
                checker.error(key, Code::UnknownSection);
            }
        }
        checker.problems.into_vec()
    }

    /// Whether the definition itself is sound: ids unique, options where a choice is asked, fields
    /// where a group is. The server refuses to start on a broken one.
    pub fn problems(&self) -> Vec<String> {
        fn walk(prefix: &str, fields: &[FormField], out: &mut Vec<String>) {
            let mut seen = std::collections::BTreeSet::new();
            for f in fields {
                let path = format!("{prefix}.{}", f.id);
                if !seen.insert(&f.id) {
                    out.push(format!("{path}: duplicate id"));
                }
                let needs_options = matches!(f.kind, FieldKind::Select | FieldKind::Radio);
                if needs_options && f.options.is_empty() {
                    out.push(format!("{path}: a choice without options"));
                }
                if !needs_options && f.kind != FieldKind::Checkbox && !f.options.is_empty() {
                    out.push(format!("{path}: options on a field that takes none"));
                }
                if (f.kind == FieldKind::Group) == f.fields.is_empty() {
                    out.push(format!(
                        "{path}: fields belong to groups, and groups need fields"
                    ));
                }
                walk(&path, &f.fields, out);
            }
        }
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for s in &self.sections {
            if !seen.insert(&s.id) {
                out.push(format!("{}: duplicate section", s.id));
            }
            walk(&s.id, &s.fields, &mut out);
        }
        if self.sections.is_empty() {
            out.push("a form without sections".into());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn field(id: &str, kind: FieldKind, required: bool) -> FormField {
        FormField {
            id: id.into(),
            kind,
            label: Text {
                vi: id.into(),
                en: id.into(),
            },
            help: None,
            required,
            rules: Rules::default(),
            options: Vec::new(),
            prefill: None,
            fields: Vec::new(),
            min_items: None,
            max_items: None,
        }
    }

    fn choices() -> Vec<Choice> {
        ["nam", "nu"]
            .map(|v| Choice {
                value: v.into(),
                label: Text {
                    vi: v.into(),
                    en: v.into(),
                },
            })
            .to_vec()
    }

    fn definition() -> FormDefinition {
        let mut name = field("name", FieldKind::Text, true);
        name.rules.max_length = Some(10);
        let mut birth = field("birth", FieldKind::Date, true);
        birth.rules.max_date = Some("today".into());
        let mut sex = field("sex", FieldKind::Radio, true);
        sex.options = choices();
        let mut count = field("count", FieldKind::Number, false);
        count.rules.min = Some(1.0);
        count.rules.max = Some(9.0);
        let mut plate = field("plate", FieldKind::Text, false);
        plate.rules.pattern = Some(Pattern {
            mask: "99A-999.99".into(),
            message: Text {
                vi: "Biển số có dạng 20A-123.45.".into(),
                en: "A plate looks like 20A-123.45.".into(),
            },
        });
        let mut members = field("members", FieldKind::Group, false);
        members.fields = vec![field("member_name", FieldKind::Text, true)];
        members.max_items = Some(2);
        FormDefinition {
            procedure: "1.001193".into(),
            sections: vec![FormSection {
                id: "applicant".into(),
                title: Text::default(),
                description: None,
                fields: vec![
                    name,
                    birth,
                    sex,
                    count,
                    plate,
                    field("id", FieldKind::CitizenId, true),
                    field("phone", FieldKind::Phone, false),
                    field("fee", FieldKind::Money, false),
                    field("home", FieldKind::Address, true),
                    field("agree", FieldKind::Checkbox, true),
                    members,
                ],
            }],
        }
    }

    fn places() -> Places {
        Places {
            provinces: vec![Province {
                code: "19".into(),
                name: "Tỉnh Thái Nguyên".into(),
                communes: vec![Commune {
                    code: "05443".into(),
                    name: "Phường Phan Đình Phùng".into(),
                }],
            }],
        }
    }

    fn good() -> Answers {
        let section: BTreeMap<String, Answer> = serde_json::from_value(serde_json::json!({
            "name": "Lan",
            "birth": "2024-02-29",
            "sex": "nu",
            "count": "3",
            "plate": "20A-123.45",
            "id": "019190001234",
            "phone": "0912345678",
            "fee": "1.500.000",
            "home": {"province": "19", "commune": "05443", "street": "12 Hoàng Văn Thụ"},
            "agree": true,
            "members": [{"member_name": "Minh"}],
        }))
        .unwrap();
        BTreeMap::from([("applicant".to_string(), section)])
    }

    fn today() -> Today {
        Date::new(2026, 11, 27).unwrap()
    }

    fn paths(errors: Vec<Problem>) -> Vec<String> {
        errors.into_iter().map(|e| e.field.to_string()).collect()
    }

    #[test]
    fn numbers_are_read_the_vietnamese_way() {
        let n = parse_vietnamese_number;
        assert_eq!(n("12.000"), Some(12000.0));
        assert_eq!(n("1.500.000"), Some(1500000.0));
        assert_eq!(n("12,5"), Some(12.5));
        assert_eq!(n("1.234.567,89"), Some(1234567.89));
        assert_eq!(n("12000"), Some(12000.0));
        assert_eq!(n("12000.5"), Some(12000.5));
        assert_eq!(n("12.5"), Some(12.5));
        assert_eq!(n("0.500"), Some(0.5));
        assert_eq!(n(" 1 500 000 "), Some(1500000.0));
        assert_eq!(n("-3,25"), Some(-3.25));
        for bad in [
            "abc",
            "1.2.3",
            "",
            ",",
            "12,",
            ".5",
            "12,5,1",
            "1.50,5",
            "12.5,1",
            "1,500,000",
            "12 5",
            "1e3",
            "1,5 triệu",
            "--1",
        ] {
            assert_eq!(n(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_are_stored_in_one_form() {
        assert_eq!(canonical_number("50.000.000.000").unwrap(), "50000000000");
        assert_eq!(canonical_number("50000000000").unwrap(), "50000000000");
        assert_eq!(canonical_number("012.000").unwrap(), "12");
        assert_eq!(canonical_number("1.234,50").unwrap(), "1234,5");
        assert_eq!(canonical_number("12.5").unwrap(), "12,5");
        assert_eq!(canonical_number("-0,0").unwrap(), "0");
        for s in ["12.345", "12,345", "1.234.567,89", "0.5", "7"] {
            let once = canonical_number(s).unwrap();
            assert_eq!(canonical_number(&once).unwrap(), once, "{s}");
            assert_eq!(parse_vietnamese_number(&once), parse_vietnamese_number(s));
        }

        let def = definition();
        let mut answers = good();
        let section = answers.get_mut("applicant").unwrap();
        section.insert("count".into(), Answer::Text("3,0".into()));
        section.insert("fee".into(), Answer::Text("50.000.000.000".into()));
        section.insert("name".into(), Answer::Text("1.000".into()));
        let stored = def.normalized(&answers);
        let stored = &stored["applicant"];
        assert_eq!(stored["count"], Answer::Text("3".into()));
        assert_eq!(stored["fee"], Answer::Text("50000000000".into()));
        assert_eq!(
            stored["name"],
            Answer::Text("1.000".into()),
            "text is not a number"
        );
    }

    #[test]
    fn thousands_count_against_the_limits() {
        let mut def = definition();
        def.sections[0].fields[3].rules = Rules {
            min: Some(1000.0),
            ..Rules::default()
        };
        let with = |key: &str, value: &str| {
            let mut answers = good();
            let section = answers.get_mut("applicant").unwrap();
            section.insert("count".into(), Answer::Text("1.000".into()));
            section.insert(key.into(), Answer::Text(value.into()));
            paths(def.answer_problems(&answers, today(), Some(&places())))
        };
        assert!(with("count", "12.000").is_empty());
        assert!(with("count", "1.000,5").is_empty());
        assert_eq!(with("count", "12,000"), ["applicant.count"]);
        assert_eq!(with("count", "999"), ["applicant.count"]);
        assert!(with("fee", "1500000").is_empty());
        assert_eq!(with("fee", "1.500,5"), ["applicant.fee"], "whole đồng");
    }

    #[test]
    fn good_answers_pass() {
        let def = definition();
        assert!(def.problems().is_empty());
        assert_eq!(
            paths(def.answer_problems(&good(), today(), Some(&places()))),
            Vec::<String>::new()
        );
    }

    #[test]
    fn missing_required_answers_are_all_reported() {
        let def = definition();
        let errors = def.answer_problems(&Answers::new(), today(), Some(&places()));
        assert_eq!(
            paths(errors),
            [
                "applicant.name",
                "applicant.birth",
                "applicant.sex",
                "applicant.id",
                "applicant.home",
                "applicant.agree"
            ]
        );
    }

    #[test]
    fn each_rule_is_enforced() {
        let def = definition();
        let cases: &[(&str, serde_json::Value)] = &[
            ("name", serde_json::json!("Nguyễn Thị Lan Anh")),
            ("birth", serde_json::json!("2030-01-01")),
            ("birth", serde_json::json!("2023-02-29")),
            ("sex", serde_json::json!("khac")),
            ("count", serde_json::json!("12")),
            ("count", serde_json::json!("ba")),
            ("plate", serde_json::json!("20-A123.45")),
            ("id", serde_json::json!("12345")),
            ("phone", serde_json::json!("12345")),
            ("fee", serde_json::json!("1,5 triệu")),
            (
                "home",
                serde_json::json!({"province": "19", "commune": "99999", "street": "x"}),
            ),
            (
                "home",
                serde_json::json!({"province": "19", "commune": "05443", "street": " "}),
            ),
            ("agree", serde_json::json!("yes")),
            (
                "members",
                serde_json::json!([{"member_name": "A"}, {"member_name": "B"}, {"member_name": "C"}]),
            ),
        ];
        for (key, value) in cases {
            let mut answers = good();
            let section = answers.get_mut("applicant").unwrap();
            section.insert(
                key.to_string(),
                serde_json::from_value(value.clone()).unwrap(),
            );
            let errors = paths(def.answer_problems(&answers, today(), Some(&places())));
            assert_eq!(errors, [format!("applicant.{key}")], "{key} = {value}");
        }
        let mut answers = good();
        answers.get_mut("applicant").unwrap().insert(
            "members".into(),
            serde_json::from_value(serde_json::json!([{"member_name": ""}])).unwrap(),
        );
        assert_eq!(
            paths(def.answer_problems(&answers, today(), Some(&places()))),
            ["applicant.members.0.member_name"]
        );
    }

    #[test]
    fn unknown_questions_are_refused() {
        let def = definition();
        let mut answers = good();
        answers
            .get_mut("applicant")
            .unwrap()
            .insert("extra".into(), Answer::Text("x".into()));
        answers.insert("other".into(), BTreeMap::new());
        assert_eq!(
            paths(def.answer_problems(&answers, today(), Some(&places()))),
            ["applicant.extra", "other"]
        );
    }

    #[test]
    fn a_broken_definition_is_named() {
        let mut def = definition();
        def.sections[0].fields[2].options.clear();
        def.sections[0]
            .fields
            .push(field("name", FieldKind::Text, false));
        assert_eq!(
            def.problems(),
            [
                "applicant.sex: a choice without options",
                "applicant.name: duplicate id"
            ]
        );
    }
}
