//! Older Appwrite lines: `deprecated: false` and `null` are not deprecations, `true` and an
//! object are; an upload of a line whose server does not assemble chunks (0.12) goes in one
//! multipart request, however large; an unmarked file is found by its `null` example, or, where
//! every text field has one (an identifier such as `fileId` included), by its description; a
//! download not marked `type: location` (0.13.0's `getFilePreview`) still returns its bytes.
#![deny(deprecated)]

mod common;

use common::{exchange, json};
use fixture_lines::services::account::UpdateNameParams;
use fixture_lines::services::functions::CreateTagParams;
use fixture_lines::services::storage::{CreateFileParams, GetFilePreviewParams};
use fixture_lines::{Client, InputFile};

fn client(endpoint: String) -> Client {
    Client::builder().endpoint(endpoint).build().unwrap()
}

fn user() -> wiremock::ResponseTemplate {
    json(200, serde_json::json!({ "$id": "u1", "name": "Ann" }))
}

#[tokio::test]
async fn false_and_null_are_not_deprecations_true_and_an_object_are() {
    // `deprecated: false` and `deprecated: null`: callable under `deny(deprecated)`.
    let (got, sent) = exchange(user(), |e| async move { client(e).account().get().await }).await;
    assert_eq!(got.unwrap().name, "Ann");
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("GET", "/account"));
    let (got, sent) =
        exchange(
            user(),
            |e| async move { client(e).account().update_name(UpdateNameParams::builder().name("Bob")).await },
        )
        .await;
    got.unwrap();
    assert_eq!(sent.body_json(), serde_json::json!({ "name": "Bob" }));
    // `deprecated: true` and `{since, replaceWith}`: `expect` fails the build if they are not.
    let (got, sent) = exchange(wiremock::ResponseTemplate::new(204), |e| async move {
        #[expect(deprecated, reason = "`deprecated: true` in the spec")]
        client(e).account().delete_sessions().await
    })
    .await;
    got.unwrap();
    assert_eq!(sent.method, "DELETE");
    let (got, _) = exchange(user(), |e| async move {
        #[expect(deprecated, reason = "`deprecated: {since, replaceWith}` in the spec")]
        client(e).account().update_status().await
    })
    .await;
    got.unwrap();
}

#[tokio::test]
async fn a_0_12_upload_is_one_multipart_request_however_large() {
    // Larger than a chunk: a chunked upload would send two requests (`exchange` allows one).
    let big = vec![b'x'; 6 * 1024 * 1024];
    let reply = json(201, serde_json::json!({ "$id": "f1", "name": "big.bin", "sizeOriginal": big.len() }));
    let (got, sent) = exchange(reply, |e| async move {
        let params = CreateFileParams::builder()
            .file_id("unique()")
            .file(InputFile::from_bytes(big, "big.bin"))
            .read(["role:all"]);
        client(e).storage().create_file(params).await
    })
    .await;
    assert_eq!(got.unwrap().size_original, 6 * 1024 * 1024);
    assert_eq!(sent.header("content-range"), None);
    assert!(sent.header("content-type").unwrap().starts_with("multipart/form-data; boundary="));
    let body = sent.body_text();
    // `fileId` has a `null` example and a description that says "File" too: it is text.
    assert!(body.contains("name=\"fileId\"\r\n\r\nunique()\r\n"), "{}", &body[..300]);
    assert!(body.contains("name=\"file\"; filename=\"big.bin\""), "{}", &body[..300]);
    assert!(body.contains("name=\"read[]\"\r\n\r\nrole:all"), "{}", &body[body.len() - 300..]);
    assert!(sent.body.len() > 6 * 1024 * 1024);
}

#[tokio::test]
async fn where_every_text_field_has_a_null_example_the_file_is_the_one_described_as_a_file() {
    let reply = json(201, serde_json::json!({ "$id": "t1", "command": "node index.js", "size": 4 }));
    let (got, sent) = exchange(reply, |e| async move {
        let params = CreateTagParams::builder()
            .function_id("f1")
            .command("node index.js")
            .code(InputFile::from_bytes(*b"gzip", "code.tar.gz"));
        client(e).functions().create_tag(params).await
    })
    .await;
    assert_eq!(got.unwrap().command, "node index.js");
    assert_eq!(sent.path, "/functions/f1/tags");
    let body = sent.body_text();
    assert!(body.contains("name=\"command\"\r\n\r\nnode index.js\r\n"), "{body}");
    assert!(body.contains("name=\"code\"; filename=\"code.tar.gz\""), "{body}");
    assert!(body.contains("\r\n\r\ngzip\r\n"), "{body}");
}

#[tokio::test]
async fn a_download_not_marked_as_one_returns_its_bytes() {
    let png = vec![0x89, b'P', b'N', b'G', 0, 255];
    let reply = wiremock::ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png");
    let (got, sent) = exchange(reply, |e| async move {
        client(e).storage().get_file_preview(GetFilePreviewParams::builder().file_id("f1").width(64)).await
    })
    .await;
    assert_eq!(got.unwrap(), png);
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("GET", "/storage/files/f1/preview"));
    assert_eq!(sent.query.as_deref(), Some("width=64"));
}
