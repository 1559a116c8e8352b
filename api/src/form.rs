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
    /// Fields given by other answers, as when the applicant is the person this section is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as_applicant: Option<SameAsApplicant>,
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
    /// Who the person is, as the national e-ID vouches for it: locked on a verified account.
    pub fn is_identity(self) -> bool {
        matches!(
            self,
            Prefill::FullName | Prefill::CitizenId | Prefill::DateOfBirth
        )
    }

    /// The answer the account gives a field of `kind` before the person types, when it has one. The
    /// account's contact address is free text: an address field gets the province and commune it
    /// names, when `places` knows them, and the rest as the street.
    pub fn value(
        self,
        me: &crate::account::Me,
        kind: FieldKind,
        places: Option<&Places>,
    ) -> Option<Answer> {
        use crate::account::AccountKind;
        let text = match self {
            Prefill::FullName => Some(me.full_name.clone()),
            Prefill::CitizenId => {
                Some(me.identifier.clone()).filter(|_| me.kind == AccountKind::Citizen)
            }
            Prefill::DateOfBirth => me.date_of_birth.clone(),
            Prefill::Phone => Some(me.phone.clone()),
            Prefill::Email => Some(me.email.clone()),
            Prefill::Address if kind == FieldKind::Address => {
                return address_from_text(&me.address, places).map(Answer::Address);
            }
            Prefill::Address => Some(me.address.clone()),
            Prefill::TaxCode => {
                Some(me.identifier.clone()).filter(|_| me.kind == AccountKind::Business)
            }
            Prefill::CompanyName => me.company_name.clone(),
            Prefill::LegalRepresentative => me.legal_representative.clone(),
        };
        text.filter(|v| !v.trim().is_empty()).map(Answer::Text)
    }
}

/// A place's name without the word for its kind, folded: "Tỉnh Thái Nguyên" and "thai nguyen" alike.
fn place_name(name: &str) -> String {
    let folded = crate::text::fold(name.trim());
    const KINDS: [&str; 7] = [
        "thanh pho ",
        "tinh ",
        "tp. ",
        "tp ",
        "phuong ",
        "xa ",
        "dac khu ",
    ];
    KINDS
        .iter()
        .find_map(|k| folded.strip_prefix(k))
        .unwrap_or(&folded)
        .trim()
        .to_string()
}

/// An address answer from an address written as text, `street, commune, province`: the province
/// and commune as codes when `places` knows them (the commune only within its province), and
/// whatever is left as the street.
pub fn address_from_text(text: &str, places: Option<&Places>) -> Option<AddressAnswer> {
    let mut parts: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    let mut answer = AddressAnswer::default();
    let province = places.and_then(|places| {
        let last = place_name(parts.last()?);
        places
            .provinces
            .iter()
            .find(|p| place_name(&p.name) == last)
    });
    if let Some(province) = province {
        parts.pop();
        answer.province = province.code.clone();
        let next = parts.last().map(|p| place_name(p)).unwrap_or_default();
        if let Some(commune) = province
            .communes
            .iter()
            .find(|c| place_name(&c.name) == next)
        {
            parts.pop();
            answer.commune = commune.code.clone();
        }
    }
    answer.street = parts.join(", ");
    Some(answer)
}

/// Where a section's fields come from instead of being asked: when `field` (`section.field`) is
/// answered `value`, as when the applicant is the person the section is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SameAsApplicant {
    pub field: String,
    pub value: String,
    /// This section's field ids, each with where its answer comes from.
    pub fields: std::collections::BTreeMap<String, Source>,
}

/// Where an answer given elsewhere comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Source {
    /// Another answer, `section.field`.
    Answer(String),
    /// The applicant's account.
    Account(Prefill),
}

impl FormDefinition {
    /// A new application's answers: every field the account can fill, filled, and every field
    /// with a default given it.
    pub fn prefilled(&self, me: &crate::account::Me, places: Option<&Places>) -> Answers {
        self.sections
            .iter()
            .map(|s| {
                let answers = s
                    .fields
                    .iter()
                    .filter_map(|f| {
                        let filled = f.prefill.and_then(|p| p.value(me, f.kind, places));
                        let default = || f.default.clone().map(Answer::Text);
                        Some((f.id.clone(), filled.or_else(default)?))
                    })
                    .collect();
                (s.id.clone(), answers)
            })
            .collect()
    }

    /// The fields of `section_id` that are not asked because another answer or the account gives
    /// them ([`SameAsApplicant`]), each with its answer.
    pub fn given(
        &self,
        section_id: &str,
        answers: &Answers,
        me: &crate::account::Me,
        places: Option<&Places>,
    ) -> std::collections::BTreeMap<String, Answer> {
        let mut given = std::collections::BTreeMap::new();
        let Some(section) = self.sections.iter().find(|s| s.id == section_id) else {
            return given;
        };
        let Some(same) = &section.same_as_applicant else {
            return given;
        };
        let answer_at = |path: &str| {
            let (s, f) = path.split_once('.')?;
            answers.get(s)?.get(f)
        };
        if answer_at(&same.field) != Some(&Answer::Text(same.value.clone())) {
            return given;
        }
        for field in &section.fields {
            let answer = match same.fields.get(&field.id) {
                Some(Source::Answer(path)) => answer_at(path).cloned(),
                Some(Source::Account(p)) => p.value(me, field.kind, places),
                None => None,
            };
            if let Some(answer) = answer.filter(|a| !is_empty(Some(a))) {
                given.insert(field.id.clone(), answer);
            }
        }
        given
    }

    /// Why a section's fields are given: the section holding the choice that gives them, and
    /// that choice's label.
    pub fn given_because(&self, section_id: &str) -> Option<(&str, Text)> {
        let same = self
            .sections
            .iter()
            .find(|s| s.id == section_id)?
            .same_as_applicant
            .as_ref()?;
        let (section, field) = same.field.split_once('.')?;
        let section = self.sections.iter().find(|s| s.id == section)?;
        let choice = section
            .fields
            .iter()
            .find(|f| f.id == field)?
            .options
            .iter()
            .find(|o| o.value == same.value)?;
        Some((&section.id, choice.label.clone()))
    }

    /// `answers` with every answer given elsewhere ([`Self::given`]) in place of what was sent:
    /// the server trusts no copy the app made.
    pub fn derived(
        &self,
        answers: &Answers,
        me: &crate::account::Me,
        places: Option<&Places>,
    ) -> Answers {
        let mut out = answers.clone();
        for section in &self.sections {
            let given = self.given(&section.id, &out, me, places);
            if !given.is_empty() {
                out.entry(section.id.clone()).or_default().extend(given);
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The stored value; ASCII.
    pub value: String,
    pub label: Text,
    /// Set when choosing this option means the procedure is the wrong one for the applicant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<Refusal>,
}

/// Why an option rules the applicant out of the procedure, and the procedure to use instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refusal {
    pub message: Text,
    /// The other procedure's code.
    pub instead: String,
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
    /// The answer a new application starts with when the account fills nothing, such as
    /// `Việt Nam` for a nationality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// What to tell the person when the answer breaks a rule, in place of the general message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Text>,
    /// For a citizen ID: the date field of the same section that is the same person's date of
    /// birth, whose year the number encodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// For groups: the fields of one item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FormField>,
    /// For groups: how many items, at least and at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
}

impl FormField {
    /// A field of `kind` with no help, rules, options or prefill: what code that builds a form
    /// starts from.
    pub fn new(id: &str, kind: FieldKind, label: Text, required: bool) -> FormField {
        FormField {
            id: id.into(),
            kind,
            label,
            help: None,
            required,
            rules: Rules::default(),
            options: Vec::new(),
            prefill: None,
            default: None,
            message: None,
            birth_date: None,
            fields: Vec::new(),
            min_items: None,
            max_items: None,
        }
    }
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

/// Keeps only the answers to `fields`, in groups' items too.
fn retain_known(fields: &[FormField], answers: &mut std::collections::BTreeMap<String, Answer>) {
    answers.retain(|id, answer| {
        let Some(field) = fields.iter().find(|f| &f.id == id) else {
            return false;
        };
        if let Answer::Items(items) = answer {
            for item in items {
                retain_known(&field.fields, item);
            }
        }
        true
    });
}

impl FormDefinition {
    /// A draft's answers to the form as it is now: a question the catalogue has since removed (or
    /// moved to another page, like how the result is received) is dropped, so a draft saved before
    /// never stops at a problem no page can show.
    pub fn current(&self, answers: &Answers) -> Answers {
        let mut answers = answers.clone();
        answers.retain(
            |id, section| match self.sections.iter().find(|s| &s.id == id) {
                Some(s) => {
                    retain_known(&s.fields, section);
                    true
                }
                None => false,
            },
        );
        answers
    }

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

    /// A broken rule of `field`: said in the field's own message when the form gives one.
    fn broken(&mut self, path: &str, field: &FormField, code: Code) {
        let code = match &field.message {
            Some(message) => Code::FieldMessage {
                message: message.clone(),
            },
            None => code,
        };
        self.error(path, code);
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
        for field in fields {
            if let Some(birth) = &field.birth_date {
                self.birth_year(prefix, field, birth, answers);
            }
        }
        if let Some(answers) = answers {
            for key in answers.keys() {
                if !fields.iter().any(|f| &f.id == key) {
                    self.error(&format!("{prefix}.{key}"), Code::UnknownQuestion);
                }
            }
        }
    }

    /// A citizen ID and its holder's date of birth (`birth`, a field beside it) that disagree on
    /// the year, said on the date, with the year the number gives; each answer alone is sound.
    fn birth_year(
        &mut self,
        prefix: &str,
        field: &FormField,
        birth: &str,
        answers: Option<&std::collections::BTreeMap<String, Answer>>,
    ) {
        let text = |id: &str| match answers.and_then(|a| a.get(id)) {
            Some(Answer::Text(s)) => Some(s.trim()),
            _ => None,
        };
        let path = format!("{prefix}.{birth}");
        let id = text(&field.id).and_then(|s| crate::account::CitizenId::parse(s).ok());
        let date = text(birth).and_then(Date::parse);
        if let (Some(id), Some(date)) = (id, date) {
            let field_path = Field::Answer(format!("{prefix}.{}", field.id));
            let unchecked =
                !self.problems.has(&Field::Answer(path.clone())) && !self.problems.has(&field_path);
            if unchecked && !id.matches_birth_year(date.year() as u32) {
                self.error(
                    &path,
                    Code::CitizenIdBirthYear {
                        year: id.birth_year(),
                    },
                );
            }
        }
    }

    fn field(&mut self, path: &str, field: &FormField, answer: Option<&Answer>) {
        let label = || field.label.clone();
        if is_empty(answer) {
            if field.required && field.kind == FieldKind::Address {
                // An address starts with two lists to choose from, not a box to type in.
                self.error(path, Code::AddressPlace { label: label() });
            } else if field.required {
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
                match field.options.iter().find(|o| &o.value == v) {
                    None => self.broken(path, field, Code::NotAnOption { label: label() }),
                    Some(Choice {
                        refused: Some(r), ..
                    }) => self.error(
                        path,
                        Code::ChoiceRefused {
                            message: r.message.clone(),
                            instead: r.instead.clone(),
                        },
                    ),
                    Some(_) => {}
                }
            }
            (FieldKind::Address, Answer::Address(a)) => {
                if let Some(code) = address_problem(a, self.places, label()) {
                    self.broken(path, field, code);
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
            self.broken(
                path,
                field,
                Code::AnswerTooShort {
                    label: label(),
                    min,
                },
            );
        }
        if let Some(max) = rules.max_length.filter(|m| chars > *m) {
            self.broken(
                path,
                field,
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
            self.broken(
                path,
                field,
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
            Some(None) => self.broken(path, field, Code::NotANumber { label: label() }),
            Some(Some(n))
                if rules.min.is_some_and(|m| n < m) || rules.max.is_some_and(|m| n > m) =>
            {
                self.broken(
                    path,
                    field,
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
                    // "today" is a rule about time, and said as one.
                    let today = |b: &Option<String>| b.as_deref() == Some("today");
                    if bound(&rules.min_date).is_some_and(|m| date < m) {
                        Some(if today(&rules.min_date) {
                            Code::DateInPast { label: label() }
                        } else {
                            Code::DateTooEarly { label: label() }
                        })
                    } else if bound(&rules.max_date).is_some_and(|m| date > m) {
                        Some(if today(&rules.max_date) {
                            Code::DateInFuture { label: label() }
                        } else {
                            Code::DateTooLate { label: label() }
                        })
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
            self.broken(path, field, code);
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
            self.broken(
                path,
                field,
                Code::TooFewEntries {
                    label: label(),
                    min,
                },
            );
        }
        if let Some(max) = field.max_items.filter(|m| n > *m) {
            self.broken(
                path,
                field,
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

    /// The national e-ID vouched for a verified account's name, ID number and date of birth: every
    /// answer the form fills from them is the applicant's own identity, and must be the account's,
    /// as the app shows it, unchangeable. Other accounts may type what they like there.
    pub fn identity_problems(&self, answers: &Answers, me: &crate::account::Me) -> Vec<Problem> {
        let mut problems = Problems::new();
        if !me.verified {
            return problems.into_vec();
        }
        for section in &self.sections {
            for field in &section.fields {
                let Some(prefill) = field.prefill.filter(|p| p.is_identity()) else {
                    continue;
                };
                let given = answers.get(&section.id).and_then(|a| a.get(&field.id));
                let trimmed = match given {
                    Some(Answer::Text(t)) => Some(Answer::Text(crate::text::nfc(t.trim()))),
                    other => other.cloned(),
                };
                if trimmed != prefill.value(me, field.kind, None) {
                    problems.add(
                        Field::answer([&section.id, &field.id]),
                        Code::IdentityLocked {
                            label: field.label.clone(),
                        },
                    );
                }
            }
        }
        problems.into_vec()
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
                if let Some(birth) = &f.birth_date {
                    let is_date = fields
                        .iter()
                        .any(|d| &d.id == birth && d.kind == FieldKind::Date);
                    if f.kind != FieldKind::CitizenId || !is_date {
                        out.push(format!(
                            "{path}: birth_date belongs on a citizen ID and names a date beside it"
                        ));
                    }
                }
                walk(&path, &f.fields, out);
            }
        }
        let field_at = |path: &str| {
            let (section, field) = path.split_once('.')?;
            self.sections
                .iter()
                .find(|s| s.id == section)?
                .fields
                .iter()
                .find(|f| f.id == field)
        };
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for s in &self.sections {
            if !seen.insert(&s.id) {
                out.push(format!("{}: duplicate section", s.id));
            }
            walk(&s.id, &s.fields, &mut out);
            if let Some(same) = &s.same_as_applicant {
                let chosen = field_at(&same.field)
                    .is_some_and(|f| f.options.iter().any(|o| o.value == same.value));
                if !chosen {
                    out.push(format!(
                        "{}: same_as_applicant needs an option of a question",
                        s.id
                    ));
                }
                for (id, source) in &same.fields {
                    let known = s.fields.iter().any(|f| &f.id == id)
                        && match source {
                            Source::Answer(path) => field_at(path).is_some(),
                            Source::Account(_) => true,
                        };
                    if !known {
                        out.push(format!("{}.{id}: given from nothing the form has", s.id));
                    }
                }
            }
        }
        if self.sections.is_empty() {
            out.push("a form without sections".into());
        }
        out
    }

    /// The procedures its refused options send applicants to, so a catalogue can check they exist.
    pub fn sends_to(&self) -> Vec<&str> {
        fn walk<'a>(fields: &'a [FormField], out: &mut Vec<&'a str>) {
            for f in fields {
                out.extend(
                    f.options
                        .iter()
                        .filter_map(|o| Some(o.refused.as_ref()?.instead.as_str())),
                );
                walk(&f.fields, out);
            }
        }
        let mut out = Vec::new();
        for s in &self.sections {
            walk(&s.fields, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn field(id: &str, kind: FieldKind, required: bool) -> FormField {
        FormField::new(id, kind, Text::new(id, id), required)
    }

    fn choices() -> Vec<Choice> {
        ["nam", "nu"]
            .map(|v| Choice {
                value: v.into(),
                label: Text {
                    vi: v.into(),
                    en: v.into(),
                },
                refused: None,
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
                same_as_applicant: None,
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

    fn me() -> crate::account::Me {
        crate::account::Me {
            id: 1,
            kind: crate::account::AccountKind::Citizen,
            identifier: "019190001234".into(),
            full_name: "Nguyễn Thị Lan".into(),
            date_of_birth: Some("1990-05-27".into()),
            company_name: None,
            legal_representative: None,
            phone: "0912345678".into(),
            email: "lan@example.vn".into(),
            address: "12 Hoàng Văn Thụ, Phường Phan Đình Phùng, Thái Nguyên".into(),
            agency: None,
            verified: false,
        }
    }

    fn message_of(def: &FormDefinition, key: &str, value: serde_json::Value) -> Problem {
        let mut answers = good();
        answers
            .get_mut("applicant")
            .unwrap()
            .insert(key.into(), serde_json::from_value(value).unwrap());
        let mut problems = def.answer_problems(&answers, today(), Some(&places()));
        assert_eq!(problems.len(), 1, "{problems:?}");
        problems.remove(0)
    }

    #[test]
    fn a_refused_option_says_why_and_which_procedure_to_use() {
        let mut def = definition();
        let why = Text::new("Chỉ cho nữ.", "For women only.");
        def.sections[0].fields[2].options[0].refused = Some(Refusal {
            message: why.clone(),
            instead: "1.000001".into(),
        });
        let p = message_of(&def, "sex", serde_json::json!("nam"));
        assert_eq!(p.field.to_string(), "applicant.sex");
        assert_eq!(
            p.code,
            Code::ChoiceRefused {
                message: why,
                instead: "1.000001".into()
            }
        );
        assert_eq!(
            p.message().en,
            "For women only. Use procedure 1.000001 instead."
        );
        assert_eq!(def.sends_to(), vec!["1.000001"]);
        // The other option is not refused.
        assert!(def
            .answer_problems(&good(), today(), Some(&places()))
            .is_empty());
    }

    #[test]
    fn a_domestic_investor_is_sent_from_the_foreign_investors_procedure() {
        let def: FormDefinition =
            serde_json::from_str(include_str!("../../catalogue/forms/1.009646.json")).unwrap();
        let answers: Answers = serde_json::from_value(serde_json::json!({
            "nha-dau-tu": {"loai_nha_dau_tu": "trong-nuoc"}
        }))
        .unwrap();
        let refused: Vec<Problem> = def
            .answer_problems(&answers, today(), None)
            .into_iter()
            .filter(|p| p.field.to_string() == "nha-dau-tu.loai_nha_dau_tu")
            .collect();
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert!(matches!(
            &refused[0].code,
            Code::ChoiceRefused { instead, .. } if instead == "1.009645"
        ));
        assert!(refused[0]
            .message()
            .en
            .contains("only for foreign investors"));
        assert!(refused[0].message().vi.contains("1.009645"));
    }

    #[test]
    fn a_field_says_its_own_message_when_it_has_one() {
        let mut def = definition();
        let own = Text::new(
            "Biển số xe như in trên đăng ký.",
            "The plate as on the registration.",
        );
        def.sections[0].fields[4].message = Some(own.clone());
        def.sections[0].fields[3].message = Some(own.clone());
        let p = message_of(&def, "plate", serde_json::json!("20-A123.45"));
        assert_eq!(
            p.code,
            Code::FieldMessage {
                message: own.clone()
            }
        );
        assert_eq!(p.message().en, "The plate as on the registration.");
        let p = message_of(&def, "count", serde_json::json!("12"));
        assert_eq!(p.message(), own);
        // A missing answer is still asked for by name.
        def.sections[0].fields[0].message = Some(own.clone());
        let problems = def.answer_problems(&Answers::new(), today(), Some(&places()));
        assert_eq!(problems[0].message().vi, "Nhập “name”.");
    }

    #[test]
    fn a_date_after_today_is_said_to_be_in_the_future() {
        let mut def = definition();
        let p = message_of(&def, "birth", serde_json::json!("2030-01-01"));
        assert_eq!(p.message().vi, "“birth” không được sau ngày hôm nay.");
        assert_eq!(p.message().en, "“birth” cannot be in the future.");
        def.sections[0].fields[1].rules = Rules {
            min_date: Some("today".into()),
            ..Rules::default()
        };
        let p = message_of(&def, "birth", serde_json::json!("2024-02-29"));
        assert_eq!(p.message().en, "“birth” cannot be in the past.");
        def.sections[0].fields[1].rules = Rules {
            max_date: Some("2020-01-01".into()),
            ..Rules::default()
        };
        let p = message_of(&def, "birth", serde_json::json!("2024-02-29"));
        assert_eq!(
            p.code,
            Code::DateTooLate {
                label: Text::new("birth", "birth")
            }
        );
    }

    #[test]
    fn a_choice_or_a_place_is_asked_to_be_chosen() {
        let errors = definition().answer_problems(&Answers::new(), today(), Some(&places()));
        let said = |key: &str| {
            errors
                .iter()
                .find(|p| p.field.to_string() == format!("applicant.{key}"))
                .unwrap()
                .message()
        };
        assert_eq!(said("sex").vi, "Chọn “sex”.");
        assert_eq!(said("sex").en, "Choose “sex”.");
        assert_eq!(
            said("home").vi,
            "Chọn tỉnh, thành phố và xã, phường cho “home”."
        );
    }

    #[test]
    fn a_birth_date_the_citizen_id_disagrees_with_is_said_on_the_date() {
        let mut def = definition();
        def.sections[0].fields[5].birth_date = Some("birth".into());
        assert_eq!(
            paths(def.answer_problems(&good(), today(), Some(&places()))),
            ["applicant.birth"],
            "good() is born in 2024 with a number from 1990"
        );
        let mut answers = good();
        let section = answers.get_mut("applicant").unwrap();
        section.insert("birth".into(), Answer::Text("1990-05-27".into()));
        assert!(def
            .answer_problems(&answers, today(), Some(&places()))
            .is_empty());
        answers
            .get_mut("applicant")
            .unwrap()
            .insert("birth".into(), Answer::Text("1991-05-27".into()));
        let problems = def.answer_problems(&answers, today(), Some(&places()));
        assert_eq!(paths(problems.clone()), ["applicant.birth"]);
        assert_eq!(
            problems[0].message().vi,
            "Năm sinh không khớp với số định danh (số định danh cho thấy sinh năm 1990)."
        );
        assert_eq!(
            problems[0].message().en,
            "The year of birth does not match the ID number (the ID number says born in 1990)."
        );
        // A date already wrong is said as such, not compared.
        answers
            .get_mut("applicant")
            .unwrap()
            .insert("birth".into(), Answer::Text("2030-01-01".into()));
        let problems = def.answer_problems(&answers, today(), Some(&places()));
        assert_eq!(
            problems[0].code,
            Code::DateInFuture {
                label: Text::new("birth", "birth")
            }
        );
    }

    #[test]
    fn an_address_written_as_text_is_read_into_places() {
        let read = |t: &str| address_from_text(t, Some(&places())).unwrap();
        let a = read("12 Hoàng Văn Thụ, Phường Phan Đình Phùng, Thái Nguyên");
        assert_eq!((a.province.as_str(), a.commune.as_str()), ("19", "05443"));
        assert_eq!(a.street, "12 Hoàng Văn Thụ");
        let a = read("Tổ 3, phan dinh phung, Tỉnh Thái Nguyên");
        assert_eq!((a.province.as_str(), a.commune.as_str()), ("19", "05443"));
        let a = read("Tổ 3, Xã Khác, Thái Nguyên");
        assert_eq!((a.province.as_str(), a.commune.as_str()), ("19", ""));
        assert_eq!(a.street, "Tổ 3, Xã Khác");
        let a = read("Số 5 ngõ 2, Hà Nội");
        assert_eq!(a.province, "");
        assert_eq!(a.street, "Số 5 ngõ 2, Hà Nội");
        let a = read("Phường Phan Đình Phùng, tỉnh Thái Nguyên");
        assert_eq!((a.province.as_str(), a.commune.as_str()), ("19", "05443"));
        assert_eq!(a.street, "", "left for the person to write");
        assert_eq!(address_from_text(" , ", Some(&places())), None);
    }

    #[test]
    fn a_verified_account_cannot_answer_another_identity() {
        let mut def = definition();
        let fields = &mut def.sections[0].fields;
        fields[0].prefill = Some(Prefill::FullName);
        fields[5].prefill = Some(Prefill::CitizenId);
        fields[6].prefill = Some(Prefill::Phone);
        let mut verified = me();
        verified.verified = true;
        let mut answers = def.prefilled(&verified, None);
        answers
            .get_mut("applicant")
            .unwrap()
            .insert("phone".into(), Answer::Text("0987654321".into()));
        assert_eq!(def.identity_problems(&answers, &verified), vec![]);
        let applicant = answers.get_mut("applicant").unwrap();
        applicant.insert("name".into(), Answer::Text("Trần Văn Khác".into()));
        applicant.remove("id");
        let keys: Vec<String> = def
            .identity_problems(&answers, &verified)
            .iter()
            .map(|p| p.field.to_string())
            .collect();
        assert_eq!(keys, ["applicant.name", "applicant.id"]);
        assert_eq!(
            def.identity_problems(&answers, &me()),
            vec![],
            "an account the e-ID did not vouch for types what it likes"
        );
    }

    #[test]
    fn prefill_covers_what_the_account_knows_and_defaults() {
        let mut def = definition();
        let fields = &mut def.sections[0].fields;
        fields[0].prefill = Some(Prefill::FullName);
        fields[1].prefill = Some(Prefill::DateOfBirth);
        fields[5].prefill = Some(Prefill::CitizenId);
        fields[6].prefill = Some(Prefill::Phone);
        fields[8].prefill = Some(Prefill::Address);
        let mut nationality = field("nationality", FieldKind::Text, true);
        nationality.default = Some("Việt Nam".into());
        fields.push(nationality);
        let filled = def.prefilled(&me(), Some(&places()));
        let a = &filled["applicant"];
        assert_eq!(a["name"], Answer::Text("Nguyễn Thị Lan".into()));
        assert_eq!(a["birth"], Answer::Text("1990-05-27".into()));
        assert_eq!(a["id"], Answer::Text("019190001234".into()));
        assert_eq!(a["phone"], Answer::Text("0912345678".into()));
        assert_eq!(a["nationality"], Answer::Text("Việt Nam".into()));
        assert_eq!(
            a["home"],
            Answer::Address(AddressAnswer {
                province: "19".into(),
                commune: "05443".into(),
                street: "12 Hoàng Văn Thụ".into(),
            })
        );
        let mut business = me();
        business.kind = crate::account::AccountKind::Business;
        business.identifier = "0101234567".into();
        business.date_of_birth = None;
        let a = &def.prefilled(&business, Some(&places()))["applicant"];
        assert_eq!(a["phone"], Answer::Text("0912345678".into()));
        assert!(!a.contains_key("id") && !a.contains_key("birth"));
    }

    /// The applicant's section and a section about the person concerned, which copies the
    /// applicant's answers when they are that person.
    fn same_as_form() -> FormDefinition {
        serde_json::from_value(serde_json::json!({
            "procedure": "1.004873",
            "sections": [
                {"id": "applicant", "title": {"vi": "A", "en": "A"}, "fields": [
                    {"id": "name", "kind": "text", "label": {"vi": "Tên", "en": "Name"}, "required": true},
                    {"id": "id", "kind": "citizen_id", "label": {"vi": "Số", "en": "ID"}, "required": true},
                    {"id": "relation", "kind": "radio", "label": {"vi": "Quan hệ", "en": "Relation"},
                     "required": true, "options": [
                        {"value": "self", "label": {"vi": "Chính tôi", "en": "Me"}},
                        {"value": "other", "label": {"vi": "Khác", "en": "Other"}}]}
                ]},
                {"id": "person", "title": {"vi": "P", "en": "P"},
                 "same_as_applicant": {"field": "applicant.relation", "value": "self", "fields": {
                    "name": {"answer": "applicant.name"},
                    "id": {"answer": "applicant.id"},
                    "birth": {"account": "date_of_birth"}}},
                 "fields": [
                    {"id": "name", "kind": "text", "label": {"vi": "Tên", "en": "Name"}, "required": true},
                    {"id": "birth", "kind": "date", "label": {"vi": "Ngày sinh", "en": "Born"},
                     "required": true, "rules": {"max_date": "today"}},
                    {"id": "id", "kind": "citizen_id", "label": {"vi": "Số", "en": "ID"},
                     "required": true, "birth_date": "birth"},
                    {"id": "sex", "kind": "radio", "label": {"vi": "Giới tính", "en": "Sex"},
                     "required": true, "options": [{"value": "f", "label": {"vi": "Nữ", "en": "F"}}]}
                ]}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn the_applicant_who_is_the_person_is_not_asked_again() {
        let def = same_as_form();
        assert!(def.problems().is_empty());
        let mut answers: Answers = serde_json::from_value(serde_json::json!({
            "applicant": {"name": "Nguyễn Thị Lan", "id": "019190001234", "relation": "self"},
            "person": {"name": "Someone else", "id": "001090009999", "sex": "f"},
        }))
        .unwrap();
        let given = def.given("person", &answers, &me(), None);
        assert_eq!(
            given.keys().collect::<Vec<_>>(),
            ["birth", "id", "name"],
            "sex is still asked"
        );
        assert_eq!(
            def.given_because("person"),
            Some(("applicant", Text::new("Chính tôi", "Me")))
        );
        assert_eq!(def.given_because("applicant"), None);
        let mut broken = same_as_form();
        let same = broken.sections[1].same_as_applicant.as_mut().unwrap();
        same.value = "nobody".into();
        same.fields
            .insert("name".into(), Source::Answer("applicant.nothing".into()));
        broken.sections[1].fields[3].birth_date = Some("birth".into());
        assert_eq!(
            broken.problems(),
            [
                "person.sex: birth_date belongs on a citizen ID and names a date beside it",
                "person: same_as_applicant needs an option of a question",
                "person.name: given from nothing the form has"
            ]
        );
        let derived = def.derived(&answers, &me(), None);
        let person = &derived["person"];
        assert_eq!(person["name"], Answer::Text("Nguyễn Thị Lan".into()));
        assert_eq!(person["id"], Answer::Text("019190001234".into()));
        assert_eq!(person["birth"], Answer::Text("1990-05-27".into()));
        assert_eq!(person["sex"], Answer::Text("f".into()));
        assert!(def.answer_problems(&derived, today(), None).is_empty());
        assert_eq!(def.derived(&derived, &me(), None), derived, "derived once");

        answers
            .get_mut("applicant")
            .unwrap()
            .insert("relation".into(), Answer::Text("other".into()));
        assert!(def.given("person", &answers, &me(), None).is_empty());
        assert_eq!(def.derived(&answers, &me(), None), answers);
    }

    fn catalogue_file(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue");
        std::fs::read_to_string(path.join(name)).unwrap()
    }

    #[test]
    fn every_catalogue_form_is_sound() {
        for entry in std::fs::read_dir(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue/forms"),
        )
        .unwrap()
        {
            let path = entry.unwrap().path();
            let form: FormDefinition =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!(form.problems(), Vec::<String>::new(), "{}", path.display());
        }
    }

    #[test]
    fn the_certificate_of_marital_status_asks_the_person_once() {
        let form: FormDefinition =
            serde_json::from_str(&catalogue_file("forms/1.004873.json")).unwrap();
        let places: Places = serde_json::from_str(&catalogue_file("places.json")).unwrap();
        let mut answers = form.prefilled(&me(), Some(&places));
        let applicant = &answers["nguoi-yeu-cau"];
        let Answer::Address(home) = applicant["noi_cu_tru"].clone() else {
            panic!("the residence is an address: {applicant:?}");
        };
        assert_eq!(
            (home.province.as_str(), home.street.as_str()),
            ("19", "12 Hoàng Văn Thụ")
        );
        assert!(places.has(&home.province, &home.commune));
        assert_eq!(
            answers["nguoi-duoc-xac-nhan"]["quoc_tich"],
            Answer::Text("Việt Nam".into())
        );
        answers
            .get_mut("nguoi-yeu-cau")
            .unwrap()
            .insert("quan_he".into(), Answer::Text("self".into()));
        let given = form.given("nguoi-duoc-xac-nhan", &answers, &me(), Some(&places));
        assert_eq!(
            given.keys().collect::<Vec<_>>(),
            ["ho_ten", "ngay_sinh", "noi_cu_tru", "so_dinh_danh"]
        );
        let person = &form.derived(&answers, &me(), Some(&places))["nguoi-duoc-xac-nhan"];
        assert_eq!(person["ho_ten"], Answer::Text("Nguyễn Thị Lan".into()));
        assert_eq!(person["ngay_sinh"], Answer::Text("1990-05-27".into()));
        assert_eq!(person["noi_cu_tru"], Answer::Address(home));
    }

    #[test]
    fn a_drafts_answers_to_removed_questions_are_dropped() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../catalogue/forms/1.004873.json"
        );
        let form: FormDefinition =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let section = &form.sections[0];
        let mut answers = Answers::new();
        let known = BTreeMap::from([
            (section.fields[0].id.clone(), Answer::Text("Lan".into())),
            ("hinh_thuc_nhan".to_string(), Answer::Text("post".into())),
        ]);
        answers.insert(section.id.clone(), known);
        answers.insert("nhan-ket-qua-cu".into(), BTreeMap::new());
        let current = form.current(&answers);
        assert_eq!(current.len(), 1);
        assert_eq!(
            current[&section.id].keys().collect::<Vec<_>>(),
            [&section.fields[0].id]
        );
    }
}
