//! What searches teach the search: the queries that found nothing are counted (their text only,
//! never who typed them) for the officers who keep the catalogue, who add the synonyms that answer
//! them; looks at procedures are counted for the order of suggestions.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use axum::http::StatusCode;
use bytes::Bytes;
use motcua_api::account::Me;
use motcua_api::text::nfc;
use motcua_api::{SearchMisses, SearchRequest, SuggestResponse, Synonym, SynonymRequest, Synonyms};

use crate::error::AppError;
use crate::search::{Answers, CatalogueIndex};
use crate::store::search::NewSynonym;
use crate::store::Store;

/// Distinct misses held between two writes: a flood of random queries costs this much memory and
/// no more; the rest wait for the next write.
const PENDING_MISSES: usize = 1_000;
const MISSES_SHOWN: u32 = 50;
/// How often counts are written and other copies' synonyms read.
const EVERY: Duration = Duration::from_secs(10);

/// Misses counted since they were last written.
#[derive(Default)]
pub struct Misses {
    pending: Mutex<HashMap<String, (u32, i64)>>,
}

impl Misses {
    /// Counts a search that found nothing, or not with every word.
    pub fn record(&self, query: &str, now: i64) {
        let query = nfc(&query.to_lowercase())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if query.is_empty() {
            return;
        }
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if pending.len() >= PENDING_MISSES && !pending.contains_key(&query) {
            return;
        }
        let entry = pending.entry(query).or_insert((0, now));
        entry.0 += 1;
        entry.1 = now;
    }

    fn take(&self) -> Vec<(String, u32, i64)> {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.drain().map(|(q, (n, at))| (q, n, at)).collect()
    }
}

/// What the service works with.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub index: &'a CatalogueIndex,
    pub misses: &'a Misses,
    pub answers: &'a Kept,
    pub now: i64,
}

/// Searches and suggestions answered lately.
pub struct Kept {
    pub searches: Answers,
    pub suggestions: Answers,
}

impl Kept {
    pub fn new(capacity: usize) -> Kept {
        Kept {
            searches: Answers::new(capacity),
            suggestions: Answers::new(capacity),
        }
    }
}

/// How many names a suggestion list has.
const SUGGESTIONS: usize = 8;

/// Writes the counts gathered in memory.
pub async fn save_counts(
    store: &Store,
    index: &CatalogueIndex,
    misses: &Misses,
) -> anyhow::Result<()> {
    store.add_misses(&misses.take()).await?;
    store.add_views(&index.take_views()).await
}

/// Puts the officers' synonyms from the store in force.
pub async fn load_synonyms(store: &Store, index: &CatalogueIndex) -> anyhow::Result<()> {
    let list: Vec<(String, String)> = store
        .synonyms()
        .await?
        .into_iter()
        .map(|s| (s.say, s.mean))
        .collect();
    index.set_synonyms(&list);
    Ok(())
}

/// Every ten seconds: the catalogue made again where an import (on any copy of the server) changed
/// it, the counts written, and the synonyms read again where another copy changed them.
pub fn spawn(state: crate::state::AppState) {
    tokio::spawn(async move {
        let mut seen = state.store.synonyms_version().await.ok();
        let mut tick = tokio::time::interval(EVERY);
        tick.tick().await;
        loop {
            tick.tick().await;
            if let Err(e) = state.reload_catalogue().await {
                tracing::error!(error = %e, "reading the changed catalogue failed");
            }
            let now = state.current();
            if let Err(e) = save_counts(&now.store, &now.index, &now.misses).await {
                tracing::error!(error = %e, "saving search counts failed");
            }
            match now.store.synonyms_version().await {
                Ok(version) if Some(version) != seen => {
                    seen = Some(version);
                    if let Err(e) = load_synonyms(&now.store, &now.index).await {
                        tracing::error!(error = %e, "reading synonyms failed");
                    }
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "reading synonyms failed"),
            }
        }
    });
}

/// A search as JSON, counted as a miss where the catalogue could not answer every word of it: only
/// the first page of a search without filters, since filters narrow results on purpose.
pub fn search(ctx: &Ctx<'_>, req: &SearchRequest) -> Result<Bytes, crate::search::UnknownFilter> {
    let key = req.to_query();
    let generation = ctx.index.generation();
    let (body, miss) = match ctx.answers.searches.get(&key, generation) {
        Some(kept) => kept,
        None => {
            let response = ctx.index.search(req)?;
            let miss = CatalogueIndex::is_miss(&response);
            let body = json(&response);
            ctx.answers
                .searches
                .put(key, body.clone(), miss, generation);
            (body, miss)
        }
    };
    if miss && req.page == 1 && !req.has_filters() {
        ctx.misses.record(&req.q, ctx.now);
    }
    Ok(body)
}

/// Plain data as JSON: it has no map with other than string keys, so writing it cannot fail.
fn json<T: serde::Serialize>(value: &T) -> Bytes {
    Bytes::from(serde_json::to_vec(value).expect("plain data serializes"))
}

/// Suggestions for a query being typed, as JSON.
pub fn suggest(ctx: &Ctx<'_>, q: &str) -> Bytes {
    let generation = ctx.index.generation();
    if let Some((body, _)) = ctx.answers.suggestions.get(q, generation) {
        return body;
    }
    let response = SuggestResponse {
        items: ctx.index.suggest(q, SUGGESTIONS),
    };
    let body = json(&response);
    ctx.answers
        .suggestions
        .put(q.to_string(), body.clone(), false, generation);
    body
}

/// Only officers of the agency that keeps the catalogue.
fn keeper(ctx: &Ctx<'_>, me: &Me) -> Result<(), AppError> {
    if ctx.index.officer_of(me, |a| a.keeps_catalogue) {
        Ok(())
    } else {
        Err(AppError::refused(
            StatusCode::FORBIDDEN,
            "catalogue_keepers_only",
            "Chỉ cán bộ cơ quan quản lý danh mục thủ tục xem và sửa từ tìm kiếm.",
        ))
    }
}

/// The most frequent misses, with how many procedures each finds now.
pub async fn misses(ctx: &Ctx<'_>, me: &Me) -> Result<SearchMisses, AppError> {
    keeper(ctx, me)?;
    save_counts(ctx.store, ctx.index, ctx.misses).await?;
    let mut items = ctx.store.top_misses(MISSES_SHOWN).await?;
    for m in &mut items {
        m.found_now = ctx.index.found_with_every_word(&m.query);
    }
    Ok(SearchMisses { items })
}

/// The catalogue's synonyms, then the officers'.
pub async fn synonyms(ctx: &Ctx<'_>, me: &Me) -> Result<Synonyms, AppError> {
    keeper(ctx, me)?;
    let mut items = Vec::new();
    for e in &ctx.index.catalogue().search_words.synonyms {
        for say in &e.say {
            items.push(Synonym {
                id: None,
                say: say.clone(),
                mean: e.mean.join(" · "),
                added_by: None,
                added_at: None,
            });
        }
    }
    items.extend(ctx.store.synonyms().await?);
    Ok(Synonyms { items })
}

/// Adds a synonym, in force from the next search.
pub async fn add_synonym(ctx: &Ctx<'_>, me: &Me, req: SynonymRequest) -> Result<Synonym, AppError> {
    use motcua_api::problem::{Code, Name, Problem};
    keeper(ctx, me)?;
    let (say, mean) = (nfc(req.say.trim()), nfc(req.mean.trim()));
    let mut problems = req.problems();
    if problems.iter().all(|p| p.field != Name::Mean.into()) {
        let unknown = ctx.index.unknown_words(&mean);
        if !unknown.is_empty() {
            problems.push(Problem::new(
                Name::Mean,
                Code::MeanNotInCatalogue { words: unknown },
            ));
        } else if ctx.index.lexicon().knows(&say, &mean) {
            problems.push(Problem::new(Name::Say, Code::SynonymExists));
        }
    }
    if !problems.is_empty() {
        return Err(AppError::invalid(
            "Hãy sửa các mục được đánh dấu.",
            problems,
        ));
    }
    let keys = |s: &str| crate::search::keys(s).join(" ");
    let id = ctx
        .store
        .add_synonym(NewSynonym {
            say: &say,
            mean: &mean,
            say_key: &keys(&say),
            mean_key: &keys(&mean),
            added_by: me.id,
            added_at: ctx.now,
        })
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "Hãy sửa các mục được đánh dấu.",
                vec![Problem::new(Name::Say, Code::SynonymExists)],
            )
        })?;
    load_synonyms(ctx.store, ctx.index).await?;
    Ok(Synonym {
        id: Some(id),
        say,
        mean,
        added_by: Some(me.full_name.clone()),
        added_at: Some(ctx.now),
    })
}

/// Removes an officer's synonym; the catalogue's change with the catalogue only.
pub async fn remove_synonym(ctx: &Ctx<'_>, me: &Me, id: &str) -> Result<(), AppError> {
    keeper(ctx, me)?;
    // An id that is no number names no synonym.
    let removed = match id.parse::<i64>() {
        Ok(id) => ctx.store.remove_synonym(id).await?,
        Err(_) => false,
    };
    if !removed {
        return Err(AppError::NotFound("There is no such synonym."));
    }
    load_synonyms(ctx.store, ctx.index).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misses_are_held_to_a_bound_between_writes() {
        let misses = Misses::default();
        misses.record("  Quán   KTV ", 1);
        misses.record("quán ktv", 2);
        for i in 0..1_500 {
            misses.record(&format!("zqx{i}"), 3);
        }
        misses.record("quán ktv", 4);
        let mut taken = misses.take();
        assert_eq!(taken.len(), PENDING_MISSES);
        taken.sort_by_key(|m| std::cmp::Reverse(m.1));
        assert_eq!(taken[0], ("quán ktv".to_string(), 3, 4));
        assert!(misses.take().is_empty());
    }
}
