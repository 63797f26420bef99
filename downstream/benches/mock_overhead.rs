//! What a typed test double (the SDK's `mock` feature) costs a test, against a call of the same
//! method on a bare loopback HTTP server (a keep-alive server thread that answers canned JSON: the
//! least a test with a real socket pays).
//!
//! Variants, all `client.account().create(params)` decoding `models::User`, on one
//! current-thread tokio runtime:
//!
//! * `loopback_call`: a client on the bare loopback server (built once);
//! * `mock_call`: a client on a `Mock` (built once) whose expectation matches the call by its
//!   parameters (`.with(params)`, the request compared with the one the parameters make);
//! * `mock_test`: a whole test with a double: `Mock::new()`, the expectation, `mock.client()`,
//!   the call, `verify()`;
//! * `wiremock_test`: the same test with a wiremock server on loopback (start, mount a mock
//!   matching method, path and JSON body, build a client, call, verify on drop), as a test
//!   without the feature would be written.
//!
//! criterion measures each (group `mock_overhead`); then, under `cargo bench`, the median of
//! `MOCK_N` (default 2 000) timed runs of each, interleaved in 10 rounds, and its ratio to
//! `loopback_call`, measured in the same run.
//!
//! Run: `cargo bench -p downstream --bench mock_overhead`.

use std::hint::black_box;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use appwrite_server_sdk::Client;
use appwrite_server_sdk::mock::Mock;
use appwrite_server_sdk::models::User;
use appwrite_server_sdk::services::account::CreateParams;
use criterion::Criterion;

fn params() -> CreateParams {
    CreateParams::builder().user_id("ann").email("ann@example.com").password("correct horse battery").into()
}

fn user() -> User {
    let mut user = User::default();
    user.id = "ann".to_owned();
    user.name = "Ann".to_owned();
    user.email = "ann@example.com".to_owned();
    user
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 answering `body` to every request.
fn start_server(body: &str) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local addr");
    let response =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len())
            .into_bytes();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let response = response.clone();
            std::thread::spawn(move || serve(stream, &response));
        }
    });
    addr
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Answer each request (headers, then `content-length` bytes) on one connection.
fn serve(mut stream: TcpStream, response: &[u8]) {
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let length = loop {
            if let Some(end) = find(&buf, b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                let body = head
                    .split("\r\n")
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if buf.len() >= end + 4 + body {
                    break end + 4 + body;
                }
            }
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        buf.drain(..length);
        if stream.write_all(response).is_err() {
            return;
        }
    }
}

struct Setup {
    runtime: tokio::runtime::Runtime,
    loopback: Client,
    mock: Mock,
    mocked: Client,
    user_json: String,
}

impl Setup {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let user_json = serde_json::to_string(&user()).expect("user JSON");
        let addr = start_server(&user_json);
        let loopback = Client::builder().endpoint(format!("http://{addr}/v1")).build().expect("client");
        let mock = Mock::new();
        mock.account().create().with(params()).at_least(0).returns(user());
        let mocked = mock.client();
        Setup { runtime, loopback, mock, mocked, user_json }
    }

    fn loopback_call(&self) {
        let user = self.runtime.block_on(self.loopback.account().create(params())).expect("loopback call");
        black_box(user);
    }

    fn mock_call(&self) {
        let user = self.runtime.block_on(self.mocked.account().create(params())).expect("mock call");
        black_box(user);
    }

    fn mock_test(&self) {
        self.runtime.block_on(async {
            let mock = Mock::new();
            mock.account().create().with(params()).times(1).returns(user());
            let user = mock.client().account().create(params()).await.expect("mocked test call");
            black_box(user);
            mock.verify();
        });
    }

    fn wiremock_test(&self) {
        use wiremock::matchers::{body_json, method, path};
        self.runtime.block_on(async {
            let server = wiremock::MockServer::start().await;
            wiremock::Mock::given(method("POST"))
                .and(path("/v1/account"))
                .and(body_json(serde_json::json!({
                    "userId": "ann", "email": "ann@example.com", "password": "correct horse battery"
                })))
                .respond_with(
                    wiremock::ResponseTemplate::new(200).set_body_raw(self.user_json.clone(), "application/json"),
                )
                .expect(1)
                .mount(&server)
                .await;
            let client = Client::builder().endpoint(format!("{}/v1", server.uri())).build().expect("client");
            let user = client.account().create(params()).await.expect("wiremock test call");
            black_box(user);
        });
    }
}

type Variant = (&'static str, fn(&Setup));

const VARIANTS: [Variant; 4] = [
    ("loopback_call", Setup::loopback_call),
    ("mock_call", Setup::mock_call),
    ("mock_test", Setup::mock_test),
    ("wiremock_test", Setup::wiremock_test),
];

fn criterion_benches(c: &mut Criterion, setup: &Setup) {
    let mut group = c.benchmark_group("mock_overhead");
    for (name, run) in VARIANTS {
        group.bench_function(name, |b| b.iter(|| run(setup)));
    }
    group.finish();
}

/// The median of `n` timed runs of each variant, interleaved in 10 rounds, and its ratio to
/// `loopback_call`.
fn medians(setup: &Setup) {
    let n: usize = std::env::var("MOCK_N").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(n); VARIANTS.len()];
    for _round in 0..10 {
        for (i, (_, run)) in VARIANTS.iter().enumerate() {
            for _ in 0..n / 10 {
                let start = Instant::now();
                run(setup);
                times[i].push(start.elapsed());
            }
        }
    }
    let median = |t: &mut Vec<Duration>| {
        t.sort_unstable();
        t[t.len() / 2]
    };
    let medians: Vec<Duration> = times.iter_mut().map(median).collect();
    println!("\nmedian of {n} runs each (interleaved in 10 rounds), ratio to loopback_call:");
    for ((name, _), m) in VARIANTS.iter().zip(&medians) {
        println!(
            "  {name:<14} {:>10.1} µs  {:>6.2}×",
            m.as_secs_f64() * 1e6,
            m.as_secs_f64() / medians[0].as_secs_f64()
        );
    }
}

fn main() {
    let setup = Setup::new();
    // Each variant once, so that a broken one fails before anything is measured.
    for (_, run) in VARIANTS {
        run(&setup);
    }
    let mut criterion = Criterion::default().configure_from_args();
    criterion_benches(&mut criterion, &setup);
    criterion.final_summary();
    if std::env::args().any(|a| a == "--bench") {
        medians(&setup);
    }
    setup.mock.verify();
}
