//! Security schemes are client settings; secrets never show in `Debug`.

mod common;

use fixture_auth::Client;
use fixture_auth::services::me::GetMeParams;
use wiremock::ResponseTemplate;

#[tokio::test]
async fn credentials_go_where_their_schemes_say() {
    let (out, sent) = common::exchange(ResponseTemplate::new(204), |e| async move {
        let builder = Client::builder()
            .endpoint(e)
            .api_key("k-secret")
            .query_token("q secret")
            .tracking("c-secret")
            .bearer_auth("b-secret");
        let shown = format!("{builder:?}");
        for secret in ["k-secret", "q secret", "c-secret", "b-secret"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        builder.build().unwrap().me().get_me(GetMeParams::builder().session("s").build()).await
    })
    .await;
    out.unwrap();
    assert_eq!(sent.header("x-api-key"), Some("k-secret"));
    assert_eq!(sent.query.as_deref(), Some("token=q+secret"));
    assert_eq!(sent.header("authorization"), Some("Bearer b-secret"));
    // The client's cookie and the request's cookie parameter, together.
    assert_eq!(sent.header("cookie"), Some("tracker=c-secret; session=s"));

    let (out, sent) = common::exchange(ResponseTemplate::new(204), |e| async move {
        let client = Client::builder().endpoint(e).basic_auth("user", "pass").build().unwrap();
        client.me().get_me(GetMeParams::builder().build()).await
    })
    .await;
    out.unwrap();
    assert_eq!(sent.header("authorization"), Some("Basic dXNlcjpwYXNz"));
    assert_eq!(sent.header("cookie"), None);
}
