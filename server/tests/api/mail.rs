//! The outbox worker against a real SMTP server (aiosmtpd, which `scripts/setup.sh` installs) and a
//! real database.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use motcua_server::clock::now;
use motcua_server::config::SmtpConfig;
use motcua_server::mail;
use motcua_server::store::Store;
use serde_json::Value;
use tempfile::TempDir;
use tokio::sync::Notify;

use crate::helpers::database_url;

/// aiosmtpd writing what it receives to a maildir; killed on drop.
pub(crate) struct SmtpServer {
    child: Child,
}

impl SmtpServer {
    /// Starts on `port` and returns once it accepts connections. `maildir` must not exist yet or be a
    /// maildir (Python creates the layout only for a new directory).
    pub(crate) async fn start(port: u16, maildir: &Path) -> Self {
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir)
            .stdout(Stdio::null())
            .spawn()
            .expect("python3 runs (scripts/setup.sh installs aiosmtpd)");
        let server = SmtpServer { child };
        eventually("aiosmtpd to listen", Duration::from_secs(10), || async {
            tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
        })
        .await;
        server
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Polls `check` until it holds, failing the test after `limit`.
pub(crate) async fn eventually<F, Fut>(what: &str, limit: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let start = Instant::now();
    while !check().await {
        assert!(start.elapsed() < limit, "waited {limit:?} for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub(crate) fn received(maildir: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(maildir.join("new")) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

/// A received message as a mail reader sees it, decoded by Python's `email` package rather than by
/// anything that shares lettre's assumptions.
pub(crate) fn read_message(path: &Path) -> Value {
    let script = "import email, email.policy, json, sys\n\
                  m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)\n\
                  print(json.dumps({'to': str(m['To']), 'from': str(m['From']), 'subject': str(m['Subject']), \
                  'message_id': str(m['Message-ID']), 'body': m.get_content()}))";
    let output = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn message_ids(maildir: &Path) -> Vec<String> {
    let mut ids: Vec<String> = received(maildir)
        .iter()
        .map(|p| read_message(p)["message_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

pub(crate) fn smtp(port: u16) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        from: "motcua@thainguyen.example.vn".into(),
        retry_seconds: 1,
        site_url: "https://dichvucong.thainguyen.example.vn".into(),
    }
}

async fn failed_once(store: &Store, id: i64) -> bool {
    let state = store.outbox_state(id).await.unwrap().unwrap();
    state.attempts >= 1 && state.delivered_at.is_none()
}

const SUBJECT: &str = "Hồ sơ 000.00.01.H56-250101-0001 đã được tiếp nhận";
const BODY: &str = "Kính gửi ông/bà Nguyễn Thị Lan,\n\nHồ sơ của ông/bà đã được Sở Tư pháp tỉnh Thái Nguyên tiếp nhận. Ngày hẹn trả kết quả: 15/01/2025.\n";

#[tokio::test]
async fn mail_waits_for_the_smtp_server_and_is_delivered_once() {
    let data = TempDir::new().unwrap();
    let store = Store::open(&database_url(data.path()).await).await.unwrap();
    let port = free_port();
    let id = store
        .enqueue_mail("lan@example.vn", SUBJECT, BODY, now())
        .await
        .unwrap();
    let worker = mail::spawn(store.clone(), smtp(port), Arc::new(Notify::new()));

    eventually("a failed attempt", Duration::from_secs(5), || {
        failed_once(&store, id)
    })
    .await;
    let state = store.outbox_state(id).await.unwrap().unwrap();
    assert!(state.last_error.is_some(), "{state:?}");

    let maildir = data.path().join("maildir");
    let _server = SmtpServer::start(port, &maildir).await;
    eventually("the mail to arrive", Duration::from_secs(15), || async {
        !received(&maildir).is_empty()
    })
    .await;
    let messages = received(&maildir);
    assert_eq!(messages.len(), 1);
    let message = read_message(&messages[0]);
    assert_eq!(message["to"], "lan@example.vn");
    assert_eq!(message["from"], "motcua@thainguyen.example.vn");
    assert_eq!(message["subject"], SUBJECT);
    // Text travels with CRLF line ends, as mail requires; readers turn them back.
    assert_eq!(
        message["body"].as_str().unwrap().replace("\r\n", "\n"),
        BODY
    );
    assert_eq!(
        message["message_id"],
        format!("<outbox-{id}@thainguyen.example.vn>")
    );
    let raw = std::fs::read(&messages[0]).unwrap();
    assert!(raw.is_ascii(), "the message is sent 7-bit clean");

    eventually(
        "the mail to be marked delivered",
        Duration::from_secs(2),
        || async { store.outbox_counts().await.unwrap() == (0, 1) },
    )
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(received(&maildir).len(), 1, "sent again");
    assert_eq!(store.outbox_counts().await.unwrap(), (0, 1));
    let state = store.outbox_state(id).await.unwrap().unwrap();
    assert!(
        state.delivered_at.is_some() && state.attempts >= 2,
        "{state:?}"
    );
    worker.abort();
}

#[tokio::test]
async fn the_server_going_down_mid_queue_loses_nothing() {
    let data = TempDir::new().unwrap();
    let store = Store::open(&database_url(data.path()).await).await.unwrap();
    let port = free_port();
    let maildir = data.path().join("maildir");
    let wake = Arc::new(Notify::new());
    let worker = mail::spawn(store.clone(), smtp(port), wake.clone());

    let server = SmtpServer::start(port, &maildir).await;
    store
        .enqueue_mail("lan@example.vn", SUBJECT, BODY, now())
        .await
        .unwrap();
    wake.notify_one();
    eventually("the first mail", Duration::from_secs(5), || async {
        store.outbox_counts().await.unwrap() == (0, 1)
    })
    .await;
    drop(server);

    let mut later = Vec::new();
    for recipient in ["hung@example.vn", "mai@example.vn"] {
        later.push(
            store
                .enqueue_mail(recipient, SUBJECT, BODY, now())
                .await
                .unwrap(),
        );
    }
    wake.notify_one();
    for &id in &later {
        eventually("a failed attempt", Duration::from_secs(5), || {
            failed_once(&store, id)
        })
        .await;
    }
    assert_eq!(received(&maildir).len(), 1);

    let _server = SmtpServer::start(port, &maildir).await;
    eventually("all mail delivered", Duration::from_secs(15), || async {
        store.outbox_counts().await.unwrap() == (0, 3)
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let expected: Vec<String> = (1..=3)
        .map(|id| format!("<outbox-{id}@thainguyen.example.vn>"))
        .collect();
    assert_eq!(message_ids(&maildir), expected, "each mail exactly once");
    worker.abort();
}

#[tokio::test]
async fn a_claimed_mail_is_not_claimed_again_until_its_lease_ends() {
    let data = TempDir::new().unwrap();
    let store = Store::open(&database_url(data.path()).await).await.unwrap();
    let t = 1_750_000_000;
    let id = store
        .enqueue_mail("lan@example.vn", SUBJECT, BODY, t)
        .await
        .unwrap();
    assert_eq!(store.due_mail(t, 10).await.unwrap(), [id]);

    let claimed = store.claim_mail(id, t, 60).await.unwrap().expect("claimed");
    assert_eq!((claimed.subject.as_str(), claimed.attempts), (SUBJECT, 0));
    // A second worker that listed the mail as due a moment ago.
    assert!(store.claim_mail(id, t, 60).await.unwrap().is_none());
    assert!(store.due_mail(t + 59, 10).await.unwrap().is_empty());
    assert_eq!(store.due_mail(t + 60, 10).await.unwrap(), [id]);

    store.mark_delivered(id, t + 1).await.unwrap();
    assert!(store.claim_mail(id, t + 60, 60).await.unwrap().is_none());
    assert_eq!(store.outbox_counts().await.unwrap(), (0, 1));
}

/// A relay that refuses every recipient for good (550), as one does for an address that does not
/// exist; stops when dropped.
pub(crate) struct RefusingRelay {
    task: tokio::task::JoinHandle<()>,
}

impl RefusingRelay {
    pub(crate) async fn start(port: u16) -> Self {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 relay.example.vn ESMTP\r\n").await;
                    while let Ok(Some(line)) = lines.next_line().await {
                        let command = line.get(..4).unwrap_or("").to_ascii_uppercase();
                        let reply: &[u8] = match command.as_str() {
                            "RCPT" => b"550 5.1.1 No such mailbox here\r\n",
                            "QUIT" => b"221 Bye\r\n",
                            _ => b"250 OK\r\n",
                        };
                        if write.write_all(reply).await.is_err() || command == "QUIT" {
                            break;
                        }
                    }
                });
            }
        });
        RefusingRelay { task }
    }
}

impl Drop for RefusingRelay {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[tokio::test]
async fn mail_failing_for_a_day_is_dead_and_no_longer_tried() {
    let data = TempDir::new().unwrap();
    let store = Store::open(&database_url(data.path()).await).await.unwrap();
    // Nothing listens here: every attempt fails, as with a relay that is down.
    let port = free_port();
    let id = store
        .enqueue_mail("lan@example.vn", SUBJECT, BODY, now())
        .await
        .unwrap();
    let worker = mail::spawn(store.clone(), smtp(port), Arc::new(Notify::new()));
    eventually("a failed attempt", Duration::from_secs(5), || {
        failed_once(&store, id)
    })
    .await;
    assert_eq!(store.outbox_state(id).await.unwrap().unwrap().dead_at, None);

    // A day on: the first attempt moved back rather than the clock forward.
    let mut db =
        <sqlx::AnyConnection as sqlx::Connection>::connect(&database_url(data.path()).await)
            .await
            .unwrap();
    sqlx::query("UPDATE outbox SET first_attempt_at = first_attempt_at - 86400 WHERE id = $1")
        .bind(id)
        .execute(&mut db)
        .await
        .unwrap();
    eventually("the mail given up", Duration::from_secs(10), || async {
        store
            .outbox_state(id)
            .await
            .unwrap()
            .unwrap()
            .dead_at
            .is_some()
    })
    .await;
    let dead = store.outbox_state(id).await.unwrap().unwrap();
    assert!(dead.last_error.is_some(), "{dead:?}");
    assert_eq!(store.outbox_counts().await.unwrap(), (0, 0), "not waiting");
    assert_eq!(store.next_mail_due().await.unwrap(), None);
    assert!(store.due_mail(now() + 86_400, 10).await.unwrap().is_empty());

    // Never claimed again, even with the relay back.
    let maildir = data.path().join("maildir");
    let _server = SmtpServer::start(port, &maildir).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(store.outbox_state(id).await.unwrap().unwrap(), dead);
    assert!(received(&maildir).is_empty());
    assert!(store
        .claim_mail(id, now() + 86_400, 60)
        .await
        .unwrap()
        .is_none());
    worker.abort();
}

#[tokio::test]
async fn mail_the_relay_refuses_for_good_is_dead_at_once() {
    let data = TempDir::new().unwrap();
    let store = Store::open(&database_url(data.path()).await).await.unwrap();
    let port = free_port();
    let _relay = RefusingRelay::start(port).await;
    let id = store
        .enqueue_mail("khongco@example.vn", SUBJECT, BODY, now())
        .await
        .unwrap();
    let worker = mail::spawn(store.clone(), smtp(port), Arc::new(Notify::new()));
    eventually("the mail given up", Duration::from_secs(5), || async {
        store
            .outbox_state(id)
            .await
            .unwrap()
            .unwrap()
            .dead_at
            .is_some()
    })
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let state = store.outbox_state(id).await.unwrap().unwrap();
    assert_eq!(state.attempts, 1, "not retried: {state:?}");
    assert!(
        state
            .last_error
            .as_deref()
            .unwrap_or("")
            .contains("No such mailbox"),
        "{state:?}"
    );
    worker.abort();
}
