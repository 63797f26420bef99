//! Per-call overhead of the SDK against a bare `reqwest` request sending the same bytes.
//!
//! A minimal HTTP/1.1 keep-alive server runs on 127.0.0.1 in a background thread and answers
//! canned JSON. Four request shapes are compared, each as "SDK" vs "bare":
//!
//! * `create` (JSON body of text fields): `client.account().create(CreateParams::builder()...)`
//!   decoding `models::User`, vs a bare `reqwest::Client` POST of the same JSON body (a
//!   `#[derive(Serialize)]` struct), decoded into the same `models::User` with `serde_json`;
//! * `list_identities` (query string): `list_identities(ListIdentitiesParams::builder()
//!   .queries([Query::limit(5)]).total(false))` vs a bare GET of the same query string, decoding
//!   `models::IdentityList`;
//! * `get_session` (path parameter): `get_session(GetSessionParams::builder().session_id(..))` vs a
//!   bare GET of `format!("{endpoint}/account/sessions/{id}")`, decoding `models::Session`;
//! * `update_prefs` (object body field): `update_prefs(UpdatePrefsParams::builder().prefs(&prefs))`
//!   with `prefs` a `#[derive(Serialize)]` struct, vs a bare PATCH of `{"prefs":{..}}` serialized
//!   from a `#[derive(Serialize)]` struct holding `&prefs`, decoding `models::User`.
//!
//! Before measuring, the bench records the raw request (request line, headers, body) each
//! variant sends and asserts that SDK and bare send identical bytes, and that both decode to
//! equal values.
//!
//! Three measurements, all on one current-thread tokio runtime (so the client side, including
//! hyper's connection task, runs on the calling thread):
//!
//! 1. criterion, wall time per call (group `per_call`);
//! 2. CPU time per call over `PER_CALL_N` calls (default 20 000) of each variant, interleaved in
//!    10 rounds: the client thread's CPU time from `/proc/thread-self/schedstat` (ns resolution;
//!    excludes the server thread) and the whole process' `utime+stime` from `/proc/self/stat`
//!    (clock ticks; includes the server thread, which does the same work for both variants);
//! 3. heap allocations per call on the client thread, counted by a global allocator that keeps
//!    per-thread counters.
//!
//! 2 and 3 run only under `cargo bench` (criterion's `--bench` flag), after criterion.
//!
//! Profiling: `PER_CALL_ONLY=<variant>` (`create_sdk`, `create_bare`, `identities_sdk`,
//! `identities_bare`, `session_sdk`, `session_bare`, `prefs_sdk`, `prefs_bare`) with
//! `PER_CALL_N=<n>` skips criterion and just runs that variant `n` times (e.g. under
//! `valgrind --tool=callgrind --separate-threads=yes`; the difference between two runs with
//! different `n`, divided by the difference in `n`, is the per-call instruction count;
//! `xtask/benches/callgrind.sh` does this for every variant).
//!
//! Run: `cargo bench -p xtask --bench per_call`. On a small or shared machine,
//! `taskset -c 1 cargo bench ...` (client and server on one CPU) gives much steadier numbers:
//! unpinned, which CPU each thread wakes up on dominates the wall and CPU time per call.
//! Results and method: `xtask/benches/RESULTS.md`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use appwrite_server_sdk::services::account::{CreateParams, GetSessionParams, ListIdentitiesParams, UpdatePrefsParams};
use appwrite_server_sdk::{Client, Query, models};
use criterion::Criterion;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};

// ---------------------------------------------------------------------------------------------
// Allocation counting (per thread, so the server thread does not count).

struct CountingAlloc;

thread_local! {
    static ALLOCS: Cell<u64> = const { Cell::new(0) };
    static ALLOC_BYTES: Cell<u64> = const { Cell::new(0) };
}

fn note_alloc(size: usize) {
    let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
    let _ = ALLOC_BYTES.try_with(|c| c.set(c.get() + size as u64));
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counters are
// const-initialised thread-locals without destructors, so touching them never allocates.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_alloc(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_alloc(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_alloc(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// (allocations incl. reallocs, bytes requested) on this thread so far.
fn thread_allocs() -> (u64, u64) {
    (ALLOCS.with(Cell::get), ALLOC_BYTES.with(Cell::get))
}

// ---------------------------------------------------------------------------------------------
// Canned responses.

const USER_JSON: &str = r#"{"$id":"5e5ea5c16897e","$createdAt":"2020-10-15T06:38:00.000+00:00","$updatedAt":"2020-10-15T06:38:00.000+00:00","name":"John Doe","password":"$argon2id$v=19$m=2048,t=4,p=3$aUZjLnliVWRINmFNTWMudg$5S+x+7uA31xFnrHFT47yFwcJeaP0w92L/4LdgrVRXxE","hash":"argon2","hashOptions":{"type":"argon2","memoryCost":65536,"timeCost":4,"threads":3},"registration":"2020-10-15T06:38:00.000+00:00","status":true,"labels":["vip"],"passwordUpdate":"2020-10-15T06:38:00.000+00:00","email":"john@appwrite.io","phone":"+4930901820","emailVerification":true,"phoneVerification":true,"mfa":true,"prefs":{"theme":"pink","timezone":"UTC"},"targets":[{"$id":"259125845563242502","$createdAt":"2020-10-15T06:38:00.000+00:00","$updatedAt":"2020-10-15T06:38:00.000+00:00","name":"Apple iPhone 12","userId":"259125845563242502","providerId":"259125845563242502","providerType":"email","identifier":"token","expired":false}],"accessedAt":"2020-10-15T06:38:00.000+00:00"}"#;

const IDENTITY_JSON: &str = r#"{"$id":"5e5ea5c16897e","$createdAt":"2020-10-15T06:38:00.000+00:00","$updatedAt":"2020-10-15T06:38:00.000+00:00","userId":"5e5bb8c16897e","provider":"email","providerUid":"5e5bb8c16897e","providerEmail":"user@example.com","providerAccessToken":"MTQ0NjJkZmQ5OTM2NDE1ZTZjNGZmZjI3","providerAccessTokenExpiry":"2020-10-15T06:38:00.000+00:00","providerRefreshToken":"MTQ0NjJkZmQ5OTM2NDE1ZTZjNGZmZjI3"}"#;

const SESSION_JSON: &str = r#"{"$id":"5e5ea5c16897e","$createdAt":"2020-10-15T06:38:00.000+00:00","$updatedAt":"2020-10-15T06:38:00.000+00:00","userId":"5e5bb8c16897e","expire":"2020-10-15T06:38:00.000+00:00","provider":"email","providerUid":"user@example.com","providerAccessToken":"MTQ0NjJkZmQ5OTM2NDE1ZTZjNGZmZjI3","providerAccessTokenExpiry":"2020-10-15T06:38:00.000+00:00","providerRefreshToken":"MTQ0NjJkZmQ5OTM2NDE1ZTZjNGZmZjI3","ip":"127.0.0.1","osCode":"Mac","osName":"Mac","osVersion":"Mac","clientType":"browser","clientCode":"CM","clientName":"Chrome Mobile iOS","clientVersion":"84.0","clientEngine":"WebKit","clientEngineVersion":"605.1.15","deviceName":"smartphone","deviceBrand":"Google","deviceModel":"Nexus 5","countryCode":"US","countryName":"United States","current":true,"factors":["email"],"secret":"5e5bb8c16897e","mfaUpdatedAt":"2020-10-15T06:38:00.000+00:00"}"#;

fn identity_list_json() -> String {
    format!(r#"{{"total":2,"identities":[{IDENTITY_JSON},{IDENTITY_JSON}]}}"#)
}

fn http_response(status: &str, body: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len())
        .into_bytes()
}

// ---------------------------------------------------------------------------------------------
// The loopback server.

/// Most connections the server accepts over its lifetime (two clients, pooled, need two).
const MAX_CONNECTIONS: usize = 1024;
/// Largest request (headers + body) the server accepts.
const MAX_REQUEST: usize = 64 * 1024;

struct Server {
    addr: SocketAddr,
    /// The raw bytes of the last request received.
    last_request: Arc<Mutex<Vec<u8>>>,
    /// Connections accepted so far.
    connections: Arc<AtomicUsize>,
}

fn start_server() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local addr");
    let last_request = Arc::new(Mutex::new(Vec::new()));
    let responses = Arc::new((
        http_response("200 OK", USER_JSON),
        http_response("200 OK", &identity_list_json()),
        http_response("200 OK", SESSION_JSON),
        http_response("404 Not Found", r#"{"message":"not found","code":404,"type":"general_route_not_found"}"#),
    ));
    let last = Arc::clone(&last_request);
    let connections = Arc::new(AtomicUsize::new(0));
    let accepted = Arc::clone(&connections);
    std::thread::Builder::new()
        .name("per-call-server".into())
        .spawn(move || {
            for stream in listener.incoming().take(MAX_CONNECTIONS) {
                let Ok(stream) = stream else { continue };
                accepted.fetch_add(1, Ordering::Relaxed);
                let responses = Arc::clone(&responses);
                let last = Arc::clone(&last);
                let _ = std::thread::Builder::new()
                    .name("per-call-conn".into())
                    .spawn(move || serve_connection(stream, &responses, &last));
            }
        })
        .expect("spawn server thread");
    Server { addr, last_request, connections }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    let head = std::str::from_utf8(head).unwrap_or("");
    head.split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}

/// Serve keep-alive requests on one connection until the peer closes it (or misbehaves).
fn serve_connection(
    mut stream: TcpStream,
    (user, identities, session, not_found): &(Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>),
    last: &Mutex<Vec<u8>>,
) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(300)));
    let mut buf: Vec<u8> = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    loop {
        // One request: headers, then content-length bytes of body.
        let request_len = loop {
            if let Some(end) = find(&buf, b"\r\n\r\n") {
                let total = end + 4 + content_length(&buf[..end]);
                if buf.len() >= total {
                    break total;
                }
            }
            if buf.len() > MAX_REQUEST {
                return;
            }
            match stream.read(&mut chunk) {
                Ok(0) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    eprintln!("per-call server: read error, closing the connection: {e}");
                    return;
                }
            }
        };
        let request = &buf[..request_len];
        let response = if request.starts_with(b"POST /v1/account ") || request.starts_with(b"PATCH /v1/account/prefs ")
        {
            user
        } else if request.starts_with(b"GET /v1/account/identities?") {
            identities
        } else if request.starts_with(b"GET /v1/account/sessions/") {
            session
        } else {
            not_found
        };
        {
            let mut last = last.lock().unwrap();
            last.clear();
            last.extend_from_slice(request);
        }
        if stream.write_all(response).is_err() {
            return;
        }
        buf.drain(..request_len);
    }
}

// ---------------------------------------------------------------------------------------------
// The variants: each operation through the SDK and as a bare reqwest call.

const PROJECT: &str = "bench-project";
const KEY: &str = "standard_0123456789abcdef0123456789abcdef";
const SESSION_ID: &str = "5e5ea5c16897e";

/// Bytes `URLSearchParams` leaves as they are (what the SDK's query strings use).
const FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'*').remove(b'-').remove(b'.').remove(b'_');

/// The JSON body of `POST /account`, as a hand-written caller would declare it.
#[derive(serde::Serialize)]
struct CreateBody<'a> {
    #[serde(rename = "userId")]
    user_id: &'a str,
    email: &'a str,
    password: &'a str,
    name: &'a str,
}

/// A user's preferences, as the caller's own type (both variants send it).
#[derive(serde::Serialize)]
struct Prefs<'a> {
    theme: &'a str,
    timezone: &'a str,
}

const PREFS: Prefs<'static> = Prefs { theme: "pink", timezone: "UTC" };

/// The JSON body of `PATCH /account/prefs`, as a hand-written caller would declare it.
#[derive(serde::Serialize)]
struct PrefsBody<'a> {
    prefs: &'a Prefs<'a>,
}

struct Fixture {
    rt: tokio::runtime::Runtime,
    server: Server,
    sdk: Client,
    bare: reqwest::Client,
    endpoint: String,
}

impl Fixture {
    fn new() -> Self {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let server = start_server();
        let endpoint = format!("http://{}/v1", server.addr);
        let sdk = Client::builder().endpoint(&endpoint).project(PROJECT).key(KEY).build().expect("SDK client");
        // The headers the SDK sends, set once on the bare client as a hand-written caller would.
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("x-sdk-name", "Rust".to_owned()),
            ("x-sdk-platform", "server".to_owned()),
            ("x-sdk-language", "rust".to_owned()),
            ("x-sdk-version", env!("CARGO_PKG_VERSION").to_owned()),
            (
                "user-agent",
                format!(
                    "appwrite-server-sdk/{} ({}; {})",
                    env!("CARGO_PKG_VERSION"),
                    std::env::consts::OS,
                    std::env::consts::ARCH
                ),
            ),
            ("x-appwrite-response-format", "1.9.0".to_owned()),
            ("x-appwrite-project", PROJECT.to_owned()),
            ("x-appwrite-key", KEY.to_owned()),
        ] {
            headers.insert(HeaderName::from_static(name), HeaderValue::from_str(&value).unwrap());
        }
        let bare = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .expect("bare client");
        Fixture { rt, server, sdk, bare, endpoint }
    }

    async fn create_sdk(&self) -> models::User {
        self.sdk
            .account()
            .create(
                CreateParams::builder()
                    .user_id("5e5ea5c16897e")
                    .email("john@appwrite.io")
                    .password("correct horse battery staple")
                    .name("John Doe"),
            )
            .await
            .expect("SDK create")
    }

    async fn create_bare(&self) -> models::User {
        let body = serde_json::to_vec(&CreateBody {
            user_id: "5e5ea5c16897e",
            email: "john@appwrite.io",
            password: "correct horse battery staple",
            name: "John Doe",
        })
        .unwrap();
        let response = self
            .bare
            .post(format!("{}/account", self.endpoint))
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body)
            .send()
            .await
            .expect("bare create");
        assert!(response.status().is_success());
        let bytes = response.bytes().await.expect("bare create body");
        serde_json::from_slice(&bytes).expect("decode User")
    }

    async fn identities_sdk(&self) -> models::IdentityList {
        self.sdk
            .account()
            .list_identities(ListIdentitiesParams::builder().queries([Query::limit(5)]).total(false))
            .await
            .expect("SDK list_identities")
    }

    async fn identities_bare(&self) -> models::IdentityList {
        const LIMIT_5: &str = r#"{"method":"limit","values":[5]}"#;
        let url = format!(
            "{}/account/identities?queries%5B0%5D={}&total=false",
            self.endpoint,
            utf8_percent_encode(LIMIT_5, FORM)
        );
        let response = self.bare.get(url).send().await.expect("bare list_identities");
        assert!(response.status().is_success());
        let bytes = response.bytes().await.expect("bare list_identities body");
        serde_json::from_slice(&bytes).expect("decode IdentityList")
    }

    async fn session_sdk(&self) -> models::Session {
        self.sdk
            .account()
            .get_session(GetSessionParams::builder().session_id(SESSION_ID))
            .await
            .expect("SDK get_session")
    }

    async fn session_bare(&self) -> models::Session {
        // The ID is interpolated as it is (it needs no percent-encoding), the cheapest a
        // hand-written caller can do; the SDK checks and percent-encodes every path segment.
        let response = self
            .bare
            .get(format!("{}/account/sessions/{SESSION_ID}", self.endpoint))
            .send()
            .await
            .expect("bare get_session");
        assert!(response.status().is_success());
        let bytes = response.bytes().await.expect("bare get_session body");
        serde_json::from_slice(&bytes).expect("decode Session")
    }

    async fn prefs_sdk(&self) -> models::User {
        self.sdk.account().update_prefs(UpdatePrefsParams::builder().prefs(&PREFS)).await.expect("SDK update_prefs")
    }

    async fn prefs_bare(&self) -> models::User {
        let body = serde_json::to_vec(&PrefsBody { prefs: &PREFS }).unwrap();
        let response = self
            .bare
            .patch(format!("{}/account/prefs", self.endpoint))
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body)
            .send()
            .await
            .expect("bare update_prefs");
        assert!(response.status().is_success());
        let bytes = response.bytes().await.expect("bare update_prefs body");
        serde_json::from_slice(&bytes).expect("decode User")
    }

    /// Run `variant` `n` times on the runtime.
    fn run(&self, variant: Variant, n: u64) {
        self.rt.block_on(async {
            for _ in 0..n {
                match (variant.op, variant.sdk) {
                    (Op::Create, true) => drop(black_box(self.create_sdk().await)),
                    (Op::Create, false) => drop(black_box(self.create_bare().await)),
                    (Op::Identities, true) => drop(black_box(self.identities_sdk().await)),
                    (Op::Identities, false) => drop(black_box(self.identities_bare().await)),
                    (Op::Session, true) => drop(black_box(self.session_sdk().await)),
                    (Op::Session, false) => drop(black_box(self.session_bare().await)),
                    (Op::Prefs, true) => drop(black_box(self.prefs_sdk().await)),
                    (Op::Prefs, false) => drop(black_box(self.prefs_bare().await)),
                }
            }
        });
    }

    /// The raw request one call of `variant` sends.
    fn captured(&self, variant: Variant) -> String {
        self.run(variant, 1);
        String::from_utf8(self.server.last_request.lock().unwrap().clone()).expect("UTF-8 request")
    }

    /// Assert that SDK and bare send the same bytes and decode the same values.
    fn check_same_requests(&self) {
        for op in Op::ALL {
            let (sdk, bare) = (Variant { op, sdk: true }, Variant { op, sdk: false });
            let (a, b) = (self.captured(sdk), self.captured(bare));
            assert_eq!(a, b, "{} and {} send different requests", sdk.name(), bare.name());
            eprintln!("{} == {}: identical {}-byte requests:\n{}\n", sdk.name(), bare.name(), a.len(), a.trim_end());
        }
        self.rt.block_on(async {
            assert_eq!(self.create_sdk().await, self.create_bare().await);
            assert_eq!(self.identities_sdk().await, self.identities_bare().await);
            assert_eq!(self.session_sdk().await, self.session_bare().await);
            assert_eq!(self.prefs_sdk().await, self.prefs_bare().await);
        });
    }
}

/// A request shape the bench compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// `POST /account`, a JSON body of text fields.
    Create,
    /// `GET /account/identities?…`, a query string.
    Identities,
    /// `GET /account/sessions/{sessionId}`, a path parameter.
    Session,
    /// `PATCH /account/prefs`, a JSON body with an object field.
    Prefs,
}

impl Op {
    const ALL: [Op; 4] = [Op::Create, Op::Identities, Op::Session, Op::Prefs];

    /// The SDK method.
    fn method(self) -> &'static str {
        match self {
            Op::Create => "create",
            Op::Identities => "list_identities",
            Op::Session => "get_session",
            Op::Prefs => "update_prefs",
        }
    }
}

/// One operation, through the SDK or as a bare reqwest call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Variant {
    op: Op,
    sdk: bool,
}

impl Variant {
    /// Every variant, each operation's SDK variant before its bare one.
    fn all() -> impl Iterator<Item = Variant> {
        Op::ALL.into_iter().flat_map(|op| [Variant { op, sdk: true }, Variant { op, sdk: false }])
    }

    fn name(self) -> &'static str {
        match (self.op, self.sdk) {
            (Op::Create, true) => "create_sdk",
            (Op::Create, false) => "create_bare",
            (Op::Identities, true) => "identities_sdk",
            (Op::Identities, false) => "identities_bare",
            (Op::Session, true) => "session_sdk",
            (Op::Session, false) => "session_bare",
            (Op::Prefs, true) => "prefs_sdk",
            (Op::Prefs, false) => "prefs_bare",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CPU time.

/// CPU time of the calling thread, in ns (first field of `/proc/thread-self/schedstat`).
fn thread_cpu_ns() -> u64 {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").expect("/proc/thread-self/schedstat");
    text.split_whitespace().next().and_then(|f| f.parse().ok()).expect("schedstat field")
}

/// `utime + stime` of the whole process, in clock ticks (`/proc/self/stat` fields 14 and 15).
fn process_cpu_ticks() -> u64 {
    let text = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    let rest = &text[text.rfind(')').expect("stat format") + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

fn clock_ticks_per_second() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100)
}

#[derive(Default, Clone, Copy)]
struct Totals {
    calls: u64,
    wall_ns: u64,
    thread_cpu_ns: u64,
    process_ticks: u64,
    allocs: u64,
    alloc_bytes: u64,
    connections: usize,
}

fn cpu_section(fixture: &Fixture, n: u64) {
    const ROUNDS: u64 = 10;
    let per_round = (n / ROUNDS).max(1);
    let tck = clock_ticks_per_second();
    let mut totals = [Totals::default(); 2 * Op::ALL.len()];
    for _ in 0..ROUNDS {
        for (i, variant) in Variant::all().enumerate() {
            let c0 = fixture.server.connections.load(Ordering::Relaxed);
            let (a0, b0) = thread_allocs();
            let (t0, p0, w0) = (thread_cpu_ns(), process_cpu_ticks(), Instant::now());
            fixture.run(variant, per_round);
            let (w1, t1, p1) = (w0.elapsed(), thread_cpu_ns(), process_cpu_ticks());
            let (a1, b1) = thread_allocs();
            let t = &mut totals[i];
            t.calls += per_round;
            t.wall_ns += w1.as_nanos() as u64;
            t.thread_cpu_ns += t1 - t0;
            t.process_ticks += p1 - p0;
            t.allocs += a1 - a0;
            t.alloc_bytes += b1 - b0;
            t.connections += fixture.server.connections.load(Ordering::Relaxed) - c0;
        }
    }
    let us = |ns: f64, calls: u64| ns / 1000.0 / calls as f64;
    let proc_us = |t: &Totals| t.process_ticks as f64 * 1e6 / tck as f64 / t.calls as f64;
    println!();
    println!(
        "CPU time and allocations per call ({} calls of each variant, {ROUNDS} interleaved rounds; process CPU at {tck} ticks/s)",
        totals[0].calls
    );
    println!(
        "{:<16} {:>10} {:>16} {:>17} {:>12} {:>14} {:>10}",
        "variant", "wall µs", "thread CPU µs", "process CPU µs", "allocs", "alloc bytes", "new conns"
    );
    for (variant, t) in Variant::all().zip(&totals) {
        println!(
            "{:<16} {:>10.2} {:>16.2} {:>17.2} {:>12.1} {:>14.0} {:>10}",
            variant.name(),
            us(t.wall_ns as f64, t.calls),
            us(t.thread_cpu_ns as f64, t.calls),
            proc_us(t),
            t.allocs as f64 / t.calls as f64,
            t.alloc_bytes as f64 / t.calls as f64,
            t.connections,
        );
    }
    for (op, pair) in Op::ALL.into_iter().zip(totals.chunks(2)) {
        let (sdk, bare) = (&pair[0], &pair[1]);
        let op = op.method();
        println!(
            "ratio SDK/bare {op:<16} thread CPU {:.3}  process CPU {:.3}  wall {:.3}  allocs {:.2} (+{:.1}/call)",
            sdk.thread_cpu_ns as f64 / bare.thread_cpu_ns as f64,
            sdk.process_ticks as f64 / bare.process_ticks.max(1) as f64,
            sdk.wall_ns as f64 / bare.wall_ns as f64,
            sdk.allocs as f64 / bare.allocs as f64,
            (sdk.allocs as f64 - bare.allocs as f64) / sdk.calls as f64,
        );
    }
}

// ---------------------------------------------------------------------------------------------

fn criterion_group(c: &mut Criterion, fixture: &Fixture) {
    let mut group = c.benchmark_group("per_call");
    for variant in Variant::all() {
        group.bench_function(variant.name(), |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                fixture.run(variant, iters);
                start.elapsed()
            })
        });
    }
    group.finish();
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| v.parse().unwrap_or_else(|_| panic!("{name} must be a number")))
}

fn main() {
    let fixture = Fixture::new();
    fixture.check_same_requests();

    if let Ok(only) = std::env::var("PER_CALL_ONLY") {
        let variant = Variant::all().find(|v| v.name() == only).unwrap_or_else(|| {
            let names: Vec<&str> = Variant::all().map(Variant::name).collect();
            panic!("PER_CALL_ONLY must be one of {}", names.join(", "))
        });
        let n = env_u64("PER_CALL_N").unwrap_or(10_000);
        fixture.run(variant, n);
        eprintln!("ran {only} {n} times ({} connections)", fixture.server.connections.load(Ordering::Relaxed));
        return;
    }

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(50)
        .configure_from_args();
    criterion_group(&mut c, &fixture);
    c.final_summary();

    // CPU time and allocations: only when benchmarking (`cargo bench`), not under `cargo test`.
    if std::env::args().any(|a| a == "--bench") {
        cpu_section(&fixture, env_u64("PER_CALL_N").unwrap_or(20_000));
    }
}
