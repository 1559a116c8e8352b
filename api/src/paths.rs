//! Every address of the app, built in one place: the app links and redirects with these, the server
//! tells which bundle serves a path with them and writes them into mail. Codes and other values are
//! percent-encoded as path segments or query values.

use crate::lifecycle::{PageFrom, QueueQuery};
use crate::search::{encode_component, query_string, SearchRequest};

const SEARCH: &str = "/tim-kiem";
const PROCEDURE: &str = "/thu-tuc";
const SIGN_IN: &str = "/dang-nhap";
const REGISTER: &str = "/dang-ky";
const ACCOUNT: &str = "/tai-khoan";
const APPLY: &str = "/nop-ho-so";
const DOSSIERS: &str = "/ho-so";
const TRACKING: &str = "/tra-cuu";
const INBOX: &str = "/thong-bao";
const QUEUE: &str = "/can-bo";
const OFFICER_DOSSIERS: &str = "/can-bo/ho-so";
const OFFICER_FEEDBACK: &str = "/can-bo/phan-anh";
const COMPANY: &str = "/doanh-nghiep";
const PROJECTS: &str = "/du-an";
const NEW_PROJECT: &str = "/du-an/tao-moi";
/// The query values of an application filed as a project's step, and of its receipt.
const STEP_PROJECT: &str = "du-an";
const STEP: &str = "buoc";
const STATS: &str = "/thong-ke";
const FEEDBACK: &str = "/phan-anh";
const QUESTIONS: &str = "/hoi-dap";
const CHANGES: &str = "/ban-noi-chung-toi-lam";

/// Paths served by the signed-in area's bundles; every other app path is the catalogue's, but for the
/// pages only the server draws.
pub const APPLY_PREFIXES: &[&str] = &[
    SIGN_IN, REGISTER, ACCOUNT, APPLY, DOSSIERS, INBOX, QUEUE, COMPANY, PROJECTS, STATS, FEEDBACK,
    QUESTIONS, CHANGES,
];

/// The app's WebAssembly bundles. Each page loads only the one with its own pages, so nobody downloads
/// the officers' desk to fill in a form, nor the form to read their dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// Home, search and procedures.
    Catalogue,
    /// Signing in and up: on every applicant's way, so it carries nothing else.
    SignIn,
    /// The account, the inbox and the feedback one has sent.
    Account,
    /// A business's investment projects: their list and a project's page.
    Projects,
    /// Starting a project, a form of its own.
    NewProject,
    /// Sending feedback, a form read once by each who sends.
    Feedback,
    /// A feedback case followed, opened again and again from its link.
    FeedbackCase,
    /// The questions answered and what changed because of them, read by many who send nothing.
    Questions,
    /// How the province does: the statistics of the province, an agency, a field or a procedure.
    Stats,
    /// The Decision 766 service index, group by group and agency by agency.
    StatsIndex,
    /// A company's page, which a business opens first: apart from the account's many pages, so its first
    /// load stays small.
    Company,
    /// The application form.
    Form,
    /// A dossier's page, which a receipt's link and every notice open: alone, so its first load
    /// stays small.
    Dossier,
    /// My dossiers, and a dossier's receipt, slips and fee receipts, each printed from its page.
    Dossiers,
    /// The officers' queue, where a working day starts: apart from the rest of the desk, so its first
    /// load stays small.
    Queue,
    /// A dossier as a handling officer works on it, opened from the queue all day long: alone.
    Desk,
    /// The feedback an officer's agency answers: its queue and a case as the officer works on it.
    OfficerFeedback,
    /// The rest of the officers' pages: ratings, verifications, search terms.
    Office,
}

impl Bundle {
    pub const SIGNED_IN: [Bundle; 17] = [
        Bundle::SignIn,
        Bundle::Account,
        Bundle::Projects,
        Bundle::NewProject,
        Bundle::Feedback,
        Bundle::FeedbackCase,
        Bundle::Questions,
        Bundle::Stats,
        Bundle::StatsIndex,
        Bundle::Company,
        Bundle::Form,
        Bundle::Dossier,
        Bundle::Dossiers,
        Bundle::Queue,
        Bundle::Desk,
        Bundle::OfficerFeedback,
        Bundle::Office,
    ];

    /// Its directory in the built app and the path its files are served under; the catalogue's is the
    /// root. Also the name of the `motcua-apply` feature that has its pages.
    pub fn dir(self) -> &'static str {
        match self {
            Bundle::Catalogue => "",
            Bundle::SignIn => "sign-in",
            Bundle::Account => "account",
            Bundle::Projects => "projects",
            Bundle::NewProject => "new-project",
            Bundle::Feedback => "feedback",
            Bundle::FeedbackCase => "feedback-case",
            Bundle::Questions => "questions",
            Bundle::Stats => "stats",
            Bundle::StatsIndex => "stats-index",
            Bundle::Company => "company",
            Bundle::Form => "form",
            Bundle::Dossier => "dossier",
            Bundle::Dossiers => "dossiers",
            Bundle::Queue => "queue",
            Bundle::Desk => "desk",
            Bundle::OfficerFeedback => "officer-feedback",
            Bundle::Office => "office",
        }
    }
}

fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Whether `path` is `prefix` followed by exactly one segment (`/ho-so/{code}`, not its receipt's).
fn one_below(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
}

/// The bundle that has the page at `path`.
pub fn bundle_of(path: &str) -> Bundle {
    let path = path.split(['?', '#']).next().unwrap_or("");
    if under(path, SIGN_IN) || under(path, REGISTER) {
        Bundle::SignIn
    } else if under(path, APPLY) {
        Bundle::Form
    } else if one_below(path, DOSSIERS) {
        Bundle::Dossier
    } else if under(path, DOSSIERS) {
        Bundle::Dossiers
    } else if path == QUEUE {
        Bundle::Queue
    } else if one_below(path, OFFICER_DOSSIERS) {
        Bundle::Desk
    } else if under(path, OFFICER_FEEDBACK) {
        Bundle::OfficerFeedback
    } else if under(path, QUEUE) {
        Bundle::Office
    } else if path == COMPANY {
        Bundle::Company
    } else if path == NEW_PROJECT {
        Bundle::NewProject
    } else if under(path, PROJECTS) {
        Bundle::Projects
    } else if path == FEEDBACK {
        Bundle::Feedback
    } else if under(path, FEEDBACK) {
        Bundle::FeedbackCase
    } else if under(path, QUESTIONS) || under(path, CHANGES) {
        Bundle::Questions
    } else if path == STATS {
        Bundle::Stats
    } else if under(path, STATS) {
        Bundle::StatsIndex
    } else if APPLY_PREFIXES.iter().any(|p| under(path, p)) {
        Bundle::Account
    } else {
        Bundle::Catalogue
    }
}

/// Whether a path (in either language) is a page only the server draws, which neither bundle has a
/// route for: public tracking, which must show a status before any WebAssembly arrives.
pub fn is_server_page(path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or("");
    split_english(path).1 == TRACKING
}

/// Whether a path is the signed-in area's, whose addresses have no language of their own.
pub fn is_apply_path(path: &str) -> bool {
    bundle_of(path) != Bundle::Catalogue
}

/// English pages live at the Vietnamese page's address under this prefix, so each language has its own
/// address to index and share.
pub const ENGLISH: &str = "/en";

/// The English address of a catalogue page (`/` → `/en`, `/tim-kiem?q=x` → `/en/tim-kiem?q=x`).
pub fn english(path: &str) -> String {
    match path {
        "" | "/" => ENGLISH.to_string(),
        p if p.starts_with("/?") => format!("{ENGLISH}{}", &p[1..]),
        p => format!("{ENGLISH}{p}"),
    }
}

/// Whether an address is an English one, and the Vietnamese page's address it is the English of.
pub fn split_english(path: &str) -> (bool, String) {
    match path.strip_prefix(ENGLISH) {
        Some("" | "/") => (true, "/".into()),
        Some(rest) if rest.starts_with('?') => (true, format!("/{rest}")),
        Some(rest) if rest.starts_with('/') => (true, rest.to_string()),
        _ => (false, path.to_string()),
    }
}

/// The address of `path` with the query string `search`, given with or without its `?` (the
/// router's location gives them apart, the query without it).
pub fn address(path: &str, search: &str) -> String {
    with_query(path, search.trim_start_matches('?').to_string())
}

fn with_query(path: &str, query: String) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

pub fn home() -> String {
    "/".to_string()
}

/// The results of a search; without words or filters, the whole catalogue.
pub fn search(req: &SearchRequest) -> String {
    with_query(SEARCH, req.to_query())
}

/// A procedure's page in the catalogue.
pub fn procedure(code: &str) -> String {
    format!("{PROCEDURE}/{}", encode_component(code))
}

/// Signing in, then going on to `next` (a path of this site), or to the account without one.
pub fn sign_in(next: Option<&str>) -> String {
    with_query(SIGN_IN, query_string(next.map(|n| ("tiep", n))))
}

/// Creating an account, then going on to `next` (a path of this site), or to the account without one.
pub fn register(next: Option<&str>) -> String {
    with_query(REGISTER, query_string(next.map(|n| ("tiep", n))))
}

pub fn account() -> String {
    ACCOUNT.to_string()
}

/// Applying online for a procedure.
pub fn apply(procedure: &str) -> String {
    format!("{APPLY}/{}", encode_component(procedure))
}

/// "My dossiers", filtered by a status id (empty: all), at a page (1 is left out).
pub fn dossiers(status: &str, page: u32) -> String {
    dossiers_from(status, page, &PageFrom::Number)
}

/// "My dossiers" from a place a page next to it gave (`sau`, after the list's `next`; `truoc`,
/// before its `previous`): the page number is only shown, the place is what is read.
pub fn dossiers_from(status: &str, page: u32, from: &PageFrom) -> String {
    let page = page.to_string();
    let mut pairs = Vec::new();
    if !status.is_empty() {
        pairs.push(("trang-thai", status));
    }
    if page != "1" {
        pairs.push(("trang", page.as_str()));
    }
    pairs.extend(from.pair("sau", "truoc"));
    with_query(DOSSIERS, query_string(pairs))
}

/// The applicant's page of a dossier.
pub fn dossier(code: &str) -> String {
    format!("{DOSSIERS}/{}", encode_component(code))
}

/// A dossier's receipt and appointment slip.
pub fn receipt(code: &str) -> String {
    format!("{}/bien-nhan", dossier(code))
}

/// A dossier's receipt just after it was filed for a step of `project`, leading back to the project.
pub fn receipt_in_project(code: &str, project: &str) -> String {
    with_query(&receipt(code), query_string([(STEP_PROJECT, project)]))
}

/// The project a receipt's address leads back to ([`receipt_in_project`]), from its query values as
/// `get` decodes them.
pub fn receipt_project(get: impl Fn(&str) -> Option<String>) -> Option<String> {
    get(STEP_PROJECT).filter(|project| !project.is_empty())
}

/// The printable fee receipt (biên lai) `number` of a dossier.
pub fn fee_receipt(code: &str, number: &str) -> String {
    format!("{}/bien-lai/{}", dossier(code), encode_component(number))
}

/// The dossier's page as the person comes back from paying, saying how it went.
pub fn paid(code: &str, outcome: crate::payment::PaymentOutcome) -> String {
    with_query(
        &dossier(code),
        query_string(Some(("thanh-toan", outcome.key()))),
    )
}

/// The printable slip of one event of a dossier.
pub fn slip(code: &str, event: i64) -> String {
    format!("{}/phieu/{event}", dossier(code))
}

/// Public tracking with the code filled in (empty: the blank form), as the receipt's QR code and mail
/// links give it.
pub fn tracking(code: &str) -> String {
    tracking_checked(code, "")
}

/// Public tracking of a code with its check (the receipt's PIN), which looks the dossier up: the QR
/// code's link. The check goes in the fragment, which browsers never send, so no server or proxy log
/// and no `Referer` ever holds it.
pub fn tracking_checked(code: &str, check: &str) -> String {
    let path = with_query(
        TRACKING,
        query_string([("ma", code)].into_iter().filter(|(_, v)| !v.is_empty())),
    );
    match check {
        "" => path,
        check => format!("{path}#{}", query_string([(TRACKING_CHECK, check)])),
    }
}

/// The fragment's name for the check in [`tracking_checked`].
pub const TRACKING_CHECK: &str = "kiem-tra";

/// The inbox.
pub fn inbox() -> String {
    INBOX.to_string()
}

/// The officer's queue.
pub fn queue() -> String {
    QUEUE.to_string()
}

/// The officer's queue searched, filtered and at a page, with the API's own parameters.
pub fn queue_filtered(q: &QueueQuery) -> String {
    with_query(QUEUE, q.to_query())
}

/// A dossier as a handling officer works on it.
pub fn officer_dossier(code: &str) -> String {
    format!("{OFFICER_DOSSIERS}/{}", encode_component(code))
}

/// How people rated the officer's agency.
pub fn agency_ratings() -> String {
    format!("{QUEUE}/danh-gia")
}

/// The account's company: its verification, its members, and the invitations the account has.
pub fn company() -> String {
    COMPANY.to_string()
}

/// The projects of the account's companies, with what each waits on.
pub fn projects() -> String {
    PROJECTS.to_string()
}

/// Creating a project.
pub fn new_project() -> String {
    NEW_PROJECT.to_string()
}

/// A project's page, as its company's members and the officers holding its dossiers see it.
pub fn project(id: &str) -> String {
    format!("{PROJECTS}/{}", encode_component(id))
}

/// Applying for a procedure as a step of a project: the application starts from what the project
/// already says.
pub fn apply_for_step(procedure: &str, project: &str, step: &str) -> String {
    with_query(
        &apply(procedure),
        query_string([(STEP_PROJECT, project), (STEP, step)]),
    )
}

/// The project and step an application's address files it for ([`apply_for_step`]), from its query
/// values as `get` decodes them: both named and neither empty, else it is an application of its own.
pub fn step_of(get: impl Fn(&str) -> Option<String>) -> Option<(String, String)> {
    match (get(STEP_PROJECT), get(STEP)) {
        (Some(project), Some(step)) if !project.is_empty() && !step.is_empty() => {
            Some((project, step))
        }
        _ => None,
    }
}

/// The companies waiting for a business-registration officer to check them.
pub fn verifications() -> String {
    format!("{QUEUE}/xac-minh")
}

/// What people searched for and did not find, and the words the search is taught, for the officers
/// who keep the catalogue.
pub fn search_terms() -> String {
    format!("{QUEUE}/tu-tim-kiem")
}

/// Public statistics of a scope over a period, with the API's own parameters (`scope`, `from`,
/// `to`); empty ones are left out, and the page fills in the last twelve months.
pub fn stats(q: &crate::stats::StatsQuery) -> String {
    with_query(
        STATS,
        query_string(
            [
                ("scope", q.scope.as_str()),
                ("from", q.from.as_str()),
                ("to", q.to.as_str()),
            ]
            .into_iter()
            .filter(|(_, v)| !v.is_empty()),
        ),
    )
}

/// The Decision 766 index: the province's score group by group, and the agencies ranked.
pub fn stats_index() -> String {
    format!("{STATS}/chi-so-766")
}

/// Sending feedback or a complaint (phản ánh, kiến nghị), about `about` when given (a procedure's
/// page links it with its code).
pub fn send_feedback(about: Option<&crate::feedback::About>) -> String {
    use crate::feedback::About;
    let (kind, id) = match about {
        None => return FEEDBACK.to_string(),
        Some(About::Procedure(id)) => ("thu-tuc", id),
        Some(About::Agency(id)) => ("co-quan", id),
        Some(About::Officer(id)) => ("can-bo", id),
        Some(About::Dossier(id)) => ("ho-so", id),
        Some(About::Rating(id)) => ("danh-gia", id),
    };
    with_query(FEEDBACK, query_string([(kind, id.as_str())]))
}

/// Following feedback by its code (and the PIN, in the fragment as for tracking, when given).
pub fn feedback(code: &str, pin: &str) -> String {
    let path = format!("{FEEDBACK}/{}", encode_component(code));
    match pin {
        "" => path,
        pin => format!("{path}#{}", query_string([("pin", pin)])),
    }
}

/// Published questions and answers, searched (empty `q`: the newest), or a procedure's.
pub fn questions(q: &str, procedure: &str) -> String {
    with_query(
        QUESTIONS,
        query_string(
            [("q", q), ("thu-tuc", procedure)]
                .into_iter()
                .filter(|(_, v)| !v.is_empty()),
        ),
    )
}

/// One published question and its answer.
pub fn question(code: &str) -> String {
    format!("{QUESTIONS}/{}", encode_component(code))
}

/// "You said, we did": what agencies changed because of feedback.
pub fn changes() -> String {
    CHANGES.to_string()
}

/// The feedback the signed-in account sent, newest first.
pub fn my_feedback() -> String {
    format!("{ACCOUNT}/phan-anh")
}

/// The feedback waiting on the officer's agency.
pub fn feedback_queue() -> String {
    OFFICER_FEEDBACK.to_string()
}

/// Feedback as a handling officer works on it.
pub fn officer_feedback(code: &str) -> String {
    format!("{OFFICER_FEEDBACK}/{}", encode_component(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_keeps_its_query_given_either_way() {
        assert_eq!(address("/dang-nhap", "tiep=%2Fa"), "/dang-nhap?tiep=%2Fa");
        assert_eq!(address("/dang-nhap", "?tiep=%2Fa"), "/dang-nhap?tiep=%2Fa");
        assert_eq!(address("/dang-nhap", ""), "/dang-nhap");
    }

    /// The build script and the app's features list the areas by hand: a bundle missing from either
    /// would be served an empty directory.
    #[test]
    fn every_area_is_built_and_has_its_feature() {
        let areas: Vec<&str> = Bundle::SIGNED_IN.iter().map(|b| b.dir()).collect();
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let script = std::fs::read_to_string(format!("{root}/scripts/build.sh")).unwrap();
        let built = script
            .lines()
            .find_map(|l| l.strip_prefix("AREAS=\""))
            .and_then(|l| l.strip_suffix('"'))
            .expect("scripts/build.sh sets AREAS");
        assert_eq!(built.split(' ').collect::<Vec<_>>(), areas);
        let manifest = std::fs::read_to_string(format!("{root}/apply/Cargo.toml")).unwrap();
        let default = manifest
            .lines()
            .find_map(|l| l.strip_prefix("default = "))
            .expect("apply/Cargo.toml has default features");
        let features: Vec<&str> = default
            .trim_matches(|c| c == '[' || c == ']')
            .split(", ")
            .map(|f| f.trim_matches('"'))
            .collect();
        assert_eq!(features, areas);
    }

    #[test]
    fn apply_paths() {
        assert!(is_apply_path("/dang-nhap"));
        assert!(is_apply_path("/nop-ho-so/1.001193"));
        assert!(is_apply_path("/dang-nhap?tiep=/tai-khoan"));
        assert!(!is_apply_path("/dang-nhapx"));
        assert!(!is_apply_path("/thu-tuc/1.001193"));
        assert!(!is_apply_path("/"));
    }

    #[test]
    fn each_area_has_its_bundle() {
        assert_eq!(bundle_of("/nop-ho-so/1.001193?x=1"), Bundle::Form);
        assert_eq!(bundle_of("/ho-so"), Bundle::Dossiers);
        assert_eq!(bundle_of("/ho-so?trang=2"), Bundle::Dossiers);
        assert_eq!(bundle_of(&dossier("X-1")), Bundle::Dossier);
        assert_eq!(bundle_of("/ho-so/X-1#trang-thai"), Bundle::Dossier);
        assert_eq!(bundle_of(&receipt("X-1")), Bundle::Dossiers);
        assert_eq!(bundle_of(&slip("X-1", 7)), Bundle::Dossiers);
        assert_eq!(bundle_of("/ho-so/"), Bundle::Dossiers);
        assert_eq!(bundle_of(&officer_dossier("X-1")), Bundle::Desk);
        assert_eq!(bundle_of("/can-bo/ho-so"), Bundle::Office);
        assert_eq!(bundle_of("/can-bo/danh-gia"), Bundle::Office);
        assert_eq!(bundle_of(&verifications()), Bundle::Office);
        assert_eq!(bundle_of(&feedback_queue()), Bundle::OfficerFeedback);
        assert_eq!(
            bundle_of(&officer_feedback("PA-1")),
            Bundle::OfficerFeedback
        );
        assert_eq!(bundle_of("/can-bo"), Bundle::Queue);
        assert_eq!(bundle_of("/can-bo?trang=2"), Bundle::Queue);
        assert_eq!(bundle_of("/doanh-nghiep"), Bundle::Company);
        assert_eq!(bundle_of("/dang-nhap?tiep=/ho-so"), Bundle::SignIn);
        assert_eq!(bundle_of("/dang-ky"), Bundle::SignIn);
        assert_eq!(bundle_of("/tai-khoan"), Bundle::Account);
        assert_eq!(bundle_of("/tai-khoan/phan-anh"), Bundle::Account);
        assert_eq!(bundle_of("/thong-bao"), Bundle::Account);
        assert_eq!(bundle_of("/thong-ke"), Bundle::Stats);
        assert_eq!(bundle_of(&stats_index()), Bundle::StatsIndex);
        assert_eq!(bundle_of(&new_project()), Bundle::NewProject);
        assert_eq!(bundle_of("/du-an/DA-1"), Bundle::Projects);
        assert_eq!(bundle_of("/phan-anh?thu-tuc=1.001193"), Bundle::Feedback);
        assert_eq!(bundle_of(&feedback("PA-1", "123456")), Bundle::FeedbackCase);
        assert_eq!(bundle_of("/hoi-dap/PA-1"), Bundle::Questions);
        assert_eq!(bundle_of("/ban-noi-chung-toi-lam"), Bundle::Questions);
        assert_eq!(bundle_of("/ho-sox"), Bundle::Catalogue);
        assert_eq!(bundle_of("/thu-tuc/1.001193"), Bundle::Catalogue);
    }

    #[test]
    fn english_addresses() {
        assert_eq!(english("/"), "/en");
        assert_eq!(english("/tim-kiem?q=x"), "/en/tim-kiem?q=x");
        assert_eq!(english("/thu-tuc/1.001193"), "/en/thu-tuc/1.001193");
        assert_eq!(split_english("/en"), (true, "/".to_string()));
        assert_eq!(split_english("/en/"), (true, "/".to_string()));
        assert_eq!(
            split_english("/en/thu-tuc/1.1"),
            (true, "/thu-tuc/1.1".to_string())
        );
        assert_eq!(split_english("/en?q=1"), (true, "/?q=1".to_string()));
        assert_eq!(split_english("/enx"), (false, "/enx".to_string()));
        assert_eq!(split_english("/tim-kiem"), (false, "/tim-kiem".to_string()));
        for p in ["/", "/tim-kiem?q=a", "/thu-tuc/1.2"] {
            assert_eq!(split_english(&english(p)), (true, p.to_string()));
        }
    }

    #[test]
    fn built_paths() {
        let code = "000.00.00.H55-250527-0001";
        assert_eq!(dossier(code), format!("/ho-so/{code}"));
        assert_eq!(receipt(code), format!("/ho-so/{code}/bien-nhan"));
        assert_eq!(
            receipt_in_project(code, "DA-7K2M"),
            format!("/ho-so/{code}/bien-nhan?du-an=DA-7K2M")
        );
        assert_eq!(slip(code, 7), format!("/ho-so/{code}/phieu/7"));
        assert_eq!(officer_dossier(code), format!("/can-bo/ho-so/{code}"));
        assert_eq!(project("DA-7K2M"), "/du-an/DA-7K2M");
        assert_eq!(
            apply_for_step("1.009646", "DA-7K2M", "irc"),
            "/nop-ho-so/1.009646?du-an=DA-7K2M&buoc=irc"
        );
        let query = |q: &'static str| {
            move |key: &str| {
                q.split('&')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            step_of(query("du-an=DA-7K2M&buoc=irc")),
            Some(("DA-7K2M".to_string(), "irc".to_string()))
        );
        assert_eq!(
            receipt_project(query("du-an=DA-7K2M")),
            Some("DA-7K2M".to_string())
        );
        assert_eq!(receipt_project(query("du-an=")), None);
        for own in [
            "du-an=DA-7K2M",
            "buoc=irc",
            "du-an=&buoc=irc",
            "du-an=DA-7K2M&buoc=",
            "",
        ] {
            assert_eq!(step_of(query(own)), None, "{own}");
        }
        assert_eq!(apply("1.001193"), "/nop-ho-so/1.001193");
        assert_eq!(procedure("a b/c"), "/thu-tuc/a%20b%2Fc");
        assert_eq!(sign_in(None), "/dang-nhap");
        assert_eq!(
            sign_in(Some("/nop-ho-so/1.001193")),
            "/dang-nhap?tiep=%2Fnop-ho-so%2F1.001193"
        );
        assert_eq!(dossiers("", 1), "/ho-so");
        assert_eq!(dossiers("da-nop", 2), "/ho-so?trang-thai=da-nop&trang=2");
        assert_eq!(
            dossiers_from("", 2, &PageFrom::After("1764000000.42".into())),
            "/ho-so?trang=2&sau=1764000000.42"
        );
        assert_eq!(
            dossiers_from("returned", 3, &PageFrom::Before("1764000000.42".into())),
            "/ho-so?trang-thai=returned&trang=3&truoc=1764000000.42"
        );
        assert_eq!(tracking(""), "/tra-cuu");
        assert_eq!(tracking(code), format!("/tra-cuu?ma={code}"));
        assert_eq!(
            tracking_checked(code, "0912 345"),
            format!("/tra-cuu?ma={code}#kiem-tra=0912%20345")
        );
        assert_eq!(search(&SearchRequest::default()), "/tim-kiem");
        assert_eq!(company(), "/doanh-nghiep");
        assert_eq!(verifications(), "/can-bo/xac-minh");
        assert_eq!(search_terms(), "/can-bo/tu-tim-kiem");
        let q = QueueQuery {
            code: " h55-2612 ".into(),
            status: "received".into(),
            ..QueueQuery::default()
        };
        assert_eq!(queue_filtered(&QueueQuery::default()), "/can-bo");
        assert_eq!(
            queue_filtered(&q.at_page(3)),
            "/can-bo?code=h55-2612&status=received&page=3"
        );
        assert_eq!(
            queue_filtered(&q.at_page(1)),
            "/can-bo?code=h55-2612&status=received"
        );
    }

    #[test]
    fn every_built_path_is_served_by_its_bundle() {
        for p in [
            sign_in(Some("/ho-so")),
            register(None),
            register(Some("/nop-ho-so/x")),
            account(),
            apply("x"),
            dossiers("", 3),
            dossier("x"),
            receipt("x"),
            receipt_in_project("x", "y"),
            slip("x", 1),
            inbox(),
            queue(),
            queue_filtered(&QueueQuery::default().at_page(2)),
            officer_dossier("x"),
            agency_ratings(),
            company(),
            verifications(),
            search_terms(),
            stats(&crate::stats::StatsQuery::default()),
            stats_index(),
            send_feedback(Some(&crate::feedback::About::Procedure("1.001193".into()))),
            feedback("PA-1", "ABCD"),
            questions("đất", ""),
            question("PA-1"),
            changes(),
            feedback_queue(),
            officer_feedback("PA-1"),
            my_feedback(),
        ] {
            assert!(is_apply_path(&p), "{p}");
        }
        for p in [home(), search(&SearchRequest::default()), procedure("x")] {
            assert!(!is_apply_path(&p), "{p}");
            assert!(!is_server_page(&p), "{p}");
        }
        for p in [
            tracking(""),
            tracking_checked("x", "y"),
            english(&tracking("x")),
        ] {
            assert!(!is_apply_path(&p), "{p}");
            assert!(is_server_page(&p), "{p}");
        }
    }
}
