//! Property tests of response decoding, through public interfaces only:
//!
//! 1. arbitrary bytes and damaged versions of valid `User`, `SessionList` and `IdentityList`
//!    bodies (fields deleted, retyped, truncated, added; huge numbers; deep nesting) decode with
//!    `serde_json` into the models without panicking, and undamaged or merely extended bodies
//!    decode;
//! 2. real SDK calls against a mock server answering random statuses, headers and bodies return
//!    `Ok` or an `Err` that displays something and, for 4xx/5xx, carries the status.
//!
//! The fixed scenarios (malformed success bodies, huge error bodies, warning headers, big
//! integers) are in `robustness.rs`; this file explores around them.

mod common;

use std::time::Duration;

use appwrite_server_sdk::models::{IdentityList, SessionList, User};
use appwrite_server_sdk::services::account::ListIdentitiesParams;
use appwrite_server_sdk::{Client, Error};
use common::Model;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use reqwest::header::HeaderValue;
use serde_json::{Value, json};
use wiremock::matchers::any as any_request;
use wiremock::{Mock, MockServer, ResponseTemplate};

const MODELS: [Model; 3] = [Model::User, Model::SessionList, Model::IdentityList];

/// `cases` times `$DECODE_PROPS_SCALE` (default 1), for longer bug hunts.
fn config(cases: u32) -> Config {
    let scale: u32 = std::env::var("DECODE_PROPS_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    Config { cases: cases * scale, failure_persistence: None, ..Config::default() }
}

/// Decode `bytes` as `model`; `Ok(true)` when it decodes. A decoded value re-encodes and decodes
/// again to the same value. Decode errors must say something.
fn decode(model: Model, bytes: &[u8]) -> Result<bool, TestCaseError> {
    fn one<T>(bytes: &[u8]) -> Result<bool, TestCaseError>
    where
        T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
    {
        match serde_json::from_slice::<T>(bytes) {
            Ok(value) => {
                let again: T = serde_json::from_slice(&serde_json::to_vec(&value).unwrap())
                    .map_err(|e| TestCaseError::fail(format!("re-encoded value does not decode: {e}")))?;
                // Floats may move by an ulp through a round trip; none of these models has one
                // outside free-form `prefs`, so compare only what is float-free.
                let text = serde_json::to_string(&value).unwrap();
                if !text.contains("e-") && !text.contains("e+") {
                    prop_assert_eq!(&again, &value);
                }
                Ok(true)
            }
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
                Ok(false)
            }
        }
    }
    match model {
        Model::User => one::<User>(bytes),
        Model::SessionList => one::<SessionList>(bytes),
        Model::IdentityList => one::<IdentityList>(bytes),
        other => unreachable!("{other:?}"),
    }
}

// ------------------------------------------------------------------------------ JSON damage

/// Pointers of every node below the root.
fn pointers(v: &Value) -> Vec<String> {
    fn walk(v: &Value, at: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                    out.push(p.clone());
                    walk(child, &p, out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let p = format!("{at}/{i}");
                    out.push(p.clone());
                    walk(child, &p, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, "", &mut out);
    out
}

/// Raw JSON text that a `Value` cannot hold: numbers beyond `f64`/`i64`, deep nesting.
const RAW: &[&str] = &[
    "1e400",
    "-1e400",
    "18446744073709551616",
    "-9223372036854775809",
    "9223372036854775807",
    "123456789012345678901234567890",
    "1.5",
    "-0",
    "0.0000000000000000000000000000001",
    "1E2",
];

#[derive(Debug, Clone)]
enum Damage {
    /// Delete a node.
    Delete(Index),
    /// Replace a node with a value of another type.
    Retype(Index, usize),
    /// Replace a node with raw text (`RAW`) or `depth` nested arrays/objects.
    Raw(Index, usize),
    Deep(Index, usize, bool),
}

/// Harmless changes: the body must still decode.
#[derive(Debug, Clone)]
enum Extension {
    /// An unknown field with any value in some object (not in free-form `prefs`, which is data).
    Field(Index, String, Value),
    /// A string value replaced by any text.
    Text(Index, String),
    /// The free-form `prefs` replaced by any object.
    Prefs(serde_json::Map<String, Value>),
}

fn replacement(i: usize) -> Value {
    [json!(null), json!(true), json!(0), json!(-1), json!(2.5), json!(""), json!("x"), json!([]), json!([1]), json!({})]
        [i % 10]
        .clone()
}

const MARK: &str = "\u{1}RAW";

/// Apply damage; returns the body text (raw pieces are spliced into the serialized text).
fn damaged(mut doc: Value, damage: &[Damage]) -> String {
    let mut raws = Vec::new();
    for d in damage {
        let all = pointers(&doc);
        if all.is_empty() {
            break;
        }
        match d {
            Damage::Delete(i) => {
                let p = i.get(&all).clone();
                let (parent, key) = p.rsplit_once('/').unwrap();
                match doc.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&key.replace("~1", "/").replace("~0", "~"));
                    }
                    Some(Value::Array(items)) => {
                        items.remove(key.parse::<usize>().unwrap());
                    }
                    _ => {}
                }
            }
            Damage::Retype(i, r) => *doc.pointer_mut(i.get::<String>(&all)).unwrap() = replacement(*r),
            Damage::Raw(i, r) => {
                *doc.pointer_mut(i.get::<String>(&all)).unwrap() = json!(format!("{MARK}{}", raws.len()));
                raws.push(RAW[r % RAW.len()].to_owned());
            }
            Damage::Deep(i, depth, arrays) => {
                *doc.pointer_mut(i.get::<String>(&all)).unwrap() = json!(format!("{MARK}{}", raws.len()));
                let (open, close) = if *arrays { ("[", "]") } else { ("{\"a\":", "}") };
                raws.push(format!("{}1{}", open.repeat(*depth), close.repeat(*depth)));
            }
        }
    }
    let mut text = serde_json::to_string(&doc).unwrap();
    for (n, raw) in raws.iter().enumerate().rev() {
        let marker = serde_json::to_string(&format!("{MARK}{n}")).unwrap();
        text = text.replace(&marker, raw);
    }
    text
}

fn extended(mut doc: Value, extensions: &[Extension]) -> Value {
    for e in extensions {
        match e {
            Extension::Field(i, key, value) => {
                let objects: Vec<String> = std::iter::once(String::new())
                    .chain(pointers(&doc))
                    .filter(|p| !p.starts_with("/prefs") && doc.pointer(p).is_some_and(Value::is_object))
                    .collect();
                let target = i.get(&objects).clone();
                if let Some(Value::Object(map)) = doc.pointer_mut(&target) {
                    map.insert(format!("zz{key}"), value.clone());
                }
            }
            Extension::Text(i, text) => {
                let strings: Vec<String> =
                    pointers(&doc).into_iter().filter(|p| doc.pointer(p).is_some_and(Value::is_string)).collect();
                if !strings.is_empty() {
                    *doc.pointer_mut(i.get::<String>(&strings)).unwrap() = json!(text);
                }
            }
            Extension::Prefs(map) => {
                if doc.get("prefs").is_some() {
                    doc["prefs"] = Value::Object(map.clone());
                }
            }
        }
    }
    doc
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(".{0,6}", inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        3 => any::<Index>().prop_map(Damage::Delete),
        3 => (any::<Index>(), 0..10usize).prop_map(|(i, r)| Damage::Retype(i, r)),
        2 => (any::<Index>(), 0..RAW.len()).prop_map(|(i, r)| Damage::Raw(i, r)),
        1 => (any::<Index>(), prop_oneof![1..20usize, 120..140usize, 1000..3000usize], any::<bool>())
            .prop_map(|(i, d, a)| Damage::Deep(i, d, a)),
    ]
}

fn extension() -> impl Strategy<Value = Extension> {
    prop_oneof![
        (any::<Index>(), "[a-zA-Z$_]{0,8}", any_json()).prop_map(|(i, k, v)| Extension::Field(i, k, v)),
        (any::<Index>(), "\\PC{0,20}").prop_map(|(i, t)| Extension::Text(i, t)),
        prop::collection::btree_map(".{0,8}", any_json(), 0..5).prop_map(|m| Extension::Prefs(m.into_iter().collect())),
    ]
}

fn model() -> impl Strategy<Value = Model> {
    (0..MODELS.len()).prop_map(|i| MODELS[i])
}

#[test]
fn valid_bodies_decode() {
    for model in MODELS {
        let body = serde_json::to_vec(&common::model_json(model)).unwrap();
        assert!(decode(model, &body).unwrap(), "{model:?}");
    }
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn arbitrary_bytes_never_panic(model in model(), bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        decode(model, &bytes)?;
    }

    #[test]
    fn arbitrary_json_never_panics(model in model(), value in any_json()) {
        decode(model, &serde_json::to_vec(&value).unwrap())?;
    }

    #[test]
    fn damaged_bodies_never_panic(model in model(), damage in prop::collection::vec(damage(), 1..4)) {
        let text = damaged(common::model_json(model), &damage);
        decode(model, text.as_bytes())?;
    }

    #[test]
    fn truncated_bodies_never_panic_and_never_decode(model in model(), cut in any::<Index>()) {
        let text = serde_json::to_string(&common::model_json(model)).unwrap();
        // Every proper prefix (on a character boundary) is incomplete JSON.
        let mut at = cut.index(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        prop_assert!(!decode(model, &text.as_bytes()[..at])?, "a prefix of {} bytes decoded", at);
    }

    #[test]
    fn extended_bodies_still_decode(model in model(), extensions in prop::collection::vec(extension(), 1..4)) {
        let doc = extended(common::model_json(model), &extensions);
        let body = serde_json::to_vec(&doc).unwrap();
        prop_assert!(decode(model, &body)?, "{}", String::from_utf8_lossy(&body));
    }
}

// ------------------------------------------------------------------------------ over HTTP

/// Header names the mock sets; `location` only ever points to the mock itself.
const HEADER_NAMES: &[&str] = &[
    "x-appwrite-warning",
    "x-appwrite-warning",
    "content-type",
    "set-cookie",
    "cache-control",
    "x-fallback-cookies",
    "location",
    "x-random",
];

#[derive(Debug, Clone)]
enum Body {
    /// A valid body of the called method's model (or of another one).
    Model(usize),
    /// An Appwrite error body.
    AppwriteError(String, String, i64),
    /// A damaged model body.
    Damaged(usize, Vec<Damage>),
    /// Any bytes.
    Bytes(Vec<u8>),
    Empty,
}

#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    headers: Vec<(usize, Vec<u8>)>,
    body: Body,
    call: usize,
}

fn header_value() -> impl Strategy<Value = Vec<u8>> {
    // Bytes a header value may hold: visible ASCII, space, tab and obs-text (invalid UTF-8).
    let byte = prop_oneof![4 => 0x20u8..0x7f, 1 => 0x80u8..=0xff, 1 => Just(b'\t'), 1 => Just(b';')];
    prop::collection::vec(byte, 0..40)
}

fn answer() -> impl Strategy<Value = Answer> {
    let body = prop_oneof![
        2 => (0..MODELS.len()).prop_map(Body::Model),
        2 => (".{0,30}", "[a-z_]{0,20}", any::<i64>()).prop_map(|(m, t, c)| Body::AppwriteError(m, t, c)),
        2 => ((0..MODELS.len()), prop::collection::vec(damage(), 1..3)).prop_map(|(m, d)| Body::Damaged(m, d)),
        1 => prop::collection::vec(any::<u8>(), 0..200).prop_map(Body::Bytes),
        1 => Just(Body::Empty),
    ];
    let status = prop_oneof![1 => 100u16..=599, 1 => prop::sample::select(vec![200u16, 201, 204, 301, 302, 400, 401, 404, 409, 429, 500, 503])];
    (status, prop::collection::vec((0..HEADER_NAMES.len(), header_value()), 0..5), body, 0..5usize)
        .prop_map(|(status, headers, body, call)| Answer { status, headers, body, call })
}

impl Answer {
    fn body_bytes(&self) -> Vec<u8> {
        match &self.body {
            Body::Model(m) => serde_json::to_vec(&common::model_json(MODELS[*m])).unwrap(),
            Body::AppwriteError(message, kind, code) => {
                serde_json::to_vec(&json!({"message": message, "type": kind, "code": code})).unwrap()
            }
            Body::Damaged(m, d) => damaged(common::model_json(MODELS[*m]), d).into_bytes(),
            Body::Bytes(b) => b.clone(),
            Body::Empty => Vec::new(),
        }
    }

    fn template(&self, server_uri: &str) -> ResponseTemplate {
        let mut t = ResponseTemplate::new(self.status).set_body_raw(self.body_bytes(), "application/json");
        for (name, value) in &self.headers {
            let name = HEADER_NAMES[*name];
            let value = if name == "location" {
                HeaderValue::from_str(&format!("{server_uri}/elsewhere")).unwrap()
            } else {
                match HeaderValue::from_bytes(value) {
                    Ok(v) => v,
                    Err(_) => continue,
                }
            };
            t = t.append_header(name, value);
        }
        t
    }

    /// The valid body of a successful call to `self.call` (which model it returns, if any).
    fn is_valid_body_for_call(&self) -> bool {
        matches!(
            (&self.body, self.call),
            (Body::Model(0), 0) | (Body::Model(1), 1) | (Body::Model(2), 2) | (Body::Empty, 3)
        )
    }
}

/// One call of the SDK, by number: JSON (three models), no content, redirect. The result is
/// reduced to `Ok(())` or the error.
async fn call(client: &Client, which: usize) -> Result<(), Error> {
    let account = client.account();
    match which {
        0 => account.get().await.map(drop),
        1 => account.list_sessions().await.map(drop),
        2 => account.list_identities(ListIdentitiesParams::default()).await.map(drop),
        3 => account.delete_sessions().await,
        _ => account
            .create_oauth2_token(
                appwrite_server_sdk::services::account::CreateOauth2TokenParams::builder()
                    .provider(appwrite_server_sdk::enums::OAuthProvider::Github),
            )
            .await
            .map(drop),
    }
}

#[test]
fn random_http_answers_never_panic() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let server = runtime.block_on(MockServer::start());
    let mut runner = TestRunner::new(config(40));
    runner
        .run(&answer(), |answer| {
            // A client per case: a connection the previous answer left broken (hyper cannot send
            // a 1xx as a final response, answers 500 and drops the connection) must not fail
            // this case with a transport error.
            let client = Client::builder()
                .endpoint(format!("{}/v1", server.uri()))
                .project("p")
                .key("k")
                .timeout(Duration::from_secs(5))
                .build()
                .unwrap();
            let result = runtime.block_on(async {
                server.reset().await;
                Mock::given(any_request()).respond_with(answer.template(&server.uri())).mount(&server).await;
                call(&client, answer.call).await
            });
            if std::env::var_os("DECODE_PROPS_LOG").is_some() {
                let shown = result.as_ref().map_err(|e| e.to_string().chars().take(100).collect::<String>());
                eprintln!("http case: {answer:?} -> {shown:?}");
            }
            match &result {
                Ok(()) => prop_assert!(answer.status < 400, "status {} gave Ok", answer.status),
                Err(e) => {
                    prop_assert!(!e.to_string().trim().is_empty(), "empty Display of {:?}", e);
                    if answer.status >= 400 {
                        prop_assert_eq!(e.status(), Some(answer.status), "{}", e);
                    }
                }
            }
            // A 200/201 with the right body (and any headers) succeeds.
            if [200, 201].contains(&answer.status) && answer.is_valid_body_for_call() {
                prop_assert!(result.is_ok(), "{:?}", result);
            }
            Ok(())
        })
        .unwrap();
}
