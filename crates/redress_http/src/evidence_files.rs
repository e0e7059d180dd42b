//! Evidence files (photos, videos, PDFs) uploaded to a ticket, stored content-addressed.
//!
//! An upload is streamed, never held whole in memory: [`Staging`] writes it to a temporary
//! file in the store's own directory while hashing it (SHA-256) and counting its bytes, and
//! refuses it as soon as it passes the size limit. The finished file ([`Staged`]) is then
//! kept under its content hash by [`EvidenceFiles::keep`]. [`Uploads`] caps how many uploads
//! run at once.
//!
//! [`EvidenceFiles`] is the interface an object store (S3, OSS, MinIO) can implement;
//! [`LocalDisk`] is the default: one file per content under `sha256/ab/cd…` and, per ticket,
//! a small link naming the contents uploaded to it. A file is served only through the ticket
//! it was uploaded to, so whoever may see the ticket may download it and nobody else.
//!
//! Every path is built from hashes only, never from an id or a name a caller sent: contents
//! from their SHA-256, a ticket's links from the SHA-256 of its merchant's and its own id,
//! temporary files from random bytes.

use sha2::{Digest, Sha256};
use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use tokio::io::AsyncWriteExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Largest file accepted unless the server is configured otherwise.
pub const FILE_BYTES_MAX: usize = 10 * 1024 * 1024;
/// Uploads running at once unless the server is configured otherwise.
pub const UPLOADS_CONCURRENT_MAX: usize = 16;
/// What an upload's body may hold beside its file: the multipart boundaries and part headers,
/// and the console's text fields.
pub const FORM_OVERHEAD_BYTES: usize = 64 * 1024;
/// `Retry-After` of an upload refused because too many are running (seconds).
pub const UPLOAD_RETRY_AFTER_SECONDS: u32 = 5;

/// A stored file's content type, from its first bytes (the client's claim is not trusted).
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    const KINDS: &[(&[u8], usize, &str)] = &[
        (b"\xFF\xD8\xFF", 0, "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
        (b"GIF8", 0, "image/gif"),
        (b"%PDF-", 0, "application/pdf"),
        (b"ftyp", 4, "video/mp4"),
    ];
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("image/webp");
    }
    KINDS
        .iter()
        .find(|(magic, at, _)| bytes.get(*at..at + magic.len()) == Some(*magic))
        .map(|(_, _, kind)| *kind)
}

/// A temporary file older than this is left over from a process that died mid-upload.
const TEMPORARY_AGE_MAX: std::time::Duration = std::time::Duration::from_secs(3600);

/// Bytes [`sniff`] looks at.
const HEAD_BYTES: usize = 16;

/// One stored file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    /// `sha256:<hex>`: what evidence items name.
    pub reference: String,
    pub content_type: String,
    pub size: u64,
}

/// The hex digest in a `sha256:<64 lowercase hex>` reference; `None` for anything else.
pub fn hex_of(reference: &str) -> Option<&str> {
    let hex = reference.strip_prefix("sha256:")?;
    (hex.len() == 64
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
    .then_some(hex)
}

/// How large an upload may be and how many may run at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UploadLimits {
    pub file_bytes_max: usize,
    pub concurrent_max: usize,
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits {
            file_bytes_max: FILE_BYTES_MAX,
            concurrent_max: UPLOADS_CONCURRENT_MAX,
        }
    }
}

/// The server's uploads: their limits, and a permit for each one running.
#[derive(Clone, Debug)]
pub struct Uploads {
    limits: UploadLimits,
    permits: Arc<Semaphore>,
}

impl Default for Uploads {
    fn default() -> Self {
        Uploads::new(UploadLimits::default())
    }
}

impl Uploads {
    pub fn new(limits: UploadLimits) -> Self {
        Uploads {
            limits,
            permits: Arc::new(Semaphore::new(limits.concurrent_max)),
        }
    }

    pub fn limits(&self) -> UploadLimits {
        self.limits
    }

    /// A permit for one more upload, or `None` when as many as allowed are running: the
    /// caller is then told to come back later rather than queued, so waiting uploads hold no
    /// connection and no memory.
    pub fn try_begin(&self) -> Option<OwnedSemaphorePermit> {
        self.permits.clone().try_acquire_owned().ok()
    }

    /// The most an upload's whole request body may hold.
    pub fn body_bytes_max(&self) -> usize {
        self.limits
            .file_bytes_max
            .saturating_add(FORM_OVERHEAD_BYTES)
    }
}

/// Why a file being received was refused.
#[derive(Debug)]
pub enum StagingError {
    /// Past the size limit (the limit, in bytes).
    TooLarge(usize),
    Io(io::Error),
}

impl From<io::Error> for StagingError {
    fn from(error: io::Error) -> Self {
        StagingError::Io(error)
    }
}

/// A file being received: written to a temporary file, hashed and counted as it comes.
/// Dropped unfinished, it removes its temporary file.
#[derive(Debug)]
pub struct Staging {
    file: tokio::fs::File,
    temporary: Temporary,
    hasher: Sha256,
    size: usize,
    limit: usize,
    head: Vec<u8>,
}

impl Staging {
    /// Receive into `file` at `path` (a new temporary file), refusing more than `limit` bytes.
    pub fn new(file: tokio::fs::File, path: PathBuf, limit: usize) -> Self {
        Staging {
            file,
            temporary: Temporary(Some(path)),
            hasher: Sha256::new(),
            size: 0,
            limit,
            head: Vec::with_capacity(HEAD_BYTES),
        }
    }

    /// Append a chunk; past the limit the upload is refused at once (and its temporary file
    /// removed when this is dropped).
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), StagingError> {
        self.size = self.size.saturating_add(chunk.len());
        if self.size > self.limit {
            return Err(StagingError::TooLarge(self.limit));
        }
        let wanted = HEAD_BYTES.saturating_sub(self.head.len()).min(chunk.len());
        self.head.extend_from_slice(&chunk[..wanted]);
        self.hasher.update(chunk);
        self.file.write_all(chunk).await?;
        Ok(())
    }

    /// The whole file is in: flush it to disk (a crash never leaves half a file under its
    /// final name) and say what it is.
    pub async fn finish(mut self) -> io::Result<Staged> {
        self.file.flush().await?;
        self.file.sync_all().await?;
        let hex = hex::encode(self.hasher.finalize());
        Ok(Staged {
            temporary: Temporary(self.temporary.0.take()),
            hex,
            size: self.size as u64,
            head: self.head,
        })
    }
}

/// A received file, not yet kept: its temporary file (removed if this is dropped), its
/// SHA-256 and size.
#[derive(Debug)]
pub struct Staged {
    temporary: Temporary,
    hex: String,
    size: u64,
    head: Vec<u8>,
}

impl Staged {
    /// SHA-256 of the content, lowercase hex.
    pub fn sha256_hex(&self) -> &str {
        &self.hex
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// The content type its first bytes show, if it is one that is accepted.
    pub fn content_type(&self) -> Option<&'static str> {
        sniff(&self.head)
    }

    /// The temporary file, for a store to move into place; after this the caller owns it.
    pub fn into_path(mut self) -> PathBuf {
        self.temporary
            .0
            .take()
            .expect("a staged file has its path until taken")
    }
}

/// A temporary file's path, removed on drop unless taken.
#[derive(Debug)]
struct Temporary(Option<PathBuf>);

impl Drop for Temporary {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            // Synchronous on purpose: the file is gone before the refusal is answered.
            let _ = std::fs::remove_file(path);
        }
    }
}

type Io<'a, T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send + 'a>>;

/// Where evidence files live.
pub trait EvidenceFiles: Send + Sync + std::fmt::Debug {
    /// A new temporary file to receive an upload into, and its path.
    fn temporary(&self) -> Io<'_, (tokio::fs::File, PathBuf)>;

    /// Keep a received file for the ticket; the same content kept twice is stored once.
    fn keep<'a>(
        &'a self,
        merchant: &'a str,
        ticket: &'a str,
        staged: Staged,
        content_type: &'static str,
    ) -> Io<'a, StoredFile>;

    /// The content `reference` as uploaded to this ticket, if it was.
    fn get<'a>(
        &'a self,
        merchant: &'a str,
        ticket: &'a str,
        reference: &'a str,
    ) -> Io<'a, Option<(StoredFile, Vec<u8>)>>;

    /// Whether `reference` names a file uploaded to this ticket.
    fn holds<'a>(&'a self, merchant: &'a str, ticket: &'a str, reference: &'a str) -> Io<'a, bool>;
}

/// Files under a directory on local disk.
#[derive(Clone, Debug)]
pub struct LocalDisk {
    root: PathBuf,
    /// Set once the links of an earlier release's layout have been moved.
    upgraded: Arc<tokio::sync::OnceCell<()>>,
}

impl LocalDisk {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        LocalDisk {
            root: root.into(),
            upgraded: Arc::new(tokio::sync::OnceCell::new()),
        }
    }

    fn content_path(&self, hex: &str) -> PathBuf {
        self.root.join("sha256").join(&hex[..2]).join(&hex[2..])
    }

    /// A ticket's links live under the SHA-256 of its merchant's and its own id, so no id
    /// ever becomes a path segment.
    fn link_path(&self, merchant: &str, ticket: &str, content_hex: &str) -> PathBuf {
        let mut hasher = Sha256::new();
        hasher.update(merchant.as_bytes());
        hasher.update([0]);
        hasher.update(ticket.as_bytes());
        let ticket_hex = hex::encode(hasher.finalize());
        self.root
            .join("links")
            .join(&ticket_hex[..2])
            .join(&ticket_hex[2..])
            .join(content_hex)
    }

    fn temporary_dir(&self) -> PathBuf {
        self.root.join("tmp")
    }

    /// Once per process, before the first read or write: earlier releases kept links at
    /// `tickets/<merchant>/<ticket>/<hex>`, which are moved to the hashed layout; and the
    /// temporary files of uploads a crash cut short are removed.
    async fn upgrade(&self) -> io::Result<()> {
        self.upgraded
            .get_or_try_init(|| async {
                let legacy = self.root.join("tickets");
                let root = self.clone();
                tokio::task::spawn_blocking(move || {
                    root.move_legacy_links(&legacy)?;
                    root.sweep_temporaries()
                })
                .await
                .map_err(io::Error::other)?
            })
            .await
            .map(|_| ())
    }

    /// Remove temporary files older than [`TEMPORARY_AGE_MAX`]: no upload runs that long (a
    /// request times out first), so they were left by a process that died. Younger ones may
    /// be another instance's uploads in progress, on a shared volume.
    fn sweep_temporaries(&self) -> io::Result<()> {
        let entries = match std::fs::read_dir(self.temporary_dir()) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|at| at.elapsed().ok())
                .is_some_and(|age| age > TEMPORARY_AGE_MAX);
            if stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(())
    }

    fn move_legacy_links(&self, legacy: &Path) -> io::Result<()> {
        let entries = |dir: &Path| -> io::Result<Vec<(String, PathBuf)>> {
            match std::fs::read_dir(dir) {
                Ok(read) => read
                    .map(|e| {
                        let e = e?;
                        Ok((e.file_name().to_string_lossy().into_owned(), e.path()))
                    })
                    .collect(),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
                Err(e) => Err(e),
            }
        };
        for (merchant, merchant_dir) in entries(legacy)? {
            for (ticket, ticket_dir) in entries(&merchant_dir)? {
                for (content_hex, old) in entries(&ticket_dir)? {
                    if hex_of(&format!("sha256:{content_hex}")).is_none() {
                        continue;
                    }
                    let new = self.link_path(&merchant, &ticket, &content_hex);
                    std::fs::create_dir_all(new.parent().expect("links have a parent"))?;
                    std::fs::rename(&old, &new)?;
                }
            }
        }
        match std::fs::remove_dir_all(legacy) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    async fn new_temporary(&self) -> io::Result<(tokio::fs::File, PathBuf)> {
        let dir = self.temporary_dir();
        tokio::fs::create_dir_all(&dir).await?;
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).map_err(io::Error::other)?;
        let path = dir.join(format!("{}.part", hex::encode(random)));
        let file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await?;
        Ok((file, path))
    }
}

/// Write through a temporary file and a rename, so that a crash never leaves half a file
/// under its final name.
async fn write_atomically(disk: &LocalDisk, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (mut file, temporary) = disk.new_temporary().await?;
    let temporary = Temporary(Some(temporary));
    file.write_all(bytes).await?;
    file.sync_all().await?;
    rename_into_place(temporary, path).await
}

async fn rename_into_place(mut temporary: Temporary, path: &Path) -> io::Result<()> {
    let dir = path.parent().expect("stored paths have a parent");
    tokio::fs::create_dir_all(dir).await?;
    let from = temporary.0.as_ref().expect("not taken yet");
    tokio::fs::rename(from, path).await?;
    temporary.0 = None;
    Ok(())
}

impl EvidenceFiles for LocalDisk {
    fn temporary(&self) -> Io<'_, (tokio::fs::File, PathBuf)> {
        Box::pin(self.new_temporary())
    }

    fn keep<'a>(
        &'a self,
        merchant: &'a str,
        ticket: &'a str,
        staged: Staged,
        content_type: &'static str,
    ) -> Io<'a, StoredFile> {
        Box::pin(async move {
            self.upgrade().await?;
            let hex = staged.sha256_hex().to_owned();
            let size = staged.size();
            let content = self.content_path(&hex);
            let temporary = Temporary(Some(staged.into_path()));
            if tokio::fs::metadata(&content).await.is_ok() {
                // The same content is there already; the temporary file goes on drop.
                drop(temporary);
            } else {
                rename_into_place(temporary, &content).await?;
            }
            write_atomically(
                self,
                &self.link_path(merchant, ticket, &hex),
                content_type.as_bytes(),
            )
            .await?;
            Ok(StoredFile {
                reference: format!("sha256:{hex}"),
                content_type: content_type.to_owned(),
                size,
            })
        })
    }

    fn get<'a>(
        &'a self,
        merchant: &'a str,
        ticket: &'a str,
        reference: &'a str,
    ) -> Io<'a, Option<(StoredFile, Vec<u8>)>> {
        Box::pin(async move {
            self.upgrade().await?;
            let Some(hex) = hex_of(reference) else {
                return Ok(None);
            };
            let content_type = match tokio::fs::read(self.link_path(merchant, ticket, hex)).await {
                Ok(raw) => String::from_utf8_lossy(&raw).into_owned(),
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e),
            };
            let bytes = tokio::fs::read(self.content_path(hex)).await?;
            Ok(Some((
                StoredFile {
                    reference: reference.to_owned(),
                    content_type,
                    size: bytes.len() as u64,
                },
                bytes,
            )))
        })
    }

    fn holds<'a>(&'a self, merchant: &'a str, ticket: &'a str, reference: &'a str) -> Io<'a, bool> {
        Box::pin(async move {
            self.upgrade().await?;
            let Some(hex) = hex_of(reference) else {
                return Ok(false);
            };
            match tokio::fs::metadata(self.link_path(merchant, ticket, hex)).await {
                Ok(_) => Ok(true),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
                Err(e) => Err(e),
            }
        })
    }
}

/// Route layer for requests that carry an evidence file: their body may hold the configured
/// file limit plus [`FORM_OVERHEAD_BYTES`] (read from the [`Uploads`] the router puts in
/// each request's extensions), past the API's usual body limit. Reading past it fails, which
/// the multipart reader answers 413.
#[derive(Clone, Copy, Debug, Default)]
pub struct UploadBodyLimit;

pub type UploadBodyLayer =
    tower::layer::util::Stack<UploadBodyLimit, axum::extract::DefaultBodyLimit>;

/// [`UploadBodyLimit`] in place of the router's usual body limit.
pub fn upload_body_layer() -> UploadBodyLayer {
    tower::layer::util::Stack::new(UploadBodyLimit, axum::extract::DefaultBodyLimit::disable())
}

impl<S> tower::Layer<S> for UploadBodyLimit {
    type Service = UploadBodyLimited<S>;

    fn layer(&self, inner: S) -> Self::Service {
        UploadBodyLimited { inner }
    }
}

#[derive(Clone, Debug)]
pub struct UploadBodyLimited<S> {
    inner: S,
}

impl<S> tower::Service<axum::extract::Request> for UploadBodyLimited<S>
where
    S: tower::Service<axum::extract::Request>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: axum::extract::Request) -> Self::Future {
        let limit = request.extensions().get::<Uploads>().map_or(
            FILE_BYTES_MAX + FORM_OVERHEAD_BYTES,
            Uploads::body_bytes_max,
        );
        let (parts, body) = request.into_parts();
        let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
        self.inner
            .call(axum::extract::Request::from_parts(parts, body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn staged(disk: &LocalDisk, bytes: &[u8], limit: usize) -> Result<Staged, StagingError> {
        let (file, path) = disk.temporary().await?;
        let mut staging = Staging::new(file, path, limit);
        for chunk in bytes.chunks(7) {
            staging.write(chunk).await?;
        }
        Ok(staging.finish().await?)
    }

    fn png() -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        bytes.extend([3; 40]);
        bytes
    }

    #[tokio::test]
    async fn a_file_is_kept_under_its_hash_and_served_only_through_its_ticket() {
        let dir = tempfile::tempdir().expect("a directory");
        let disk = LocalDisk::new(dir.path());
        let file = staged(&disk, &png(), 1024).await.expect("staged");
        assert_eq!(file.content_type(), Some("image/png"));
        let stored = disk
            .keep("M-1", "T-1", file, "image/png")
            .await
            .expect("kept");
        let hex = hex::encode(Sha256::digest(png()));
        assert_eq!(stored.reference, format!("sha256:{hex}"));
        assert!(
            disk.holds("M-1", "T-1", &stored.reference)
                .await
                .expect("reads")
        );
        assert!(
            !disk
                .holds("M-1", "T-2", &stored.reference)
                .await
                .expect("reads")
        );
        assert!(
            !disk
                .holds("M-2", "T-1", &stored.reference)
                .await
                .expect("reads")
        );
        let (_, bytes) = disk
            .get("M-1", "T-1", &stored.reference)
            .await
            .expect("reads")
            .expect("there");
        assert_eq!(bytes, png());
        // Nothing is left in the temporary directory.
        let left = std::fs::read_dir(dir.path().join("tmp"))
            .expect("the directory")
            .count();
        assert_eq!(left, 0);
    }

    #[tokio::test]
    async fn a_file_past_the_limit_is_refused_and_its_temporary_file_removed() {
        let dir = tempfile::tempdir().expect("a directory");
        let disk = LocalDisk::new(dir.path());
        let refused = staged(&disk, &png(), 20).await;
        assert!(
            matches!(refused, Err(StagingError::TooLarge(20))),
            "{refused:?}"
        );
        let left = std::fs::read_dir(dir.path().join("tmp"))
            .expect("the directory")
            .count();
        assert_eq!(left, 0);
    }

    #[tokio::test]
    async fn links_of_an_earlier_release_are_moved_to_hashed_paths() {
        let dir = tempfile::tempdir().expect("a directory");
        let hex = hex::encode(Sha256::digest(png()));
        let content = dir.path().join("sha256").join(&hex[..2]).join(&hex[2..]);
        std::fs::create_dir_all(content.parent().expect("a parent")).expect("made");
        std::fs::write(&content, png()).expect("written");
        let legacy = dir.path().join("tickets").join("M-1").join("T-1");
        std::fs::create_dir_all(&legacy).expect("made");
        std::fs::write(legacy.join(&hex), "image/png").expect("written");

        let disk = LocalDisk::new(dir.path());
        let reference = format!("sha256:{hex}");
        let (file, bytes) = disk
            .get("M-1", "T-1", &reference)
            .await
            .expect("reads")
            .expect("still served through its ticket");
        assert_eq!((file.content_type.as_str(), bytes), ("image/png", png()));
        assert!(!disk.holds("M-1", "T-2", &reference).await.expect("reads"));
        assert!(
            !dir.path().join("tickets").exists(),
            "no id-named directory is left"
        );
    }

    #[test]
    fn only_a_well_formed_digest_is_a_reference() {
        let hex = "ab".repeat(32);
        assert_eq!(hex_of(&format!("sha256:{hex}")), Some(hex.as_str()));
        for wrong in [
            format!("sha256:{}", hex.to_uppercase()),
            format!("sha256:{hex}/.."),
            format!("sha256:../{}", &hex[3..]),
            "sha256:".to_owned(),
            hex.clone(),
        ] {
            assert_eq!(hex_of(&wrong), None, "{wrong}");
        }
    }
}
