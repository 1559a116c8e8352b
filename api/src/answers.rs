//! Form answers as people read them: every page that shows what was submitted (checking the answers,
//! the citizen's dossier, the officer's view) renders them here, by the form's own definition, so all
//! of them show the same thing. Sections and questions come in the form's order; a choice shows its
//! label, a date `DD/MM/YYYY`, an amount with dots between thousands, a box Có/Không, an address its
//! place names, and a repeating group each of its items with their questions. Empty answers are left
//! out.

use std::collections::BTreeMap;

use crate::calendar::Date;
use crate::dossier::Delivery;
use crate::form::{Answer, Answers, FieldKind, FormDefinition, FormField, Places};
use crate::{Agency, Place, Text};

/// One section of the form and the answers given in it.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionLines {
    /// The section's id, such as `nguoi-yeu-cau`.
    pub id: String,
    /// Its position among the form's sections (the step where it is answered).
    pub index: usize,
    pub title: Text,
    pub lines: Vec<AnswerLine>,
}

/// One question and its answer.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerLine {
    /// The question's id within its section or group.
    pub id: String,
    pub label: Text,
    pub value: Shown,
}

/// An answer as shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// One value in both languages.
    Value(Text),
    /// A repeating group: each item's questions and answers, in order.
    Items(Vec<Vec<AnswerLine>>),
}

fn same(s: impl Into<String>) -> Text {
    let s = s.into();
    Text {
        vi: s.clone(),
        en: s,
    }
}

/// The answers under the form's sections and questions, in the form's order, each rendered by its
/// question's kind. Sections without an answer are left out. Answers the form no longer asks (a form
/// changed after submission) follow their section's questions under their ids, and unknown sections
/// come last, so nothing submitted is hidden. `places` names the provinces and communes of addresses;
/// without it an address shows its street alone.
pub fn answer_lines(
    form: &FormDefinition,
    answers: &Answers,
    places: Option<&Places>,
) -> Vec<SectionLines> {
    let empty = BTreeMap::new();
    let mut out: Vec<SectionLines> = form
        .sections
        .iter()
        .enumerate()
        .map(|(index, s)| SectionLines {
            id: s.id.clone(),
            index,
            title: s.title.clone(),
            lines: field_lines(&s.fields, answers.get(&s.id).unwrap_or(&empty), places),
        })
        .collect();
    let count = out.len();
    for (id, section) in answers {
        if !form.sections.iter().any(|s| &s.id == id) {
            out.push(SectionLines {
                id: id.clone(),
                index: count,
                title: same(id.clone()),
                lines: field_lines(&[], section, places),
            });
        }
    }
    out.retain(|s| !s.lines.is_empty());
    out
}

/// The lines of one section's or one group item's answers.
pub fn field_lines(
    fields: &[FormField],
    answers: &BTreeMap<String, Answer>,
    places: Option<&Places>,
) -> Vec<AnswerLine> {
    let mut lines: Vec<AnswerLine> = fields
        .iter()
        .filter_map(|f| {
            let value = render(f, answers.get(&f.id)?, places)?;
            Some(AnswerLine {
                id: f.id.clone(),
                label: f.label.clone(),
                value,
            })
        })
        .collect();
    for (id, answer) in answers {
        if fields.iter().any(|f| &f.id == id) {
            continue;
        }
        if let Some(value) = render_unknown(answer, places) {
            lines.push(AnswerLine {
                id: id.clone(),
                label: same(id.clone()),
                value,
            });
        }
    }
    lines
}

/// One answer rendered by its question, or `None` when it is empty.
pub fn render(field: &FormField, answer: &Answer, places: Option<&Places>) -> Option<Shown> {
    let text = match (field.kind, answer) {
        (FieldKind::Group, Answer::Items(items)) => {
            let items: Vec<_> = items
                .iter()
                .map(|item| field_lines(&field.fields, item, places))
                .filter(|lines| !lines.is_empty())
                .collect();
            return (!items.is_empty()).then_some(Shown::Items(items));
        }
        (_, Answer::Text(s)) if s.trim().is_empty() => return None,
        (FieldKind::Select | FieldKind::Radio, Answer::Text(v)) => option_label(field, v),
        (FieldKind::Checkbox, Answer::Choices(values)) => {
            if values.is_empty() {
                return None;
            }
            let labels: Vec<Text> = values.iter().map(|v| option_label(field, v)).collect();
            Text {
                vi: labels
                    .iter()
                    .map(|t| t.vi.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                en: labels
                    .iter()
                    .map(|t| if t.en.is_empty() { &t.vi } else { &t.en }.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        }
        (FieldKind::Date, Answer::Text(s)) => same(date_text(s.trim())),
        (FieldKind::Money, Answer::Text(s)) => money_text(s.trim()),
        (FieldKind::Number, Answer::Text(s)) => number_text(s.trim()),
        _ => return render_unknown(answer, places),
    };
    Some(Shown::Value(text))
}

/// An answer without its question: shown by its shape alone.
fn render_unknown(answer: &Answer, places: Option<&Places>) -> Option<Shown> {
    let text = match answer {
        Answer::Text(s) if s.trim().is_empty() => return None,
        Answer::Text(s) => same(s.trim()),
        Answer::Flag(b) => yes_no(*b),
        Answer::Choices(c) if c.is_empty() => return None,
        Answer::Choices(c) => same(c.join(", ")),
        Answer::Address(a) => {
            let s = address_text(a, places);
            if s.is_empty() {
                return None;
            }
            same(s)
        }
        Answer::Items(items) => {
            let items: Vec<_> = items
                .iter()
                .map(|item| field_lines(&[], item, places))
                .filter(|lines| !lines.is_empty())
                .collect();
            return (!items.is_empty()).then_some(Shown::Items(items));
        }
    };
    Some(Shown::Value(text))
}

/// Có / Không (Yes / No).
pub fn yes_no(b: bool) -> Text {
    if b {
        Text::new("Có", "Yes")
    } else {
        Text::new("Không", "No")
    }
}

fn option_label(field: &FormField, value: &str) -> Text {
    field
        .options
        .iter()
        .find(|o| o.value == value)
        .map(|o| o.label.clone())
        .unwrap_or_else(|| same(value))
}

/// `YYYY-MM-DD` as `DD/MM/YYYY`; anything else as it is.
pub fn date_text(s: &str) -> String {
    match Date::parse(s) {
        Some(d) => format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
        None => s.to_string(),
    }
}

/// Digits grouped by three with `sep`.
fn group_digits(digits: &str, sep: char) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// An amount in đồng as typed (digits with spaces, dots or commas between thousands) as
/// `1.500.000 đồng` / `1,500,000 VND`; anything else as it is.
pub fn money_text(s: &str) -> Text {
    // A draft's answer is as typed ("12.000"); a submitted one is stored canonical ("12000").
    let canonical = crate::form::canonical_number(s);
    let s = canonical.as_deref().unwrap_or(s);
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | ','))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return same(s);
    }
    let digits = digits.trim_start_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    Text {
        vi: format!("{} đồng", group_digits(digits, '.')),
        en: format!("{} VND", group_digits(digits, ',')),
    }
}

/// A number as typed (`1234567`, `12,5` or `12.5`) as each reader writes it: in Vietnamese a dot
/// between thousands and a comma before decimals (`1.234.567`, `12,5`), in English the other way
/// round (`1,234,567`, `12.5`). Numbers below 10 000 keep their four digits, so a year reads 1990,
/// not 1.990. Anything else as it is.
pub fn number_text(s: &str) -> Text {
    let canonical = crate::form::canonical_number(s);
    let s = canonical.as_deref().unwrap_or(s);
    let normal = s.replace(',', ".");
    if normal.parse::<f64>().map_or(true, |n| !n.is_finite()) {
        return same(s);
    }
    let (sign, rest) = match normal.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", normal.strip_prefix('+').unwrap_or(&normal)),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return same(s);
    }
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    // Each reader's own marks: 12.000,5 in Vietnamese is 12,000.5 in English.
    let written = |thousands: char, decimal: char| {
        let int = if int.len() > 4 {
            group_digits(int, thousands)
        } else {
            int.to_string()
        };
        if frac.is_empty() {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}{decimal}{frac}")
        }
    };
    Text {
        vi: written('.', ','),
        en: written(',', '.'),
    }
}

/// Street, commune and province, named from `places`; the codes are never shown.
pub fn address_text(a: &crate::form::AddressAnswer, places: Option<&Places>) -> String {
    let province = places.and_then(|p| p.provinces.iter().find(|x| x.code == a.province));
    let commune = province
        .and_then(|p| p.communes.iter().find(|c| c.code == a.commune))
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let province = province.map(|p| p.name.clone()).unwrap_or_default();
    [a.street.trim().to_string(), commune, province]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// How the result reaches the applicant, said the same on the check page, the receipt and the
/// dossier pages: the desk where it is collected, by name and address, or where it is posted.
pub fn delivery_text(
    delivery: &Delivery,
    collect_at: Option<&Place>,
    places: Option<&Places>,
) -> Text {
    match delivery {
        Delivery::Centre => match collect_at {
            Some(place) if !place.name.vi.is_empty() => {
                let at = |name: &str| match place.address.as_str() {
                    "" => name.to_string(),
                    address => format!("{name} ({address})"),
                };
                Text {
                    vi: format!("Nhận tại {}", at(&place.name.vi)),
                    en: format!("Collect it at the {}", at(&place.name.en)),
                }
            }
            _ => Text::new("Nhận trực tiếp", "Collect it in person"),
        },
        // Without the place names only part of the address could be said: none of it is.
        Delivery::Post { address } => match places {
            Some(_) => {
                let to = address_text(address, places);
                Text {
                    vi: format!("Gửi qua dịch vụ bưu chính công ích đến: {to}"),
                    en: format!("By public post to: {to}"),
                }
            }
            None => Text::new("Gửi qua dịch vụ bưu chính công ích", "By public post"),
        },
        Delivery::Electronic => Text::new(
            "Bản điện tử trong tài khoản của bạn",
            "An electronic copy in your account",
        ),
    }
}

/// The commune an application names for a procedure done at each commune's own office: that of
/// its first address, in the form's order, inside the office's province. The applicant may choose
/// another; this is only where the choice starts.
pub fn commune_hint(agency: &Agency, form: &FormDefinition, answers: &Answers) -> Option<String> {
    let province = &agency.per_commune.as_ref()?.province;
    form.sections.iter().find_map(|s| {
        let given = answers.get(&s.id)?;
        s.fields.iter().find_map(|f| match given.get(&f.id) {
            Some(Answer::Address(a)) if f.kind == FieldKind::Address && &a.province == province => {
                Some(a.commune.clone()).filter(|c| !c.is_empty())
            }
            _ => None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{AddressAnswer, FormSection};

    #[test]
    fn values_read_the_vietnamese_way() {
        assert_eq!(date_text("1990-03-12"), "12/03/1990");
        assert_eq!(date_text("hôm qua"), "hôm qua");
        assert_eq!(money_text("1500000").vi, "1.500.000 đồng");
        assert_eq!(money_text("1.500.000").en, "1,500,000 VND");
        assert_eq!(money_text("500").vi, "500 đồng");
        assert_eq!(number_text("1990").vi, "1990");
        assert_eq!(number_text("100000000").vi, "100.000.000");
        assert_eq!(number_text("100000000").en, "100,000,000");
        assert_eq!(number_text("12.5").vi, "12,5");
        assert_eq!(number_text("12.5").en, "12.5");
        assert_eq!(number_text("12000.25").en, "12,000.25");
        assert_eq!(number_text("0,01").vi, "0,01");
        assert_eq!(number_text("ba"), Text::new("ba", "ba"));
        assert_eq!(yes_no(true).vi, "Có");
        assert_eq!(yes_no(false).en, "No");
    }

    fn catalogue() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue")
    }

    fn places() -> Places {
        serde_json::from_str(&std::fs::read_to_string(catalogue().join("places.json")).unwrap())
            .unwrap()
    }

    /// A full answer for a question: every option, a date with a day above 12, large amounts, two
    /// items in a group.
    fn filled(field: &FormField, places: &Places) -> Answer {
        match field.kind {
            FieldKind::Text
            | FieldKind::LongText
            | FieldKind::CitizenId
            | FieldKind::TaxCode
            | FieldKind::Phone
            | FieldKind::Email => Answer::Text(format!("trả lời {}", field.id)),
            FieldKind::Number => Answer::Text("123456".into()),
            FieldKind::Money => Answer::Text("1500000".into()),
            FieldKind::Date => Answer::Text("1990-03-25".into()),
            FieldKind::Select | FieldKind::Radio => {
                Answer::Text(field.options.last().unwrap().value.clone())
            }
            FieldKind::Checkbox if field.options.is_empty() => Answer::Flag(true),
            FieldKind::Checkbox => {
                Answer::Choices(field.options.iter().map(|o| o.value.clone()).collect())
            }
            FieldKind::Address => {
                let p = &places.provinces[0];
                Answer::Address(AddressAnswer {
                    province: p.code.clone(),
                    commune: p.communes[0].code.clone(),
                    street: "12 Hoàng Văn Thụ".into(),
                })
            }
            FieldKind::Group => Answer::Items(
                (0..2)
                    .map(|_| {
                        field
                            .fields
                            .iter()
                            .map(|f| (f.id.clone(), filled(f, places)))
                            .collect()
                    })
                    .collect(),
            ),
        }
    }

    fn all_text(lines: &[AnswerLine], out: &mut Vec<String>) {
        for l in lines {
            out.push(l.label.vi.clone());
            out.push(l.label.en.clone());
            match &l.value {
                Shown::Value(t) => {
                    out.push(t.vi.clone());
                    out.push(t.en.clone());
                }
                Shown::Items(items) => items.iter().for_each(|i| all_text(i, out)),
            }
        }
    }

    fn is_iso_date(s: &str) -> bool {
        let b = s.as_bytes();
        b.windows(10).any(|w| {
            w.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                _ => c.is_ascii_digit(),
            })
        })
    }

    /// Checks one rendered group of lines against the questions it answers.
    fn check_lines(form: &str, fields: &[FormField], lines: &[AnswerLine], places: &Places) {
        let ids: Vec<&str> = lines.iter().map(|l| l.id.as_str()).collect();
        let expected: Vec<&str> = fields.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, expected, "{form}: every question, in the form's order");
        for (field, line) in fields.iter().zip(lines) {
            assert_eq!(line.label, field.label, "{form}.{}", field.id);
            match (&line.value, field.kind) {
                (Shown::Items(items), FieldKind::Group) => {
                    assert_eq!(items.len(), 2, "{form}.{}: every item", field.id);
                    for item in items {
                        check_lines(form, &field.fields, item, places);
                    }
                }
                (Shown::Value(t), kind) => {
                    assert_ne!(kind, FieldKind::Group, "{form}.{}", field.id);
                    for s in [&t.vi, &t.en] {
                        assert!(!is_iso_date(s), "{form}.{}: ISO date in {s:?}", field.id);
                        let count = s
                            .strip_suffix(" mục")
                            .or(s.strip_suffix(" entries"))
                            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
                        assert!(!count, "{form}.{}: a count for a group {s:?}", field.id);
                        for o in &field.options {
                            if o.value != o.label.vi && o.value != o.label.en {
                                let raw = s.split(", ").any(|part| part == o.value);
                                assert!(!raw, "{form}.{}: raw option {:?}", field.id, o.value);
                            }
                        }
                    }
                    match kind {
                        FieldKind::Date => assert_eq!(t.vi, "25/03/1990"),
                        FieldKind::Money => assert_eq!(t.vi, "1.500.000 đồng"),
                        FieldKind::Number => assert_eq!(t.vi, "123.456"),
                        FieldKind::Checkbox if field.options.is_empty() => {
                            assert_eq!(*t, yes_no(true))
                        }
                        FieldKind::Select | FieldKind::Radio => {
                            assert_eq!(*t, field.options.last().unwrap().label)
                        }
                        FieldKind::Address => {
                            let p = &places.provinces[0];
                            assert!(t.vi.contains(&p.name), "{form}.{}", field.id);
                            assert!(t.vi.contains(&p.communes[0].name), "{form}.{}", field.id);
                            assert!(!t.vi.contains(&p.communes[0].code), "{form}.{}", field.id);
                        }
                        _ => {}
                    }
                }
                (Shown::Items(_), _) => panic!("{form}.{}: items for a single answer", field.id),
            }
        }
    }

    #[test]
    fn every_catalogue_form_reads_as_people_read() {
        let places = places();
        let mut forms = 0;
        let mut groups = 0;
        for entry in std::fs::read_dir(catalogue().join("forms")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let name = path.display().to_string();
            let form: FormDefinition =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let answers: Answers = form
                .sections
                .iter()
                .map(|s| {
                    let section = s
                        .fields
                        .iter()
                        .map(|f| (f.id.clone(), filled(f, &places)))
                        .collect();
                    (s.id.clone(), section)
                })
                .collect();
            let sections = answer_lines(&form, &answers, Some(&places));
            let ids: Vec<&str> = sections.iter().map(|s| s.id.as_str()).collect();
            let expected: Vec<&str> = form.sections.iter().map(|s| s.id.as_str()).collect();
            assert_eq!(ids, expected, "{name}: sections in the form's order");
            for (i, (section, def)) in sections.iter().zip(&form.sections).enumerate() {
                assert_eq!(section.index, i);
                assert_eq!(section.title, def.title);
                check_lines(&name, &def.fields, &section.lines, &places);
                let mut text = Vec::new();
                all_text(&section.lines, &mut text);
                assert!(text.iter().all(|s| !is_iso_date(s)), "{name}");
                groups += def
                    .fields
                    .iter()
                    .filter(|f| f.kind == FieldKind::Group)
                    .count();
            }
            forms += 1;
        }
        assert!(forms > 10, "the catalogue's forms were read");
        assert!(groups > 0, "some form has a repeating group");
    }

    fn text_field(id: &str, kind: FieldKind) -> FormField {
        serde_json::from_value(serde_json::json!({
            "id": id, "kind": kind, "label": {"vi": id, "en": id}
        }))
        .unwrap()
    }

    #[test]
    fn empty_answers_and_sections_are_left_out_and_unknown_ones_kept() {
        let form = FormDefinition {
            procedure: "1.001193".into(),
            sections: vec![
                FormSection {
                    id: "a".into(),
                    title: same("A"),
                    description: None,
                    same_as_applicant: None,
                    fields: vec![
                        text_field("x", FieldKind::Text),
                        text_field("d", FieldKind::Date),
                    ],
                },
                FormSection {
                    id: "b".into(),
                    title: same("B"),
                    description: None,
                    same_as_applicant: None,
                    fields: vec![text_field("y", FieldKind::Text)],
                },
            ],
        };
        let answers: Answers = serde_json::from_value(serde_json::json!({
            "a": {"x": " ", "d": "2001-12-31", "old": "cũ"},
            "b": {"y": ""},
        }))
        .unwrap();
        let sections = answer_lines(&form, &answers, None);
        assert_eq!(sections.len(), 1);
        let ids: Vec<_> = sections[0].lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["d", "old"]);
        assert_eq!(sections[0].lines[0].value, Shown::Value(same("31/12/2001")));
    }
}
