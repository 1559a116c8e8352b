//! Synthetic dossiers for load tests (`motcua-server generate-dossiers`): accounts of citizens and
//! businesses, and dossiers submitted over the past two years for the catalogue's online procedures,
//! each moved through its workflow up to now. The dossiers are made by the same functions as real ones:
//! [`new_dossier`] builds what a submission stores, [`act::apply`] moves it as an action does, and
//! [`overdue::mark`] records the sweep; the store writes their rows in bulk. The same seed gives the
//! same owners, procedures and codes.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use anyhow::{bail, Context};
use base64::Engine;
use motcua_api::account::{AccountKind, Me};
use motcua_api::calendar::{Calendar, Date};
use motcua_api::company::MemberRole;
use motcua_api::dossier::{Delivery, ReceivedDocument, SubmitRequest, UploadInfo};
use motcua_api::form::{
    AddressAnswer, Answer, Answers, Commune, FieldKind, FormDefinition, FormField, Places, Prefill,
};
use motcua_api::journey::{prefill, FillFacts};
use motcua_api::lifecycle::{
    plan, tracking_pin, Action, Actor, EventKind, Status, StepKind, StepSpec,
};
use motcua_api::project::{Journey, StepRef, StepState};
use motcua_api::{Agency, Procedure, Provided};

use crate::auth::password;
use crate::catalogue::Catalogue;
use crate::dossiers::submit::{new_dossier, Applying, Attached, Keys};
use crate::dossiers::{act, overdue};
use crate::lifecycle::DossierState;
use crate::projects::project_id_from;
use crate::stats::upkeep::{self, Deltas, Points, Subject};
use crate::store::accounts::NewAccount;
use crate::store::bulk::{BulkAccount, BulkDossier, BulkProject, BulkRating};
use crate::store::companies::NewVerification;
use crate::store::dossiers::{DossierRecord, EventRecord, NewDossier, NewEvent};
use crate::store::uploads::{NewUpload, UploadQuota};
use crate::store::Store;

pub mod sample;

pub struct Options {
    pub count: u64,
    pub seed: u64,
    /// The password of the accounts a benchmark signs in as.
    pub password: String,
    /// Citizen accounts; by default one per ten dossiers, at most 100,000.
    pub citizens: Option<usize>,
    /// Investment projects, with their steps filed as dossiers beside the `count` others; by
    /// default three per hundred dossiers.
    pub projects: Option<usize>,
}

/// What was generated, and whom to sign in as.
#[derive(Debug, Default)]
pub struct Summary {
    pub dossiers: u64,
    pub accounts: usize,
    pub events: u64,
    pub uploads: u64,
    pub by_status: BTreeMap<&'static str, u64>,
    pub open: u64,
    /// Open dossiers past their due date today.
    pub overdue: u64,
    /// A citizen with a typical handful of dossiers.
    pub citizen: String,
    pub citizen_dossiers: u64,
    /// The 10-digit tax code of the company with many dossiers across its branches.
    pub business: String,
    pub business_dossiers: u64,
    pub projects: u64,
    /// Dossiers filed as steps of projects (counted in `dossiers`).
    pub project_dossiers: u64,
    /// Where the projects' steps stand: done, at an agency, refused, never filed.
    pub steps: BTreeMap<&'static str, u64>,
    /// The companies that own projects.
    pub investors: usize,
    /// The big company's own projects, which its accounts see.
    pub business_projects: u64,
    /// Tax codes of the companies with projects a benchmark signs in as, beside the big one.
    pub investors_bench: Vec<String>,
    pub seconds_accounts: f64,
    pub seconds_dossiers: f64,
    pub seconds_analyze: f64,
}

/// Dossiers per transaction.
const BATCH: usize = 10_000;
const DAY: i64 = 86_400;
const HISTORY_DAYS: i64 = 730;
/// The company with many dossiers: its head office and five branches.
const BIG_COMPANY: &str = "4601234567";
const BRANCHES: usize = 5;
const OTHER_COMPANIES: usize = 19;
/// The communes whose own offices get dossiers of the procedures done at every commune.
const COMMUNES_SEEDED: usize = 3;
/// Projects per company on average; the big company has its own number.
const PROJECTS_PER_INVESTOR: usize = 4;
const BIG_COMPANY_PROJECTS: usize = 24;
/// Times a refused or withdrawn step is filed at most.
const ATTEMPTS: usize = 3;
/// Companies with projects whose head office accounts a benchmark signs in as, beside the big one.
const BENCH_INVESTORS: usize = 8;

/// SplitMix64: small, fast and the same everywhere — the same seed always gives the same data.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn fill(&mut self, bytes: &mut [u8]) {
        for chunk in bytes.chunks_mut(8) {
            chunk.copy_from_slice(&self.next().to_le_bytes()[..chunk.len()]);
        }
    }

    fn id(&mut self) -> String {
        let bytes: Vec<u8> = (0..2).flat_map(|_| self.next().to_le_bytes()).collect();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    fn hex(&mut self) -> String {
        (0..4).map(|_| format!("{:016x}", self.next())).collect()
    }
}

const FAMILY: &[&str] = &[
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Ma", "Lường", "Nông",
];
const MIDDLE_M: &[&str] = &["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Xuân"];
const MIDDLE_F: &[&str] = &["Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng"];
const GIVEN_M: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quang", "Sơn", "Tuấn",
    "Việt", "Hải", "Trung", "Thắng",
];
const GIVEN_F: &[&str] = &[
    "Anh", "Chi", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Thảo",
    "Trang", "Yến", "Huyền", "Ngân",
];
const STREETS: &[&str] = &[
    "Hoàng Văn Thụ",
    "Cách Mạng Tháng Tám",
    "Lương Ngọc Quyến",
    "Quang Trung",
    "Phan Đình Phùng",
    "Bắc Kạn",
    "Dương Tự Minh",
    "Z115",
    "Thống Nhất",
    "Minh Cầu",
];
const COMPANY_WORDS: &[&str] = &[
    "Thái Hưng",
    "Gang Thép",
    "Chè Tân Cương",
    "Phú Bình",
    "Đồng Hỷ",
    "Sông Cầu",
    "Hồng Phát",
    "Minh Đức",
    "An Khánh",
    "Việt Bắc",
];
const SUPPLEMENT_ITEMS: &[&str] = &[
    "Bản sao Giấy khai sinh có chứng thực",
    "Ảnh chụp rõ nét hai mặt thẻ Căn cước",
    "Tờ khai có chữ ký của người đề nghị",
    "Giấy ủy quyền có chứng thực",
    "Bản vẽ thiết kế có chữ ký, đóng dấu",
    "Giấy xác nhận cư trú",
];
const REFUSALS: &[&str] = &[
    "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan.",
    "Không đủ điều kiện theo quy định.",
    "Quá thời hạn bổ sung hồ sơ mà người nộp không bổ sung.",
    "Thông tin kê khai không khớp với Cơ sở dữ liệu quốc gia về dân cư.",
];

/// Someone dossiers are submitted by, with the account's id.
struct Person {
    me: Me,
    /// Home, where results sent by post go.
    address: AddressAnswer,
}

/// A procedure dossiers are made for: its form's answers ready to personalise.
struct Proc<'a> {
    procedure: &'a Procedure,
    /// The office its dossiers go to: the procedure's agency, or one commune's own office.
    agency: Agency,
    /// The office's position in the catalogue's offices, which number dossiers per day.
    agency_index: usize,
    form: &'a FormDefinition,
    workflow: &'a [StepSpec],
    answers: Answers,
    business: bool,
}

fn name(rng: &mut Rng) -> (String, bool) {
    let female = rng.chance(0.5);
    let (middle, given) = if female {
        (MIDDLE_F, GIVEN_F)
    } else {
        (MIDDLE_M, GIVEN_M)
    };
    (
        format!(
            "{} {} {}",
            rng.pick(FAMILY),
            rng.pick(middle),
            rng.pick(given)
        ),
        female,
    )
}

fn phone(rng: &mut Rng) -> String {
    let prefix = ["09", "03", "08", "07"][rng.below(4) as usize];
    format!("{prefix}{:08}", rng.below(100_000_000))
}

fn home(rng: &mut Rng, places: &Places) -> (AddressAnswer, String) {
    let province = places
        .provinces
        .iter()
        .find(|p| p.name.contains("Thái Nguyên"))
        .or(places.provinces.first());
    let street = format!("Số {} đường {}", 1 + rng.below(300), rng.pick(STREETS));
    match province {
        Some(p) if !p.communes.is_empty() => {
            let c = rng.pick(&p.communes);
            (
                AddressAnswer {
                    province: p.code.clone(),
                    commune: c.code.clone(),
                    street: street.clone(),
                },
                format!("{street}, {}, {}", c.name, p.name),
            )
        }
        _ => (
            AddressAnswer {
                street: street.clone(),
                ..Default::default()
            },
            street,
        ),
    }
}

fn citizen(i: usize, id: i64, rng: &mut Rng, places: &Places) -> Person {
    let (full_name, female) = name(rng);
    let year = 1950 + rng.below(56) as i32;
    let century = if year >= 2000 { 2 } else { 0 } + u32::from(female);
    // Province 019 (Thái Nguyên), sex and century, year of birth, then a serial unique per account.
    let identifier = format!("019{century}{:02}{:06}", year % 100, i % 1_000_000);
    let (address, address_text) = home(rng, places);
    let me = Me {
        id,
        kind: AccountKind::Citizen,
        identifier,
        full_name: full_name.clone(),
        date_of_birth: Some(format!(
            "{year}-{:02}-{:02}",
            1 + rng.below(12),
            1 + rng.below(28)
        )),
        company_name: None,
        legal_representative: None,
        phone: phone(rng),
        email: if rng.chance(0.6) {
            format!("nguoidan{i}@example.vn")
        } else {
            String::new()
        },
        address: address_text,
        agency: None,
        verified: false,
    };
    Person { me, address }
}

fn business(
    identifier: String,
    company_name: String,
    id: i64,
    rng: &mut Rng,
    places: &Places,
) -> Person {
    let (representative, _) = name(rng);
    let (address, address_text) = home(rng, places);
    let me = Me {
        id,
        kind: AccountKind::Business,
        email: format!("lienhe{}@example.vn", &identifier),
        identifier,
        full_name: representative.clone(),
        date_of_birth: None,
        company_name: Some(company_name),
        legal_representative: Some(representative),
        phone: phone(rng),
        address: address_text,
        agency: None,
        verified: false,
    };
    Person { me, address }
}

/// Each generated company verified, as an officer of the business register would have, from the
/// head office's certificate; its branches invited to act for it, and accepted.
async fn verify_companies(
    store: &Store,
    businesses: &[Person],
    officer: i64,
    at: i64,
    rng: &mut Rng,
) -> anyhow::Result<()> {
    for head in businesses.iter().filter(|p| p.me.identifier.len() == 10) {
        let me = &head.me;
        let certificate = upload(rng, me.id, at, "giay-chung-nhan-dang-ky-doanh-nghiep");
        // The generator stands for the past: no quota applied to it then.
        let unbounded = UploadQuota {
            count: i64::MAX,
            bytes: i64::MAX,
        };
        store.create_upload(&certificate, &unbounded).await?;
        let id = store
            .request_verification(
                &NewVerification {
                    account: me.id,
                    tax_code: &me.identifier,
                    company_name: me.company_name.as_deref().unwrap_or_default(),
                    legal_representative: me.legal_representative.as_deref().unwrap_or_default(),
                    upload: &certificate.info.id,
                },
                at,
            )
            .await?;
        store
            .decide_verification(id, officer, true, "", at + DAY)
            .await?;
        let branches = businesses
            .iter()
            .filter(|p| p.me.identifier.len() > 10 && p.me.identifier.starts_with(&me.identifier));
        for branch in branches {
            let b = &branch.me;
            store
                .invite(
                    &me.identifier,
                    me.id,
                    &b.identifier,
                    MemberRole::Act,
                    at + DAY,
                )
                .await?;
            store
                .accept_invitation(&me.identifier, b.id, &b.identifier, at + 2 * DAY)
                .await?;
        }
    }
    Ok(())
}

/// The account of `me`, under `me.id`; its profile without the id, as registering stores it.
fn account(me: Me, hash: &str, created_at: i64) -> BulkAccount {
    BulkAccount {
        id: me.id,
        account: NewAccount {
            password_hash: hash.to_string(),
            me: Me { id: 0, ..me },
        },
        created_at,
    }
}

/// A valid answer to a field, read off its definition: what generated dossiers hold, and what shows
/// every sample form can be filled in.
pub fn value_for(field: &FormField, places: &Places, today: Date) -> Answer {
    let rules = &field.rules;
    let fit = |base: &str| {
        let mut s = base.to_string();
        while (s.chars().count() as u32) < rules.min_length.unwrap_or(0) {
            s.push('.');
        }
        s.chars()
            .take(rules.max_length.unwrap_or(200) as usize)
            .collect::<String>()
    };
    let number = || {
        let n = rules
            .min
            .unwrap_or(1.0)
            .max(rules.max.map_or(1.0, |m| m.min(1.0)));
        format!("{}", n.ceil() as i64)
    };
    if let Some(pattern) = &rules.pattern {
        return Answer::Text(
            pattern
                .mask
                .chars()
                .map(|c| match c {
                    '9' => '1',
                    'A' | 'X' => 'A',
                    other => other,
                })
                .collect(),
        );
    }
    match field.kind {
        FieldKind::Text => Answer::Text(fit("Việt Nam")),
        FieldKind::LongText => Answer::Text(fit(
            "Đề nghị cơ quan xem xét, giải quyết theo quy định. Tôi cam đoan những nội dung kê khai là đúng sự thật.",
        )),
        FieldKind::Number | FieldKind::Money => Answer::Text(number()),
        FieldKind::Date => {
            let bound = |b: &Option<String>| {
                b.as_deref()
                    .and_then(|b| if b == "today" { Some(today) } else { Date::parse(b) })
            };
            // The year the sample citizen ID gives, where the rules allow it, so a date of birth
            // agrees with the ID number beside it.
            let born = Date::new(1990, 1, 1).expect("a date");
            let allowed = |d: Date| {
                bound(&rules.min_date).is_none_or(|m| d >= m)
                    && bound(&rules.max_date).is_none_or(|m| d <= m)
            };
            let date = Some(born)
                .filter(|d| allowed(*d))
                .or(bound(&rules.min_date))
                .or(bound(&rules.max_date).map(|d| d.add_days(-3650).min(d)))
                .unwrap_or(Date::new(2000, 1, 1).expect("a date"));
            Answer::Text(date.to_string())
        }
        FieldKind::Select | FieldKind::Radio => Answer::Text(
            field
                .options
                .first()
                .map(|o| o.value.clone())
                .unwrap_or_default(),
        ),
        FieldKind::Checkbox if field.options.is_empty() => Answer::Flag(true),
        FieldKind::Checkbox => Answer::Choices(vec![field.options[0].value.clone()]),
        FieldKind::Address => {
            let p = places.provinces.first();
            Answer::Address(AddressAnswer {
                province: p.map(|p| p.code.clone()).unwrap_or_default(),
                commune: p
                    .and_then(|p| p.communes.first())
                    .map(|c| c.code.clone())
                    .unwrap_or_default(),
                street: "Số 12 đường Hoàng Văn Thụ".into(),
            })
        }
        FieldKind::CitizenId => Answer::Text("019190001234".into()),
        FieldKind::TaxCode => Answer::Text(BIG_COMPANY.into()),
        FieldKind::Phone => Answer::Text("0912345678".into()),
        FieldKind::Email => Answer::Text("lan@example.vn".into()),
        FieldKind::Group => {
            let n = field.min_items.unwrap_or(1).max(1);
            Answer::Items(
                (0..n)
                    .map(|_| {
                        field
                            .fields
                            .iter()
                            .map(|f| (f.id.clone(), value_for(f, places, today)))
                            .collect()
                    })
                    .collect(),
            )
        }
    }
}

/// How many dossiers a procedure gets, relative to others: the everyday ones most.
fn popularity(code: &str) -> f64 {
    match code {
        "2.000815" => 8.0, // chứng thực bản sao
        "1.012811" => 6.0, // đổi giấy phép lái xe
        "1.001193" | "1.004194" | "2.000488" => 5.0,
        "1.004222" | "1.004873" | "1.012753" | "2.002061" => 3.0,
        "1.000894" | "1.013225" | "1.014215" => 2.0,
        _ => 1.0,
    }
}

fn procedures<'a>(
    catalogue: &'a Catalogue,
    offices: &[Agency],
    today: Date,
) -> Vec<(Proc<'a>, f64)> {
    let mut out = Vec::new();
    for form in &catalogue.forms {
        let Some(procedure) = catalogue
            .procedures
            .iter()
            .find(|p| p.code == form.procedure)
        else {
            continue;
        };
        let Some(agency) = catalogue.agencies.iter().find(|a| a.id == procedure.agency) else {
            continue;
        };
        // A procedure done at each commune's own office is spread over the province's first few.
        let mut targets: Vec<(usize, &Agency)> = match agency.per_commune {
            None => offices
                .iter()
                .enumerate()
                .filter(|(_, o)| o.id == agency.id)
                .collect(),
            Some(_) => {
                let own = agency.commune_offices(&catalogue.places);
                offices
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| own.iter().take(COMMUNES_SEEDED).any(|c| c.id == o.id))
                    .collect()
            }
        };
        if targets.is_empty() {
            continue;
        }
        let Some(workflow) = catalogue.workflow(procedure) else {
            continue;
        };
        let answers: Answers = form
            .sections
            .iter()
            .map(|s| {
                let section = s
                    .fields
                    .iter()
                    .map(|f| (f.id.clone(), value_for(f, &catalogue.places, today)))
                    .collect();
                (s.id.clone(), section)
            })
            .collect();
        let business = form
            .sections
            .iter()
            .flat_map(|s| &s.fields)
            .any(|f| matches!(f.prefill, Some(Prefill::TaxCode | Prefill::CompanyName)));
        let share = popularity(&procedure.code) / targets.len() as f64;
        for (agency_index, office) in targets.drain(..) {
            out.push((
                Proc {
                    procedure,
                    agency: office.clone(),
                    agency_index,
                    form,
                    workflow,
                    answers: answers.clone(),
                    business,
                },
                share,
            ));
        }
    }
    out
}

/// Picks by weight: cumulative weights and a binary search.
struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Self { cumulative }
    }

    fn pick(&self, rng: &mut Rng) -> usize {
        let x = rng.unit() * self.cumulative.last().copied().unwrap_or(0.0);
        self.cumulative
            .partition_point(|c| *c <= x)
            .min(self.cumulative.len() - 1)
    }
}

/// Midnight of a day in Vietnam, in seconds since 1970.
fn midnight(d: Date) -> i64 {
    (d.julian_day() - Date::new(1970, 1, 1).expect("a date").julian_day()) * DAY - 7 * 3600
}

/// A moment in office hours (07:30–16:30) `days` working days after `t`, and always after `t`.
fn later(cal: &Calendar, t: i64, days: u32, rng: &mut Rng) -> i64 {
    let day = cal.add_working_days(Date::in_vietnam(t), days);
    let at = midnight(day) + 7 * 3600 + 1800 + rng.below(9 * 3600) as i64;
    if at > t {
        at
    } else {
        t + 600 + rng.below(3 * 3600) as i64
    }
}

/// Working days a step takes: mostly within its allowance, sometimes well over it.
fn step_time(days: u32, rng: &mut Rng) -> u32 {
    let f = if rng.chance(0.08) {
        1.0 + rng.unit() * 1.5
    } else {
        0.2 + rng.unit() * 0.8
    };
    (f64::from(days) * f).round() as u32
}

/// A file uploaded by `owner` at `created_at`, as the upload route stores it.
fn upload(rng: &mut Rng, owner: i64, created_at: i64, stem: &str) -> NewUpload {
    let pdf = rng.chance(0.7);
    let name = if pdf {
        format!("{stem}.pdf")
    } else {
        format!("IMG_{:04}.jpg", rng.below(10_000))
    };
    let content_type = if pdf { "application/pdf" } else { "image/jpeg" };
    let size = 60_000 + rng.below(2_400_000);
    NewUpload {
        owner,
        sha256: rng.hex(),
        info: UploadInfo {
            id: rng.id(),
            name,
            size,
            content_type: content_type.into(),
        },
        created_at,
    }
}

/// What every dossier is generated against.
struct World<'a> {
    cal: &'a Calendar,
    now: i64,
    procs: &'a [Proc<'a>],
    people: &'a [Person],
    /// Officer account ids per agency id.
    officers: &'a HashMap<String, Vec<i64>>,
    places: &'a Places,
    /// The rating criteria's ids.
    criteria: &'a [String],
}

/// The dossier a citizen's application at `t0` makes: the form's answers with what the account fills
/// in, the mandatory documents that are uploaded (and some others) uploaded just before, the
/// delivery chosen.
fn submission(
    world: &World<'_>,
    proc: &Proc<'_>,
    owner: &Person,
    t0: i64,
    filing: &Filing,
    rng: &mut Rng,
    uploads: &mut Vec<NewUpload>,
) -> NewDossier {
    let procedure = proc.procedure;
    let mut answers = proc.answers.clone();
    let account = proc.form.prefilled(&owner.me, Some(world.places));
    for (section, filled) in account.into_iter().chain(filing.answers.clone()) {
        answers.entry(section).or_default().extend(filled);
    }
    let mut documents = BTreeMap::new();
    let mut attached = Attached {
        documents: Vec::new(),
        upload_ids: Vec::new(),
    };
    for (i, doc) in procedure.documents.iter().enumerate() {
        if doc.provided != Provided::Upload || (!doc.mandatory && !rng.chance(0.4)) {
            continue;
        }
        let mut files = Vec::new();
        for k in 0..if rng.chance(0.2) { 2 } else { 1 } {
            let at = t0 - 60 - rng.below(3600) as i64;
            let file = upload(
                rng,
                owner.me.id,
                at,
                &format!("giay-to-{}-{}", i + 1, k + 1),
            );
            files.push(file.info.clone());
            uploads.push(file);
        }
        let ids: Vec<String> = files.iter().map(|f| f.id.clone()).collect();
        attached.upload_ids.extend(ids.iter().cloned());
        documents.insert(i as u32, ids);
        attached.documents.push(ReceivedDocument {
            name: doc.name.clone(),
            files,
        });
    }
    let delivery = if procedure.home_delivery && rng.chance(0.3) {
        Delivery::Post {
            address: owner.address.clone(),
        }
    } else {
        Delivery::Centre
    };
    let req = SubmitRequest {
        project: filing.project.clone(),
        procedure: procedure.code.clone(),
        answers,
        documents,
        delivery,
        // The office is chosen already; a commune is what the applicant's request names.
        commune: None,
        draft_id: None,
        fees: Default::default(),
    };
    // Every generated company is verified, its branches members who act for it (see `companies`).
    let company = (owner.me.kind == AccountKind::Business).then(|| &owner.me.identifier[..10]);
    let to = Applying {
        procedure,
        agency: &proc.agency,
        workflow: proc.workflow,
        company,
    };
    let key = rng.id();
    let keys = Keys {
        idempotency: &key,
        // Not secret here: the generated dossiers are for load tests.
        tracking_pin: tracking_pin(|| rng.next() as u8),
    };
    new_dossier(to, &owner.me, keys, req, attached, t0, world.cal)
}

/// What a project's step adds to its dossier: the project and step, the answers its journey fills
/// in from the project and earlier results, and the number its result is given.
#[derive(Default)]
struct Filing {
    project: Option<StepRef>,
    answers: Answers,
    number: String,
}

/// Where a generated dossier stands, and when it got there.
struct Outcome {
    state: DossierState,
    result_at: Option<i64>,
    last_at: i64,
}

/// One dossier, submitted at `t0`, numbered as the day's next at its agency and moved through its
/// workflow up to now; with where it stands.
fn dossier(
    world: &World<'_>,
    proc: &Proc<'_>,
    owner: &Person,
    t0: i64,
    filing: Filing,
    sequences: &mut HashMap<(usize, String), i64>,
    rng: &mut Rng,
) -> anyhow::Result<(BulkDossier, Outcome)> {
    let mut uploads = Vec::new();
    let mut new = submission(world, proc, owner, t0, &filing, rng, &mut uploads);
    let seq = sequences.entry((proc.agency_index, new.day())).or_insert(0);
    *seq += 1;
    new.receipt.code = new.code(*seq);
    // About one in ten came in at the desk, picked by its (random) key so that no draw is added
    // and the same seed still gives the same dossiers.
    if new.idempotency_key.bytes().map(u32::from).sum::<u32>() % 10 == 7 {
        new.channel = motcua_api::stats::Channel::Counter;
    }
    let mut events = vec![EventRecord::new(&new.event, new.state.status)?];
    let subject = Subject::of(&new.receipt);
    let mut history = History {
        state: new.state.clone(),
        overdue_notified: false,
        events: Vec::new(),
        number: filing.number,
        stats: upkeep::submitted(
            &subject,
            new.channel,
            new.eid,
            crate::store::fees::NewFees::owing(new.fees.as_ref()),
        ),
    };
    history.run(world, &new, owner, rng, &mut uploads)?;
    let mut result_at = None;
    let mut last_at = t0;
    for (event, status) in &history.events {
        last_at = event.at;
        if event.kind == EventKind::ResultReady {
            result_at = Some(event.at);
        }
        events.push(EventRecord::new(event, *status)?);
    }
    let rating = rating(
        world,
        &new,
        owner,
        &history.state,
        last_at,
        rng,
        &mut history.stats,
    )?;
    let record = DossierRecord::new(&new, &history.state, history.overdue_notified)?;
    Ok((
        BulkDossier {
            dossier: record,
            events,
            uploads,
            rating,
            stats: history.stats,
        },
        Outcome {
            state: history.state,
            result_at,
            last_at,
        },
    ))
}

/// Points as people give them: mostly satisfied, some not.
fn point(rng: &mut Rng) -> u8 {
    [1, 2, 3, 4, 4, 5, 5, 5, 5, 5][rng.below(10) as usize]
}

/// The rating of about a third of the dossiers returned, given by their owner within days of the
/// return (if that has come), with what it adds to the statistics.
fn rating(
    world: &World<'_>,
    new: &NewDossier,
    owner: &Person,
    state: &DossierState,
    returned_at: i64,
    rng: &mut Rng,
    stats: &mut Deltas,
) -> anyhow::Result<Option<BulkRating>> {
    if state.status != Status::Returned || !rng.chance(0.35) {
        return Ok(None);
    }
    let rated_at = later(world.cal, returned_at, rng.below(3) as u32, rng);
    if rated_at > world.now {
        return Ok(None);
    }
    let overall = point(rng);
    let mut criteria = BTreeMap::new();
    for c in world.criteria {
        if rng.chance(0.7) {
            criteria.insert(c.clone(), point(rng));
        }
    }
    let (procedure, agency) = (&new.receipt.procedure, &new.receipt.agency);
    let points = Points {
        overall,
        criteria: &criteria,
    };
    stats.merge(upkeep::rated(procedure, agency, rated_at, None, points));
    Ok(Some(BulkRating {
        account: owner.me.id,
        agency: agency.clone(),
        procedure: procedure.clone(),
        overall,
        criteria: serde_json::to_string(&criteria)?,
        rated_at,
    }))
}

/// A dossier's life after submission: where it stands and what happened, with the status each
/// event left it at.
struct History {
    state: DossierState,
    overdue_notified: bool,
    events: Vec<(NewEvent, Status)>,
    /// The number the officer gives the result.
    number: String,
    /// What its submission and events add to the statistics.
    stats: Deltas,
}

/// How a dossier's life goes, drawn once at submission.
struct Fate {
    withdraw: bool,
    refuse_at_reception: bool,
    refuse_later: bool,
    /// A supplement request at reception or at the first processing step.
    supplement_at: Option<usize>,
    /// The citizen never answers a supplement request.
    abandon: bool,
}

impl Fate {
    fn draw(rng: &mut Rng) -> Self {
        let fate = rng.unit();
        Fate {
            withdraw: fate < 0.015,
            refuse_at_reception: (0.015..0.035).contains(&fate),
            refuse_later: (0.035..0.045).contains(&fate),
            supplement_at: rng
                .chance(0.12)
                .then(|| if rng.chance(0.6) { 0 } else { 1 }),
            abandon: rng.chance(0.15),
        }
    }
}

fn refuse(reason: impl Into<String>) -> Action {
    Action::Refuse {
        reason: reason.into(),
    }
}

const SUPPLEMENT_NOTE: &str = "Đề nghị anh/chị bổ sung các giấy tờ sau để hồ sơ được giải quyết.";
const WITHDRAWAL: &str = "Nộp nhầm thủ tục, xin rút để nộp lại.";

impl History {
    /// Acts on the dossier, as its owner and the officers of each step would, until it is done or
    /// the next action would come after now.
    fn run(
        &mut self,
        world: &World<'_>,
        new: &NewDossier,
        owner: &Person,
        rng: &mut Rng,
        uploads: &mut Vec<NewUpload>,
    ) -> anyhow::Result<()> {
        let mut fate = Fate::draw(rng);
        let mut t = new.receipt.submitted_at;
        while !self.state.status.is_final() {
            let (mut action, wait) = self.next_action(&mut fate, rng);
            let next = later(world.cal, t, wait, rng);
            self.sweep(t, next.min(world.now), rng);
            if next > world.now {
                break;
            }
            let agency = self.state.progress.holder().to_string();
            let officer = world.officers.get(&agency).map(|ids| *rng.pick(ids));
            let owner_acts = matches!(action, Action::Withdraw { .. } | Action::Supplement { .. });
            let mut attached = Vec::new();
            if let Action::Supplement { files, .. } | Action::ResultReady { files, .. } =
                &mut action
            {
                let (by, stem) = match owner_acts {
                    true => (owner.me.id, "bo-sung"),
                    false => (officer.unwrap_or(owner.me.id), "ket-qua"),
                };
                let file = upload(rng, by, next - 300, stem);
                files.push(file.info.id.clone());
                attached.push(file.info.clone());
                uploads.push(file);
            }
            let (mut data, _) = act::event_data(&action);
            data.files = attached;
            let (actor, account) = match owner_acts {
                true => (Actor::Owner, Some(owner.me.id)),
                false => (Actor::Holder, officer),
            };
            let kind = action.kind();
            let (state, event) =
                act::apply(&self.state, kind, actor, account, data, next, world.cal).map_err(
                    |e| anyhow::anyhow!("{kind:?} from {:?}: {}", self.state.status, e.en),
                )?;
            let subject = Subject::of(&new.receipt);
            self.stats
                .merge(upkeep::changed(&subject, &state, &event, world.cal));
            self.events.push((event, state.status));
            self.state = state;
            t = next;
        }
        Ok(())
    }

    /// What happens next to the dossier, and after how many working days.
    fn next_action(&self, fate: &mut Fate, rng: &mut Rng) -> (Action, u32) {
        let progress = &self.state.progress;
        let step = &progress.step().step;
        let next_is_return = progress
            .steps
            .get(progress.current + 1)
            .is_some_and(|s| s.step.kind == StepKind::Return);
        let note = String::new;
        match self.state.status {
            Status::Submitted if fate.withdraw => (
                Action::Withdraw {
                    note: WITHDRAWAL.into(),
                },
                rng.below(2) as u32,
            ),
            Status::Submitted if fate.refuse_at_reception => {
                (refuse(*rng.pick(REFUSALS)), rng.below(2) as u32)
            }
            Status::Submitted => (
                Action::Receive { note: note() },
                [0, 0, 0, 1, 1, 2][rng.below(6) as usize],
            ),
            Status::SupplementRequested if fate.abandon => {
                (refuse(REFUSALS[2]), 20 + rng.below(20) as u32)
            }
            Status::SupplementRequested => (
                Action::Supplement {
                    note: note(),
                    files: Vec::new(),
                },
                1 + rng.below(7) as u32,
            ),
            Status::ResultReady => (
                Action::Return { note: note() },
                if rng.chance(0.9) {
                    rng.below(4) as u32
                } else {
                    5 + rng.below(25) as u32
                },
            ),
            _ if fate.supplement_at == Some(progress.current) => {
                fate.supplement_at = None;
                let mut items = vec![rng.pick(SUPPLEMENT_ITEMS).to_string()];
                if rng.chance(0.3) {
                    items.push(rng.pick(SUPPLEMENT_ITEMS).to_string());
                }
                let wait = rng.below(u64::from(step.days / 2 + 1)) as u32;
                let note = SUPPLEMENT_NOTE.into();
                (Action::RequestSupplement { note, items }, wait)
            }
            _ if fate.refuse_later && progress.current == 1 => {
                (refuse(*rng.pick(REFUSALS)), step_time(step.days, rng))
            }
            _ if next_is_return => (
                Action::ResultReady {
                    number: self.number.clone(),
                    note: note(),
                    files: Vec::new(),
                },
                step_time(step.days, rng),
            ),
            _ => (Action::Forward { note: note() }, step_time(step.days, rng)),
        }
    }

    /// The overdue sweep's mark, once, if the dossier passed its due date after `t` and before
    /// `until` while its clock ran.
    fn sweep(&mut self, t: i64, until: i64, rng: &mut Rng) {
        let waiting = matches!(
            self.state.status,
            Status::SupplementRequested | Status::ResultReady
        );
        if self.overdue_notified || waiting {
            return;
        }
        let at = (midnight(self.state.due.add_days(1)) + rng.below(60) as i64).max(t + 1);
        if at < until {
            self.overdue_notified = true;
            let (state, event) = overdue::mark(&self.state, at);
            self.events.push((event, state.status));
            self.state = state;
        }
    }
}

impl Summary {
    /// Counts a generated dossier in.
    fn tally(&mut self, d: &BulkDossier, state: &DossierState, today: Date) {
        *self.by_status.entry(state.status.id()).or_insert(0) += 1;
        self.events += d.events.len() as u64;
        self.uploads += d.uploads.len() as u64;
        if !state.status.is_final() {
            self.open += 1;
            if state.due < today {
                self.overdue += 1;
            }
        }
    }
}

/// Hands a full batch to the writer.
/// What the generator hands the writer at a time: projects, written first, then dossiers, some of
/// them those projects' steps (the database checks that a dossier's project exists).
type Load = (Vec<BulkProject>, Vec<BulkDossier>);

fn send(
    tx: &tokio::sync::mpsc::Sender<Load>,
    projects: &mut Vec<BulkProject>,
    batch: &mut Vec<BulkDossier>,
) -> anyhow::Result<()> {
    let load = (
        std::mem::take(projects),
        std::mem::replace(batch, Vec::with_capacity(BATCH)),
    );
    if tx.blocking_send(load).is_err() {
        bail!("the writer stopped");
    }
    Ok(())
}

/// A journey whose every step has a procedure dossiers can be generated for.
struct JourneyPlan<'a> {
    journey: &'a Journey,
    /// Per step, the positions in the procedures list of the offices its dossiers go to (one, or
    /// the seeded communes' own offices).
    offices: Vec<Vec<usize>>,
    /// A step is done at the commune's own office: its projects are in the seeded communes.
    per_commune: bool,
}

fn journey_plans<'a, 'b, 'p: 'b>(
    catalogue: &'a Catalogue,
    procs: impl Iterator<Item = &'b Proc<'p>> + Clone,
) -> Vec<JourneyPlan<'a>> {
    let mut plans = Vec::new();
    for journey in &catalogue.journeys {
        let offices: Vec<Vec<usize>> = journey
            .steps
            .iter()
            .map(|step| {
                procs
                    .clone()
                    .enumerate()
                    .filter(|(_, p)| p.procedure.code == step.procedure)
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        if offices.iter().any(Vec::is_empty) {
            tracing::warn!(
                "journey {}: a step's procedure has no online form or workflow; no projects of it",
                journey.id
            );
            continue;
        }
        let per_commune = offices.iter().any(|o| o.len() > 1);
        plans.push(JourneyPlan {
            journey,
            offices,
            per_commune,
        });
    }
    plans
}

/// Where projects are: the journeys and the province's communes.
struct Sites<'a> {
    plans: Vec<JourneyPlan<'a>>,
    province: &'a str,
    communes: &'a [Commune],
}

impl<'a> Sites<'a> {
    fn new(plans: Vec<JourneyPlan<'a>>, places: &'a Places) -> Self {
        // The province whose communes have offices of their own in the catalogue (Thái Nguyên).
        let province = places
            .provinces
            .iter()
            .find(|p| p.name.contains("Thái Nguyên"))
            .or(places.provinces.first());
        Sites {
            plans,
            province: province.map_or("", |p| p.name.as_str()),
            communes: province.map_or(&[], |p| p.communes.as_slice()),
        }
    }
}

const PROJECT_KINDS: &[&str] = &[
    "Nhà máy sản xuất linh kiện điện tử",
    "Nhà máy chế biến chè",
    "Nhà máy may mặc xuất khẩu",
    "Nhà máy cơ khí chính xác",
    "Khu nhà ở thương mại",
    "Khách sạn và trung tâm hội nghị",
    "Trung tâm thương mại",
    "Kho vận và logistics",
    "Trang trại chăn nuôi công nghệ cao",
    "Khu du lịch sinh thái",
];

/// The number an agency gives a step's result: a running number, the year and the kind of paper.
fn result_number(step: &str, at: i64, rng: &mut Rng) -> String {
    format!(
        "{}/{}/{}",
        1 + rng.below(9_000),
        Date::in_vietnam(at).year(),
        step.to_uppercase()
    )
}

/// A project of a company (`members`: its accounts' positions in `people`, the head office first),
/// created at some point of the past two years; each included step filed by one of its accounts a
/// few working days after what it needs is done (or what it may be filed alongside is filed), moved
/// through its workflow up to now, and filed again after a refusal or a withdrawal, sometimes.
/// The dossiers go to `out`.
#[allow(clippy::too_many_arguments)]
fn project(
    world: &World<'_>,
    sites: &Sites<'_>,
    members: &[usize],
    sequences: &mut HashMap<(usize, String), i64>,
    rng: &mut Rng,
    out: &mut Vec<BulkDossier>,
    stats: &mut Summary,
) -> anyhow::Result<BulkProject> {
    let plan = rng.pick(&sites.plans);
    let journey = plan.journey;
    let head = &world.people[members[0]].me;
    let optional: Vec<String> = journey
        .steps
        .iter()
        .filter(|s| s.optional.is_some() && rng.chance(0.5))
        .map(|s| s.id.clone())
        .collect();
    let communes = match plan.per_commune {
        true => &sites.communes[..COMMUNES_SEEDED.min(sites.communes.len())],
        false => sites.communes,
    };
    let commune = rng.pick(communes);
    let name = format!("{} {}", rng.pick(PROJECT_KINDS), rng.pick(COMPANY_WORDS));
    let capital = (5 + rng.below(4_995)) * 1_000_000_000;
    let area = 2_000 + rng.below(300_000);
    let description = format!(
        "Dự án {name} tại {}: diện tích {area} m², tổng vốn đầu tư {capital} đồng.",
        commune.name
    );
    let created_at = world.now - rng.below((HISTORY_DAYS * DAY) as u64) as i64;
    let id = project_id_from(|bytes| {
        rng.fill(bytes);
        Ok(())
    })?;
    let mut facts = FillFacts {
        project_name: name.clone(),
        location: format!("{}, {}", commune.name, sites.province),
        capital,
        area,
        description: description.clone(),
        company_name: head.company_name.clone().unwrap_or_default(),
        company_tax_code: head.identifier.clone(),
        results: BTreeMap::new(),
    };
    // Per step: when its live dossier was filed, and when its result came.
    let mut filed: HashMap<&str, i64> = HashMap::new();
    let mut done: HashMap<&str, i64> = HashMap::new();
    let included = |id: &String| {
        journey
            .steps
            .iter()
            .any(|s| &s.id == id && (s.optional.is_none() || optional.contains(id)))
    };
    for (step, offices) in journey.steps.iter().zip(&plan.offices) {
        if step.optional.is_some() && !optional.contains(&step.id) {
            continue;
        }
        let mut earliest = Some(created_at);
        let waits = step
            .needs
            .iter()
            .filter(|n| included(n))
            .map(|n| done.get(n.as_str()))
            .chain(
                step.filed_with
                    .iter()
                    .filter(|n| included(n))
                    .map(|n| filed.get(n.as_str())),
            );
        for at in waits {
            earliest = earliest.zip(at).map(|(a, b)| a.max(*b));
        }
        let Some(earliest) = earliest else {
            *stats.steps.entry("waiting").or_insert(0) += 1;
            continue;
        };
        // Mostly within a few working days, sometimes months later.
        let delay = match rng.chance(0.1) {
            true => 30 + rng.below(90),
            false => rng.below(10),
        };
        let mut t = later(world.cal, earliest, delay as u32, rng);
        let mut state = None;
        for _ in 0..ATTEMPTS {
            if t > world.now {
                break;
            }
            let office = offices
                .iter()
                .copied()
                .find(|&i| world.procs[i].agency.id.ends_with(&commune.code))
                .unwrap_or(offices[0]);
            let proc = &world.procs[office];
            let owner = &world.people[*rng.pick(members)];
            let filing = Filing {
                project: Some(StepRef {
                    project: id.clone(),
                    step: step.id.clone(),
                }),
                answers: prefill(step, proc.form, &facts),
                number: result_number(&step.id, t, rng),
            };
            let number = filing.number.clone();
            let (d, outcome) = dossier(world, proc, owner, t, filing, sequences, rng)?;
            stats.tally(&d, &outcome.state, Date::in_vietnam(world.now));
            stats.project_dossiers += 1;
            out.push(d);
            let status = outcome.state.status;
            state = Some(status);
            if matches!(status, Status::Refused | Status::Withdrawn) {
                if !rng.chance(0.6) {
                    break;
                }
                t = later(world.cal, outcome.last_at, 5 + rng.below(20) as u32, rng);
                continue;
            }
            filed.insert(&step.id, t);
            if let Some(at) = outcome.result_at {
                done.insert(&step.id, at);
                facts
                    .results
                    .insert(step.id.clone(), (number, Date::in_vietnam(at)));
            }
            break;
        }
        let label = match state {
            None => "not filed",
            Some(status) => StepState::of(Some(status), true).id(),
        };
        *stats.steps.entry(label).or_insert(0) += 1;
    }
    Ok(BulkProject {
        id,
        company: head.identifier.clone(),
        kind: journey.id.clone(),
        name,
        commune: commune.code.clone(),
        capital: capital as i64,
        area: area as i64,
        description,
        optional: serde_json::to_string(&optional)?,
        created_by: head.id,
        created_at,
        idempotency_key: rng.id(),
    })
}

/// Fills an empty database with `count` dossiers and their owners.
pub async fn generate(
    store: &Store,
    catalogue: &Catalogue,
    options: &Options,
) -> anyhow::Result<Summary> {
    if store.has_dossiers().await? {
        bail!("the database already has dossiers: generate into a fresh data directory");
    }
    let cal = Calendar::new(catalogue.holidays.clone()).map_err(anyhow::Error::msg)?;
    let now = crate::clock::now();
    let today = Date::in_vietnam(now);
    let offices = catalogue.offices();
    let procs = procedures(catalogue, &offices, today);
    if procs.is_empty() {
        bail!("the catalogue has no procedure with an online form and a workflow");
    }
    let mut rng = Rng(options.seed ^ 0x6d6f_7463_7561_646f);
    let mut summary = Summary::default();
    let started = Instant::now();

    // Accounts: citizens, the big company's head office and branches, other companies, and a few
    // officers per agency (the actors in the event log).
    let citizens = options
        .citizens
        .unwrap_or((options.count as usize / 10).clamp(10, 100_000));
    let first_id = store.next_account_id().await?;
    let mut people = Vec::with_capacity(citizens + 1 + BRANCHES + OTHER_COMPANIES);
    for i in 0..citizens {
        people.push(citizen(i, first_id + i as i64, &mut rng, &catalogue.places));
    }
    let big = people.len();
    for b in 0..=BRANCHES {
        let identifier = if b == 0 {
            BIG_COMPANY.to_string()
        } else {
            format!("{BIG_COMPANY}{b:03}")
        };
        let id = first_id + people.len() as i64;
        people.push(business(
            identifier,
            "Công ty Cổ phần Gang Thép Thái Hưng".into(),
            id,
            &mut rng,
            &catalogue.places,
        ));
    }
    let others = people.len();
    for c in 0..OTHER_COMPANIES {
        let id = first_id + people.len() as i64;
        let name = format!(
            "Công ty TNHH {} {}",
            COMPANY_WORDS[c % COMPANY_WORDS.len()],
            c + 1
        );
        people.push(business(
            format!("46{:08}", 10_000_000 + c),
            name,
            id,
            &mut rng,
            &catalogue.places,
        ));
    }
    // Companies that invest: each head office account verified below, with projects of its own.
    let plans = journey_plans(catalogue, procs.iter().map(|(p, _)| p));
    let project_count = match plans.is_empty() {
        true => 0,
        false => options.projects.unwrap_or(options.count as usize * 3 / 100),
    };
    let investors = project_count
        .saturating_sub(BIG_COMPANY_PROJECTS)
        .div_ceil(PROJECTS_PER_INVESTOR);
    let investors_from = people.len();
    for k in 0..investors {
        let id = first_id + people.len() as i64;
        let name = format!(
            "Công ty TNHH Đầu tư {} {}",
            COMPANY_WORDS[k % COMPANY_WORDS.len()],
            k + 1
        );
        people.push(business(
            format!("47{k:08}"),
            name,
            id,
            &mut rng,
            &catalogue.places,
        ));
    }
    let bench_investors_to = investors_from + BENCH_INVESTORS.min(investors);
    let bench_hash = password::hash_blocking(options.password.clone()).await?;
    let other_hash = password::hash_blocking(password::generate()?).await?;
    let created_at = now - (HISTORY_DAYS + 30) * DAY;
    let mut accounts = Vec::with_capacity(people.len());
    for (i, p) in people.iter().enumerate() {
        let bench = i == 0 || i == big || (investors_from..bench_investors_to).contains(&i);
        let hash = if bench { &bench_hash } else { &other_hash };
        accounts.push(account(p.me.clone(), hash, created_at));
    }
    let mut officers: HashMap<String, Vec<i64>> = HashMap::new();
    let mut next_id = first_id + people.len() as i64;
    // The business register's officers verified the companies; the workflows' officers act.
    let registrar = catalogue.agencies.iter().find(|a| a.registers_businesses);
    let agencies = procs
        .iter()
        .flat_map(|(proc, _)| {
            plan(
                proc.workflow,
                &proc.agency.id,
                proc.procedure.processing_days,
            )
            .into_iter()
            .map(|step| step.agency)
        })
        .chain(registrar.map(|a| a.id.clone()));
    for agency in agencies {
        if officers.contains_key(&agency) {
            continue;
        }
        let mut ids = Vec::new();
        for k in 1..=3 {
            let (full_name, _) = name(&mut rng);
            let me = Me {
                id: next_id,
                kind: AccountKind::Officer,
                identifier: format!("cb.{agency}.{k}"),
                full_name,
                date_of_birth: None,
                company_name: None,
                legal_representative: None,
                phone: String::new(),
                email: String::new(),
                address: String::new(),
                agency: Some(agency.clone()),
                verified: false,
            };
            accounts.push(account(me, &other_hash, created_at));
            ids.push(next_id);
            next_id += 1;
        }
        officers.insert(agency, ids);
    }
    let mut writer = store.bulk_writer().await?;
    writer.insert_accounts(&accounts).await?;
    summary.accounts = accounts.len();
    drop(accounts);
    summary.seconds_accounts = started.elapsed().as_secs_f64();

    // Who submits: citizens by an exponential weight (most a few dossiers, some dozens; the first,
    // whom the benchmark signs in as, about three times the average), 5% the big company across
    // its offices, 3% the other companies.
    let mut weights: Vec<f64> = (0..citizens)
        .map(|i| {
            if i == 0 {
                3.3
            } else {
                -(1.0 - rng.unit()).ln()
            }
        })
        .collect();
    let citizen_total: f64 = weights.iter().sum();
    weights.iter_mut().for_each(|w| *w *= 0.92 / citizen_total);
    for b in 0..=BRANCHES {
        weights.push(0.05 * if b == 0 { 0.3 } else { 0.7 / BRANCHES as f64 });
    }
    weights.extend((0..OTHER_COMPANIES).map(|_| 0.03 / OTHER_COMPANIES as f64));
    let owners = Weighted::new(weights);
    let citizen_procs = Weighted::new(procs.iter().map(|(p, w)| if p.business { 0.0 } else { *w }));
    let business_procs = Weighted::new(procs.iter().map(|(p, w)| {
        if p.business || p.procedure.code == "1.013225" {
            *w
        } else {
            0.0
        }
    }));
    let procs: Vec<Proc<'_>> = procs.into_iter().map(|(p, _)| p).collect();
    let sites = Sites::new(plans, &catalogue.places);
    let has_business_procs = procs.iter().any(|p| p.business);
    let criteria: Vec<String> = catalogue
        .satisfaction
        .iter()
        .flat_map(|s| s.criteria.iter().map(|c| c.id.clone()))
        .collect();

    // Dossiers are made in submission order on a blocking thread and written in batches as they
    // come, so the JSON work and SQLite's run side by side on the two cores.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Load>(2);
    let count = options.count;
    let seed = rng.next();
    let start = now - HISTORY_DAYS * DAY;
    let (sequences, stats, projects) = tokio::task::block_in_place(|| {
        std::thread::scope(|scope| -> anyhow::Result<_> {
            let world = World {
                cal: &cal,
                now,
                procs: &procs,
                people: &people,
                officers: &officers,
                places: &catalogue.places,
                criteria: &criteria,
            };
            let producer = scope.spawn(move || -> anyhow::Result<_> {
                let mut sequences: HashMap<(usize, String), i64> = HashMap::new();
                let mut stats = Summary::default();
                let mut batch = Vec::with_capacity(BATCH);
                for i in 0..count {
                    // Each dossier its own stream, so the same seed gives the same owners, procedures and
                    // codes whenever it runs (how far each got depends on the day).
                    let mut rng = Rng(seed ^ i.wrapping_mul(0xD1B5_4A32_D192_ED03));
                    // Submissions grow over the two years: twice as many per day at the end as at the start.
                    let u = (i as f64 + rng.unit()) / count as f64;
                    let x = (1.0 + 3.0 * u).sqrt() - 1.0;
                    let t0 = start + (x * (HISTORY_DAYS * DAY) as f64) as i64;
                    let owner_index = owners.pick(&mut rng);
                    let owner = &world.people[owner_index];
                    let proc = if owner.me.kind == AccountKind::Business && has_business_procs {
                        &world.procs[business_procs.pick(&mut rng)]
                    } else {
                        &world.procs[citizen_procs.pick(&mut rng)]
                    };
                    let filing = Filing::default();
                    let (d, outcome) =
                        dossier(&world, proc, owner, t0, filing, &mut sequences, &mut rng)?;
                    stats.tally(&d, &outcome.state, today);
                    if owner_index == 0 {
                        stats.citizen_dossiers += 1;
                    }
                    if (big..others).contains(&owner_index) {
                        stats.business_dossiers += 1;
                    }
                    batch.push(d);
                    if batch.len() >= BATCH {
                        send(&tx, &mut Vec::new(), &mut batch)?;
                    }
                }
                // Then the projects, each step filed by one of the company's accounts when what it
                // needs is done, numbered in the same day sequences.
                let mut projects = Vec::new();
                let big_members: Vec<usize> = (big..others).collect();
                for k in 0..project_count {
                    let mut rng =
                        Rng(seed ^ (count + k as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
                    let one;
                    let members = if k < BIG_COMPANY_PROJECTS {
                        stats.business_projects += 1;
                        &big_members[..]
                    } else {
                        one = [investors_from + rng.below(investors as u64) as usize];
                        &one[..]
                    };
                    let p = project(
                        &world,
                        &sites,
                        members,
                        &mut sequences,
                        &mut rng,
                        &mut batch,
                        &mut stats,
                    )?;
                    projects.push(p);
                    if batch.len() >= BATCH {
                        send(&tx, &mut projects, &mut batch)?;
                    }
                }
                if !batch.is_empty() || !projects.is_empty() {
                    send(&tx, &mut projects, &mut batch)?;
                }
                Ok((sequences, stats))
            });
            let written: anyhow::Result<u64> = tokio::runtime::Handle::current().block_on(async {
                let mut projects = 0;
                while let Some((new_projects, batch)) = rx.recv().await {
                    writer.insert_projects(&new_projects).await?;
                    projects += new_projects.len() as u64;
                    writer.insert_dossiers(&batch).await?;
                }
                Ok(projects)
            });
            // On a write error the channel closes and the producer stops at its next batch.
            drop(rx);
            let produced = producer
                .join()
                .map_err(|_| anyhow::anyhow!("the dossier generator panicked"))?;
            let projects = written?;
            produced.map(|(sequences, stats)| (sequences, stats, projects))
        })
    })?;
    let mut sequence_rows: Vec<(String, String, i64)> = sequences
        .into_iter()
        .map(|((agency, day), last)| (offices[agency].id.clone(), day, last))
        .collect();
    sequence_rows.sort();
    writer.insert_sequences(&sequence_rows).await?;
    writer.insert_stats(now).await?;
    summary.seconds_dossiers = started.elapsed().as_secs_f64() - summary.seconds_accounts;
    let analyze = Instant::now();
    writer.analyze().await?;
    writer.finish().await.context("finishing the load")?;
    let registrar = registrar
        .and_then(|a| officers.get(&a.id))
        .map(|ids| ids[0])
        .context("the catalogue has no agency keeping the business register")?;
    verify_companies(store, &people[big..], registrar, created_at, &mut rng).await?;
    summary.seconds_analyze = analyze.elapsed().as_secs_f64();

    summary.dossiers = count + stats.project_dossiers;
    summary.projects = projects;
    summary.project_dossiers = stats.project_dossiers;
    summary.steps = stats.steps;
    summary.investors = investors;
    summary.business_projects = stats.business_projects;
    summary.investors_bench = people[investors_from..bench_investors_to]
        .iter()
        .map(|p| p.me.identifier.clone())
        .collect();
    summary.by_status = stats.by_status;
    summary.events = stats.events;
    summary.uploads = stats.uploads;
    summary.open = stats.open;
    summary.overdue = stats.overdue;
    summary.citizen = people[0].me.identifier.clone();
    summary.citizen_dossiers = stats.citizen_dossiers;
    summary.business = BIG_COMPANY.to_string();
    summary.business_dossiers = stats.business_dossiers;
    Ok(summary)
}
