//! Vietnamese text as search sees it.
//!
//! In the browser, normalising and stripping marks is the browser's own (`String.prototype.normalize`,
//! `\p{M}`): the same Unicode rules, without the decomposition and composition tables that would add
//! about 60 KB to every bundle that reads a name or a typed answer.

/// Normalises to NFC, the form all text is stored and compared in.
pub fn nfc(s: &str) -> String {
    unicode::nfc(s)
}

/// Folds text for matching: case, diacritics and đ/Đ are ignored, so "Đăng ký", "dang ky" and the same
/// words typed in NFD all fold alike.
pub fn fold(s: &str) -> String {
    let bare = unicode::without_marks(s);
    let mut out = String::with_capacity(bare.len());
    for c in bare.chars() {
        match c {
            'đ' | 'Đ' => out.push('d'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(not(target_arch = "wasm32"))]
mod unicode {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;

    pub fn nfc(s: &str) -> String {
        s.nfc().collect()
    }

    /// The text decomposed (NFD) with every combining mark left out.
    pub fn without_marks(s: &str) -> String {
        s.nfd().filter(|&c| !is_combining_mark(c)).collect()
    }
}

#[cfg(target_arch = "wasm32")]
mod unicode {
    use js_sys::{JsString, RegExp};

    pub fn nfc(s: &str) -> String {
        JsString::from(s).normalize("NFC").into()
    }

    /// The text decomposed (NFD) with every combining mark (General Category M, as
    /// `is_combining_mark` on the server) left out.
    pub fn without_marks(s: &str) -> String {
        let marks = RegExp::new(r"\p{M}", "gu");
        JsString::from(s)
            .normalize("NFD")
            .replace_by_pattern(&marks, "")
            .into()
    }
}

/// Splits folded text into words: runs of letters and digits.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_diacritics_case_and_d() {
        assert_eq!(fold("Cấp giấy phép xây dựng"), "cap giay phep xay dung");
        assert_eq!(fold("ĐĂNG KÝ khai sinh"), "dang ky khai sinh");
        assert_eq!(fold("Ưu đãi đầu tư, Phở"), "uu dai dau tu, pho");
    }

    #[test]
    fn nfc_and_nfd_fold_alike() {
        use unicode_normalization::UnicodeNormalization;
        let nfc_text = "Thủ tục đăng ký kết hôn";
        let nfd_text: String = nfc_text.nfd().collect();
        assert_ne!(nfc_text, nfd_text);
        assert_eq!(fold(nfc_text), fold(&nfd_text));
        assert_eq!(nfc(&nfd_text), nfc_text);
    }

    #[test]
    fn words_split_on_punctuation() {
        let folded = fold("Lý lịch tư pháp (số 1), mã 1.001193");
        let w: Vec<_> = words(&folded).collect();
        assert_eq!(
            w,
            ["ly", "lich", "tu", "phap", "so", "1", "ma", "1", "001193"]
        );
    }
}
