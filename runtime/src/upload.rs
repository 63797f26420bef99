//! File uploads: the file to send, the progress of a chunked upload, the chunked upload itself
//! (with its retries), and the error of an upload that stopped.

use std::borrow::Cow;
use std::hash::{BuildHasher, Hasher};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_RANGE, HeaderName, HeaderValue};

use crate::client::Client;
use crate::{Error, Result};

/// Size of one upload chunk (node-appwrite's `CHUNK_SIZE`): larger files are sent in pieces.
pub const CHUNK_SIZE: u64 = 5 * 1024 * 1024;

/// How many times one chunk of a chunked upload is sent at most: the first attempt and 4
/// retries.
const CHUNK_ATTEMPTS: u32 = 5;

/// The wait before the first retry of a chunk; it doubles for each further retry (250 ms,
/// 500 ms, 1 s, 2 s), and each wait is jittered down to as little as half of it.
const FIRST_RETRY_DELAY: Duration = Duration::from_millis(250);

/// A file to upload: bytes in memory, or a file on disk read one chunk at a time.
///
/// A file can carry the point a previous upload reached ([`resume_at`](InputFile::resume_at),
/// or the file an [`UploadError`] gives back): uploading it then sends only the chunks after
/// that point, under the file ID the server returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    filename: String,
    source: Source,
    len: u64,
    resume: Option<Resume>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Bytes(Arc<[u8]>),
    Path(PathBuf),
}

/// Where a chunked upload resumes: after `offset` bytes, under the ID the server returned.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Resume {
    id: Option<String>,
    offset: u64,
}

impl InputFile {
    /// A file from bytes in memory, sent under `filename`.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>, filename: impl Into<String>) -> Self {
        let bytes: Arc<[u8]> = bytes.into().into();
        InputFile { filename: filename.into(), len: bytes.len() as u64, source: Source::Bytes(bytes), resume: None }
    }

    /// A file on disk, sent under its file name. Its size is read now; its contents are read
    /// one chunk of at most [`CHUNK_SIZE`] bytes at a time while uploading, on tokio's blocking
    /// threads (`spawn_blocking`), so neither the async runtime's threads are blocked nor the
    /// whole file held in memory.
    pub fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let len = std::fs::metadata(path)?.len();
        let filename = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(InputFile { filename, len, source: Source::Path(path.to_owned()), resume: None })
    }

    /// The same file sent under another name.
    pub fn with_filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = filename.into();
        self
    }

    /// The same file, to finish a chunked upload that stopped after `bytes_confirmed` bytes of
    /// the file the server created as `file_id` (what [`UploadError::id`] and
    /// [`UploadError::bytes_confirmed`], or the last [`UploadProgress`], say). Uploading it sends
    /// the chunks from there on, each with `x-appwrite-id: file_id`; the bytes before are not
    /// read again. `bytes_confirmed` is rounded down to a multiple of [`CHUNK_SIZE`] (the
    /// server numbers chunks by their offset). A file of at most [`CHUNK_SIZE`] bytes goes in
    /// one request, which is sent whole again.
    ///
    /// [`UploadError::resume_file`] gives this file directly.
    pub fn resume_at(mut self, file_id: impl Into<String>, bytes_confirmed: u64) -> Self {
        self.resume = Some(Resume { id: Some(file_id.into()), offset: bytes_confirmed });
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

    /// Bytes `start..end`, read on the calling thread (for forms sent in one request).
    pub(crate) fn read(&self, start: u64, end: u64) -> std::io::Result<Cow<'_, [u8]>> {
        match &self.source {
            Source::Bytes(bytes) => {
                let range = usize::try_from(start).unwrap_or(usize::MAX)..usize::try_from(end).unwrap_or(usize::MAX);
                bytes
                    .get(range)
                    .map(Cow::Borrowed)
                    .ok_or_else(|| std::io::Error::other("range beyond the end of the file"))
            }
            Source::Path(path) => read_file_range(path, start, end).map(Cow::Owned),
        }
    }

    /// Bytes `start..end`, a file on disk read on tokio's blocking threads.
    async fn read_chunk(&self, start: u64, end: u64) -> std::io::Result<Cow<'_, [u8]>> {
        match &self.source {
            Source::Bytes(_) => self.read(start, end),
            Source::Path(path) => {
                let path = path.clone();
                blocking(move || read_file_range(&path, start, end)).await.map(Cow::Owned)
            }
        }
    }
}

fn read_file_range(path: &Path, start: u64, end: u64) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(start))?;
    let mut buf = vec![0; usize::try_from(end.saturating_sub(start)).unwrap_or(0)];
    file.read_exact(&mut buf)?;
    Ok(buf)
}

/// Run blocking file work on tokio's blocking threads (inline when called outside a tokio
/// runtime, where nothing async is blocked).
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> std::io::Result<T> {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => runtime.spawn_blocking(work).await.map_err(std::io::Error::other)?,
        Err(_) => work(),
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

/// A chunked upload that stopped ([`Error::Upload`]): a chunk still failed after its retries,
/// failed in a way a retry cannot fix (e.g. a 4xx), or the file could not be read.
///
/// It says why ([`error`](UploadError::error)), the ID of the file the server is assembling
/// when it has returned one ([`id`](UploadError::id)) and how many bytes the server confirmed
/// ([`bytes_confirmed`](UploadError::bytes_confirmed)); [`resume_file`](UploadError::resume_file)
/// is the file to pass to the same call again to send the rest:
///
/// ```no_run
/// # use appwrite_server_sdk::{Client, Error, ID, InputFile, services::storage::CreateFileParams};
/// # async fn run(client: Client) -> Result<(), Box<dyn std::error::Error>> {
/// let storage = client.storage();
/// let params = |file| CreateFileParams::builder().bucket_id("videos").file_id(ID::unique()).file(file);
/// let mut file = InputFile::from_path("film.mp4")?;
/// let created = loop {
///     match storage.create_file(params(file)).await {
///         Err(Error::Upload(stopped)) if stopped.bytes_confirmed() > 0 => {
///             eprintln!("{stopped}; resuming");
///             file = stopped.resume_file();
///         }
///         other => break other?,
///     }
/// };
/// println!("{} ({} chunks)", created.id, created.chunks_uploaded);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct UploadError {
    error: Error,
    id: Option<String>,
    bytes_confirmed: u64,
    attempts: u32,
    file: InputFile,
}

impl UploadError {
    /// Why the upload stopped: the last attempt's error ([`Error::Api`], [`Error::Transport`],
    /// or [`Error::Encode`] for a file that could not be read).
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// The ID of the file the server is assembling (its `$id`, sent as `x-appwrite-id` with
    /// every chunk after the first), once the server has returned it.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// Bytes of the file the server has confirmed (answered a chunk with success), from its
    /// start: the upload resumes there.
    pub fn bytes_confirmed(&self) -> u64 {
        self.bytes_confirmed
    }

    /// How many times the failed chunk was sent (1 when the failure is not one a retry can fix).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The file to upload again, with the same call and parameters, to send the rest: it
    /// starts after [`bytes_confirmed`](UploadError::bytes_confirmed) under
    /// [`id`](UploadError::id) (see [`InputFile::resume_at`]). When no chunk was confirmed it is
    /// the whole file again.
    pub fn resume_file(&self) -> InputFile {
        let mut file = self.file.clone();
        file.resume = (self.bytes_confirmed > 0 || self.id.is_some())
            .then(|| Resume { id: self.id.clone(), offset: self.bytes_confirmed });
        file
    }
}

impl std::fmt::Display for UploadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "upload of `{}` stopped after {} of {} bytes",
            self.file.filename, self.bytes_confirmed, self.file.len
        )?;
        if let Some(id) = &self.id {
            write!(f, " (file `{id}`)")?;
        }
        write!(f, ", {} attempt(s) of the next chunk: {}", self.attempts, self.error)
    }
}

impl std::error::Error for UploadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // The error's text is already in this error's text: its cause comes next.
        std::error::Error::source(&self.error)
    }
}

/// Whether a chunk that failed with `error` is sent again: transport failures (no connection,
/// a reset, a timeout, a body cut short), 408 and 5xx answers.
fn is_retryable(error: &Error) -> bool {
    match error {
        Error::Transport(e) => crate::retry::is_transient(e.kind()),
        Error::Api { status, .. } => *status == 408 || *status >= 500,
        _ => false,
    }
}

/// The wait before retry `retry` (1 for the first) of a chunk: [`FIRST_RETRY_DELAY`] doubled
/// for each retry before, between half of that and all of it (the retry policy's jitter).
fn retry_delay(retry: u32) -> Duration {
    crate::retry::equal_jitter(crate::retry::exponential(FIRST_RETRY_DELAY, retry))
}

/// The parts of an upload request that are the same for every chunk.
pub(crate) struct UploadRequest<'a> {
    pub(crate) client: &'a Client,
    pub(crate) method: reqwest::Method,
    pub(crate) url: reqwest::Url,
    /// Multipart text fields.
    pub(crate) form: Vec<(String, String)>,
    /// Header parameters.
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
}

impl UploadRequest<'_> {
    /// Send `file` under `file_key`, as node-appwrite does: one multipart request for a file of
    /// at most [`CHUNK_SIZE`] bytes; a larger one in chunks of [`CHUNK_SIZE`], each with
    /// `content-range`, every chunk after the first with the `x-appwrite-id` the server returned
    /// (from the first chunk sent on when the file resumes an upload). `on_progress` is called
    /// after each chunk. The result is the last response's status and body.
    ///
    /// A chunk that fails with a transport error, a timeout, a 408 or a 5xx is sent again, the
    /// same bytes with the same headers, up to [`CHUNK_ATTEMPTS`] times with a growing wait in
    /// between; a chunk that still fails, or fails otherwise, stops the upload with
    /// [`Error::Upload`]. A file sent in one request is not retried (without `content-range`
    /// the server cannot tell a second copy from the first) and its errors are returned as
    /// they are.
    pub(crate) async fn send(
        self,
        file_key: &str,
        file: &InputFile,
        on_progress: &mut (dyn FnMut(UploadProgress) + Send),
    ) -> Result<(u16, bytes::Bytes)> {
        let size = file.len();
        let chunked = size > CHUNK_SIZE;
        let chunks_total = size.div_ceil(CHUNK_SIZE).max(1);
        let (mut start, mut id) = match &file.resume {
            Some(resume) if chunked => {
                // The last chunk again when everything was confirmed: its answer is the result.
                let offset = resume.offset.min(size - 1);
                (offset - offset % CHUNK_SIZE, resume.id.clone())
            }
            _ => (0, None),
        };
        loop {
            let end = (start + CHUNK_SIZE).min(size);
            let stopped = |error: Error, attempts: u32, id: &Option<String>| {
                if chunked {
                    Error::Upload(Box::new(UploadError {
                        error,
                        id: id.clone(),
                        bytes_confirmed: start,
                        attempts,
                        file: file.clone(),
                    }))
                } else {
                    error
                }
            };
            let chunk = match file.read_chunk(start, end).await {
                Ok(chunk) => chunk,
                Err(e) => return Err(stopped(Error::Encode(format!("cannot read `{}`: {e}", file.filename)), 1, &id)),
            };
            let mut multipart = Multipart::new();
            for (key, value) in &self.form {
                multipart.text(key, value);
            }
            multipart.file(file_key, &file.filename, &chunk);
            drop(chunk);
            let (content_type, body) = multipart.finish();
            let body = bytes::Bytes::from(body);
            let mut headers = self.headers.clone();
            if chunked {
                let range = format!("bytes {start}-{}/{size}", end - 1);
                let range = HeaderValue::from_str(&range).map_err(|e| Error::Encode(e.to_string()))?;
                headers.push((CONTENT_RANGE, range));
            }
            if let Some(value) = &id {
                match HeaderValue::from_str(value) {
                    Ok(value) => headers.push((HeaderName::from_static("x-appwrite-id"), value)),
                    Err(e) => return Err(stopped(Error::Encode(format!("x-appwrite-id: {e}")), 1, &id)),
                }
            }
            let mut attempts = 1;
            let (status, response) = loop {
                let request = crate::request::http_request(
                    self.client,
                    self.method.clone(),
                    self.url.clone(),
                    Some(content_type.clone()),
                    None,
                    headers.clone(),
                )
                .body(body.clone());
                let result = async {
                    let response = crate::request::execute(Ok(crate::request::send(self.client, request))).await?;
                    let status = response.status().as_u16();
                    Ok((status, response.bytes().await.map_err(Error::transport)?))
                }
                .await;
                match result {
                    Ok(answer) => break answer,
                    Err(error) if chunked && attempts < CHUNK_ATTEMPTS && is_retryable(&error) => {
                        let delay = retry_delay(attempts);
                        tracing::debug!(
                            target: "appwrite",
                            "upload chunk at byte {start} of {size} failed (status {:?}); attempt {} in {delay:?}",
                            error.status(),
                            attempts + 1,
                        );
                        tokio::time::sleep(delay).await;
                        attempts += 1;
                    }
                    Err(error) => return Err(stopped(error, attempts, &id)),
                }
            };
            if id.is_none() {
                #[derive(serde::Deserialize)]
                struct Id {
                    #[serde(rename = "$id")]
                    id: Option<String>,
                }
                id = serde_json::from_slice::<Id>(&response).ok().and_then(|r| r.id);
            }
            on_progress(UploadProgress {
                id: id.clone(),
                progress: if size == 0 { 100.0 } else { end as f64 * 100.0 / size as f64 },
                size_uploaded: end,
                chunks_total,
                chunks_uploaded: end.div_ceil(CHUNK_SIZE).max(1),
            });
            start = end;
            if start >= size {
                return Ok((status, response));
            }
        }
    }
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
