//! Evidence files (photos, videos, PDFs) uploaded to a ticket, stored content-addressed.
//!
//! [`EvidenceFiles`] is the interface an object store (S3, OSS, MinIO) can implement;
//! [`LocalDisk`] is the default: one file per content under `sha256/ab/cd…` and, per ticket,
//! a small link naming the contents uploaded to it. A file is served only through the ticket
//! it was uploaded to, so whoever may see the ticket may download it and nobody else.

use sha2::{Digest, Sha256};
use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;

/// Largest file accepted.
pub const FILE_BYTES_MAX: usize = 10 * 1024 * 1024;

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

/// One stored file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    /// `sha256:<hex>`: what evidence items name.
    pub reference: String,
    pub content_type: String,
    pub size: u64,
}

type Io<'a, T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send + 'a>>;

/// Where evidence files live.
pub trait EvidenceFiles: Send + Sync + std::fmt::Debug {
    /// Store `bytes` for the ticket; the same content stored twice is stored once.
    fn put<'a>(
        &'a self,
        merchant: &'a str,
        ticket: &'a str,
        bytes: Vec<u8>,
        content_type: &'static str,
    ) -> Io<'a, StoredFile>;

    /// The content `reference` as uploaded to this ticket, if it was.
    fn get<'a>(
        &'a self,
        merchant: &'a str,
        ticket: &'a str,
        reference: &'a str,
    ) -> Io<'a, Option<(StoredFile, Vec<u8>)>>;
}

/// Files under a directory on local disk.
#[derive(Clone, Debug)]
pub struct LocalDisk {
    root: PathBuf,
}

impl LocalDisk {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        LocalDisk { root: root.into() }
    }

    fn content_path(&self, hex: &str) -> PathBuf {
        self.root.join("sha256").join(&hex[..2]).join(&hex[2..])
    }

    fn link_path(&self, merchant: &str, ticket: &str, hex: &str) -> PathBuf {
        // Ids are `[A-Za-z0-9_-]`, so they are safe path segments.
        self.root
            .join("tickets")
            .join(merchant)
            .join(ticket)
            .join(hex)
    }
}

/// Write through a temporary file and a rename, so that a crash never leaves half a file
/// under its final name.
async fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().expect("stored paths have a parent");
    tokio::fs::create_dir_all(dir).await?;
    let temporary = dir.join(format!(
        ".{}.{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        std::process::id()
    ));
    tokio::fs::write(&temporary, bytes).await?;
    tokio::fs::File::open(&temporary).await?.sync_all().await?;
    tokio::fs::rename(&temporary, path).await
}

fn hex_of(reference: &str) -> Option<&str> {
    let hex = reference.strip_prefix("sha256:")?;
    (hex.len() == 64
        && hex
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
    .then_some(hex)
}

impl EvidenceFiles for LocalDisk {
    fn put<'a>(
        &'a self,
        merchant: &'a str,
        ticket: &'a str,
        bytes: Vec<u8>,
        content_type: &'static str,
    ) -> Io<'a, StoredFile> {
        Box::pin(async move {
            let hex: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let content = self.content_path(&hex);
            if tokio::fs::metadata(&content).await.is_err() {
                write_atomically(&content, &bytes).await?;
            }
            write_atomically(
                &self.link_path(merchant, ticket, &hex),
                content_type.as_bytes(),
            )
            .await?;
            Ok(StoredFile {
                reference: format!("sha256:{hex}"),
                content_type: content_type.to_owned(),
                size: bytes.len() as u64,
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
}
