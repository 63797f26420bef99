//! The stream companions of list methods on the wire: which queries each page's request sends
//! (the caller's, then the page size, then where the page starts), when the walk stops, and
//! that an error ends it. The mock serves a list of numbered items, paging by the queries it
//! receives, as Appwrite does.

mod common;

use appwrite_server_sdk::Query;
use appwrite_server_sdk::services::account::{ListIdentitiesParams, ListLogsParams};
use common::{ClientKind, Model};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Serves `total` items of a list, `key` naming the list's field, from the `limit`,
/// `cursorAfter` and `offset` queries; answers 500 to the request number `fail_at` (from 0).
struct Pager {
    total: usize,
    key: &'static str,
    item: fn(usize) -> Value,
    fail_at: Option<usize>,
    served: std::sync::atomic::AtomicUsize,
}

impl Respond for Pager {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let n = self.served.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if self.fail_at == Some(n) {
            return ResponseTemplate::new(500)
                .set_body_json(json!({"message": "boom", "code": 500, "type": "general_unknown", "version": "1.9.3"}));
        }
        let (mut start, mut limit) = (0, 25);
        for (key, value) in request.url.query_pairs() {
            if !key.starts_with("queries[") {
                continue;
            }
            let query: Value = serde_json::from_str(&value).expect("a query is JSON");
            let first = &query["values"][0];
            match query["method"].as_str().unwrap() {
                "limit" => limit = first.as_u64().unwrap() as usize,
                "offset" => start = first.as_u64().unwrap() as usize,
                "cursorAfter" => {
                    let id = first.as_str().unwrap();
                    start = id.strip_prefix("item-").unwrap().parse::<usize>().unwrap() + 1;
                }
                _ => {}
            }
        }
        let items: Vec<Value> = (start..self.total.min(start + limit)).map(self.item).collect();
        ResponseTemplate::new(200).set_body_json(json!({"total": 0, self.key: items}))
    }
}

fn identity(n: usize) -> Value {
    let mut item = common::model_json(Model::Identity);
    item["$id"] = json!(format!("item-{n}"));
    item
}

fn log(n: usize) -> Value {
    let mut item = common::model_json(Model::Log);
    item["event"] = json!(format!("event-{n}"));
    item
}

async fn serve(route: &str, pager: Pager) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path(route)).respond_with(pager).mount(&server).await;
    server
}

fn pager(total: usize, key: &'static str, item: fn(usize) -> Value, fail_at: Option<usize>) -> Pager {
    Pager { total, key, item, fail_at, served: Default::default() }
}

/// The raw query strings the server received, in order.
async fn queries_sent(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.expect("requests are recorded");
    requests.iter().map(|r| r.url.query().unwrap_or_default().to_owned()).collect()
}

/// `queries[0]=…&queries[1]=…` then `rest`, form-encoded as the SDK sends them.
fn expected_query(queries: &[Query], rest: &str) -> String {
    let mut parts: Vec<String> = queries
        .iter()
        .enumerate()
        .map(|(i, q)| format!("queries%5B{i}%5D={}", common::form_encode(&String::from(q.clone()))))
        .collect();
    if !rest.is_empty() {
        parts.push(rest.to_owned());
    }
    parts.join("&")
}

#[tokio::test]
async fn a_cursor_walk_sends_the_callers_queries_the_page_size_and_the_last_id() {
    let server = serve("/v1/account/identities", pager(5, "identities", identity, None)).await;
    let client = common::client(ClientKind::Default, &format!("{}/v1", server.uri()));
    let github = Query::equal("provider", "github");
    let mut items =
        client.account().list_identities_stream(ListIdentitiesParams::builder().queries([github.clone()])).page_size(2);
    let mut ids = Vec::new();
    while let Some(identity) = items.try_next().await.expect("every page is served") {
        ids.push(identity.id);
    }
    assert_eq!(ids, ["item-0", "item-1", "item-2", "item-3", "item-4"]);
    let limit = Query::limit(2);
    assert_eq!(
        queries_sent(&server).await,
        [
            expected_query(&[github.clone(), limit.clone()], "total=false"),
            expected_query(&[github.clone(), limit.clone(), Query::cursor_after("item-1")], "total=false"),
            expected_query(&[github, limit, Query::cursor_after("item-3")], "total=false"),
        ]
    );
}

#[tokio::test]
async fn items_without_an_id_are_walked_by_offset_until_an_empty_page() {
    let server = serve("/v1/account/logs", pager(4, "logs", log, None)).await;
    let client = common::client(ClientKind::Default, &format!("{}/v1", server.uri()));
    // The caller's own limit is the page size (sent once), and `total` as the caller set it.
    let mut logs = client.account().list_logs_stream(ListLogsParams::builder().queries([Query::limit(2)]).total(true));
    let mut events = Vec::new();
    while let Some(log) = logs.try_next().await.expect("every page is served") {
        events.push(log.event);
    }
    assert_eq!(events, ["event-0", "event-1", "event-2", "event-3"]);
    let limit = Query::limit(2);
    assert_eq!(
        queries_sent(&server).await,
        [
            expected_query(std::slice::from_ref(&limit), "total=true"),
            expected_query(&[limit.clone(), Query::offset(2)], "total=true"),
            expected_query(&[limit, Query::offset(4)], "total=true"),
        ]
    );
}

#[tokio::test]
async fn an_error_is_yielded_and_ends_the_stream() {
    let server = serve("/v1/account/identities", pager(10, "identities", identity, Some(1))).await;
    let client = common::client(ClientKind::Default, &format!("{}/v1", server.uri()));
    let mut items = client.account().list_identities_stream(ListIdentitiesParams::builder()).page_size(3);
    for _ in 0..3 {
        assert!(items.try_next().await.expect("the first page is served").is_some());
    }
    match items.try_next().await {
        Err(appwrite_server_sdk::Error::Api { status: 500, .. }) => {}
        other => panic!("expected the server's error, got {other:?}"),
    }
    assert!(items.try_next().await.expect("nothing after the error").is_none());
    assert_eq!(queries_sent(&server).await.len(), 2);
}

#[tokio::test]
async fn pages_are_the_same_walk_one_page_at_a_time() {
    let server = serve("/v1/account/identities", pager(250, "identities", identity, None)).await;
    let client = common::client(ClientKind::Default, &format!("{}/v1", server.uri()));
    let mut pages = client.account().list_identities_stream(ListIdentitiesParams::builder()).pages();
    let mut sizes = Vec::new();
    while let Some(page) = pages.try_next().await.expect("every page is served") {
        sizes.push(page.identities.len());
    }
    // The default page size; the third page is short, so it is the last.
    assert_eq!(sizes, [100, 100, 50]);
    assert_eq!(queries_sent(&server).await.len(), 3);
}
