//! The rules of journeys (`catalogue/journeys.json`): which journeys the catalogue may hold, what a
//! step's form starts with from the project and earlier results, and when a step may be filed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::calendar::Date;
use crate::form::{Answer, Answers, FieldKind, FormDefinition, FormField};
use crate::project::{Journey, JourneyStep, Source, StepState};
use crate::{OnlineType, Procedure};

/// Refuses journeys that could not be followed: a step on a procedure not filed online with a form
/// of its own, a step needing one that is not before it (so no cycle can form), or a fill that
/// names an answer the form does not have or a result the step does not wait for.
pub fn check_journeys(
    journeys: &[Journey],
    procedures: &[Procedure],
    forms: &[FormDefinition],
) -> Result<(), String> {
    let procedures: HashMap<&str, &Procedure> =
        procedures.iter().map(|p| (p.code.as_str(), p)).collect();
    let forms: HashMap<&str, &FormDefinition> =
        forms.iter().map(|f| (f.procedure.as_str(), f)).collect();
    let mut ids = HashSet::new();
    for journey in journeys {
        let at = |what: String| format!("journey {}: {what}", journey.id);
        if !is_id(&journey.id) {
            return Err(format!(
                "journey {:?}: an id is lower-case letters, digits and hyphens",
                journey.id
            ));
        }
        if !ids.insert(journey.id.as_str()) {
            return Err(at("appears twice".into()));
        }
        if journey.name.vi.trim().is_empty() || journey.name.en.trim().is_empty() {
            return Err(at("a name in Vietnamese and English".into()));
        }
        if journey.steps.is_empty() {
            return Err(at("no steps".into()));
        }
        // Each step's ancestors through `needs`: the results it is sure to have when filed.
        let mut ancestors: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        for step in &journey.steps {
            let at = |what: String| at(format!("step {}: {what}", step.id));
            if !is_id(&step.id) {
                return Err(at("an id is lower-case letters, digits and hyphens".into()));
            }
            if ancestors.contains_key(step.id.as_str()) {
                return Err(at("appears twice".into()));
            }
            for other in step.needs.iter().chain(&step.filed_with) {
                if !ancestors.contains_key(other.as_str()) {
                    return Err(at(format!("{other} is not a step before it")));
                }
            }
            if let Some(when) = &step.optional {
                if when.vi.trim().is_empty() || when.en.trim().is_empty() {
                    return Err(at(
                        "an optional step says when it applies, in Vietnamese and English".into(),
                    ));
                }
            }
            match procedures.get(step.procedure.as_str()) {
                None => return Err(at(format!("unknown procedure {}", step.procedure))),
                Some(p) if p.online == OnlineType::None => {
                    return Err(at(format!("{} is not offered online", step.procedure)))
                }
                Some(_) => {}
            }
            let Some(form) = forms.get(step.procedure.as_str()) else {
                return Err(at(format!("{} has no form of its own", step.procedure)));
            };
            let mut mine = BTreeSet::new();
            for need in &step.needs {
                mine.insert(need.as_str());
                mine.extend(ancestors[need.as_str()].iter().copied());
            }
            for (path, source) in &step.fill {
                let at = |what: &str| at(format!("fill {path}: {what}"));
                let field = field_at(form, path).ok_or_else(|| at("no such answer in the form"))?;
                let source = Source::parse(source).ok_or_else(|| at("unknown source"))?;
                if !takes(field.kind, &source) {
                    return Err(at("the answer does not take this value"));
                }
                if let Source::ResultNumber(s) | Source::ResultDate(s) = &source {
                    if !mine.contains(s.as_str()) {
                        return Err(at(&format!("{s} is not a step it needs")));
                    }
                }
            }
            ancestors.insert(&step.id, mine);
        }
    }
    Ok(())
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A top-level field at `section.field`.
fn field_at<'a>(form: &'a FormDefinition, path: &str) -> Option<&'a FormField> {
    let (section, field) = path.split_once('.')?;
    form.sections
        .iter()
        .find(|s| s.id == section)?
        .fields
        .iter()
        .find(|f| f.id == field)
}

/// Whether a field of `kind` can take the value of `source` as typed text.
fn takes(kind: FieldKind, source: &Source) -> bool {
    use FieldKind as K;
    match source {
        Source::ProjectCapital | Source::ProjectArea => {
            matches!(kind, K::Number | K::Money | K::Text)
        }
        Source::ResultDate(_) => matches!(kind, K::Date | K::Text),
        Source::CompanyTaxCode => matches!(kind, K::TaxCode | K::Text),
        Source::ProjectName
        | Source::ProjectLocation
        | Source::ProjectDescription
        | Source::CompanyName
        | Source::ResultNumber(_) => matches!(kind, K::Text | K::LongText),
    }
}

/// What a project and its earlier steps say, for the forms of its later steps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FillFacts {
    pub project_name: String,
    /// The commune and province, as written.
    pub location: String,
    /// In đồng.
    pub capital: u64,
    /// In square metres.
    pub area: u64,
    pub description: String,
    pub company_name: String,
    pub company_tax_code: String,
    /// Step id to the result's number and date, for the steps that have a result.
    pub results: BTreeMap<String, (String, Date)>,
}

/// The answers `step`'s `fill` gives `form` from `facts`: only those it has a value for, each as
/// its field takes it (digits for amounts, `YYYY-MM-DD` for a date field, `DD/MM/YYYY` written in
/// a text).
pub fn prefill(step: &JourneyStep, form: &FormDefinition, facts: &FillFacts) -> Answers {
    let mut answers = Answers::new();
    for (path, source) in &step.fill {
        let (Some(field), Some(source)) = (field_at(form, path), Source::parse(source)) else {
            continue;
        };
        if !takes(field.kind, &source) {
            continue;
        }
        let result = |s: &str| facts.results.get(s).filter(|(n, _)| !n.trim().is_empty());
        let amount = |v: u64| (v > 0).then(|| v.to_string());
        let value = match &source {
            Source::ProjectName => Some(facts.project_name.clone()),
            Source::ProjectLocation => Some(facts.location.clone()),
            Source::ProjectCapital => amount(facts.capital),
            Source::ProjectArea => amount(facts.area),
            Source::ProjectDescription => Some(facts.description.clone()),
            Source::CompanyName => Some(facts.company_name.clone()),
            Source::CompanyTaxCode => Some(facts.company_tax_code.clone()),
            Source::ResultNumber(s) => result(s).map(|(n, _)| n.trim().to_string()),
            Source::ResultDate(s) => result(s).map(|(_, d)| match field.kind {
                FieldKind::Date => d.to_string(),
                _ => format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
            }),
        };
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        let (section, id) = path.split_once('.').expect("a field was found at the path");
        answers
            .entry(section.to_string())
            .or_default()
            .insert(id.to_string(), Answer::Text(value));
    }
    answers
}

/// The steps of `journey` that apply to a project: every step that is not optional, and the
/// optional ones named in `optional`.
pub fn included<'a>(
    journey: &'a Journey,
    optional: &[String],
) -> impl Iterator<Item = &'a JourneyStep> {
    // Owned, so that the steps outlive the list they were chosen by.
    let optional = optional.to_vec();
    journey
        .steps
        .iter()
        .filter(move |s| s.optional.is_none() || optional.contains(&s.id))
}

/// Whether `step` may be filed now: every included step it needs is done, and every included step
/// it may be filed alongside is at least filed. `state_of` gives a step's state (`None`: never
/// filed). The error lists the steps still missing, in the journey's order; a step the journey
/// does not have, or one not included, is missing itself.
pub fn ready(
    journey: &Journey,
    included: &[String],
    step: &str,
    state_of: impl Fn(&str) -> Option<StepState>,
) -> Result<(), Vec<String>> {
    let applies: HashSet<&str> = self::included(journey, included)
        .map(|s| s.id.as_str())
        .collect();
    let Some(this) = journey
        .steps
        .iter()
        .find(|s| s.id == step && applies.contains(s.id.as_str()))
    else {
        return Err(vec![step.to_string()]);
    };
    let done = |id: &str| state_of(id) == Some(StepState::Done);
    let filed = |id: &str| {
        matches!(
            state_of(id),
            Some(StepState::InProgress | StepState::SupplementRequested | StepState::Done)
        )
    };
    let missing: Vec<String> = journey
        .steps
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| applies.contains(id))
        .filter(|id| {
            let needed = this.needs.iter().any(|n| n == id) && !done(id);
            let alongside = this.filed_with.iter().any(|n| n == id) && !filed(id);
            needed || alongside
        })
        .map(str::to_string)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Text;
    use serde_json::json;

    fn procedure(code: &str, online: &str) -> Procedure {
        serde_json::from_value(json!({
            "code": code,
            "name": {"vi": "Thủ tục", "en": "Procedure"},
            "field": "dau-tu", "agency": "so-tai-chinh", "level": "tinh",
            "online": online, "processing_days": 10, "processing_note": null,
            "applicants": {"vi": "Nhà đầu tư", "en": "Investors"}, "conditions": null,
            "fees": [], "documents": [], "steps": [], "channels": ["online"],
            "result": {"vi": "Kết quả", "en": "Result"}, "home_delivery": false,
            "legal_basis": []
        }))
        .unwrap()
    }

    fn form(code: &str) -> FormDefinition {
        serde_json::from_value(json!({
            "procedure": code,
            "sections": [{
                "id": "du-an",
                "title": {"vi": "Dự án", "en": "Project"},
                "fields": [
                    {"id": "ten", "kind": "text", "label": {"vi": "Tên", "en": "Name"}},
                    {"id": "dia_diem", "kind": "text", "label": {"vi": "Địa điểm", "en": "Location"}},
                    {"id": "von", "kind": "money", "label": {"vi": "Vốn", "en": "Capital"}},
                    {"id": "dien_tich", "kind": "number", "label": {"vi": "Diện tích", "en": "Area"}},
                    {"id": "so_gcn", "kind": "text", "label": {"vi": "Số", "en": "Number"}},
                    {"id": "ngay_gcn", "kind": "date", "label": {"vi": "Ngày", "en": "Date"}},
                    {"id": "noi", "kind": "address", "label": {"vi": "Nơi", "en": "Where"}},
                    {"id": "loai", "kind": "radio", "label": {"vi": "Loại", "en": "Kind"},
                     "options": [{"value": "a", "label": {"vi": "A", "en": "A"}}]}
                ]
            }]
        }))
        .unwrap()
    }

    fn step(id: &str, needs: &[&str], filed_with: &[&str]) -> JourneyStep {
        JourneyStep {
            id: id.into(),
            procedure: "1.000001".into(),
            needs: needs.iter().map(|s| s.to_string()).collect(),
            filed_with: filed_with.iter().map(|s| s.to_string()).collect(),
            optional: None,
            fill: BTreeMap::new(),
        }
    }

    fn journey(steps: Vec<JourneyStep>) -> Journey {
        Journey {
            id: "thu".into(),
            name: Text::new("Thử", "Test"),
            description: Text::new("Thử", "Test"),
            source: "Luật Đầu tư 61/2020/QH14".into(),
            steps,
        }
    }

    fn check(steps: Vec<JourneyStep>) -> Result<(), String> {
        check_journeys(
            &[journey(steps)],
            &[procedure("1.000001", "toan-trinh")],
            &[form("1.000001")],
        )
    }

    fn with_fill(mut s: JourneyStep, fill: &[(&str, &str)]) -> JourneyStep {
        s.fill = fill
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        s
    }

    #[test]
    fn a_graph_of_earlier_steps_passes() {
        let steps = vec![
            step("a", &[], &[]),
            step("b", &["a"], &[]),
            step("c", &["a"], &[]),
            with_fill(
                step("d", &["b"], &["c"]),
                &[
                    ("du-an.so_gcn", "step.a.number"),
                    ("du-an.ngay_gcn", "step.a.date"),
                    ("du-an.ten", "project.name"),
                    ("du-an.von", "project.capital"),
                ],
            ),
        ];
        assert_eq!(check(steps), Ok(()));
    }

    #[test]
    fn a_cycle_or_a_need_on_a_later_or_unknown_step_is_refused() {
        let cycle = vec![step("a", &["b"], &[]), step("b", &["a"], &[])];
        assert!(check(cycle)
            .unwrap_err()
            .contains("b is not a step before it"));
        let itself = vec![step("a", &["a"], &[])];
        assert!(check(itself).is_err());
        let unknown = vec![step("a", &[], &["z"])];
        assert!(check(unknown)
            .unwrap_err()
            .contains("z is not a step before it"));
        let twice = vec![step("a", &[], &[]), step("a", &[], &[])];
        assert!(check(twice).unwrap_err().contains("appears twice"));
    }

    #[test]
    fn a_step_needs_an_online_procedure_with_its_own_form() {
        let mut s = step("a", &[], &[]);
        s.procedure = "1.000002".into();
        assert!(check(vec![s.clone()])
            .unwrap_err()
            .contains("unknown procedure"));
        let offline = check_journeys(
            &[journey(vec![s.clone()])],
            &[procedure("1.000002", "khong")],
            &[],
        );
        assert!(offline.unwrap_err().contains("not offered online"));
        let formless = check_journeys(
            &[journey(vec![s])],
            &[procedure("1.000002", "toan-trinh")],
            &[form("1.000001")],
        );
        assert!(formless.unwrap_err().contains("no form of its own"));
    }

    #[test]
    fn a_fill_names_an_answer_that_takes_its_value() {
        let one = |path: &str, source: &str| {
            check(vec![with_fill(step("a", &[], &[]), &[(path, source)])])
        };
        assert!(one("du-an.khong_co", "project.name")
            .unwrap_err()
            .contains("no such answer"));
        assert!(one("khong-co.ten", "project.name").is_err());
        assert!(one("du-an", "project.name").is_err());
        assert!(one("du-an.noi", "project.location")
            .unwrap_err()
            .contains("does not take"));
        assert!(one("du-an.loai", "project.name").is_err());
        assert!(one("du-an.ngay_gcn", "project.name").is_err());
        assert!(one("du-an.ten", "project.owner")
            .unwrap_err()
            .contains("unknown source"));
        assert_eq!(one("du-an.dien_tich", "project.area"), Ok(()));
    }

    #[test]
    fn a_result_fills_only_a_step_that_waits_for_it() {
        let fill = &[("du-an.so_gcn", "step.a.number")][..];
        // Filed alongside, not after: its result may not exist yet.
        let alongside = vec![step("a", &[], &[]), with_fill(step("b", &[], &["a"]), fill)];
        assert!(check(alongside)
            .unwrap_err()
            .contains("a is not a step it needs"));
        let itself = vec![with_fill(step("a", &[], &[]), fill)];
        assert!(check(itself).is_err());
        // Through another step it needs, it is sure to exist.
        let through = vec![
            step("a", &[], &[]),
            step("b", &["a"], &[]),
            with_fill(step("c", &["b"], &[]), &[("du-an.ngay_gcn", "step.a.date")]),
        ];
        assert_eq!(check(through), Ok(()));
    }

    #[test]
    fn optional_steps_say_when() {
        let mut s = step("a", &[], &[]);
        s.optional = Some(Text::new("", "When it rains"));
        assert!(check(vec![s]).is_err());
    }

    fn facts() -> FillFacts {
        FillFacts {
            project_name: "Nhà máy may Hòa Bình".into(),
            location: "Xã Tân Lập, Tỉnh Thái Nguyên".into(),
            capital: 25_000_000_000,
            area: 12_000,
            description: "May mặc xuất khẩu".into(),
            company_name: "Công ty TNHH May Hòa Bình".into(),
            company_tax_code: "0101234567".into(),
            results: BTreeMap::from([
                (
                    "a".to_string(),
                    ("GCN-123".to_string(), Date::new(2027, 2, 15).unwrap()),
                ),
                (
                    "z".to_string(),
                    (" ".to_string(), Date::new(2027, 3, 1).unwrap()),
                ),
            ]),
        }
    }

    #[test]
    fn prefill_writes_text_numbers_and_dates_as_the_fields_take_them() {
        let s = with_fill(
            step("b", &["a"], &[]),
            &[
                ("du-an.ten", "project.name"),
                ("du-an.dia_diem", "project.location"),
                ("du-an.von", "project.capital"),
                ("du-an.dien_tich", "project.area"),
                ("du-an.so_gcn", "step.a.number"),
                ("du-an.ngay_gcn", "step.a.date"),
            ],
        );
        let answers = prefill(&s, &form("1.000001"), &facts());
        let got = |f: &str| answers["du-an"].get(f).cloned();
        let text = |v: &str| Some(Answer::Text(v.into()));
        assert_eq!(got("ten"), text("Nhà máy may Hòa Bình"));
        assert_eq!(got("dia_diem"), text("Xã Tân Lập, Tỉnh Thái Nguyên"));
        assert_eq!(got("von"), text("25000000000"));
        assert_eq!(got("dien_tich"), text("12000"));
        assert_eq!(got("so_gcn"), text("GCN-123"));
        assert_eq!(got("ngay_gcn"), text("2027-02-15"));
        // What the form checks accepts, once stored.
        let f = form("1.000001");
        assert_eq!(f.normalized(&answers), answers);
    }

    #[test]
    fn prefill_leaves_out_what_it_has_no_value_for() {
        let s = with_fill(
            step("b", &["a", "z"], &[]),
            &[
                ("du-an.so_gcn", "step.z.number"),
                ("du-an.ngay_gcn", "step.z.date"),
                ("du-an.ten", "project.description"),
                ("du-an.von", "project.capital"),
            ],
        );
        let mut none = facts();
        none.description.clear();
        none.capital = 0;
        assert_eq!(prefill(&s, &form("1.000001"), &none), Answers::new());
        // A result not there yet fills nothing either.
        let s = with_fill(step("b", &[], &[]), &[("du-an.so_gcn", "step.q.number")]);
        assert_eq!(prefill(&s, &form("1.000001"), &facts()), Answers::new());
    }

    #[test]
    fn a_date_in_a_text_is_written_as_people_write_it() {
        let mut f = form("1.000001");
        f.sections[0].fields[4].kind = FieldKind::Text;
        let s = with_fill(step("b", &["a"], &[]), &[("du-an.so_gcn", "step.a.date")]);
        assert_eq!(
            prefill(&s, &f, &facts())["du-an"]["so_gcn"],
            Answer::Text("15/02/2027".into())
        );
    }

    #[test]
    fn the_sample_journeys_pass() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../catalogue");
        let read = |path: std::path::PathBuf| std::fs::read_to_string(path).unwrap();
        let json_files = |sub: &str| {
            let mut files: Vec<_> = std::fs::read_dir(format!("{dir}/{sub}"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
            files.sort();
            files
        };
        let procedures: Vec<Procedure> = json_files("procedures")
            .into_iter()
            .flat_map(|f| serde_json::from_str::<Vec<Procedure>>(&read(f)).unwrap())
            .collect();
        let forms: Vec<FormDefinition> = json_files("forms")
            .into_iter()
            .map(|f| serde_json::from_str(&read(f)).unwrap())
            .collect();
        let journeys: Vec<Journey> =
            serde_json::from_str(&read(format!("{dir}/journeys.json").into())).unwrap();
        assert_eq!(check_journeys(&journeys, &procedures, &forms), Ok(()));
        for form in forms.iter().filter(|f| {
            journeys
                .iter()
                .flat_map(|j| &j.steps)
                .any(|s| s.procedure == f.procedure)
        }) {
            assert_eq!(form.problems(), Vec::<String>::new(), "{}", form.procedure);
        }
    }

    fn sample() -> Journey {
        let mut gpmt = step("gpmt", &["dtm", "xay-dung"], &[]);
        gpmt.optional = Some(Text::new("Khi phải có", "When required"));
        let mut pccc = step("pccc", &["irc"], &[]);
        pccc.optional = Some(Text::new("Khi phải có", "When required"));
        journey(vec![
            step("irc", &[], &[]),
            pccc,
            step("dat", &["irc"], &[]),
            step("dtm", &["irc"], &[]),
            step("xay-dung", &["dat", "pccc"], &["dtm"]),
            gpmt,
        ])
    }

    fn states(list: &[(&str, StepState)]) -> impl Fn(&str) -> Option<StepState> {
        let map: HashMap<String, StepState> =
            list.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        move |id| map.get(id).copied()
    }

    #[test]
    fn a_step_is_ready_when_what_it_needs_is_done() {
        let j = sample();
        assert_eq!(ready(&j, &[], "irc", states(&[])), Ok(()));
        assert_eq!(
            ready(&j, &[], "dat", states(&[("irc", StepState::InProgress)])),
            Err(vec!["irc".to_string()])
        );
        assert_eq!(
            ready(&j, &[], "dat", states(&[("irc", StepState::Refused)])),
            Err(vec!["irc".to_string()])
        );
        assert_eq!(
            ready(&j, &[], "dat", states(&[("irc", StepState::Done)])),
            Ok(())
        );
    }

    #[test]
    fn a_step_filed_alongside_another_waits_only_for_its_filing() {
        let j = sample();
        let done = |extra: &[(&'static str, StepState)]| {
            let mut all = vec![("irc", StepState::Done), ("dat", StepState::Done)];
            all.extend_from_slice(extra);
            states(&all)
        };
        assert_eq!(
            ready(&j, &[], "xay-dung", done(&[])),
            Err(vec!["dtm".to_string()])
        );
        for filed in [
            StepState::InProgress,
            StepState::SupplementRequested,
            StepState::Done,
        ] {
            assert_eq!(ready(&j, &[], "xay-dung", done(&[("dtm", filed)])), Ok(()));
        }
        assert!(ready(&j, &[], "xay-dung", done(&[("dtm", StepState::Refused)])).is_err());
        // Neither done nor filed: both missing, in the journey's order.
        assert_eq!(
            ready(&j, &[], "xay-dung", states(&[("irc", StepState::Done)])),
            Err(vec!["dat".to_string(), "dtm".to_string()])
        );
    }

    #[test]
    fn optional_steps_count_only_when_included() {
        let j = sample();
        let filed = states(&[
            ("irc", StepState::Done),
            ("dat", StepState::Done),
            ("dtm", StepState::InProgress),
        ]);
        // Without the fire-safety step, the permit does not wait for it.
        assert_eq!(ready(&j, &[], "xay-dung", &filed), Ok(()));
        let pccc = vec!["pccc".to_string()];
        assert_eq!(
            ready(&j, &pccc, "xay-dung", &filed),
            Err(vec!["pccc".to_string()])
        );
        // A step that does not apply is never ready; nor is one the journey lacks.
        assert_eq!(
            ready(&j, &[], "gpmt", &filed),
            Err(vec!["gpmt".to_string()])
        );
        assert!(ready(&j, &[], "khong-co", &filed).is_err());
        let ids: Vec<&str> = included(&j, &pccc).map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["irc", "pccc", "dat", "dtm", "xay-dung"]);
    }
}
