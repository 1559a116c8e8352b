//! Answers already given: people ask the same few things all day ("khai sinh", "giấy phép xây
//! dựng") and type the same first letters, so a search or a suggestion asked again within a short
//! while is answered with the bytes sent the first time.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;

/// How long an answer stands: looks and applications reorder suggestions, slowly.
const FRESH: Duration = Duration::from_secs(30);

/// An answer and what it was for.
struct Kept {
    body: Bytes,
    /// The search found nothing as typed: it counts as a miss each time it is asked.
    miss: bool,
    at: Instant,
    generation: u64,
}

/// The bytes of all answers kept together, whatever their number: a hundred results to a page
/// make an answer of tens of kilobytes.
const MAX_BYTES: usize = 16 * 1024 * 1024;

/// Answers by the request they answer, at most `capacity` of them and [`MAX_BYTES`] in all: a
/// flood of different queries empties it rather than grows it.
pub struct Answers {
    kept: Mutex<Table>,
    capacity: usize,
}

#[derive(Default)]
struct Table {
    answers: HashMap<String, Kept>,
    bytes: usize,
}

impl Answers {
    pub fn new(capacity: usize) -> Answers {
        Answers {
            kept: Mutex::new(Table::default()),
            capacity,
        }
    }

    /// The answer kept for `key`, if it is fresh and was made with the synonyms of `generation`.
    pub fn get(&self, key: &str, generation: u64) -> Option<(Bytes, bool)> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.answers
            .get(key)
            .filter(|k| k.generation == generation && k.at.elapsed() < FRESH)
            .map(|k| (k.body.clone(), k.miss))
    }

    pub fn put(&self, key: String, body: Bytes, miss: bool, generation: u64) {
        if self.capacity == 0 {
            return;
        }
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let full = |t: &Table| t.answers.len() >= self.capacity || t.bytes + body.len() > MAX_BYTES;
        if full(&kept) {
            kept.answers
                .retain(|_, k| k.generation == generation && k.at.elapsed() < FRESH);
            kept.bytes = kept.answers.values().map(|k| k.body.len()).sum();
            if full(&kept) {
                kept.answers.clear();
                kept.bytes = 0;
            }
        }
        kept.bytes += body.len();
        let old = kept.answers.insert(
            key,
            Kept {
                body,
                miss,
                at: Instant::now(),
                generation,
            },
        );
        if let Some(old) = old {
            kept.bytes -= old.body.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_kept_for_their_generation_and_up_to_a_bound() {
        let answers = Answers::new(2);
        answers.put("a".into(), Bytes::from_static(b"1"), false, 0);
        assert_eq!(answers.get("a", 0), Some((Bytes::from_static(b"1"), false)));
        assert_eq!(answers.get("a", 1), None, "synonyms changed since");
        answers.put("b".into(), Bytes::from_static(b"2"), true, 0);
        answers.put("c".into(), Bytes::from_static(b"3"), false, 0);
        assert_eq!(
            answers.kept.lock().unwrap().answers.len(),
            1,
            "full: emptied first"
        );
        let big = Answers::new(10);
        big.put("a".into(), Bytes::from(vec![b'x'; MAX_BYTES - 1]), false, 0);
        big.put("b".into(), Bytes::from_static(b"yy"), false, 0);
        assert_eq!(big.get("a", 0), None, "over the bytes: emptied first");
        assert_eq!(big.kept.lock().unwrap().bytes, 2);
        assert_eq!(answers.get("c", 0).map(|a| a.1), Some(false));
        let none = Answers::new(0);
        none.put("a".into(), Bytes::from_static(b"1"), false, 0);
        assert_eq!(none.get("a", 0), None);
    }
}
