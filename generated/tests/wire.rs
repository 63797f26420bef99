//! What the SDK puts on the wire for every `account` method, in both call styles.
//!
//! Every method (object-parameter style, and each deprecated `_positional` variant) is called
//! against a wiremock server with realistic values — all parameters, and required-only where
//! there are optional ones — and the request is checked exactly: verb, path, raw query and its
//! decoded pairs, content-type, body bytes (key order included) and headers. The mock answers
//! a valid body of the method's response model (204 / 301 + Location where the spec says so),
//! so each call must return `Ok` and decode to exactly that body.
//!
//! The expected values are written from the spec (appwrite-1.9.3-server.json), not from the
//! generated code. `every_method_is_covered` fails when the service gains a method this table
//! does not call.
#![allow(deprecated, reason = "the deprecated methods are tested too")]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;

use appwrite_server_sdk::Account;
use appwrite_server_sdk::enums::{AuthenticationFactor, AuthenticatorType, OAuthProvider};
use appwrite_server_sdk::services::account::*;
use common::{ClientKind, Recorded, Reply};
use serde_json::{Value, json};

type Outcome = appwrite_server_sdk::Result<Value>;
type Pending = Pin<Box<dyn Future<Output = Outcome> + Send>>;
type CallFn = fn(Account) -> Pending;

/// A call of the SDK, its output turned into JSON (`()` is `null`).
macro_rules! call {
    (|$a:ident| $e:expr) => {{
        fn f($a: Account) -> Pending {
            Box::pin(async move {
                let out = $e.await?;
                Ok(serde_json::to_value(&out).expect("the output serializes"))
            })
        }
        f as CallFn
    }};
}

/// One call and the request it must send.
struct Case {
    /// The Rust method called.
    method: &'static str,
    /// Which variant of the call (for messages and the optional-parameter check).
    label: &'static str,
    call: CallFn,
    verb: &'static str,
    path: &'static str,
    raw_query: Option<&'static str>,
    query: &'static [(&'static str, &'static str)],
    /// Exact body bytes; `None`: no body at all.
    body: Option<&'static str>,
}

fn case(method: &'static str, label: &'static str, verb: &'static str, path: &'static str, call: CallFn) -> Case {
    Case { method, label, call, verb, path, raw_query: None, query: &[], body: None }
}

impl Case {
    fn query(mut self, raw: &'static str, pairs: &'static [(&'static str, &'static str)]) -> Self {
        self.raw_query = Some(raw);
        self.query = pairs;
        self
    }

    fn body(mut self, body: &'static str) -> Self {
        self.body = Some(body);
        self
    }
}

const Q_LIMIT: &str = r#"{"method":"limit","values":[5]}"#;
const Q_OFFSET: &str = r#"{"method":"offset","values":[10]}"#;
const Q_EQUAL: &str = r#"{"method":"equal","attribute":"event","values":["a","b"]}"#;
const RAW_LIMIT_OFFSET_FALSE: &str = "queries%5B0%5D=%7B%22method%22%3A%22limit%22%2C%22values%22%3A%5B5%5D%7D\
&queries%5B1%5D=%7B%22method%22%3A%22offset%22%2C%22values%22%3A%5B10%5D%7D&total=false";
const PAIRS_LIMIT_OFFSET_FALSE: &[(&str, &str)] =
    &[("queries[0]", Q_LIMIT), ("queries[1]", Q_OFFSET), ("total", "false")];
const RAW_EQUAL_TRUE: &str = "queries%5B0%5D=%7B%22method%22%3A%22equal%22%2C%22attribute%22%3A%22event%22%2C%22values%22%3A%5B%22a%22%2C%22b%22%5D%7D&total=true";
const PAIRS_EQUAL_TRUE: &[(&str, &str)] = &[("queries[0]", Q_EQUAL), ("total", "true")];
const RAW_OAUTH: &str = "success=https%3A%2F%2Fexample.com%2Fok&failure=https%3A%2F%2Fexample.com%2Ffail\
&scopes%5B0%5D=read%3Auser&scopes%5B1%5D=user%3Aemail";
const PAIRS_OAUTH: &[(&str, &str)] = &[
    ("success", "https://example.com/ok"),
    ("failure", "https://example.com/fail"),
    ("scopes[0]", "read:user"),
    ("scopes[1]", "user:email"),
];

/// The user's preferences as the caller's own type (the prefs of the mock's user replies).
#[derive(serde::Serialize, serde::Deserialize)]
struct UserPrefs {
    theme: String,
    timezone: String,
}

/// The preferences `get_prefs` replies and `update_prefs` sends, as the caller's own type.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Prefs {
    dark_theme: bool,
    language: String,
    timezone: String,
}

fn typed_prefs() -> Prefs {
    Prefs { dark_theme: true, language: "en".into(), timezone: "UTC".into() }
}

fn prefs() -> Value {
    // Keys already sorted, so the expected bytes hold whether or not `serde_json` keeps
    // insertion order (see node_fixtures.rs for node's order).
    json!({"darkTheme": true, "language": "en", "nested": {"a": [1, 2]}})
}

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    vec![
        case("get", "no params", "GET", "/v1/account", call!(|a| a.get())),

        case("create", "all", "POST", "/v1/account", call!(|a| a.create(
            CreateParams::builder().user_id("user-1").email("a@b.c").password("password123").name("Alice"))))
            .body(r#"{"userId":"user-1","email":"a@b.c","password":"password123","name":"Alice"}"#),
        case("create", "required", "POST", "/v1/account", call!(|a| a.create(
            CreateParams::builder().user_id("user-1").email("a@b.c").password("password123"))))
            .body(r#"{"userId":"user-1","email":"a@b.c","password":"password123"}"#),
        case("create_positional", "all", "POST", "/v1/account", call!(|a| a.create_positional(
            "user-1", "a@b.c", "password123", Some(String::from("Alice")))))
            .body(r#"{"userId":"user-1","email":"a@b.c","password":"password123","name":"Alice"}"#),
        case("create_positional", "required", "POST", "/v1/account", call!(|a| a.create_positional(
            "user-1", "a@b.c", "password123", None)))
            .body(r#"{"userId":"user-1","email":"a@b.c","password":"password123"}"#),

        case("update_email", "all", "PATCH", "/v1/account/email", call!(|a| a.update_email(
            UpdateEmailParams::builder().email("new@b.c").password("password123"))))
            .body(r#"{"email":"new@b.c","password":"password123"}"#),
        case("update_email_positional", "all", "PATCH", "/v1/account/email", call!(|a| a.update_email_positional(
            "new@b.c", "password123")))
            .body(r#"{"email":"new@b.c","password":"password123"}"#),

        case("list_identities", "all", "GET", "/v1/account/identities", call!(|a| a.list_identities(
            ListIdentitiesParams::builder().queries([Q_LIMIT, Q_OFFSET]).total(false))))
            .query(RAW_LIMIT_OFFSET_FALSE, PAIRS_LIMIT_OFFSET_FALSE),
        case("list_identities", "required", "GET", "/v1/account/identities", call!(|a| a.list_identities(
            ListIdentitiesParams::builder()))),
        case("list_identities_positional", "all", "GET", "/v1/account/identities", call!(|a| a.list_identities_positional(
            Some(vec![Q_LIMIT.to_owned(), Q_OFFSET.to_owned()]), Some(false))))
            .query(RAW_LIMIT_OFFSET_FALSE, PAIRS_LIMIT_OFFSET_FALSE),
        case("list_identities_positional", "required", "GET", "/v1/account/identities", call!(|a| a.list_identities_positional(
            None, None))),

        case("delete_identity", "all", "DELETE", "/v1/account/identities/identity-1", call!(|a| a.delete_identity(
            DeleteIdentityParams::builder().identity_id("identity-1"))))
            .body("{}"),
        case("delete_identity_positional", "all", "DELETE", "/v1/account/identities/identity-1", call!(|a| a.delete_identity_positional(
            "identity-1")))
            .body("{}"),

        case("create_jwt", "all", "POST", "/v1/account/jwts", call!(|a| a.create_jwt(
            CreateJwtParams::builder().duration(900))))
            .body(r#"{"duration":900}"#),
        case("create_jwt", "required", "POST", "/v1/account/jwts", call!(|a| a.create_jwt(
            CreateJwtParams::builder())))
            .body("{}"),
        case("create_jwt_positional", "all", "POST", "/v1/account/jwts", call!(|a| a.create_jwt_positional(
            Some(3600))))
            .body(r#"{"duration":3600}"#),
        case("create_jwt_positional", "required", "POST", "/v1/account/jwts", call!(|a| a.create_jwt_positional(
            None)))
            .body("{}"),

        case("list_logs", "all", "GET", "/v1/account/logs", call!(|a| a.list_logs(
            ListLogsParams::builder().queries([Q_EQUAL]).total(true))))
            .query(RAW_EQUAL_TRUE, PAIRS_EQUAL_TRUE),
        case("list_logs", "required", "GET", "/v1/account/logs", call!(|a| a.list_logs(
            ListLogsParams::default()))),
        case("list_logs_positional", "all", "GET", "/v1/account/logs", call!(|a| a.list_logs_positional(
            Some(vec![Q_EQUAL.to_owned()]), Some(true))))
            .query(RAW_EQUAL_TRUE, PAIRS_EQUAL_TRUE),
        case("list_logs_positional", "required", "GET", "/v1/account/logs", call!(|a| a.list_logs_positional(
            None, None))),

        case("update_mfa", "all", "PATCH", "/v1/account/mfa", call!(|a| a.update_mfa(
            UpdateMfaParams::builder().mfa(true))))
            .body(r#"{"mfa":true}"#),
        case("update_mfa_positional", "all", "PATCH", "/v1/account/mfa", call!(|a| a.update_mfa_positional(
            false)))
            .body(r#"{"mfa":false}"#),

        case("update_mfa_authenticator", "all", "PUT", "/v1/account/mfa/authenticators/totp", call!(|a| a.update_mfa_authenticator(
            UpdateMfaAuthenticatorParams::builder().r#type(AuthenticatorType::Totp).otp("123456"))))
            .body(r#"{"otp":"123456"}"#),
        case("update_mfa_authenticator_positional", "all", "PUT", "/v1/account/mfa/authenticators/totp", call!(|a| a.update_mfa_authenticator_positional(
            AuthenticatorType::Totp, "123456")))
            .body(r#"{"otp":"123456"}"#),

        case("create_mfa_authenticator", "all", "POST", "/v1/account/mfa/authenticators/totp", call!(|a| a.create_mfa_authenticator(
            CreateMfaAuthenticatorParams::builder().r#type(AuthenticatorType::Totp))))
            .body("{}"),
        case("create_mfa_authenticator_positional", "all", "POST", "/v1/account/mfa/authenticators/totp", call!(|a| a.create_mfa_authenticator_positional(
            AuthenticatorType::Totp)))
            .body("{}"),

        case("delete_mfa_authenticator", "all", "DELETE", "/v1/account/mfa/authenticators/totp", call!(|a| a.delete_mfa_authenticator(
            DeleteMfaAuthenticatorParams::builder().r#type(AuthenticatorType::Totp))))
            .body("{}"),
        case("delete_mfa_authenticator_positional", "all", "DELETE", "/v1/account/mfa/authenticators/totp", call!(|a| a.delete_mfa_authenticator_positional(
            AuthenticatorType::Totp)))
            .body("{}"),

        case("update_mfa_challenge", "all", "PUT", "/v1/account/mfa/challenges", call!(|a| a.update_mfa_challenge(
            UpdateMfaChallengeParams::builder().challenge_id("challenge-1").otp("123456"))))
            .body(r#"{"challengeId":"challenge-1","otp":"123456"}"#),
        case("update_mfa_challenge_positional", "all", "PUT", "/v1/account/mfa/challenges", call!(|a| a.update_mfa_challenge_positional(
            "challenge-1", "123456")))
            .body(r#"{"challengeId":"challenge-1","otp":"123456"}"#),

        case("create_mfa_challenge", "all", "POST", "/v1/account/mfa/challenges", call!(|a| a.create_mfa_challenge(
            CreateMfaChallengeParams::builder().factor(AuthenticationFactor::Email))))
            .body(r#"{"factor":"email"}"#),
        case("create_mfa_challenge_positional", "all", "POST", "/v1/account/mfa/challenges", call!(|a| a.create_mfa_challenge_positional(
            AuthenticationFactor::Recoverycode)))
            .body(r#"{"factor":"recoverycode"}"#),

        case("list_mfa_factors", "no params", "GET", "/v1/account/mfa/factors", call!(|a| a.list_mfa_factors())),
        case("get_mfa_recovery_codes", "no params", "GET", "/v1/account/mfa/recovery-codes", call!(|a| a.get_mfa_recovery_codes())),
        case("create_mfa_recovery_codes", "no params", "POST", "/v1/account/mfa/recovery-codes", call!(|a| a.create_mfa_recovery_codes()))
            .body("{}"),
        case("update_mfa_recovery_codes", "no params", "PATCH", "/v1/account/mfa/recovery-codes", call!(|a| a.update_mfa_recovery_codes()))
            .body("{}"),

        case("update_name", "all", "PATCH", "/v1/account/name", call!(|a| a.update_name(
            UpdateNameParams::builder().name("Alice"))))
            .body(r#"{"name":"Alice"}"#),
        case("update_name_positional", "all", "PATCH", "/v1/account/name", call!(|a| a.update_name_positional(
            "Alice")))
            .body(r#"{"name":"Alice"}"#),

        case("update_password", "all", "PATCH", "/v1/account/password", call!(|a| a.update_password(
            UpdatePasswordParams::builder().password("newpassword123").old_password("password123"))))
            .body(r#"{"password":"newpassword123","oldPassword":"password123"}"#),
        case("update_password", "required", "PATCH", "/v1/account/password", call!(|a| a.update_password(
            UpdatePasswordParams::builder().password("newpassword123"))))
            .body(r#"{"password":"newpassword123"}"#),
        case("update_password_positional", "all", "PATCH", "/v1/account/password", call!(|a| a.update_password_positional(
            "newpassword123", "password123")))
            .body(r#"{"password":"newpassword123","oldPassword":"password123"}"#),
        case("update_password_positional", "required", "PATCH", "/v1/account/password", call!(|a| a.update_password_positional(
            "newpassword123", None)))
            .body(r#"{"password":"newpassword123"}"#),

        case("update_phone", "all", "PATCH", "/v1/account/phone", call!(|a| a.update_phone(
            UpdatePhoneParams::builder().phone("+14155550100").password("password123"))))
            .body(r#"{"phone":"+14155550100","password":"password123"}"#),
        case("update_phone_positional", "all", "PATCH", "/v1/account/phone", call!(|a| a.update_phone_positional(
            "+14155550100", "password123")))
            .body(r#"{"phone":"+14155550100","password":"password123"}"#),

        case("get_prefs", "no params", "GET", "/v1/account/prefs", call!(|a| a.get_prefs())),
        case("update_prefs", "all", "PATCH", "/v1/account/prefs", call!(|a| a.update_prefs(
            UpdatePrefsParams::builder().prefs(prefs()))))
            .body(r#"{"prefs":{"darkTheme":true,"language":"en","nested":{"a":[1,2]}}}"#),
        case("update_prefs_positional", "all", "PATCH", "/v1/account/prefs", call!(|a| a.update_prefs_positional(
            prefs())))
            .body(r#"{"prefs":{"darkTheme":true,"language":"en","nested":{"a":[1,2]}}}"#),

        case("update_recovery", "all", "PUT", "/v1/account/recovery", call!(|a| a.update_recovery(
            UpdateRecoveryParams::builder().user_id("user-1").secret("recovery-secret").password("newpassword123"))))
            .body(r#"{"userId":"user-1","secret":"recovery-secret","password":"newpassword123"}"#),
        case("update_recovery_positional", "all", "PUT", "/v1/account/recovery", call!(|a| a.update_recovery_positional(
            "user-1", "recovery-secret", "newpassword123")))
            .body(r#"{"userId":"user-1","secret":"recovery-secret","password":"newpassword123"}"#),

        case("create_recovery", "all", "POST", "/v1/account/recovery", call!(|a| a.create_recovery(
            CreateRecoveryParams::builder().email("a@b.c").url("https://example.com/recover"))))
            .body(r#"{"email":"a@b.c","url":"https://example.com/recover"}"#),
        case("create_recovery_positional", "all", "POST", "/v1/account/recovery", call!(|a| a.create_recovery_positional(
            "a@b.c", "https://example.com/recover")))
            .body(r#"{"email":"a@b.c","url":"https://example.com/recover"}"#),

        case("list_sessions", "no params", "GET", "/v1/account/sessions", call!(|a| a.list_sessions())),
        case("delete_sessions", "no params", "DELETE", "/v1/account/sessions", call!(|a| a.delete_sessions()))
            .body("{}"),
        case("create_anonymous_session", "no params", "POST", "/v1/account/sessions/anonymous", call!(|a| a.create_anonymous_session()))
            .body("{}"),

        case("create_email_password_session", "all", "POST", "/v1/account/sessions/email", call!(|a| a.create_email_password_session(
            CreateEmailPasswordSessionParams::builder().email("a@b.c").password("password123"))))
            .body(r#"{"email":"a@b.c","password":"password123"}"#),
        case("create_email_password_session_positional", "all", "POST", "/v1/account/sessions/email", call!(|a| a.create_email_password_session_positional(
            "a@b.c", "password123")))
            .body(r#"{"email":"a@b.c","password":"password123"}"#),

        case("update_magic_url_session", "all", "PUT", "/v1/account/sessions/magic-url", call!(|a| a.update_magic_url_session(
            UpdateMagicUrlSessionParams::builder().user_id("user-1").secret("magic-secret"))))
            .body(r#"{"userId":"user-1","secret":"magic-secret"}"#),
        case("update_magic_url_session_positional", "all", "PUT", "/v1/account/sessions/magic-url", call!(|a| a.update_magic_url_session_positional(
            "user-1", "magic-secret")))
            .body(r#"{"userId":"user-1","secret":"magic-secret"}"#),

        case("update_phone_session", "all", "PUT", "/v1/account/sessions/phone", call!(|a| a.update_phone_session(
            UpdatePhoneSessionParams::builder().user_id("user-1").secret("123456"))))
            .body(r#"{"userId":"user-1","secret":"123456"}"#),
        case("update_phone_session_positional", "all", "PUT", "/v1/account/sessions/phone", call!(|a| a.update_phone_session_positional(
            "user-1", "123456")))
            .body(r#"{"userId":"user-1","secret":"123456"}"#),

        case("create_session", "all", "POST", "/v1/account/sessions/token", call!(|a| a.create_session(
            CreateSessionParams::builder().user_id("user-1").secret("token-secret"))))
            .body(r#"{"userId":"user-1","secret":"token-secret"}"#),
        case("create_session_positional", "all", "POST", "/v1/account/sessions/token", call!(|a| a.create_session_positional(
            "user-1", "token-secret")))
            .body(r#"{"userId":"user-1","secret":"token-secret"}"#),

        case("get_session", "all", "GET", "/v1/account/sessions/current", call!(|a| a.get_session(
            GetSessionParams::builder().session_id("current")))),
        case("get_session_positional", "all", "GET", "/v1/account/sessions/5e5ea5c16897e", call!(|a| a.get_session_positional(
            "5e5ea5c16897e"))),

        case("delete_session", "all", "DELETE", "/v1/account/sessions/current", call!(|a| a.delete_session(
            DeleteSessionParams::builder().session_id("current"))))
            .body("{}"),
        case("delete_session_positional", "all", "DELETE", "/v1/account/sessions/current", call!(|a| a.delete_session_positional(
            "current")))
            .body("{}"),

        case("update_session", "all", "PATCH", "/v1/account/sessions/current", call!(|a| a.update_session(
            UpdateSessionParams::builder().session_id("current"))))
            .body("{}"),
        case("update_session_positional", "all", "PATCH", "/v1/account/sessions/current", call!(|a| a.update_session_positional(
            "current")))
            .body("{}"),

        case("update_status", "no params", "PATCH", "/v1/account/status", call!(|a| a.update_status()))
            .body("{}"),

        // The typed variants: the same requests; the user data is the caller's type, in and out.
        case("get_as", "no params", "GET", "/v1/account", call!(|a| a.get_as::<UserPrefs>())),
        case("create_as", "all", "POST", "/v1/account", call!(|a| a.create_as::<UserPrefs>(
            CreateParams::builder().user_id("user-1").email("a@b.c").password("password123").name("Alice"))))
            .body(r#"{"userId":"user-1","email":"a@b.c","password":"password123","name":"Alice"}"#),
        case("create_as", "required", "POST", "/v1/account", call!(|a| a.create_as::<UserPrefs>(
            CreateParams::builder().user_id("user-1").email("a@b.c").password("password123"))))
            .body(r#"{"userId":"user-1","email":"a@b.c","password":"password123"}"#),
        case("update_email_as", "all", "PATCH", "/v1/account/email", call!(|a| a.update_email_as::<UserPrefs>(
            UpdateEmailParams::builder().email("new@b.c").password("password123"))))
            .body(r#"{"email":"new@b.c","password":"password123"}"#),
        case("update_mfa_as", "all", "PATCH", "/v1/account/mfa", call!(|a| a.update_mfa_as::<UserPrefs>(
            UpdateMfaParams::builder().mfa(true))))
            .body(r#"{"mfa":true}"#),
        case("update_mfa_authenticator_as", "all", "PUT", "/v1/account/mfa/authenticators/totp", call!(|a| a.update_mfa_authenticator_as::<UserPrefs>(
            UpdateMfaAuthenticatorParams::builder().r#type(AuthenticatorType::Totp).otp("123456"))))
            .body(r#"{"otp":"123456"}"#),
        case("update_name_as", "all", "PATCH", "/v1/account/name", call!(|a| a.update_name_as::<UserPrefs>(
            UpdateNameParams::builder().name("Alice"))))
            .body(r#"{"name":"Alice"}"#),
        case("update_password_as", "all", "PATCH", "/v1/account/password", call!(|a| a.update_password_as::<UserPrefs>(
            UpdatePasswordParams::builder().password("newpassword123").old_password("password123"))))
            .body(r#"{"password":"newpassword123","oldPassword":"password123"}"#),
        case("update_password_as", "required", "PATCH", "/v1/account/password", call!(|a| a.update_password_as::<UserPrefs>(
            UpdatePasswordParams::builder().password("newpassword123"))))
            .body(r#"{"password":"newpassword123"}"#),
        case("update_phone_as", "all", "PATCH", "/v1/account/phone", call!(|a| a.update_phone_as::<UserPrefs>(
            UpdatePhoneParams::builder().phone("+14155550100").password("password123"))))
            .body(r#"{"phone":"+14155550100","password":"password123"}"#),
        case("get_prefs_as", "no params", "GET", "/v1/account/prefs", call!(|a| a.get_prefs_as::<Prefs>())),
        case("update_prefs_as", "all", "PATCH", "/v1/account/prefs", call!(|a| a.update_prefs_as::<UserPrefs>(
            UpdatePrefsParams::builder().prefs(typed_prefs()))))
            .body(r#"{"prefs":{"darkTheme":true,"language":"en","timezone":"UTC"}}"#),
        case("update_status_as", "no params", "PATCH", "/v1/account/status", call!(|a| a.update_status_as::<UserPrefs>()))
            .body("{}"),

        case("create_email_token", "all", "POST", "/v1/account/tokens/email", call!(|a| a.create_email_token(
            CreateEmailTokenParams::builder().user_id("user-1").email("a@b.c").phrase(true))))
            .body(r#"{"userId":"user-1","email":"a@b.c","phrase":true}"#),
        case("create_email_token", "required", "POST", "/v1/account/tokens/email", call!(|a| a.create_email_token(
            CreateEmailTokenParams::builder().user_id("user-1").email("a@b.c"))))
            .body(r#"{"userId":"user-1","email":"a@b.c"}"#),
        case("create_email_token_positional", "all", "POST", "/v1/account/tokens/email", call!(|a| a.create_email_token_positional(
            "user-1", "a@b.c", Some(true))))
            .body(r#"{"userId":"user-1","email":"a@b.c","phrase":true}"#),
        case("create_email_token_positional", "required", "POST", "/v1/account/tokens/email", call!(|a| a.create_email_token_positional(
            "user-1", "a@b.c", None)))
            .body(r#"{"userId":"user-1","email":"a@b.c"}"#),

        case("create_magic_url_token", "all", "POST", "/v1/account/tokens/magic-url", call!(|a| a.create_magic_url_token(
            CreateMagicUrlTokenParams::builder().user_id("user-1").email("a@b.c").url("https://example.com/magic").phrase(false))))
            .body(r#"{"userId":"user-1","email":"a@b.c","url":"https://example.com/magic","phrase":false}"#),
        case("create_magic_url_token", "required", "POST", "/v1/account/tokens/magic-url", call!(|a| a.create_magic_url_token(
            CreateMagicUrlTokenParams::builder().user_id("user-1").email("a@b.c"))))
            .body(r#"{"userId":"user-1","email":"a@b.c"}"#),
        case("create_magic_url_token_positional", "all", "POST", "/v1/account/tokens/magic-url", call!(|a| a.create_magic_url_token_positional(
            "user-1", "a@b.c", &Some("https://example.com/magic".to_owned()), false)))
            .body(r#"{"userId":"user-1","email":"a@b.c","url":"https://example.com/magic","phrase":false}"#),
        case("create_magic_url_token_positional", "required", "POST", "/v1/account/tokens/magic-url", call!(|a| a.create_magic_url_token_positional(
            "user-1", "a@b.c", None, None)))
            .body(r#"{"userId":"user-1","email":"a@b.c"}"#),

        case("create_oauth2_token", "all", "GET", "/v1/account/tokens/oauth2/github", call!(|a| a.create_oauth2_token(
            CreateOauth2TokenParams::builder().provider(OAuthProvider::Github)
                .success("https://example.com/ok").failure("https://example.com/fail").scopes(["read:user", "user:email"]))))
            .query(RAW_OAUTH, PAIRS_OAUTH),
        case("create_oauth2_token", "required", "GET", "/v1/account/tokens/oauth2/google", call!(|a| a.create_oauth2_token(
            CreateOauth2TokenParams::builder().provider(OAuthProvider::Google)))),
        case("create_oauth2_token_positional", "all", "GET", "/v1/account/tokens/oauth2/github", call!(|a| a.create_oauth2_token_positional(
            OAuthProvider::Github, "https://example.com/ok", String::from("https://example.com/fail"),
            Some(vec!["read:user".to_owned(), "user:email".to_owned()]))))
            .query(RAW_OAUTH, PAIRS_OAUTH),
        case("create_oauth2_token_positional", "required", "GET", "/v1/account/tokens/oauth2/paypalSandbox", call!(|a| a.create_oauth2_token_positional(
            OAuthProvider::from("paypalSandbox"), None, None, None))),

        case("create_phone_token", "all", "POST", "/v1/account/tokens/phone", call!(|a| a.create_phone_token(
            CreatePhoneTokenParams::builder().user_id("user-1").phone("+14155550100"))))
            .body(r#"{"userId":"user-1","phone":"+14155550100"}"#),
        case("create_phone_token_positional", "all", "POST", "/v1/account/tokens/phone", call!(|a| a.create_phone_token_positional(
            "user-1", "+14155550100")))
            .body(r#"{"userId":"user-1","phone":"+14155550100"}"#),

        case("update_email_verification", "all", "PUT", "/v1/account/verifications/email", call!(|a| a.update_email_verification(
            UpdateEmailVerificationParams::builder().user_id("user-1").secret("verify-secret"))))
            .body(r#"{"userId":"user-1","secret":"verify-secret"}"#),
        case("update_email_verification_positional", "all", "PUT", "/v1/account/verifications/email", call!(|a| a.update_email_verification_positional(
            "user-1", "verify-secret")))
            .body(r#"{"userId":"user-1","secret":"verify-secret"}"#),
        case("update_verification", "all", "PUT", "/v1/account/verifications/email", call!(|a| a.update_verification(
            UpdateVerificationParams::builder().user_id("user-1").secret("verify-secret"))))
            .body(r#"{"userId":"user-1","secret":"verify-secret"}"#),
        case("update_verification_positional", "all", "PUT", "/v1/account/verifications/email", call!(|a| a.update_verification_positional(
            "user-1", "verify-secret")))
            .body(r#"{"userId":"user-1","secret":"verify-secret"}"#),

        case("create_email_verification", "all", "POST", "/v1/account/verifications/email", call!(|a| a.create_email_verification(
            CreateEmailVerificationParams::builder().url("https://example.com/verify"))))
            .body(r#"{"url":"https://example.com/verify"}"#),
        case("create_email_verification_positional", "all", "POST", "/v1/account/verifications/email", call!(|a| a.create_email_verification_positional(
            "https://example.com/verify")))
            .body(r#"{"url":"https://example.com/verify"}"#),
        case("create_verification", "all", "POST", "/v1/account/verifications/email", call!(|a| a.create_verification(
            CreateVerificationParams::builder().url("https://example.com/verify"))))
            .body(r#"{"url":"https://example.com/verify"}"#),
        case("create_verification_positional", "all", "POST", "/v1/account/verifications/email", call!(|a| a.create_verification_positional(
            "https://example.com/verify")))
            .body(r#"{"url":"https://example.com/verify"}"#),

        case("update_phone_verification", "all", "PUT", "/v1/account/verifications/phone", call!(|a| a.update_phone_verification(
            UpdatePhoneVerificationParams::builder().user_id("user-1").secret("123456"))))
            .body(r#"{"userId":"user-1","secret":"123456"}"#),
        case("update_phone_verification_positional", "all", "PUT", "/v1/account/verifications/phone", call!(|a| a.update_phone_verification_positional(
            "user-1", "123456")))
            .body(r#"{"userId":"user-1","secret":"123456"}"#),

        case("create_phone_verification", "no params", "POST", "/v1/account/verifications/phone", call!(|a| a.create_phone_verification()))
            .body("{}"),
    ]
}

/// Run `case` and check the request and the decoded result.
async fn check(case: &Case, kind: ClientKind) -> Recorded {
    let what = format!("{} ({})", case.method, case.label);
    let reply = common::reply_for(case.method);
    let (out, req) = common::exchange(kind, &reply, |client| (case.call)(client.account())).await;
    let out = out.unwrap_or_else(|e| panic!("{what}: the call failed: {e:?}"));
    assert_eq!(out, reply.expected_output(), "{what}: decoded result");

    assert_eq!(req.method, case.verb, "{what}: verb");
    assert_eq!(req.path, case.path, "{what}: path");
    assert_eq!(req.raw_query.as_deref(), case.raw_query, "{what}: raw query");
    let pairs: Vec<(&str, &str)> = req.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(pairs, case.query, "{what}: query pairs");

    // Node's rule: every verb but GET sends `content-type: application/json`.
    let content_type = (case.verb != "GET").then_some("application/json");
    common::assert_headers(&req, kind, content_type, &what);

    match case.body {
        None => assert!(req.body.is_empty(), "{what}: unexpected body {:?}", req.body_text()),
        Some(body) => {
            assert_eq!(req.body_text(), body, "{what}: body bytes");
            // As node-appwrite: every non-GET request has a body (`{}` at least), with its length.
            let length = body.len().to_string();
            assert_eq!(req.header("content-length"), Some(length.as_str()), "{what}: content-length");
            if !body.is_empty() {
                let parsed = common::Ordered::parse(body).expect("expected body is JSON");
                assert!(matches!(parsed, common::Ordered::Object(_)), "{what}: body is an object");
            }
        }
    }
    req
}

#[tokio::test]
async fn every_call_sends_the_expected_request() {
    let cases = cases();
    for case in &cases {
        check(case, ClientKind::Default).await;
    }
    let methods: BTreeSet<&str> = cases.iter().map(|c| c.method).collect();
    eprintln!("checked {} calls of {} methods", cases.len(), methods.len());
}

#[tokio::test]
async fn every_call_sends_every_configured_header() {
    for case in &cases() {
        check(case, ClientKind::AllHeaders).await;
    }
}

// ------------------------------------------------------------------------- coverage

const SERVICE_SOURCE: &str = include_str!("../src/services/account.rs");

/// Names of the account service's methods: the `pub fn`s that return a future.
fn service_methods() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut pending: Option<String> = None;
    for line in SERVICE_SOURCE.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("pub fn ") {
            pending = Some(rest.split(['(', '<']).next().unwrap().trim().to_owned());
        }
        if let Some(name) = &pending {
            if line.contains("-> impl Future<") {
                names.insert(name.clone());
                pending = None;
            } else if line.ends_with('{') {
                pending = None;
            }
        }
    }
    names
}

/// Method -> whether its parameter struct has optional fields.
fn methods_with_optional_params() -> BTreeSet<String> {
    let mut param_type_of: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in SERVICE_SOURCE.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("pub fn ") {
            current = Some(rest.split(['(', '<']).next().unwrap().trim().to_owned());
        }
        if let (Some(method), Some(rest)) = (&current, line.strip_prefix("params: impl Into<")) {
            param_type_of.insert(method.clone(), rest.trim_end_matches([',', '>']).to_owned());
        }
    }
    let mut optional_structs = BTreeSet::new();
    let mut in_struct: Option<String> = None;
    for line in SERVICE_SOURCE.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("pub struct ") {
            in_struct = rest.strip_suffix(" {").map(str::to_owned);
            continue;
        }
        if trimmed == "}" {
            in_struct = None;
        }
        if let Some(name) = &in_struct {
            if trimmed.starts_with("pub ") && trimmed.contains(": Option<") {
                optional_structs.insert(name.clone());
            }
        }
    }
    let defined = service_methods();
    let mut out = BTreeSet::new();
    for (method, ty) in param_type_of {
        if optional_structs.contains(&ty) {
            let positional = format!("{method}_positional");
            if defined.contains(&positional) {
                out.insert(positional);
            }
            if defined.contains(&method) {
                out.insert(method);
            }
        }
    }
    out
}

#[test]
fn every_method_is_covered() {
    let defined = service_methods();
    assert_eq!(defined.len(), 90, "the service has 90 methods (45 + 34 positional + 11 typed): update this test");
    assert_eq!(defined.iter().filter(|m| m.ends_with("_positional")).count(), 34);
    assert_eq!(defined.iter().filter(|m| m.ends_with("_as")).count(), 11);
    let tested: BTreeSet<String> = cases().iter().map(|c| c.method.to_owned()).collect();
    let untested: Vec<&String> = defined.difference(&tested).collect();
    let unknown: Vec<&String> = tested.difference(&defined).collect();
    assert!(untested.is_empty(), "methods without a wire test: {untested:?}");
    assert!(unknown.is_empty(), "tests of methods the service does not have: {unknown:?}");
    // Each call's reply is known too (panics on a method `reply_for` does not list).
    for method in &defined {
        let _ = common::reply_for(method);
    }
}

#[test]
fn methods_with_optional_parameters_are_called_with_all_and_with_required_only() {
    let with_optional = methods_with_optional_params();
    assert!(with_optional.contains("create") && with_optional.contains("create_oauth2_token_positional"));
    let cases = cases();
    for method in &with_optional {
        let labels: BTreeSet<&str> = cases.iter().filter(|c| c.method == method).map(|c| c.label).collect();
        assert!(
            labels.contains("all") && labels.contains("required"),
            "`{method}` has optional parameters: call it with all of them and with required ones only (got {labels:?})"
        );
    }
    for case in &cases {
        if case.label == "required" {
            assert!(with_optional.contains(case.method), "`{}` has no optional parameter", case.method);
        }
    }
}

// ------------------------------------------------------------------------- encoding details

/// Path parameters are percent-encoded as one segment (unlike node, which inserts them raw).
#[tokio::test]
async fn path_parameters_stay_in_their_segment() {
    let ids = [
        "id/with?odd#chars",
        "a b%20c+d&e=f",
        "ünïcødé-😀",
        "semi;colon,comma:colon@at!bang$dollar'quote(paren)*star",
        "back\\slash\"dq<lt>gt`tick{brace}|pipe^caret[sq]",
        "...",
        "a.b_c-d~e",
    ];
    for id in ids {
        let what = format!("delete_session({id:?})");
        let reply = Reply::NoContent;
        let (out, req) = common::exchange(ClientKind::Default, &reply, |c| async move {
            c.account().delete_session(DeleteSessionParams::builder().session_id(id)).await
        })
        .await;
        out.unwrap_or_else(|e| panic!("{what}: {e:?}"));
        let expected = format!("/v1/account/sessions/{}", common::encode_segment(id));
        assert_eq!(req.path, expected, "{what}");
        assert_eq!(req.raw_query, None, "{what}: nothing leaks into the query");
        let segment = req.path.strip_prefix("/v1/account/sessions/").unwrap();
        assert!(!segment.contains('/'), "{what}");
        assert_eq!(common::decode_segment(segment), id, "{what}: round trip");
    }
}

/// Query values are form-encoded as `URLSearchParams` does (space as `+`, only `*-._` and
/// alphanumerics left as they are), in the order given.
#[tokio::test]
async fn query_values_are_form_encoded_like_url_search_params() {
    let values = ["a b+c&d=e", "ünï 😀", "~!'()*-._", "%20%", "[x]{y}"];
    let reply = common::reply_for("list_logs");
    let (out, req) = common::exchange(ClientKind::Default, &reply, |c| async move {
        c.account().list_logs(ListLogsParams::builder().queries(values).total(true)).await
    })
    .await;
    out.expect("list_logs");
    let mut raw = String::new();
    for (i, v) in values.iter().enumerate() {
        raw.push_str(&format!("queries%5B{i}%5D={}&", common::form_encode(v)));
    }
    raw.push_str("total=true");
    assert_eq!(req.raw_query.as_deref(), Some(raw.as_str()));
    let mut pairs: Vec<(String, String)> =
        values.iter().enumerate().map(|(i, v)| (format!("queries[{i}]"), v.to_string())).collect();
    pairs.push(("total".to_owned(), "true".to_owned()));
    assert_eq!(req.query, pairs);

    // An empty list sends nothing (node's flatten of `[]`), `total` alone is kept.
    let (out, req) = common::exchange(ClientKind::Default, &reply, |c| async move {
        c.account().list_logs(ListLogsParams::builder().queries(Vec::<String>::new()).total(false)).await
    })
    .await;
    out.expect("list_logs");
    assert_eq!(req.raw_query.as_deref(), Some("total=false"));
}

/// Body strings are escaped as `JSON.stringify` does: `"`, `\` and control characters
/// escaped (lowercase `\u00xx`), everything else as raw UTF-8.
#[tokio::test]
async fn body_strings_are_escaped_like_json_stringify() {
    let name = "quote\" back\\ nl\n tab\t cr\r bs\u{8} ff\u{c} ctl\u{1} del\u{7f} é 😀 \u{2028} </script>";
    let reply = common::reply_for("update_name");
    let (out, req) = common::exchange(ClientKind::Default, &reply, |c| async move {
        c.account().update_name(UpdateNameParams::builder().name(name)).await
    })
    .await;
    out.expect("update_name");
    assert_eq!(
        req.body_text(),
        "{\"name\":\"quote\\\" back\\\\ nl\\n tab\\t cr\\r bs\\b ff\\f ctl\\u0001 del\u{7f} é 😀 \u{2028} </script>\"}"
    );
    let parsed: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(parsed, json!({"name": name}));
}

/// Integers go out as JSON integers, exactly (no float round trip).
#[tokio::test]
async fn body_integers_are_exact() {
    let reply = common::reply_for("create_jwt");
    for duration in [0, -1, 9_007_199_254_740_993, i64::MAX, i64::MIN] {
        let (out, req) = common::exchange(ClientKind::Default, &reply, |c| async move {
            c.account().create_jwt(CreateJwtParams::builder().duration(duration)).await
        })
        .await;
        out.expect("create_jwt");
        assert_eq!(req.body_text(), format!("{{\"duration\":{duration}}}"));
    }
}

/// Unknown enum values are sent as given.
#[tokio::test]
async fn unknown_enum_values_are_sent_verbatim() {
    let reply = common::reply_for("create_mfa_challenge");
    let (out, req) = common::exchange(ClientKind::Default, &reply, |c| async move {
        c.account()
            .create_mfa_challenge(CreateMfaChallengeParams::builder().factor(AuthenticationFactor::from("webauthn")))
            .await
    })
    .await;
    out.expect("create_mfa_challenge");
    assert_eq!(req.body_text(), r#"{"factor":"webauthn"}"#);
}

/// The endpoint's trailing slash is dropped and its own path kept.
#[tokio::test]
async fn endpoint_path_is_kept_and_trailing_slash_dropped() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(common::reply_for("get").template())
        .mount(&server)
        .await;
    for endpoint in [format!("{}/v1/", server.uri()), format!("{}/prefix/v1", server.uri())] {
        let client = appwrite_server_sdk::Client::builder().endpoint(&endpoint).build().unwrap();
        client.account().get().await.expect("get");
    }
    let paths: Vec<String> =
        server.received_requests().await.unwrap().iter().map(|r| r.url.path().to_owned()).collect();
    assert_eq!(paths, ["/v1/account", "/prefix/v1/account"]);
}
