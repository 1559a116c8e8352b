//! The session's clock, which the app reads to warn before an idle session ends.

use motcua_server::clock::now;
use reqwest::StatusCode;

use crate::helpers::database;
use crate::helpers::spawn;

#[tokio::test]
async fn the_session_clock_tells_the_idle_end_without_renewing_it() {
    let app = spawn().await;
    assert_eq!(
        app.get("/api/v1/me/session").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let lan = app.citizen("019190001234").await;
    let officer = app
        .officer_session("tiepnhan.hcc", "trung-tam-phuc-vu-hcc")
        .await;
    for (cookie, idle) in [(&lan, 7 * 24 * 3600), (&officer, 30 * 60)] {
        let (status, s) = app.api_get(cookie, "/me/session").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(s["idle_seconds"], idle);
        let at = s["now"].as_i64().unwrap();
        assert!((at - now()).abs() <= 2);
        assert!((s["idle_ends_at"].as_i64().unwrap() - (at + idle)).abs() <= 2);
        assert!(s["ends_at"].as_i64().unwrap() >= s["idle_ends_at"].as_i64().unwrap());
    }

    // Ten minutes unused: reading the clock leaves it there; any other signed-in request renews it.
    let mut db = database(&app).await;
    let before = now() - 600;
    sqlx::query("UPDATE sessions SET last_seen_at = $1")
        .bind(before)
        .execute(&mut db)
        .await
        .unwrap();
    let (_, s) = app.api_get(&officer, "/me/session").await;
    assert_eq!(s["idle_ends_at"], before + 30 * 60);
    let (_, s) = app.api_get(&officer, "/me/session").await;
    assert_eq!(s["idle_ends_at"], before + 30 * 60);
    let (status, _) = app.api_get(&officer, "/me").await;
    assert_eq!(status, StatusCode::OK);
    let (_, s) = app.api_get(&officer, "/me/session").await;
    assert!(s["idle_ends_at"].as_i64().unwrap() >= now() + 30 * 60 - 2);

    // Past the idle end it is gone, as for every other request.
    sqlx::query("UPDATE sessions SET last_seen_at = $1")
        .bind(now() - 31 * 60)
        .execute(&mut db)
        .await
        .unwrap();
    let (status, _) = app.api_get(&officer, "/me/session").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
