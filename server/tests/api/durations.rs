//! How long agencies take, computed hourly from the results since the last computation: after new
//! results (written late, dated early, dated ahead), the figures and the kept days are what a
//! computation over the whole year gives, and the results that left the year are gone.

use motcua_api::calendar::{Calendar, Date};
use motcua_server::projects::history::{refresh, DurationsCache, WINDOW_SECONDS};
use motcua_server::store::Store;
use sqlx::AnyConnection;

use crate::helpers::database;
use crate::helpers::TestApp;
use crate::lifecycle::world;

const LICENCE: &str = "1.012811";
const PERMIT: &str = "1.013231";
const AGENCIES: [&str; 2] = ["so-xay-dung", "ubnd-xa"];

/// 09:00 plus `h` hours and `m` minutes in Vietnam on day `jd`, in seconds since 1970.
fn at(jd: i64, h: i64, m: i64) -> i64 {
    (jd - 2_440_588) * 86_400 + (9 + h - 7) * 3600 + m * 60
}

fn jd(d: &str) -> i64 {
    Date::parse(d).unwrap().julian_day()
}

/// A construction permit decided at `ready`, filed some working weeks before, perhaps paused for a
/// supplement.
struct Permit {
    code: String,
    agency: &'static str,
    submitted: i64,
    pause: Option<(i64, i64)>,
    ready: i64,
}

impl Permit {
    /// The working days it took, counted by hand from the calendar.
    fn taken(&self, cal: &Calendar) -> u32 {
        let ran = cal.working_days_between(
            cal.received_on(self.submitted),
            Date::in_vietnam(self.ready),
        );
        let paused = self.pause.map_or(0, |(asked, answered)| {
            cal.working_days_between(Date::in_vietnam(asked), Date::in_vietnam(answered))
        });
        ran.saturating_sub(paused)
    }
}

/// `n` permits decided on days from `from` on, every `every` days, varied by a fixed sequence.
fn permits(prefix: &str, from: i64, n: i64, every: i64) -> Vec<Permit> {
    (0..n)
        .map(|k| {
            let ready_day = from + k * every;
            let spread = (k * 7 + 3) % 23;
            let submitted = at(ready_day - 2 - spread, (k % 9) - 1, 0);
            Permit {
                code: format!("{prefix}-{k}"),
                agency: AGENCIES[(k % 3 == 0) as usize],
                submitted,
                pause: (k % 4 == 1 && spread >= 8)
                    .then(|| (submitted + 86_400, submitted + (2 + k % 5) * 86_400)),
                ready: at(ready_day, k % 8, 30),
            }
        })
        .collect()
}

async fn insert(db: &mut AnyConnection, like: &str, p: &Permit) {
    sqlx::query(
        "INSERT INTO dossiers (code, owner, idempotency_key, procedure, agency, received_at, \
                               due_date, data, status) \
         SELECT $1, owner, $1, $2, $3, $4, due_date, data, 'result_ready' FROM dossiers \
         WHERE code = $5",
    )
    .bind(&p.code)
    .bind(PERMIT)
    .bind(p.agency)
    .bind(p.submitted)
    .bind(like)
    .execute(&mut *db)
    .await
    .unwrap();
    let mut events = vec![("submitted", p.submitted), ("received", p.submitted + 600)];
    if let Some((asked, answered)) = p.pause {
        events.extend([("supplement_requested", asked), ("supplemented", answered)]);
    }
    events.push(("result_ready", p.ready));
    for (kind, at) in events {
        sqlx::query(
            "INSERT INTO dossier_events \
                 (dossier, at, kind, status, step, agency, role, account, data) \
             VALUES ($1, $2, $3, $4, '', $5, 'officer', NULL, '{}')",
        )
        .bind(&p.code)
        .bind(at)
        .bind(kind)
        .bind(kind)
        .bind(p.agency)
        .execute(&mut *db)
        .await
        .unwrap();
    }
}

type Figures = Vec<(String, String, u32, u32, u32)>;
type Kept = Vec<(i64, String, String, i64, i64)>;

/// The figures stored, and the results kept per day.
async fn stored(store: &Store, app: &TestApp) -> (Figures, Kept) {
    let (figures, _) = store.procedure_durations().await.unwrap();
    let mut figures: Figures = figures
        .into_iter()
        .map(|f| (f.procedure, f.agency, f.samples, f.median, f.p80))
        .collect();
    figures.sort();
    let kept = sqlx::query_as(
        "SELECT day, procedure, agency, taken, results FROM result_days ORDER BY 1, 2, 3, 4",
    )
    .fetch_all(&mut database(app).await)
    .await
    .unwrap();
    (figures, kept)
}

/// Computes from the results since the last computation, then again over the whole year, and
/// checks both agree; returns the figures.
async fn refresh_both(store: &Store, app: &TestApp, cal: &Calendar, now: i64) -> Figures {
    let cache = DurationsCache::default();
    refresh(store, cal, now, &cache).await.unwrap();
    let since_last = stored(store, app).await;
    sqlx::query("DELETE FROM result_days_counted")
        .execute(&mut database(app).await)
        .await
        .unwrap();
    refresh(store, cal, now, &cache).await.unwrap();
    assert_eq!(since_last, stored(store, app).await, "at {now}");
    since_last.0
}

/// The figures counted by hand from `all`: the results in the year up to `now`.
fn by_hand(all: &[&Permit], cal: &Calendar, now: i64) -> Figures {
    let mut rows = Vec::new();
    for agency in AGENCIES {
        let mut taken: Vec<u32> = all
            .iter()
            .filter(|p| p.agency == agency && p.ready > now - WINDOW_SECONDS && p.ready <= now)
            .map(|p| p.taken(cal))
            .collect();
        taken.sort_unstable();
        let rank = |p: usize| taken[(p * taken.len()).div_ceil(100).max(1) - 1];
        rows.push((
            PERMIT.to_string(),
            agency.to_string(),
            taken.len() as u32,
            rank(50),
            rank(80),
        ));
    }
    rows
}

#[tokio::test]
async fn figures_computed_from_the_new_results_are_those_of_the_whole_year() {
    let w = world().await;
    let app = &w.app;
    let cal = &w.cal;
    let receipt = app.apply_for(&w.lan, LICENCE).await;
    let like = receipt["code"].as_str().unwrap();
    let store = Store::open(&app.config.database_url()).await.unwrap();
    let permits_of = |figures: &Figures| -> Figures {
        figures.iter().filter(|f| f.0 == PERMIT).cloned().collect()
    };

    // Results over a year and a half, up to 10 January 2027, and one dated two hours after the
    // first computation, written before it.
    let t1 = at(jd("2027-01-10"), 1, 0);
    let mut first = permits("A", jd("2025-12-01"), 70, 6);
    first.push(Permit {
        code: "AHEAD".into(),
        agency: AGENCIES[0],
        submitted: at(jd("2026-12-28"), 0, 0),
        pause: None,
        ready: t1 + 7200,
    });
    let mut db = database(app).await;
    for p in &first {
        insert(&mut db, like, p).await;
    }
    let figures = refresh_both(&store, app, cal, t1).await;
    let all: Vec<&Permit> = first.iter().collect();
    assert_eq!(permits_of(&figures), by_hand(&all, cal, t1));

    // Then results after it, and some written late, dated months before; the year now starts on
    // the day the back-dated ones at 09:30 and 14:30 fall on, one counted and one not.
    let t2 = at(jd("2027-03-02"), 3, 0);
    let boundary = Date::in_vietnam(t2 - WINDOW_SECONDS).julian_day();
    let mut second = permits("B", jd("2027-01-11"), 20, 2);
    second.extend(permits("LATE", jd("2026-06-03"), 10, 13));
    second.extend(permits("EDGE", boundary, 2, 0).into_iter().map(|mut p| {
        p.ready = at(boundary, if p.code == "EDGE-0" { 0 } else { 5 }, 30);
        p
    }));
    for p in &second {
        insert(&mut db, like, p).await;
    }
    let counted = store.result_days_counted().await.unwrap().unwrap();
    assert_eq!(
        counted.through_at, t1,
        "the next computation counts the new ones"
    );
    let figures = refresh_both(&store, app, cal, t2).await;
    let all: Vec<&Permit> = first.iter().chain(&second).collect();
    let at_t2 = by_hand(&all, cal, t2);
    assert_eq!(permits_of(&figures), at_t2);

    // Three months on with a few more: the results before June 2026 have left the year.
    let t3 = at(jd("2027-06-01"), 0, 0);
    let third = permits("C", jd("2027-05-20"), 5, 1);
    for p in &third {
        insert(&mut db, like, p).await;
    }
    let figures = refresh_both(&store, app, cal, t3).await;
    let all: Vec<&Permit> = first.iter().chain(&second).chain(&third).collect();
    let at_t3 = by_hand(&all, cal, t3);
    assert_eq!(permits_of(&figures), at_t3);
    assert!(at_t3[0].2 < at_t2[0].2, "{at_t3:?} {at_t2:?}");
    // The days before the year are no longer kept.
    let (_, kept) = stored(&store, app).await;
    let first_day = Date::in_vietnam(t3 - WINDOW_SECONDS).julian_day();
    assert!(kept.iter().all(|k| k.0 > first_day));
}
