//! A JSON spec without components; its server's variables give the documented endpoint.

mod common;

use fixture_bare::Client;
use serde_json::json;

#[tokio::test]
async fn a_spec_without_components_generates_a_working_client() {
    let (out, sent) = common::exchange(common::json(200, json!({"ok": true})), |e| async move {
        Client::builder().endpoint(e).build().unwrap().api().get_status().await
    })
    .await;
    assert_eq!(out.unwrap().ok, Some(true));
    assert_eq!(sent.path, "/status");
    // Not an Appwrite spec: no Appwrite response-format header.
    assert_eq!(sent.header("x-appwrite-response-format"), None);
}
