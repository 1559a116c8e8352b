//! Public statistics: a scope's figures over a period, and the Decision 766 index. Anyone may read
//! them, signed in or not.

use motcua_api::index766::Index766;
use motcua_api::query_string;
use motcua_api::stats::{StatsQuery, StatsReport};

use super::{get, ApiError, BASE};

fn query(q: &StatsQuery) -> String {
    query_string([
        ("scope", q.scope.as_str()),
        ("from", q.from.as_str()),
        ("to", q.to.as_str()),
    ])
}

/// The figures of `q.scope` from `q.from` to `q.to`, month by month, with the scopes one level down.
pub async fn report(q: &StatsQuery) -> Result<StatsReport, ApiError> {
    get(&format!("/stats?{}", query(q))).await
}

/// The same figures as a spreadsheet (CSV, one row a month and a total): a link the browser
/// downloads, not a request the app makes.
pub fn csv_url(q: &StatsQuery) -> String {
    format!("{BASE}/stats/csv?{}", query(q))
}

/// The Decision 766 index over `q.from` to `q.to` (the scope is not asked: the index covers the
/// province and ranks every agency).
pub async fn index(q: &StatsQuery) -> Result<Index766, ApiError> {
    get(&format!(
        "/stats/index?{}",
        query_string([("from", q.from.as_str()), ("to", q.to.as_str())])
    ))
    .await
}
