//! Typed test doubles for code that calls the SDK (the `mock` feature, off by default).
//!
//! A [`Mock`] stands in for the Appwrite server. Declare what each test expects, per service and
//! method (`mock.account().create()`): which parameters (the same parameter struct or builder
//! the method takes, or a predicate on the request), and the answer (the typed response model,
//! an Appwrite error, a delay, a transport failure). Then hand [`Mock::client`] to the code under
//! test. At the end, [`Mock::verify`] (or dropping the mock) fails the test with a readable
//! message when a call count is not what was declared or a call matched nothing.
//!
//! The double sits where the HTTP request would leave: the client builds each request exactly
//! as in production (path, query, headers, JSON or multipart body, chunks of an upload, the
//! retry policy) and decodes the double's answer exactly as a server's, so a test that passes
//! against it exercises the wire format. Nothing listens on a socket.
//!
//! ```
//! # #[cfg(feature = "account")]
//! # async fn run() -> appwrite_server_sdk::Result<()> {
//! use appwrite_server_sdk::mock::Mock;
//! use appwrite_server_sdk::models::User;
//! use appwrite_server_sdk::services::account::CreateParams;
//!
//! let mock = Mock::new();
//! let mut user = User::default();
//! user.name = "Ann".to_owned();
//! mock.account()
//!     .create()
//!     .with(CreateParams::builder().user_id("ann").email("ann@example.com").password("secret-password"))
//!     .returns(user);
//!
//! let client = mock.client();
//! let params = CreateParams::builder().user_id("ann").email("ann@example.com").password("secret-password");
//! let created = client.account().create(params).await?;
//! assert_eq!(created.name, "Ann");
//! mock.verify();
//! # Ok(()) }
//! ```

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::Location;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::Context;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::TransportError;
use crate::{Client, Error, Result, TransportErrorKind};

mod services;

#[allow(unused_imports, reason = "a crate without services has no expectations type")]
pub use services::*;

/// The endpoint of [`Mock::client`]'s client (never connected to).
const ENDPOINT: &str = "http://appwrite.mock/v1";

/// Headers the client itself sets (not the method's): left out when a call is compared with
/// the request its expected parameters make.
const CLIENT_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "content-range",
    "x-appwrite-id",
    "user-agent",
    "x-sdk-name",
    "x-sdk-platform",
    "x-sdk-language",
    "x-sdk-version",
    "x-appwrite-response-format",
];

/// A stand-in for the Appwrite server in tests: expectations per service and method, the client
/// that calls them, and the check that every expectation was met.
///
/// Expectations are tried in the order they were declared; a call goes to the first one that
/// matches and still expects calls (else to the first that matches, whose count then fails
/// [`verify`](Mock::verify)). A call that matches nothing fails with a transport error of kind
/// `Other` whose message says why, and fails `verify`.
///
/// Dropping a mock that was neither [`verify`](Mock::verify)'d nor [`check`](Mock::check)ed
/// verifies it (unless the test is already panicking).
pub struct Mock {
    state: Arc<State>,
    /// Whether `check` or `verify` ran (dropping the mock then checks nothing more).
    checked: AtomicBool,
}

/// What a mock holds, shared with the clients built on it.
pub(crate) struct State {
    rules: Mutex<Vec<Arc<Mutex<Rule>>>>,
    /// Calls that matched no expectation (or one without an answer), described.
    unexpected: Mutex<Vec<String>>,
    received: Mutex<Vec<MockRequest>>,
    /// On the double that records what a method sends for given parameters: the last request.
    captured: Option<Mutex<Option<MockRequest>>>,
    /// The client of that double, built once (and a lock: one capture at a time).
    capturing: Mutex<Option<Client>>,
}

/// Lock a mutex; a test that panicked while holding it left nothing half-written that matters.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Default for Mock {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Mock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mock")
            .field("expectations", &lock(&self.state.rules).len())
            .field("received", &lock(&self.state.received).len())
            .finish_non_exhaustive()
    }
}

impl Mock {
    /// A mock without expectations.
    pub fn new() -> Self {
        Mock { state: State::new(false), checked: AtomicBool::new(false) }
    }

    /// A client whose calls this mock answers (endpoint `http://appwrite.mock/v1`, no
    /// credentials). To test code with your own client settings (credentials, a retry policy),
    /// build it with [`ClientBuilder::mock`](crate::ClientBuilder::mock) instead.
    pub fn client(&self) -> Client {
        match Client::builder().endpoint(ENDPOINT).mock(self).build() {
            Ok(client) => client,
            Err(e) => unreachable!("the mock endpoint is a valid URL: {e}"),
        }
    }

    /// Every call received so far, in order (matched or not).
    pub fn received(&self) -> Vec<MockRequest> {
        lock(&self.state.received).clone()
    }

    /// Whether every expectation got the calls it declared and no call went unmatched; the
    /// error lists each failure.
    pub fn check(&self) -> std::result::Result<(), MockError> {
        self.checked.store(true, Ordering::Relaxed);
        let mut failures = Vec::new();
        for rule in lock(&self.state.rules).iter() {
            let rule = lock(rule);
            if let Some(failure) = rule.count_failure() {
                failures.push(failure);
            }
        }
        failures.extend(lock(&self.state.unexpected).iter().cloned());
        if failures.is_empty() { Ok(()) } else { Err(MockError { failures }) }
    }

    /// Panic, with every failure [`check`](Mock::check) finds, unless each expectation got the
    /// calls it declared and no call went unmatched.
    #[track_caller]
    pub fn verify(&self) {
        if let Err(e) = self.check() {
            panic!("{e}");
        }
    }

    /// Declare an expectation of calls to one method (the generated `…Mock` types call this).
    #[allow(dead_code, reason = "the generated expectations types call it; the runtime has none")]
    #[track_caller]
    pub(crate) fn expect<P, A>(&self, route: Route, capture: fn(&Client, &P)) -> Expect<P, A> {
        let rule = Arc::new(Mutex::new(Rule {
            route,
            declared_at: Location::caller(),
            expected: None,
            predicates: Vec::new(),
            answers: Vec::new(),
            delay: None,
            min: 1,
            max: None,
            calls: 0,
        }));
        lock(&self.state.rules).push(rule.clone());
        Expect { rule, state: self.state.clone(), capture, types: PhantomData }
    }

    pub(crate) fn state(&self) -> &Arc<State> {
        &self.state
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        if !std::thread::panicking() && !self.checked.load(Ordering::Relaxed) {
            self.verify();
        }
    }
}

/// What [`Mock::check`] found: expectations whose call count is off, and calls that matched no
/// expectation, one line each.
#[derive(Debug, Clone)]
pub struct MockError {
    failures: Vec<String>,
}

impl MockError {
    /// Each failure, e.g. ``expected 1 call to `tables_db().create_row` (declared at
    /// tests/app.rs:12:5), got 0``.
    pub fn failures(&self) -> &[String] {
        &self.failures
    }
}

impl fmt::Display for MockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the mock's expectations were not met:")?;
        for failure in &self.failures {
            write!(f, "\n  - {failure}")?;
        }
        Ok(())
    }
}

impl std::error::Error for MockError {}

/// The method an expectation is about: its name in calls, HTTP verb and path template.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Route {
    /// e.g. `tables_db().create_row`.
    pub(crate) name: &'static str,
    pub(crate) method: &'static str,
    /// e.g. `/tablesdb/{databaseId}/tables/{tableId}/rows`.
    pub(crate) path: &'static str,
}

impl Route {
    #[allow(dead_code, reason = "the generated expectations types call it; the runtime has none")]
    pub(crate) const fn new(name: &'static str, method: &'static str, path: &'static str) -> Self {
        Route { name, method, path }
    }

    /// Whether a request is a call to this method: its verb, and its path with any text in
    /// each `{…}` segment.
    fn matches(&self, request: &MockRequest) -> bool {
        if request.method != self.method {
            return false;
        }
        let mut template = self.path.split('/');
        let mut path = request.path.split('/');
        loop {
            match (template.next(), path.next()) {
                (None, None) => return true,
                (Some(t), Some(p)) if t == p || (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) => {}
                _ => return false,
            }
        }
    }
}

/// A condition on calls, given to [`Expect::matching`].
type Predicate = Box<dyn Fn(&MockRequest) -> bool + Send + Sync>;

/// One declared expectation.
struct Rule {
    route: Route,
    declared_at: &'static Location<'static>,
    /// The request the expected parameters make (or why it could not be made).
    expected: Option<std::result::Result<MockRequest, String>>,
    predicates: Vec<Predicate>,
    /// Answers to successive calls; the last one answers the calls after it.
    answers: Vec<Answer>,
    delay: Option<Duration>,
    min: usize,
    max: Option<usize>,
    calls: usize,
}

impl Rule {
    fn describe(&self) -> String {
        format!("`{}` (declared at {})", self.route.name, self.declared_at)
    }

    /// Why `request` is not a call this rule expects, or `None` when it is.
    fn mismatch(&self, request: &MockRequest) -> Option<String> {
        if let Some(expected) = &self.expected {
            match expected {
                Ok(expected) => {
                    if let Some(difference) = difference(expected, request) {
                        return Some(difference);
                    }
                }
                Err(why) => return Some(why.clone()),
            }
        }
        self.predicates
            .iter()
            .position(|p| !p(request))
            .map(|i| format!("its predicate {} (of {}) returned false", i + 1, self.predicates.len()))
    }

    /// Whether the rule has all the calls it may take (so a later matching rule gets the call).
    fn saturated(&self) -> bool {
        self.max.is_some_and(|max| self.calls >= max)
    }

    fn count_failure(&self) -> Option<String> {
        let ok = self.calls >= self.min && self.max.is_none_or(|max| self.calls <= max);
        if ok {
            return None;
        }
        let expected = match self.max {
            Some(max) if max == self.min => format!("{max} call{}", if max == 1 { "" } else { "s" }),
            Some(max) => format!("{} to {max} calls", self.min),
            None => format!("at least {} call{}", self.min, if self.min == 1 { "" } else { "s" }),
        };
        Some(format!("expected {expected} to {}, got {}", self.describe(), self.calls))
    }
}

/// An answer to one call.
#[derive(Debug, Clone)]
enum Answer {
    Response(MockResponse),
    Transport(TransportErrorKind, String),
}

impl Answer {
    fn into_response(self, url: reqwest::Url) -> Result<reqwest::Response> {
        match self {
            Answer::Response(r) => {
                let mut response = reqwest::ResponseBuilderExt::url(http::Response::builder(), url)
                    .status(r.status)
                    .body(r.body)
                    .map_err(|e| Error::Config(format!("mock response: {e}")))?;
                *response.headers_mut() = r.headers;
                Ok(reqwest::Response::from(response))
            }
            Answer::Transport(kind, message) => Err(Error::Transport(TransportError::mocked(kind, message))),
        }
    }
}

/// A response of any status, headers and body, for [`Expect::responds`].
#[derive(Debug, Clone)]
#[must_use]
pub struct MockResponse {
    status: reqwest::StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl MockResponse {
    /// An empty response with `status` (an invalid status is 500).
    pub fn new(status: u16) -> Self {
        let status = reqwest::StatusCode::from_u16(status).unwrap_or(reqwest::StatusCode::INTERNAL_SERVER_ERROR);
        MockResponse { status, headers: HeaderMap::new(), body: Vec::new() }
    }

    /// Add a header (one that is not a valid header is left out).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            self.headers.append(name, value);
        }
        self
    }

    /// The body, as it is.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// `value` as the JSON body, with `content-type: application/json`.
    ///
    /// # Panics
    ///
    /// When `value` cannot be serialized (a map with non-text keys, a failing `Serialize`).
    #[track_caller]
    pub fn json(mut self, value: &impl Serialize) -> Self {
        self.body = match serde_json::to_vec(value) {
            Ok(body) => body,
            Err(e) => panic!("the mock's answer cannot be serialized to JSON: {e}"),
        };
        self.headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        self
    }

    /// Appwrite's error answer: `status` with `{"message", "code", "type"}`, e.g.
    /// `MockResponse::error(404, "row_not_found", "Row with the requested ID could not be found.")`.
    pub fn error(status: u16, kind: &str, message: &str) -> Self {
        Self::new(status).json(&serde_json::json!({ "message": message, "code": status, "type": kind }))
    }
}

/// Marks an expectation answered with a JSON model `T` ([`Expect::returns`]).
#[derive(Debug)]
pub struct Json<T>(Infallible, PhantomData<fn() -> T>);
/// Marks an expectation answered with no content ([`Expect::succeeds`]).
#[derive(Debug)]
pub enum Empty {}
/// Marks an expectation answered with text.
#[derive(Debug)]
pub enum Text {}
/// Marks an expectation answered with bytes (a download).
#[derive(Debug)]
pub enum Bytes {}
/// Marks an expectation answered with a redirect ([`Expect::redirects_to`]).
#[derive(Debug)]
pub enum Redirect {}

/// An expectation of calls to one method, with parameters `P` and the answer kind `A`
/// ([`Json<Model>`](Json), [`Empty`], [`Text`], [`Bytes`] or [`Redirect`]). It is in force as soon as
/// it is declared; each method below adds to it and returns it, so they chain.
///
/// By default the expectation matches every call to its method, expects at least one, and
/// answers each call with the answers given, in order, the last one again for the calls after.
pub struct Expect<P, A> {
    rule: Arc<Mutex<Rule>>,
    state: Arc<State>,
    /// Calls the method with given parameters on a client (whose request is then captured).
    capture: fn(&Client, &P),
    types: PhantomData<fn(P) -> A>,
}

impl<P, A> fmt::Debug for Expect<P, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rule = lock(&self.rule);
        f.debug_struct("Expect")
            .field("method", &rule.route.name)
            .field("declared_at", &rule.declared_at.to_string())
            .field("calls", &rule.calls)
            .finish_non_exhaustive()
    }
}

impl<P, A> Expect<P, A> {
    /// Match only calls whose request is the one these parameters make: the same path, query,
    /// headers and body (a JSON body compared as JSON, a form field by field; an upload's
    /// file by its name, not its bytes).
    pub fn with(self, params: impl Into<P>) -> Self {
        let params = params.into();
        let expected = self.state.capture(self.capture, &params);
        lock(&self.rule).expected = Some(expected);
        self
    }

    /// Match only calls for which `predicate` holds (e.g. on a field of the JSON body:
    /// `|r| r.json::<serde_json::Value>().is_some_and(|b| b["name"] == "Ann")`). Several
    /// predicates must all hold.
    pub fn matching(self, predicate: impl Fn(&MockRequest) -> bool + Send + Sync + 'static) -> Self {
        lock(&self.rule).predicates.push(Box::new(predicate));
        self
    }

    /// Expect exactly `n` calls (a matching call beyond them goes to a later matching
    /// expectation, if any).
    pub fn times(self, n: usize) -> Self {
        self.calls(n, Some(n))
    }

    /// Expect at least `n` calls (`at_least(0)`: any number).
    pub fn at_least(self, n: usize) -> Self {
        self.calls(n, None)
    }

    /// The calls expected: at least `min`, at most `max`.
    fn calls(self, min: usize, max: Option<usize>) -> Self {
        let mut rule = lock(&self.rule);
        (rule.min, rule.max) = (min, max);
        drop(rule);
        self
    }

    /// Wait `delay` before each answer (with tokio's timer: a test with paused time does not
    /// really wait).
    pub fn delay(self, delay: Duration) -> Self {
        lock(&self.rule).delay = Some(delay);
        self
    }

    /// Answer with Appwrite's error: `status`, its `type` and `message`, e.g.
    /// `.fails(401, "user_unauthorized", "The current user is not authorized to perform the requested action.")`.
    /// The call returns [`Error::Api`].
    pub fn fails(self, status: u16, kind: &str, message: &str) -> Self {
        self.answer(Answer::Response(MockResponse::error(status, kind, message)))
    }

    /// Answer `429 general_rate_limit_exceeded` with `Retry-After` and Appwrite's rate-limit
    /// headers (limit 60, none remaining, reset after `retry_after`).
    pub fn rate_limited(self, retry_after: Duration) -> Self {
        let reset = std::time::SystemTime::now()
            .checked_add(retry_after)
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs());
        let response = MockResponse::error(
            429,
            "general_rate_limit_exceeded",
            "Rate limit for the current endpoint has been exceeded. Please try again after some time.",
        )
        .header("retry-after", &retry_after.as_secs().to_string())
        .header("x-ratelimit-limit", "60")
        .header("x-ratelimit-remaining", "0")
        .header("x-ratelimit-reset", &reset.to_string());
        self.answer(Answer::Response(response))
    }

    /// Answer with any status, headers and body.
    pub fn responds(self, response: MockResponse) -> Self {
        self.answer(Answer::Response(response))
    }

    /// Fail as the network would: the call returns [`Error::Transport`] of this `kind`.
    pub fn transport_error(self, kind: TransportErrorKind) -> Self {
        self.answer(Answer::Transport(kind, format!("mocked {kind} failure")))
    }

    /// The same expectation, answered with another type (the `_as` expectations: the user
    /// data as the caller's type).
    #[allow(dead_code, reason = "the generated expectations types call it; the runtime has none")]
    pub(crate) fn typed<B>(self) -> Expect<P, B> {
        Expect { rule: self.rule, state: self.state, capture: self.capture, types: PhantomData }
    }

    fn answer(self, answer: Answer) -> Self {
        lock(&self.rule).answers.push(answer);
        self
    }
}

impl<P, T: Serialize> Expect<P, Json<T>> {
    /// Answer `200` with `value` as JSON (as the method's response model, or your own type
    /// through its `_as` expectation).
    ///
    /// # Panics
    ///
    /// When `value` cannot be serialized.
    #[track_caller]
    pub fn returns(self, value: T) -> Self {
        self.responds(MockResponse::new(200).json(&value))
    }
}

impl<P> Expect<P, Empty> {
    /// Answer `204 No Content`.
    pub fn succeeds(self) -> Self {
        self.responds(MockResponse::new(204))
    }
}

impl<P> Expect<P, Text> {
    /// Answer `200` with `text`.
    pub fn returns(self, text: impl Into<String>) -> Self {
        self.responds(MockResponse::new(200).header("content-type", "text/plain").body(text.into()))
    }
}

impl<P> Expect<P, Bytes> {
    /// Answer `200` with `bytes` (what the download yields).
    pub fn returns(self, bytes: impl Into<Vec<u8>>) -> Self {
        self.responds(MockResponse::new(200).header("content-type", "application/octet-stream").body(bytes))
    }
}

impl<P> Expect<P, Redirect> {
    /// Answer `301` to `location` (what the call returns).
    pub fn redirects_to(self, location: &str) -> Self {
        self.responds(MockResponse::new(301).header("location", location))
    }
}

/// A request a [`Mock`] received: what the client sent, as the server would see it.
#[derive(Debug, Clone)]
pub struct MockRequest {
    method: &'static str,
    /// The path after the endpoint's (e.g. `/account`).
    path: String,
    query: Vec<(String, String)>,
    /// Names of the client's query credentials (not the method's parameters).
    credentials: Vec<String>,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl MockRequest {
    /// The request `client` was about to send, with the headers it adds to every request.
    fn new(client: &Client, request: &reqwest::Request) -> Self {
        let method = match request.method().as_str() {
            "GET" => "GET",
            "POST" => "POST",
            "PUT" => "PUT",
            "PATCH" => "PATCH",
            "DELETE" => "DELETE",
            "HEAD" => "HEAD",
            "OPTIONS" => "OPTIONS",
            "TRACE" => "TRACE",
            _ => "OTHER",
        };
        let base = client.base_url().path().trim_end_matches('/');
        let path = request.url().path();
        let path = path.strip_prefix(base).unwrap_or(path).to_owned();
        let query = request.url().query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let mut headers = client.default_headers().clone();
        for (name, value) in request.headers() {
            headers.insert(name, value.clone());
        }
        MockRequest {
            method,
            path,
            query,
            credentials: client.query_credentials().map(|(k, _)| k.to_owned()).collect(),
            headers,
            body: request.body().and_then(reqwest::Body::as_bytes).map(<[u8]>::to_vec).unwrap_or_default(),
        }
    }

    /// The HTTP verb, e.g. `POST`.
    pub fn method(&self) -> &str {
        self.method
    }

    /// The path after the endpoint's, percent-encoded as sent, e.g. `/account/sessions/current`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The first value of a query parameter (e.g. `queries[0]`), decoded.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every query parameter, decoded, in order.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// A header's value (the client's own included), when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body, as sent (one chunk of an upload).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The JSON body decoded into `T` (`serde_json::Value`, or your own type); `None` when the
    /// body is not that.
    pub fn json<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.body).ok()
    }

    /// A text field of a multipart body (an upload's `fileId`, a function's `entrypoint`).
    pub fn form_field(&self, name: &str) -> Option<String> {
        self.form()?.into_iter().find(|p| p.name == name && p.filename.is_none()).map(|p| p.text())
    }

    /// The parts of a multipart body.
    fn form(&self) -> Option<Vec<Part<'_>>> {
        let boundary = self.content_type().strip_prefix("multipart/form-data; boundary=")?;
        Some(parse_multipart(&self.body, boundary))
    }

    fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }
}

/// One part of a multipart body.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Part<'a> {
    name: String,
    filename: Option<String>,
    content: &'a [u8],
}

impl Part<'_> {
    fn text(&self) -> String {
        String::from_utf8_lossy(self.content).into_owned()
    }
}

/// The parts of a `multipart/form-data` body as the runtime writes it (a quoted `name`, an
/// optional quoted `filename`).
fn parse_multipart<'a>(body: &'a [u8], boundary: &str) -> Vec<Part<'a>> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(start) = find(rest, delimiter) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let rest_after_line = rest.strip_prefix(b"\r\n").unwrap_or(rest);
        let Some(head_end) = find(rest_after_line, b"\r\n\r\n") else { break };
        let head = String::from_utf8_lossy(&rest_after_line[..head_end]);
        let content_start = &rest_after_line[head_end + 4..];
        let end = find(content_start, delimiter).unwrap_or(content_start.len());
        let content = &content_start[..end];
        let content = content.strip_suffix(b"\r\n").unwrap_or(content);
        parts.push(Part {
            name: quoted(&head, "name").unwrap_or_default(),
            filename: quoted(&head, "filename"),
            content,
        });
        rest = &content_start[end..];
    }
    parts
}

/// The value of `key="…"` in a part's headers (as the runtime escapes it).
fn quoted(head: &str, key: &str) -> Option<String> {
    let marker = format!("; {key}=\"");
    let start = head.find(&marker)? + marker.len();
    let end = head[start..].find('"')?;
    Some(head[start..start + end].to_owned())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// How `actual` differs from `expected` (made by the expected parameters), when it does: path,
/// the method's query parameters, headers and body.
fn difference(expected: &MockRequest, actual: &MockRequest) -> Option<String> {
    if expected.path != actual.path {
        return Some(format!("path: expected {}, got {}", expected.path, actual.path));
    }
    let mut want: Vec<_> = expected.query.iter().collect();
    let mut got: Vec<_> = actual.query.iter().filter(|(k, _)| !actual.credentials.contains(k)).collect();
    want.sort();
    got.sort();
    if want != got {
        return Some(format!("query: expected {}, got {}", pairs(&want), pairs(&got)));
    }
    for (name, value) in &expected.headers {
        if CLIENT_HEADERS.contains(&name.as_str()) {
            continue;
        }
        let got = actual.headers.get(name);
        if got != Some(value) {
            return Some(format!("header `{name}`: expected {value:?}, got {got:?}"));
        }
    }
    body_difference(expected, actual)
}

fn pairs(pairs: &[&(String, String)]) -> String {
    let all: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("[{}]", all.join(", "))
}

fn body_difference(expected: &MockRequest, actual: &MockRequest) -> Option<String> {
    let content_type = expected.content_type();
    if content_type.starts_with("multipart/form-data") {
        // Text fields by value, files by name and file name (not their bytes: a chunk of an
        // upload has only part of them).
        let fields = |r: &MockRequest| -> Vec<(String, Option<String>, Option<String>)> {
            let mut parts: Vec<_> = r
                .form()
                .unwrap_or_default()
                .into_iter()
                .map(|p| {
                    let text = p.filename.is_none().then(|| p.text());
                    (p.name, p.filename, text)
                })
                .collect();
            parts.sort();
            parts
        };
        let (want, got) = (fields(expected), fields(actual));
        return (want != got).then(|| format!("form: expected {want:?}, got {got:?}"));
    }
    if content_type.starts_with("application/json") || expected.body.is_empty() && actual.body.is_empty() {
        let parse = |r: &MockRequest| {
            if r.body.is_empty() { Some(serde_json::Value::Null) } else { serde_json::from_slice(&r.body).ok() }
        };
        let (want, got) = (parse(expected), parse(actual));
        if want == got {
            return None;
        }
        if let (Some(serde_json::Value::Object(want)), Some(serde_json::Value::Object(got))) = (&want, &got) {
            let mut keys: Vec<&String> = want.keys().chain(got.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                if want.get(key) != got.get(key) {
                    let show = |v: Option<&serde_json::Value>| v.map_or("nothing".to_owned(), |v| v.to_string());
                    return Some(format!(
                        "body field `{key}`: expected {}, got {}",
                        show(want.get(key)),
                        show(got.get(key))
                    ));
                }
            }
        }
        let show = |v: Option<serde_json::Value>| v.map_or("a body that is not JSON".to_owned(), |v| v.to_string());
        return Some(format!("body: expected {}, got {}", show(want), show(got)));
    }
    (expected.body != actual.body).then(|| {
        format!(
            "body: expected {:?}, got {:?}",
            String::from_utf8_lossy(&expected.body),
            String::from_utf8_lossy(&actual.body)
        )
    })
}

impl State {
    fn new(capturing: bool) -> Arc<Self> {
        Arc::new(State {
            rules: Mutex::new(Vec::new()),
            unexpected: Mutex::new(Vec::new()),
            received: Mutex::new(Vec::new()),
            captured: capturing.then(|| Mutex::new(None)),
            capturing: Mutex::new(None),
        })
    }

    /// The request `call` makes for `params` (the method's own request building, on a client
    /// whose sending records the request instead).
    fn capture<P>(&self, call: fn(&Client, &P), params: &P) -> std::result::Result<MockRequest, String> {
        let mut capturing = lock(&self.capturing);
        let client = capturing.get_or_insert_with(|| {
            // The double has no expectations: nothing to verify when it drops.
            let double = Mock { state: State::new(true), checked: AtomicBool::new(true) };
            double.client()
        });
        call(client, params);
        let captured = client.mock_state().and_then(|state| state.captured.as_ref()).and_then(|slot| lock(slot).take());
        captured.ok_or_else(|| {
            "its parameters made no request to compare with (an upload whose file is read from a path: \
             give the expected file with `InputFile::from_bytes`, or use `matching`)"
                .to_owned()
        })
    }

    /// The answer to `request`, and the delay before it.
    fn answer(&self, request: MockRequest) -> (Answer, Option<Duration>) {
        lock(&self.received).push(request.clone());
        let rules: Vec<_> = lock(&self.rules).clone();
        let mut matching = Vec::new();
        let mut nearest = None;
        for rule in rules {
            let guard = lock(&rule);
            if !guard.route.matches(&request) {
                continue;
            }
            match guard.mismatch(&request) {
                None => {
                    drop(guard);
                    matching.push(rule);
                }
                Some(why) => {
                    nearest.get_or_insert_with(|| format!("{} does not match: {why}", guard.describe()));
                }
            }
        }
        let chosen = matching.iter().find(|r| !lock(r).saturated()).or(matching.first());
        let call = format!("{} {}", request.method, request.path);
        let failure = match chosen {
            Some(rule) => {
                let mut rule = lock(rule);
                rule.calls += 1;
                let index = (rule.calls - 1).min(rule.answers.len().saturating_sub(1));
                match rule.answers.get(index) {
                    Some(answer) => return (answer.clone(), rule.delay),
                    None => format!(
                        "call {call} to {} has no answer: give one with `.returns(…)`, `.fails(…)` or another answer",
                        rule.describe()
                    ),
                }
            }
            None => match nearest {
                Some(why) => format!("unexpected call {call}: {why}"),
                None => format!("unexpected call {call}: no expectation of this method was declared"),
            },
        };
        lock(&self.unexpected).push(failure.clone());
        (Answer::Transport(TransportErrorKind::Other, failure), None)
    }
}

/// Send `request` to the mock `state` (instead of the network): its answer as the response.
pub(crate) fn send(
    client: &Client,
    state: &Arc<State>,
    request: reqwest::RequestBuilder,
) -> Pin<Box<dyn Future<Output = Result<reqwest::Response>> + Send>> {
    let request = match request.build() {
        Ok(request) => request,
        Err(e) => return Box::pin(std::future::ready(Err(Error::transport(e)))),
    };
    let url = request.url().clone();
    let recorded = MockRequest::new(client, &request);
    if let Some(slot) = &state.captured {
        *lock(slot) = Some(recorded);
        return Box::pin(std::future::ready(Err(Error::Config("captured by the mock".to_owned()))));
    }
    let state = state.clone();
    Box::pin(async move {
        let (answer, delay) = state.answer(recorded);
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        answer.into_response(url)
    })
}

/// Poll a call's future once, so that it sends its request (an upload's first chunk); the
/// generated `…Mock` types capture the request a method makes with this.
#[allow(dead_code, reason = "the generated expectations types call it; the runtime has none")]
pub(crate) fn capture(call: impl Future) {
    let mut call = std::pin::pin!(call);
    let _ = call.as_mut().poll(&mut Context::from_waker(std::task::Waker::noop()));
}
