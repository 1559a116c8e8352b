use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use motcua_server::auth::client::Cidr;
use motcua_server::catalogue::Catalogue;
use motcua_server::clock::Clock;
use motcua_server::config::{
    self as defaults, Config, Limits, OidcConfig, PaymentConfig, SmtpConfig, DEFAULT_MAX_UPLOAD_MB,
};
use motcua_server::generate;
use motcua_server::officers;
use motcua_server::seed;
use motcua_server::startup::Application;
use motcua_server::state::open_store;
use motcua_server::telemetry;

#[derive(Parser)]
#[command(name = "motcua-server", version, about = "Một Cửa: API and app server")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the built app.
    Serve(Box<ServeArgs>),
    /// Write a synthetic catalogue of COUNT procedures, built from the sample's fields and agencies.
    GenerateCatalogue {
        #[arg(long)]
        count: usize,
        #[arg(long)]
        out: PathBuf,
        /// The catalogue whose fields, agencies and wording the synthetic one reuses.
        #[arg(long)]
        base: Option<PathBuf>,
    },
    /// Create an officer account bound to one agency and print its password.
    CreateOfficer {
        #[arg(long, default_value = "./data")]
        data_dir: PathBuf,
        /// The database (`postgres://…`); without it, SQLite in the data directory.
        #[arg(long, env = "MOTCUA_DATABASE_URL")]
        database_url: Option<String>,
        /// What the officer signs in with.
        #[arg(long)]
        username: String,
        #[arg(long)]
        full_name: String,
        /// The agency's id in the catalogue, such as so-tu-phap.
        #[arg(long)]
        agency: String,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        phone: String,
        /// If the account exists, give it a new password instead of failing.
        #[arg(long)]
        reset: bool,
    },
    /// Disable an account (it can no longer sign in) and end its sessions.
    DisableAccount {
        #[arg(long, default_value = "./data")]
        data_dir: PathBuf,
        /// The database (`postgres://…`); without it, SQLite in the data directory.
        #[arg(long, env = "MOTCUA_DATABASE_URL")]
        database_url: Option<String>,
        /// What the account signs in with: CCCD number, tax code or officer user name.
        #[arg(long)]
        identifier: String,
    },
    /// Create the sample company with a living project (its investment certificate issued, its
    /// environmental impact assessment at the agency) and print its tax code and a fresh password;
    /// if it exists, give it a new password.
    CreateSampleProject {
        #[arg(long, default_value = "./data")]
        data_dir: PathBuf,
        /// The database (`postgres://…`); without it, SQLite in the data directory.
        #[arg(long, env = "MOTCUA_DATABASE_URL")]
        database_url: Option<String>,
        /// Where file bytes live: `s3://bucket/prefix` (endpoint and credentials from `AWS_ENDPOINT`,
        /// `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`) or a local directory; without it,
        /// `files` in the data directory.
        #[arg(long, env = "MOTCUA_FILES_URL")]
        files_url: Option<String>,
        /// Officers (user names) who act on the sample's dossiers at their agencies; one of them must
        /// be at the business register, who verifies the company.
        #[arg(long = "officer", required = true)]
        officers: Vec<String>,
    },
    /// Fill an empty database with COUNT synthetic dossiers (and their owners' accounts) submitted
    /// over the past two years and moved through their workflows up to now, for load tests.
    GenerateDossiers {
        #[arg(long, default_value = "./data")]
        data_dir: PathBuf,
        /// The database (`postgres://…`); without it, SQLite in the data directory.
        #[arg(long, env = "MOTCUA_DATABASE_URL")]
        database_url: Option<String>,
        #[arg(long)]
        count: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The password of the citizen, the business and the investors a benchmark signs in as;
        /// without it, one is generated and printed.
        #[arg(long)]
        password: Option<String>,
        /// Citizen accounts (default: one per ten dossiers, at most 100,000).
        #[arg(long)]
        citizens: Option<usize>,
        /// Investment projects of verified companies, of the catalogue's journeys, their steps
        /// filed as dossiers beside the COUNT others (default: three per hundred dossiers).
        #[arg(long)]
        projects: Option<usize>,
    },
}

/// What `serve` is started with.
#[derive(clap::Args)]
struct ServeArgs {
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    #[arg(long, default_value = "./data")]
    data_dir: PathBuf,
    /// The database: `sqlite://path` or `postgres://user:password@host/name`; without it, SQLite in
    /// the data directory.
    #[arg(long, env = "MOTCUA_DATABASE_URL")]
    database_url: Option<String>,
    /// Where file bytes live: `s3://bucket/prefix` (endpoint and credentials from `AWS_ENDPOINT`,
    /// `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`) or a local directory; without it,
    /// `files` in the data directory.
    #[arg(long, env = "MOTCUA_FILES_URL")]
    files_url: Option<String>,
    #[arg(long, default_value = "./dist")]
    static_dir: PathBuf,
    /// Load this catalogue (a directory like `catalogue/` or a bundle file) in place of the
    /// database's; without it, an empty database gets the sample catalogue.
    #[arg(long)]
    catalogue: Option<PathBuf>,
    /// The largest file a citizen may upload, in MB.
    #[arg(long, default_value_t = DEFAULT_MAX_UPLOAD_MB)]
    max_upload_mb: usize,
    /// The SMTP relay that sends notification mail; without it, mail waits in the outbox.
    #[arg(long)]
    smtp_host: Option<String>,
    #[arg(long, default_value_t = 25)]
    smtp_port: u16,
    /// The sender address of notification mail.
    #[arg(long, default_value = "motcua@localhost", value_parser = mail_address)]
    mail_from: String,
    /// The wait before retrying a failed delivery; it doubles with each attempt, up to ten minutes.
    #[arg(long, default_value_t = 30)]
    mail_retry_seconds: u64,
    /// The site's address as people reach it, for the links in mail.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    site_url: String,
    /// A reverse proxy (address or CIDR block, repeatable) whose `X-Forwarded-For` names the
    /// client the rate limits count.
    #[arg(long = "trusted-proxy")]
    trusted_proxies: Vec<Cidr>,
    #[command(flatten)]
    limits: LimitArgs,
    /// The national e-ID's OpenID Connect issuer; without it, only password accounts.
    #[arg(long, requires_all = ["oidc_client_id", "oidc_client_secret"])]
    oidc_issuer: Option<String>,
    #[arg(long)]
    oidc_client_id: Option<String>,
    #[arg(long, env = "MOTCUA_OIDC_CLIENT_SECRET", hide_env_values = true)]
    oidc_client_secret: Option<String>,
    /// The payment provider's payment page; without it, fees are paid at the desk.
    #[arg(long, requires_all = ["payment_api_url", "payment_merchant", "payment_secret"])]
    payment_url: Option<String>,
    /// The provider's server-to-server API (the query of a payment).
    #[arg(long)]
    payment_api_url: Option<String>,
    /// The merchant code the provider gave the province.
    #[arg(long)]
    payment_merchant: Option<String>,
    #[arg(long, env = "MOTCUA_PAYMENT_SECRET", hide_env_values = true)]
    payment_secret: Option<String>,
}

/// What one client, connection or account may hold of the server (`Limits`).
#[derive(clap::Args)]
struct LimitArgs {
    /// Seconds a client may take to send a request's headers (or leave a kept-alive connection idle).
    #[arg(long, default_value_t = defaults::DEFAULT_HEADER_TIMEOUT_SECONDS)]
    header_timeout_seconds: u64,
    /// Seconds a request body may pause between two chunks.
    #[arg(long, default_value_t = defaults::DEFAULT_BODY_IDLE_TIMEOUT_SECONDS)]
    body_idle_timeout_seconds: u64,
    /// Seconds a request may take until its answer starts.
    #[arg(long, default_value_t = defaults::DEFAULT_REQUEST_TIMEOUT_SECONDS)]
    request_timeout_seconds: u64,
    /// The same for an upload.
    #[arg(long, default_value_t = defaults::DEFAULT_UPLOAD_TIMEOUT_SECONDS)]
    upload_timeout_seconds: u64,
    /// Connections served at once; keep it under the process's limit of open files.
    #[arg(long, default_value_t = defaults::DEFAULT_MAX_CONNECTIONS)]
    max_connections: usize,
    /// How often, in seconds, a live stream checks that its session still holds.
    #[arg(long, default_value_t = defaults::DEFAULT_SESSION_CHECK_SECONDS)]
    session_check_seconds: u64,
    /// Live streams one account may hold open at once.
    #[arg(long, default_value_t = defaults::DEFAULT_STREAMS_PER_ACCOUNT)]
    streams_per_account: usize,
    /// Uploads one address may send in an hour.
    #[arg(long, default_value_t = defaults::DEFAULT_UPLOADS_PER_ADDRESS)]
    uploads_per_address: i64,
    /// Dossiers one address may submit in an hour.
    #[arg(long, default_value_t = defaults::DEFAULT_SUBMITS_PER_ADDRESS)]
    submits_per_address: i64,
    /// Accounts one address may register in an hour.
    #[arg(long, default_value_t = defaults::DEFAULT_REGISTRATIONS_PER_ADDRESS)]
    registrations_per_address: i64,
    /// Uploads not yet submitted that one account may keep.
    #[arg(long, default_value_t = defaults::DEFAULT_UPLOADS_KEPT)]
    uploads_kept: i64,
    /// Their size in all, in MB.
    #[arg(long, default_value_t = defaults::DEFAULT_UPLOAD_MB_KEPT)]
    upload_mb_kept: i64,
    /// Drafts one account may keep.
    #[arg(long, default_value_t = defaults::DEFAULT_DRAFTS_KEPT)]
    drafts_kept: i64,
    /// Searches and suggestions answered again from what was sent (each for 30 s); 0 answers every
    /// one afresh.
    #[arg(long, default_value_t = defaults::DEFAULT_ANSWERS_KEPT)]
    answers_kept: usize,
}

impl From<LimitArgs> for Limits {
    fn from(a: LimitArgs) -> Limits {
        let seconds = std::time::Duration::from_secs;
        Limits {
            header_timeout: seconds(a.header_timeout_seconds),
            body_idle_timeout: seconds(a.body_idle_timeout_seconds),
            request_timeout: seconds(a.request_timeout_seconds),
            upload_timeout: seconds(a.upload_timeout_seconds),
            max_connections: a.max_connections,
            session_check: seconds(a.session_check_seconds),
            streams_per_account: a.streams_per_account,
            uploads_per_address: a.uploads_per_address,
            submits_per_address: a.submits_per_address,
            registrations_per_address: a.registrations_per_address,
            uploads_kept: a.uploads_kept,
            upload_bytes_kept: a.upload_mb_kept * 1024 * 1024,
            drafts_kept: a.drafts_kept,
            answers_kept: a.answers_kept,
        }
    }
}

/// Refuses a bad sender at start rather than failing every delivery later.
fn mail_address(s: &str) -> Result<String, String> {
    s.parse::<lettre::message::Mailbox>()
        .map(|_| s.to_string())
        .map_err(|e| e.to_string())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    match Cli::parse().command {
        Command::Serve(args) => {
            let ServeArgs {
                listen,
                data_dir,
                database_url,
                files_url,
                static_dir,
                catalogue,
                max_upload_mb,
                smtp_host,
                smtp_port,
                mail_from,
                mail_retry_seconds,
                site_url,
                trusted_proxies,
                limits,
                oidc_issuer,
                oidc_client_id,
                oidc_client_secret,
                payment_url,
                payment_api_url,
                payment_merchant,
                payment_secret,
            } = *args;
            let site_url = site_url.trim_end_matches('/').to_string();
            let config = Config {
                listen,
                data_dir,
                database_url,
                files_url,
                static_dir,
                catalogue,
                max_upload_bytes: max_upload_mb * 1024 * 1024,
                smtp: smtp_host.map(|host| SmtpConfig {
                    host,
                    port: smtp_port,
                    from: mail_from,
                    retry_seconds: mail_retry_seconds,
                    site_url: site_url.clone(),
                }),
                trusted_proxies,
                limits: limits.into(),
                site_url,
                oidc: oidc_issuer.map(|issuer| OidcConfig {
                    issuer,
                    client_id: oidc_client_id.unwrap_or_default(),
                    client_secret: oidc_client_secret.unwrap_or_default(),
                }),
                payment: payment_url.map(|pay_url| PaymentConfig {
                    pay_url,
                    api_url: payment_api_url.unwrap_or_default(),
                    merchant: payment_merchant.unwrap_or_default(),
                    secret: payment_secret.unwrap_or_default(),
                }),
                // Never set from the command line: a served site keeps the system's time.
                clock: Clock::System,
            };
            let app = Application::build(&config).await?;
            tracing::info!("listening on http://{}", app.local_addr());
            app.run_until_stopped().await
        }
        Command::CreateOfficer {
            data_dir,
            database_url,
            username,
            full_name,
            agency,
            email,
            phone,
            reset,
        } => {
            let config = Config::store_only(data_dir, database_url);
            let store = open_store(&config).await?;
            let password = officers::create(
                &store, &username, &full_name, &agency, &email, &phone, reset,
            )
            .await?;
            println!("officer {username} ({agency}): password {password}");
            Ok(())
        }
        Command::DisableAccount {
            data_dir,
            database_url,
            identifier,
        } => {
            let store = open_store(&Config::store_only(data_dir, database_url)).await?;
            officers::disable(&store, &identifier).await?;
            println!("account {identifier} disabled and signed out");
            Ok(())
        }
        Command::CreateSampleProject {
            data_dir,
            database_url,
            files_url,
            officers,
        } => {
            let config = Config {
                files_url,
                ..Config::store_only(data_dir, database_url)
            };
            let store = open_store(&config).await?;
            let files = config.files()?;
            let s = seed::sample::create(&store, &files, &officers).await?;
            match s.created {
                true => println!(
                    "sample company {} (its project at /du-an/{}): password {}",
                    s.tax_code, s.project, s.password
                ),
                false => println!(
                    "sample company {} (made before; its project at /du-an): password {}",
                    s.tax_code, s.password
                ),
            }
            Ok(())
        }
        Command::GenerateDossiers {
            data_dir,
            database_url,
            count,
            seed,
            password,
            citizens,
            projects,
        } => {
            let config = Config::store_only(data_dir, database_url);
            // The same path as `serve`: an empty database gets the sample catalogue first.
            let store = open_store(&config).await?;
            let catalogue = store.load_catalogue().await?;
            let password = match password {
                Some(p) => p,
                None => motcua_server::auth::password::generate()?,
            };
            let s = seed::generate(
                &store,
                &catalogue,
                &seed::Options {
                    count,
                    seed,
                    password: password.clone(),
                    citizens,
                    projects,
                },
            )
            .await?;
            println!(
                "generated {} dossiers, {} accounts, {} events, {} files in {:.1} s \
                 (accounts {:.1} s, dossiers {:.1} s = {:.0} dossiers/s, ANALYZE and checkpoint {:.1} s)",
                s.dossiers,
                s.accounts,
                s.events,
                s.uploads,
                s.seconds_accounts + s.seconds_dossiers + s.seconds_analyze,
                s.seconds_accounts,
                s.seconds_dossiers,
                s.dossiers as f64 / s.seconds_dossiers.max(1e-9),
                s.seconds_analyze
            );
            let statuses: Vec<String> = s
                .by_status
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            println!("status: {}", statuses.join(", "));
            println!(
                "open {}, of which past their due date {}",
                s.open, s.overdue
            );
            println!(
                "bench-citizen {} {} dossiers",
                s.citizen, s.citizen_dossiers
            );
            println!(
                "bench-business {} {} dossiers",
                s.business, s.business_dossiers
            );
            let steps: Vec<String> = s.steps.iter().map(|(k, v)| format!("{k} {v}")).collect();
            println!(
                "projects {} of {} companies, {} of their steps filed as dossiers; steps: {}",
                s.projects,
                s.investors + 1,
                s.project_dossiers,
                steps.join(", ")
            );
            println!(
                "bench-projects {} {} projects",
                s.business, s.business_projects
            );
            println!("bench-investors {}", s.investors_bench.join(" "));
            println!("bench-password {password}");
            Ok(())
        }
        Command::GenerateCatalogue { count, out, base } => {
            let base = Catalogue::load(&base.unwrap_or_else(Config::sample_catalogue))?;
            let catalogue = generate::synthetic(&base, count)?;
            std::fs::write(&out, serde_json::to_vec(&catalogue)?)?;
            println!(
                "wrote {} procedures to {}",
                catalogue.procedures.len(),
                out.display()
            );
            Ok(())
        }
    }
}
