//! Chunked multipart uploads, as node-appwrite sends them: one request up to 5 MiB; above that,
//! 5 MiB chunks with `content-range`, every chunk after the first carrying the `x-appwrite-id`
//! the server returned, and a progress report after each chunk.
#![cfg(feature = "storage")]

use appwrite_server_sdk::services::storage::CreateFileParams;
use appwrite_server_sdk::{CHUNK_SIZE, Client, InputFile, UploadProgress};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn file_json(id: &str, chunks_uploaded: u64, chunks_total: u64) -> serde_json::Value {
    json!({
        "$id": id, "bucketId": "photos", "$createdAt": "2020-10-15T06:38:00.000+00:00",
        "$updatedAt": "2020-10-15T06:38:00.000+00:00", "$permissions": [], "name": "big.bin",
        "signature": "s", "mimeType": "application/octet-stream", "sizeOriginal": 1,
        "chunksTotal": chunks_total, "chunksUploaded": chunks_uploaded, "encryption": false, "compression": "none"
    })
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/storage/buckets/photos/files"))
        .respond_with(ResponseTemplate::new(201).set_body_json(file_json("file-1", 1, 1)))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder().endpoint(format!("{}/v1", server.uri())).project("p").key("k").build().unwrap()
}

/// The multipart parts of a body: (name, filename, content).
fn parts(content_type: &str, body: &[u8]) -> Vec<(String, Option<String>, Vec<u8>)> {
    let boundary = content_type.split("boundary=").nth(1).expect("boundary");
    let delimiter = format!("--{boundary}");
    let text = body;
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let header_end = find(rest, b"\r\n\r\n").expect("part headers");
        let headers = String::from_utf8_lossy(&rest[..header_end]).into_owned();
        let content_start = header_end + 4;
        let next = find(&rest[content_start..], delimiter.as_bytes()).expect("next delimiter");
        let content = rest[content_start..content_start + next - 2].to_vec();
        let name = headers.split("name=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default().to_owned();
        let filename = headers.split("filename=\"").nth(1).and_then(|s| s.split('"').next()).map(str::to_owned);
        out.push((name, filename, content));
        rest = &rest[content_start + next..];
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn a_small_file_is_one_multipart_request() {
    let server = server().await;
    let file = client(&server)
        .storage()
        .create_file(
            CreateFileParams::builder()
                .bucket_id("photos")
                .file_id("unique()")
                .file(InputFile::from_bytes(b"hello world".to_vec(), "hello.txt"))
                .permissions(["read(\"any\")", "write(\"users\")"]),
        )
        .await
        .unwrap();
    assert_eq!(file.id, "file-1");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert!(request.headers.get("content-range").is_none());
    assert!(request.headers.get("x-appwrite-id").is_none());
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap().to_owned();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let parts = parts(&content_type, &request.body);
    let summary: Vec<(&str, Option<&str>, &[u8])> =
        parts.iter().map(|(n, f, c)| (n.as_str(), f.as_deref(), c.as_slice())).collect();
    assert_eq!(
        summary,
        [
            ("fileId", None, b"unique()".as_slice()),
            ("permissions[]", None, b"read(\"any\")".as_slice()),
            ("permissions[]", None, b"write(\"users\")".as_slice()),
            ("file", Some("hello.txt"), b"hello world".as_slice()),
        ]
    );
}

#[tokio::test]
async fn a_large_file_is_sent_in_chunks_with_range_id_and_progress() {
    let server = MockServer::start().await;
    let size = 2 * CHUNK_SIZE + 12_345;
    // The first chunk creates the file; later chunks must name it.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(file_json("created-id", 1, 3)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(file_json("created-id", 3, 3)))
        .mount(&server)
        .await;
    let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    let dir = std::env::temp_dir().join(format!("appwrite-upload-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.bin");
    std::fs::write(&path, &bytes).unwrap();
    let mut progress: Vec<UploadProgress> = Vec::new();
    let file = client(&server)
        .storage()
        .create_file_with_progress(
            CreateFileParams::builder()
                .bucket_id("photos")
                .file_id("unique()")
                .file(InputFile::from_path(&path).unwrap()),
            |p| progress.push(p),
        )
        .await
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(file.chunks_uploaded, 3, "the result is the last chunk's response");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    let mut reassembled = Vec::new();
    for (i, request) in requests.iter().enumerate() {
        let start = i as u64 * CHUNK_SIZE;
        let end = (start + CHUNK_SIZE).min(size) - 1;
        let range = request.headers.get("content-range").unwrap().to_str().unwrap();
        assert_eq!(range, format!("bytes {start}-{end}/{size}"));
        let id = request.headers.get("x-appwrite-id").map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(id, (i > 0).then(|| "created-id".to_owned()), "chunk {i}");
        let content_type = request.headers.get("content-type").unwrap().to_str().unwrap().to_owned();
        let parts = parts(&content_type, &request.body);
        assert_eq!(parts[0].0, "fileId");
        let (name, filename, content) = &parts[1];
        assert_eq!((name.as_str(), filename.as_deref()), ("file", Some("big.bin")));
        assert_eq!(content.len() as u64, end - start + 1);
        reassembled.extend_from_slice(content);
    }
    assert_eq!(reassembled, bytes, "the chunks are the file, in order");

    let uploaded: Vec<u64> = progress.iter().map(|p| p.size_uploaded).collect();
    assert_eq!(uploaded, [CHUNK_SIZE, 2 * CHUNK_SIZE, size]);
    assert!(progress.iter().all(|p| p.chunks_total == 3));
    assert_eq!(progress.iter().map(|p| p.chunks_uploaded).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(progress.last().unwrap().progress, 100.0);
    assert!(progress.iter().all(|p| p.id.as_deref() == Some("created-id")));
}

#[tokio::test]
async fn an_unreadable_file_is_an_error_not_a_panic() {
    let server = server().await;
    let dir = std::env::temp_dir().join(format!("appwrite-upload-gone-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("gone.bin");
    std::fs::write(&path, b"soon gone").unwrap();
    let file = InputFile::from_path(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let err = client(&server)
        .storage()
        .create_file(CreateFileParams::builder().bucket_id("photos").file_id("x").file(file))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("gone.bin"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
