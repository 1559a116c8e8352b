use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use crate::auth::client::Cidr;

/// Everything the server is started with.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    /// Holds the database file (and, later, stored files).
    pub data_dir: PathBuf,
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
}

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
    pub fn store_only(data_dir: PathBuf) -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir,
            static_dir: PathBuf::from("."),
            catalogue: None,
            max_upload_bytes: 0,
            smtp: None,
            trusted_proxies: Vec::new(),
        }
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
