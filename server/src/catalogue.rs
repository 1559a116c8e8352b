//! The procedure catalogue as data files: the sample that ships in `catalogue/` (one file per kind,
//! procedures split per field) or a single bundle file such as `generate-catalogue` writes.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use motcua_api::calendar::{Calendar, HolidayData};
use motcua_api::feedback::FeedbackData;
use motcua_api::form::{FormDefinition, Places};
use motcua_api::journey::check_journeys;
use motcua_api::lifecycle::{check_workflow, SatisfactionData, StepSpec, WorkflowData};
use motcua_api::project::JourneyData;
use motcua_api::text::nfc;
use motcua_api::{Agency, Channel, Field, Level, OnlineType, Procedure, Text};
use serde::{Deserialize, Serialize};

use crate::domain::ProcedureCode;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Catalogue {
    pub levels: Vec<Level>,
    pub fields: Vec<Field>,
    pub agencies: Vec<Agency>,
    pub procedures: Vec<Procedure>,
    /// Online forms, one per procedure that has one.
    #[serde(default)]
    pub forms: Vec<FormDefinition>,
    #[serde(default)]
    pub places: Places,
    /// Days off and make-up Saturdays per year, for due dates.
    #[serde(default)]
    pub holidays: HolidayData,
    /// The steps dossiers go through, per level and per procedure.
    #[serde(default)]
    pub workflows: Option<WorkflowData>,
    /// The rating scale and criteria.
    #[serde(default)]
    pub satisfaction: Option<SatisfactionData>,
    /// The kinds of feedback and the working days it is answered in.
    #[serde(default)]
    pub feedback: Option<FeedbackData>,
    /// How people ask for procedures in other words than the catalogue's.
    #[serde(default)]
    pub search_words: SearchWords,
    /// The kinds of investment project and the procedures each goes through; none in a bundle
    /// that does not say.
    #[serde(default)]
    pub journeys: JourneyData,
}

/// The words of searches that are not the catalogue's own (`synonyms.json`, `fillers.json`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchWords {
    /// Everyday names, old names and abbreviations, and the catalogue's words they stand for.
    #[serde(default)]
    pub synonyms: Vec<SynonymEntry>,
    /// Phrases that carry no meaning in a search here ("thủ tục", "xin", "ở đâu").
    #[serde(default)]
    pub fillers: Vec<String>,
}

/// Any phrase of `say` in a query may be read as any phrase of `mean`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SynonymEntry {
    pub say: Vec<String>,
    pub mean: Vec<String>,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("parsing {}", path.display()))
}

impl Catalogue {
    /// Reads a catalogue directory (`levels.json`, `fields.json`, `agencies.json`, `procedures/*.json`)
    /// or a bundle file, then checks it.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let catalogue = if path.is_dir() {
            let mut procedures = Vec::new();
            let mut files: Vec<PathBuf> = std::fs::read_dir(path.join("procedures"))
                .with_context(|| format!("reading {}/procedures", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
            files.sort();
            for file in files {
                procedures.extend(read_json::<Vec<Procedure>>(&file)?);
            }
            let mut forms = Vec::new();
            let forms_dir = path.join("forms");
            if forms_dir.is_dir() {
                let mut files: Vec<PathBuf> = std::fs::read_dir(&forms_dir)?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "json"))
                    .collect();
                files.sort();
                for file in files {
                    forms.push(read_json::<FormDefinition>(&file)?);
                }
            }
            let places_file = path.join("places.json");
            let holidays_file = path.join("holidays.json");
            let optional = |name: &str| {
                let file = path.join(name);
                file.exists().then_some(file)
            };
            Catalogue {
                levels: read_json(&path.join("levels.json"))?,
                fields: read_json(&path.join("fields.json"))?,
                agencies: read_json(&path.join("agencies.json"))?,
                procedures,
                forms,
                places: if places_file.exists() {
                    read_json(&places_file)?
                } else {
                    Places::default()
                },
                holidays: if holidays_file.exists() {
                    read_json(&holidays_file)?
                } else {
                    HolidayData::default()
                },
                workflows: optional("workflows.json")
                    .map(|f| read_json(&f))
                    .transpose()?,
                satisfaction: optional("satisfaction.json")
                    .map(|f| read_json(&f))
                    .transpose()?,
                feedback: optional("feedback.json")
                    .map(|f| read_json(&f))
                    .transpose()?,
                search_words: SearchWords {
                    synonyms: optional("synonyms.json")
                        .map(|f| read_json(&f))
                        .transpose()?
                        .unwrap_or_default(),
                    fillers: optional("fillers.json")
                        .map(|f| read_json(&f))
                        .transpose()?
                        .unwrap_or_default(),
                },
                journeys: optional("journeys.json")
                    .map(|f| read_json(&f))
                    .transpose()?
                    .unwrap_or_default(),
            }
        } else {
            read_json(path)?
        };
        let catalogue = catalogue.normalized();
        catalogue.check()?;
        Ok(catalogue)
    }

    /// Vietnamese text is compared in NFC, whatever form the files were written in.
    fn normalized(self) -> Self {
        let text = |t: Text| Text {
            vi: nfc(&t.vi),
            en: nfc(&t.en),
        };
        let opt = |t: Option<Text>| t.map(text);
        Catalogue {
            levels: self
                .levels
                .into_iter()
                .map(|l| Level {
                    name: text(l.name),
                    ..l
                })
                .collect(),
            fields: self
                .fields
                .into_iter()
                .map(|f| Field {
                    name: text(f.name),
                    ..f
                })
                .collect(),
            agencies: self
                .agencies
                .into_iter()
                .map(|a| Agency {
                    name: text(a.name),
                    address: nfc(&a.address),
                    ..a
                })
                .collect(),
            procedures: self
                .procedures
                .into_iter()
                .map(|p| Procedure {
                    name: text(p.name),
                    processing_note: opt(p.processing_note),
                    applicants: text(p.applicants),
                    conditions: opt(p.conditions),
                    fees: p
                        .fees
                        .into_iter()
                        .map(|f| motcua_api::Fee {
                            name: text(f.name),
                            note: opt(f.note),
                            ..f
                        })
                        .collect(),
                    documents: p
                        .documents
                        .into_iter()
                        .map(|d| motcua_api::RequiredDocument {
                            name: text(d.name),
                            ..d
                        })
                        .collect(),
                    steps: p.steps.into_iter().map(text).collect(),
                    result: text(p.result),
                    legal_basis: p.legal_basis.iter().map(|s| nfc(s)).collect(),
                    ..p
                })
                .collect(),
            // Form texts and place names are compared only as shown, never searched: parsed as written.
            forms: self.forms,
            places: self.places,
            holidays: self.holidays,
            workflows: self.workflows,
            satisfaction: self.satisfaction,
            feedback: self.feedback,
            search_words: SearchWords {
                synonyms: self
                    .search_words
                    .synonyms
                    .into_iter()
                    .map(|e| SynonymEntry {
                        say: e.say.iter().map(|s| nfc(s)).collect(),
                        mean: e.mean.iter().map(|s| nfc(s)).collect(),
                    })
                    .collect(),
                fillers: self.search_words.fillers.iter().map(|s| nfc(s)).collect(),
            },
            journeys: self.journeys,
        }
    }

    /// Every office that receives or handles dossiers: each listed agency that is one office, and each
    /// commune's own office of those that stand for one per commune.
    pub fn offices(&self) -> Vec<Agency> {
        self.agencies
            .iter()
            .flat_map(|a| match a.per_commune {
                Some(_) => a.commune_offices(&self.places),
                None => vec![a.clone()],
            })
            .collect()
    }

    /// The workflow a procedure's dossiers follow: its own, or its level's.
    pub fn workflow(&self, procedure: &Procedure) -> Option<&[StepSpec]> {
        let w = self.workflows.as_ref()?;
        w.procedures
            .get(&procedure.code)
            .or_else(|| w.levels.get(&procedure.level))
            .map(Vec::as_slice)
    }

    /// Refuses a catalogue whose references do not resolve, so a data mistake stops the server at start
    /// rather than showing a broken page.
    pub fn check(&self) -> anyhow::Result<()> {
        let levels: HashSet<&str> = self.levels.iter().map(|l| l.id.as_str()).collect();
        let fields: HashSet<&str> = self.fields.iter().map(|f| f.id.as_str()).collect();
        let agencies: HashMap<&str, &Agency> =
            self.agencies.iter().map(|a| (a.id.as_str(), a)).collect();
        if levels.len() != self.levels.len()
            || fields.len() != self.fields.len()
            || agencies.len() != self.agencies.len()
        {
            bail!("duplicate level, field or agency id");
        }
        for a in &self.agencies {
            if !levels.contains(a.level.as_str()) {
                bail!("agency {}: unknown level {}", a.id, a.level);
            }
            if let Some(per) = &a.per_commune {
                if !self.places.provinces.iter().any(|p| p.code == per.province) {
                    bail!(
                        "agency {}: no province {} in the places",
                        a.id,
                        per.province
                    );
                }
            }
        }
        // An officer's agency and a dossier's are offices: the listed ones and each commune's own.
        let offices = self.offices();
        let mut office_ids = HashSet::new();
        let mut office_codes = HashSet::new();
        for o in &offices {
            if !office_ids.insert(o.id.as_str()) || !office_codes.insert(o.code.as_str()) {
                bail!("two offices share the id {} or the code {}", o.id, o.code);
            }
        }
        let mut codes = HashSet::new();
        for p in &self.procedures {
            let ctx = || format!("procedure {}", p.code);
            ProcedureCode::parse(&p.code).with_context(ctx)?;
            if !codes.insert(p.code.as_str()) {
                bail!("procedure {} appears twice", p.code);
            }
            if !fields.contains(p.field.as_str()) {
                bail!("procedure {}: unknown field {}", p.code, p.field);
            }
            if !levels.contains(p.level.as_str()) {
                bail!("procedure {}: unknown level {}", p.code, p.level);
            }
            match agencies.get(p.agency.as_str()) {
                None => bail!("procedure {}: unknown agency {}", p.code, p.agency),
                Some(a) if a.level != p.level => {
                    bail!(
                        "procedure {}: agency {} is not at level {}",
                        p.code,
                        a.id,
                        p.level
                    )
                }
                Some(_) => {}
            }
            if p.channels.is_empty() {
                bail!("procedure {}: no way to submit", p.code);
            }
            let online = p.channels.contains(&Channel::Online);
            if online == (p.online == OnlineType::None) {
                bail!("procedure {}: online type and channels disagree", p.code);
            }
        }
        Calendar::new(self.holidays.clone()).map_err(|e| anyhow::anyhow!("holidays: {e}"))?;
        let online: HashMap<&str, OnlineType> = self
            .procedures
            .iter()
            .map(|p| (p.code.as_str(), p.online))
            .collect();
        let mut with_form = HashSet::new();
        for form in &self.forms {
            match online.get(form.procedure.as_str()) {
                None => bail!("form for unknown procedure {}", form.procedure),
                Some(OnlineType::None) => {
                    bail!("form for {}, which is not offered online", form.procedure)
                }
                Some(_) => {}
            }
            if !with_form.insert(form.procedure.as_str()) {
                bail!("two forms for procedure {}", form.procedure);
            }
            let problems = form.problems();
            if !problems.is_empty() {
                bail!("form {}: {}", form.procedure, problems.join("; "));
            }
            if let Some(code) = form
                .sends_to()
                .into_iter()
                .find(|c| !online.contains_key(c))
            {
                bail!(
                    "form {} sends applicants to unknown procedure {code}",
                    form.procedure
                );
            }
        }
        if let Some(w) = &self.workflows {
            for (name, steps) in w.levels.iter().chain(&w.procedures) {
                check_workflow(steps).map_err(|e| anyhow::anyhow!("workflow {name}: {e}"))?;
                for step in steps {
                    if step.agency != "@procedure" && !agencies.contains_key(step.agency.as_str()) {
                        bail!("workflow {name}: unknown agency {}", step.agency);
                    }
                }
            }
            for code in w.procedures.keys() {
                if !codes.contains(code.as_str()) {
                    bail!("workflow for unknown procedure {code}");
                }
            }
        }
        // A dossier can only be submitted into a workflow that exists, and every procedure offered
        // online can be applied for, with its own form or the general one.
        for p in &self.procedures {
            if p.online != OnlineType::None && self.workflow(p).is_none() {
                bail!(
                    "procedure {} can be applied for online but has no workflow",
                    p.code
                );
            }
        }
        check_journeys(&self.journeys, &self.procedures, &self.forms)
            .map_err(|e| anyhow::anyhow!("journeys: {e}"))?;
        if let Some(s) = &self.satisfaction {
            if s.scale.len() != 5 {
                bail!("the satisfaction scale has {} points, not 5", s.scale.len());
            }
        }
        if let Some(f) = &self.feedback {
            check_feedback(f)?;
        }
        Ok(())
    }
}

/// Feedback's settings make sense: deadlines of at least a day, categories with unique ids, names in
/// both languages and subjects that exist, and the low-rating follow-up's category present.
fn check_feedback(f: &FeedbackData) -> anyhow::Result<()> {
    const KINDS: [&str; 5] = ["procedure", "agency", "officer", "dossier", "rating"];
    if f.answer_days == 0 || f.forward_days == 0 || f.respond_days == 0 {
        bail!("feedback: the answer, forward and respond days must each be at least 1");
    }
    let mut seen = HashSet::new();
    for c in &f.categories {
        if !seen.insert(c.id.as_str()) {
            bail!("feedback: category {} is listed twice", c.id);
        }
        if c.name.vi.trim().is_empty() || c.name.en.trim().is_empty() {
            bail!("feedback: category {} needs a name in both languages", c.id);
        }
        if c.about.is_empty() {
            bail!("feedback: category {} fits no subject", c.id);
        }
        if let Some(k) = c.about.iter().find(|k| !KINDS.contains(&k.as_str())) {
            bail!("feedback: category {} names an unknown subject {k}", c.id);
        }
    }
    if f.category(crate::feedback::LOW_RATING).is_none() {
        bail!(
            "feedback: the low-rating category {} is missing",
            crate::feedback::LOW_RATING
        );
    }
    Ok(())
}
