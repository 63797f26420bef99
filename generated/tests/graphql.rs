//! The GraphQL service against node-appwrite 23.1.0: every request of
//! `tests/fixtures/node-appwrite-graphql.json` (recorded by `node-appwrite/graphql.mjs`) is sent
//! again with the Rust method of the same name, in both call styles, and compared: verb, path,
//! the `content-type` and `x-sdk-graphql` headers (with which the server reads the body's
//! `query`), and the body. The spec declares no body for these operations; the generator adds
//! node-appwrite's `query` parameter.
//!
//! Bodies are compared as JSON: the key order inside the caller's GraphQL request is that of the
//! `serde_json::Value` the caller builds (sorted, without serde_json's `preserve_order`), which
//! neither GraphQL nor the server reads.
#![cfg(feature = "graphql")]

mod common;

use appwrite_server_sdk::services::graphql::{MutationParams, QueryParams};
use common::{ClientKind, Reply, exchange};
use serde_json::{Value, json};

const FIXTURE: &str = include_str!("fixtures/node-appwrite-graphql.json");

fn entries() -> Vec<Value> {
    let entries: Vec<Value> = serde_json::from_str(FIXTURE).expect("the GraphQL fixture is JSON");
    let names: Vec<&str> = entries.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"query") && names.contains(&"mutation"), "{names:?}");
    assert!(entries.iter().any(|e| e["args"]["query"].is_array()), "the fixture has a batch");
    entries
}

/// What the server answers: a GraphQL result.
fn reply() -> Reply {
    Reply::Json(200, json!({ "data": { "usersList": { "total": 1 } } }))
}

#[tokio::test]
async fn both_styles_send_what_node_appwrite_sent() {
    let mut compared = 0;
    for entry in entries() {
        let name = entry["name"].as_str().unwrap().to_owned();
        let query = entry["args"]["query"].clone();
        let node = &entry["request"];
        for positional in [false, true] {
            let call = format!("graphql.{name} ({})", if positional { "positional" } else { "object" });
            let (query, name) = (query.clone(), name.clone());
            #[allow(deprecated, reason = "the positional variants are compared too")]
            let (out, sent) = exchange(ClientKind::Default, &reply(), |client| async move {
                let graphql = client.graphql();
                match (name.as_str(), positional) {
                    ("query", false) => graphql.query(QueryParams::builder().query(query)).await,
                    ("query", true) => graphql.query_positional(query).await,
                    ("mutation", false) => graphql.mutation(MutationParams::builder().query(query)).await,
                    ("mutation", true) => graphql.mutation_positional(query).await,
                    (other, _) => panic!("no Rust method for node-appwrite's graphql.{other}"),
                }
            })
            .await;
            let out = serde_json::to_value(out.unwrap_or_else(|e| panic!("{call}: {e}"))).unwrap();
            assert_eq!(out, reply().expected_output(), "{call}: the result");
            assert_eq!(sent.method, node["method"].as_str().unwrap(), "{call}: verb");
            assert_eq!(sent.path, node["path"].as_str().unwrap(), "{call}: path");
            for header in ["content-type", "x-sdk-graphql"] {
                assert_eq!(sent.header(header), node["headers"][header].as_str(), "{call}: header {header}");
            }
            let node_body: Value = serde_json::from_str(node["body"].as_str().unwrap()).unwrap();
            let body: Value = serde_json::from_slice(&sent.body).unwrap();
            assert_eq!(body, node_body, "{call}: body");
            compared += 1;
        }
    }
    assert_eq!(compared, 8);
}

#[tokio::test]
async fn the_typed_variant_decodes_the_result_into_the_callers_type() {
    #[derive(Debug, serde::Deserialize, serde::Serialize, PartialEq)]
    struct Total {
        total: u32,
    }
    #[derive(Debug, serde::Deserialize, serde::Serialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        users_list: Total,
    }
    #[derive(Debug, serde::Deserialize, serde::Serialize, PartialEq)]
    struct Answer {
        data: Data,
    }
    let (out, sent) = exchange(ClientKind::Default, &reply(), |client| async move {
        let request = json!({ "query": "query { usersList { total } }" });
        client.graphql().query_as::<Answer>(QueryParams::builder().query(request)).await
    })
    .await;
    assert_eq!(out.unwrap(), Answer { data: Data { users_list: Total { total: 1 } } });
    assert_eq!(sent.header("x-sdk-graphql"), Some("true"));
}
