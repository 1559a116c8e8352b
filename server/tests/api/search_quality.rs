//! The search quality set, `catalogue/search-tests.tsv`: queries as people type them on a phone (with
//! words that carry no meaning here, both spellings, everyday names, abbreviations, typos, keyboard
//! leftovers, English), each with the procedures a person asking would be happy to get. The index is
//! built from the real catalogue, without a server, so the figures are those of the shipped data.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use motcua_api::{SearchRequest, SearchResponse};
use motcua_server::catalogue::Catalogue;
use motcua_server::search::CatalogueIndex;

const KINDS: [&str; 9] = [
    "plain",
    "filler",
    "variant",
    "colloquial",
    "abbreviation",
    "typo",
    "keyboard",
    "english",
    "partial",
];
const MIN_QUERIES: usize = 150;
const MIN_PRECISION: f64 = 0.95;
const TOP: u32 = 3;
const SUGGESTIONS: usize = 8;
/// The shortest prefix of the last word that must already suggest something: one letter matches too
/// much to promise anything.
const MIN_PREFIX_CHARS: usize = 2;

struct Case {
    line: usize,
    query: String,
    expected: Vec<String>,
    kind: String,
}

fn catalogue_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue")
}

/// Reads the set: a header line, `#` comments and blank lines, then `query<TAB>codes<TAB>kind`.
fn read_cases() -> Vec<Case> {
    let path = catalogue_dir().join("search-tests.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let (_, header) = lines.next().expect("a header line");
    assert_eq!(
        header,
        "query\texpected\tkind",
        "the header of {}",
        path.display()
    );
    lines
        .map(|(line, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(
                cols.len(),
                3,
                "line {line}: three tab-separated columns: {l:?}"
            );
            let query = cols[0].trim().to_string();
            let expected: Vec<String> = cols[1].split_whitespace().map(String::from).collect();
            assert!(!query.is_empty(), "line {line}: an empty query");
            assert!(!expected.is_empty(), "line {line}: no expected code");
            Case {
                line,
                query,
                expected,
                kind: cols[2].trim().to_string(),
            }
        })
        .collect()
}

/// The query with its last word cut to each length from [`MIN_PREFIX_CHARS`] characters (or the whole
/// word when it is shorter), the earlier words as typed: what the box holds while the word is typed.
fn prefixes(query: &str) -> Vec<(String, usize, usize)> {
    let start = query
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let (head, last) = query.split_at(start);
    let total = last.chars().count();
    (MIN_PREFIX_CHARS.min(total)..=total)
        .map(|n| {
            let typed: String = last.chars().take(n).collect();
            (format!("{head}{typed}"), n, total)
        })
        .collect()
}

fn describe(response: &SearchResponse) -> String {
    if response.items.is_empty() {
        return "nothing".into();
    }
    response
        .items
        .iter()
        .map(|p| format!("{} {}", p.code, p.name.vi))
        .collect::<Vec<_>>()
        .join(" | ")
}

#[derive(Default)]
struct Tally {
    queries: usize,
    precision: f64,
}

#[test]
fn search_understands_how_people_ask() {
    let catalogue = Catalogue::load(&catalogue_dir()).expect("the catalogue loads");
    let known: HashSet<String> = catalogue
        .procedures
        .iter()
        .map(|p| p.code.clone())
        .collect();
    let index = CatalogueIndex::build(catalogue);
    let cases = read_cases();

    let mut problems = Vec::new();
    if cases.len() < MIN_QUERIES {
        problems.push(format!(
            "{} queries; the set needs at least {MIN_QUERIES}",
            cases.len()
        ));
    }
    for kind in KINDS {
        if !cases.iter().any(|c| c.kind == kind) {
            problems.push(format!("no query of kind {kind}"));
        }
    }
    for case in &cases {
        if !KINDS.contains(&case.kind.as_str()) {
            problems.push(format!("line {}: unknown kind {:?}", case.line, case.kind));
        }
        for code in case.expected.iter().filter(|c| !known.contains(*c)) {
            problems.push(format!(
                "line {}: no procedure {code} in the catalogue",
                case.line
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the set itself:\n{}",
        problems.join("\n")
    );

    let mut by_kind: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut total_precision = 0.0;
    let mut hits_at_1 = 0;
    let mut misses = Vec::new();
    let mut suggested_complete = 0;
    let mut first_shares = Vec::new();
    let mut suggest_failures = Vec::new();

    for case in &cases {
        let expected: HashSet<&str> = case.expected.iter().map(String::as_str).collect();
        let response = index
            .search(&SearchRequest {
                q: case.query.clone(),
                per_page: TOP,
                ..Default::default()
            })
            .expect("no filters, so no unknown filter");
        let top: Vec<&str> = response.items.iter().map(|p| p.code.as_str()).collect();
        let found = top.iter().filter(|c| expected.contains(*c)).count();
        let precision = found as f64 / expected.len().min(TOP as usize) as f64;
        total_precision += precision;
        let tally = by_kind.entry(case.kind.as_str()).or_default();
        tally.queries += 1;
        tally.precision += precision;
        if top.first().is_some_and(|c| expected.contains(c)) {
            hits_at_1 += 1;
        }
        if precision < 1.0 {
            misses.push(format!(
                "  [{}] {:?} P@3 {precision:.2}: expected {}; got {}",
                case.kind,
                case.query,
                case.expected.join(" "),
                describe(&response)
            ));
        }

        let mut first_share = None;
        for (typed, chars, total) in prefixes(&case.query) {
            let suggestions = index.suggest(&typed, SUGGESTIONS);
            if suggestions.is_empty() {
                suggest_failures.push(format!(
                    "  [{}] {typed:?} (of {:?}): no suggestion",
                    case.kind, case.query
                ));
                continue;
            }
            let has_expected = suggestions
                .iter()
                .any(|s| expected.contains(s.code.as_str()));
            if has_expected && first_share.is_none() {
                first_share = Some(chars as f64 / total as f64);
            }
            if chars == total {
                if has_expected {
                    suggested_complete += 1;
                } else {
                    suggest_failures.push(format!(
                        "  [{}] {:?}: suggestions without an expected code ({}): {}",
                        case.kind,
                        case.query,
                        case.expected.join(" "),
                        suggestions
                            .iter()
                            .map(|s| format!("{} {}", s.code, s.name.vi))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    ));
                }
            }
        }
        first_shares.extend(first_share);
    }

    let n = cases.len() as f64;
    let mean_precision = total_precision / n;
    eprintln!("search quality: {} queries", cases.len());
    eprintln!("  mean P@3 {mean_precision:.3} (at least {MIN_PRECISION})");
    for (kind, tally) in &by_kind {
        eprintln!(
            "    {kind:<13} {:>3} queries  P@3 {:.3}",
            tally.queries,
            tally.precision / tally.queries as f64
        );
    }
    eprintln!(
        "  hit@1 {:.3} ({hits_at_1} of {})",
        hits_at_1 as f64 / n,
        cases.len()
    );
    eprintln!(
        "  complete-word suggestions with an expected code: {suggested_complete} of {}",
        cases.len()
    );
    let mean_share = if first_shares.is_empty() {
        f64::NAN
    } else {
        first_shares.iter().sum::<f64>() / first_shares.len() as f64
    };
    eprintln!(
        "  share of the last word typed when an expected code is first suggested: {mean_share:.2} (mean over {} queries)",
        first_shares.len()
    );
    if !misses.is_empty() {
        eprintln!("queries with P@3 below 1 ({}):", misses.len());
        for m in &misses {
            eprintln!("{m}");
        }
    }
    if !suggest_failures.is_empty() {
        eprintln!("suggestion failures ({}):", suggest_failures.len());
        for f in &suggest_failures {
            eprintln!("{f}");
        }
    }
    assert!(
        mean_precision >= MIN_PRECISION,
        "mean P@3 {mean_precision:.3} is below {MIN_PRECISION}; the queries are listed above"
    );
    assert!(
        suggest_failures.is_empty(),
        "{} suggestion checks failed; they are listed above",
        suggest_failures.len()
    );
}
