use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::auth::client::Cidr;
use crate::clock::Clock;

/// Everything the server is started with.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    /// Holds the SQLite database file, where no other database is given, and stored files.
    pub data_dir: PathBuf,
    /// The database: `sqlite://path` or `postgres://…`; without it, `motcua.sqlite` in `data_dir`.
    pub database_url: Option<String>,
    /// Where file bytes live: `s3://bucket/prefix` or a local directory; without it, `files` in
    /// `data_dir` (`files::Files::open`).
    pub files_url: Option<String>,
    /// The built app (trunk's `dist`).
    pub static_dir: PathBuf,
    /// A catalogue to load at start in place of what the database holds.
    pub catalogue: Option<PathBuf>,
    /// The largest file a citizen may upload.
    pub max_upload_bytes: usize,
    /// Where notification mail goes; without it, mail waits in the outbox.
    pub smtp: Option<SmtpConfig>,
    /// Reverse proxies whose `X-Forwarded-For` names the client that rate limits count.
    pub trusted_proxies: Vec<Cidr>,
    /// What one client, connection or account may hold of the server.
    pub limits: Limits,
    /// The site's address as people reach it (`https://dichvucong.example.vn`), for the addresses an
    /// identity or payment provider sends people back to.
    pub site_url: String,
    /// Sign-in with the national e-ID; without it, only password accounts.
    pub oidc: Option<OidcConfig>,
    /// The payment provider fees are paid through; without it, fees are paid at the desk.
    pub payment: Option<PaymentConfig>,
    /// The time dossiers, deadlines and forecasts are reckoned at. Always the system's when the
    /// server is run: there is no option to set it, since a server told another day would give real
    /// dossiers wrong deadlines; tests set a manual one to walk dossiers across holidays (without
    /// mail or payments, whose workers keep the system's time).
    pub clock: Clock,
}

/// An OpenID Connect provider (the national e-ID) that people sign in with.
#[derive(Debug, Clone)]
pub struct OidcConfig {
    /// Its issuer identifier; the discovery document is under it.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
}

/// A payment provider speaking the national payment platform's model (VNPay 2.1.0's protocol).
#[derive(Debug, Clone)]
pub struct PaymentConfig {
    /// The page a person is sent to, to pay.
    pub pay_url: String,
    /// The server-to-server API that answers what became of a payment.
    pub api_url: String,
    /// The merchant (terminal) code the provider gave the province.
    pub merchant: String,
    /// The key both sides sign with.
    pub secret: String,
}

/// The bounds that keep one client from holding the server: how long it may take to send a request,
/// how many connections and live streams are held at once, and how often an address may upload or
/// submit.
#[derive(Debug, Clone)]
pub struct Limits {
    /// How long a client may take to send a request's headers; a kept-alive connection idle this long
    /// is closed too.
    pub header_timeout: Duration,
    /// How long a request body may pause between two chunks.
    pub body_idle_timeout: Duration,
    /// How long a request may take until its answer starts (a live stream's events come after).
    pub request_timeout: Duration,
    /// The same for an upload, whose body is most of its time: 20 MB from a phone on a slow network.
    pub upload_timeout: Duration,
    /// Connections served at once; further ones wait in the kernel's queue until one closes.
    pub max_connections: usize,
    /// How often a live stream checks that its session still holds.
    pub session_check: Duration,
    /// Live streams one account may hold open at once: a few tabs and devices.
    pub streams_per_account: usize,
    /// Uploads one address may send in an hour.
    pub uploads_per_address: i64,
    /// Dossiers one address may submit in an hour.
    pub submits_per_address: i64,
    /// Accounts one address may register in an hour.
    pub registrations_per_address: i64,
    /// Uploads not yet part of a dossier that one account may keep, and their bytes in all.
    pub uploads_kept: i64,
    pub upload_bytes_kept: i64,
    /// Drafts one account may keep.
    pub drafts_kept: i64,
    /// Searches, and as many suggestions, answered again from what was sent.
    pub answers_kept: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(DEFAULT_HEADER_TIMEOUT_SECONDS),
            body_idle_timeout: Duration::from_secs(DEFAULT_BODY_IDLE_TIMEOUT_SECONDS),
            request_timeout: Duration::from_secs(DEFAULT_REQUEST_TIMEOUT_SECONDS),
            upload_timeout: Duration::from_secs(DEFAULT_UPLOAD_TIMEOUT_SECONDS),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            session_check: Duration::from_secs(DEFAULT_SESSION_CHECK_SECONDS),
            streams_per_account: DEFAULT_STREAMS_PER_ACCOUNT,
            uploads_per_address: DEFAULT_UPLOADS_PER_ADDRESS,
            submits_per_address: DEFAULT_SUBMITS_PER_ADDRESS,
            registrations_per_address: DEFAULT_REGISTRATIONS_PER_ADDRESS,
            uploads_kept: DEFAULT_UPLOADS_KEPT,
            upload_bytes_kept: DEFAULT_UPLOAD_MB_KEPT * 1024 * 1024,
            drafts_kept: DEFAULT_DRAFTS_KEPT,
            answers_kept: DEFAULT_ANSWERS_KEPT,
        }
    }
}

pub const DEFAULT_HEADER_TIMEOUT_SECONDS: u64 = 15;
pub const DEFAULT_BODY_IDLE_TIMEOUT_SECONDS: u64 = 30;
pub const DEFAULT_REQUEST_TIMEOUT_SECONDS: u64 = 30;
/// 20 MB at 64 kB/s, a weak 3G signal, takes about five minutes.
pub const DEFAULT_UPLOAD_TIMEOUT_SECONDS: u64 = 600;
/// Under the usual limit of 1,024 open files, with room for the database and stored files.
pub const DEFAULT_MAX_CONNECTIONS: usize = 768;
pub const DEFAULT_SESSION_CHECK_SECONDS: u64 = 30;
pub const DEFAULT_STREAMS_PER_ACCOUNT: usize = 5;
/// Generous, because a commune's desk or a mobile carrier puts many people behind one address; the
/// per-account quota bounds what each keeps.
pub const DEFAULT_UPLOADS_PER_ADDRESS: i64 = 600;
pub const DEFAULT_SUBMITS_PER_ADDRESS: i64 = 60;
/// Registrations allowed per address in an hour: enough for a family or a small office behind one
/// address, too few to fill the database or to probe which identifiers have accounts.
pub const DEFAULT_REGISTRATIONS_PER_ADDRESS: i64 = 10;
/// Several applications' worth of scans, far below what would fill a disk across many accounts.
pub const DEFAULT_UPLOADS_KEPT: i64 = 200;
pub const DEFAULT_UPLOAD_MB_KEPT: i64 = 200;
pub const DEFAULT_DRAFTS_KEPT: i64 = 20;
pub const DEFAULT_ANSWERS_KEPT: usize = 1024;

/// An SMTP server that relays the notification mail (plain SMTP, as to a relay on the same network).
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    /// The sender address of every mail.
    pub from: String,
    /// The wait before the first retry of a failed delivery; it doubles with each attempt, up to ten
    /// minutes.
    pub retry_seconds: u64,
    /// The site's address as people reach it (`https://dichvucong.example.vn`), for the links in mail.
    pub site_url: String,
}

pub const DEFAULT_MAX_UPLOAD_MB: usize = 20;

impl Config {
    /// For commands that only open the database in `data_dir` (and import the sample catalogue into
    /// an empty one): nothing listens, serves or mails.
    pub fn store_only(data_dir: PathBuf, database_url: Option<String>) -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir,
            database_url,
            files_url: None,
            static_dir: PathBuf::from("."),
            catalogue: None,
            max_upload_bytes: 0,
            smtp: None,
            trusted_proxies: Vec::new(),
            limits: Limits::default(),
            site_url: String::new(),
            oidc: None,
            payment: None,
            clock: Clock::System,
        }
    }

    /// The address of the database this server keeps its data in.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| crate::store::Store::default_url(&self.data_dir))
    }

    /// The store file bytes live in.
    pub fn files(&self) -> anyhow::Result<crate::files::Files> {
        crate::files::Files::open(self.files_url.as_deref(), &self.data_dir)
    }

    /// The sample catalogue that ships in the repository, loaded into an empty database.
    pub fn sample_catalogue() -> PathBuf {
        let here = Path::new("catalogue");
        if here.is_dir() {
            here.to_path_buf()
        } else {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue")
        }
    }

    /// Where the template forms are: `templates/` beside the catalogue in use.
    pub fn templates_dir(&self) -> PathBuf {
        let catalogue = self
            .catalogue
            .clone()
            .unwrap_or_else(Self::sample_catalogue);
        if catalogue.is_dir() {
            catalogue.join("templates")
        } else {
            catalogue
                .parent()
                .unwrap_or(Path::new("."))
                .join("templates")
        }
    }
}
