//! Words as the index and queries meet them: folded (case, diacritics, đ→d, in any Unicode form) and
//! with the spellings that mean the same word made one.

use motcua_api::text::{fold, nfc};

/// The onsets after which a lone "y" is the vowel "i" of Sino-Vietnamese syllables written either way
/// (kí/ký, lí/lý, mĩ/mỹ, sĩ/sỹ, quí/quý). A "y" after a vowel ("tay", "thuy") is another sound and
/// stays. Tone marks placed old style or new (hoà/hòa, thuỷ/thủy) need nothing: folding drops them.
const I_Y_ONSETS: [&str; 24] = [
    "b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "ch", "gh", "kh",
    "nh", "ph", "th", "tr", "ng", "qu",
];

/// One folded word in the form the index keeps.
pub fn canonical(folded: &str) -> String {
    match folded.strip_suffix('y') {
        Some(onset) if I_Y_ONSETS.contains(&onset) => format!("{onset}i"),
        _ => folded.to_string(),
    }
}

/// A text's words as written (lower case, NFC) and as keys, in order. Composed first: in NFD a
/// word's marks are characters of their own, which would split it.
pub fn tokens(text: &str) -> Vec<(String, String)> {
    nfc(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| (w.to_lowercase(), canonical(&fold(w))))
        .collect()
}

/// A text's keys, in order.
pub fn keys(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|(_, key)| key).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn i_and_y_spellings_meet() {
        assert_eq!(
            keys("Kí, KÝ, lí lịch, mĩ thuật, bác sỹ"),
            keys("ký ky lý lịch mỹ thuật bác sĩ")
        );
        assert_eq!(keys("quý"), ["qui"]);
        // "y" after a vowel is another word.
        assert_eq!(keys("thủy tay y tế"), ["thuy", "tay", "y", "te"]);
    }

    #[test]
    fn tone_placement_old_and_new_meet() {
        assert_eq!(keys("hoà giải thuỷ lợi"), keys("hòa giải thủy lợi"));
    }

    #[test]
    fn tokens_keep_the_written_word() {
        let t = tokens("Đăng KÝ");
        assert_eq!(
            t,
            [("đăng".into(), "dang".into()), ("ký".into(), "ki".into())]
        );
    }
}
