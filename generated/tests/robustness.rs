//! The runtime never panics on bad input: invalid configuration, hostile or broken servers,
//! oversized and malformed responses, timeouts and dropped connections all come back as the
//! right `Error` variant, and secrets never show in `Debug`.

mod common;

use std::time::{Duration, Instant};

use appwrite_server_sdk::services::account::*;
use appwrite_server_sdk::{Client, Error, TransportErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRETS: [&str; 3] = ["key-secret", "jwt-token", "session-secret"];

/// A mock server answering `template` to anything, and a client for it.
async fn serve(template: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(template).mount(&server).await;
    let client = common::client(common::ClientKind::Default, &format!("{}/v1", server.uri()));
    (server, client)
}

fn raw(status: u16, body: impl Into<Vec<u8>>) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.into(), "application/json")
}

// ------------------------------------------------------------------------- configuration

#[test]
fn invalid_endpoints_are_config_errors() {
    let bad = [
        "not a url",
        "",
        "ftp://example.com/v1",
        "mailto:someone@example.com",
        "data:text/plain,hello",
        "file:///etc/passwd",
        "http://",
        "https://example.com/v1?project=x",
        "https://example.com/v1#fragment",
        "https://exa mple.com/v1",
        "//example.com/v1",
        "/v1",
    ];
    for endpoint in bad {
        match Client::builder().endpoint(endpoint).project("p").build() {
            Err(e @ Error::Config(_)) => {
                assert!(e.to_string().contains("endpoint"), "{endpoint:?}: {e}");
                assert_eq!(e.status(), None);
            }
            other => panic!("{endpoint:?}: expected Error::Config, got {other:?}"),
        }
    }
    match Client::builder().project("p").key("key-secret").build() {
        Err(Error::Config(message)) => assert!(message.contains("endpoint"), "{message}"),
        other => panic!("missing endpoint: expected Error::Config, got {other:?}"),
    }
    for good in
        ["http://localhost/v1", "https://cloud.appwrite.io/v1/", "http://127.0.0.1:8080", "HTTPS://EXAMPLE.COM/v1"]
    {
        Client::builder().endpoint(good).build().unwrap_or_else(|e| panic!("{good}: {e}"));
    }
}

#[test]
fn invalid_header_values_and_names_are_config_errors() {
    type Set = fn(appwrite_server_sdk::ClientBuilder) -> appwrite_server_sdk::ClientBuilder;
    let cases: [(&str, Set); 12] = [
        ("project newline", |b| b.project("proj\n1")),
        ("key CRLF injection", |b| b.key("key-secret\r\nX-Evil: 1")),
        ("jwt NUL", |b| b.jwt("jwt-token\0")),
        ("session newline", |b| b.session("session-secret\n")),
        ("locale DEL", |b| b.locale("fr\u{7f}")),
        ("forwarded user agent CR", |b| b.forwarded_user_agent("Mozilla\r")),
        ("impersonate id newline", |b| b.impersonate_user_id("u\n")),
        ("impersonate email tab-newline", |b| b.impersonate_user_email("a@example.com\t\n")),
        ("impersonate phone newline", |b| b.impersonate_user_phone("+1\n")),
        ("extra header value newline", |b| b.header("X-Custom", "a\nb")),
        ("header name with space", |b| b.header("Bad Name", "v")),
        ("empty header name", |b| b.header("", "v")),
    ];
    for (what, set) in cases {
        let builder = set(Client::builder().endpoint("https://example.com/v1"));
        match builder.build() {
            Err(e @ Error::Config(_)) => {
                let shown = format!("{e} {e:?}");
                for secret in SECRETS {
                    assert!(!shown.contains(secret), "{what}: the error shows a secret: {shown}");
                }
            }
            other => panic!("{what}: expected Error::Config, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn debug_never_shows_credentials() {
    let builder = Client::builder()
        .endpoint("https://example.com/v1")
        .project("proj-1")
        .key("key-secret")
        .jwt("jwt-token")
        .session("session-secret")
        .locale("fr");
    let by_header = Client::builder()
        .endpoint("https://example.com/v1")
        .header("X-APPWRITE-KEY", "key-secret")
        .header("x-appwrite-jwt", "jwt-token")
        .header("X-Appwrite-Session", "session-secret");
    let mut shown = Vec::new();
    for b in [builder, by_header] {
        shown.push(format!("{b:?}"));
        shown.push(format!("{b:#?}"));
        let client = b.build().unwrap();
        shown.push(format!("{client:?}"));
        shown.push(format!("{client:#?}"));
        shown.push(format!("{:?}", client.account()));
    }
    for text in &shown {
        for secret in SECRETS {
            assert!(!text.contains(secret), "Debug shows `{secret}`: {text}");
        }
    }
    // Non-secret configuration is still there to help debugging.
    assert!(shown[0].contains("proj-1") && shown[0].contains("example.com"), "{}", shown[0]);
    assert!(shown[2].contains("x-appwrite-key"), "header names are listed: {}", shown[2]);
}

/// `..`, `.` and empty path parameters would leave their segment once the URL is normalized
/// (`/v1/account/sessions/..` is `/v1/account/`): they fail before anything is sent.
#[tokio::test]
async fn dot_and_empty_path_parameters_are_refused() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    for id in ["..", ".", ""] {
        match client.account().delete_session(DeleteSessionParams::builder().session_id(id)).await {
            Err(Error::Encode(message)) => assert!(message.contains("path"), "{message}"),
            other => panic!("delete_session({id:?}): expected Error::Encode, got {other:?}"),
        }
        match client.account().delete_identity(DeleteIdentityParams::builder().identity_id(id)).await {
            Err(Error::Encode(_)) => {}
            other => panic!("delete_identity({id:?}): expected Error::Encode, got {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
    // Dots inside a longer value are fine and stay in the segment.
    client.account().delete_session(DeleteSessionParams::builder().session_id("...")).await.unwrap();
    client.account().delete_session(DeleteSessionParams::builder().session_id("../x")).await.unwrap();
    let paths: Vec<String> =
        server.received_requests().await.unwrap().iter().map(|r| r.url.path().to_owned()).collect();
    assert_eq!(paths, ["/v1/account/sessions/...", "/v1/account/sessions/..%2Fx"]);
}

// ------------------------------------------------------------------------- error responses

#[tokio::test]
async fn appwrite_error_json_gives_api_error() {
    let body = r#"{"message":"User (role: guests) missing scopes ([\"account\"])","code":401,"type":"general_unauthorized_scope","version":"1.9.3"}"#;
    let (_server, client) = serve(raw(401, body)).await;
    let err = client.account().get().await.unwrap_err();
    match &err {
        Error::Api { status, kind, message, body: got, .. } => {
            assert_eq!(*status, 401);
            assert_eq!(kind.as_deref(), Some("general_unauthorized_scope"));
            assert_eq!(message, r#"User (role: guests) missing scopes (["account"])"#);
            assert_eq!(got, body);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.kind(), Some("general_unauthorized_scope"));
    assert!(err.to_string().contains("401") && err.to_string().contains("general_unauthorized_scope"));

    // The same on methods without content and on the redirect method.
    let (_server, client) =
        serve(raw(404, r#"{"message":"Session not found","code":404,"type":"user_session_not_found"}"#)).await;
    let err = client.account().delete_sessions().await.unwrap_err();
    assert_eq!((err.status(), err.kind()), (Some(404), Some("user_session_not_found")));
    let err = client
        .account()
        .create_oauth2_token(
            CreateOauth2TokenParams::builder().provider(appwrite_server_sdk::enums::OAuthProvider::Github),
        )
        .await
        .unwrap_err();
    assert_eq!((err.status(), err.kind()), (Some(404), Some("user_session_not_found")));
}

#[tokio::test]
async fn unusual_error_bodies_give_api_errors() {
    let cases: [(u16, &[u8], Option<&str>, &str); 8] = [
        (502, b"<html><body>Bad Gateway</body></html>\n", None, "<html><body>Bad Gateway</body></html>"),
        (503, b"", None, "Service Unavailable"),
        (500, b"   ", None, "Internal Server Error"),
        (400, br#"{"message": 5, "type": "x"}"#, None, r#"{"message": 5, "type": "x"}"#),
        (400, br#"{"message": null, "type": null}"#, None, r#"{"message": null, "type": null}"#),
        (
            409,
            br#"{"type":"document_already_exists"}"#,
            Some("document_already_exists"),
            r#"{"type":"document_already_exists"}"#,
        ),
        (418, b"[1,2,3]", None, "[1,2,3]"),
        (599, b"\xff\xfe not utf-8", None, "\u{fffd}\u{fffd} not utf-8"),
    ];
    for (status, body, kind, message) in cases {
        let (_server, client) = serve(raw(status, body)).await;
        match client.account().get().await {
            Err(Error::Api { status: s, kind: k, message: m, .. }) => {
                assert_eq!((s, k.as_deref(), m.as_str()), (status, kind, message), "{status} {body:?}");
            }
            other => panic!("{status} {body:?}: expected Error::Api, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn malformed_success_bodies_give_decode_errors() {
    let cases: [(u16, &[u8]); 7] = [
        (200, b""),
        (204, b""),
        (200, br#"{"$id":"5e5ea5c16897e","name"#),
        (200, b"[]"),
        (200, br#"{"$id": 5}"#),
        (200, b"null"),
        (200, b"\xff\xfe garbage"),
    ];
    for (status, body) in cases {
        let (_server, client) = serve(raw(status, body)).await;
        match client.account().get().await {
            Err(e @ Error::Decode { .. }) => {
                let Error::Decode { status: s, body: b, message } = &e else { unreachable!() };
                assert_eq!(*s, status, "{body:?}");
                assert_eq!(b.as_bytes(), String::from_utf8_lossy(body).as_bytes(), "{body:?}");
                assert!(!message.is_empty());
                assert_eq!(e.status(), Some(status));
            }
            other => panic!("{status} {body:?}: expected Error::Decode, got {other:?}"),
        }
    }
    // A list whose `total` is not a number.
    let (_server, client) = serve(raw(200, r#"{"total":"1","sessions":[]}"#)).await;
    assert!(matches!(client.account().list_sessions().await, Err(Error::Decode { status: 200, .. })));
    // An integer beyond i64 where the model has one.
    let (_server, client) = serve(raw(200, r#"{"total":100000000000000000000,"sessions":[]}"#)).await;
    assert!(matches!(client.account().list_sessions().await, Err(Error::Decode { status: 200, .. })));
}

#[tokio::test]
async fn huge_bodies_give_truncated_errors() {
    let garbage: Vec<u8> = (0..5 * 1024 * 1024).map(|i| b"garbage\xc3\xa9 "[i % 10]).collect();
    for status in [200, 500, 400] {
        let (_server, client) = serve(raw(status, garbage.clone())).await;
        let err = client.account().get().await.unwrap_err();
        let (body, message) = match &err {
            Error::Decode { status: s, body, message } if status < 400 => {
                assert_eq!(*s, status);
                (body, message)
            }
            Error::Api { status: s, body, message, kind: None, .. } if status >= 400 => {
                assert_eq!(*s, status);
                (body, message)
            }
            other => panic!("{status}: unexpected {other:?}"),
        };
        assert!(body.len() <= 4096 && body.len() >= 4090, "{status}: body of {} bytes", body.len());
        assert!(!body.contains('\u{fffd}'), "{status}: cut inside a character");
        assert!(garbage.starts_with(body.as_bytes()), "{status}: a prefix of the body");
        assert!(message.len() <= 4096, "{status}: message of {} bytes", message.len());
        assert!(err.to_string().len() < 10_000);
    }
    // An Appwrite error with a huge message keeps its type, the message is cut.
    let huge = format!(r#"{{"message":"{}","code":400,"type":"general_argument_invalid"}}"#, "é".repeat(300_000));
    let (_server, client) = serve(raw(400, huge)).await;
    match client.account().get().await {
        Err(Error::Api { kind, message, body, .. }) => {
            assert_eq!(kind.as_deref(), Some("general_argument_invalid"));
            assert!(message.len() <= 4096 && message.chars().all(|c| c == 'é'), "{}", message.len());
            assert!(body.len() <= 4096);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

// ------------------------------------------------------------------------- redirects

fn oauth() -> CreateOauth2TokenParams {
    CreateOauth2TokenParams::builder().provider(appwrite_server_sdk::enums::OAuthProvider::Github).build()
}

#[tokio::test]
async fn redirects() {
    let (_server, client) = serve(ResponseTemplate::new(301)).await;
    match client.account().create_oauth2_token(oauth()).await {
        Err(e @ Error::InvalidRedirect { status: 301, .. }) => assert_eq!(e.status(), Some(301)),
        other => panic!("301 without Location: expected InvalidRedirect, got {other:?}"),
    }
    let (_server, client) = serve(common::reply_for("get").template()).await;
    assert!(matches!(
        client.account().create_oauth2_token(oauth()).await,
        Err(Error::InvalidRedirect { status: 200, .. })
    ));
    // Every redirect status counts (301, 302, 303, 307, 308), not only the one the spec names.
    let (_server, client) = serve(ResponseTemplate::new(307).insert_header("location", "https://example.com/x")).await;
    assert_eq!(client.account().create_oauth2_token(oauth()).await.unwrap(), "https://example.com/x");
    let (_server, client) = serve(ResponseTemplate::new(304).insert_header("location", "https://example.com/x")).await;
    assert!(matches!(
        client.account().create_oauth2_token(oauth()).await,
        Err(Error::InvalidRedirect { status: 304, .. })
    ));
    let invalid = reqwest::header::HeaderValue::from_bytes(b"https://example.com/\xff").unwrap();
    let (_server, client) = serve(ResponseTemplate::new(302).insert_header("location", invalid)).await;
    assert!(matches!(
        client.account().create_oauth2_token(oauth()).await,
        Err(Error::InvalidRedirect { status: 302, .. })
    ));
    let (server, client) =
        serve(ResponseTemplate::new(302).insert_header("location", "https://example.com/oauth?x=1")).await;
    assert_eq!(client.account().create_oauth2_token(oauth()).await.unwrap(), "https://example.com/oauth?x=1");
    // Redirects are never followed, also where JSON is expected.
    assert!(matches!(client.account().get().await, Err(Error::Decode { status: 302, .. })));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

// ------------------------------------------------------------------------- transport

#[tokio::test]
async fn timeout_gives_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(common::reply_for("get").template().set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client =
        Client::builder().endpoint(format!("{}/v1", server.uri())).timeout(Duration::from_millis(50)).build().unwrap();
    let start = Instant::now();
    match client.account().get().await {
        Err(e @ Error::Transport(_)) if e.is_timeout() => {
            assert!(e.to_string().contains("timed out"), "{e}");
            assert!(std::error::Error::source(&e).is_some());
            assert_eq!(e.status(), None);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(start.elapsed() < Duration::from_millis(1500), "took {:?}", start.elapsed());
}

/// A transport error of the given kind, whose text names the kind and carries the message.
fn assert_transport<T: std::fmt::Debug>(what: &str, kind: TransportErrorKind, result: appwrite_server_sdk::Result<T>) {
    match result {
        Err(ref e @ Error::Transport(ref transport)) => {
            assert_eq!(transport.kind(), kind, "{what}: {e:?}");
            assert!(!e.is_timeout(), "{what}");
            assert_eq!(e.status(), None, "{what}");
            assert!(!transport.message().is_empty(), "{what}");
            assert_eq!(e.to_string(), format!("request failed ({kind}): {}", transport.message()), "{what}");
            assert_eq!(transport.to_string(), transport.message(), "{what}");
        }
        other => panic!("{what}: expected Error::Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn connection_refused_gives_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder().endpoint(format!("http://{addr}/v1")).build().unwrap();
    assert_transport("refused", TransportErrorKind::Connect, client.account().get().await);
    assert_transport("refused", TransportErrorKind::Connect, client.account().delete_sessions().await);
    assert_transport("refused", TransportErrorKind::Connect, client.account().create_oauth2_token(oauth()).await);
}

/// Transport errors get logged: the URL they show has its path but neither the query (GET
/// parameters, e.g. a file token) nor the endpoint's user info.
#[tokio::test]
async fn transport_errors_show_no_query_or_user_info() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder().endpoint(format!("http://user:endpoint-password@{addr}/v1")).build().unwrap();
    let params = CreateOauth2TokenParams::builder()
        .provider(appwrite_server_sdk::enums::OAuthProvider::Github)
        .success("https://example.com/done?code=query-secret");
    let err = client.account().create_oauth2_token(params).await.unwrap_err();
    let Error::Transport(transport) = &err else { panic!("expected Error::Transport, got {err:?}") };
    for shown in [err.to_string(), format!("{err:?}"), format!("{err:#?}"), transport.message().to_owned()] {
        assert!(!shown.contains("query-secret") && !shown.contains("endpoint-password"), "{shown}");
        assert!(!shown.contains("user@"), "{shown}");
    }
    assert!(transport.message().contains(&format!("http://{addr}/v1/account/tokens/oauth2/github")), "{err}");
}

/// A server that runs `answer` on each connection.
async fn tcp_server<F, Fut>(answer: F) -> Client
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(answer(stream));
        }
    });
    Client::builder().endpoint(format!("http://{addr}/v1")).build().unwrap()
}

async fn read_request(stream: &mut tokio::net::TcpStream) {
    let mut buf = [0u8; 4096];
    let _ = stream.read(&mut buf).await;
}

#[tokio::test]
async fn dropped_and_broken_connections_give_transport_errors() {
    // Accepted, then dropped without a word.
    let client = tcp_server(|stream| async move { drop(stream) }).await;
    assert_transport("accept and drop", TransportErrorKind::Request, client.account().get().await);

    // Reset after reading the request (SO_LINGER 0 sends RST).
    let client = tcp_server(|mut stream| async move {
        read_request(&mut stream).await;
        #[allow(deprecated, reason = "a zero linger does not block on drop: it sends RST")]
        let _ = stream.set_linger(Some(Duration::ZERO));
        drop(stream);
    })
    .await;
    assert_transport(
        "reset",
        TransportErrorKind::Request,
        client.account().update_name(UpdateNameParams::builder().name("A")).await,
    );

    // Not HTTP.
    let client = tcp_server(|mut stream| async move {
        read_request(&mut stream).await;
        let _ = stream.write_all(b"SSH-2.0-OpenSSH_9.6\r\n\r\n").await;
    })
    .await;
    assert_transport("not HTTP", TransportErrorKind::Request, client.account().get().await);

    // A body shorter than its Content-Length.
    let client = tcp_server(|mut stream| async move {
        read_request(&mut stream).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"$id\":")
            .await;
    })
    .await;
    assert_transport("short body", TransportErrorKind::Body, client.account().get().await);

    // The same on an error status and on a no-content method.
    let client = tcp_server(|mut stream| async move {
        read_request(&mut stream).await;
        let _ = stream.write_all(b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 1000\r\n\r\noops").await;
    })
    .await;
    assert_transport("short error body", TransportErrorKind::Body, client.account().get().await);
    assert_transport("short error body", TransportErrorKind::Body, client.account().delete_sessions().await);
}

// ------------------------------------------------------------------------- odd but valid

#[tokio::test]
async fn warning_headers_do_not_break_the_call() {
    let invalid_text = reqwest::header::HeaderValue::from_bytes(b"bad \xff bytes").unwrap();
    let template = common::reply_for("get")
        .template()
        .append_header("x-appwrite-warning", "The `queries` parameter is deprecated; use `filters`")
        .append_header("x-appwrite-warning", "second warning")
        .append_header("x-appwrite-warning", invalid_text);
    let (_server, client) = serve(template).await;
    let user = client.account().get().await.expect("the call succeeds");
    assert_eq!(user.id, "5e5ea5c16897e");
}

#[tokio::test]
async fn integers_beyond_2_pow_53_decode_exactly() {
    let (_server, client) = serve(raw(200, r#"{"total":9007199254740993,"sessions":[]}"#)).await;
    let list = client.account().list_sessions().await.unwrap();
    assert_eq!(list.total, 9_007_199_254_740_993);

    let prefs = r#"{"big":9007199254740993,"neg":-9007199254740993,"max":18446744073709551615,"min":-9223372036854775808,"nested":{"n":[9007199254740993]}}"#;
    let (_server, client) = serve(raw(200, prefs)).await;
    let got = client.account().get_prefs().await.unwrap();
    assert_eq!(got["big"].as_u64(), Some(9_007_199_254_740_993));
    assert_eq!(got["neg"].as_i64(), Some(-9_007_199_254_740_993));
    assert_eq!(got["max"].as_u64(), Some(u64::MAX));
    assert_eq!(got["min"].as_i64(), Some(i64::MIN));
    assert_eq!(got["nested"]["n"][0].as_u64(), Some(9_007_199_254_740_993));

    let mut user = common::model_json(common::Model::User);
    user["prefs"] = serde_json::from_str(prefs).unwrap();
    let (_server, client) = serve(raw(200, serde_json::to_vec(&user).unwrap())).await;
    let got = client.account().get().await.unwrap();
    assert_eq!(got.prefs["big"].as_u64(), Some(9_007_199_254_740_993));
    assert_eq!(serde_json::to_string(&got.prefs["nested"]).unwrap(), r#"{"n":[9007199254740993]}"#);

    let (_server, client) = serve(raw(200, r#"{"total":9007199254740993,"identities":[]}"#)).await;
    assert_eq!(
        client.account().list_identities(ListIdentitiesParams::default()).await.unwrap().total,
        9_007_199_254_740_993
    );
}

#[tokio::test]
async fn unknown_fields_and_enum_values_are_accepted() {
    let mut session = common::model_json(common::Model::Session);
    session["someNewField"] = serde_json::json!({"x": [1, 2]});
    session["provider"] = serde_json::json!("a-provider-from-the-future");
    let (_server, client) = serve(raw(201, serde_json::to_vec(&session).unwrap())).await;
    let got = client.account().create_anonymous_session().await.unwrap();
    assert_eq!(got.provider, "a-provider-from-the-future");
}

/// Many calls at once on one client (one connection pool): no panic, every call answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_share_one_client() {
    let (server, client) = serve(common::reply_for("get").template()).await;
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.account().get().await })
        })
        .collect();
    for task in tasks {
        task.await.expect("no panic").expect("Ok");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 64);
}

/// A server cannot inject terminal escape sequences or bidi overrides through an error message.
#[tokio::test]
async fn error_messages_escape_control_and_bidi_characters() {
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    let hostile = "bad\u{1b}[31mred\u{202e}txet\rline";
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(400).set_body_json(serde_json::json!({"message": hostile, "type": "x\u{7}y"})),
        )
        .mount(&server)
        .await;
    let client = appwrite_server_sdk::Client::builder().endpoint(format!("{}/v1", server.uri())).build().unwrap();
    let err = client.account().get().await.unwrap_err();
    let shown = err.to_string();
    assert!(!shown.chars().any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)), "{shown:?}");
    assert!(shown.contains("bad\\u{1b}[31mred\\u{202e}txet\\u{d}line"), "{shown}");
    match err {
        appwrite_server_sdk::Error::Api { body, kind, .. } => {
            assert_eq!(kind.as_deref(), Some("x\\u{7}y"));
            assert!(body.contains("\\u001b"), "the raw body is kept: {body}");
        }
        other => panic!("{other:?}"),
    }
}
