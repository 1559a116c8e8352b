//! Where file bytes live: an object store (local disk by default; S3-compatible storage where the
//! province runs several servers), addressed by the SHA-256 of the content, so the same file uploaded
//! twice is stored once. Only this module touches the store.

use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, SystemTime};

use anyhow::Context;
use base64::Engine;
use bytes::{Bytes, BytesMut};
use futures_util::stream::BoxStream;
use futures_util::StreamExt;
use http_body::{Frame, SizeHint};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufWriter};

/// Where files being received are written, under the files directory (so on the same disk as the
/// local store, and cleaned with it).
const INCOMING: &str = ".incoming";
/// Read and written in pieces of this size, so a file never has to fit in memory.
const PIECE: usize = 1024 * 1024;

#[derive(Clone)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
    incoming: Arc<PathBuf>,
    /// The local store's directory: only there can a crash leave half-copied pieces behind (an S3
    /// upload never finished is not an object, and the bucket's lifecycle rule drops its parts).
    local: Option<Arc<PathBuf>>,
}

/// A stored file on its way out, read from the store piece by piece as the response is sent.
pub struct Download {
    size: u64,
    pieces: BoxStream<'static, object_store::Result<Bytes>>,
}

/// Its exact size is its `Content-Length`, so a browser shows the download's progress.
impl http_body::Body for Download {
    type Data = Bytes;
    type Error = object_store::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        self.pieces
            .poll_next_unpin(cx)
            .map(|piece| piece.map(|r| r.map(Frame::data)))
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.size)
    }
}

impl From<Download> for axum::body::Body {
    fn from(download: Download) -> Self {
        axum::body::Body::new(download)
    }
}

fn location(sha256: &str) -> ObjectPath {
    ObjectPath::from(format!("sha256/{}/{}", &sha256[..2], sha256))
}

/// Where files being received wait under the files directory `dir`, made if missing.
fn incoming(dir: &Path) -> anyhow::Result<PathBuf> {
    let incoming = dir.join(INCOMING);
    std::fs::create_dir_all(&incoming)
        .with_context(|| format!("creating {}", incoming.display()))?;
    Ok(incoming)
}

/// When a file was last written, in Unix seconds.
fn written(entry: &std::fs::DirEntry) -> std::io::Result<i64> {
    let modified = entry.metadata()?.modified()?;
    Ok(modified
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file as it arrives: written to a temporary file and hashed on the way. Dropping it (a refused or
/// abandoned upload) removes the temporary file, so nothing half-received is left behind.
pub struct Incoming {
    file: BufWriter<tokio::fs::File>,
    path: PathBuf,
    hasher: Sha256,
    size: u64,
}

impl Incoming {
    pub async fn write(&mut self, chunk: &[u8]) -> anyhow::Result<()> {
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        self.file.write_all(chunk).await?;
        Ok(())
    }

    /// The bytes received so far.
    pub fn size(&self) -> u64 {
        self.size
    }
}

impl Drop for Incoming {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Files {
    /// The store `url` names: `s3://bucket/prefix` on S3-compatible storage, its endpoint, region and
    /// credentials from the environment (`AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_ALLOW_HTTP` for a plain-HTTP endpoint), or a local directory;
    /// without one, `files` in `data_dir`. Files being received wait on this machine's disk either
    /// way, under `data_dir`, so an upload is hashed and checked before the store sees it.
    pub fn open(url: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        let Some(s3) = url.and_then(|u| u.strip_prefix("s3://")) else {
            let dir = url.map_or_else(
                || data_dir.join("files"),
                |u| PathBuf::from(u.strip_prefix("file://").unwrap_or(u)),
            );
            return Self::local(&dir);
        };
        let (bucket, prefix) = s3.split_once('/').unwrap_or((s3, ""));
        anyhow::ensure!(!bucket.is_empty(), "{url:?} names no bucket");
        let bucket_store = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .with_context(|| format!("the object store at s3://{bucket}"))?;
        let prefix = prefix.trim_matches('/');
        let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
            Arc::new(bucket_store)
        } else {
            Arc::new(PrefixStore::new(bucket_store, prefix))
        };
        Ok(Self {
            store,
            incoming: Arc::new(incoming(&data_dir.join("files"))?),
            local: None,
        })
    }

    /// Files under `dir` on this machine. The local store writes to a temporary name and renames it
    /// into place, so a crash never leaves half a file under a real name.
    fn local(dir: &Path) -> anyhow::Result<Self> {
        Ok(Self {
            incoming: Arc::new(incoming(dir)?),
            store: Arc::new(LocalFileSystem::new_with_prefix(dir)?),
            local: Some(Arc::new(dir.to_path_buf())),
        })
    }

    /// Whether other copies of the server may be storing into the same place (S3) as this one.
    pub fn shared(&self) -> bool {
        self.local.is_none()
    }

    /// Starts receiving a file.
    pub async fn receive(&self) -> anyhow::Result<Incoming> {
        let mut name = [0u8; 16];
        getrandom::getrandom(&mut name).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        let path = self
            .incoming
            .join(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(name));
        let file = tokio::fs::File::create_new(&path)
            .await
            .with_context(|| format!("creating {}", path.display()))?;
        Ok(Incoming {
            file: BufWriter::with_capacity(PIECE, file),
            path,
            hasher: Sha256::new(),
            size: 0,
        })
    }

    /// Stores a received file under its hash (once: bytes already there are not written again) and
    /// answers the hash. The temporary file goes either way.
    pub async fn store(&self, mut incoming: Incoming) -> anyhow::Result<String> {
        incoming.file.flush().await?;
        let sha256 = hex(&std::mem::take(&mut incoming.hasher).finalize());
        let at = location(&sha256);
        if self.store.head(&at).await.is_ok() {
            return Ok(sha256);
        }
        let mut file = tokio::fs::File::open(&incoming.path).await?;
        let mut upload = WriteMultipart::new(self.store.put_multipart(&at).await?);
        let copied = async {
            loop {
                let mut piece = BytesMut::zeroed(PIECE);
                let n = file.read(&mut piece).await?;
                if n == 0 {
                    return anyhow::Ok(());
                }
                piece.truncate(n);
                upload.wait_for_capacity(2).await?;
                upload.put(piece.freeze());
            }
        }
        .await;
        match copied {
            Ok(()) => {
                upload.finish().await?;
                Ok(sha256)
            }
            Err(e) => {
                let _ = upload.abort().await;
                Err(e)
            }
        }
    }

    pub async fn get(&self, sha256: &str) -> anyhow::Result<Download> {
        let found = self.store.get(&location(sha256)).await?;
        Ok(Download {
            size: found.meta.size,
            pieces: found.into_stream(),
        })
    }

    pub async fn delete(&self, sha256: &str) -> anyhow::Result<()> {
        match self.store.delete(&location(sha256)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// The hashes of the stored files last written before `before` (Unix seconds).
    pub async fn written_before(&self, before: i64) -> anyhow::Result<Vec<String>> {
        let mut listed = self.store.list(Some(&ObjectPath::from("sha256")));
        let mut found = Vec::new();
        while let Some(meta) = listed.next().await {
            let meta = meta?;
            if meta.last_modified.timestamp() < before {
                if let Some(name) = meta.location.filename() {
                    found.push(name.to_string());
                }
            }
        }
        Ok(found)
    }

    /// Removes the pieces of files that a crash left half-copied into the local store (`<hash>#n`,
    /// which the store itself never lists), last written before `before` (Unix seconds).
    pub async fn remove_half_copied(&self, before: i64) -> anyhow::Result<usize> {
        let Some(local) = &self.local else {
            return Ok(0);
        };
        let root = local.join("sha256");
        tokio::task::spawn_blocking(move || {
            let mut removed = 0;
            let Ok(shards) = std::fs::read_dir(&root) else {
                return Ok(0);
            };
            for shard in shards {
                for entry in std::fs::read_dir(shard?.path())? {
                    let entry = entry?;
                    let half = entry.file_name().to_string_lossy().contains('#');
                    let old = written(&entry)? < before;
                    if half && old && std::fs::remove_file(entry.path()).is_ok() {
                        removed += 1;
                    }
                }
            }
            Ok(removed)
        })
        .await?
    }

    /// Removes what a crash left of files being received, older than `age` (so none still arriving).
    pub async fn remove_abandoned(&self, age: Duration) -> anyhow::Result<usize> {
        let dir = self.incoming.clone();
        tokio::task::spawn_blocking(move || {
            let mut removed = 0;
            for entry in std::fs::read_dir(dir.as_path())? {
                let entry = entry?;
                let old = written(&entry)? < crate::clock::now() - age.as_secs() as i64;
                if old && std::fs::remove_file(entry.path()).is_ok() {
                    removed += 1;
                }
            }
            Ok(removed)
        })
        .await?
    }
}
