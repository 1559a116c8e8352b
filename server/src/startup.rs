//! The server put together: the router over the state, and a listener to run it on, each connection
//! served with a deadline for its headers and only so many at once.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::handler::Handler;
use axum::http::{header, Extensions, HeaderMap, Request, StatusCode, Version};
use axum::response::Response;
use axum::routing::get;
use axum::{middleware, Router};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::util::option_layer;
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::{Config, Limits};
use crate::error::error_response;
use crate::state::{AppState, Shared};
use crate::{limits, pages, web};

fn panic_response(payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    // The person sees a polite error; the operator needs what failed.
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message");
    tracing::error!(panic = what, "a request panicked");
    error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "Something went wrong on our side. Please try again in a moment.",
    )
}

/// The catalogue's pages, drawn for each request, and the form's page with its answers: compressed
/// here, as the built files are ahead of time.
fn pages() -> Router<Shared> {
    Router::new()
        .route("/", get(pages::home))
        .route("/en", get(pages::home))
        .route("/en/", get(pages::english_home))
        .route("/tim-kiem", get(pages::search))
        .route("/en/tim-kiem", get(pages::search))
        .route("/thu-tuc/{code}", get(pages::procedure))
        .route("/en/thu-tuc/{code}", get(pages::procedure))
        .route(
            "/tra-cuu",
            get(pages::tracking_form).post(pages::tracking_sent),
        )
        .route(
            "/en/tra-cuu",
            get(pages::tracking_form).post(pages::tracking_sent),
        )
        .route(
            "/nop-ho-so/{code}",
            get(web::application).post(pages::application_sent),
        )
        .route("/ho-so/{code}", get(web::dossier))
        .route("/can-bo/ho-so/{code}", get(web::dossier))
        .route("/sitemap.xml", get(pages::sitemap))
        .route("/robots.txt", get(pages::robots))
        .layer(CompressionLayer::new())
}

/// API answers are compressed when they are JSON and worth it: the places list is 146 KB as sent
/// plain and a sixth of that in brotli, on the phones the app is made for. Files are sent as stored
/// (with their length), live streams never held back. There is no secret in a JSON body for a
/// compression side channel to read from another site: the session is a `SameSite=Lax` cookie,
/// which no other site's scripts can send with a request.
fn json_compression() -> CompressionLayer<impl Predicate> {
    fn json(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|t| t.to_str().ok())
            .is_some_and(|t| t.starts_with("application/json"))
    }
    // Brotli's best would cost a list request more time than it saves on the wire; 5 keeps most of
    // the gain for a fraction of the work.
    CompressionLayer::new()
        .quality(CompressionLevel::Precise(5))
        .compress_when(SizeAbove::new(1024).and(json))
}

/// Runs a request's handling in a task of its own, to its end, whatever becomes of the request: a
/// client that goes away or a deadline that passes (`limits::deadline`) drops the answer, never the
/// work half done. sqlx's transactions are not safe to drop halfway: a `BEGIN` cut off leaves its
/// pooled connection inside a transaction that holds SQLite's write lock, and every writer after it
/// is refused ("database is locked") until that connection is used again.
async fn to_the_end(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    match tokio::spawn(next.run(request)).await {
        Ok(response) => response,
        // For `CatchPanicLayer` to answer, as it did when the handler ran in the request's task.
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => axum::response::IntoResponse::into_response(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        ),
    }
}

pub fn app(state: AppState) -> Router {
    let files = ServeDir::new(state.static_dir.as_path())
        .precompressed_br()
        .precompressed_gzip()
        .fallback(web::app_shell.with_state(state.shell.clone()));
    Router::new()
        .nest(
            "/api/v1",
            crate::routes::api(state.max_upload_bytes).layer(json_compression()),
        )
        .merge(pages())
        .fallback_service(files)
        .layer(middleware::from_fn(to_the_end))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            limits::per_address,
        ))
        .layer(middleware::from_fn_with_state(
            state.limits.clone(),
            limits::deadline,
        ))
        .layer(RequestBodyTimeoutLayer::new(state.limits.body_idle_timeout))
        .layer(middleware::from_fn_with_state(
            state.shell.clone(),
            web::headers,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(option_layer(web::strict_transport(
            state.notifier.site_url(),
        )))
        .layer(TraceLayer::new_for_http())
        .with_state(Shared(state))
}

/// A server bound to its address, ready to run; port 0 picks a free port, as the tests do.
pub struct Application {
    listener: TcpListener,
    router: Router,
    limits: Limits,
}

/// How long a stopping server waits for open requests (live streams never finish by themselves).
const DRAIN: Duration = Duration::from_secs(10);

impl Application {
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        let state = AppState::build(config).await?;
        let orphans = crate::retention::sweep_orphans_at_start(&state.dossiers()).await?;
        if orphans > 0 {
            tracing::info!(files = orphans, "removed files a crash left unnamed");
        }
        spawn_overdue_sweep(state.clone());
        spawn_retention_sweep(state.clone());
        spawn_durations_refresh(state.clone());
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("listening on {}", config.listen))?;
        Ok(Self {
            listener,
            router: app(state),
            limits: config.limits.clone(),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("bound listener")
    }

    /// Serves until Ctrl-C. axum's own `serve` sets no timer, so a client could take forever over its
    /// headers, and accepts without bound; this loop gives hyper a timer and a header deadline, and
    /// holds one permit per open connection. A cap on connections (rather than on requests in flight,
    /// as tower's `ConcurrencyLimitLayer` would) also bounds idle and half-sent connections, which
    /// hold memory and a file descriptor without a request running; a further client waits in the
    /// kernel's backlog until a connection closes.
    ///
    /// HTTP/1.1 only: browsers speak HTTP/2 only over TLS, which ends at the reverse proxy, and
    /// hyper's detection of cleartext HTTP/2 waits for a client's first bytes with no deadline, so a
    /// connection that sends nothing would be held forever.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Application {
            listener,
            router,
            limits,
        } = self;
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout);
        let connections = Arc::new(Semaphore::new(limits.max_connections));
        let graceful = GracefulShutdown::new();
        let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
        loop {
            let permit = tokio::select! {
                permit = connections.clone().acquire_owned() => permit?,
                _ = &mut stop => break,
            };
            let (tcp, peer) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        // Out of file descriptors, most likely: wait for some to close.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                },
                _ = &mut stop => break,
            };
            // Without TCP_NODELAY a response written in two parts (headers, then a file body) waits
            // for the client's delayed ACK: 40 ms on every static file.
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::warn!(error = %e, "could not set TCP_NODELAY");
            }
            let router = router.clone();
            let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                router.clone().oneshot(request.map(Body::new))
            });
            let connection = builder.serve_connection(TokioIo::new(tcp), service);
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                if let Err(e) = connection.await {
                    tracing::debug!(error = %e, %peer, "connection ended");
                }
                drop(permit);
            });
        }
        drop(listener);
        if tokio::time::timeout(DRAIN, graceful.shutdown())
            .await
            .is_err()
        {
            tracing::info!("stopped with requests still open");
        }
        Ok(())
    }
}

/// Every minute (and at start), dossiers newly past their due date are marked and their owners told.
fn spawn_overdue_sweep(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            match crate::dossiers::sweep_overdue(&state.current().dossiers()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(dossiers = n, "marked overdue"),
                Err(e) => tracing::error!(error = %e, "overdue sweep failed"),
            }
        }
    });
}

/// At start and hourly: how long agencies take moves slowly, and a forecast reads only the figures.
fn spawn_durations_refresh(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let state = state.current();
            let now = state.clock.now();
            let refreshed = crate::projects::history::refresh(
                &state.store,
                &state.calendar,
                now,
                &state.durations,
            )
            .await;
            if let Err(e) = refreshed {
                tracing::error!(error = %e, "computing how long agencies take failed");
            }
        }
    });
}

/// Files a crash left half-received are this old before they are removed.
const ABANDONED: Duration = Duration::from_secs(24 * 3600);

/// Hourly (and at start), like the pruning of attempts: drafts and uploads left untouched go, with
/// a warning a week before, and so do counts no limit looks at and half-received files.
fn spawn_retention_sweep(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let state = state.current();
            match crate::retention::sweep_stale(&state.dossiers()).await {
                Ok(s) if s == Default::default() => {}
                Ok(s) => tracing::info!(
                    warned = s.warned,
                    drafts = s.drafts,
                    uploads = s.uploads,
                    feedback_files = s.feedback_files,
                    files = s.files,
                    "removed what was left untouched"
                ),
                Err(e) => tracing::error!(error = %e, "retention sweep failed"),
            }
            match crate::retention::sweep_orphans(&state.dossiers()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(files = n, "removed files no upload names"),
                Err(e) => tracing::error!(error = %e, "removing unnamed files failed"),
            }
            if let Err(e) = state.files.remove_abandoned(ABANDONED).await {
                tracing::error!(error = %e, "removing abandoned uploads failed");
            }
        }
    });
}
