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

/// Answers by the request they answer, at most `capacity` of them: a flood of different queries
/// empties it rather than grows it.
pub struct Answers {
    kept: Mutex<HashMap<String, Kept>>,
    capacity: usize,
}

impl Answers {
    pub fn new(capacity: usize) -> Answers {
        Answers {
            kept: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// The answer kept for `key`, if it is fresh and was made with the synonyms of `generation`.
    pub fn get(&self, key: &str, generation: u64) -> Option<(Bytes, bool)> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(key)
            .filter(|k| k.generation == generation && k.at.elapsed() < FRESH)
            .map(|k| (k.body.clone(), k.miss))
    }

    pub fn put(&self, key: String, body: Bytes, miss: bool, generation: u64) {
        if self.capacity == 0 {
            return;
        }
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= self.capacity {
            kept.retain(|_, k| k.generation == generation && k.at.elapsed() < FRESH);
            if kept.len() >= self.capacity {
                kept.clear();
            }
        }
        kept.insert(
            key,
            Kept {
                body,
                miss,
                at: Instant::now(),
                generation,
            },
        );
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
        assert_eq!(answers.kept.lock().unwrap().len(), 1, "full: emptied first");
        assert_eq!(answers.get("c", 0).map(|a| a.1), Some(false));
        let none = Answers::new(0);
        none.put("a".into(), Bytes::from_static(b"1"), false, 0);
        assert_eq!(none.get("a", 0), None);
    }
}
