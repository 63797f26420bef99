//! The opt-in retry policy, through the public API against a scripted loopback server: what is
//! retried (429 for any method; transport errors, timeouts and 5xx only for idempotent
//! requests), how often (the attempt cap, the time budget) and when (the backoff's growth and
//! jitter, `Retry-After` and `X-RateLimit-Reset` honoured). Waits are observed through the
//! policy's public sleeper hook (`RetryPolicy::sleep_impl`), which records them without
//! spending them; one test uses the real timer and checks lower bounds on the server's arrival
//! times (a loaded machine only makes those later). Also: the rate-limit headers and helpers of
//! `Error::Api`, and that a client without a policy sends every call once.

mod common;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use appwrite_server_sdk::services::account::*;
use appwrite_server_sdk::{AsyncSleep, Client, Error, RateLimit, RetryPolicy, Sleep, TransportErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

// ------------------------------------------------------------------------- the test server

/// What the server does with one request.
#[derive(Debug, Clone)]
enum Step {
    /// Answer with this status, extra headers and body.
    Reply(u16, Vec<(&'static str, String)>, String),
    /// Close the connection without answering.
    Close,
    /// Answer 200 announcing a longer body than it sends, then close the connection.
    Truncated,
    /// Answer after this delay (longer than the client's timeout).
    Slow(Duration),
}

fn reply(status: u16, body: &str) -> Step {
    Step::Reply(status, Vec::new(), body.to_owned())
}

fn error(status: u16, headers: &[(&'static str, &str)]) -> Step {
    let body = format!(r#"{{"message":"status {status}","code":{status},"type":"test_error","version":"1.9.3"}}"#);
    Step::Reply(status, headers.iter().map(|(n, v)| (*n, (*v).to_owned())).collect(), body)
}

fn user() -> Step {
    reply(200, &common::model_json(common::Model::User).to_string())
}

fn jwt() -> Step {
    reply(201, &common::model_json(common::Model::Jwt).to_string())
}

/// A request the server received.
#[derive(Debug, Clone)]
struct Arrival {
    method: String,
    path: String,
    body: Vec<u8>,
    at: Instant,
}

/// A loopback HTTP/1.1 server answering requests with the steps of its script in turn (200
/// `{}` once the script is done), recording every request.
struct Server {
    endpoint: String,
    arrivals: Arc<Mutex<Vec<Arrival>>>,
}

impl Server {
    async fn start(script: Vec<Step>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}/v1", listener.local_addr().unwrap());
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let log = arrivals.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, script.clone(), log.clone()));
            }
        });
        Server { endpoint, arrivals }
    }

    fn arrivals(&self) -> Vec<Arrival> {
        self.arrivals.lock().unwrap().clone()
    }

    /// A client of this server with `policy`, waits recorded by `sleeper`.
    fn client(&self, policy: Option<RetryPolicy>) -> Client {
        let builder = Client::builder().endpoint(&self.endpoint).project(common::PROJECT).key(common::KEY);
        match policy {
            Some(policy) => builder.retry_policy(policy),
            None => builder,
        }
        .build()
        .unwrap()
    }
}

/// Answer the requests of one connection.
async fn serve(mut stream: TcpStream, script: Arc<Mutex<VecDeque<Step>>>, log: Arc<Mutex<Vec<Arrival>>>) {
    let mut buffer = Vec::new();
    loop {
        let Some((method, path, body)) = read_request(&mut stream, &mut buffer).await else { return };
        log.lock().unwrap().push(Arrival { method, path, body, at: Instant::now() });
        let step = script.lock().unwrap().pop_front().unwrap_or_else(|| reply(200, "{}"));
        let (status, headers, body) = match step {
            Step::Reply(status, headers, body) => (status, headers, body),
            Step::Close => return,
            Step::Truncated => {
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"a\":";
                let _ = stream.write_all(head.as_bytes()).await;
                return;
            }
            Step::Slow(delay) => {
                tokio::time::sleep(delay).await;
                (200, Vec::new(), "{}".to_owned())
            }
        };
        let mut head = format!("HTTP/1.1 {status} Status\r\ncontent-length: {}\r\n", body.len());
        if !body.is_empty() {
            head.push_str("content-type: application/json\r\n");
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        if stream.write_all(head.as_bytes()).await.is_err() || stream.write_all(body.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// The next request on the connection (method, path, body), or `None` at its end.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<(String, String, Vec<u8>)> {
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut words = head.split_whitespace();
    let (method, path) = (words.next()?.to_owned(), words.next()?.to_owned());
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[head_end..head_end + length].to_vec();
    buffer.drain(..head_end + length);
    Some((method, path, body))
}

// ------------------------------------------------------------------------- the sleeper hook

/// A sleeper that records the waits the policy asks for and returns at once.
#[derive(Debug, Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Duration>>>);

impl AsyncSleep for Recorder {
    fn sleep(&self, duration: Duration) -> Sleep {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

impl Recorder {
    fn waits(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

/// A policy with short backoffs (100 ms doubling up to 10 s), waits recorded by a new recorder.
fn recorded(policy: RetryPolicy) -> (RetryPolicy, Recorder) {
    let recorder = Recorder::default();
    let policy = policy
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_secs(10))
        .sleep_impl(recorder.clone());
    (policy, recorder)
}

const MS: Duration = Duration::from_millis(1);

/// Whether `wait` is an equal-jitter wait of the backoff `ceiling`: between half of it and all.
fn jittered(wait: Duration, ceiling: Duration) -> bool {
    wait >= ceiling / 2 && wait <= ceiling
}

fn jwt_params() -> CreateJwtParamsBuilder {
    CreateJwtParams::builder().duration(900)
}

// ------------------------------------------------------------------------- what is retried

#[tokio::test]
async fn rate_limited_get_is_retried_after_the_servers_delay() {
    let reset = (SystemTime::now() + Duration::from_secs(3600)).duration_since(UNIX_EPOCH).unwrap().as_secs();
    let limited = error(
        429,
        &[
            ("x-ratelimit-limit", "10"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", &reset.to_string()),
            ("retry-after", "2"),
        ],
    );
    let server = Server::start(vec![limited, user()]).await;
    let (policy, recorder) = recorded(RetryPolicy::standard());
    let user = server.client(Some(policy)).account().get().await.unwrap();
    assert_eq!(user.id, "5e5ea5c16897e");
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 2);
    assert!(arrivals.iter().all(|a| a.method == "GET" && a.path == "/v1/account"), "{arrivals:?}");
    // `Retry-After` (2 s, longer than the 100 ms backoff) is what was waited, not the reset.
    assert_eq!(recorder.waits(), [Duration::from_secs(2)]);
}

#[tokio::test]
async fn rate_limited_get_waits_for_the_rate_limit_reset() {
    // Appwrite sends no `Retry-After`: the reset time (Unix seconds) says when.
    let reset = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() + 5;
    let limited = error(429, &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", &reset.to_string())]);
    let server = Server::start(vec![limited, user()]).await;
    let (policy, recorder) = recorded(RetryPolicy::standard());
    server.client(Some(policy)).account().get().await.unwrap();
    assert_eq!(server.arrivals().len(), 2);
    let waits = recorder.waits();
    assert_eq!(waits.len(), 1);
    // Up to the reset second: more than 4 s (the reset is 5 s ahead in whole seconds).
    assert!(waits[0] > Duration::from_secs(3) && waits[0] <= Duration::from_secs(5), "{waits:?}");
}

#[tokio::test]
async fn get_after_a_5xx_is_retried_until_it_succeeds() {
    for status in [500, 502, 503, 504] {
        let server = Server::start(vec![error(status, &[]), error(503, &[]), user()]).await;
        let (policy, recorder) = recorded(RetryPolicy::standard());
        server.client(Some(policy)).account().get().await.unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(server.arrivals().len(), 3, "{status}");
        let waits = recorder.waits();
        assert_eq!(waits.len(), 2, "{status}");
        assert!(jittered(waits[0], 100 * MS) && jittered(waits[1], 200 * MS), "{status}: {waits:?}");
    }
}

#[tokio::test]
async fn a_503s_retry_after_is_honoured() {
    let server = Server::start(vec![error(503, &[("retry-after", "7")]), user()]).await;
    let (policy, recorder) = recorded(RetryPolicy::standard());
    server.client(Some(policy)).account().get().await.unwrap();
    assert_eq!(recorder.waits(), [Duration::from_secs(7)]);
}

#[tokio::test]
async fn post_is_not_retried_after_a_5xx_or_a_transport_error() {
    for step in [error(500, &[]), error(502, &[]), error(503, &[("retry-after", "1")]), error(504, &[]), Step::Close] {
        let server = Server::start(vec![step.clone(), jwt()]).await;
        let (policy, recorder) = recorded(RetryPolicy::standard().retry_idempotent_writes(true));
        let err = server.client(Some(policy)).account().create_jwt(jwt_params()).await.unwrap_err();
        match (&step, &err) {
            (Step::Reply(status, ..), Error::Api { status: got, .. }) => assert_eq!(status, got),
            (Step::Close, Error::Transport(_)) => {}
            _ => panic!("{step:?}: unexpected {err:?}"),
        }
        assert_eq!(server.arrivals().len(), 1, "{step:?}");
        assert!(recorder.waits().is_empty(), "{step:?}");
    }
}

#[tokio::test]
async fn post_is_retried_after_a_429_with_the_same_body() {
    let server = Server::start(vec![error(429, &[]), error(429, &[]), jwt()]).await;
    let (policy, recorder) = recorded(RetryPolicy::standard());
    let token = server.client(Some(policy)).account().create_jwt(jwt_params()).await.unwrap();
    assert!(!token.jwt.is_empty());
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 3);
    for arrival in &arrivals {
        assert_eq!((arrival.method.as_str(), arrival.path.as_str()), ("POST", "/v1/account/jwts"));
        assert_eq!(arrival.body, br#"{"duration":900}"#);
    }
    assert_eq!(recorder.waits().len(), 2);
}

#[tokio::test]
async fn put_and_delete_are_retried_after_a_5xx_or_a_transport_error_only_when_opted_in() {
    for opt_in in [false, true] {
        let token = reply(200, &common::model_json(common::Model::Token).to_string());
        let script = if opt_in {
            vec![error(503, &[]), reply(204, ""), Step::Close, token]
        } else {
            vec![error(503, &[]), Step::Close]
        };
        let server = Server::start(script).await;
        let (policy, recorder) = recorded(RetryPolicy::standard().retry_idempotent_writes(opt_in));
        let client = server.client(Some(policy));
        let deleted = client.account().delete_sessions().await;
        let params = UpdateRecoveryParams::builder().user_id("user-1").secret("s").password("password123");
        let updated = client.account().update_recovery(params).await;
        let methods: Vec<String> = server.arrivals().into_iter().map(|a| a.method).collect();
        if opt_in {
            deleted.unwrap();
            updated.unwrap();
            assert_eq!(methods, ["DELETE", "DELETE", "PUT", "PUT"]);
            assert_eq!(recorder.waits().len(), 2);
        } else {
            assert!(matches!(deleted, Err(Error::Api { status: 503, .. })), "{deleted:?}");
            assert!(matches!(updated, Err(Error::Transport(_))), "{updated:?}");
            assert_eq!(methods, ["DELETE", "PUT"]);
            assert!(recorder.waits().is_empty());
        }
    }
}

#[tokio::test]
async fn transport_failures_on_get_are_retried() {
    // The connection closed before the answer, then mid-body.
    let server = Server::start(vec![Step::Close, Step::Truncated, user()]).await;
    let (policy, recorder) = recorded(RetryPolicy::standard());
    server.client(Some(policy)).account().get().await.unwrap();
    assert_eq!(server.arrivals().len(), 3);
    assert_eq!(recorder.waits().len(), 2);
}

#[tokio::test]
async fn a_timed_out_get_is_retried() {
    let server = Server::start(vec![Step::Slow(Duration::from_secs(30)), user()]).await;
    let (policy, _recorder) = recorded(RetryPolicy::standard());
    let client = Client::builder()
        .endpoint(&server.endpoint)
        .timeout(Duration::from_secs(2))
        .retry_policy(policy)
        .build()
        .unwrap();
    client.account().get().await.unwrap();
    assert_eq!(server.arrivals().len(), 2);
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    let steps = [error(400, &[]), error(401, &[]), error(404, &[]), error(409, &[]), error(501, &[]), reply(200, "{")];
    for step in steps {
        let server = Server::start(vec![step.clone(), user()]).await;
        let (policy, recorder) = recorded(RetryPolicy::standard().retry_idempotent_writes(true));
        let err = server.client(Some(policy)).account().get().await.unwrap_err();
        assert!(matches!(err, Error::Api { .. } | Error::Decode { .. }), "{step:?}: {err:?}");
        assert_eq!(server.arrivals().len(), 1, "{step:?}");
        assert!(recorder.waits().is_empty(), "{step:?}");
    }
}

// ------------------------------------------------------------------------- how often

#[tokio::test]
async fn attempts_are_capped_and_the_backoff_grows() {
    let server = Server::start(vec![error(503, &[]); 10]).await;
    let (policy, recorder) = recorded(RetryPolicy::standard().max_attempts(5));
    let policy = policy.max_backoff(Duration::from_millis(300));
    let err = server.client(Some(policy)).account().get().await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 503, .. }), "the last error: {err:?}");
    assert_eq!(server.arrivals().len(), 5);
    let waits = recorder.waits();
    assert_eq!(waits.len(), 4);
    // 100 ms doubling, capped at 300 ms, each wait jittered in its upper half.
    for (wait, ceiling) in waits.iter().zip([100, 200, 300, 300]) {
        assert!(jittered(*wait, ceiling * MS), "{waits:?}");
    }
}

#[tokio::test]
async fn a_wait_past_the_time_budget_is_not_started() {
    let server = Server::start(vec![error(429, &[("retry-after", "4")]); 10]).await;
    let (policy, recorder) = recorded(RetryPolicy::standard().max_attempts(10).max_elapsed(Duration::from_secs(10)));
    let started = Instant::now();
    let err = server.client(Some(policy)).account().create_jwt(jwt_params()).await.unwrap_err();
    assert!(err.is_rate_limited(), "{err:?}");
    // 4 s + 4 s fit in 10 s; a third wait would end at 12 s.
    assert_eq!(recorder.waits(), [Duration::from_secs(4); 2]);
    assert_eq!(server.arrivals().len(), 3);
    assert!(started.elapsed() < Duration::from_secs(4), "the recorded waits were not spent");
}

#[tokio::test]
async fn a_rate_limit_resetting_past_the_budget_fails_at_once_saying_when() {
    let reset = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() + 3600;
    let server = Server::start(vec![error(429, &[("x-ratelimit-reset", &reset.to_string())]), user()]).await;
    let (policy, recorder) = recorded(RetryPolicy::standard());
    let err = server.client(Some(policy)).account().get().await.unwrap_err();
    assert_eq!(server.arrivals().len(), 1);
    assert!(recorder.waits().is_empty());
    let wait = err.retry_after().unwrap();
    assert!(wait > Duration::from_secs(3590) && wait <= Duration::from_secs(3600), "{wait:?}");
}

#[tokio::test]
async fn without_a_policy_every_call_is_sent_once() {
    for policy in [None, Some(RetryPolicy::disabled()), Some(RetryPolicy::standard().max_attempts(0))] {
        let server = Server::start(vec![error(429, &[]), error(503, &[]), Step::Close, user()]).await;
        let client = server.client(policy.clone());
        assert!(client.account().create_jwt(jwt_params()).await.unwrap_err().is_rate_limited());
        assert!(client.account().get().await.unwrap_err().is_server_error());
        match client.account().get().await {
            Err(Error::Transport(e)) => assert_ne!(e.kind(), TransportErrorKind::Timeout),
            other => panic!("{policy:?}: expected a transport error, got {other:?}"),
        }
        client.account().get().await.unwrap();
        assert_eq!(server.arrivals().len(), 4, "{policy:?}");
    }
}

// ------------------------------------------------------------------------- the real timer

#[tokio::test]
async fn the_default_timer_waits_the_backoff_and_retry_after() {
    let server = Server::start(vec![error(503, &[]), error(429, &[("retry-after", "1")]), user()]).await;
    let policy = RetryPolicy::standard().initial_backoff(Duration::from_millis(400));
    server.client(Some(policy)).account().get().await.unwrap();
    let at: Vec<Instant> = server.arrivals().iter().map(|a| a.at).collect();
    assert_eq!(at.len(), 3);
    // At least half the 400 ms backoff, then at least the server's second.
    assert!(at[1] - at[0] >= 200 * MS, "{:?}", at[1] - at[0]);
    assert!(at[2] - at[1] >= Duration::from_secs(1), "{:?}", at[2] - at[1]);
}

// ------------------------------------------------------------------------- errors a caller can act on

#[tokio::test]
async fn api_errors_carry_the_rate_limit_headers_and_helpers() {
    let reset = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() + 30;
    let server = Server::start(vec![
        error(
            429,
            &[("x-ratelimit-limit", "60"), ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", &reset.to_string())],
        ),
        error(429, &[("retry-after", "12"), ("x-ratelimit-reset", &reset.to_string())]),
        error(404, &[]),
        error(409, &[]),
        error(401, &[]),
        error(403, &[]),
        error(400, &[]),
        error(500, &[]),
    ])
    .await;
    let client = server.client(None);
    let err = client.account().get().await.unwrap_err();
    assert!(err.is_rate_limited() && !err.is_not_found() && !err.is_server_error());
    let headers = err.api_headers().unwrap();
    let limit = headers.rate_limit().unwrap();
    assert_eq!((limit.limit, limit.remaining), (Some(60), Some(0)));
    assert_eq!(limit.reset, Some(UNIX_EPOCH + Duration::from_secs(reset)));
    assert_eq!(headers.retry_after(), None);
    // No `Retry-After`: the time left until the reset.
    let wait = err.retry_after().unwrap();
    assert!(wait > Duration::from_secs(20) && wait <= Duration::from_secs(30), "{wait:?}");
    // `Retry-After` wins.
    let err = client.account().get().await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(12)));
    type Helper = fn(&Error) -> bool;
    let expected: [(&str, Helper); 6] = [
        ("not found", Error::is_not_found),
        ("conflict", Error::is_conflict),
        ("unauthorized", Error::is_unauthorized),
        ("forbidden", Error::is_forbidden),
        ("bad request", Error::is_bad_request),
        ("server error", Error::is_server_error),
    ];
    let helpers = expected.map(|(_, helper)| helper);
    for (i, (what, _)) in expected.iter().enumerate() {
        let err = client.account().get().await.unwrap_err();
        for (j, helper) in helpers.iter().enumerate() {
            assert_eq!(helper(&err), i == j, "{what}: helper {j} on {err:?}");
        }
        assert!(!err.is_rate_limited(), "{what}");
        assert_eq!(err.retry_after(), None, "{what}");
        assert_eq!(err.api_headers().unwrap().rate_limit(), None::<RateLimit>, "{what}");
    }
    // Errors without a response have none of it.
    let transport = Client::builder().endpoint("http://127.0.0.1:1/v1").build().unwrap().account().get().await;
    let err = transport.unwrap_err();
    assert!(err.api_headers().is_none() && err.retry_after().is_none() && !err.is_not_found());
}
