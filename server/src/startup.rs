//! The server put together: the router over the state, and a listener to run it on.

use std::net::SocketAddr;

use anyhow::Context;
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::response::Response;
use axum::serve::ListenerExt;
use axum::{middleware, Router};
use tokio::net::TcpListener;
use tower::util::option_layer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::error::error_response;
use crate::state::AppState;
use crate::web;

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
        .fallback(web::app_shell.with_state(state.shell.clone()));
    Router::new()
        .nest("/api/v1", crate::routes::api(state.max_upload_bytes))
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(
            state.shell.clone(),
            web::headers,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(option_layer(web::strict_transport(
            state.notifier.site_url(),
        )))
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
            match crate::dossiers::sweep_overdue(&state.dossiers()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(dossiers = n, "marked overdue"),
                Err(e) => tracing::error!(error = %e, "overdue sweep failed"),
            }
        }
    });
}
