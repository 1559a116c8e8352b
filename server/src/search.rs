//! The catalogue held in memory with its full-text index.
//!
//! The database is the record; at start the server reads the catalogue from it once and builds an
//! inverted index, so a search touches only the posting lists of its words and no request runs SQL.
//! Text is folded (case, diacritics, đ→d) before indexing and querying, so any spelling of the same words
//! meets in the index.

use std::collections::{HashMap, HashSet};

use motcua_api::form::FormDefinition;
use motcua_api::lifecycle::StepKind;
use motcua_api::text::{fold, words};
use motcua_api::{
    Agency, FacetValue, Facets, Field, OnlineType, Place, Procedure, ProcedureDetail,
    ProcedureSummary, SearchRequest, SearchResponse, Suggestion, Text,
};

use crate::catalogue::Catalogue;

/// How much a word counts by where it stands: a word of the name outweighs one deep in the steps.
const NAME_VI: f32 = 4.0;
const NAME_EN: f32 = 2.5;
const CODE: f32 = 4.0;
const RESULT: f32 = 1.0;
const FIELD_AGENCY: f32 = 0.6;
const BODY: f32 = 0.4;

/// Match quality: an exact word, a word the query's last word begins (typing in progress), a word one
/// typo away.
const EXACT: f32 = 1.0;
const PREFIX: f32 = 0.7;
const TYPO: f32 = 0.5;

const MAX_QUERY_WORDS: usize = 12;
const MAX_PREFIX_EXPANSIONS: usize = 256;
const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.5;

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
    /// Sorted vocabulary; `postings[i]` and `idf[i]` belong to `terms[i]`.
    terms: Vec<String>,
    postings: Vec<Vec<(u32, f32)>>,
    idf: Vec<f32>,
    /// Every word with one character deleted, pointing to the words it came from: finds the words one
    /// edit away from a query word without scanning the vocabulary.
    deletes: HashMap<String, Vec<u32>>,
    templates: HashSet<String>,
    /// `GET /places` answered as is: three thousand communes are serialized once, not per request.
    places_json: bytes::Bytes,
    offices: HashMap<String, Agency>,
}

fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices().map(move |(i, c)| {
        let mut s = String::with_capacity(word.len());
        s.push_str(&word[..i]);
        s.push_str(&word[i + c.len_utf8()..]);
        s
    })
}

/// Whether two words are at most one insertion, deletion, substitution or swap of neighbours apart.
fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => {
            let diff: Vec<usize> = (0..short.len()).filter(|&i| short[i] != long[i]).collect();
            match diff.as_slice() {
                [] | [_] => true,
                [i, j] => *j == i + 1 && short[*i] == long[*j] && short[*j] == long[*i],
                _ => false,
            }
        }
        1 => {
            let i = (0..short.len())
                .find(|&i| short[i] != long[i])
                .unwrap_or(short.len());
            short[i..] == long[i + 1..]
        }
        _ => false,
    }
}

fn text_pair(t: &Text) -> [&str; 2] {
    [t.vi.as_str(), t.en.as_str()]
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

        let mut term_ids: HashMap<String, usize> = HashMap::new();
        let mut raw_postings: Vec<Vec<(u32, f32)>> = Vec::new();
        let mut doc_lengths = Vec::with_capacity(catalogue.procedures.len());
        let mut facets = Vec::with_capacity(catalogue.procedures.len());
        let mut summaries = Vec::with_capacity(catalogue.procedures.len());
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

            let mut tf: HashMap<String, f32> = HashMap::new();
            let mut length = 0.0;
            let mut add = |text: &str, weight: f32| {
                let folded = fold(text);
                for w in words(&folded) {
                    *tf.entry(w.to_string()).or_default() += weight;
                    length += weight;
                }
            };
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
            doc_lengths.push(length);
            for (term, weight) in tf {
                let next = term_ids.len();
                let id = *term_ids.entry(term).or_insert(next);
                if id == raw_postings.len() {
                    raw_postings.push(Vec::new());
                }
                raw_postings[id].push((doc, weight));
            }
        }

        let n = catalogue.procedures.len().max(1) as f32;
        let avg_len = doc_lengths.iter().sum::<f32>() / n;
        let mut sorted: Vec<(String, usize)> = term_ids.into_iter().collect();
        sorted.sort_unstable();
        let mut terms = Vec::with_capacity(sorted.len());
        let mut postings = Vec::with_capacity(sorted.len());
        let mut idf = Vec::with_capacity(sorted.len());
        for (term, id) in sorted {
            let mut list = std::mem::take(&mut raw_postings[id]);
            let df = list.len() as f32;
            for (doc, w) in &mut list {
                let norm = 1.0 - BM25_B + BM25_B * doc_lengths[*doc as usize] / avg_len.max(1.0);
                *w = *w * (BM25_K1 + 1.0) / (*w + BM25_K1 * norm);
            }
            list.sort_unstable_by_key(|(doc, _)| *doc);
            terms.push(term);
            postings.push(list);
            idf.push((1.0 + (n - df + 0.5) / (df + 0.5)).ln());
        }

        let mut deletes: HashMap<String, Vec<u32>> = HashMap::new();
        for (id, term) in terms.iter().enumerate() {
            if term.chars().count() >= 3 {
                for d in deletions(term) {
                    deletes.entry(d).or_default().push(id as u32);
                }
            }
        }

        let folded_names: Vec<String> = catalogue
            .procedures
            .iter()
            .map(|p| fold(&p.name.vi))
            .collect();
        let mut order: Vec<u32> = (0..catalogue.procedures.len() as u32).collect();
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
            terms,
            postings,
            idf,
            deletes,
        }
    }

    /// The online form of a procedure, if it has one.
    pub fn form(&self, code: &str) -> Option<&FormDefinition> {
        self.catalogue.forms.iter().find(|f| f.procedure == code)
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
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
        Some(ProcedureDetail {
            procedure: p.clone(),
            field: self.catalogue.fields[self.field_ix[&p.field] as usize].clone(),
            agency: self.catalogue.agencies[self.agency_ix[&p.agency] as usize].clone(),
            level: self.catalogue.levels[self.level_ix[&p.level] as usize].clone(),
            has_form: self.form(code).is_some(),
            collect_at: self.collect_at(p),
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

    fn term_id(&self, word: &str) -> Option<usize> {
        self.terms.binary_search_by(|t| t.as_str().cmp(word)).ok()
    }

    /// The vocabulary words a query word stands for, each with its weight: how well it matches times
    /// how telling the word is (idf).
    fn expand(&self, word: &str, is_last: bool) -> Vec<(usize, f32)> {
        let mut out = Vec::new();
        let exact = self.term_id(word);
        if let Some(id) = exact {
            out.push((id, EXACT * self.idf[id]));
        }
        if is_last && word.chars().count() >= 2 {
            let start = self.terms.partition_point(|t| t.as_str() < word);
            out.extend(
                self.terms[start..]
                    .iter()
                    .take_while(|t| t.starts_with(word))
                    .enumerate()
                    .filter(|(_, t)| t.as_str() != word)
                    .take(MAX_PREFIX_EXPANSIONS)
                    .map(|(i, _)| (start + i, PREFIX * self.idf[start + i])),
            );
        }
        // A typo is assumed only for a word the catalogue does not have: a real word stays itself.
        if exact.is_none() && word.chars().count() >= 3 {
            let mut typos: Vec<usize> = Vec::new();
            // An inserted letter: the word minus one letter is a term. A dropped letter: the word is a
            // term minus one. A wrong or swapped letter: both minus one letter meet.
            for d in deletions(word) {
                typos.extend(self.term_id(&d));
                typos.extend(
                    self.deletes
                        .get(&d)
                        .into_iter()
                        .flatten()
                        .map(|&i| i as usize),
                );
            }
            typos.extend(
                self.deletes
                    .get(word)
                    .into_iter()
                    .flatten()
                    .map(|&i| i as usize),
            );
            typos.sort_unstable();
            typos.dedup();
            typos.retain(|&id| within_one_edit(word, &self.terms[id]));
            // Every correction counts as much as the commonest: a rare word one typo away must not
            // outrank the everyday word that was meant.
            let idf = typos
                .iter()
                .map(|&id| self.idf[id])
                .fold(f32::INFINITY, f32::min);
            out.extend(typos.into_iter().map(|id| (id, TYPO * idf)));
        }
        out
    }

    /// Scores every document that matches all the query's words; `None` means the query has no words
    /// and every document matches equally.
    fn score(&self, query: &str) -> Option<Vec<(u32, f32)>> {
        let folded = fold(query);
        let query_words: Vec<&str> = words(&folded).take(MAX_QUERY_WORDS).collect();
        if query_words.is_empty() {
            return None;
        }
        let n = self.len();
        let mut total = vec![0f32; n];
        let mut hits = vec![0u8; n];
        let mut best = vec![0f32; n];
        let mut touched: Vec<u32> = Vec::new();
        for (i, word) in query_words.iter().enumerate() {
            touched.clear();
            for (term, weight) in self.expand(word, i + 1 == query_words.len()) {
                for &(doc, w) in &self.postings[term] {
                    let slot = &mut best[doc as usize];
                    if *slot == 0.0 {
                        touched.push(doc);
                    }
                    *slot = slot.max(weight * w);
                }
            }
            for &doc in &touched {
                let d = doc as usize;
                total[d] += best[d];
                hits[d] += 1;
                best[d] = 0.0;
            }
        }
        let wanted = query_words.len() as u8;
        Some(
            (0..n as u32)
                .filter(|&d| hits[d as usize] == wanted)
                .map(|d| (d, total[d as usize]))
                .collect(),
        )
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

        let scored = self
            .score(&req.q)
            .unwrap_or_else(|| (0..self.len() as u32).map(|d| (d, 0.0)).collect());

        let mut field_counts = vec![0u32; self.catalogue.fields.len()];
        let mut agency_counts = vec![0u32; self.catalogue.agencies.len()];
        let mut level_counts = vec![0u32; self.catalogue.levels.len()];
        let mut online_counts = [0u32; 3];
        let mut results = Vec::new();
        for (doc, score) in scored {
            let f = &self.facets[doc as usize];
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
            if missed == 0 {
                results.push((doc, score));
            }
        }

        let total = results.len() as u32;
        let start = ((req.page - 1) as usize).saturating_mul(req.per_page as usize);
        let end = start
            .saturating_add(req.per_page as usize)
            .min(results.len());
        let by_rank = |a: &(u32, f32), b: &(u32, f32)| {
            b.1.total_cmp(&a.1)
                .then(self.name_rank[a.0 as usize].cmp(&self.name_rank[b.0 as usize]))
        };
        let items = if start < end {
            // Only the requested page needs to be in order.
            results.select_nth_unstable_by(end - 1, by_rank);
            let page = &mut results[..end];
            page.sort_unstable_by(by_rank);
            page[start..]
                .iter()
                .map(|(doc, _)| self.summaries[*doc as usize].clone())
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
        })
    }

    /// Names to offer while a query is typed: its last word counts as a prefix.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<Suggestion> {
        let Some(mut scored) = self.score(query) else {
            return Vec::new();
        };
        scored.sort_unstable_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(self.name_rank[a.0 as usize].cmp(&self.name_rank[b.0 as usize]))
        });
        scored
            .into_iter()
            .take(limit)
            .map(|(doc, _)| {
                let p = self.procedure(doc);
                Suggestion {
                    code: p.code.clone(),
                    name: p.name.clone(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit() {
        assert!(within_one_edit("dung", "dung"));
        assert!(within_one_edit("dung", "dunh"));
        assert!(within_one_edit("dung", "dug"));
        assert!(within_one_edit("dung", "duung"));
        assert!(within_one_edit("dung", "dnug"));
        assert!(!within_one_edit("dung", "dnuh"));
        assert!(!within_one_edit("abc", "bca"));
        assert!(!within_one_edit("dung", "dungxx"));
    }
}
