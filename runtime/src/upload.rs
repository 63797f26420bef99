//! File uploads: the file to send and the progress of a chunked upload.

use std::borrow::Cow;
use std::hash::{BuildHasher, Hasher};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Size of one upload chunk (node-appwrite's `CHUNK_SIZE`): larger files are sent in pieces.
pub const CHUNK_SIZE: u64 = 5 * 1024 * 1024;

/// A file to upload: bytes in memory, or a file on disk read one chunk at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    filename: String,
    source: Source,
    len: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Bytes(Arc<[u8]>),
    Path(PathBuf),
}

impl InputFile {
    /// A file from bytes in memory, sent under `filename`.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>, filename: impl Into<String>) -> Self {
        let bytes: Arc<[u8]> = bytes.into().into();
        InputFile { filename: filename.into(), len: bytes.len() as u64, source: Source::Bytes(bytes) }
    }

    /// A file on disk, sent under its file name. Its size is read now; its contents are read
    /// one chunk at a time while uploading (blocking reads of at most [`CHUNK_SIZE`] bytes).
    pub fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let len = std::fs::metadata(path)?.len();
        let filename = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(InputFile { filename, len, source: Source::Path(path.to_owned()) })
    }

    /// The same file sent under another name.
    pub fn with_filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = filename.into();
        self
    }

    /// The name the file is sent under.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// Size in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes `start..end`.
    pub(crate) fn read(&self, start: u64, end: u64) -> std::io::Result<Cow<'_, [u8]>> {
        match &self.source {
            Source::Bytes(bytes) => {
                let range = usize::try_from(start).unwrap_or(usize::MAX)..usize::try_from(end).unwrap_or(usize::MAX);
                bytes
                    .get(range)
                    .map(Cow::Borrowed)
                    .ok_or_else(|| std::io::Error::other("range beyond the end of the file"))
            }
            Source::Path(path) => {
                let mut file = std::fs::File::open(path)?;
                file.seek(SeekFrom::Start(start))?;
                let mut buf = vec![0; usize::try_from(end - start).unwrap_or(0)];
                file.read_exact(&mut buf)?;
                Ok(Cow::Owned(buf))
            }
        }
    }
}

/// Progress of an upload, reported after each chunk.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UploadProgress {
    /// ID of the resource being created, once the server has returned it.
    pub id: Option<String>,
    /// Percentage sent, 0 to 100.
    pub progress: f64,
    /// Bytes sent so far.
    pub size_uploaded: u64,
    /// Number of chunks in all.
    pub chunks_total: u64,
    /// Chunks sent so far.
    pub chunks_uploaded: u64,
}

/// A `multipart/form-data` body.
pub(crate) struct Multipart {
    boundary: String,
    body: Vec<u8>,
}

impl Multipart {
    pub(crate) fn new() -> Self {
        // A boundary that does not occur in the content with overwhelming probability.
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher
            .write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
        let boundary = format!("----appwrite-rust-{:016x}{:016x}", hasher.finish(), hasher.finish().rotate_left(17));
        Multipart { boundary, body: Vec::new() }
    }

    fn part_header(&mut self, name: &str, filename: Option<&str>) {
        self.body.extend_from_slice(b"--");
        self.body.extend_from_slice(self.boundary.as_bytes());
        self.body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        self.body.extend_from_slice(escape_quoted(name).as_bytes());
        self.body.push(b'"');
        if let Some(filename) = filename {
            self.body.extend_from_slice(b"; filename=\"");
            self.body.extend_from_slice(escape_quoted(filename).as_bytes());
            self.body.extend_from_slice(b"\"\r\nContent-Type: application/octet-stream");
        }
        self.body.extend_from_slice(b"\r\n\r\n");
    }

    /// A text field.
    pub(crate) fn text(&mut self, name: &str, value: &str) {
        self.part_header(name, None);
        self.body.extend_from_slice(value.as_bytes());
        self.body.extend_from_slice(b"\r\n");
    }

    /// A file field.
    pub(crate) fn file(&mut self, name: &str, filename: &str, bytes: &[u8]) {
        self.part_header(name, Some(filename));
        self.body.extend_from_slice(bytes);
        self.body.extend_from_slice(b"\r\n");
    }

    /// The `content-type` header value and the body.
    pub(crate) fn finish(mut self) -> (reqwest::header::HeaderValue, Vec<u8>) {
        self.body.extend_from_slice(b"--");
        self.body.extend_from_slice(self.boundary.as_bytes());
        self.body.extend_from_slice(b"--\r\n");
        let content_type = format!("multipart/form-data; boundary={}", self.boundary);
        let value = reqwest::header::HeaderValue::from_str(&content_type)
            .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static("multipart/form-data"));
        (value, self.body)
    }
}

/// Quotes and line breaks in field and file names, escaped as browsers do.
fn escape_quoted(text: &str) -> Cow<'_, str> {
    if text.contains(['"', '\r', '\n']) {
        Cow::Owned(text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A"))
    } else {
        Cow::Borrowed(text)
    }
}
