//! Downloads: a binary response read whole, as a stream of chunks, or into a file.

// A crate generated from a spec without binary responses does not construct a `Download`.
#![allow(dead_code, reason = "specs without binary responses do not download")]

use std::future::Future;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;

use crate::{Error, Result};

/// The request being sent (with the client's checks of the status already applied).
type Sending = Pin<Box<dyn Future<Output = Result<reqwest::Response>> + Send>>;

/// Most of a body's announced length (`Content-Length`) reserved up front when it is read whole;
/// a larger body grows the buffer as it comes.
const MAX_PREALLOCATION: u64 = 16 * 1024 * 1024;

/// Bytes gathered before each write to disk by [`Download::to_path`].
const WRITE_BUFFER: usize = 1024 * 1024;

/// A binary response (a file, an image, an avatar): `.await` it for the whole body as
/// `Vec<u8>`, read it chunk by chunk with [`stream`](Download::stream), or write it to a file
/// with [`to_path`](Download::to_path) — the last two never hold the whole body in memory.
///
/// The request is sent when the download is first awaited or polled. A 4xx/5xx answer is
/// [`Error::Api`]; a connection lost in the middle of the body is [`Error::Transport`] (kind
/// `Body`) or a timeout, never a short body reported as success.
///
/// ```no_run
/// # use appwrite_server_sdk::{Client, services::storage::GetFileDownloadParams};
/// # async fn run(client: Client) -> Result<(), Box<dyn std::error::Error>> {
/// let params = || GetFileDownloadParams::builder().bucket_id("photos").file_id("cat");
/// // The whole file in memory.
/// let bytes: Vec<u8> = client.storage().get_file_download(params()).await?;
/// // Chunk by chunk.
/// let mut stream = client.storage().get_file_download(params()).stream();
/// while let Some(chunk) = stream.chunk().await? {
///     println!("{} bytes", chunk.len());
/// }
/// // Into a file (written to `cat.jpg.part`, renamed to `cat.jpg` once complete).
/// let written: u64 = client.storage().get_file_download(params()).to_path("cat.jpg").await?;
/// # Ok(()) }
/// ```
#[must_use = "a download does nothing unless it is awaited, streamed or written to a file"]
pub struct Download {
    body: BodyState,
    /// The body read so far (when awaited whole).
    buffer: Vec<u8>,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download").field("read", &self.buffer.len()).finish_non_exhaustive()
    }
}

/// Where a download is: waiting for the response, reading its body, or done.
enum BodyState {
    Sending(Sending),
    Reading(reqwest::Body),
    Done,
}

impl BodyState {
    /// The next chunk of the body (`None` at its end); the first error ends the body.
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes>>> {
        use http_body::Body as _;
        loop {
            match self {
                BodyState::Sending(sending) => match sending.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Ok(response)) => *self = BodyState::Reading(reqwest::Body::from(response)),
                    Poll::Ready(Err(e)) => {
                        *self = BodyState::Done;
                        return Poll::Ready(Some(Err(e)));
                    }
                },
                BodyState::Reading(body) => match Pin::new(&mut *body).poll_frame(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(None) => {
                        *self = BodyState::Done;
                        return Poll::Ready(None);
                    }
                    Poll::Ready(Some(Err(e))) => {
                        *self = BodyState::Done;
                        return Poll::Ready(Some(Err(Error::transport(e))));
                    }
                    // Trailers and empty frames carry no bytes.
                    Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                        Ok(data) if !data.is_empty() => return Poll::Ready(Some(Ok(data))),
                        _ => {}
                    },
                },
                BodyState::Done => return Poll::Ready(None),
            }
        }
    }

    /// How much of the body is still to come by its announced length (`Content-Length` less
    /// what has been read), once the response has come.
    fn remaining_len(&self) -> Option<u64> {
        match self {
            BodyState::Reading(body) => http_body::Body::size_hint(body).exact(),
            _ => None,
        }
    }
}

impl Download {
    pub(crate) fn new(sending: impl Future<Output = Result<reqwest::Response>> + Send + 'static) -> Self {
        Download { body: BodyState::Sending(Box::pin(sending)), buffer: Vec::new() }
    }

    /// The body as a stream of chunks (a [`futures_core::Stream`] of `Result<Bytes>`, also read
    /// with [`DownloadStream::chunk`] without any stream library).
    pub fn stream(self) -> DownloadStream {
        DownloadStream { body: self.body }
    }

    /// Write the body to the file at `path`, chunk by chunk, without blocking the async runtime
    /// (the writes run on tokio's blocking threads); the result is the number of bytes written.
    ///
    /// The body goes to `<path>.part` first, renamed to `path` once it is complete: a failed
    /// download leaves `path` as it was and removes the partial file. A failed request or body
    /// is an [`std::io::Error`] wrapping the [`Error`] (kind `TimedOut` for a timeout, `Other`
    /// otherwise): `e.get_ref().and_then(|e| e.downcast_ref::<appwrite_server_sdk::Error>())`.
    pub fn to_path(self, path: impl AsRef<Path>) -> impl Future<Output = std::io::Result<u64>> + Send {
        write_to_path(self.stream(), path.as_ref().to_owned())
    }
}

impl Future for Download {
    type Output = Result<Vec<u8>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        loop {
            match this.body.poll_chunk(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(Ok(std::mem::take(&mut this.buffer))),
                Poll::Ready(Some(Err(e))) => {
                    this.buffer = Vec::new();
                    return Poll::Ready(Err(e));
                }
                Poll::Ready(Some(Ok(chunk))) => {
                    if this.buffer.is_empty() {
                        // The size hint counts what is left after this chunk.
                        let remaining = this.body.remaining_len();
                        if remaining == Some(0) {
                            // The whole body in one chunk: no copy when it owns its buffer.
                            this.body = BodyState::Done;
                            return Poll::Ready(Ok(Vec::from(chunk)));
                        }
                        let reserve = usize::try_from(remaining.unwrap_or(0).min(MAX_PREALLOCATION)).unwrap_or(0);
                        this.buffer.reserve(reserve.saturating_add(chunk.len()));
                    }
                    this.buffer.extend_from_slice(&chunk);
                }
            }
        }
    }
}

/// The body of a [`Download`], chunk by chunk: a [`futures_core::Stream`] of
/// `Result<Bytes>` (use `StreamExt::next` from `futures` or `tokio-stream`), or
/// [`chunk`](DownloadStream::chunk). The first error ends the stream.
#[must_use = "a stream does nothing unless polled"]
pub struct DownloadStream {
    body: BodyState,
}

impl std::fmt::Debug for DownloadStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DownloadStream").finish_non_exhaustive()
    }
}

impl DownloadStream {
    /// The next chunk of the body, `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>> {
        std::future::poll_fn(|cx| self.body.poll_chunk(cx)).await.transpose()
    }
}

impl futures_core::Stream for DownloadStream {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.body.poll_chunk(cx)
    }
}

/// An SDK error as an I/O error (for [`Download::to_path`]).
fn io_error(e: Error) -> std::io::Error {
    let kind = if e.is_timeout() { std::io::ErrorKind::TimedOut } else { std::io::ErrorKind::Other };
    std::io::Error::new(kind, e)
}

async fn write_to_path(mut stream: DownloadStream, path: PathBuf) -> std::io::Result<u64> {
    let Some(name) = path.file_name() else {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "the download path has no file name"));
    };
    let mut part_name = name.to_owned();
    part_name.push(".part");
    let part = path.with_file_name(part_name);
    let file = {
        let part = part.clone();
        crate::upload::blocking(move || std::fs::File::create(part)).await?
    };
    let written = write_stream(&mut stream, file).await;
    let result = match written {
        Ok(written) => {
            let part = part.clone();
            crate::upload::blocking(move || std::fs::rename(part, path)).await.map(|()| written)
        }
        Err(e) => Err(e),
    };
    if result.is_err() {
        let _ = crate::upload::blocking(move || std::fs::remove_file(part)).await;
    }
    result
}

/// Write every chunk of `stream` to `file`, a megabyte at a time, on tokio's blocking threads.
async fn write_stream(stream: &mut DownloadStream, file: std::fs::File) -> std::io::Result<u64> {
    let mut file = Some(file);
    let mut buffer = Vec::with_capacity(WRITE_BUFFER);
    let mut written = 0u64;
    loop {
        let chunk = stream.chunk().await.map_err(io_error)?;
        if let Some(chunk) = &chunk {
            buffer.extend_from_slice(chunk);
            written += chunk.len() as u64;
        }
        if buffer.len() >= WRITE_BUFFER || (chunk.is_none() && !buffer.is_empty()) {
            let mut out = file.take().ok_or_else(|| std::io::Error::other("the file was lost after a failed write"))?;
            let full = std::mem::take(&mut buffer);
            let (out, mut full) = crate::upload::blocking(move || {
                out.write_all(&full)?;
                Ok::<_, std::io::Error>((out, full))
            })
            .await?;
            full.clear();
            buffer = full;
            file = Some(out);
        }
        if chunk.is_none() {
            if let Some(out) = file.take() {
                crate::upload::blocking(move || out.sync_all()).await?;
            }
            return Ok(written);
        }
    }
}
