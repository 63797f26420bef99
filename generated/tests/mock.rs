//! The `mock` feature's typed test doubles, used as a crate that depends on the SDK would use
//! them: typed answers, several pages for a stream, a chunked upload, a download, Appwrite
//! errors (404, 429, with and without a retry policy), a delay, a transport failure, and the
//! messages a test gets when its expectations are not met.

#![cfg(all(feature = "mock", feature = "account", feature = "tables_db", feature = "storage"))]

use std::time::Duration;

use appwrite_server_sdk::mock::{Mock, MockResponse};
use appwrite_server_sdk::models::{File, Row, RowList, User};
use appwrite_server_sdk::services::account::{CreateParams, UpdatePrefsParams};
use appwrite_server_sdk::services::storage::{CreateFileParams, GetFileDownloadParams};
use appwrite_server_sdk::services::tables_db::{CreateRowParams, GetRowParams, ListRowsParams};
use appwrite_server_sdk::{CHUNK_SIZE, Client, Error, InputFile, Query, RetryPolicy, TransportErrorKind};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Prefs {
    theme: String,
    beta: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Song {
    title: String,
    plays: u32,
}

fn user(name: &str, prefs: Prefs) -> User<Prefs> {
    let mut user = User::default();
    user.id = format!("{}-id", name.to_lowercase());
    user.name = name.to_owned();
    user.email = format!("{}@example.com", name.to_lowercase());
    user.prefs = prefs;
    user
}

fn row(id: &str, title: &str, plays: u32) -> Row<Song> {
    let mut row = Row::default();
    row.id = id.to_owned();
    row.table_id = "songs".to_owned();
    row.data = Song { title: title.to_owned(), plays };
    row
}

fn page(rows: Vec<Row<Song>>) -> RowList<Song> {
    let mut page = RowList::default();
    page.total = 5;
    page.rows = rows;
    page
}

/// Code under test: signs a user up and reads their preferences back.
async fn sign_up(client: &Client, email: &str) -> appwrite_server_sdk::Result<Prefs> {
    let params = CreateParams::builder().user_id("ann").email(email).password("correct horse battery");
    client.account().create_as::<Prefs>(params).await?;
    Ok(client.account().get_as::<Prefs>().await?.prefs)
}

#[tokio::test]
async fn account_create_then_get_with_typed_prefs() {
    let mock = Mock::new();
    let prefs = Prefs { theme: "dark".to_owned(), beta: true };
    mock.account()
        .create_as::<Prefs>()
        .with(CreateParams::builder().user_id("ann").email("ann@example.com").password("correct horse battery"))
        .times(1)
        .returns(user("Ann", Prefs::default()));
    mock.account().get_as::<Prefs>().times(1).returns(user("Ann", prefs.clone()));

    let got = sign_up(&mock.client(), "ann@example.com").await.expect("sign up");
    assert_eq!(got, prefs);

    // What went over the (mocked) wire is what the server would have received.
    let received = mock.received();
    assert_eq!(received.len(), 2);
    assert_eq!((received[0].method(), received[0].path()), ("POST", "/account"));
    let body: serde_json::Value = received[0].json().expect("a JSON body");
    assert_eq!(
        body,
        serde_json::json!({"userId": "ann", "email": "ann@example.com", "password": "correct horse battery"})
    );
    assert_eq!((received[1].method(), received[1].path()), ("GET", "/account"));
    mock.verify();
}

#[tokio::test]
async fn typed_parameters_are_sent_as_json() {
    let mock = Mock::new();
    let prefs = Prefs { theme: "light".to_owned(), beta: false };
    mock.account()
        .update_prefs_as::<Prefs>()
        .with(UpdatePrefsParams::builder().prefs(&prefs))
        .returns(user("Ann", prefs.clone()));
    let updated = mock
        .client()
        .account()
        .update_prefs_as::<Prefs>(UpdatePrefsParams::builder().prefs(&prefs))
        .await
        .expect("update");
    assert_eq!(updated.prefs, prefs);
}

#[tokio::test]
async fn a_call_with_other_parameters_does_not_match() {
    let mock = Mock::new();
    mock.account()
        .create()
        .with(CreateParams::builder().user_id("ann").email("ann@example.com").password("correct horse battery"))
        .returns(User::default());

    let error = sign_up(&mock.client(), "bob@example.com").await.expect_err("the email differs");
    let Error::Transport(transport) = &error else { panic!("expected a transport error, got {error:?}") };
    assert_eq!(transport.kind(), TransportErrorKind::Other);
    assert!(
        transport.message().contains(r#"body field `email`: expected "ann@example.com", got "bob@example.com""#),
        "{}",
        transport.message()
    );

    let failures = mock.check().expect_err("the expectation got no call").failures().to_vec();
    assert_eq!(failures.len(), 2, "{failures:#?}");
    assert!(failures[0].starts_with("expected at least 1 call to `account().create` (declared at "), "{}", failures[0]);
    assert!(failures[0].ends_with(", got 0"), "{}", failures[0]);
    assert!(
        failures[1].starts_with("unexpected call POST /account: `account().create` (declared at "),
        "{}",
        failures[1]
    );
    assert!(failures[1].contains("does not match: body field `email`"), "{}", failures[1]);
}

#[tokio::test]
async fn verification_names_the_method_its_declaration_and_the_count() {
    let mock = Mock::new();
    let line = line!() + 1;
    mock.tables_db().create_row().times(1).returns(Row::default());
    mock.tables_db().get_row().times(2).returns(Row::default());
    let client = mock.client();
    let get = || GetRowParams::builder().database_id("music").table_id("songs").row_id("r1");
    client.tables_db().get_row(get()).await.expect("first get");

    let error = mock.check().expect_err("counts are off");
    assert_eq!(
        error.failures(),
        [
            format!("expected 1 call to `tables_db().create_row` (declared at {}:{line}:22), got 0", file!()),
            format!("expected 2 calls to `tables_db().get_row` (declared at {}:{}:22), got 1", file!(), line + 1),
        ]
    );
    // The text a failing test shows (`verify` panics with it).
    let shown = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| mock.verify()))
        .expect_err("verify panics")
        .downcast::<String>()
        .expect("a message");
    assert!(
        shown.starts_with("the mock's expectations were not met:\n  - expected 1 call to `tables_db().create_row`")
    );
}

#[tokio::test]
async fn a_call_nothing_expects_fails_and_is_reported() {
    let mock = Mock::new();
    let error = mock.client().account().get().await.expect_err("nothing expects it");
    assert!(error.to_string().contains("unexpected call GET /account: no expectation of this method was declared"));
    let error = mock.check().expect_err("reported");
    assert_eq!(error.failures(), ["unexpected call GET /account: no expectation of this method was declared"]);
}

#[tokio::test]
async fn list_rows_stream_walks_three_pages() {
    let mock = Mock::new();
    mock.tables_db()
        .list_rows_as::<Song>()
        .matching(|r| r.path() == "/tablesdb/music/tables/songs/rows")
        .times(3)
        .returns(page(vec![row("r1", "Intro", 3), row("r2", "Verse", 5)]))
        .returns(page(vec![row("r3", "Chorus", 8), row("r4", "Bridge", 1)]))
        .returns(page(vec![row("r5", "Outro", 2)]));

    let client = mock.client();
    let params = ListRowsParams::builder().database_id("music").table_id("songs").queries([Query::limit(2)]);
    let mut items = client.tables_db().list_rows_stream_as::<Song>(params);
    let mut songs: Vec<Song> = Vec::new();
    while let Some(row) = items.try_next().await.expect("a page") {
        songs.push(row.data);
    }
    let titles: Vec<&str> = songs.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Intro", "Verse", "Chorus", "Bridge", "Outro"]);

    // Each page after the first starts after the last row of the one before.
    let cursors: Vec<Option<String>> = mock
        .received()
        .iter()
        .map(|r| r.query_pairs().iter().find(|(_, v)| v.contains("cursorAfter")).map(|(_, v)| v.clone()))
        .collect();
    assert_eq!(cursors[0], None);
    assert!(cursors[1].as_deref().is_some_and(|q| q.contains("\"r2\"")), "{cursors:?}");
    assert!(cursors[2].as_deref().is_some_and(|q| q.contains("\"r4\"")), "{cursors:?}");
    mock.verify();
}

#[tokio::test]
async fn a_chunked_upload_is_answered_chunk_by_chunk() {
    let size = CHUNK_SIZE as usize * 2 + 1000;
    let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    let params = || {
        CreateFileParams::builder()
            .bucket_id("photos")
            .file_id("holiday")
            .file(InputFile::from_bytes(bytes.clone(), "holiday.jpg"))
    };
    let mut file = File::default();
    file.id = "holiday".to_owned();
    file.bucket_id = "photos".to_owned();
    file.size_original = size as i64;
    file.chunks_total = 3;
    file.chunks_uploaded = 3;

    let mock = Mock::new();
    mock.storage().create_file().with(params()).times(3).returns(file.clone());
    let mut progress = Vec::new();
    let created = mock
        .client()
        .storage()
        .create_file_with_progress(params(), |p| progress.push(p.chunks_uploaded))
        .await
        .expect("upload");
    assert_eq!(created, file);
    assert_eq!(progress, [1, 2, 3]);

    let received = mock.received();
    let ranges: Vec<&str> = received.iter().map(|r| r.header("content-range").expect("a chunk")).collect();
    let chunk = CHUNK_SIZE;
    assert_eq!(
        ranges,
        [
            format!("bytes 0-{}/{size}", chunk - 1),
            format!("bytes {chunk}-{}/{size}", 2 * chunk - 1),
            format!("bytes {}-{}/{size}", 2 * chunk, size - 1),
        ]
    );
    // The chunks after the first carry the ID the first answer gave.
    assert_eq!(received[0].header("x-appwrite-id"), None);
    assert_eq!(received[2].header("x-appwrite-id"), Some("holiday"));
    assert_eq!(received[1].form_field("fileId").as_deref(), Some("holiday"));
    mock.verify();
}

#[tokio::test]
async fn a_download_yields_the_answered_bytes() {
    let mock = Mock::new();
    let params = || GetFileDownloadParams::builder().bucket_id("photos").file_id("holiday");
    mock.storage().get_file_download().with(params()).returns(b"\xff\xd8 jpeg bytes".to_vec());
    let bytes = mock.client().storage().get_file_download(params()).await.expect("download");
    assert_eq!(&bytes[..], b"\xff\xd8 jpeg bytes");
}

#[tokio::test]
async fn not_found_and_rate_limited_answers_are_api_errors() {
    let mock = Mock::new();
    let get = |id: &str| GetRowParams::builder().database_id("music").table_id("songs").row_id(id);
    mock.tables_db().get_row().with(get("gone")).fails(
        404,
        "row_not_found",
        "Row with the requested ID could not be found.",
    );
    mock.tables_db().get_row().with(get("busy")).rate_limited(Duration::from_secs(7));
    let client = mock.client();

    let error = client.tables_db().get_row(get("gone")).await.expect_err("404");
    assert!(error.is_not_found());
    assert_eq!(error.kind(), Some("row_not_found"));
    assert_eq!(error.to_string(), "Appwrite error 404 (row_not_found): Row with the requested ID could not be found.");

    let error = client.tables_db().get_row(get("busy")).await.expect_err("429");
    assert!(error.is_rate_limited());
    assert_eq!(error.kind(), Some("general_rate_limit_exceeded"));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    let limit = error.api_headers().and_then(|h| h.rate_limit()).expect("rate-limit headers");
    assert_eq!((limit.limit, limit.remaining), (Some(60), Some(0)));
    mock.verify();
}

/// A sleeper that records the waits asked for and does not wait.
#[derive(Debug, Default, Clone)]
struct NoWait(std::sync::Arc<std::sync::Mutex<Vec<Duration>>>);

impl appwrite_server_sdk::AsyncSleep for NoWait {
    fn sleep(&self, duration: Duration) -> appwrite_server_sdk::Sleep {
        self.0.lock().unwrap().push(duration);
        Box::pin(std::future::ready(()))
    }
}

#[tokio::test]
async fn a_client_with_a_retry_policy_retries_a_429_from_the_mock() {
    let mock = Mock::new();
    let waits = NoWait::default();
    let client = Client::builder()
        .endpoint("https://cloud.appwrite.io/v1")
        .header("X-Appwrite-Project", "my-project")
        .retry_policy(RetryPolicy::standard().sleep_impl(waits.clone()))
        .mock(&mock)
        .build()
        .expect("client");
    let params =
        || CreateRowParams::builder().database_id("music").table_id("songs").row_id("r9").data(Song::default());
    mock.tables_db()
        .create_row_as::<Song>()
        .with(params())
        .times(2)
        .rate_limited(Duration::from_secs(2))
        .returns(row("r9", "", 0));

    let created = client.tables_db().create_row_as::<Song>(params()).await.expect("retried");
    assert_eq!(created.id, "r9");
    assert_eq!(*waits.0.lock().unwrap(), [Duration::from_secs(2)]);
    // The client's own headers reach the mock, as they would reach the server.
    assert!(mock.received().iter().all(|r| r.header("x-appwrite-project") == Some("my-project")));
    mock.verify();
}

#[tokio::test]
async fn a_delay_holds_the_answer_back() {
    let mock = Mock::new();
    mock.account().get().delay(Duration::from_secs(30)).returns(User::default());
    let client = mock.client();
    let call = tokio::time::timeout(Duration::from_millis(20), client.account().get()).await;
    assert!(call.is_err(), "the answer came before its delay: {call:?}");
    // The call was received, and is counted.
    assert_eq!(mock.received().len(), 1);
    mock.verify();
}

#[tokio::test]
async fn a_transport_failure_is_a_transport_error_of_its_kind() {
    let mock = Mock::new();
    mock.account().get().transport_error(TransportErrorKind::Timeout);
    let error = mock.client().account().get().await.expect_err("timeout");
    assert!(error.is_timeout());
    assert_eq!(error.status(), None);
}

#[tokio::test]
async fn any_response_can_be_answered() {
    let mock = Mock::new();
    mock.account()
        .get()
        .responds(MockResponse::new(200).header("content-type", "application/json").body(r#"{"name": 5}"#));
    let error = mock.client().account().get().await.expect_err("undecodable");
    assert!(matches!(error, Error::Decode { status: 200, .. }), "{error:?}");
}

#[test]
fn dropping_an_unverified_mock_verifies_it() {
    let dropped = std::panic::catch_unwind(|| {
        let mock = Mock::new();
        mock.account().get().returns(User::default());
    });
    let message = dropped.expect_err("the drop panics").downcast::<String>().expect("a message");
    assert!(message.contains("expected at least 1 call to `account().get`"), "{message}");
}
