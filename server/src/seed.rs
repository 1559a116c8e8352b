//! Synthetic dossiers for load tests (`motcua-server generate-dossiers`): accounts of citizens and
//! businesses, and dossiers submitted over the past two years for the catalogue's online procedures,
//! each moved through its workflow by the same transition rules and clock as real actions
//! ([`transition`], [`Progress::apply`]) up to now. Rows are those `submit` and the actions write: the
//! receipt, the workflow with each step's dates, the event log, the files; overdue ones carry the
//! sweep's event. The same seed gives the same owners, procedures and codes.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use anyhow::{bail, Context};
use base64::Engine;
use motcua_api::account::{AccountKind, Me};
use motcua_api::calendar::{Calendar, Date};
use motcua_api::dossier::{Delivery, Receipt, ReceivedDocument, UploadInfo};
use motcua_api::form::{AddressAnswer, Answer, Answers, FieldKind, FormField, Places, Prefill};
use motcua_api::lifecycle::{plan, transition, ActionKind, Actor, EventKind, Role, Status, Step};
use motcua_api::{Agency, Procedure};

use crate::auth::password;
use crate::catalogue::Catalogue;
use crate::lifecycle::Progress;
use crate::routes::tracking::{id_key, phone_key};
use crate::store::lifecycle::EventData;
use crate::store::{BulkAccount, BulkDossier, BulkEvent, BulkUpload, Store};

pub struct Options {
    pub count: u64,
    pub seed: u64,
    /// The password of the accounts a benchmark signs in as.
    pub password: String,
    /// Citizen accounts; by default one per ten dossiers, at most 100,000.
    pub citizens: Option<usize>,
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

/// Someone dossiers are submitted by.
struct Person {
    id: i64,
    me: Me,
    company: Option<String>,
    applicant: String,
    check_phone: String,
    check_id: String,
    address: AddressAnswer,
}

/// A procedure dossiers are made for: its workflow planned, its form's answers ready to personalise.
struct Proc<'a> {
    procedure: &'a Procedure,
    agency: &'a Agency,
    agency_index: usize,
    steps: Vec<Step>,
    answers: Answers,
    /// (section, field, what fills it) for the answers taken from the account.
    prefills: Vec<(String, String, Prefill)>,
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
        id: 0,
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
    };
    person(id, me, address)
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
        id: 0,
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
    };
    person(id, me, address)
}

fn person(id: i64, me: Me, address: AddressAnswer) -> Person {
    let company = crate::dossiers::company(&me);
    Person {
        id,
        applicant: me
            .company_name
            .clone()
            .unwrap_or_else(|| me.full_name.clone()),
        check_phone: phone_key(&me.phone),
        check_id: id_key(&me.identifier),
        company,
        address,
        me,
    }
}

fn account(p: &Person, hash: &str, created_at: i64) -> anyhow::Result<BulkAccount> {
    Ok(BulkAccount {
        id: p.id,
        kind: p.me.kind.id(),
        identifier: p.me.identifier.clone(),
        password_hash: hash.to_string(),
        agency: p.me.agency.clone(),
        profile: serde_json::to_string(&p.me)?,
        created_at,
    })
}

/// A valid answer for a field, from its definition.
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
            let date = bound(&rules.min_date)
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

fn procedures<'a>(catalogue: &'a Catalogue, today: Date) -> Vec<(Proc<'a>, f64)> {
    let mut out = Vec::new();
    for form in &catalogue.forms {
        let Some(procedure) = catalogue
            .procedures
            .iter()
            .find(|p| p.code == form.procedure)
        else {
            continue;
        };
        let Some((agency_index, agency)) = catalogue
            .agencies
            .iter()
            .enumerate()
            .find(|(_, a)| a.id == procedure.agency)
        else {
            continue;
        };
        let Some(steps) = catalogue.workflow(procedure) else {
            continue;
        };
        let mut answers = Answers::new();
        let mut prefills = Vec::new();
        for s in &form.sections {
            let mut section = BTreeMap::new();
            for f in &s.fields {
                section.insert(f.id.clone(), value_for(f, &catalogue.places, today));
                if let Some(p) = f.prefill {
                    prefills.push((s.id.clone(), f.id.clone(), p));
                }
            }
            answers.insert(s.id.clone(), section);
        }
        let business = prefills
            .iter()
            .any(|(_, _, p)| matches!(p, Prefill::TaxCode | Prefill::CompanyName));
        out.push((
            Proc {
                procedure,
                agency,
                agency_index,
                steps: plan(steps, &agency.id, procedure.processing_days),
                answers,
                prefills,
                business,
            },
            popularity(&procedure.code),
        ));
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

fn kind_id(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Submitted => "submitted",
        EventKind::Withdrawn => "withdrawn",
        EventKind::Received => "received",
        EventKind::SupplementRequested => "supplement_requested",
        EventKind::Supplemented => "supplemented",
        EventKind::Forwarded => "forwarded",
        EventKind::ResultReady => "result_ready",
        EventKind::Refused => "refused",
        EventKind::Returned => "returned",
        EventKind::Overdue => "overdue",
        EventKind::Apology => "apology",
    }
}

fn role_id(role: Role) -> &'static str {
    match role {
        Role::Applicant => "applicant",
        Role::Officer => "officer",
        Role::System => "system",
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

fn upload(rng: &mut Rng, owner: i64, created_at: i64, stem: &str) -> (UploadInfo, BulkUpload) {
    let pdf = rng.chance(0.7);
    let name = if pdf {
        format!("{stem}.pdf")
    } else {
        format!("IMG_{:04}.jpg", rng.below(10_000))
    };
    let content_type = if pdf { "application/pdf" } else { "image/jpeg" };
    let size = 60_000 + rng.below(2_400_000) as i64;
    let id = rng.id();
    (
        UploadInfo {
            id: id.clone(),
            name: name.clone(),
            size: size as u64,
            content_type: content_type.into(),
        },
        BulkUpload {
            id,
            owner,
            sha256: rng.hex(),
            name,
            size,
            content_type,
            created_at,
        },
    )
}

struct Ctx<'a> {
    cal: &'a Calendar,
    now: i64,
    procs: &'a [Proc<'a>],
    people: &'a [Person],
    /// Officer account ids per agency id.
    officers: &'a HashMap<String, Vec<i64>>,
}

/// One dossier, submitted at `t0` and moved through its workflow up to now.
fn dossier(
    ctx: &Ctx<'_>,
    proc: &Proc<'_>,
    owner: &Person,
    t0: i64,
    code: String,
    rng: &mut Rng,
) -> anyhow::Result<BulkDossier> {
    let cal = ctx.cal;
    let procedure = proc.procedure;
    let today0 = Date::in_vietnam(t0);
    let mut uploads = Vec::new();

    let mut answers = proc.answers.clone();
    for (section, field, prefill) in &proc.prefills {
        let me = &owner.me;
        let value = match prefill {
            Prefill::FullName => Answer::Text(me.full_name.clone()),
            Prefill::CitizenId if me.kind == AccountKind::Citizen => {
                Answer::Text(me.identifier.clone())
            }
            Prefill::DateOfBirth => match &me.date_of_birth {
                Some(d) => Answer::Text(d.clone()),
                None => continue,
            },
            Prefill::Phone => Answer::Text(me.phone.clone()),
            Prefill::Email => Answer::Text(me.email.clone()),
            Prefill::Address => Answer::Address(owner.address.clone()),
            Prefill::TaxCode if me.kind == AccountKind::Business => {
                Answer::Text(me.identifier.clone())
            }
            Prefill::CompanyName => match &me.company_name {
                Some(c) => Answer::Text(c.clone()),
                None => continue,
            },
            Prefill::LegalRepresentative => Answer::Text(me.full_name.clone()),
            _ => continue,
        };
        if let Some(s) = answers.get_mut(section) {
            s.insert(field.clone(), value);
        }
    }

    let mut documents = Vec::new();
    for (i, doc) in procedure.documents.iter().enumerate() {
        if !doc.mandatory && !rng.chance(0.4) {
            continue;
        }
        let files = (0..if rng.chance(0.2) { 2 } else { 1 })
            .map(|k| {
                let at = t0 - 60 - rng.below(3600) as i64;
                let (info, row) =
                    upload(rng, owner.id, at, &format!("giay-to-{}-{}", i + 1, k + 1));
                uploads.push(row);
                info
            })
            .collect();
        documents.push(ReceivedDocument {
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
    let mut due = cal.add_working_days(today0, procedure.processing_days);
    let receipt = Receipt {
        code: code.clone(),
        procedure: procedure.code.clone(),
        procedure_name: procedure.name.clone(),
        agency: proc.agency.id.clone(),
        agency_name: proc.agency.name.clone(),
        received_at: t0,
        due_date: due.to_string(),
        processing_days: procedure.processing_days,
        documents,
        delivery,
        answers,
    };

    let mut progress = Progress::start(proc.steps.clone(), t0, cal);
    let mut status = Status::Submitted;
    let mut version = 1i64;
    let mut events = vec![BulkEvent {
        at: t0,
        kind: kind_id(EventKind::Submitted),
        status: Status::Submitted.id(),
        step: progress.step().step.id.clone(),
        agency: progress.holder().to_string(),
        role: role_id(Role::Applicant),
        account: Some(owner.id),
        data: "{}".into(),
    }];
    let mut overdue_notified = false;

    // The dossier's fate, drawn once.
    let fate = rng.unit();
    let withdraw = fate < 0.015;
    let refuse_at_reception = (0.015..0.035).contains(&fate);
    let refuse_later = (0.035..0.045).contains(&fate);
    // A supplement request at reception or at the first processing step.
    let mut supplement_at = if rng.chance(0.12) {
        Some(if rng.chance(0.6) { 0 } else { 1 })
    } else {
        None
    };
    let abandon = rng.chance(0.15);

    let mut t = t0;
    loop {
        if status.is_final() {
            break;
        }
        let step = progress.step().step.clone();
        let next_is_return = progress
            .steps
            .get(progress.current + 1)
            .is_some_and(|s| s.step.kind == motcua_api::lifecycle::StepKind::Return);
        let (action, wait) = match status {
            Status::Submitted if withdraw => (ActionKind::Withdraw, rng.below(2) as u32),
            Status::Submitted if refuse_at_reception => (ActionKind::Refuse, rng.below(2) as u32),
            Status::Submitted => (
                ActionKind::Receive,
                [0, 0, 0, 1, 1, 2][rng.below(6) as usize],
            ),
            Status::SupplementRequested if abandon => {
                (ActionKind::Refuse, 20 + rng.below(20) as u32)
            }
            Status::SupplementRequested => (ActionKind::Supplement, 1 + rng.below(7) as u32),
            Status::ResultReady => (
                ActionKind::Return,
                if rng.chance(0.9) {
                    rng.below(4) as u32
                } else {
                    5 + rng.below(25) as u32
                },
            ),
            _ if supplement_at == Some(progress.current) => {
                supplement_at = None;
                (
                    ActionKind::RequestSupplement,
                    rng.below(u64::from(step.days / 2 + 1)) as u32,
                )
            }
            _ if refuse_later && progress.current == 1 => {
                (ActionKind::Refuse, step_time(step.days, rng))
            }
            _ if next_is_return => (ActionKind::ResultReady, step_time(step.days, rng)),
            _ => (ActionKind::Forward, step_time(step.days, rng)),
        };
        let next = later(cal, t, wait, rng);

        // The overdue sweep, if the dossier passed its due date before this action (or now).
        let until = next.min(ctx.now);
        if !overdue_notified && !matches!(status, Status::SupplementRequested | Status::ResultReady)
        {
            let sweep = (midnight(due.add_days(1)) + rng.below(60) as i64).max(t + 1);
            if sweep < until {
                overdue_notified = true;
                version += 1;
                events.push(BulkEvent {
                    at: sweep,
                    kind: kind_id(EventKind::Overdue),
                    status: status.id(),
                    step: step.id.clone(),
                    agency: step.agency.clone(),
                    role: role_id(Role::System),
                    account: None,
                    data: "{}".into(),
                });
            }
        }
        if next > ctx.now {
            break;
        }

        let owner_acts = matches!(action, ActionKind::Withdraw | ActionKind::Supplement);
        let position = progress.position(status, due, Date::in_vietnam(next));
        let outcome = transition(
            position,
            action,
            if owner_acts {
                Actor::Owner
            } else {
                Actor::Holder
            },
        )
        .map_err(|e| anyhow::anyhow!("{action:?} from {status:?}: {}", e.en))?;
        let officer = ctx.officers.get(&step.agency).map(|ids| *rng.pick(ids));
        let mut data = EventData::default();
        match action {
            ActionKind::RequestSupplement => {
                data.note =
                    "Đề nghị anh/chị bổ sung các giấy tờ sau để hồ sơ được giải quyết.".into();
                data.items.push(rng.pick(SUPPLEMENT_ITEMS).to_string());
                if rng.chance(0.3) {
                    data.items.push(rng.pick(SUPPLEMENT_ITEMS).to_string());
                }
            }
            ActionKind::Supplement => {
                let (info, row) = upload(rng, owner.id, next - 300, "bo-sung");
                uploads.push(row);
                data.files.push(info);
            }
            ActionKind::ResultReady => {
                let by = officer.unwrap_or(owner.id);
                let (info, row) = upload(rng, by, next - 300, "ket-qua");
                uploads.push(row);
                data.files.push(info);
            }
            ActionKind::Refuse => {
                data.note = if abandon && status == Status::SupplementRequested {
                    REFUSALS[2].to_string()
                } else {
                    rng.pick(REFUSALS).to_string()
                }
            }
            ActionKind::Withdraw => data.note = "Nộp nhầm thủ tục, xin rút để nộp lại.".into(),
            _ => {}
        }
        due = progress.apply(status, outcome, due, next, cal);
        status = outcome.status;
        version += 1;
        events.push(BulkEvent {
            at: next,
            kind: kind_id(action.event()),
            status: status.id(),
            step: step.id.clone(),
            agency: step.agency.clone(),
            role: role_id(if owner_acts {
                Role::Applicant
            } else {
                Role::Officer
            }),
            account: if owner_acts { Some(owner.id) } else { officer },
            data: serde_json::to_string(&data)?,
        });
        t = next;
    }

    Ok(BulkDossier {
        code,
        owner: owner.id,
        idempotency_key: rng.id(),
        procedure: procedure.code.clone(),
        agency: proc.agency.id.clone(),
        received_at: t0,
        due_date: due.to_string(),
        data: serde_json::to_string(&receipt)?,
        status: status.id(),
        version,
        open: !status.is_final(),
        holder: progress.holder().to_string(),
        step_due: progress.step_due(),
        company: owner.company.clone(),
        check_phone: owner.check_phone.clone(),
        check_id: owner.check_id.clone(),
        workflow: serde_json::to_string(&progress)?,
        overdue_notified,
        applicant: owner.applicant.clone(),
        events,
        uploads,
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
    let now = crate::auth::now();
    let today = Date::in_vietnam(now);
    let procs = procedures(catalogue, today);
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
    let bench_hash = password::hash_blocking(options.password.clone()).await?;
    let other_hash = password::hash_blocking(password::generate()?).await?;
    let created_at = now - (HISTORY_DAYS + 30) * DAY;
    let mut accounts = Vec::with_capacity(people.len());
    for (i, p) in people.iter().enumerate() {
        let bench = i == 0 || i == big;
        accounts.push(account(
            p,
            if bench { &bench_hash } else { &other_hash },
            created_at,
        )?);
    }
    let mut officers: HashMap<String, Vec<i64>> = HashMap::new();
    let mut next_id = first_id + people.len() as i64;
    for (proc, _) in &procs {
        for step in &proc.steps {
            if officers.contains_key(&step.agency) {
                continue;
            }
            let mut ids = Vec::new();
            for k in 1..=3 {
                let (full_name, _) = name(&mut rng);
                let me = Me {
                    id: 0,
                    kind: AccountKind::Officer,
                    identifier: format!("cb.{}.{k}", step.agency),
                    full_name,
                    date_of_birth: None,
                    company_name: None,
                    legal_representative: None,
                    phone: String::new(),
                    email: String::new(),
                    address: String::new(),
                    agency: Some(step.agency.clone()),
                };
                accounts.push(BulkAccount {
                    id: next_id,
                    kind: AccountKind::Officer.id(),
                    identifier: me.identifier.clone(),
                    password_hash: other_hash.clone(),
                    agency: me.agency.clone(),
                    profile: serde_json::to_string(&me)?,
                    created_at,
                });
                ids.push(next_id);
                next_id += 1;
            }
            officers.insert(step.agency.clone(), ids);
        }
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
    let has_business_procs = procs.iter().any(|p| p.business);

    // Dossiers are made in submission order on a blocking thread and written in batches as they
    // come, so the JSON work and SQLite's run side by side on the two cores.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<BulkDossier>>(2);
    let count = options.count;
    let seed = rng.next();
    let start = now - HISTORY_DAYS * DAY;
    let today_text = today.to_string();
    let (sequences, stats) = tokio::task::block_in_place(|| {
        std::thread::scope(|scope| -> anyhow::Result<_> {
            let ctx = Ctx {
                cal: &cal,
                now,
                procs: &procs,
                people: &people,
                officers: &officers,
            };
            let producer = scope.spawn(move || -> anyhow::Result<_> {
                let mut sequences: HashMap<(usize, i64), i64> = HashMap::new();
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
                    let owner = &ctx.people[owner_index];
                    let proc = if owner.company.is_some() && has_business_procs {
                        &ctx.procs[business_procs.pick(&mut rng)]
                    } else {
                        &ctx.procs[citizen_procs.pick(&mut rng)]
                    };
                    let day = Date::in_vietnam(t0);
                    let seq = sequences
                        .entry((proc.agency_index, day.julian_day()))
                        .or_insert(0);
                    *seq += 1;
                    let code = format!(
                        "{}-{:02}{:02}{:02}-{:04}",
                        proc.agency.code,
                        day.year() % 100,
                        day.month(),
                        day.day(),
                        seq
                    );
                    let d = dossier(&ctx, proc, owner, t0, code, &mut rng)?;
                    *stats.by_status.entry(d.status).or_insert(0) += 1;
                    stats.events += d.events.len() as u64;
                    stats.uploads += d.uploads.len() as u64;
                    if d.open {
                        stats.open += 1;
                        if d.due_date < today_text {
                            stats.overdue += 1;
                        }
                    }
                    if owner_index == 0 {
                        stats.citizen_dossiers += 1;
                    }
                    if (big..others).contains(&owner_index) {
                        stats.business_dossiers += 1;
                    }
                    batch.push(d);
                    if batch.len() == BATCH {
                        if tx.blocking_send(std::mem::take(&mut batch)).is_err() {
                            bail!("the writer stopped");
                        }
                        batch.reserve(BATCH);
                    }
                }
                if !batch.is_empty() && tx.blocking_send(batch).is_err() {
                    bail!("the writer stopped");
                }
                Ok((sequences, stats))
            });
            let written: anyhow::Result<()> = tokio::runtime::Handle::current().block_on(async {
                while let Some(batch) = rx.recv().await {
                    writer.insert_dossiers(&batch).await?;
                }
                Ok(())
            });
            // On a write error the channel closes and the producer stops at its next batch.
            drop(rx);
            let produced = producer
                .join()
                .map_err(|_| anyhow::anyhow!("the dossier generator panicked"))?;
            written?;
            produced
        })
    })?;
    let mut sequence_rows: Vec<(String, String, i64)> = sequences
        .into_iter()
        .map(|((agency, jd), last)| {
            let day = Date::from_julian_day(jd);
            (
                catalogue.agencies[agency].id.clone(),
                format!("{:02}{:02}{:02}", day.year() % 100, day.month(), day.day()),
                last,
            )
        })
        .collect();
    sequence_rows.sort();
    writer.insert_sequences(&sequence_rows).await?;
    summary.seconds_dossiers = started.elapsed().as_secs_f64() - summary.seconds_accounts;
    let analyze = Instant::now();
    writer.analyze().await?;
    writer.finish().await.context("finishing the load")?;
    summary.seconds_analyze = analyze.elapsed().as_secs_f64();

    summary.dossiers = count;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_and_role_names_are_the_serialized_ones() {
        for k in [
            EventKind::Submitted,
            EventKind::Withdrawn,
            EventKind::Received,
            EventKind::SupplementRequested,
            EventKind::Supplemented,
            EventKind::Forwarded,
            EventKind::ResultReady,
            EventKind::Refused,
            EventKind::Returned,
            EventKind::Overdue,
            EventKind::Apology,
        ] {
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::from(kind_id(k))
            );
        }
        for r in [Role::Applicant, Role::Officer, Role::System] {
            assert_eq!(
                serde_json::to_value(r).unwrap(),
                serde_json::Value::from(role_id(r))
            );
        }
    }
}
