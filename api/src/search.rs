//! `GET /api/v1/procedures` and `GET /api/v1/suggest`: parameters, their rules, and the responses.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::problem::{Code, Name, Problem, Problems};
use crate::text::{fold, words};
use crate::{ErrorBody, OnlineType, ProcedureSummary, Text};

pub const MAX_QUERY_CHARS: usize = 200;
pub const MAX_PER_PAGE: u32 = 100;
pub const DEFAULT_PER_PAGE: u32 = 20;

/// A catalogue search, as the URL of the results page and of the API both carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    pub q: String,
    pub field: Option<String>,
    pub agency: Option<String>,
    pub level: Option<String>,
    pub online: Option<OnlineType>,
    pub page: u32,
    pub per_page: u32,
}

impl Default for SearchRequest {
    fn default() -> Self {
        Self {
            q: String::new(),
            field: None,
            agency: None,
            level: None,
            online: None,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

fn non_empty(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

impl SearchRequest {
    /// Reads URL query pairs, checking each parameter and reporting every bad one at once. Unknown
    /// parameters are ignored; an empty filter means no filter, as an HTML form sends it.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, ErrorBody> {
        let mut req = SearchRequest::default();
        let mut errors = BTreeMap::new();
        for (key, value) in pairs {
            match key {
                "q" => {
                    if value.chars().count() > MAX_QUERY_CHARS {
                        errors.insert(
                            "q".into(),
                            format!("The search text is longer than {MAX_QUERY_CHARS} characters."),
                        );
                    } else {
                        req.q = value.trim().to_string();
                    }
                }
                "field" => req.field = non_empty(value),
                "agency" => req.agency = non_empty(value),
                "level" => req.level = non_empty(value),
                "online" => match non_empty(value) {
                    None => req.online = None,
                    Some(v) => match OnlineType::parse(&v) {
                        Some(t) => req.online = Some(t),
                        None => {
                            errors.insert(
                                "online".into(),
                                "Use toan-trinh, mot-phan or khong.".into(),
                            );
                        }
                    },
                },
                "page" => match value.trim().parse::<u32>() {
                    Ok(p) if p >= 1 => req.page = p,
                    _ => {
                        errors.insert("page".into(), "The page is a whole number from 1.".into());
                    }
                },
                "per_page" => match value.trim().parse::<u32>() {
                    Ok(n) if (1..=MAX_PER_PAGE).contains(&n) => req.per_page = n,
                    _ => {
                        errors.insert(
                            "per_page".into(),
                            format!("per_page is a whole number from 1 to {MAX_PER_PAGE}."),
                        );
                    }
                },
                _ => {}
            }
        }
        if errors.is_empty() {
            Ok(req)
        } else {
            Err(ErrorBody {
                fields: Some(errors),
                ..ErrorBody::new(
                    "invalid_parameters",
                    "Some search parameters are not valid.",
                )
            })
        }
    }

    /// The parameters that differ from the defaults, in a stable order, for URLs that stay short.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        for (key, value) in [
            ("field", &self.field),
            ("agency", &self.agency),
            ("level", &self.level),
        ] {
            if let Some(v) = value {
                pairs.push((key, v.clone()));
            }
        }
        if let Some(online) = self.online {
            pairs.push(("online", online.id().to_string()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            pairs.push(("per_page", self.per_page.to_string()));
        }
        pairs
    }

    /// The query string (without `?`) for these parameters.
    pub fn to_query(&self) -> String {
        query_string(self.to_pairs().iter().map(|(k, v)| (*k, v.as_str())))
    }

    /// Whether any filter narrows the search.
    pub fn has_filters(&self) -> bool {
        self.field.is_some()
            || self.agency.is_some()
            || self.level.is_some()
            || self.online.is_some()
    }
}

/// Joins pairs into a percent-encoded query string.
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        encode_into(k, &mut out);
        out.push('=');
        encode_into(v, &mut out);
    }
    out
}

/// Percent-encodes a URL component (a query value or a path segment).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(s, &mut out);
    out
}

fn encode_into(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// A value of a facet, with how many results it would give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetValue {
    pub id: String,
    pub name: Text,
    pub count: u32,
}

/// Counts for each filter. A dimension's counts ignore that dimension's own filter, so a chosen value
/// still shows its alternatives.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    pub field: Vec<FacetValue>,
    pub agency: Vec<FacetValue>,
    pub level: Vec<FacetValue>,
    pub online: Vec<FacetValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    pub items: Vec<ProcedureSummary>,
    pub total: u32,
    pub page: u32,
    pub per_page: u32,
    pub facets: Facets,
    /// How the query was read where it was not matched word for word as typed.
    #[serde(default)]
    pub reading: Reading,
}

/// How the search read a query, for the sentence above the results: nothing here when every word
/// was found as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reading {
    /// The query as read when it was typed with the keyboard's Vietnamese input switched off (Telex
    /// or VNI leftovers such as "dduwowngf" or "ngu7o72i"), in Vietnamese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyboard: Option<String>,
    /// The query with each word the catalogue does not have replaced by the catalogue's word one
    /// letter away, offered as "did you mean"; the results already include those words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<String>,
    /// No procedure has every word: the results are the closest, and these words, as typed, are not
    /// in the first of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

impl Reading {
    pub fn is_plain(&self) -> bool {
        self == &Reading::default()
    }
}

/// A query that found nothing or only partly, as the search counted it (`GET
/// /api/v1/officer/search/misses`): the text only, never who typed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchMiss {
    /// As typed, in NFC, lower case.
    pub query: String,
    /// How many searches it was.
    pub count: u32,
    /// The last time, in seconds since 1970.
    pub last_at: i64,
    /// How many procedures it finds now (with every word), after the synonyms added since.
    pub found_now: u32,
}

/// The most frequent misses first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchMisses {
    pub items: Vec<SearchMiss>,
}

/// Words people use and the catalogue's words they stand for: "sổ hồng" means "giấy chứng nhận
/// quyền sử dụng đất".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synonym {
    /// `None` for those of `catalogue/synonyms.json`, which change with the catalogue, not here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub say: String,
    pub mean: String,
    /// Who added it, for those officers added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_at: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synonyms {
    pub items: Vec<Synonym>,
}

pub const SYNONYM_SAY_CHARS: usize = 60;
pub const SYNONYM_MEAN_CHARS: usize = 120;

/// `POST /api/v1/officer/search/synonyms`: a synonym an officer of the catalogue agency adds. It
/// applies to the next search; whether the meaning's words are in the catalogue only the server
/// knows ([`Code::MeanNotInCatalogue`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SynonymRequest {
    pub say: String,
    pub mean: String,
}

impl SynonymRequest {
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::new();
        if self.say.trim().is_empty() {
            p.add(Name::Say, Code::SayRequired);
        }
        p.limit(Name::Say, &self.say, SYNONYM_SAY_CHARS);
        if self.mean.trim().is_empty() {
            p.add(Name::Mean, Code::MeanRequired);
        }
        p.limit(Name::Mean, &self.mean, SYNONYM_MEAN_CHARS);
        let (say, mean) = (fold(&self.say), fold(&self.mean));
        if !p.has(&Name::Mean.into()) && words(&say).eq(words(&mean)) {
            p.add(Name::Mean, Code::SynonymSame);
        }
        p.into_vec()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub code: String,
    pub name: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuggestResponse {
    pub items: Vec<Suggestion>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_round_trips() {
        let req = SearchRequest::from_pairs([
            ("q", " giấy phép "),
            ("field", "xay-dung"),
            ("online", "toan-trinh"),
            ("page", "2"),
            ("utm_source", "x"),
        ])
        .unwrap();
        assert_eq!(req.q, "giấy phép");
        assert_eq!(req.online, Some(OnlineType::Full));
        assert_eq!(req.page, 2);
        assert_eq!(
            req.to_query(),
            "q=gi%E1%BA%A5y%20ph%C3%A9p&field=xay-dung&online=toan-trinh&page=2"
        );
    }

    #[test]
    fn empty_filters_are_no_filters() {
        let req = SearchRequest::from_pairs([("field", ""), ("agency", " ")]).unwrap();
        assert_eq!(req, SearchRequest::default());
        assert!(!req.has_filters());
    }

    #[test]
    fn reports_every_bad_parameter() {
        let long = "a".repeat(MAX_QUERY_CHARS + 1);
        let err = SearchRequest::from_pairs([
            ("per_page", "0"),
            ("page", "-1"),
            ("online", "sometimes"),
            ("q", long.as_str()),
        ])
        .unwrap_err();
        let fields = err.fields.unwrap();
        assert_eq!(
            fields.keys().collect::<Vec<_>>(),
            ["online", "page", "per_page", "q"]
        );
        assert!(SearchRequest::from_pairs([("per_page", "101")]).is_err());
        assert!(SearchRequest::from_pairs([("page", "abc")]).is_err());
    }

    #[test]
    fn a_synonym_needs_both_sides_and_two_different_ones() {
        let codes = |say: &str, mean: &str| -> Vec<Code> {
            SynonymRequest {
                say: say.into(),
                mean: mean.into(),
            }
            .problems()
            .into_iter()
            .map(|p| p.code)
            .collect()
        };
        assert_eq!(codes("sổ hồng", "giấy chứng nhận quyền sử dụng đất"), []);
        assert_eq!(codes(" ", ""), [Code::SayRequired, Code::MeanRequired]);
        assert_eq!(codes("Đăng ký", "dang  KY"), [Code::SynonymSame]);
        assert_eq!(
            codes(&"a".repeat(SYNONYM_SAY_CHARS + 1), "b"),
            [Code::TooLong {
                max: SYNONYM_SAY_CHARS
            }]
        );
    }

    #[test]
    fn query_length_counts_characters_not_bytes() {
        let q = "ế".repeat(MAX_QUERY_CHARS);
        assert!(SearchRequest::from_pairs([("q", q.as_str())]).is_ok());
    }
}
