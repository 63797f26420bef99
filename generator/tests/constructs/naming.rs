//! Names from operationId and routes; the default service.
#![allow(deprecated, reason = "the positional variants are called too")]

mod common;

use fixture_naming::Client;
use fixture_naming::services::api::DeleteHealthIdParams;
use wiremock::ResponseTemplate;

fn client(endpoint: String) -> Client {
    Client::builder().endpoint(endpoint).build().unwrap()
}

#[tokio::test]
async fn operation_ids_without_their_tag_name_the_methods() {
    let (out, sent) = common::exchange(common::json(200, serde_json::json!(["a", "b"])), |e| async move {
        client(e).widgets().list().await
    })
    .await;
    assert_eq!(out.unwrap(), ["a", "b"]);
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("GET", "/widgets"));

    // `x-appwrite` without `method`: the operationId.
    let (out, sent) =
        common::exchange(ResponseTemplate::new(204), |e| async move { client(e).widgets().create_widget().await })
            .await;
    out.unwrap();
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", "/widgets"));
}

#[tokio::test]
async fn untagged_operations_are_in_the_default_service() {
    let (out, sent) = common::exchange(ResponseTemplate::new(200).set_body_string("pong"), |e| async move {
        client(e).api().ping().await
    })
    .await;
    assert_eq!(out.unwrap(), "pong");
    assert_eq!(sent.path, "/ping");

    // No operationId: named after the route.
    let (out, sent) = common::exchange(ResponseTemplate::new(204), |e| async move {
        client(e).api().delete_health_id(DeleteHealthIdParams::builder().id("x/y")).await
    })
    .await;
    out.unwrap();
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("DELETE", "/health/x%2Fy"));
    let (out, _) = common::exchange(ResponseTemplate::new(204), |e| async move {
        client(e).api().delete_health_id_positional("z").await
    })
    .await;
    out.unwrap();
}
