//! Uploads and downloads against a loopback HTTP server that breaks: chunks cut off in the middle
//! of their body, answered 503 or not answered in time are sent again (same bytes, same
//! `content-range` and `x-appwrite-id`) and the server assembles exactly the file, each chunk
//! stored once; an upload whose retries run out stops with the file ID and the bytes confirmed
//! and resumes from there; downloads read whole, as a stream and into a file, with a body cut
//! short reported as an error.
#![cfg(feature = "storage")]

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use appwrite_server_sdk::services::storage::{CreateFileParams, GetFileDownloadParams};
use appwrite_server_sdk::{CHUNK_SIZE, Client, Error, InputFile, TransportErrorKind, UploadProgress};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const FILE_ID: &str = "file-77";

/// What the server does with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// Read the whole request, store the chunk, answer 201.
    None,
    /// Read the headers and half of the body, then reset the connection.
    BreakMidBody,
    /// Read the whole request, answer 503 without storing.
    Unavailable,
    /// Read the whole request, answer 400 without storing.
    BadRequest,
    /// Read the whole request and answer nothing until after the client's timeout.
    Stall,
}

/// One request as the server read it.
#[derive(Debug, Clone)]
struct Seen {
    range: Option<String>,
    id: Option<String>,
    /// The file part's content (empty when the body was cut off).
    content: Vec<u8>,
    fault: Fault,
}

#[derive(Default)]
struct Assembly {
    /// Every request, in order.
    seen: Vec<Seen>,
    /// Stored chunks by start offset, and how many times each was stored.
    stored: BTreeMap<u64, Vec<u8>>,
    stores: HashMap<u64, u32>,
}

type Plan = Arc<dyn Fn(u64, u32) -> Fault + Send + Sync>;

/// A loopback server that plays Appwrite's chunk assembly, faulting as `plan(start, attempt)`
/// says (`attempt` counts the requests for the chunk at `start`, from 1).
struct UploadServer {
    url: String,
    assembly: Arc<Mutex<Assembly>>,
    plan: Arc<Mutex<Plan>>,
}

impl UploadServer {
    async fn start(plan: impl Fn(u64, u32) -> Fault + Send + Sync + 'static) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/v1", listener.local_addr().unwrap());
        let assembly = Arc::new(Mutex::new(Assembly::default()));
        let plan: Arc<Mutex<Plan>> = Arc::new(Mutex::new(Arc::new(plan)));
        let (state, plans) = (assembly.clone(), plan.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve_upload(stream, state.clone(), plans.clone()));
            }
        });
        UploadServer { url, assembly, plan }
    }

    fn client(&self) -> Client {
        Client::builder().endpoint(&self.url).project("p").key("k").timeout(Duration::from_secs(2)).build().unwrap()
    }

    fn set_plan(&self, plan: impl Fn(u64, u32) -> Fault + Send + Sync + 'static) {
        *self.plan.lock().unwrap() = Arc::new(plan);
    }

    fn seen(&self) -> Vec<Seen> {
        self.assembly.lock().unwrap().seen.clone()
    }

    /// The stored chunks, concatenated, after checking that each was stored exactly once and
    /// that they follow each other without gap.
    fn assembled(&self) -> Vec<u8> {
        let assembly = self.assembly.lock().unwrap();
        assert!(assembly.stores.values().all(|&n| n == 1), "a chunk stored more than once: {:?}", assembly.stores);
        let mut out = Vec::new();
        for (&start, chunk) in &assembly.stored {
            assert_eq!(start, out.len() as u64, "chunks without gap");
            out.extend_from_slice(chunk);
        }
        out
    }
}

/// The request head: its header lines (names lower-cased) and the bytes of body read with it.
async fn read_head(stream: &mut TcpStream) -> Option<(HashMap<String, String>, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let headers = head
                .lines()
                .skip(1)
                .filter_map(|line| line.split_once(':'))
                .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
                .collect();
            return Some((headers, buf[end + 4..].to_vec()));
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

async fn read_body(stream: &mut TcpStream, mut body: Vec<u8>, len: usize) -> Option<Vec<u8>> {
    let mut chunk = vec![0u8; 64 * 1024];
    while body.len() < len {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(body)
}

/// The content of the multipart body's file part (the last part).
fn file_part(content_type: &str, body: &[u8]) -> Vec<u8> {
    let boundary = content_type.split("boundary=").nth(1).expect("boundary");
    let marker = b"filename=\"";
    let at = body.windows(marker.len()).position(|w| w == marker).expect("a file part");
    let start = at + body[at..].windows(4).position(|w| w == b"\r\n\r\n").expect("part head") + 4;
    let end = body.len() - (boundary.len() + 8); // "\r\n--{boundary}--\r\n"
    assert_eq!(&body[end..], format!("\r\n--{boundary}--\r\n").as_bytes());
    body[start..end].to_vec()
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str) {
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

async fn serve_upload(mut stream: TcpStream, assembly: Arc<Mutex<Assembly>>, plan: Arc<Mutex<Plan>>) {
    let Some((headers, body)) = read_head(&mut stream).await else { return };
    let len: usize = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
    let range = headers.get("content-range").cloned();
    let id = headers.get("x-appwrite-id").cloned();
    let start: u64 = range
        .as_deref()
        .and_then(|r| r.strip_prefix("bytes "))
        .and_then(|r| r.split('-').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let attempt = {
        let assembly = assembly.lock().unwrap();
        1 + assembly.seen.iter().filter(|s| s.range == range).count() as u32
    };
    let fault = (plan.lock().unwrap().clone())(start, attempt);
    let record = |content: Vec<u8>| {
        assembly.lock().unwrap().seen.push(Seen { range: range.clone(), id: id.clone(), content, fault });
    };
    if fault == Fault::BreakMidBody {
        let _ = read_body(&mut stream, body, len / 2).await;
        record(Vec::new());
        #[allow(deprecated, reason = "a zero linger does not block on drop: it sends RST")]
        let _ = stream.set_linger(Some(Duration::ZERO));
        return;
    }
    let Some(body) = read_body(&mut stream, body, len).await else { return };
    let content = file_part(headers.get("content-type").map_or("", String::as_str), &body);
    record(content.clone());
    match fault {
        Fault::Unavailable => {
            respond(
                &mut stream,
                "503 Service Unavailable",
                r#"{"message":"busy","code":503,"type":"general_server_error"}"#,
            )
            .await
        }
        Fault::BadRequest => {
            respond(
                &mut stream,
                "400 Bad Request",
                r#"{"message":"no","code":400,"type":"storage_invalid_content_range"}"#,
            )
            .await
        }
        Fault::Stall => tokio::time::sleep(Duration::from_secs(3)).await,
        Fault::BreakMidBody | Fault::None => {
            let chunks_uploaded = {
                let mut assembly = assembly.lock().unwrap();
                *assembly.stores.entry(start).or_default() += 1;
                assembly.stored.insert(start, content);
                assembly.stored.len()
            };
            respond(&mut stream, "201 Created", &file_json(chunks_uploaded)).await;
        }
    }
}

/// Appwrite's `File` model, as the server answers each stored chunk.
fn file_json(chunks_uploaded: usize) -> String {
    serde_json::json!({
        "$id": FILE_ID, "bucketId": "b", "$createdAt": "2020-10-15T06:38:00.000+00:00",
        "$updatedAt": "2020-10-15T06:38:00.000+00:00", "$permissions": [], "name": "big.bin",
        "signature": "s", "mimeType": "application/octet-stream", "sizeOriginal": 1,
        "chunksTotal": 4, "chunksUploaded": chunks_uploaded, "encryption": false, "compression": "none"
    })
    .to_string()
}

/// Bytes that differ from chunk to chunk and from a shifted copy of themselves.
fn content(len: u64) -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// FNV-1a, the checksum the assertions print.
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

fn params(file: InputFile) -> CreateFileParams {
    CreateFileParams::builder().bucket_id("b").file_id("unique()").file(file).into()
}

/// Every request for the same chunk carried the same range and ID, and every complete one the
/// same bytes; returns the number of requests per chunk start.
fn requests_per_chunk(seen: &[Seen], file: &[u8]) -> BTreeMap<u64, u32> {
    let mut per_chunk = BTreeMap::new();
    for s in seen {
        let range = s.range.as_deref().expect("every chunk has a content-range");
        let (start, rest) = range.strip_prefix("bytes ").unwrap().split_once('-').unwrap();
        let (end, total) = rest.split_once('/').unwrap();
        let (start, end): (u64, u64) = (start.parse().unwrap(), end.parse().unwrap());
        assert_eq!(total, file.len().to_string());
        assert_eq!(start % CHUNK_SIZE, 0);
        assert_eq!(end, (start + CHUNK_SIZE).min(file.len() as u64) - 1);
        assert_eq!(s.id.as_deref(), (start > 0).then_some(FILE_ID), "x-appwrite-id of the chunk at {start}");
        if s.fault != Fault::BreakMidBody {
            assert!(s.content == file[start as usize..=end as usize], "the chunk at {start} carries its bytes");
        }
        *per_chunk.entry(start).or_default() += 1;
    }
    per_chunk
}

#[tokio::test]
async fn chunks_cut_off_refused_or_timed_out_are_sent_again_and_the_file_is_assembled_once() {
    let size = 3 * CHUNK_SIZE + 1234;
    let bytes = content(size);
    let dir = std::env::temp_dir().join(format!("appwrite-transfer-retry-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.bin");
    std::fs::write(&path, &bytes).unwrap();
    let c = CHUNK_SIZE;
    let server = UploadServer::start(move |start, attempt| match (start / c, attempt) {
        (0, 1) => Fault::BreakMidBody,
        (1, 1 | 2) => Fault::Unavailable,
        (2, 1) => Fault::Stall,
        (2, 2) => Fault::BreakMidBody,
        _ => Fault::None,
    })
    .await;
    let mut progress: Vec<UploadProgress> = Vec::new();
    let file = server
        .client()
        .storage()
        .create_file_with_progress(params(InputFile::from_path(&path).unwrap()), |p| progress.push(p))
        .await
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!((file.id.as_str(), file.chunks_uploaded), (FILE_ID, 4));

    let assembled = server.assembled();
    assert_eq!(checksum(&assembled), checksum(&bytes));
    assert!(assembled == bytes, "the server assembled the file");
    let per_chunk = requests_per_chunk(&server.seen(), &bytes);
    assert_eq!(per_chunk, BTreeMap::from([(0, 2), (c, 3), (2 * c, 3), (3 * c, 1)]));
    let uploaded: Vec<u64> = progress.iter().map(|p| p.size_uploaded).collect();
    assert_eq!(uploaded, [c, 2 * c, 3 * c, size], "one report per chunk, after it is stored");
}

#[tokio::test]
async fn an_upload_whose_retries_run_out_resumes_where_the_server_stopped() {
    let size = 3 * CHUNK_SIZE + 1234;
    let bytes = content(size);
    let c = CHUNK_SIZE;
    // The third chunk fails every time: 5 attempts, then the upload stops.
    let server =
        UploadServer::start(move |start, _| if start == 2 * c { Fault::Unavailable } else { Fault::None }).await;
    let storage = server.client().storage();
    let file = InputFile::from_bytes(bytes.clone(), "big.bin");
    let err = storage.create_file(params(file)).await.unwrap_err();
    let Error::Upload(stopped) = &err else { panic!("expected Error::Upload, got {err:?}") };
    assert_eq!(stopped.id(), Some(FILE_ID));
    assert_eq!(stopped.bytes_confirmed(), 2 * c);
    assert_eq!(stopped.attempts(), 5);
    assert!(matches!(stopped.error(), Error::Api { status: 503, .. }), "{:?}", stopped.error());
    assert_eq!((err.status(), err.kind()), (Some(503), Some("general_server_error")));
    let text = err.to_string();
    assert!(text.contains(&format!("after {} of {size} bytes", 2 * c)) && text.contains(FILE_ID), "{text}");
    assert_eq!(requests_per_chunk(&server.seen(), &bytes), BTreeMap::from([(0, 1), (c, 1), (2 * c, 5)]));

    // The server recovers; the last chunk is cut off once more on the way.
    server
        .set_plan(move |start, attempt| if start == 3 * c && attempt == 1 { Fault::BreakMidBody } else { Fault::None });
    let mut progress: Vec<u64> = Vec::new();
    let file = storage
        .create_file_with_progress(params(stopped.resume_file()), |p| progress.push(p.size_uploaded))
        .await
        .unwrap();
    assert_eq!((file.id.as_str(), file.chunks_uploaded), (FILE_ID, 4));
    assert_eq!(progress, [3 * c, size], "the resumed upload reports its own chunks only");

    let assembled = server.assembled();
    assert_eq!(checksum(&assembled), checksum(&bytes));
    assert!(assembled == bytes, "the server assembled the file");
    // The first two chunks were not sent again; the resumed ones carried the ID.
    assert_eq!(requests_per_chunk(&server.seen(), &bytes), BTreeMap::from([(0, 1), (c, 1), (2 * c, 6), (3 * c, 2)]));
}

#[tokio::test]
async fn resume_at_takes_a_saved_position_and_a_4xx_is_not_retried() {
    let size = 2 * CHUNK_SIZE + 10;
    let bytes = content(size);
    let c = CHUNK_SIZE;
    let server = UploadServer::start(move |start, _| if start == c { Fault::BadRequest } else { Fault::None }).await;
    let storage = server.client().storage();
    let err = storage.create_file(params(InputFile::from_bytes(bytes.clone(), "big.bin"))).await.unwrap_err();
    let Error::Upload(stopped) = &err else { panic!("expected Error::Upload, got {err:?}") };
    assert_eq!((stopped.attempts(), stopped.bytes_confirmed(), err.status()), (1, c, Some(400)));

    // Resumed from a position saved elsewhere (e.g. the last progress report), not rounded to a
    // chunk: it restarts at the chunk that holds it.
    server.set_plan(|_, _| Fault::None);
    let file = InputFile::from_bytes(bytes.clone(), "big.bin").resume_at(FILE_ID, c + 77);
    storage.create_file(params(file)).await.unwrap();
    assert!(server.assembled() == bytes, "the server assembled the file");
    assert_eq!(requests_per_chunk(&server.seen(), &bytes), BTreeMap::from([(0, 1), (c, 2), (2 * c, 1)]));
}

#[tokio::test]
async fn a_file_sent_in_one_request_is_not_retried() {
    let server = UploadServer::start(|_, _| Fault::Unavailable).await;
    let err = server
        .client()
        .storage()
        .create_file(params(InputFile::from_bytes(b"small".to_vec(), "small.txt")))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 503, .. }), "{err:?}");
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!((seen[0].range.as_deref(), seen[0].content.as_slice()), (None, b"small".as_slice()));
}

// ---------------------------------------------------------------------------------- downloads

/// A server answering every request with `status`, a `content-length` of `announced` and the
/// first `sent` bytes of `body`, written in pieces, then closing the connection.
async fn download_server(status: u16, body: Vec<u8>, announced: usize, sent: usize) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let body = Arc::new(body);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                read_head(&mut stream).await;
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/octet-stream\r\ncontent-length: {announced}\r\nconnection: close\r\n\r\n"
                );
                let _ = stream.write_all(head.as_bytes()).await;
                for piece in body[..sent].chunks(100_000) {
                    if stream.write_all(piece).await.is_err() {
                        return;
                    }
                    tokio::task::yield_now().await;
                }
                let _ = stream.shutdown().await;
            });
        }
    });
    Client::builder().endpoint(url).project("p").key("k").build().unwrap()
}

fn download_params() -> GetFileDownloadParams {
    GetFileDownloadParams::builder().bucket_id("b").file_id("f").into()
}

async fn collect(mut stream: appwrite_server_sdk::DownloadStream) -> (Vec<u8>, usize, Option<Error>) {
    let (mut out, mut chunks) = (Vec::new(), 0);
    loop {
        match stream.chunk().await {
            Ok(Some(chunk)) => {
                out.extend_from_slice(&chunk);
                chunks += 1;
            }
            Ok(None) => return (out, chunks, None),
            Err(e) => {
                assert!(matches!(stream.chunk().await, Ok(None)), "an error ends the stream");
                return (out, chunks, Some(e));
            }
        }
    }
}

#[tokio::test]
async fn a_download_is_read_whole_as_a_stream_or_into_a_file() {
    let body = content(3 * 1024 * 1024 + 5);
    let client = download_server(200, body.clone(), body.len(), body.len()).await;
    let storage = client.storage();

    let whole: Vec<u8> = storage.get_file_download(download_params()).await.unwrap();
    assert!(whole == body, "awaited whole");

    let (streamed, chunks, error) = collect(storage.get_file_download(download_params()).stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert!(streamed == body, "streamed");
    assert!(chunks > 1, "a large body comes in several chunks ({chunks})");

    let dir = std::env::temp_dir().join(format!("appwrite-transfer-download-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("out.bin");
    std::fs::write(&path, b"an older file").unwrap();
    let written = storage.get_file_download(download_params()).to_path(&path).await.unwrap();
    assert_eq!(written, body.len() as u64);
    let on_disk = std::fs::read(&path).unwrap();
    assert_eq!(checksum(&on_disk), checksum(&body));
    assert!(on_disk == body, "written to the path, replacing the older file");
    assert!(!dir.join("out.bin.part").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The body arrives in two halves, the second after a pause: awaited whole, the download must
/// wait for it (a first chunk as long as what is left to come is not the whole body).
#[tokio::test]
async fn a_download_whose_first_chunk_is_half_the_body_is_read_to_its_end() {
    // Small enough for the first half to be read in one piece.
    let body = content(4000);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let served = body.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let body = served.clone();
            tokio::spawn(async move {
                read_head(&mut stream).await;
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                let (first, second) = body.split_at(body.len() / 2);
                let _ = stream.write_all(&[head.as_bytes(), first].concat()).await;
                let _ = stream.flush().await;
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                let _ = stream.write_all(second).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    let client = Client::builder().endpoint(url).project("p").key("k").build().unwrap();
    let storage = client.storage();
    let whole: Vec<u8> = storage.get_file_download(download_params()).await.unwrap();
    assert_eq!(whole.len(), body.len());
    assert!(whole == body, "awaited whole");
    let (streamed, chunks, error) = collect(storage.get_file_download(download_params()).stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert!(streamed == body && chunks >= 2, "streamed in {chunks} chunks");
}

#[tokio::test]
async fn a_download_cut_short_is_an_error_whichever_way_it_is_read() {
    let body = content(1024 * 1024);
    let client = download_server(200, body.clone(), body.len(), 300_000).await;
    let storage = client.storage();

    let err = storage.get_file_download(download_params()).await.unwrap_err();
    assert!(matches!(&err, Error::Transport(t) if t.kind() == TransportErrorKind::Body), "{err:?}");

    let (streamed, _, error) = collect(storage.get_file_download(download_params()).stream()).await;
    let error = error.expect("the stream ends with an error");
    assert!(matches!(&error, Error::Transport(t) if t.kind() == TransportErrorKind::Body), "{error:?}");
    assert!(streamed.len() <= 300_000 && body.starts_with(&streamed), "what came before the cut is the body's start");

    let dir = std::env::temp_dir().join(format!("appwrite-transfer-cut-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("out.bin");
    std::fs::write(&path, b"an older file").unwrap();
    let err = storage.get_file_download(download_params()).to_path(&path).await.unwrap_err();
    let inner = err.get_ref().and_then(|e| e.downcast_ref::<Error>()).expect("the SDK error inside");
    assert!(matches!(inner, Error::Transport(t) if t.kind() == TransportErrorKind::Body), "{inner:?}");
    assert_eq!(std::fs::read(&path).unwrap(), b"an older file", "the file at the path is left as it was");
    assert!(!dir.join("out.bin.part").exists(), "the partial file is removed");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_download_answered_with_an_error_status_is_an_api_error() {
    let body = br#"{"message":"File not found","code":404,"type":"storage_file_not_found"}"#.to_vec();
    let len = body.len();
    let client = download_server(404, body, len, len).await;
    let storage = client.storage();
    let err = storage.get_file_download(download_params()).await.unwrap_err();
    assert_eq!((err.status(), err.kind()), (Some(404), Some("storage_file_not_found")));
    let (streamed, _, error) = collect(storage.get_file_download(download_params()).stream()).await;
    assert!(streamed.is_empty());
    assert_eq!(error.and_then(|e| e.status()), Some(404));
    let path = std::env::temp_dir().join(format!("appwrite-transfer-404-{}.bin", std::process::id()));
    let err = storage.get_file_download(download_params()).to_path(&path).await.unwrap_err();
    assert_eq!(err.get_ref().and_then(|e| e.downcast_ref::<Error>()).and_then(Error::status), Some(404));
    assert!(!path.exists());
}

/// The process' peak resident memory (`VmHWM`), in KiB.
#[cfg(target_os = "linux")]
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A file uploaded from its path is read a chunk at a time: the peak memory grows by a few
/// chunks, not by the file. Ignored by default (the peak is the process', so the other tests
/// must not run beside it): `cargo test -p appwrite-server-sdk-tests --features storage --test
/// transfer -- --ignored`.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "current_thread")]
#[ignore = "measures the process' peak memory: run alone"]
async fn a_path_upload_holds_a_few_chunks_in_memory_not_the_file() {
    use std::io::Write as _;
    // A server that reads each request and forgets it.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let Some((headers, body)) = read_head(&mut stream).await else { return };
                let len: usize = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
                let (mut read, mut buf) = (body.len(), vec![0u8; 64 * 1024]);
                while read < len {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => read += n,
                    }
                }
                respond(&mut stream, "201 Created", &file_json(1)).await;
            });
        }
    });
    let size_mib = 200;
    let dir = std::env::temp_dir().join(format!("appwrite-transfer-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.bin");
    let mut file = std::fs::File::create(&path).unwrap();
    let piece = content(1024 * 1024);
    for _ in 0..size_mib {
        file.write_all(&piece).unwrap();
    }
    drop(file);
    let client = Client::builder().endpoint(url).build().unwrap();
    let before = peak_rss_kib();
    let created = client.storage().create_file(params(InputFile::from_path(&path).unwrap())).await.unwrap();
    let growth = peak_rss_kib() - before;
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(created.id, FILE_ID);
    eprintln!("uploading {size_mib} MiB from its path raised the peak RSS by {growth} KiB");
    assert!(growth < size_mib / 4 * 1024, "the peak grew by {growth} KiB for a {size_mib} MiB file");
}
