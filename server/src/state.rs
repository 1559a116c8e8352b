//! What every handler shares: the catalogue's index, the store, the files, the calendar, the
//! app's pages, and where changes are announced.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use anyhow::Context;
use motcua_api::calendar::Calendar;

use crate::auth::client::Cidr;
use crate::auth::oidc::Eid;
use crate::catalogue::Catalogue;
use crate::clock::Clock;
use crate::config::{Config, Limits};
use crate::dossiers::{Ctx, Notifier};
use crate::files::Files;
use crate::learning::{self, Kept, Misses};
use crate::limits::StreamSlots;
use crate::payments::{self, vnpay::Gateway};
use crate::projects::history::DurationsCache;
use crate::search::CatalogueIndex;
use crate::store::Store;
use crate::web::AppShell;

/// The catalogue as a copy of the server holds it in memory, made from the database's and made again
/// whole when an import (by any copy) changes that.
#[derive(Clone)]
struct Loaded {
    index: Arc<CatalogueIndex>,
    calendar: Arc<Calendar>,
    /// The database's catalogue version it was made from.
    version: i64,
}

impl Loaded {
    async fn load(store: &Store) -> anyhow::Result<Loaded> {
        let version = store.catalogue_version().await?;
        let catalogue = store.load_catalogue().await?;
        let calendar = Calendar::new(catalogue.holidays.clone()).map_err(anyhow::Error::msg)?;
        let index = tokio::task::spawn_blocking(move || CatalogueIndex::build(catalogue)).await?;
        let (views, applications) = store.usage().await?;
        index.add_usage(&views, &applications);
        learning::load_synonyms(store, &index).await?;
        Ok(Loaded {
            index: Arc::new(index),
            calendar: Arc::new(calendar),
            version,
        })
    }
}

/// The router's state: each request is given the [`AppState`] with the catalogue as it is when the
/// request comes, which stays the same for it even if a reload lands meanwhile.
#[derive(Clone)]
pub struct Shared(pub AppState);

impl axum::extract::FromRef<Shared> for AppState {
    fn from_ref(shared: &Shared) -> AppState {
        shared.0.current()
    }
}

#[derive(Clone)]
pub struct AppState {
    /// The catalogue's index and calendar as of this state's making ([`AppState::current`]).
    pub index: Arc<CatalogueIndex>,
    pub store: Store,
    pub shell: Arc<AppShell>,
    pub static_dir: Arc<PathBuf>,
    pub templates_dir: Arc<PathBuf>,
    pub files: Files,
    pub calendar: Arc<Calendar>,
    loaded: Arc<RwLock<Loaded>>,
    pub max_upload_bytes: usize,
    pub notifier: Notifier,
    pub trusted_proxies: Arc<Vec<Cidr>>,
    pub limits: Arc<Limits>,
    /// The live streams each account holds open.
    pub streams: StreamSlots,
    /// Searches that found nothing, counted until they are written.
    pub misses: Arc<Misses>,
    /// Searches and suggestions answered lately.
    pub answers: Arc<Kept>,
    /// The payment provider, when fees can be paid online.
    pub gateway: Option<Arc<Gateway>>,
    /// The site's address as people reach it.
    pub site_url: Arc<str>,
    /// The national e-ID people may sign in with, when one is configured.
    pub eid: Option<Arc<Eid>>,
    /// How long each agency actually takes on each procedure, recomputed in the background.
    pub durations: DurationsCache,
    /// The projects' forecasts made lately, each with what it was made from.
    pub forecasts: crate::projects::Forecasts,
    /// The search over published questions, rebuilt when the store says they changed.
    pub questions: Arc<crate::search::questions::QuestionIndex>,
    /// The statistics' answers, kept until the next commit.
    pub stats_kept: Arc<crate::stats::Kept>,
    /// The time the service's work is done at. Sessions and the limits on signing in keep the
    /// system's (`clock::now`), both where they are written and where they are checked.
    pub clock: Clock,
}

/// Rows older than this are counted by no limit.
const KEEP_ATTEMPTS_SECONDS: i64 = 24 * 3600;

impl AppState {
    /// Opens the database and builds the in-memory index from the catalogue it holds; starts the
    /// mail worker when there is somewhere to send mail, and the pruning of what has expired.
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        let store = open_store(config).await?;
        prune(&store).await?;
        spawn_pruning(store.clone());
        let notifier =
            Notifier::new(config.smtp.as_ref().map(|s| s.site_url.as_str()), &store).await?;
        if let Some(smtp) = &config.smtp {
            crate::mail::spawn(store.clone(), smtp.clone(), notifier.mail_wake());
        }
        let loaded = Loaded::load(&store).await?;
        crate::stats::recount::count_at_start(&store, &loaded.calendar, config.clock.now()).await?;
        let misses = Arc::new(Misses::default());
        let durations = DurationsCache::load(&store).await?;
        let gateway = config.payment.clone().map(Gateway::new);
        if let Some(gateway) = &gateway {
            payments::spawn_reconciliation(store.clone(), gateway.clone());
        }
        let state = AppState {
            index: loaded.index.clone(),
            misses,
            answers: Arc::new(Kept::new(config.limits.answers_kept)),
            gateway: gateway.map(Arc::new),
            site_url: config.site_url.as_str().into(),
            durations,
            forecasts: Default::default(),
            questions: Default::default(),
            stats_kept: Default::default(),
            clock: config.clock.clone(),
            store,
            shell: Arc::new(AppShell::load(&config.static_dir, crate::pages::SCRIPTS)),
            static_dir: Arc::new(config.static_dir.clone()),
            templates_dir: Arc::new(config.templates_dir()),
            files: config.files()?,
            calendar: loaded.calendar.clone(),
            loaded: Arc::new(RwLock::new(loaded)),
            max_upload_bytes: config.max_upload_bytes,
            notifier,
            trusted_proxies: Arc::new(config.trusted_proxies.clone()),
            limits: Arc::new(config.limits.clone()),
            streams: StreamSlots::new(config.limits.streams_per_account),
            eid: match &config.oidc {
                Some(oidc) => Some(Arc::new(Eid::new(oidc, &config.site_url)?)),
                None => None,
            },
        };
        learning::spawn(state.clone());
        Ok(state)
    }

    /// This state with the catalogue as it is now: for a request, or a round of background work.
    pub fn current(&self) -> AppState {
        let loaded = self
            .loaded
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        AppState {
            index: loaded.index,
            calendar: loaded.calendar,
            ..self.clone()
        }
    }

    /// Makes the index and calendar again when an import (by this copy or another) changed the
    /// database's catalogue since they were made; whether it did.
    pub async fn reload_catalogue(&self) -> anyhow::Result<bool> {
        let held = self
            .loaded
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if self.store.catalogue_version().await? == held.version {
            return Ok(false);
        }
        // The views counted on the index going are written first, so the new one reads them.
        learning::save_counts(&self.store, &held.index, &self.misses).await?;
        let fresh = Loaded::load(&self.store).await?;
        // Answers kept from the old index are not taken for the new one's.
        fresh.index.follow(&held.index);
        tracing::info!(
            version = fresh.version,
            "the catalogue changed: index made again"
        );
        *self.loaded.write().unwrap_or_else(|e| e.into_inner()) = fresh;
        Ok(true)
    }

    /// What searches teach, as of now.
    /// What the public reads of published questions.
    pub fn published(&self) -> crate::feedback::publish::Public<'_> {
        crate::feedback::publish::Public {
            store: &self.store,
            index: &self.index,
            questions: &self.questions,
        }
    }

    pub fn learning(&self) -> learning::Ctx<'_> {
        learning::Ctx {
            store: &self.store,
            index: &self.index,
            misses: &self.misses,
            answers: &self.answers,
            now: self.clock.now(),
        }
    }

    /// What the dossier service works with, as of now.
    pub fn companies(&self) -> crate::companies::Ctx<'_> {
        crate::companies::Ctx {
            store: &self.store,
            index: &self.index,
            files: &self.files,
            now: self.clock.now(),
        }
    }

    /// What the project service works with, as of now.
    pub fn projects(&self) -> crate::projects::Ctx<'_> {
        crate::projects::Ctx {
            store: &self.store,
            index: &self.index,
            calendar: &self.calendar,
            durations: &self.durations,
            notifier: &self.notifier,
            forecasts: &self.forecasts,
            now: self.clock.now(),
        }
    }

    pub fn stats(&self) -> crate::stats::Ctx<'_> {
        crate::stats::Ctx {
            store: &self.store,
            index: &self.index,
            now: self.clock.now(),
        }
    }

    /// What the feedback service works with, as of now.
    pub fn feedback(&self) -> crate::feedback::Ctx<'_> {
        self.dossiers().feedback()
    }

    pub fn drafts(&self) -> crate::drafts::Ctx<'_> {
        crate::drafts::Ctx {
            store: &self.store,
            index: &self.index,
            kept: self.limits.drafts_kept,
            now: self.clock.now(),
        }
    }

    pub fn dossiers(&self) -> Ctx<'_> {
        Ctx {
            store: &self.store,
            index: &self.index,
            calendar: &self.calendar,
            files: &self.files,
            notifier: &self.notifier,
            gateway: self.gateway.as_deref(),
            site_url: &self.site_url,
            now: self.clock.now(),
        }
    }
}

async fn prune(store: &Store) -> anyhow::Result<()> {
    let now = crate::clock::now();
    store.prune(now - KEEP_ATTEMPTS_SECONDS, now).await
}

/// Hourly, so the tables the limits count and the sessions stay as small as what is live.
fn spawn_pruning(store: Store) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        tick.tick().await;
        loop {
            tick.tick().await;
            if let Err(e) = prune(&store).await {
                tracing::error!(error = %e, "pruning failed");
            }
        }
    });
}

/// Opens the database and loads the catalogue into it where asked (or where it is empty).
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let store = Store::open(&config.database_url()).await?;
    let import = match &config.catalogue {
        Some(path) => Some(path.clone()),
        None if store.catalogue_is_empty().await? => Some(Config::sample_catalogue()),
        None => None,
    };
    if let Some(path) = import {
        let catalogue = Catalogue::load(&path)
            .with_context(|| format!("loading the catalogue {}", path.display()))?;
        tracing::info!(
            procedures = catalogue.procedures.len(),
            path = %path.display(),
            "importing catalogue"
        );
        store.replace_catalogue(&catalogue).await?;
    }
    Ok(store)
}
