//! Shared by the construct fixtures' tests (copied into each generated fixture crate as
//! `tests/common/mod.rs`): a mock server that answers once and records the request.
#![allow(dead_code, reason = "each fixture uses part of it")]

use std::future::Future;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The one request a call sent.
#[derive(Debug)]
pub struct Sent {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Sent {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn body_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", self.body_text()))
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Serve `reply` to anything, run `call` with the server's URL, return its output and the request.
pub async fn exchange<F, Fut, T>(reply: ResponseTemplate, call: F) -> (T, Sent)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = T>,
{
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(reply).mount(&server).await;
    let out = call(server.uri()).await;
    let mut requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1, "one request expected: {requests:#?}");
    let r = requests.remove(0);
    let sent = Sent {
        method: r.method.to_string(),
        path: r.url.path().to_owned(),
        query: r.url.query().map(str::to_owned),
        headers: r.headers.iter().map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("?").to_owned())).collect(),
        body: r.body,
    };
    (out, sent)
}

pub fn json(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}
