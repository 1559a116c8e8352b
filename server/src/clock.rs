//! The time, read in one place.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Seconds since 1970, by the system: what sessions, the limits on signing in and registering, the
/// mail worker and outside parties (the e-ID, the payment provider) are measured against.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The time the service's work is done at: dossiers submitted, received and answered, their
/// deadlines and pauses, projects and their forecasts, companies, drafts and uploads, and the sweeps
/// over them (overdue, retention, agencies' durations). The system's, except where a test sets it to
/// walk dossiers across the days it needs.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    Manual(ManualClock),
}

impl Clock {
    /// Seconds since 1970.
    pub fn now(&self) -> i64 {
        match self {
            Clock::System => now(),
            Clock::Manual(manual) => manual.now(),
        }
    }
}

/// A clock that stands still until it is moved; its copies move together.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    /// Standing at `start`, in seconds since 1970.
    pub fn new(start: i64) -> ManualClock {
        ManualClock(Arc::new(AtomicI64::new(start)))
    }

    pub fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }

    pub fn set(&self, at: i64) {
        self.0.store(at, Ordering::SeqCst);
    }

    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}
