//! Published questions searched as the catalogue is: the same folding, synonyms, keyboard decoding
//! and typo tolerance over an index of their own words.
//!
//! The index is held in memory and rebuilt whenever the store's count of changes to what is
//! published has moved past the one it was built at, so every server running on the same database
//! catches up on its next search, whichever of them published.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::lexicon::{analyse, Lexicon};
use super::vocab::{Completion, Vocabulary, VocabularyBuilder};
use crate::store::questions::IndexedQuestion;
use crate::store::Store;

/// How much a word counts by where it stands: the title says what the question is about.
const TITLE: f32 = 3.0;
const QUESTION: f32 = 1.0;
const ANSWER: f32 = 0.6;
/// Where no question has every word, the closest are those that score at least this share of the
/// best (as the catalogue does).
const PARTIAL_SHARE: f32 = 0.3;

/// The served questions' words, as of one version of what is published.
#[derive(Default)]
struct Built {
    version: i64,
    /// Each document's code and procedure; documents are numbered in order of publication.
    docs: Vec<(String, Option<String>)>,
    vocab: Vocabulary,
}

impl Built {
    fn new(version: i64, questions: Vec<IndexedQuestion>) -> Built {
        let mut builder = VocabularyBuilder::default();
        let mut docs = Vec::with_capacity(questions.len());
        for (doc, q) in questions.into_iter().enumerate() {
            let doc = doc as u32;
            builder.add(doc, &q.title, TITLE);
            builder.add(doc, &q.question, QUESTION);
            builder.add(doc, &q.answer, ANSWER);
            docs.push((q.code, q.procedure));
        }
        let vocab = builder.finish(docs.len());
        Built {
            version,
            docs,
            vocab,
        }
    }

    /// The documents that match the query best first: those with every part of it, or where none
    /// has, the closest; alike, the latest published first.
    fn search(&self, query: &str, lexicon: &Lexicon, procedure: Option<&str>) -> Vec<String> {
        let analysis = analyse(query, &self.vocab, lexicon, Completion::Either);
        let mut scores: HashMap<u32, (f32, usize)> = HashMap::new();
        for slot in &analysis.slots {
            // Per document, the best alternative of the slot that has every one of its words.
            let mut best: HashMap<u32, f32> = HashMap::new();
            for alt in &slot.alternatives {
                let mut found: HashMap<u32, (f32, usize)> = HashMap::new();
                for (w, word) in alt.words.iter().enumerate() {
                    let how = if w + 1 == alt.words.len() {
                        alt.last
                    } else {
                        Completion::Whole
                    };
                    let e = self.vocab.expand(word, how);
                    let mut word_best: HashMap<u32, f32> = HashMap::new();
                    for &(term, weight) in e.terms.iter().chain(&e.begun) {
                        for &(doc, tf) in self.vocab.postings(term) {
                            let s = word_best.entry(doc).or_default();
                            *s = s.max(weight * tf);
                        }
                    }
                    for (doc, s) in word_best {
                        let f = found.entry(doc).or_default();
                        f.0 += s;
                        f.1 += 1;
                    }
                }
                for (doc, (s, words)) in found {
                    if words == alt.words.len() {
                        let b = best.entry(doc).or_default();
                        *b = b.max(alt.weight * s);
                    }
                }
            }
            for (doc, s) in best {
                let t = scores.entry(doc).or_default();
                t.0 += s;
                t.1 += 1;
            }
        }
        let parts = analysis.slots.len();
        let mut hits: Vec<(u32, f32, usize)> = scores
            .into_iter()
            .filter(|(doc, _)| {
                procedure.is_none_or(|p| self.docs[*doc as usize].1.as_deref() == Some(p))
            })
            .map(|(doc, (score, matched))| (doc, score, matched))
            .collect();
        if hits.iter().any(|h| h.2 == parts) {
            hits.retain(|h| h.2 == parts);
        } else {
            let top = hits.iter().map(|h| h.1).fold(0.0, f32::max);
            hits.retain(|h| h.1 >= PARTIAL_SHARE * top);
        }
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
        hits.into_iter()
            .map(|(doc, _, _)| self.docs[doc as usize].0.clone())
            .collect()
    }
}

/// The search over published questions, kept as fresh as the store says.
#[derive(Default)]
pub struct QuestionIndex {
    built: RwLock<Option<Arc<Built>>>,
    /// One rebuild at a time: the others wait for it rather than make their own.
    rebuilding: tokio::sync::Mutex<()>,
}

impl QuestionIndex {
    /// The codes of the served questions that match `query` (of `procedure` only, if named), best
    /// first. The store's version is read at each search: a copy behind it is rebuilt first.
    pub async fn search(
        &self,
        store: &Store,
        lexicon: &Lexicon,
        query: &str,
        procedure: Option<&str>,
    ) -> anyhow::Result<Vec<String>> {
        let built = self.current(store).await?;
        Ok(built.search(query, lexicon, procedure))
    }

    async fn current(&self, store: &Store) -> anyhow::Result<Arc<Built>> {
        let version = store.questions_version().await?;
        if let Some(built) = self.fresh(version) {
            return Ok(built);
        }
        let _one = self.rebuilding.lock().await;
        if let Some(built) = self.fresh(version) {
            return Ok(built);
        }
        let (version, questions) = store.questions_to_index().await?;
        let built = Arc::new(Built::new(version, questions));
        *self.built.write().unwrap_or_else(|e| e.into_inner()) = Some(built.clone());
        Ok(built)
    }

    /// The index built, if it is at `version` or past it.
    fn fresh(&self, version: i64) -> Option<Arc<Built>> {
        let built = self.built.read().unwrap_or_else(|e| e.into_inner());
        built.as_ref().filter(|b| b.version >= version).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::SearchWords;

    fn question(code: &str, procedure: &str, title: &str, question: &str) -> IndexedQuestion {
        IndexedQuestion {
            code: code.into(),
            procedure: Some(procedure.into()),
            title: title.into(),
            question: question.into(),
            answer: "Cơ quan đã trả lời.".into(),
        }
    }

    fn built() -> Built {
        Built::new(
            1,
            vec![
                question(
                    "PA-1",
                    "1.001",
                    "Thời hạn cấp giấy chứng nhận quyền sử dụng đất đai",
                    "Bao lâu thì có sổ?",
                ),
                question(
                    "PA-2",
                    "1.002",
                    "Lệ phí đăng ký khai sinh",
                    "Đăng ký khai sinh có mất phí không?",
                ),
                question(
                    "PA-3",
                    "1.001",
                    "Hồ sơ đất đai cần những gì",
                    "Tôi cần chuẩn bị giấy tờ gì?",
                ),
            ],
        )
    }

    #[test]
    fn questions_are_found_folded_and_mistyped() {
        let b = built();
        let lex = Lexicon::new(&SearchWords::default(), &[]);
        let found = |q: &str, p: Option<&str>| b.search(q, &lex, p);
        assert_eq!(found("dat dai", None), ["PA-3", "PA-1"]);
        assert_eq!(found("ĐẤT ĐAI", None), found("dat dai", None));
        // NFD as some keyboards send it.
        assert_eq!(found("đa\u{0301}t đai", None).len(), 2);
        assert_eq!(found("khai sinhh", None), ["PA-2"], "one letter too many");
        assert_eq!(found("lẹ phi", None), ["PA-2"]);
        assert_eq!(found("dat dai", Some("1.002")), Vec::<String>::new());
        assert_eq!(found("giấy", Some("1.001")), ["PA-1", "PA-3"]);
        assert!(found("passport visa", None).is_empty());
    }
}
