//! Shared helpers of the wire-level tests: a wiremock server that records exactly one request,
//! the clients the node-appwrite recording used, minimal valid response bodies for every
//! response model, and an order-preserving JSON reader (the crate's `serde_json` is built
//! without `preserve_order`, so `serde_json::Value` cannot tell key order).
#![allow(dead_code, reason = "each test binary uses part of these helpers")]

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;

use appwrite_server_sdk::Client;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const PROJECT: &str = "proj-1";
pub const KEY: &str = "key-secret";
pub const LOCALE: &str = "fr";
pub const JWT: &str = "jwt-token";
pub const SESSION: &str = "session-secret";
pub const FORWARDED_USER_AGENT: &str = "Mozilla/5.0 (test)";
pub const IMPERSONATE_ID: &str = "user-2";
pub const IMPERSONATE_EMAIL: &str = "other@example.com";
pub const IMPERSONATE_PHONE: &str = "+14155550100";
pub const OAUTH_LOCATION: &str = "https://example.com/oauth?x=1";

/// Which client configuration a call uses (the two of node-appwrite's `record.mjs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    /// endpoint, project, key, locale.
    Default,
    /// Every setter, plus an extra header.
    AllHeaders,
}

pub fn client(kind: ClientKind, endpoint: &str) -> Client {
    let builder = Client::builder().endpoint(endpoint).project(PROJECT).key(KEY).locale(LOCALE);
    let builder = match kind {
        ClientKind::Default => builder,
        ClientKind::AllHeaders => builder
            .jwt(JWT)
            .session(SESSION)
            .forwarded_user_agent(FORWARDED_USER_AGENT)
            .impersonate_user_id(IMPERSONATE_ID)
            .impersonate_user_email(IMPERSONATE_EMAIL)
            .impersonate_user_phone(IMPERSONATE_PHONE)
            .header("X-Custom-Header", "custom-value"),
    };
    builder.build().expect("valid client configuration")
}

/// The request the mock server received, in the shape of node's recording.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path as sent (still percent-encoded).
    pub path: String,
    /// Query string as sent, `None` when the URL has no `?`.
    pub raw_query: Option<String>,
    /// Form-decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    /// Header name (lowercase) -> every value sent under it.
    pub headers: BTreeMap<String, Vec<String>>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The single value of header `name`, `None` when absent; panics when sent twice.
    pub fn header(&self, name: &str) -> Option<&str> {
        let values = self.headers.get(name)?;
        assert_eq!(values.len(), 1, "header `{name}` sent {} times", values.len());
        Some(&values[0])
    }

    pub fn body_text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("request body is UTF-8")
    }
}

/// What the mock answers.
#[derive(Debug, Clone)]
pub enum Reply {
    /// This status with a JSON body.
    Json(u16, Value),
    /// 204, no body.
    NoContent,
    /// 301 with `Location: OAUTH_LOCATION`.
    Redirect,
    /// Anything else.
    Template(ResponseTemplate),
}

impl Reply {
    pub fn template(&self) -> ResponseTemplate {
        match self {
            Reply::Json(status, body) => ResponseTemplate::new(*status).set_body_json(body),
            Reply::NoContent => ResponseTemplate::new(204),
            Reply::Redirect => ResponseTemplate::new(301)
                .insert_header("location", OAUTH_LOCATION)
                .insert_header("content-type", "text/html; charset=UTF-8"),
            Reply::Template(t) => t.clone(),
        }
    }

    /// What a successful call must decode to, as JSON (`()` is `null`, a redirect its Location).
    pub fn expected_output(&self) -> Value {
        match self {
            Reply::Json(_, body) => body.clone(),
            Reply::NoContent => Value::Null,
            Reply::Redirect => Value::String(OAUTH_LOCATION.to_owned()),
            Reply::Template(_) => panic!("no expected output for a custom template"),
        }
    }
}

/// Start a mock server answering `reply` to anything, run `call` with a client of `kind`
/// pointed at `<server>/v1`, and return its result with the one request it sent.
pub async fn exchange<F, Fut, T>(kind: ClientKind, reply: &Reply, call: F) -> (T, Recorded)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = T>,
{
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(reply.template()).mount(&server).await;
    let client = client(kind, &format!("{}/v1", server.uri()));
    let out = call(client).await;
    let mut requests = server.received_requests().await.expect("request recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:#?}");
    (out, recorded(requests.remove(0)))
}

pub fn recorded(request: wiremock::Request) -> Recorded {
    let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in &request.headers {
        headers
            .entry(name.as_str().to_owned())
            .or_default()
            .push(value.to_str().expect("header value is text").to_owned());
    }
    Recorded {
        method: request.method.to_string(),
        path: request.url.path().to_owned(),
        raw_query: request.url.query().map(str::to_owned),
        query: request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
        headers,
        body: request.body,
    }
}

// ------------------------------------------------------------------------- SDK headers

pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn user_agent() -> String {
    format!("appwrite-server-sdk/{SDK_VERSION} ({}; {})", std::env::consts::OS, std::env::consts::ARCH)
}

/// Headers this SDK sends whatever the configuration (name, value).
pub fn sdk_headers() -> Vec<(&'static str, String)> {
    vec![
        ("x-sdk-name", "Rust".to_owned()),
        ("x-sdk-platform", "server".to_owned()),
        ("x-sdk-language", "rust".to_owned()),
        ("x-sdk-version", SDK_VERSION.to_owned()),
        ("user-agent", user_agent()),
        ("x-appwrite-response-format", "1.9.0".to_owned()),
        ("accept", "*/*".to_owned()),
    ]
}

/// Headers configured on a client of `kind` (name, value).
pub fn configured_headers(kind: ClientKind) -> Vec<(&'static str, &'static str)> {
    let mut headers = vec![("x-appwrite-project", PROJECT), ("x-appwrite-key", KEY), ("x-appwrite-locale", LOCALE)];
    if kind == ClientKind::AllHeaders {
        headers.extend([
            ("x-appwrite-jwt", JWT),
            ("x-appwrite-session", SESSION),
            ("x-forwarded-user-agent", FORWARDED_USER_AGENT),
            ("x-appwrite-impersonate-user-id", IMPERSONATE_ID),
            ("x-appwrite-impersonate-user-email", IMPERSONATE_EMAIL),
            ("x-appwrite-impersonate-user-phone", IMPERSONATE_PHONE),
            ("x-custom-header", "custom-value"),
        ]);
    }
    headers
}

/// Assert the SDK and configured headers are there with exactly these values, that
/// `content-type` is `content_type`, and that no other `x-*` header was sent.
pub fn assert_headers(req: &Recorded, kind: ClientKind, content_type: Option<&str>, what: &str) {
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in sdk_headers() {
        expected.insert(name.to_owned(), value);
    }
    for (name, value) in configured_headers(kind) {
        expected.insert(name.to_owned(), value.to_owned());
    }
    if let Some(ct) = content_type {
        expected.insert("content-type".to_owned(), ct.to_owned());
    }
    let actual: BTreeMap<String, String> = req
        .headers
        .keys()
        .filter(|n| n.starts_with("x-") || ["content-type", "user-agent", "accept"].contains(&n.as_str()))
        .map(|n| (n.clone(), req.header(n).unwrap().to_owned()))
        .collect();
    assert_eq!(actual, expected, "{what}: headers");
}

// ------------------------------------------------------------------------- response bodies

/// Response models of the account service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    User,
    Session,
    SessionList,
    Identity,
    IdentityList,
    Log,
    LogList,
    Jwt,
    Token,
    MfaType,
    MfaChallenge,
    MfaFactors,
    MfaRecoveryCodes,
    Preferences,
    Target,
}

/// A minimal but complete, valid body of `model` (every required field, realistic values).
pub fn model_json(model: Model) -> Value {
    const AT: &str = "2020-10-15T06:38:00.000+00:00";
    match model {
        Model::User => json!({
            "$id": "5e5ea5c16897e",
            "$createdAt": AT,
            "$updatedAt": AT,
            "name": "John Doe",
            "registration": AT,
            "status": true,
            "labels": ["vip"],
            "passwordUpdate": AT,
            "email": "john@appwrite.io",
            "phone": "+4930901820",
            "emailVerification": true,
            "phoneVerification": false,
            "mfa": false,
            "prefs": {"theme": "pink", "timezone": "UTC"},
            "targets": [model_json(Model::Target)],
            "accessedAt": AT,
        }),
        Model::Target => json!({
            "$id": "259125845563242502",
            "$createdAt": AT,
            "$updatedAt": AT,
            "name": "Apple iPhone 12",
            "userId": "259125845563242502",
            "providerId": "259125845563242502",
            "providerType": "email",
            "identifier": "token",
            "expired": false,
        }),
        Model::Session => json!({
            "$id": "5e5ea5c16897e",
            "$createdAt": AT,
            "$updatedAt": AT,
            "userId": "5e5bb8c16897e",
            "expire": AT,
            "provider": "email",
            "providerUid": "user@example.com",
            "providerAccessToken": "MTQ0NjJkZmQ5OTM2NDE1ZTZjNGZmZjI3",
            "providerAccessTokenExpiry": AT,
            "providerRefreshToken": "MTQ0NjJkZmQ5OTM2NDE1ZTZjNGZmZjI3",
            "ip": "127.0.0.1",
            "osCode": "Mac",
            "osName": "Mac",
            "osVersion": "Mac",
            "clientType": "browser",
            "clientCode": "CM",
            "clientName": "Chrome Mobile iOS",
            "clientVersion": "84.0",
            "clientEngine": "WebKit",
            "clientEngineVersion": "605.1.15",
            "deviceName": "smartphone",
            "deviceBrand": "Google",
            "deviceModel": "Nexus 5",
            "countryCode": "US",
            "countryName": "United States",
            "current": true,
            "factors": ["email"],
            "secret": "5e5bb8c16897e",
            "mfaUpdatedAt": AT,
        }),
        Model::SessionList => json!({"total": 1, "sessions": [model_json(Model::Session)]}),
        Model::Identity => json!({
            "$id": "5e5ea5c16897e",
            "$createdAt": AT,
            "$updatedAt": AT,
            "userId": "5e5bb8c16897e",
            "provider": "email",
            "providerUid": "5e5bb8c16897e",
            "providerEmail": "user@example.com",
            "providerAccessToken": "MTQ0NjJkZmQ5OTM2NDE1ZTZjNGZmZjI3",
            "providerAccessTokenExpiry": AT,
            "providerRefreshToken": "MTQ0NjJkZmQ5OTM2NDE1ZTZjNGZmZjI3",
        }),
        Model::IdentityList => json!({"total": 1, "identities": [model_json(Model::Identity)]}),
        Model::Log => json!({
            "event": "account.sessions.create",
            "userId": "610fc2f985ee0",
            "userEmail": "john@appwrite.io",
            "userName": "John Doe",
            "mode": "admin",
            "userType": "user",
            "ip": "127.0.0.1",
            "time": AT,
            "osCode": "Mac",
            "osName": "Mac",
            "osVersion": "Mac",
            "clientType": "browser",
            "clientCode": "CM",
            "clientName": "Chrome Mobile iOS",
            "clientVersion": "84.0",
            "clientEngine": "WebKit",
            "clientEngineVersion": "605.1.15",
            "deviceName": "smartphone",
            "deviceBrand": "Google",
            "deviceModel": "Nexus 5",
            "countryCode": "US",
            "countryName": "United States",
        }),
        Model::LogList => json!({"total": 1, "logs": [model_json(Model::Log)]}),
        Model::Jwt => json!({"jwt": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"}),
        Model::Token => json!({
            "$id": "bb8ea5c16897e",
            "$createdAt": AT,
            "userId": "5e5ea5c168bb8",
            "secret": "",
            "expire": AT,
            "phrase": "Golden Fox",
        }),
        Model::MfaType => json!({"secret": "1", "uri": "otpauth://totp/appwrite:user@example.com?secret=1"}),
        Model::MfaChallenge => json!({
            "$id": "bb8ea5c16897e",
            "$createdAt": AT,
            "userId": "5e5ea5c168bb8",
            "expire": AT,
        }),
        Model::MfaFactors => json!({"totp": true, "phone": false, "email": true, "recoveryCode": false}),
        Model::MfaRecoveryCodes => json!({"recoveryCodes": ["a3kf0-s0cl2", "s0co1-as98s"]}),
        Model::Preferences => json!({"language": "en", "timezone": "UTC", "darkTheme": true}),
    }
}

/// The reply of a successful call of `method` (a Rust method name, `_positional` or not), per
/// the spec: its success status and response model.
pub fn reply_for(method: &str) -> Reply {
    use Model::*;
    let base = method.strip_suffix("_positional").or_else(|| method.strip_suffix("_as")).unwrap_or(method);
    let (status, model) = match base {
        "get"
        | "update_email"
        | "update_mfa"
        | "update_mfa_authenticator"
        | "update_name"
        | "update_password"
        | "update_phone"
        | "update_prefs"
        | "update_status" => (200, User),
        "create" => (201, User),
        "list_identities" => (200, IdentityList),
        "list_logs" => (200, LogList),
        "list_sessions" => (200, SessionList),
        "create_jwt" => (201, Jwt),
        "create_mfa_authenticator" => (200, MfaType),
        "create_mfa_challenge" => (201, MfaChallenge),
        "update_mfa_challenge" | "get_session" | "update_session" => (200, Session),
        "create_anonymous_session"
        | "create_email_password_session"
        | "update_magic_url_session"
        | "update_phone_session"
        | "create_session" => (201, Session),
        "list_mfa_factors" => (200, MfaFactors),
        "get_mfa_recovery_codes" | "update_mfa_recovery_codes" => (200, MfaRecoveryCodes),
        "create_mfa_recovery_codes" => (201, MfaRecoveryCodes),
        "get_prefs" => (200, Preferences),
        "update_recovery" | "update_email_verification" | "update_verification" | "update_phone_verification" => {
            (200, Token)
        }
        "create_recovery"
        | "create_email_token"
        | "create_magic_url_token"
        | "create_phone_token"
        | "create_email_verification"
        | "create_verification"
        | "create_phone_verification" => (201, Token),
        "delete_identity" | "delete_mfa_authenticator" | "delete_sessions" | "delete_session" => {
            return Reply::NoContent;
        }
        "create_oauth2_token" => return Reply::Redirect,
        other => panic!("no reply known for `{other}`: add it to tests/common/mod.rs"),
    };
    Reply::Json(status, model_json(model))
}

// ------------------------------------------------------------------------- ordered JSON

/// JSON keeping the order of object keys (and numbers as written by `serde_json::Number`).
#[derive(Debug, Clone, PartialEq)]
pub enum Ordered {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

impl Ordered {
    pub fn parse(text: &str) -> Result<Ordered, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// From a `Value` (keys in the order that `Value` iterates them).
    pub fn from_value(value: &Value) -> Ordered {
        match value {
            Value::Null => Ordered::Null,
            Value::Bool(b) => Ordered::Bool(*b),
            Value::Number(n) => Ordered::Number(n.clone()),
            Value::String(s) => Ordered::String(s.clone()),
            Value::Array(items) => Ordered::Array(items.iter().map(Ordered::from_value).collect()),
            Value::Object(map) => {
                Ordered::Object(map.iter().map(|(k, v)| (k.clone(), Ordered::from_value(v))).collect())
            }
        }
    }

    pub fn to_value(&self) -> Value {
        match self {
            Ordered::Null => Value::Null,
            Ordered::Bool(b) => Value::Bool(*b),
            Ordered::Number(n) => Value::Number(n.clone()),
            Ordered::String(s) => Value::String(s.clone()),
            Ordered::Array(items) => Value::Array(items.iter().map(Ordered::to_value).collect()),
            Ordered::Object(entries) => Value::Object(entries.iter().map(|(k, v)| (k.clone(), v.to_value())).collect()),
        }
    }

    /// The same JSON with the keys of every object sorted, recursively.
    pub fn sorted(&self) -> Ordered {
        match self {
            Ordered::Array(items) => Ordered::Array(items.iter().map(Ordered::sorted).collect()),
            Ordered::Object(entries) => {
                let mut entries: Vec<(String, Ordered)> =
                    entries.iter().map(|(k, v)| (k.clone(), v.sorted())).collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                Ordered::Object(entries)
            }
            other => other.clone(),
        }
    }

    /// The value under `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Ordered> {
        match self {
            Ordered::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The keys of an object, in order.
    pub fn keys(&self) -> Vec<&str> {
        match self {
            Ordered::Object(entries) => entries.iter().map(|(k, _)| k.as_str()).collect(),
            _ => Vec::new(),
        }
    }
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Ordered, E> {
                Ok(Ordered::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Ordered, E> {
                Ok(Ordered::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Ordered, E> {
                Ok(Ordered::Number(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Ordered, E> {
                Ok(Ordered::Number(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Ordered, E> {
                serde_json::Number::from_f64(v).map(Ordered::Number).ok_or_else(|| E::custom("non-finite number"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Ordered, E> {
                Ok(Ordered::String(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Ordered, E> {
                Ok(Ordered::String(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Ordered::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut entries: Vec<(String, Ordered)> = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Ordered>()? {
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format!("duplicate key `{key}`")));
                    }
                    entries.push((key, value));
                }
                Ok(Ordered::Object(entries))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Whether `serde_json::Map` keeps insertion order in this build (`preserve_order`).
pub fn serde_json_preserves_order() -> bool {
    let mut map = serde_json::Map::new();
    map.insert("b".to_owned(), Value::Null);
    map.insert("a".to_owned(), Value::Null);
    map.keys().next().map(String::as_str) == Some("b")
}

// ------------------------------------------------------------------------- encoding

/// A path parameter as this SDK sends it: one segment, everything but RFC 3986 unreserved
/// characters percent-encoded (written independently of the runtime's `AsciiSet`).
pub fn encode_segment(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A query component as `URLSearchParams` serializes it.
pub fn form_encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"*-._".contains(&byte) {
            out.push(byte as char);
        } else if byte == b' ' {
            out.push('+');
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Percent-decode a path segment.
pub fn decode_segment(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment).decode_utf8().expect("UTF-8 segment").into_owned()
}
