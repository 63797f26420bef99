//! Typed rows and preferences as a downstream crate writes them: `Song` in, `Song` out, checked
//! by the compiler; the mock checks every request body byte for byte and answers as Appwrite does.

use appwrite_server_sdk::models::{Row, RowList, User};
use appwrite_server_sdk::services::account::UpdatePrefsParams;
use appwrite_server_sdk::services::tables_db::{CreateRowParams, GetRowParams, ListRowsParams, UpdateRowParams};
use appwrite_server_sdk::{Client, Permission, Query, Role};
use downstream::{Prefs, Song, SongUpdate};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AT: &str = "2020-10-15T06:38:00.000+00:00";
const ROWS: &str = "/v1/tablesdb/music/tables/songs/rows";

fn client(server: &MockServer) -> Client {
    Client::builder().endpoint(format!("{}/v1", server.uri())).project("p").key("k").build().unwrap()
}

/// A row as the server sends it: system fields and the columns.
fn row_json(id: &str, columns: Value) -> Value {
    let mut row = json!({
        "$id": id,
        "$sequence": "1",
        "$tableId": "songs",
        "$databaseId": "music",
        "$createdAt": AT,
        "$updatedAt": AT,
        "$permissions": ["read(\"any\")"],
    });
    row.as_object_mut().unwrap().extend(columns.as_object().unwrap().clone());
    row
}

fn user_json(prefs: Value) -> Value {
    json!({
        "$id": "u1", "$createdAt": AT, "$updatedAt": AT, "name": "Ann", "registration": AT, "status": true,
        "labels": [], "passwordUpdate": AT, "email": "ann@example.com", "phone": "", "emailVerification": true,
        "phoneVerification": false, "mfa": false, "prefs": prefs, "targets": [], "accessedAt": AT,
    })
}

/// The single request the server received: method, path and query, body.
async fn only_request(server: &MockServer) -> (String, String, String) {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "one request");
    let r = &requests[0];
    let target = match r.url.query() {
        Some(q) => format!("{}?{q}", r.url.path()),
        None => r.url.path().to_owned(),
    };
    (r.method.to_string(), target, String::from_utf8(r.body.clone()).unwrap())
}

async fn serve(verb: &str, route: &str, status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn create_row_sends_the_song_and_returns_it() {
    let server = serve("POST", ROWS, 201, row_json("s1", json!({"title": "Intro", "plays": 0}))).await;
    let song = Song { title: "Intro".into(), plays: 0 };
    let row: Row<Song> = client(&server)
        .tables_db()
        .create_row_as(
            CreateRowParams::builder()
                .database_id("music")
                .table_id("songs")
                .row_id("s1")
                .data(&song)
                .permissions([Permission::read(Role::any())]),
        )
        .await
        .unwrap();
    assert_eq!(row.data, song);
    assert_eq!((row.id.as_str(), row.table_id.as_str()), ("s1", "songs"));
    let (verb, target, body) = only_request(&server).await;
    assert_eq!((verb.as_str(), target.as_str()), ("POST", ROWS));
    assert_eq!(body, r#"{"rowId":"s1","data":{"title":"Intro","plays":0},"permissions":["read(\"any\")"]}"#);
}

#[tokio::test]
async fn get_row_returns_the_song_and_the_untyped_call_a_map() {
    let server = serve("GET", &format!("{ROWS}/s1"), 200, row_json("s1", json!({"title": "Intro", "plays": 7}))).await;
    let tables = client(&server).tables_db();
    let params = || GetRowParams::builder().database_id("music").table_id("songs").row_id("s1");
    let typed = tables.get_row_as::<Song>(params()).await.unwrap();
    assert_eq!(typed.data, Song { title: "Intro".into(), plays: 7 });
    // The untyped call is as short as before and keeps the columns in a map.
    let untyped = tables.get_row(params()).await.unwrap();
    assert_eq!(untyped.data.get("plays"), Some(&json!(7)));
    assert_eq!(untyped.id, typed.id);
    // A column of the wrong type is a decode error, not a panic.
    let bad = serve("GET", &format!("{ROWS}/s1"), 200, row_json("s1", json!({"title": "Intro", "plays": "x"}))).await;
    let err = client(&bad).tables_db().get_row_as::<Song>(params()).await.unwrap_err();
    assert!(matches!(err, appwrite_server_sdk::Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn list_rows_returns_songs() {
    let rows = json!({"total": 2, "rows": [
        row_json("s1", json!({"title": "Intro", "plays": 7})),
        row_json("s2", json!({"title": "Outro", "plays": 3})),
    ]});
    let server = serve("GET", ROWS, 200, rows).await;
    let list: RowList<Song> = client(&server)
        .tables_db()
        .list_rows_as(
            ListRowsParams::builder().database_id("music").table_id("songs").queries([Query::greater_than("plays", 2)]),
        )
        .await
        .unwrap();
    let titles: Vec<&str> = list.rows.iter().map(|r| r.data.title.as_str()).collect();
    assert_eq!((list.total, titles), (2, vec!["Intro", "Outro"]));
    let (verb, target, body) = only_request(&server).await;
    assert_eq!(verb, "GET");
    assert_eq!(
        target,
        format!(
            "{ROWS}?queries%5B0%5D=%7B%22method%22%3A%22greaterThan%22%2C%22attribute%22%3A%22plays%22%2C%22values%22%3A%5B2%5D%7D"
        )
    );
    assert_eq!(body, "");
}

#[tokio::test]
async fn update_row_sends_only_the_changed_columns() {
    let server =
        serve("PATCH", &format!("{ROWS}/s1"), 200, row_json("s1", json!({"title": "Intro", "plays": 8}))).await;
    let row = client(&server)
        .tables_db()
        .update_row_as::<Song>(
            UpdateRowParams::builder()
                .database_id("music")
                .table_id("songs")
                .row_id("s1")
                .data(SongUpdate { plays: Some(8), ..Default::default() }),
        )
        .await
        .unwrap();
    assert_eq!(row.data.plays, 8);
    let (verb, _, body) = only_request(&server).await;
    assert_eq!((verb.as_str(), body.as_str()), ("PATCH", r#"{"data":{"plays":8}}"#));
}

#[tokio::test]
async fn every_song_of_a_table_as_a_stream() {
    let server = MockServer::start().await;
    // Two full pages of two, then a short one; the mock answers by the cursor it is sent.
    for (cursor, ids) in [(None, ["s1", "s2"].as_slice()), (Some("s2"), &["s3", "s4"]), (Some("s4"), &["s5"])] {
        let rows: Vec<Value> = ids.iter().map(|id| row_json(id, json!({"title": id, "plays": 1}))).collect();
        let mock = Mock::given(method("GET")).and(path(ROWS));
        let mock = match cursor {
            Some(id) => mock.and(wiremock::matchers::query_param("queries[1]", String::from(Query::cursor_after(id)))),
            None => mock.and(QueryParamAbsent("queries[1]")),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 0, "rows": rows})))
            .mount(&server)
            .await;
    }
    let mut songs = client(&server)
        .tables_db()
        .list_rows_stream_as::<Song>(ListRowsParams::builder().database_id("music").table_id("songs"))
        .page_size(2);
    let mut titles = Vec::new();
    while let Some(row) = songs.try_next().await.unwrap() {
        titles.push(row.data.title);
    }
    assert_eq!(titles, ["s1", "s2", "s3", "s4", "s5"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

/// Matches requests without the query parameter it names.
struct QueryParamAbsent(&'static str);

impl wiremock::Match for QueryParamAbsent {
    fn matches(&self, request: &wiremock::Request) -> bool {
        !request.url.query_pairs().any(|(k, _)| k == self.0)
    }
}

#[tokio::test]
async fn account_prefs_are_the_apps_type() {
    let prefs = Prefs { theme: "dark".into(), newsletter: true };
    let server = serve("GET", "/v1/account", 200, user_json(json!({"theme": "dark", "newsletter": true}))).await;
    let user: User<Prefs> = client(&server).account().get_as().await.unwrap();
    assert_eq!((user.name.as_str(), &user.prefs), ("Ann", &prefs));

    let server =
        serve("PATCH", "/v1/account/prefs", 200, user_json(json!({"theme": "light", "newsletter": false}))).await;
    let new = Prefs { theme: "light".into(), newsletter: false };
    let user =
        client(&server).account().update_prefs_as::<Prefs>(UpdatePrefsParams::builder().prefs(&new)).await.unwrap();
    assert_eq!(user.prefs, new);
    let (verb, target, body) = only_request(&server).await;
    assert_eq!((verb.as_str(), target.as_str()), ("PATCH", "/v1/account/prefs"));
    assert_eq!(body, r#"{"prefs":{"theme":"light","newsletter":false}}"#);
}

#[tokio::test]
async fn data_that_is_not_json_fails_before_sending() {
    let server = serve("POST", ROWS, 201, json!({})).await;
    let not_json = std::collections::BTreeMap::from([((1, 2), "a")]);
    let err = client(&server)
        .tables_db()
        .create_row(CreateRowParams::builder().database_id("music").table_id("songs").row_id("s1").data(not_json))
        .await
        .unwrap_err();
    assert!(matches!(&err, appwrite_server_sdk::Error::Encode(m) if m.contains("data")), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
