//! Words typed with the phone keyboard's Vietnamese input switched off.
//!
//! Someone used to Telex or VNI who types where that input is off leaves the keys in the word:
//! "dduwowngf" or "d9u7o7ng2" for "đường". Vietnamese words (bar the odd "xoong") hold no w, digit,
//! doubled d, a, e or o, nor s f r x j z after the vowel, so those keys say the word was meant as
//! Telex or VNI. It is decoded only when it has one and the result is a Vietnamese syllable, which
//! keeps "cars" or "licence" as they are.

use std::ops::Range;

use motcua_api::text::nfc;

const VOWELS: &str = "aăâeêioôơuưy";
const MARKED: &str = "ăâêôơư";
const HATS: [(char, char); 3] = [('a', 'â'), ('e', 'ê'), ('o', 'ô')];
/// Longest first, so "ngh" is tried before "ng", and "gi", "qu" before "g" (as in "gì").
const INITIALS: [&str; 28] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];
const FINALS: [&str; 8] = ["c", "ch", "m", "n", "ng", "nh", "p", "t"];
/// Nuclei that take a final consonant or not.
const EITHER: [&str; 14] = [
    "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uy",
];
/// Nuclei ending in a glide, which takes the place of a final consonant.
const OPEN: [&str; 31] = [
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui", "ưi", "ưa",
    "ua", "uơ", "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyu", "ươi", "ươu",
    "ưu",
];
/// Nuclei that need a final consonant.
const CLOSED: [&str; 9] = ["ă", "â", "iê", "yê", "uô", "ươ", "uyê", "uâ", "oă"];

/// The Vietnamese word a word typed as Telex or VNI stands for, in NFC lower case; `None` when the
/// word has no keyboard leftovers or does not decode into a Vietnamese syllable.
pub fn decode(word: &str) -> Option<String> {
    let (letters, tone) = press(word)?;
    spell(&letters, tone, true)
}

/// The same for a word still being typed (the last word of a query as suggestions see it): a
/// syllable may be incomplete ("dduw" → "đư", "ngu7" → "ngư", "tieen" → "tiên"), never None just
/// because the syllable is unfinished.
pub fn decode_prefix(word: &str) -> Option<String> {
    let (letters, tone) = press(word)?;
    spell(&letters, tone, false)
}

fn is_vowel(c: char) -> bool {
    VOWELS.contains(c)
}

/// Replays the keys as the input method would: the letters with their vowel marks, and the tone.
/// `None` when no key was one of Telex or VNI, or a key had nothing to act on.
fn press(word: &str) -> Option<(Vec<char>, Option<char>)> {
    if !word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return None;
    }
    // A vowel and digits is a code, such as the driving licence classes "a1" and "a2", not "á".
    if word.len() > 1
        && "aeiouy".contains(&word[..1])
        && word[1..].bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut out: Vec<char> = Vec::new();
    let mut tone = None;
    let mut toned = false;
    let mut keyed = false;
    for c in word.chars() {
        let vowels = vowel_run(&out);
        match c {
            'd' if out == ['d'] => out[0] = 'đ',
            '9' if out.first() == Some(&'d') => out[0] = 'đ',
            'a' | 'e' | 'o' if out.last() == Some(&c) => {
                let last = out.len() - 1;
                mark(&mut out, last..last + 1, &HATS)?
            }
            '6' => mark(&mut out, vowels?, &HATS)?,
            '8' => mark(&mut out, vowels?, &[('a', 'ă')])?,
            'w' if vowels.is_none() => out.push('ư'),
            'w' => horn(&mut out, vowels?, &[('o', 'ơ'), ('u', 'ư'), ('a', 'ă')])?,
            '7' => horn(&mut out, vowels?, &[('o', 'ơ'), ('u', 'ư')])?,
            's' | 'f' | 'r' | 'x' | 'j' | 'z' | '0'..='5' if vowels.is_some() => {
                // A second tone key is Telex's undo, or an English word such as "cars".
                if toned {
                    return None;
                }
                toned = true;
                tone = match c {
                    's' | '1' => Some('\u{301}'),
                    'f' | '2' => Some('\u{300}'),
                    'r' | '3' => Some('\u{309}'),
                    'x' | '4' => Some('\u{303}'),
                    'j' | '5' => Some('\u{323}'),
                    _ => None,
                };
            }
            '0'..='9' => return None,
            _ => {
                out.push(c);
                continue;
            }
        }
        keyed = true;
    }
    keyed.then_some((out, tone))
}

/// The vowels a key acts on: the last run of vowels, without the u of "qu". Keys may follow the
/// vowel or the final consonant ("tie6ng" or "tieng6").
fn vowel_run(out: &[char]) -> Option<Range<usize>> {
    let end = out.iter().rposition(|&c| is_vowel(c))? + 1;
    let mut start = out[..end]
        .iter()
        .rposition(|&c| !is_vowel(c))
        .map_or(0, |i| i + 1);
    if start > 0 && out[start - 1] == 'q' && out[start] == 'u' && end > start + 1 {
        start += 1;
    }
    Some(start..end)
}

/// Puts a mark on the last of the run's vowels that takes it.
fn mark(out: &mut [char], run: Range<usize>, marks: &[(char, char)]) -> Option<()> {
    let (i, marked) = run
        .rev()
        .find_map(|i| marks.iter().find(|m| m.0 == out[i]).map(|m| (i, m.1)))?;
    out[i] = marked;
    Some(())
}

/// Telex's w and VNI's 7 horn both vowels of "uo"; Telex's w is also the breve.
fn horn(out: &mut [char], run: Range<usize>, marks: &[(char, char)]) -> Option<()> {
    let pair = run.clone().find(|&i| {
        i + 1 < run.end && matches!(out[i], 'u' | 'ư') && matches!(out[i + 1], 'o' | 'ơ')
    });
    if let Some(i) = pair {
        out[i] = 'ư';
        out[i + 1] = 'ơ';
        return Some(());
    }
    mark(out, run, marks)
}

/// Splits the letters into initial, nucleus and final, checks they make a syllable (or, when not
/// `whole`, the start of one) and puts the tone in its modern place.
fn spell(letters: &[char], tone: Option<char>, whole: bool) -> Option<String> {
    INITIALS.iter().find_map(|initial| {
        let initial: Vec<char> = initial.chars().collect();
        let rest = letters.strip_prefix(initial.as_slice())?;
        let n = rest.iter().take_while(|&&c| is_vowel(c)).count();
        let (mut nucleus, last) = (rest[..n].to_vec(), &rest[n..]);
        if n == 0 && (whole || tone.is_some() || !last.is_empty()) {
            return None;
        }
        // Marks people leave out where only one reading exists: "ie" is always "iê". "uo" before a
        // final or glide is taken as the commoner "ươ" (not "uô"), also when half horned.
        for i in 1..n {
            if nucleus[i] == 'e' && matches!(nucleus[i - 1], 'i' | 'y') {
                nucleus[i] = 'ê';
            }
        }
        if matches!(nucleus[..], ['u' | 'ư', 'o' | 'ơ', ..]) && (n > 2 || !last.is_empty()) {
            nucleus[..2].copy_from_slice(&['ư', 'ơ']);
        }
        // Only "thuở", "huơ" end in "uơ".
        if whole && nucleus == ['ư', 'ơ'] && last.is_empty() {
            nucleus[0] = 'u';
        }
        if !fits(
            &nucleus.iter().collect::<String>(),
            &last.iter().collect::<String>(),
            whole,
        ) {
            return None;
        }
        let mut word: String = initial.iter().collect();
        let at = tone.map(|_| tone_place(&nucleus, !last.is_empty()));
        for (i, &c) in nucleus.iter().enumerate() {
            word.push(c);
            if Some(i) == at {
                word.extend(tone);
            }
        }
        word.extend(last);
        Some(nfc(&word))
    })
}

/// Whether the nucleus and final make a syllable, or when not `whole`, may still grow into one.
fn fits(nucleus: &str, last: &str, whole: bool) -> bool {
    if last.is_empty() {
        return if whole {
            EITHER.iter().chain(&OPEN).any(|n| *n == nucleus)
        } else {
            EITHER
                .iter()
                .chain(&OPEN)
                .chain(&CLOSED)
                .any(|n| n.starts_with(nucleus))
        };
    }
    EITHER.iter().chain(&CLOSED).any(|n| *n == nucleus)
        && FINALS
            .iter()
            .any(|f| *f == last || (!whole && f.starts_with(last)))
}

/// The modern rule: on the vowel with a mark (ơ of ươ), else on the last vowel before a final
/// consonant, else on the second of oa, oe, uy and the middle of three, else on the first.
fn tone_place(nucleus: &[char], closed: bool) -> usize {
    if let Some(i) = nucleus.iter().rposition(|&c| MARKED.contains(c)) {
        return i;
    }
    match nucleus {
        _ if closed => nucleus.len() - 1,
        ['o', 'a' | 'e'] | ['u', 'y'] | [_, _, _] => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks comma-separated pairs of the word typed and the word meant.
    #[track_caller]
    fn check(f: fn(&str) -> Option<String>, cases: &str) {
        for case in cases.split(", ") {
            let (typed, meant) = case.split_once(' ').unwrap();
            assert_eq!(f(typed).as_deref(), Some(meant), "{typed}");
        }
    }

    #[test]
    fn the_examples_decode() {
        check(
            decode,
            "dduwowngf đường, ngu7o72i người, tieengs tiếng, hoaf hoà, vieetj việt, \
             nguwowif người, thuyr thuỷ, d9a8ng đăng, ky1 ký",
        );
    }

    #[test]
    fn telex_decodes() {
        check(
            decode,
            "giaays giấy, pheps phép, xaay xây, duwjng dựng, ddawng đăng, kys ký, keets kết, \
             hoon hôn, hooj hộ, chuwngs chứng, thuwjc thực, thuwowngf thường, trus trú, \
             quyeenf quyền, suwr sử, dujng dụng, ddaats đất, lais lái, nuwowcs nước, ngoaif ngoài, \
             giair giải, tamj tạm, vieecj việc, lamf làm, bawngf bằng, truwowngf trường, \
             chuyeenr chuyển, quoocs quốc, gif gì, khoer khoẻ, mwa mưa, dduowngf đường, \
             dduwongf đường, nguoiwf người, thuowr thuở, ngoaij ngoại, nguyeenx nguyễn, \
             khaiz khai, tiengs tiếng, nguoif người, huouw hươu",
        );
    }

    #[test]
    fn vni_decodes() {
        check(
            decode,
            "gia6y1 giấy, phe1p phép, xa6y xây, du7ng5 dựng, ke6t1 kết, ho6n hôn, ho65 hộ, \
             chu7ng1 chứng, thu7c5 thực, thu7o7ng2 thường, tru1 trú, quye6n2 quyền, su73 sử, \
             du5ng dụng, d9a6t1 đất, la1i lái, nu7o7c1 nước, nuoc71 nước, ngoa2i ngoài, \
             thuy3 thuỷ, hoa2 hoà, gia3i giải, ta5m tạm, vie6c5 việc, viec65 việc, la2m làm, \
             ba8ng2 bằng, tru7o7ng2 trường, chuye6n3 chuyển, nguoi72 người, dang98 đăng, \
             quo6c1 quốc",
        );
    }

    #[test]
    fn unfinished_words_decode_as_prefixes() {
        check(
            decode_prefix,
            "dduw đư, ngu7 ngư, tieen tiên, dd đ, d9 đ, nguwow ngươ, truwowf trườ, chuyeer chuyể, \
             quyee quyê, vieetj việt, ddawn đăn",
        );
        assert_eq!(decode("dduw"), Some("đư".to_string()));
        assert_eq!(decode("tiee"), None, "iê needs a final consonant");
        assert_eq!(decode_prefix("tiee").as_deref(), Some("tiê"));
    }

    #[test]
    fn words_without_leftovers_or_not_vietnamese_stay() {
        let words =
            "khai cars licence dang ky xe ra sa 001193 h55 hoà đang email online kiss fax a7 \
                     ti7 hoaff Dduwowngf a1 b2 y1";
        for word in words.split(' ') {
            assert_eq!(decode(word), None, "{word}");
        }
        for word in "khai cars nguy 001193 h5 xyzs".split(' ') {
            assert_eq!(decode_prefix(word), None, "{word}");
        }
    }
}
