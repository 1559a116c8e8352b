//! The catalogue held in memory with its full-text index.
//!
//! The database is the record; at start the server reads the catalogue from it once and builds an
//! inverted index, so a search touches only the posting lists of its words and no request runs SQL.
//! Text is folded (case, diacritics, đ→d) before indexing and querying, so any spelling of the same words
//! meets in the index.

mod answers;
mod keyboard;
mod lexicon;
pub mod questions;
mod vocab;
mod words;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use motcua_api::account::{AccountKind, Me};
use motcua_api::form::FormDefinition;
use motcua_api::general::{general_form, in_person, FormKind};
use motcua_api::lifecycle::StepKind;
use motcua_api::project::Journey;
use motcua_api::text::fold;
use motcua_api::{
    Agency, FacetValue, Facets, Field, OnlineType, Place, Procedure, ProcedureDetail,
    ProcedureSummary, Reading, SearchRequest, SearchResponse, Suggestion, Text,
};

use crate::catalogue::Catalogue;
pub use answers::Answers;
pub use lexicon::Lexicon;
use lexicon::{analyse, Analysis};
use vocab::{Completion, Expansion, Vocabulary, VocabularyBuilder};
pub use words::keys;

/// How much a word counts by where it stands: a word of the name outweighs one deep in the steps.
const NAME_VI: f32 = 4.0;
const NAME_EN: f32 = 2.5;
const CODE: f32 = 4.0;
const RESULT: f32 = 1.0;
const FIELD_AGENCY: f32 = 0.6;
const BODY: f32 = 0.4;

/// Names are compared with the query only for the best scored: the bonus at most doubles a score,
/// and a name that has the words scores among the best anyway.
const NAME_CANDIDATES: usize = 200;
/// Where no procedure has every word, the closest are those that score at least this share of the
/// best: the rest matched only the query's commonest words.
const PARTIAL_SHARE: f32 = 0.3;

/// How many procedures each field and each agency has.
pub type Counts<'a> = (Vec<(&'a Field, u32)>, Vec<(&'a Agency, u32)>);

#[derive(Debug, thiserror::Error)]
#[error("unknown value for {param}")]
pub struct UnknownFilter {
    pub param: &'static str,
}

struct DocFacets {
    field: u16,
    agency: u16,
    level: u16,
    online: u8,
}

pub struct CatalogueIndex {
    catalogue: Catalogue,
    by_code: HashMap<String, u32>,
    field_ix: HashMap<String, u16>,
    agency_ix: HashMap<String, u16>,
    level_ix: HashMap<String, u16>,
    facets: Vec<DocFacets>,
    summaries: Vec<ProcedureSummary>,
    /// Each document's place in alphabetical order of its folded Vietnamese name: the order when there
    /// is nothing to rank by, and the tie-break when there is.
    name_rank: Vec<u32>,
    vocab: Vocabulary,
    /// Each document's names (Vietnamese, English) as terms in order, to tell a name that completes
    /// the phrase typed from one that merely has its words.
    names: Vec<[Vec<u32>; 2]>,
    /// The catalogue's fillers and synonyms with the officers', replaced whole when officers change
    /// theirs.
    lexicon: RwLock<Arc<Lexicon>>,
    /// Counts the lexicons put in force, so answers made with an older one are known stale.
    generation: AtomicU64,
    /// How often each document was looked at and applied for, for the order of suggestions that
    /// match alike.
    views: Vec<AtomicU32>,
    applications: Vec<AtomicU32>,
    /// Looks not yet added to the store's counts.
    unsaved_views: Vec<AtomicU32>,
    templates: HashSet<String>,
    /// `GET /places` answered as is: three thousand communes are serialized once, not per request.
    places_json: bytes::Bytes,
    offices: HashMap<String, Agency>,
}

fn text_pair(t: &Text) -> [&str; 2] {
    [t.vi.as_str(), t.en.as_str()]
}

/// What a query matched in a document: its score, and which parts of the query (bit `i` for slot
/// `i`).
#[derive(Clone, Copy)]
struct Hit {
    doc: u32,
    score: f32,
    slots: u32,
    /// How much the name's match adds ([`name_bonus`]), in hundredths so that alike compare equal;
    /// 0 for those not compared.
    bonus: u8,
}

/// The documents a query word is in, with its weight in each: a word of one term reads that term's
/// postings as they are.
enum WordHits {
    One(u32, f32),
    Many(Vec<(u32, f32)>),
}

/// A query's hits, read and expanded once.
struct Matched {
    analysis: Analysis,
    /// Per slot, per alternative, per word.
    expansions: Vec<Vec<Vec<Expansion>>>,
    hits: Vec<Hit>,
    /// The hits are the documents that matched every part of the query; otherwise they are the
    /// closest partial matches.
    complete: bool,
}

impl CatalogueIndex {
    pub fn build(catalogue: Catalogue) -> Self {
        let ix = |ids: Vec<&String>| -> HashMap<String, u16> {
            ids.into_iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i as u16))
                .collect()
        };
        let field_ix = ix(catalogue.fields.iter().map(|f| &f.id).collect());
        let agency_ix = ix(catalogue.agencies.iter().map(|a| &a.id).collect());
        let level_ix = ix(catalogue.levels.iter().map(|l| &l.id).collect());

        let n = catalogue.procedures.len();
        let mut builder = VocabularyBuilder::default();
        let mut facets = Vec::with_capacity(n);
        let mut summaries = Vec::with_capacity(n);
        let mut by_code = HashMap::new();

        for (doc, p) in catalogue.procedures.iter().enumerate() {
            let doc = doc as u32;
            by_code.insert(p.code.clone(), doc);
            let field = &catalogue.fields[field_ix[&p.field] as usize];
            let agency = &catalogue.agencies[agency_ix[&p.agency] as usize];
            facets.push(DocFacets {
                field: field_ix[&p.field],
                agency: agency_ix[&p.agency],
                level: level_ix[&p.level],
                online: OnlineType::ALL
                    .iter()
                    .position(|t| *t == p.online)
                    .unwrap_or(0) as u8,
            });
            summaries.push(ProcedureSummary {
                code: p.code.clone(),
                name: p.name.clone(),
                field: p.field.clone(),
                field_name: field.name.clone(),
                agency: p.agency.clone(),
                agency_name: agency.name.clone(),
                level: p.level.clone(),
                online: p.online,
                processing_days: p.processing_days,
            });

            let mut add = |text: &str, weight: f32| builder.add(doc, text, weight);
            add(&p.name.vi, NAME_VI);
            add(&p.name.en, NAME_EN);
            add(&p.code, CODE);
            for t in text_pair(&p.result) {
                add(t, RESULT);
            }
            for t in text_pair(&field.name)
                .into_iter()
                .chain(text_pair(&agency.name))
            {
                add(t, FIELD_AGENCY);
            }
            let body = p
                .documents
                .iter()
                .map(|d| &d.name)
                .chain(&p.steps)
                .chain(std::iter::once(&p.applicants))
                .chain(&p.conditions)
                .chain(&p.processing_note);
            for t in body {
                for s in text_pair(t) {
                    add(s, BODY);
                }
            }
            for law in &p.legal_basis {
                add(law, BODY);
            }
        }
        let mut vocab = builder.finish(n);
        let names: Vec<[Vec<u32>; 2]> = catalogue
            .procedures
            .iter()
            .map(|p| {
                text_pair(&p.name)
                    .map(|t| keys(t).iter().filter_map(|k| vocab.term_id(k)).collect())
            })
            .collect();
        vocab.set_names(
            names
                .iter()
                .enumerate()
                .flat_map(|(doc, pair)| pair.iter().map(move |n| (doc as u32, n.as_slice()))),
        );

        let folded_names: Vec<String> = catalogue
            .procedures
            .iter()
            .map(|p| fold(&p.name.vi))
            .collect();
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_by(|a, b| folded_names[*a as usize].cmp(&folded_names[*b as usize]));
        let mut name_rank = vec![0; order.len()];
        for (rank, doc) in order.into_iter().enumerate() {
            name_rank[doc as usize] = rank as u32;
        }

        let templates = catalogue
            .procedures
            .iter()
            .flat_map(|p| p.documents.iter().filter_map(|d| d.template.clone()))
            .collect();

        let places_json = serde_json::to_vec(&catalogue.places)
            .expect("places serialize")
            .into();

        let offices = catalogue
            .offices()
            .into_iter()
            .map(|o| (o.id.clone(), o))
            .collect();
        let lexicon = RwLock::new(Arc::new(Lexicon::new(&catalogue.search_words, &[])));

        CatalogueIndex {
            catalogue,
            templates,
            places_json,
            offices,
            by_code,
            field_ix,
            agency_ix,
            level_ix,
            facets,
            summaries,
            name_rank,
            vocab,
            names,
            lexicon,
            generation: AtomicU64::new(0),
            views: (0..n).map(|_| AtomicU32::new(0)).collect(),
            applications: (0..n).map(|_| AtomicU32::new(0)).collect(),
            unsaved_views: (0..n).map(|_| AtomicU32::new(0)).collect(),
        }
    }

    /// Puts the officers' synonyms, as (say, mean), in force beside the catalogue's, from the next
    /// search on.
    pub fn set_synonyms(&self, officers: &[(String, String)]) {
        let lexicon = Arc::new(Lexicon::new(&self.catalogue.search_words, officers));
        *self.lexicon.write().unwrap_or_else(|e| e.into_inner()) = lexicon;
        self.generation.fetch_add(1, Ordering::Release);
    }

    /// Takes over from `previous` (the index of the catalogue before an import): its generation
    /// follows the old one's, so no answer kept from the old index passes for this one's.
    pub fn follow(&self, previous: &CatalogueIndex) {
        self.generation
            .store(previous.generation() + 1, Ordering::Release);
    }

    /// Which lexicon is in force (see [`Answers`]).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn lexicon(&self) -> Arc<Lexicon> {
        self.lexicon
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The words of a phrase that no procedure has, as written.
    pub fn unknown_words(&self, phrase: &str) -> Vec<String> {
        words::tokens(phrase)
            .into_iter()
            .filter(|(_, key)| self.vocab.term_id(key).is_none())
            .map(|(written, _)| written)
            .collect()
    }

    /// Counts a look at a procedure's page.
    pub fn viewed(&self, code: &str) {
        if let Some(&doc) = self.by_code.get(code) {
            self.views[doc as usize].fetch_add(1, Ordering::Relaxed);
            self.unsaved_views[doc as usize].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The looks counted since the last call, by procedure code, for the store.
    pub fn take_views(&self) -> Vec<(String, u32)> {
        self.unsaved_views
            .iter()
            .enumerate()
            .filter_map(|(doc, n)| {
                let n = n.swap(0, Ordering::Relaxed);
                (n > 0).then(|| (self.catalogue.procedures[doc].code.clone(), n))
            })
            .collect()
    }

    /// Counts a dossier submitted for a procedure.
    pub fn applied(&self, code: &str) {
        if let Some(&doc) = self.by_code.get(code) {
            self.applications[doc as usize].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Adds counts kept from before (the store's), by procedure code.
    pub fn add_usage(&self, views: &[(String, u32)], applications: &[(String, u32)]) {
        for (list, counts) in [(views, &self.views), (applications, &self.applications)] {
            for (code, n) in list {
                if let Some(&doc) = self.by_code.get(code) {
                    counts[doc as usize].fetch_add(*n, Ordering::Relaxed);
                }
            }
        }
    }

    /// How often people looked at and applied for a document: an application says more than a look.
    fn popularity(&self, doc: u32) -> u64 {
        let d = doc as usize;
        u64::from(self.views[d].load(Ordering::Relaxed))
            + 5 * u64::from(self.applications[d].load(Ordering::Relaxed))
    }

    /// The form a procedure is applied for with online: its own where the catalogue has one, else
    /// the general application made from its record; none where it is not offered online.
    pub fn form(&self, code: &str) -> Option<Cow<'_, FormDefinition>> {
        match self.catalogue.forms.iter().find(|f| f.procedure == code) {
            Some(form) => Some(Cow::Borrowed(form)),
            None => {
                let p = self.procedure(*self.by_code.get(code)?);
                (p.online != OnlineType::None).then(|| Cow::Owned(general_form(p)))
            }
        }
    }

    /// Which form a procedure is applied for with.
    pub fn form_kind(&self, code: &str) -> FormKind {
        if self.catalogue.forms.iter().any(|f| f.procedure == code) {
            FormKind::Specific
        } else if self
            .find(code)
            .is_some_and(|(p, _)| p.online != OnlineType::None)
        {
            FormKind::General
        } else {
            FormKind::None
        }
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// A kind of project, by its id.
    pub fn journey(&self, id: &str) -> Option<&Journey> {
        self.catalogue.journeys.iter().find(|j| j.id == id)
    }

    /// Every kind of project, in the catalogue's order.
    pub fn journeys(&self) -> &[Journey] {
        &self.catalogue.journeys
    }

    pub fn places_json(&self) -> bytes::Bytes {
        self.places_json.clone()
    }

    /// Whether some required document offers this template form.
    pub fn has_template(&self, file: &str) -> bool {
        self.templates.contains(file)
    }

    pub fn len(&self) -> usize {
        self.catalogue.procedures.len()
    }

    /// Every procedure's code, in the catalogue's order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.catalogue.procedures.iter().map(|p| p.code.as_str())
    }

    /// The fields with how many procedures each has, as `GET /fields` answers.
    pub fn field_list(&self) -> motcua_api::FieldList {
        let (fields, _) = self.counts();
        motcua_api::FieldList {
            items: fields
                .into_iter()
                .map(|(f, count)| motcua_api::FieldCount {
                    id: f.id.clone(),
                    name: f.name.clone(),
                    count,
                })
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.catalogue.procedures.is_empty()
    }

    fn procedure(&self, doc: u32) -> &Procedure {
        &self.catalogue.procedures[doc as usize]
    }

    /// The procedure and its agency.
    pub fn find(&self, code: &str) -> Option<(&Procedure, &Agency)> {
        let p = self.procedure(*self.by_code.get(code)?);
        Some((
            p,
            &self.catalogue.agencies[self.agency_ix[&p.agency] as usize],
        ))
    }

    /// A procedure's name, or its code where the catalogue no longer has it.
    pub fn procedure_name(&self, code: &str) -> Text {
        self.find(code)
            .map(|(p, _)| p.name.clone())
            .unwrap_or_else(|| Text::new(code, code))
    }

    /// Whether an account is an officer of a listed agency that `role` says does the work.
    pub fn officer_of(&self, me: &Me, role: impl Fn(&Agency) -> bool) -> bool {
        let agency = (me.kind == AccountKind::Officer)
            .then_some(me.agency.as_deref())
            .flatten();
        agency.is_some_and(|id| {
            self.catalogue
                .agencies
                .iter()
                .any(|a| a.id == id && role(a))
        })
    }

    /// An office that receives or handles dossiers (see [`Catalogue::offices`]).
    pub fn office(&self, id: &str) -> Option<&Agency> {
        self.offices.get(id)
    }

    /// The office a dossier of this procedure goes to: the procedure's agency, or the chosen
    /// commune's own office where the agency stands for one per commune.
    pub fn office_for(&self, agency: &Agency, commune: Option<&str>) -> Option<Agency> {
        match commune {
            Some(c) => agency.for_commune(&self.catalogue.places, c),
            None => agency.per_commune.is_none().then(|| agency.clone()),
        }
    }

    /// An agency's name, or its id where the catalogue no longer has it.
    pub fn agency_name(&self, id: &str) -> Text {
        self.office(id)
            .map(|a| a.name.clone())
            .or_else(|| {
                self.agency_ix
                    .get(id)
                    .map(|&i| self.catalogue.agencies[i as usize].name.clone())
            })
            .unwrap_or_else(|| Text::new(id, id))
    }

    /// Where people collect a result from an office, or the office's id where the catalogue no
    /// longer has it.
    pub fn place(&self, office: &str) -> Place {
        self.office(office)
            .map(Agency::place)
            .unwrap_or_else(|| Place {
                name: self.agency_name(office),
                address: String::new(),
            })
    }

    pub fn detail(&self, code: &str) -> Option<ProcedureDetail> {
        let p = self.procedure(*self.by_code.get(code)?);
        let form = self.form_kind(code);
        let collect_at = self.collect_at(p);
        Some(ProcedureDetail {
            procedure: p.clone(),
            field: self.catalogue.fields[self.field_ix[&p.field] as usize].clone(),
            agency: self.catalogue.agencies[self.agency_ix[&p.agency] as usize].clone(),
            level: self.catalogue.levels[self.level_ix[&p.level] as usize].clone(),
            has_form: form != FormKind::None,
            form,
            in_person: in_person(p, collect_at.as_ref()),
            collect_at,
        })
    }

    /// Where a procedure's result is collected in person: the office of its workflow's last step,
    /// unknown here when that is the desk of a commune yet to be chosen.
    fn collect_at(&self, p: &Procedure) -> Option<Place> {
        let agency = &self.catalogue.agencies[self.agency_ix[&p.agency] as usize];
        let step = self
            .catalogue
            .workflow(p)?
            .iter()
            .rev()
            .find(|s| s.kind == StepKind::Return)?;
        if step.agency == "@procedure" {
            self.office_for(agency, None).map(|a| a.place())
        } else {
            self.office(&step.agency).map(Agency::place)
        }
    }

    /// Procedures per field and per agency, in catalogue order.
    pub fn counts(&self) -> Counts<'_> {
        let mut fields = vec![0; self.catalogue.fields.len()];
        let mut agencies = vec![0; self.catalogue.agencies.len()];
        for f in &self.facets {
            fields[f.field as usize] += 1;
            agencies[f.agency as usize] += 1;
        }
        (
            self.catalogue.fields.iter().zip(fields).collect(),
            self.catalogue.agencies.iter().zip(agencies).collect(),
        )
    }

    /// Reads and matches a query; `None` when it has no words and every document matches equally.
    fn matched(&self, query: &str, last: Completion) -> Option<Matched> {
        let lexicon = self.lexicon();
        let analysis = analyse(query, &self.vocab, &lexicon, last);
        if analysis.slots.is_empty() {
            return None;
        }
        let n = self.len();
        let mut total = vec![0f32; n];
        let mut mask = vec![0u32; n];
        let mut slot_best = vec![0f32; n];
        let mut alt_total = vec![0f32; n];
        let mut alt_hits = vec![0u8; n];
        let mut word_best = vec![0f32; n];
        let (mut slot_docs, mut alt_docs, mut word_docs) = (Vec::new(), Vec::new(), Vec::new());
        // A word met again in another synonym is looked up once.
        let mut seen: HashMap<(&str, Completion), usize> = HashMap::new();
        let mut found: Vec<(Expansion, WordHits)> = Vec::new();
        let mut expansions = Vec::with_capacity(analysis.slots.len());
        for (s, slot) in analysis.slots.iter().enumerate() {
            let mut per_alt = Vec::with_capacity(slot.alternatives.len());
            for alt in &slot.alternatives {
                let mut per_word = Vec::with_capacity(alt.words.len());
                for (w, word) in alt.words.iter().enumerate() {
                    let how = if w + 1 == alt.words.len() {
                        alt.last
                    } else {
                        Completion::Whole
                    };
                    let i = *seen.entry((word.as_str(), how)).or_insert_with(|| {
                        let e = self.vocab.expand(word, how);
                        let hits = match (e.terms.as_slice(), e.begun.is_empty()) {
                            ([(term, weight)], true) => WordHits::One(*term, *weight),
                            (terms, _) => {
                                // Each document counts its best matching term.
                                let begun = e.begun.iter().map(|&(term, weight)| {
                                    let list = if e.begun_in_names {
                                        self.vocab.name_postings(term)
                                    } else {
                                        self.vocab.postings(term)
                                    };
                                    (list, weight)
                                });
                                let lists = terms
                                    .iter()
                                    .map(|&(term, weight)| (self.vocab.postings(term), weight))
                                    .chain(begun);
                                for (list, weight) in lists {
                                    for &(doc, tf) in list {
                                        let slot = &mut word_best[doc as usize];
                                        if *slot == 0.0 {
                                            word_docs.push(doc);
                                        }
                                        *slot = slot.max(weight * tf);
                                    }
                                }
                                WordHits::Many(
                                    word_docs
                                        .drain(..)
                                        .map(|doc| {
                                            let w = std::mem::take(&mut word_best[doc as usize]);
                                            (doc, w)
                                        })
                                        .collect(),
                                )
                            }
                        };
                        found.push((e, hits));
                        found.len() - 1
                    });
                    let (e, hits) = &found[i];
                    let bit = 1u32 << s;
                    // A part of one word and no synonym, the commonest kind, adds to the totals
                    // straight away.
                    let single = slot.alternatives.len() == 1 && alt.words.len() == 1;
                    let mut add = |doc: u32, w: f32| {
                        let d = doc as usize;
                        if single {
                            total[d] += alt.weight * w;
                            mask[d] |= bit;
                            return;
                        }
                        if alt_hits[d] == 0 {
                            alt_docs.push(doc);
                        }
                        alt_total[d] += w;
                        alt_hits[d] += 1;
                    };
                    match hits {
                        WordHits::One(term, weight) => {
                            for &(doc, tf) in self.vocab.postings(*term) {
                                add(doc, weight * tf);
                            }
                        }
                        WordHits::Many(list) => {
                            for &(doc, w) in list {
                                add(doc, w);
                            }
                        }
                    }
                    per_word.push(e.clone());
                }
                for doc in alt_docs.drain(..) {
                    let d = doc as usize;
                    if alt_hits[d] as usize == alt.words.len() {
                        if slot_best[d] == 0.0 {
                            slot_docs.push(doc);
                        }
                        slot_best[d] = slot_best[d].max(alt.weight * alt_total[d]);
                    }
                    alt_total[d] = 0.0;
                    alt_hits[d] = 0;
                }
                per_alt.push(per_word);
            }
            for doc in slot_docs.drain(..) {
                let d = doc as usize;
                total[d] += slot_best[d];
                mask[d] |= 1 << s;
                slot_best[d] = 0.0;
            }
            expansions.push(per_alt);
        }
        let all = (1u32 << analysis.slots.len()) - 1;
        let mut hits: Vec<Hit> = (0..n as u32)
            .filter(|&d| mask[d as usize] != 0)
            .map(|d| Hit {
                doc: d,
                score: total[d as usize],
                slots: mask[d as usize],
                bonus: 0,
            })
            .collect();
        let by_score = |a: &Hit, b: &Hit| b.score.total_cmp(&a.score);
        let k = hits.len().min(NAME_CANDIDATES);
        if k > 0 && k < hits.len() {
            hits.select_nth_unstable_by(k - 1, by_score);
        }
        let names = NameMatcher::new(&expansions);
        let mut scratch = NameScratch::default();
        for hit in &mut hits[..k] {
            let bonus = self.names[hit.doc as usize]
                .iter()
                .map(|name| names.bonus(name, &mut scratch))
                .fold(0.0, f32::max);
            hit.bonus = (bonus * 100.0).round() as u8;
            hit.score *= 1.0 + bonus;
        }
        // The documents with every word are the answer, unless one without some word scores better
        // than all of them: then those words are noise to the catalogue ("… ở Biên Hòa"), met
        // only by chance deep in some text, and the closest matches are the answer.
        let best = |complete: bool| {
            hits.iter()
                .filter(|h| !complete || h.slots == all)
                .map(|h| h.score)
                .fold(None, |m: Option<f32>, s| Some(m.map_or(s, |m| m.max(s))))
        };
        let (best_any, best_complete) = (best(false), best(true));
        let complete = best_complete.is_some() && best_complete >= best_any;
        if complete {
            hits.retain(|h| h.slots == all);
        } else {
            let floor = PARTIAL_SHARE * best_any.unwrap_or(0.0);
            hits.retain(|h| h.score >= floor);
        }
        Some(Matched {
            analysis,
            expansions,
            hits,
            complete,
        })
    }

    /// How the query was read, for the sentence above the results; `top` is the first result.
    fn reading(&self, m: &Matched, top: Option<&Hit>) -> Reading {
        let a = &m.analysis;
        let all = (1u32 << a.slots.len()) - 1;
        let missing = match top {
            Some(hit) if hit.slots != all => (0..a.slots.len())
                .filter(|s| hit.slots & (1 << s) == 0)
                .map(|s| a.slots[s].shown.clone())
                .collect(),
            Some(_) => Vec::new(),
            None => (0..a.slots.len())
                .filter(|&s| m.expansions[s].iter().flatten().all(Expansion::is_empty))
                .map(|s| a.slots[s].shown.clone())
                .collect(),
        };
        // A word is corrected where it alone makes its part of the query and is no word of the
        // catalogue (or a rare one): to the word one typo away that the first result has in its
        // name, or else the commonest.
        let name = top.map(|h| &self.names[h.doc as usize][0]);
        let correction = |slot: usize| -> Option<&str> {
            let [words] = m.expansions[slot].as_slice() else {
                return None;
            };
            let [e] = words.as_slice() else {
                return None;
            };
            // A word the catalogue has is corrected only where the first result has the other.
            let fallback = if e.exact { None } else { e.commonest_typo };
            e.typos
                .iter()
                .find(|t| name.is_some_and(|n| n.contains(t)))
                .copied()
                .or(fallback)
                .map(|t| self.vocab.written(t))
        };
        let corrected: Vec<(&str, bool)> = a
            .words
            .iter()
            .map(|(shown, slot)| {
                // Only a correction the first result bears out: one it does not match helps nobody.
                let borne = |s: &usize| top.is_some_and(|h| h.slots & (1 << s) != 0);
                match slot.filter(borne).and_then(correction) {
                    Some(fixed) => (fixed, true),
                    None => (shown.as_str(), false),
                }
            })
            .collect();
        let did_you_mean = corrected.iter().any(|(_, fixed)| *fixed).then(|| {
            corrected
                .iter()
                .map(|(w, _)| *w)
                .collect::<Vec<_>>()
                .join(" ")
        });
        Reading {
            keyboard: a.keyboard.clone(),
            did_you_mean,
            missing,
        }
    }

    fn filter_ix(
        &self,
        map: &HashMap<String, u16>,
        value: &Option<String>,
        param: &'static str,
    ) -> Result<Option<u16>, UnknownFilter> {
        value
            .as_ref()
            .map(|v| map.get(v).copied().ok_or(UnknownFilter { param }))
            .transpose()
    }

    pub fn search(&self, req: &SearchRequest) -> Result<SearchResponse, UnknownFilter> {
        let field = self.filter_ix(&self.field_ix, &req.field, "field")?;
        let agency = self.filter_ix(&self.agency_ix, &req.agency, "agency")?;
        let level = self.filter_ix(&self.level_ix, &req.level, "level")?;
        let online = req
            .online
            .map(|t| OnlineType::ALL.iter().position(|x| *x == t).unwrap_or(0) as u8);

        let mut matched = self.matched(&req.q, Completion::Either);
        let all = || {
            (0..self.len() as u32)
                .map(|doc| Hit {
                    doc,
                    score: 0.0,
                    slots: 0,
                    bonus: 0,
                })
                .collect()
        };
        let mut results: Vec<Hit> = matched
            .as_mut()
            .map_or_else(all, |m| std::mem::take(&mut m.hits));

        let mut field_counts = vec![0u32; self.catalogue.fields.len()];
        let mut agency_counts = vec![0u32; self.catalogue.agencies.len()];
        let mut level_counts = vec![0u32; self.catalogue.levels.len()];
        let mut online_counts = [0u32; 3];
        results.retain(|hit| {
            let f = &self.facets[hit.doc as usize];
            let misses = [
                field.is_some_and(|x| x != f.field),
                agency.is_some_and(|x| x != f.agency),
                level.is_some_and(|x| x != f.level),
                online.is_some_and(|x| x != f.online),
            ];
            // Each dimension counts the documents that pass every other filter, so a chosen value keeps
            // showing what choosing another would give.
            let missed = misses.iter().filter(|m| **m).count();
            let counts_for = |dim: usize| missed == 0 || (missed == 1 && misses[dim]);
            if counts_for(0) {
                field_counts[f.field as usize] += 1;
            }
            if counts_for(1) {
                agency_counts[f.agency as usize] += 1;
            }
            if counts_for(2) {
                level_counts[f.level as usize] += 1;
            }
            if counts_for(3) {
                online_counts[f.online as usize] += 1;
            }
            missed == 0
        });

        let total = results.len() as u32;
        let start = ((req.page - 1) as usize).saturating_mul(req.per_page as usize);
        let end = start
            .saturating_add(req.per_page as usize)
            .min(results.len());
        let by_rank = |a: &Hit, b: &Hit| {
            b.score
                .total_cmp(&a.score)
                .then(self.name_rank[a.doc as usize].cmp(&self.name_rank[b.doc as usize]))
        };
        let reading = matched
            .as_ref()
            .map(|m| self.reading(m, results.iter().min_by(|a, b| by_rank(a, b))))
            .unwrap_or_default();
        let items = if start < end {
            // Only the requested page needs to be in order.
            results.select_nth_unstable_by(end - 1, by_rank);
            let page = &mut results[..end];
            page.sort_unstable_by(by_rank);
            page[start..]
                .iter()
                .map(|hit| self.summaries[hit.doc as usize].clone())
                .collect()
        } else {
            Vec::new()
        };

        let facet = |names: Vec<(&String, &Text)>, counts: &[u32], chosen: Option<u16>| {
            let mut values: Vec<FacetValue> = names
                .into_iter()
                .zip(counts)
                .enumerate()
                .filter(|(i, (_, &c))| c > 0 || chosen == Some(*i as u16))
                .map(|(_, ((id, name), &count))| FacetValue {
                    id: id.clone(),
                    name: name.clone(),
                    count,
                })
                .collect();
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));
            values
        };
        let online_names: Vec<(String, Text)> = OnlineType::ALL
            .iter()
            .map(|t| (t.id().to_string(), t.name()))
            .collect();
        let facets = Facets {
            field: facet(
                self.catalogue
                    .fields
                    .iter()
                    .map(|f| (&f.id, &f.name))
                    .collect(),
                &field_counts,
                field,
            ),
            agency: facet(
                self.catalogue
                    .agencies
                    .iter()
                    .map(|a| (&a.id, &a.name))
                    .collect(),
                &agency_counts,
                agency,
            ),
            level: facet(
                self.catalogue
                    .levels
                    .iter()
                    .map(|l| (&l.id, &l.name))
                    .collect(),
                &level_counts,
                level,
            ),
            online: facet(
                online_names.iter().map(|(id, n)| (id, n)).collect(),
                &online_counts,
                online.map(u16::from),
            ),
        };
        Ok(SearchResponse {
            items,
            total,
            page: req.page,
            per_page: req.per_page,
            facets,
            reading,
        })
    }

    /// Whether a search is one the catalogue could not answer as typed (nothing, not every word,
    /// or only with a word corrected): worth an officer's look.
    pub fn is_miss(response: &SearchResponse) -> bool {
        response.total == 0
            || !response.reading.missing.is_empty()
            || response.reading.did_you_mean.is_some()
    }

    /// Names to offer while a query is typed, its last word counting as a prefix: names that complete
    /// the phrase typed first, then those with its words in order, then the rest; alike, the
    /// procedures people look at and apply for most first.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<Suggestion> {
        let Some(m) = self.matched(query, Completion::Typing) else {
            return Vec::new();
        };
        let mut ranked: Vec<(u64, Hit)> = m
            .hits
            .iter()
            .map(|h| (self.popularity(h.doc), *h))
            .collect();
        let order = |(pa, a): &(u64, Hit), (pb, b): &(u64, Hit)| {
            b.bonus
                .cmp(&a.bonus)
                .then(pb.cmp(pa))
                .then(b.score.total_cmp(&a.score))
                .then(self.name_rank[a.doc as usize].cmp(&self.name_rank[b.doc as usize]))
        };
        // Only the few shown need to be in order.
        if limit > 0 && limit < ranked.len() {
            ranked.select_nth_unstable_by(limit - 1, order);
            ranked.truncate(limit);
        }
        ranked.sort_unstable_by(order);
        ranked
            .into_iter()
            .take(limit)
            .map(|(_, hit)| {
                let p = self.procedure(hit.doc);
                Suggestion {
                    code: p.code.clone(),
                    name: p.name.clone(),
                }
            })
            .collect()
    }

    /// In how many procedures a search finds every word of a query (none where it shows the closest
    /// partial matches).
    pub fn found_with_every_word(&self, query: &str) -> u32 {
        match self.matched(query, Completion::Either) {
            Some(m) if m.complete => m.hits.len() as u32,
            _ => 0,
        }
    }
}

/// The buffers [`NameMatcher::bonus`] works in, kept from one name to the next.
#[derive(Default)]
struct NameScratch {
    marks: Vec<u64>,
    lengths: Vec<u64>,
    chain: Vec<u8>,
}

/// Tells how a name stands to the query's words. Each word of each alternative of each part of the
/// query has a bit; each term, the bits of the words it is one of: a name is then read once, term by
/// term, with no search through the words' terms.
struct NameMatcher {
    /// Each term of the query's words with its bits, in term order.
    bits: Vec<(u32, u64)>,
    /// A bit per term id modulo its size, set for the query's terms: most words of a name are none
    /// of them, and this tells so without a search.
    seen: [u64; 64],
    /// Per part, per alternative: its first bit and how many words it has.
    parts: Vec<Vec<(u32, u32)>>,
}

impl NameMatcher {
    fn new(expansions: &[Vec<Vec<Expansion>>]) -> NameMatcher {
        let mut bits: HashMap<u32, u64> = HashMap::new();
        let mut parts = Vec::with_capacity(expansions.len());
        let mut next = 0u32;
        for alternatives in expansions {
            let mut alts = Vec::with_capacity(alternatives.len());
            for words in alternatives {
                // A query too long for the bits leaves its last alternatives out of the bonus.
                if next as usize + words.len() > 64 {
                    continue;
                }
                alts.push((next, words.len() as u32));
                for e in words {
                    for term in e.all_terms() {
                        *bits.entry(term).or_default() |= 1 << next;
                    }
                    next += 1;
                }
            }
            parts.push(alts);
        }
        let mut bits: Vec<(u32, u64)> = bits.into_iter().collect();
        bits.sort_unstable();
        let mut seen = [0u64; 64];
        for (term, _) in &bits {
            let t = *term as usize % 4096;
            seen[t / 64] |= 1 << (t % 64);
        }
        NameMatcher { bits, seen, parts }
    }

    fn bits(&self, term: u32) -> u64 {
        let t = term as usize % 4096;
        if self.seen[t / 64] & (1 << (t % 64)) == 0 {
            return 0;
        }
        self.bits
            .binary_search_by_key(&term, |(t, _)| *t)
            .map_or(0, |i| self.bits[i].1)
    }

    /// How much a name that has the query's words counts on top of the score, from 0 to 1: half
    /// for the share of the query's parts it has, half for the longest run of them that it has one
    /// after another as typed. A name that completes the phrase typed gets it all.
    fn bonus(&self, name: &[u32], scratch: &mut NameScratch) -> f32 {
        let count = self.parts.len();
        let len = name.len();
        if count == 0 {
            return 0.0;
        }
        let NameScratch {
            marks,
            lengths,
            chain,
        } = scratch;
        marks.clear();
        marks.extend(name.iter().map(|&t| self.bits(t)));
        // `lengths[s * len + p]`: bit `l` when an alternative of part `s`, `l` words long, runs from
        // position `p`.
        lengths.clear();
        lengths.resize(count * len, 0);
        let mut present = 0;
        for (s, alts) in self.parts.iter().enumerate() {
            let mut any = false;
            for &(first, words) in alts {
                for p in 0..len.saturating_sub(words as usize - 1) {
                    let runs = (0..words as usize)
                        .all(|i| marks[p + i] & (1 << (first as usize + i)) != 0);
                    if runs {
                        lengths[s * len + p] |= 1 << words;
                        any = true;
                    }
                }
            }
            present += usize::from(any);
        }
        // `chain[s * (len + 1) + p]`: how many parts from `s` on run one after another from `p`.
        chain.clear();
        chain.resize((count + 1) * (len + 1), 0);
        let mut longest = 0;
        for s in (0..count).rev() {
            for p in 0..len {
                let mut bits = lengths[s * len + p];
                let mut best = 0;
                while bits != 0 {
                    let l = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    best = best.max(1 + chain[(s + 1) * (len + 1) + (p + l).min(len)]);
                }
                chain[s * (len + 1) + p] = best;
                longest = longest.max(best);
            }
        }
        0.5 * (present + longest as usize) as f32 / count as f32
    }
}
