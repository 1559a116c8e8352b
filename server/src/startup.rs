use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::response::Response;
use axum::serve::ListenerExt;
use axum::{middleware, Router};
use motcua_api::calendar::Calendar;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use crate::catalogue::Catalogue;
use crate::config::Config;
use crate::error::error_response;
use crate::files::Files;
use crate::search::CatalogueIndex;
use crate::store::Store;
use crate::web::{self, AppShell};

#[derive(Clone)]
pub struct AppState {
    pub index: Arc<CatalogueIndex>,
    pub store: Store,
    pub shell: Arc<AppShell>,
    pub static_dir: Arc<PathBuf>,
    pub templates_dir: Arc<PathBuf>,
    pub files: Files,
    pub calendar: Arc<Calendar>,
    pub max_upload_bytes: usize,
    /// The code of every dossier that changes, for live pages.
    pub changes: tokio::sync::broadcast::Sender<String>,
    /// Wakes the mail worker when there is new mail.
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// The site's address for links in mail, when mail is sent.
    pub site_url: Option<Arc<str>>,
}

impl AppState {
    /// Opens the database and builds the in-memory index from the catalogue it holds.
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        let store = open_store(config).await?;
        let mail_wake = Arc::new(tokio::sync::Notify::new());
        if let Some(smtp) = &config.smtp {
            crate::mail::spawn(store.clone(), smtp.clone(), mail_wake.clone());
        }
        let catalogue = store.load_catalogue().await?;
        let calendar = Calendar::new(catalogue.holidays.clone()).map_err(anyhow::Error::msg)?;
        let index = tokio::task::spawn_blocking(move || CatalogueIndex::build(catalogue)).await?;
        Ok(AppState {
            index: Arc::new(index),
            store,
            shell: Arc::new(AppShell::load(&config.static_dir)),
            static_dir: Arc::new(config.static_dir.clone()),
            templates_dir: Arc::new(config.templates_dir()),
            files: Files::local(&config.data_dir.join("files"))?,
            calendar: Arc::new(calendar),
            max_upload_bytes: config.max_upload_bytes,
            changes: tokio::sync::broadcast::channel(1024).0,
            mail_wake,
            site_url: config.smtp.as_ref().map(|s| Arc::from(s.site_url.as_str())),
        })
    }
}

/// Opens the database and loads the catalogue into it where asked (or where it is empty).
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let store = Store::open(&config.data_dir).await?;
    {
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
    }
    Ok(store)
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "Something went wrong on our side. Please try again in a moment.",
    )
}

pub fn app(state: AppState) -> Router {
    let files = ServeDir::new(state.static_dir.as_path())
        .precompressed_br()
        .precompressed_gzip()
        .fallback(web::app_shell.with_state(state.clone()));
    Router::new()
        .nest("/api/v1", crate::routes::api(state.max_upload_bytes))
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(
            state.shell.clone(),
            web::headers,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// A server bound to its address, ready to run; port 0 picks a free port, as the tests do.
pub struct Application {
    listener: TcpListener,
    router: Router,
}

impl Application {
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        let state = AppState::build(config).await?;
        spawn_overdue_sweep(state.clone());
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("listening on {}", config.listen))?;
        Ok(Self {
            listener,
            router: app(state),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("bound listener")
    }

    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        // Without TCP_NODELAY a response written in two parts (headers, then a file body) waits for
        // the client's delayed ACK: 40 ms on every static file.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::warn!(error = %e, "could not set TCP_NODELAY");
            }
        });
        axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        Ok(())
    }
}

/// Every minute (and at start), dossiers newly past their due date are marked and their owners told.
fn spawn_overdue_sweep(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            match crate::dossiers::sweep_overdue(&state, crate::auth::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(dossiers = n, "marked overdue"),
                Err(e) => tracing::error!(error = %e, "overdue sweep failed"),
            }
        }
    });
}
