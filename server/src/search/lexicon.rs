//! How a query is read before it is matched: keyboard leftovers decoded, everyday words and
//! abbreviations read as the catalogue's words too, and words that carry no meaning here left out.

use std::collections::{HashMap, HashSet};

use motcua_api::text::fold;

use super::keyboard;
use super::vocab::{Completion, Vocabulary};
use super::words::{canonical, keys, tokens};
use crate::catalogue::SearchWords;

/// A synonym counts less than the catalogue's own words: the name people search by wins where
/// both match.
const SYNONYM: f32 = 0.8;
/// A phrase people say that the word being typed may only begin counts less again: "ho" may become
/// "house" as well as many another word.
const SYNONYM_BEGUN: f32 = 0.4;
const MAX_QUERY_WORDS: usize = 12;

/// The fillers and synonyms in force: the catalogue's and the officers'.
#[derive(Default)]
pub struct Lexicon {
    /// Longest first, so "cần giấy tờ gì" goes before "gì".
    fillers: Vec<Vec<String>>,
    /// What each phrase people say may be read as, keyed by the phrase's keys.
    means: HashMap<Vec<String>, Vec<Vec<String>>>,
    /// The longest phrase people say, in words: how far a match is looked for.
    longest: usize,
    /// Every word of a phrase people say: a keyboard decoding that gives one is a good reading.
    said: HashSet<String>,
}

impl Lexicon {
    /// `extra`: the officers' synonyms, as (say, mean).
    pub fn new(words: &SearchWords, extra: &[(String, String)]) -> Lexicon {
        let mut lex = Lexicon::default();
        let mut fillers: Vec<Vec<String>> = words
            .fillers
            .iter()
            .map(|f| keys(f))
            .filter(|k| !k.is_empty())
            .collect();
        fillers.sort_by_key(|f| std::cmp::Reverse(f.len()));
        lex.fillers = fillers;
        let pairs = words
            .synonyms
            .iter()
            .flat_map(|e| {
                e.say
                    .iter()
                    .flat_map(move |s| e.mean.iter().map(move |m| (s.as_str(), m.as_str())))
            })
            .chain(extra.iter().map(|(s, m)| (s.as_str(), m.as_str())));
        for (say, mean) in pairs {
            let (say, mean) = (keys(say), keys(mean));
            if say.is_empty() || mean.is_empty() || say == mean {
                continue;
            }
            lex.longest = lex.longest.max(say.len());
            lex.said.extend(say.iter().cloned());
            let list = lex.means.entry(say).or_default();
            if !list.contains(&mean) {
                list.push(mean);
            }
        }
        lex
    }

    /// Whether a (say, mean) pair is known already.
    pub fn knows(&self, say: &str, mean: &str) -> bool {
        self.means
            .get(&keys(say))
            .is_some_and(|m| m.contains(&keys(mean)))
    }
}

/// A way to match part of a query: all its words must be found in a procedure.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub words: Vec<String>,
    pub weight: f32,
    /// How its last word may be completed (the others are whole words).
    pub last: Completion,
}

/// A part of the query that must match: one word as typed, or a phrase with its synonyms.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// The words as typed (or as decoded from the keyboard), for the sentence that names what was
    /// not found.
    pub shown: String,
    /// The first is the words themselves; synonyms follow.
    pub alternatives: Vec<Alternative>,
}

#[derive(Debug, Default, PartialEq)]
pub struct Analysis {
    pub slots: Vec<Slot>,
    /// The query as decoded, where some word was typed with the keyboard's Vietnamese input off.
    pub keyboard: Option<String>,
    /// The words as typed, or decoded, in order, each with its slot (`None` for a filler).
    pub words: Vec<(String, Option<usize>)>,
}

struct Word {
    shown: String,
    key: String,
}

/// Reads a query; `last` says how its last word may be completed.
pub fn analyse(query: &str, vocab: &Vocabulary, lex: &Lexicon, last: Completion) -> Analysis {
    let mut typed = tokens(query);
    typed.truncate(MAX_QUERY_WORDS);
    let n = typed.len();
    let mut decoded_any = false;
    let words: Vec<Word> = typed
        .into_iter()
        .enumerate()
        .map(|(i, (written, key))| {
            let typing = last == Completion::Typing && i + 1 == n;
            match decode(&written, &key, typing, vocab, lex) {
                Some((shown, key)) => {
                    decoded_any = true;
                    Word { shown, key }
                }
                None => Word {
                    shown: written,
                    key,
                },
            }
        })
        .collect();
    let keyboard = decoded_any.then(|| {
        words
            .iter()
            .map(|w| w.shown.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    });

    let mut analysis = Analysis {
        keyboard,
        ..Analysis::default()
    };
    // How many words of a filler remain from each word on (0: none). Fillers count only where
    // something else remains: a query of fillers alone is searched as it is.
    let keys: Vec<String> = words.iter().map(|w| w.key.clone()).collect();
    let mut filler = vec![0usize; n];
    let mut i = 0;
    while i < n {
        match lex.fillers.iter().find(|f| keys[i..].starts_with(f)) {
            Some(f) => {
                for (k, x) in filler[i..i + f.len()].iter_mut().enumerate() {
                    *x = f.len() - k;
                }
                i += f.len();
            }
            None => i += 1,
        }
    }
    if filler.iter().all(|f| *f > 0) {
        filler = vec![0; n];
    }

    let completion = |end: usize| if end == n { last } else { Completion::Whole };
    let mut i = 0;
    while i < n {
        // A phrase people say wins over a filler only where it reaches further ("cho bố" is a
        // filler, not "bố" as "cha").
        let synonym = synonym_at(&keys, i, last == Completion::Typing, lex)
            .filter(|(len, _, _)| *len > filler[i]);
        if let Some((len, means, weight)) = synonym {
            let span = &words[i..i + len];
            let mut alternatives = vec![Alternative {
                words: span.iter().map(|w| w.key.clone()).collect(),
                weight: 1.0,
                last: completion(i + len),
            }];
            alternatives.extend(means.into_iter().map(|m| Alternative {
                words: m,
                weight,
                last: Completion::Whole,
            }));
            push_slot(&mut analysis, span, alternatives);
            i += len;
        } else if filler[i] > 0 {
            analysis.words.push((words[i].shown.clone(), None));
            i += 1;
        } else {
            let alternatives = vec![Alternative {
                words: vec![words[i].key.clone()],
                weight: 1.0,
                last: completion(i + 1),
            }];
            push_slot(&mut analysis, &words[i..i + 1], alternatives);
            i += 1;
        }
    }
    analysis
}

fn push_slot(analysis: &mut Analysis, span: &[Word], alternatives: Vec<Alternative>) {
    let slot = analysis.slots.len();
    analysis
        .words
        .extend(span.iter().map(|w| (w.shown.clone(), Some(slot))));
    analysis.slots.push(Slot {
        shown: span
            .iter()
            .map(|w| w.shown.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        alternatives,
    });
}

/// The longest phrase people say that starts at word `i`, and what it means. The query's last word
/// may be the beginning of the phrase's last word while it is typed: then every phrase it may begin
/// counts, up to a few.
fn synonym_at(
    keys: &[String],
    i: usize,
    prefix: bool,
    lex: &Lexicon,
) -> Option<(usize, Vec<Vec<String>>, f32)> {
    const MAX_MEANINGS: usize = 8;
    let n = keys.len();
    for len in (1..=lex.longest.min(n - i)).rev() {
        let span = &keys[i..i + len];
        if let Some(m) = lex.means.get(span) {
            return Some((len, m.clone(), SYNONYM));
        }
        if prefix && i + len == n {
            let mut found: Vec<&Vec<String>> = lex
                .means
                .iter()
                .filter(|(say, _)| {
                    say.len() == len
                        && say[..len - 1] == span[..len - 1]
                        && say[len - 1].starts_with(span[len - 1].as_str())
                })
                .flat_map(|(_, m)| m)
                .collect();
            found.sort();
            found.dedup();
            if !found.is_empty() {
                let means = found.into_iter().take(MAX_MEANINGS).cloned().collect();
                return Some((len, means, SYNONYM_BEGUN));
            }
        }
    }
    None
}

/// A word typed with the keyboard's Vietnamese input switched off, read as the word meant — but only
/// where the word as typed is no word of the catalogue and the reading is.
fn decode(
    written: &str,
    key: &str,
    typing: bool,
    vocab: &Vocabulary,
    lex: &Lexicon,
) -> Option<(String, String)> {
    let known = |k: &str| {
        vocab.term_id(k).is_some() || lex.said.contains(k) || (typing && vocab.has_prefix(k))
    };
    if known(key) {
        return None;
    }
    let decoded = if typing {
        keyboard::decode_prefix(written)
    } else {
        keyboard::decode(written)
    }?;
    let decoded_key = canonical(&fold(&decoded));
    known(&decoded_key).then_some((decoded, decoded_key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::SynonymEntry;
    use crate::search::vocab::VocabularyBuilder;

    fn vocab() -> Vocabulary {
        let mut b = VocabularyBuilder::default();
        b.add(0, "Cấp Giấy chứng nhận quyền sử dụng đất", 1.0);
        b.add(1, "Đăng ký kết hôn", 1.0);
        b.add(2, "Cấp giấy phép lái xe", 1.0);
        b.finish(3)
    }

    fn lexicon() -> Lexicon {
        Lexicon::new(
            &SearchWords {
                synonyms: vec![SynonymEntry {
                    say: vec!["sổ hồng".into(), "sổ đỏ".into()],
                    mean: vec!["giấy chứng nhận quyền sử dụng đất".into()],
                }],
                fillers: vec!["thủ tục".into(), "xin".into(), "ở đâu".into()],
            },
            &[("GPLX".into(), "giấy phép lái xe".into())],
        )
    }

    #[test]
    fn fillers_are_left_out_and_kept_for_display() {
        let a = analyse(
            "Thủ tục đăng ký kết hôn ở đâu",
            &vocab(),
            &lexicon(),
            Completion::Whole,
        );
        assert_eq!(a.slots.len(), 4);
        assert_eq!(a.slots[0].shown, "đăng");
        assert_eq!(a.words.len(), 8);
        assert_eq!(a.words[0], ("thủ".to_string(), None));
        // Fillers alone are what was asked.
        assert_eq!(
            analyse("thủ tục", &vocab(), &lexicon(), Completion::Whole)
                .slots
                .len(),
            2
        );
    }

    #[test]
    fn everyday_words_are_read_as_the_catalogues_too() {
        let a = analyse("sang tên so do", &vocab(), &lexicon(), Completion::Whole);
        let slot = a.slots.last().unwrap();
        assert_eq!(slot.shown, "so do");
        assert_eq!(slot.alternatives.len(), 2);
        assert_eq!(slot.alternatives[1].words[0], "giay");
        // An officer's synonym, and a phrase still being typed.
        assert_eq!(
            analyse("gplx", &vocab(), &lexicon(), Completion::Whole).slots[0].alternatives[1].words,
            keys("giấy phép lái xe")
        );
        assert_eq!(
            analyse("sổ hồ", &vocab(), &lexicon(), Completion::Typing).slots[0]
                .alternatives
                .len(),
            2
        );
    }
}
