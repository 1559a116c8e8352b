//! The sample project a fresh start shows (`motcua-server create-sample-project`, run by
//! `scripts/run.sh`): a verified company whose foreign investor's project has its investment
//! registration certificate issued (a result with its number and file) and its environmental impact
//! assessment at the agency, so the project page, its forecast and the officers' queues have
//! something living in them. Every row is written by the same functions as a real one: the account,
//! the verification, the project, the submissions (`new_dossier`, `Store::create_dossier`) and each
//! officer's action (`act::apply`, `Store::apply_change`), at past times.

use std::collections::BTreeMap;

use anyhow::{bail, Context};
use motcua_api::account::{AccountKind, Me};
use motcua_api::calendar::{Calendar, Date};
use motcua_api::dossier::{Delivery, ReceivedDocument, SubmitRequest, UploadInfo};
use motcua_api::form::{Answers, Places};
use motcua_api::journey::{prefill, FillFacts};
use motcua_api::lifecycle::{tracking_pin, Action, Actor, Status, StepKind};
use motcua_api::project::{StepRef, PROJECTS_PER_COMPANY};
use motcua_api::Provided;

use super::{later, procedures, Proc, Rng, DAY};
use crate::auth::password;
use crate::dossiers::act;
use crate::dossiers::submit::{new_dossier, Applying, Attached, Keys};
use crate::files::Files;
use crate::projects::new_project_id;
use crate::store::accounts::{AccountRecord, NewAccount};
use crate::store::companies::NewVerification;
use crate::store::dossiers::Change;
use crate::store::projects::{Created, NewProject};
use crate::store::uploads::{NewUpload, UploadQuota};
use crate::store::Store;

/// The sample company's tax code: its head office account signs in with it.
pub const SAMPLE_COMPANY: &str = "4601868686";
const COMPANY_NAME: &str = "Công ty TNHH Linh kiện Điện tử Sông Cầu Việt Nam";
const REPRESENTATIVE: &str = "Kim Min Jun";
/// A landline in Thái Nguyên: the account's number fills the forms, whose rules it must pass.
const COMPANY_PHONE: &str = "0208 3868 686";
const COMPANY_EMAIL: &str = "lienhe@songcau-electronics.example.vn";
const JOURNEY: &str = "nha-dau-tu-nuoc-ngoai";
/// The commune of the demo officer `canbo.xa` (Phường Đức Xuân).
const COMMUNE: &str = "01840";
/// The number the investment registration certificate was issued under.
const IRC_NUMBER: &str = "2135792468";

/// Who signs in to see the sample project.
pub struct Sample {
    pub tax_code: String,
    pub password: String,
    pub project: String,
    /// Made now, rather than found from an earlier run (whose account got a new password).
    pub created: bool,
}

/// A one-page PDF, so that every file of the sample opens.
fn pdf(title: &str) -> Vec<u8> {
    let text: String = title.chars().filter(char::is_ascii).collect();
    let stream = format!("BT /F1 14 Tf 60 780 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

/// A file of `owner`'s, stored and recorded as an upload.
async fn file(
    store: &Store,
    files: &Files,
    owner: i64,
    name: &str,
    at: i64,
    rng: &mut Rng,
) -> anyhow::Result<UploadInfo> {
    let bytes = pdf(name);
    let mut incoming = files.receive().await?;
    incoming.write(&bytes).await?;
    let sha256 = files.store(incoming).await?;
    let info = UploadInfo {
        id: rng.id(),
        name: format!("{name}.pdf"),
        size: bytes.len() as u64,
        content_type: "application/pdf".into(),
    };
    let upload = NewUpload {
        owner,
        sha256,
        info: info.clone(),
        created_at: at,
    };
    // The sample stands for the past: no quota applied to it then.
    let unbounded = UploadQuota {
        count: i64::MAX,
        bytes: i64::MAX,
    };
    store.create_upload(&upload, &unbounded).await?;
    Ok(info)
}

/// What the sample's dossiers are made with.
struct World<'a> {
    store: &'a Store,
    files: &'a Files,
    cal: &'a Calendar,
    places: &'a Places,
    now: i64,
    /// The officers named, each acting for its agency.
    officers: &'a [AccountRecord],
}

/// A dossier of `proc` filed by `owner` for the project's `step` at `t0`, acted on by the officers
/// until now: through to its result (with `number`) and its return, or, without a number, up to
/// the step before the result. Answers the time its result came, if it did.
#[allow(clippy::too_many_arguments)]
async fn dossier(
    w: &World<'_>,
    proc: &Proc<'_>,
    owner: &Me,
    step: StepRef,
    answers: Answers,
    t0: i64,
    number: Option<&str>,
    rng: &mut Rng,
) -> anyhow::Result<Option<i64>> {
    let procedure = proc.procedure;
    let mut all = proc.answers.clone();
    let account = proc.form.prefilled(owner, Some(w.places));
    for (section, filled) in account.into_iter().chain(answers) {
        all.entry(section).or_default().extend(filled);
    }
    let mut documents = BTreeMap::new();
    let mut attached = Attached {
        documents: Vec::new(),
        upload_ids: Vec::new(),
    };
    for (i, doc) in procedure.documents.iter().enumerate() {
        if doc.provided != Provided::Upload || !doc.mandatory {
            continue;
        }
        let f = file(
            w.store,
            w.files,
            owner.id,
            &format!("tai-lieu-{}", i + 1),
            t0 - 600,
            rng,
        )
        .await?;
        attached.upload_ids.push(f.id.clone());
        documents.insert(i as u32, vec![f.id.clone()]);
        attached.documents.push(ReceivedDocument {
            name: doc.name.clone(),
            files: vec![f],
        });
    }
    let req = SubmitRequest {
        project: Some(step),
        procedure: procedure.code.clone(),
        answers: all,
        documents,
        delivery: Delivery::Centre,
        commune: None,
        draft_id: None,
        fees: Default::default(),
    };
    let to = Applying {
        procedure,
        agency: &proc.agency,
        workflow: proc.workflow,
        company: Some(SAMPLE_COMPANY),
    };
    let key = rng.id();
    let keys = Keys {
        idempotency: &key,
        tracking_pin: tracking_pin(|| rng.next() as u8),
    };
    let new = new_dossier(to, owner, keys, req, attached, t0, w.cal);
    let mut state = new.state.clone();
    let receipt = w
        .store
        .create_dossier(new)
        .await?
        .context("the sample dossier was there already")?;
    let mut t = t0;
    let mut result_at = None;
    while !state.status.is_final() {
        let progress = &state.progress;
        let next_is_return = progress
            .steps
            .get(progress.current + 1)
            .is_some_and(|s| s.step.kind == StepKind::Return);
        let days = progress.step().step.days;
        let (action, wait) = match state.status {
            Status::Submitted => (
                Action::Receive {
                    note: String::new(),
                },
                1,
            ),
            Status::ResultReady => (
                Action::Return {
                    note: String::new(),
                },
                2,
            ),
            _ if next_is_return => match number {
                Some(number) => (
                    Action::ResultReady {
                        number: number.into(),
                        note: String::new(),
                        files: Vec::new(),
                    },
                    days.div_ceil(2),
                ),
                None => break,
            },
            _ => (
                Action::Forward {
                    note: String::new(),
                },
                days.div_ceil(2),
            ),
        };
        let at = later(w.cal, t, wait, rng);
        if at >= w.now {
            break;
        }
        let officer = w
            .officers
            .iter()
            .find(|o| o.me.agency.as_deref() == Some(progress.holder()));
        let (mut data, _) = act::event_data(&action);
        let mut files = Vec::new();
        if let (Action::ResultReady { .. }, Some(o)) = (&action, officer) {
            let f = file(w.store, w.files, o.id, "giay-chung-nhan", at - 300, rng).await?;
            files.push(f.id.clone());
            data.files.push(f);
        }
        let kind = action.kind();
        let account = officer.map(|o| o.id);
        let (next, event) = act::apply(&state, kind, Actor::Holder, account, data, at, w.cal)
            .map_err(|e| anyhow::anyhow!("{kind:?} from {:?}: {}", state.status, e.en))?;
        if kind == motcua_api::lifecycle::ActionKind::ResultReady {
            result_at = Some(at);
        }
        let subject = crate::stats::upkeep::Subject::of(&receipt);
        let change = Change {
            seen: state.version,
            stats: crate::stats::upkeep::changed(&subject, &next, &event, w.cal),
            state: next.clone(),
            event,
            files,
            notification: None,
            overdue_notified: false,
        };
        if !w.store.apply_change(&receipt.code, change, account).await? {
            bail!("the sample dossier {} changed meanwhile", receipt.code);
        }
        state = next;
        t = at;
    }
    Ok(result_at)
}

/// Creates the sample company, verified by the business register's officer among `officers`, with
/// its project; or, when its account exists from an earlier run, gives it a new password. The
/// officers (user names) act on the sample's dossiers at their agencies.
pub async fn create(store: &Store, files: &Files, officers: &[String]) -> anyhow::Result<Sample> {
    let password = password::generate()?;
    let hash = password::hash_blocking(password.clone()).await?;
    if let Some(existing) = store.account_by_identifier(SAMPLE_COMPANY).await? {
        store.set_password_hash(existing.id, &hash).await?;
        return Ok(Sample {
            tax_code: SAMPLE_COMPANY.into(),
            password,
            project: String::new(),
            created: false,
        });
    }
    let catalogue = store.load_catalogue().await?;
    let journey = catalogue
        .journeys
        .iter()
        .find(|j| j.id == JOURNEY)
        .with_context(|| format!("the catalogue has no journey {JOURNEY}"))?;
    let cal = Calendar::new(catalogue.holidays.clone()).map_err(anyhow::Error::msg)?;
    let mut officer_rows = Vec::new();
    for name in officers {
        officer_rows.push(
            store
                .account_by_identifier(name)
                .await?
                .filter(|a| a.me.kind == AccountKind::Officer)
                .with_context(|| format!("there is no officer {name}"))?,
        );
    }
    let registrar = officer_rows
        .iter()
        .find(|o| {
            catalogue
                .agencies
                .iter()
                .any(|a| a.registers_businesses && o.me.agency.as_deref() == Some(&a.id))
        })
        .context(
            "name an officer of the business register (so-tai-chinh), who verifies the company",
        )?;
    let now = crate::clock::now();
    let mut seed = [0u8; 8];
    getrandom::getrandom(&mut seed).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let mut rng = Rng(u64::from_le_bytes(seed));

    // The company: registered five months ago, verified the next day.
    let province = catalogue
        .places
        .provinces
        .iter()
        .find(|p| p.communes.iter().any(|c| c.code == COMMUNE));
    let commune = province
        .and_then(|p| p.communes.iter().find(|c| c.code == COMMUNE))
        .context("the places list has no commune 01840")?;
    let location = format!(
        "{}, {}",
        commune.name,
        province.map_or("", |p| p.name.as_str())
    );
    let since = now - 150 * DAY;
    let me = store
        .create_account(
            &NewAccount {
                password_hash: hash,
                me: Me {
                    id: 0,
                    kind: AccountKind::Business,
                    identifier: SAMPLE_COMPANY.into(),
                    full_name: REPRESENTATIVE.into(),
                    date_of_birth: None,
                    company_name: Some(COMPANY_NAME.into()),
                    legal_representative: Some(REPRESENTATIVE.into()),
                    phone: COMPANY_PHONE.into(),
                    email: COMPANY_EMAIL.into(),
                    address: format!("Lô C2, Khu công nghiệp Sông Công, {location}"),
                    agency: None,
                    verified: false,
                },
            },
            since,
        )
        .await
        .map_err(|e| anyhow::anyhow!("creating the sample company's account: {e:?}"))?;
    let certificate = file(
        store,
        files,
        me.id,
        "giay-chung-nhan-dang-ky-doanh-nghiep",
        since + 3600,
        &mut rng,
    )
    .await?;
    let verification = store
        .request_verification(
            &NewVerification {
                account: me.id,
                tax_code: SAMPLE_COMPANY,
                company_name: COMPANY_NAME,
                legal_representative: REPRESENTATIVE,
                upload: &certificate.id,
            },
            since + 3600,
        )
        .await?;
    store
        .decide_verification(verification, registrar.id, true, "", since + DAY)
        .await
        .map_err(|e| anyhow::anyhow!("verifying the sample company: {e:?}"))?;
    let me = Me {
        verified: true,
        ..me
    };

    // The project, created ten weeks ago.
    let created_at = now - 70 * DAY;
    let (name, capital, area) = (
        "Nhà máy sản xuất linh kiện điện tử Sông Cầu",
        480_000_000_000u64,
        52_000u64,
    );
    let description = "Sản xuất bảng mạch và linh kiện điện tử cho ô tô, công suất 12 triệu sản phẩm một năm; 650 lao động.";
    let id = new_project_id()?;
    let key = rng.id();
    let optional = Vec::new();
    let project = match store
        .create_project(
            &NewProject {
                id: &id,
                company: SAMPLE_COMPANY,
                kind: JOURNEY,
                name,
                commune: COMMUNE,
                capital,
                area,
                description,
                optional: &optional,
                created_by: me.id,
                created_at,
                idempotency_key: &key,
            },
            PROJECTS_PER_COMPANY,
        )
        .await?
    {
        Created::New(row) | Created::Found(row) => row,
        Created::TooMany => bail!("the sample company has too many projects"),
    };

    let offices = catalogue.offices();
    let procs = procedures(&catalogue, &offices, Date::in_vietnam(now));
    let proc_of = |step: &str| -> anyhow::Result<(&motcua_api::project::JourneyStep, &Proc<'_>)> {
        let s = journey
            .steps
            .iter()
            .find(|s| s.id == step)
            .with_context(|| format!("journey {JOURNEY} has no step {step}"))?;
        let (p, _) = procs
            .iter()
            .find(|(p, _)| p.procedure.code == s.procedure)
            .with_context(|| format!("procedure {} has no form or workflow", s.procedure))?;
        Ok((s, p))
    };
    let world = World {
        store,
        files,
        cal: &cal,
        places: &catalogue.places,
        now,
        officers: &officer_rows,
    };
    let mut facts = FillFacts {
        project_name: name.into(),
        location,
        capital,
        area,
        description: description.into(),
        company_name: COMPANY_NAME.into(),
        company_tax_code: SAMPLE_COMPANY.into(),
        results: BTreeMap::new(),
    };
    // The certificate: filed two days after the project, issued and collected.
    let (irc, irc_proc) = proc_of("irc")?;
    let step = |s: &str| StepRef {
        project: project.id.clone(),
        step: s.into(),
    };
    let filed = later(&cal, created_at, 2, &mut rng);
    let issued = dossier(
        &world,
        irc_proc,
        &me,
        step("irc"),
        prefill(irc, irc_proc.form, &facts),
        filed,
        Some(IRC_NUMBER),
        &mut rng,
    )
    .await?
    .context("the sample certificate would be issued after today")?;
    facts
        .results
        .insert("irc".into(), (IRC_NUMBER.into(), Date::in_vietnam(issued)));
    // The environmental impact assessment: filed twelve days ago, at the agency now.
    let (dtm, dtm_proc) = proc_of("dtm")?;
    let filed = later(&cal, (now - 12 * DAY).max(issued), 0, &mut rng);
    dossier(
        &world,
        dtm_proc,
        &me,
        step("dtm"),
        prefill(dtm, dtm_proc.form, &facts),
        filed,
        None,
        &mut rng,
    )
    .await?;
    Ok(Sample {
        tax_code: SAMPLE_COMPANY.into(),
        password,
        project: project.id,
        created: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_api::account::{valid_email, valid_phone};

    #[test]
    fn the_company_contact_passes_the_forms_rules() {
        assert!(valid_phone(COMPANY_PHONE), "{COMPANY_PHONE}");
        assert!(valid_email(COMPANY_EMAIL), "{COMPANY_EMAIL}");
    }
}
