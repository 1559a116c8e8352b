//! What the search missed and the words it is taught, for the officers who keep the catalogue; 403
//! `catalogue_keepers_only` for anyone else.

use motcua_api::{SearchMisses, Synonym, SynonymRequest, Synonyms};

use super::{delete, get, send, ApiError};

/// The queries that found nothing or only partly, the most frequent first.
pub async fn misses() -> Result<SearchMisses, ApiError> {
    get("/officer/search/misses").await
}

/// The catalogue's synonyms and those officers added.
pub async fn synonyms() -> Result<Synonyms, ApiError> {
    get("/officer/search/synonyms").await
}

/// Teaches the search a synonym; it applies to the next search.
pub async fn add_synonym(req: &SynonymRequest) -> Result<Synonym, ApiError> {
    send("POST", "/officer/search/synonyms", req).await
}

/// Removes a synonym an officer added.
pub async fn remove_synonym(id: i64) -> Result<(), ApiError> {
    delete(&format!("/officer/search/synonyms/{id}")).await
}
