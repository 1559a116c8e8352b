//! How numbers and durations read in each language.

use crate::i18n::Lang;

/// Money in đồng: `200.000 đ` in Vietnamese, `200,000 VND` in English; nothing due reads as free.
pub fn vnd(amount: u64, lang: Lang) -> String {
    if amount == 0 {
        return lang.pick("Miễn phí", "Free").to_string();
    }
    let out = thousands(amount, lang.pick(".", ","));
    match lang {
        Lang::Vi => format!("{out} đ"),
        Lang::En => format!("{out} VND"),
    }
}

/// A processing time in working days.
pub fn working_days(days: u32, lang: Lang) -> String {
    match (days, lang) {
        (0, _) => lang
            .pick("Trong ngày làm việc", "Within the working day")
            .to_string(),
        (n, Lang::Vi) => format!("{n} ngày làm việc"),
        (1, Lang::En) => "1 working day".to_string(),
        (n, Lang::En) => format!("{n} working days"),
    }
}

/// A count of results.
pub fn procedures(n: u32, lang: Lang) -> String {
    match (n, lang) {
        (n, Lang::Vi) => format!("{} thủ tục", thousands(n.into(), ".")),
        (1, Lang::En) => "1 procedure".to_string(),
        (n, Lang::En) => format!("{} procedures", thousands(n.into(), ",")),
    }
}

/// A count: `1.234` in Vietnamese, `1,234` in English.
pub fn count(n: u64, lang: Lang) -> String {
    thousands(n, lang.pick(".", ","))
}

fn thousands(n: u64, sep: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money() {
        assert_eq!(vnd(200_000, Lang::Vi), "200.000 đ");
        assert_eq!(vnd(1_500_000, Lang::En), "1,500,000 VND");
        assert_eq!(vnd(50, Lang::Vi), "50 đ");
        assert_eq!(vnd(0, Lang::Vi), "Miễn phí");
    }

    #[test]
    fn durations_and_counts() {
        assert_eq!(working_days(0, Lang::Vi), "Trong ngày làm việc");
        assert_eq!(working_days(1, Lang::En), "1 working day");
        assert_eq!(working_days(15, Lang::Vi), "15 ngày làm việc");
        assert_eq!(procedures(10_000, Lang::Vi), "10.000 thủ tục");
        assert_eq!(procedures(1, Lang::En), "1 procedure");
    }
}
