//! Where file bytes live: an object store (local disk by default; S3-compatible storage where the
//! province runs several servers), addressed by the SHA-256 of the content, so the same file uploaded
//! twice is stored once. Only this module touches the store.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use bytes::Bytes;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

#[derive(Clone)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
}

fn location(sha256: &str) -> ObjectPath {
    ObjectPath::from(format!("sha256/{}/{}", &sha256[..2], sha256))
}

impl Files {
    /// Files under `dir` on this machine. The local store writes to a temporary name and renames it
    /// into place, so a crash never leaves half a file under a real name.
    pub fn local(dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Self {
            store: Arc::new(LocalFileSystem::new_with_prefix(dir)?),
        })
    }

    pub async fn put(&self, sha256: &str, bytes: Bytes) -> anyhow::Result<()> {
        let at = location(sha256);
        if self.store.head(&at).await.is_ok() {
            return Ok(());
        }
        self.store.put(&at, PutPayload::from(bytes)).await?;
        Ok(())
    }

    pub async fn get(&self, sha256: &str) -> anyhow::Result<Bytes> {
        Ok(self.store.get(&location(sha256)).await?.bytes().await?)
    }

    pub async fn delete(&self, sha256: &str) -> anyhow::Result<()> {
        match self.store.delete(&location(sha256)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}
