//! The index's vocabulary: every word of the catalogue with the documents it is in (weighted with
//! BM25), how telling it is, how it is written, and the words one typo away.

use std::collections::HashMap;

use super::words::tokens;

/// Match quality: an exact word, a word the query's last word begins (typing in progress), a word one
/// typo away.
const EXACT: f32 = 1.0;
const PREFIX: f32 = 0.7;
const TYPO: f32 = 0.5;

const MAX_PREFIX_EXPANSIONS: usize = 32;
/// A word in at most this many procedures is rare; a word one typo away in this many times as many
/// is the one more likely meant.
const RARE: usize = 1;
const COMMONER: usize = 5;
const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.5;

/// How a query word may be completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Completion {
    /// A finished word: itself, or the words one typo away where it is none.
    Whole,
    /// Still being typed (the last word as suggestions see it): the words it begins as well.
    Typing,
    /// The last word of a search: finished, unless that finds nothing (a search for "giấy ph").
    Either,
}

/// The terms a query word stands for and how it met them.
#[derive(Debug, Default, Clone)]
pub struct Expansion {
    /// Each term with its weight: how well it matches times how telling the term is (idf).
    pub terms: Vec<(u32, f32)>,
    pub exact: bool,
    /// The terms one typo away, where the word itself is no term: the corrections to offer. In
    /// term order, commonest first where that matters is the caller's choice.
    pub typos: Vec<u32>,
    /// The commonest of `typos`.
    pub commonest_typo: Option<u32>,
    /// The terms a word still being typed begins, with their weights.
    pub begun: Vec<(u32, f32)>,
    /// `begun` counts only where it is in a name: while people type, what they are completing is a
    /// name, and the documents' texts would be far too many to look through at every letter.
    pub begun_in_names: bool,
}

impl Expansion {
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.begun.is_empty()
    }

    /// Every term, begun or not.
    pub fn all_terms(&self) -> impl Iterator<Item = u32> + '_ {
        self.terms.iter().chain(&self.begun).map(|(t, _)| *t)
    }
}

#[derive(Default)]
pub struct VocabularyBuilder {
    ids: HashMap<String, usize>,
    postings: Vec<HashMap<u32, f32>>,
    written: Vec<HashMap<String, u32>>,
    lengths: Vec<f32>,
}

impl VocabularyBuilder {
    /// Adds a text of a document, each of its words counting `weight`.
    pub fn add(&mut self, doc: u32, text: &str, weight: f32) {
        let d = doc as usize;
        if self.lengths.len() <= d {
            self.lengths.resize(d + 1, 0.0);
        }
        for (written, key) in tokens(text) {
            let next = self.ids.len();
            let id = *self.ids.entry(key).or_insert(next);
            if id == self.postings.len() {
                self.postings.push(HashMap::new());
                self.written.push(HashMap::new());
            }
            *self.postings[id].entry(doc).or_default() += weight;
            *self.written[id].entry(written).or_default() += 1;
            self.lengths[d] += weight;
        }
    }

    pub fn finish(mut self, documents: usize) -> Vocabulary {
        let n = documents.max(1) as f32;
        let avg_len = self.lengths.iter().sum::<f32>() / n;
        let mut sorted: Vec<(String, usize)> = self.ids.into_iter().collect();
        sorted.sort_unstable();
        let mut v = Vocabulary::default();
        for (term, id) in sorted {
            let mut list: Vec<(u32, f32)> =
                std::mem::take(&mut self.postings[id]).into_iter().collect();
            let df = list.len() as f32;
            for (doc, w) in &mut list {
                let norm = 1.0 - BM25_B + BM25_B * self.lengths[*doc as usize] / avg_len.max(1.0);
                *w = *w * (BM25_K1 + 1.0) / (*w + BM25_K1 * norm);
            }
            list.sort_unstable_by_key(|(doc, _)| *doc);
            let written = std::mem::take(&mut self.written[id])
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(w, _)| w)
                .unwrap_or_else(|| term.clone());
            v.terms.push(term);
            v.postings.push(list);
            v.idf.push((1.0 + (n - df + 0.5) / (df + 0.5)).ln());
            v.written.push(written);
        }
        for (id, term) in v.terms.iter().enumerate() {
            if term.chars().count() >= 3 {
                for d in deletions(term) {
                    v.deletes.entry(d).or_default().push(id as u32);
                }
            }
        }
        v
    }
}

#[derive(Default)]
pub struct Vocabulary {
    /// Sorted; `postings[i]`, `idf[i]` and `written[i]` belong to `terms[i]`.
    terms: Vec<String>,
    postings: Vec<Vec<(u32, f32)>>,
    idf: Vec<f32>,
    /// How each term is most often written in the catalogue, for a correction shown to people.
    written: Vec<String>,
    /// Every word with one character deleted, pointing to the words it came from: finds the words one
    /// edit away from a query word without scanning the vocabulary.
    deletes: HashMap<String, Vec<u32>>,
    /// The terms of procedures' names, in term order: what a word being typed may begin.
    name_terms: Vec<u32>,
    /// Per term, the documents whose names have it, weighted as in `postings`.
    name_postings: Vec<Vec<(u32, f32)>>,
}

impl Vocabulary {
    /// Says which terms each document's names have.
    pub fn set_names<'a>(&mut self, names: impl Iterator<Item = (u32, &'a [u32])>) {
        self.name_postings = vec![Vec::new(); self.terms.len()];
        for (doc, terms) in names {
            for &t in terms {
                let list = &mut self.name_postings[t as usize];
                if list.last().is_some_and(|(d, _)| *d == doc) {
                    continue;
                }
                let full = &self.postings[t as usize];
                if let Ok(i) = full.binary_search_by_key(&doc, |(d, _)| *d) {
                    list.push(full[i]);
                }
            }
        }
        for list in &mut self.name_postings {
            list.sort_unstable_by_key(|(d, _)| *d);
            list.dedup_by_key(|(d, _)| *d);
        }
        self.name_terms = (0..self.terms.len() as u32)
            .filter(|&t| !self.name_postings[t as usize].is_empty())
            .collect();
    }

    pub fn name_postings(&self, term: u32) -> &[(u32, f32)] {
        &self.name_postings[term as usize]
    }

    pub fn term_id(&self, key: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| t.as_str().cmp(key))
            .ok()
            .map(|i| i as u32)
    }

    pub fn postings(&self, term: u32) -> &[(u32, f32)] {
        &self.postings[term as usize]
    }

    pub fn written(&self, term: u32) -> &str {
        &self.written[term as usize]
    }

    /// Whether some term begins with this key (itself included).
    pub fn has_prefix(&self, key: &str) -> bool {
        let start = self.terms.partition_point(|t| t.as_str() < key);
        self.terms.get(start).is_some_and(|t| t.starts_with(key))
    }

    /// The terms a query word stands for.
    pub fn expand(&self, key: &str, how: Completion) -> Expansion {
        let mut out = Expansion::default();
        let exact = self.term_id(key);
        if let Some(id) = exact {
            out.terms.push((id, EXACT * self.idf[id as usize]));
            out.exact = true;
        }
        // A typo is assumed only for a word the catalogue does not have: a real word stays itself.
        // A word still being typed may be either the start of a word or a finished word one typo
        // off ("hom" for "hôn"): both count.
        // A word the catalogue has only once or twice may still be a slip for a common one ("hôm"
        // for "hôn"): the common words one typo away count too.
        let rare = exact.map(|id| self.postings[id as usize].len());
        let rare = rare.filter(|&df| df <= RARE);
        if (exact.is_none() || rare.is_some()) && key.chars().count() >= 3 {
            let mut typos = self.typos(key);
            if let Some(df) = rare {
                typos.retain(|&t| self.postings[t as usize].len() >= COMMONER * df);
            }
            // Every correction counts as much as the commonest: a rare word one typo away must not
            // outrank the everyday word that was meant.
            let commonest = typos
                .iter()
                .copied()
                .min_by(|a, b| self.idf[*a as usize].total_cmp(&self.idf[*b as usize]));
            if let Some(best) = commonest {
                let idf = self.idf[best as usize];
                out.terms.extend(typos.iter().map(|&id| (id, TYPO * idf)));
                out.typos = typos;
                out.commonest_typo = Some(best);
            }
        }
        let prefix = match how {
            Completion::Whole => false,
            Completion::Typing => true,
            Completion::Either => out.terms.is_empty(),
        };
        if prefix && !key.is_empty() {
            let start = self.terms.partition_point(|t| t.as_str() < key) as u32;
            let end = self
                .terms
                .partition_point(|t| t.as_str() < key || t.starts_with(key))
                as u32;
            // While typing, the words names begin; a search's last word cut short, any word. The
            // commonest first, as many as are worth looking through.
            out.begun_in_names = how == Completion::Typing;
            let mut begun: Vec<u32> = if out.begun_in_names {
                let from = self.name_terms.partition_point(|&t| t < start);
                self.name_terms[from..]
                    .iter()
                    .copied()
                    .take_while(|&t| t < end)
                    .collect()
            } else {
                (start..end).collect()
            };
            begun.retain(|id| !out.terms.iter().any(|(t, _)| t == id));
            let df = |t: u32| {
                if out.begun_in_names {
                    self.name_postings[t as usize].len()
                } else {
                    self.postings[t as usize].len()
                }
            };
            if begun.len() > MAX_PREFIX_EXPANSIONS {
                begun.select_nth_unstable_by_key(MAX_PREFIX_EXPANSIONS - 1, |&t| {
                    std::cmp::Reverse(df(t))
                });
                begun.truncate(MAX_PREFIX_EXPANSIONS);
            }
            out.begun = begun
                .into_iter()
                .map(|id| (id, PREFIX * self.idf[id as usize]))
                .collect();
        }
        out
    }

    /// The terms one insertion, deletion, substitution or swap away.
    fn typos(&self, key: &str) -> Vec<u32> {
        let mut typos: Vec<u32> = Vec::new();
        // An inserted letter: the word minus one letter is a term. A dropped letter: the word is a
        // term minus one. A wrong or swapped letter: both minus one letter meet.
        for d in deletions(key) {
            typos.extend(self.term_id(&d));
            typos.extend(self.deletes.get(&d).into_iter().flatten());
        }
        typos.extend(self.deletes.get(key).into_iter().flatten());
        typos.sort_unstable();
        typos.dedup();
        typos.retain(|&id| within_one_edit(key, &self.terms[id as usize]));
        typos
    }
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

    #[test]
    fn corrections_are_written_as_the_catalogue_writes_them() {
        let mut b = VocabularyBuilder::default();
        b.add(0, "Cấp giấy phép xây dựng", 1.0);
        b.add(1, "Giấy phép lái xe", 1.0);
        let mut v = b.finish(2);
        v.set_names(
            [
                (0, &[0u32, 1, 2, 3, 4, 5][..]),
                (1, &[0u32, 1, 2, 3, 4, 5][..]),
            ]
            .into_iter(),
        );
        let e = v.expand("dugn", Completion::Whole);
        assert_eq!(v.written(e.commonest_typo.unwrap()), "dựng");
        assert!(v.expand("giay", Completion::Typing).exact);
        assert!(v.expand("giay", Completion::Typing).typos.is_empty());
        assert_eq!(v.expand("ph", Completion::Typing).begun.len(), 1);
        assert_eq!(v.expand("ph", Completion::Either).begun.len(), 1);
        assert!(v.expand("ph", Completion::Whole).is_empty());
        // A finished word one typo off is read as the word, not as the start of another.
        let mut b = VocabularyBuilder::default();
        b.add(0, "kết hôn homestay", 1.0);
        let mut v = b.finish(1);
        v.set_names([(0, &[0u32, 1, 2][..])].into_iter());
        let either = v.expand("hom", Completion::Either);
        assert_eq!((either.terms.len(), either.begun.len()), (1, 0));
        let typing = v.expand("hom", Completion::Typing);
        assert_eq!((typing.terms.len(), typing.begun.len()), (1, 1));
        // A word of one procedure next to a word of many, one typo apart.
        let mut b = VocabularyBuilder::default();
        for doc in 0..10 {
            b.add(doc, "đăng ký kết hôn", 1.0);
        }
        b.add(10, "ngày hôm sau", 1.0);
        let v = b.finish(11);
        let e = v.expand("hom", Completion::Whole);
        assert!(e.exact);
        assert_eq!(e.typos.len(), 1);
        assert_eq!(v.written(e.typos[0]), "hôn");
    }
}
