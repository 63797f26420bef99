//! Number formats, raw and text bodies, several and default success responses.

mod common;

use fixture_formats::Client;
use fixture_formats::models::{Numbers, StartJobResponse};
use fixture_formats::services::formats::{EchoNumbersParams, GetBlobParams, GetTextParams, PutBlobParams};
use serde_json::json;
use wiremock::ResponseTemplate;

fn client(endpoint: String) -> Client {
    Client::builder().endpoint(endpoint).build().unwrap()
}

#[tokio::test]
async fn number_formats_keep_their_range() {
    let max = json!({"small": 2147483647, "big": i64::MIN, "huge": u64::MAX, "ratio": 0.5, "precise": 1e300});
    let (out, sent) = common::exchange(common::json(201, max.clone()), |e| async move {
        let params = EchoNumbersParams::builder().huge(u64::MAX).big(-1).ratio(0.25).build();
        client(e).formats().echo_numbers(params).await
    })
    .await;
    assert_eq!(sent.body_json(), json!({"big": -1, "huge": u64::MAX, "ratio": 0.25}));
    let n: Numbers = out.unwrap();
    assert_eq!((n.small, n.big, n.huge, n.precise), (Some(2147483647), Some(i64::MIN), Some(u64::MAX), Some(1e300)));
}

#[tokio::test]
async fn binary_bodies_and_downloads_are_bytes() {
    let (out, sent) = common::exchange(ResponseTemplate::new(204), |e| async move {
        client(e).formats().put_blob(PutBlobParams::builder().name("a b").body(vec![0u8, 159, 255])).await
    })
    .await;
    out.unwrap();
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("PUT", "/blobs/a%20b"));
    assert_eq!(sent.header("content-type"), Some("application/octet-stream"));
    assert_eq!(sent.body, [0, 159, 255]);

    let (out, _) = common::exchange(ResponseTemplate::new(200).set_body_bytes(vec![1u8, 2, 3]), |e| async move {
        client(e).formats().get_blob(GetBlobParams::builder().name("a")).await
    })
    .await;
    assert_eq!(out.unwrap(), [1, 2, 3]);
}

#[tokio::test]
async fn text_optional_and_default_responses() {
    let (out, sent) = common::exchange(ResponseTemplate::new(200).set_body_string("héllo"), |e| async move {
        client(e).formats().get_text(GetTextParams::builder().limit(5).build()).await
    })
    .await;
    assert_eq!(out.unwrap(), "héllo");
    assert_eq!(sent.query.as_deref(), Some("limit=5"));

    let (out, _) =
        common::exchange(ResponseTemplate::new(204), |e| async move { client(e).formats().get_maybe().await }).await;
    assert_eq!(out.unwrap(), None);
    let (out, _) =
        common::exchange(
            common::json(200, json!({"small": 1})),
            |e| async move { client(e).formats().get_maybe().await },
        )
        .await;
    assert_eq!(out.unwrap().and_then(|n| n.small), Some(1));

    let (out, _) =
        common::exchange(
            common::json(200, json!({"big": 2})),
            |e| async move { client(e).formats().get_fallback().await },
        )
        .await;
    assert_eq!(out.unwrap().big, Some(2));
}

#[tokio::test]
async fn success_responses_of_different_types_are_a_union() {
    let (out, _) = common::exchange(common::json(202, json!({"ticket": "t-1"})), |e| async move {
        client(e).formats().start_job().await
    })
    .await;
    let StartJobResponse::StartJobResponse202(accepted) = out.unwrap() else { panic!("the 202 body") };
    assert_eq!(accepted.ticket, "t-1");
    let (out, _) =
        common::exchange(
            common::json(200, json!({"small": 3})),
            |e| async move { client(e).formats().start_job().await },
        )
        .await;
    assert!(matches!(out.unwrap(), StartJobResponse::Numbers(n) if n.small == Some(3)));
}
