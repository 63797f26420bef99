//! Request encoding and response decoding, shared by every service method.
//!
//! Encoding follows node-appwrite's `prepareRequest`: GET parameters go in the query string
//! (arrays flattened as `key[0]=…&key[1]=…`, booleans as `true`/`false`, left-out parameters
//! absent); other verbs send a JSON object of the given parameters. Unlike node-appwrite, path
//! parameters are percent-encoded as one segment each, so an ID cannot escape its segment.

// A crate generated with only some services may not use every part of the runtime.
#![allow(dead_code, reason = "services of other tags use the rest of the runtime")]

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{CONTENT_TYPE, HeaderName, HeaderValue, LOCATION};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::{Error, Result};

/// Bytes left as they are in a path segment: RFC 3986 unreserved characters.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Bytes left as they are by `application/x-www-form-urlencoded` (as `URLSearchParams` does).
const FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'*').remove(b'-').remove(b'.').remove(b'_');

/// Largest part of a response body (and of an error message) kept in an error.
const MAX_BODY_IN_ERROR: usize = 4096;

/// The header in which Appwrite sends deprecation warnings (logged by `execute`); a constant, so
/// looking it up does not parse the name on every response.
const X_APPWRITE_WARNING: HeaderName = HeaderName::from_static("x-appwrite-warning");

/// Most of an error response's body that is read; the rest is not downloaded.
const MAX_ERROR_BODY_READ: usize = 1 << 20;

/// Headers this SDK sends with every request, before the configured ones.
pub(crate) fn sdk_headers() -> Vec<(HeaderName, HeaderValue)> {
    let version = env!("CARGO_PKG_VERSION");
    let user_agent =
        format!("{}/{version} ({}; {})", env!("CARGO_PKG_NAME"), std::env::consts::OS, std::env::consts::ARCH);
    [
        ("x-sdk-name", "Rust".to_owned()),
        ("x-sdk-platform", "server".to_owned()),
        ("x-sdk-language", "rust".to_owned()),
        ("x-sdk-version", version.to_owned()),
        ("user-agent", user_agent),
    ]
    .into_iter()
    .chain(crate::RESPONSE_FORMAT.map(|format| ("x-appwrite-response-format", format.to_owned())))
    .filter_map(|(name, value)| Some((HeaderName::from_static(name), HeaderValue::from_str(&value).ok()?)))
    .collect()
}

/// A query string under construction.
#[derive(Debug, Default)]
pub(crate) struct Query {
    encoded: String,
}

impl Query {
    /// Append one `key=value` pair, form-encoded.
    pub(crate) fn append(&mut self, key: &str, value: &str) {
        // Room for the pair as it is and a share of escapes, so the string rarely grows twice.
        self.encoded.reserve(2 * (key.len() + value.len()) + 2);
        if !self.encoded.is_empty() {
            self.encoded.push('&');
        }
        form_encode(&mut self.encoded, key);
        self.encoded.push('=');
        form_encode(&mut self.encoded, value);
    }

    /// Append `key[index]=value`, form-encoded (what `append(&format!("{key}[{index}]"), value)`
    /// writes, without building the key).
    pub(crate) fn append_item(&mut self, key: &str, index: usize, value: &str) {
        self.encoded.reserve(2 * (key.len() + value.len()) + 12);
        if !self.encoded.is_empty() {
            self.encoded.push('&');
        }
        form_encode(&mut self.encoded, key);
        self.encoded.push_str("%5B");
        push_decimal(&mut self.encoded, index);
        self.encoded.push_str("%5D=");
        form_encode(&mut self.encoded, value);
    }
}

/// Append `n` in decimal.
fn push_decimal(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        // A digit: `n % 10` is below 10.
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[start..].iter().map(|&digit| char::from(digit)));
}

/// Append `text` form-encoded, as `URLSearchParams` writes it: `[A-Za-z0-9*._-]` as they are, a
/// space as `+`, every other byte (of the UTF-8 text) as `%XX`. One pass over the bytes, copying
/// each run of bytes kept as they are in one piece (this runs for every byte of every query
/// string).
fn form_encode(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(text.len());
    // Start of the current run of bytes kept as they are. Those are ASCII, so a run's ends are
    // character boundaries.
    let mut run = 0;
    for (i, &byte) in text.as_bytes().iter().enumerate() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'*' | b'-' | b'.' | b'_') {
            continue;
        }
        if run < i {
            out.push_str(&text[run..i]);
        }
        if byte == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
        run = i + 1;
    }
    if run < text.len() {
        out.push_str(&text[run..]);
    }
}

/// `key[item]` in `buffer` (cleared first, so one buffer serves every item of a list): the key of
/// a list item (`item` its index) or an object property (`item` its name) in a query string.
fn item_key<'b>(buffer: &'b mut String, key: &str, item: impl std::fmt::Display) -> &'b str {
    use std::fmt::Write as _;
    buffer.clear();
    // Writing into a `String` cannot fail.
    let _ = write!(buffer, "{key}[{item}]");
    buffer
}

/// A single value as text on the wire (query strings and multipart fields).
pub(crate) trait ScalarValue {
    /// The value as sent.
    fn wire(&self) -> std::borrow::Cow<'_, str>;
}

impl ScalarValue for String {
    fn wire(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(self)
    }
}

impl ScalarValue for bool {
    fn wire(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

impl ScalarValue for i64 {
    fn wire(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Owned(self.to_string())
    }
}

impl ScalarValue for u64 {
    fn wire(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Owned(self.to_string())
    }
}

impl ScalarValue for f64 {
    fn wire(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Owned(self.to_string())
    }
}

/// A value that can be put in a query string (node-appwrite's `flatten`).
pub(crate) trait QueryValue {
    /// Append this value under `key`.
    fn append_to(&self, key: &str, query: &mut Query);

    /// Append this value as item `index` of a list under `key`, i.e. under `key[index]`.
    fn append_item_to(&self, key: &str, index: usize, query: &mut Query) {
        let mut buffer = String::new();
        self.append_to(item_key(&mut buffer, key, index), query);
    }
}

impl<T: ScalarValue> QueryValue for T {
    fn append_to(&self, key: &str, query: &mut Query) {
        query.append(key, &self.wire());
    }

    fn append_item_to(&self, key: &str, index: usize, query: &mut Query) {
        query.append_item(key, index, &self.wire());
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn append_to(&self, key: &str, query: &mut Query) {
        if let Some(value) = self {
            value.append_to(key, query);
        }
    }

    fn append_item_to(&self, key: &str, index: usize, query: &mut Query) {
        if let Some(value) = self {
            value.append_item_to(key, index, query);
        }
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn append_to(&self, key: &str, query: &mut Query) {
        for (i, item) in self.iter().enumerate() {
            item.append_item_to(key, i, query);
        }
    }
}

impl QueryValue for serde_json::Value {
    fn append_to(&self, key: &str, query: &mut Query) {
        Json::from(self).append_to(key, query);
    }
}

/// A value that can be a multipart form field (node-appwrite's `FormData` encoding: arrays as
/// repeated `key[]` fields, other values as text).
pub(crate) trait FormValue {
    /// Append this value under `key`.
    fn append_form(&self, key: &str, form: &mut Vec<(String, String)>);
}

impl<T: ScalarValue> FormValue for T {
    fn append_form(&self, key: &str, form: &mut Vec<(String, String)>) {
        form.push((key.to_owned(), self.wire().into_owned()));
    }
}

impl<T: FormValue> FormValue for Option<T> {
    fn append_form(&self, key: &str, form: &mut Vec<(String, String)>) {
        if let Some(value) = self {
            value.append_form(key, form);
        }
    }
}

impl<T: FormValue> FormValue for Vec<T> {
    fn append_form(&self, key: &str, form: &mut Vec<(String, String)>) {
        let key = format!("{key}[]");
        for item in self {
            item.append_form(&key, form);
        }
    }
}

impl FormValue for serde_json::Value {
    fn append_form(&self, key: &str, form: &mut Vec<(String, String)>) {
        let text = match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        form.push((key.to_owned(), text));
    }
}

/// A parameter's JSON value with its object properties in the order the value serializes them
/// (the order they go on the wire), whatever `serde_json`'s `Map` does: `serde_json::Value`
/// sorts them unless some crate in the build turns on `serde_json/preserve_order`.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// `value` as [`Json`].
fn to_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Json> {
    serde_json::from_str(&serde_json::to_string(value)?)
}

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct JsonVisitor;

        impl<'de> serde::de::Visitor<'de> for JsonVisitor {
            type Value = Json;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }

            fn visit_unit<E>(self) -> std::result::Result<Json, E> {
                Ok(Json::Null)
            }

            fn visit_bool<E>(self, v: bool) -> std::result::Result<Json, E> {
                Ok(Json::Bool(v))
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Json, E> {
                Ok(Json::Number(v.into()))
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Json, E> {
                Ok(Json::Number(v.into()))
            }

            fn visit_f64<E>(self, v: f64) -> std::result::Result<Json, E> {
                Ok(serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number))
            }

            fn visit_str<E>(self, v: &str) -> std::result::Result<Json, E> {
                Ok(Json::String(v.to_owned()))
            }

            fn visit_string<E>(self, v: String) -> std::result::Result<Json, E> {
                Ok(Json::String(v))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Json, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Json::Object(entries))
            }
        }

        deserializer.deserialize_any(JsonVisitor)
    }
}

impl From<&serde_json::Value> for Json {
    fn from(value: &serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.clone()),
            Value::String(s) => Json::String(s.clone()),
            Value::Array(items) => Json::Array(items.iter().map(Json::from).collect()),
            Value::Object(map) => Json::Object(map.iter().map(|(k, v)| (k.clone(), Json::from(v))).collect()),
        }
    }
}

impl Json {
    /// Appended as node-appwrite writes it (`key[name]=…` for objects, `key[0]=…` for lists).
    fn append_to(&self, key: &str, query: &mut Query) {
        match self {
            Json::Null => query.append(key, "null"),
            Json::Bool(b) => b.append_to(key, query),
            Json::Number(n) => query.append(key, &n.to_string()),
            Json::String(s) => query.append(key, s),
            Json::Array(items) => {
                let mut buffer = String::new();
                for (i, item) in items.iter().enumerate() {
                    item.append_to(item_key(&mut buffer, key, i), query);
                }
            }
            Json::Object(map) => {
                let mut buffer = String::new();
                for (name, item) in map {
                    item.append_to(item_key(&mut buffer, key, name), query);
                }
            }
        }
    }
}

/// The text of a JSON value in OpenAPI's `simple` style: scalars as they are, arrays
/// comma-separated, objects as `name,value,…`; `None` for `null`.
fn simple_text(value: &Json) -> Option<String> {
    use Json as Value;
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().filter_map(simple_text).collect::<Vec<_>>().join(","),
        Value::Object(map) => {
            map.iter().filter_map(|(k, v)| Some(format!("{k},{}", simple_text(v)?))).collect::<Vec<_>>().join(",")
        }
    })
}

/// A value that is the whole body of a request (`application/octet-stream`, `text/plain`, …).
pub(crate) trait RawBody {
    /// The bytes to send; `None` sends no body.
    fn raw_bytes(&self) -> Option<Vec<u8>>;
}

impl RawBody for Vec<u8> {
    fn raw_bytes(&self) -> Option<Vec<u8>> {
        Some(self.clone())
    }
}

impl RawBody for String {
    fn raw_bytes(&self) -> Option<Vec<u8>> {
        Some(self.as_bytes().to_vec())
    }
}

impl<T: RawBody> RawBody for Option<T> {
    fn raw_bytes(&self) -> Option<Vec<u8>> {
        self.as_ref().and_then(RawBody::raw_bytes)
    }
}

/// A file (or several, or none) of a multipart form sent in one request.
pub(crate) trait FormFile {
    /// The files.
    fn files(&self) -> Vec<&crate::InputFile>;
}

impl FormFile for crate::InputFile {
    fn files(&self) -> Vec<&crate::InputFile> {
        vec![self]
    }
}

impl<T: FormFile> FormFile for Option<T> {
    fn files(&self) -> Vec<&crate::InputFile> {
        self.as_ref().map(FormFile::files).unwrap_or_default()
    }
}

impl<T: FormFile> FormFile for Vec<T> {
    fn files(&self) -> Vec<&crate::InputFile> {
        self.iter().flat_map(FormFile::files).collect()
    }
}

/// The body of a request under construction.
enum Body {
    /// No body (non-GET requests still say `content-type: application/json`).
    None,
    /// A JSON object written so far, without its closing brace.
    Fields(Vec<u8>),
    /// A complete body with its content type.
    Complete(HeaderValue, Vec<u8>),
    /// A multipart form (its fields are in `form` and `files`).
    Multipart,
    /// An `application/x-www-form-urlencoded` form.
    UrlEncoded(Query),
}

/// One request under construction.
pub(crate) struct Request<'a> {
    client: &'a Client,
    method: reqwest::Method,
    /// The URL's path: the endpoint's, then the operation's.
    path: String,
    query: Query,
    body: Body,
    /// Multipart text fields.
    form: Vec<(String, String)>,
    /// Multipart files: field name, file name, contents.
    files: Vec<(String, String, Vec<u8>)>,
    /// Header parameters.
    headers: Vec<(HeaderName, HeaderValue)>,
    /// Cookie parameters, `name=value; …`.
    cookies: String,
    error: Option<Error>,
}

impl<'a> Request<'a> {
    pub(crate) fn new(client: &'a Client, method: reqwest::Method) -> Self {
        let base = client.base_url().path().trim_end_matches('/');
        let mut path = String::with_capacity(base.len() + 64);
        path.push_str(base);
        let mut query = Query::default();
        for (key, value) in client.query_credentials() {
            query.append(key, value);
        }
        Request {
            client,
            method,
            path,
            query,
            body: Body::None,
            form: Vec::new(),
            files: Vec::new(),
            headers: Vec::new(),
            cookies: String::new(),
            error: None,
        }
    }

    fn fail(&mut self, message: String) {
        self.error.get_or_insert(Error::Encode(message));
    }

    /// Append fixed path text.
    pub(crate) fn push_path(&mut self, text: &str) {
        self.path.push_str(text);
    }

    /// Append a parameter as one percent-encoded path segment.
    ///
    /// An empty, `.` or `..` value fails the call with [`Error::Encode`]: URL parsers resolve
    /// dot segments (even percent-encoded ones), so `..` would reach the parent resource, and an
    /// empty segment names the collection instead of one of its items.
    pub(crate) fn push_path_segment(&mut self, value: &impl ScalarValue) {
        let value = value.wire();
        if matches!(value.as_ref(), "" | "." | "..") {
            self.fail(format!("path parameter `{value}` cannot be sent as a path segment (empty or a dot segment)"));
            return;
        }
        self.path.extend(utf8_percent_encode(&value, PATH_SEGMENT));
    }

    /// Append a parameter of another type as one path segment, in the `simple` style.
    pub(crate) fn push_path_value<T: Serialize>(&mut self, value: &T) {
        match to_json(value).map(|v| simple_text(&v)) {
            Ok(Some(text)) => self.push_path_segment(&text),
            Ok(None) => self.fail("a path parameter cannot be null".to_owned()),
            Err(e) => self.fail(format!("path parameter: {e}")),
        }
    }

    /// Add a query parameter (absent when `None`), as node-appwrite writes it.
    pub(crate) fn query(&mut self, key: &str, value: &impl QueryValue) {
        value.append_to(key, &mut self.query);
    }

    /// Add a query parameter of any type, as node-appwrite writes it (`key[name]=…` for objects).
    pub(crate) fn query_json<T: Serialize>(&mut self, key: &str, value: &T) {
        match to_json(value) {
            Ok(Json::Null) => {}
            Ok(value) => value.append_to(key, &mut self.query),
            Err(e) => self.fail(format!("`{key}`: {e}")),
        }
    }

    /// Add a query parameter in OpenAPI's `form` style: an exploded list repeats the key, an
    /// exploded object writes its properties as parameters; otherwise values are comma-separated.
    pub(crate) fn query_form<T: Serialize>(&mut self, key: &str, value: &T, explode: bool) {
        use Json as Value;
        match to_json(value) {
            Ok(Value::Null) => {}
            Ok(Value::Array(items)) if explode => {
                for item in items.iter().filter_map(simple_text) {
                    self.query.append(key, &item);
                }
            }
            Ok(Value::Object(map)) if explode => {
                for (name, item) in &map {
                    if let Some(text) = simple_text(item) {
                        self.query.append(name, &text);
                    }
                }
            }
            Ok(other) => {
                if let Some(text) = simple_text(&other) {
                    self.query.append(key, &text);
                }
            }
            Err(e) => self.fail(format!("`{key}`: {e}")),
        }
    }

    /// Add a list query parameter separated by `separator` (`spaceDelimited`, `pipeDelimited`).
    pub(crate) fn query_delimited<T: Serialize>(&mut self, key: &str, value: &T, separator: char) {
        use Json as Value;
        match to_json(value) {
            Ok(Value::Null) => {}
            Ok(Value::Array(items)) => {
                let texts: Vec<String> = items.iter().filter_map(simple_text).collect();
                self.query.append(key, &texts.join(&separator.to_string()));
            }
            Ok(other) => {
                if let Some(text) = simple_text(&other) {
                    self.query.append(key, &text);
                }
            }
            Err(e) => self.fail(format!("`{key}`: {e}")),
        }
    }

    /// Add an object query parameter in the `deepObject` style: `key[name]=value`.
    pub(crate) fn query_deep<T: Serialize>(&mut self, key: &str, value: &T) {
        fn deep(query: &mut Query, key: &str, value: &Json) {
            match value {
                Json::Object(map) => {
                    for (name, item) in map {
                        deep(query, &format!("{key}[{name}]"), item);
                    }
                }
                other => {
                    if let Some(text) = simple_text(other) {
                        query.append(key, &text);
                    }
                }
            }
        }
        match to_json(value) {
            Ok(value) => deep(&mut self.query, key, &value),
            Err(e) => self.fail(format!("`{key}`: {e}")),
        }
    }

    /// Add a header parameter (absent when `None`), in the `simple` style.
    pub(crate) fn header<T: Serialize>(&mut self, name: &'static str, value: &T) {
        let text = match to_json(value) {
            Ok(value) => simple_text(&value),
            Err(e) => return self.fail(format!("header `{name}`: {e}")),
        };
        let Some(text) = text else { return };
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&text)) {
            (Ok(name), Ok(value)) => self.headers.push((name, value)),
            _ => self.fail(format!("header `{name}` cannot carry the value `{text}`")),
        }
    }

    /// Add a cookie parameter (absent when `None`).
    pub(crate) fn cookie<T: Serialize>(&mut self, name: &str, value: &T) {
        let text = match to_json(value) {
            Ok(value) => simple_text(&value),
            Err(e) => return self.fail(format!("cookie `{name}`: {e}")),
        };
        let Some(text) = text else { return };
        if !self.cookies.is_empty() {
            self.cookies.push_str("; ");
        }
        self.cookies.push_str(name);
        self.cookies.push('=');
        self.cookies.extend(utf8_percent_encode(&text, FORM));
    }

    /// This operation has a JSON body (sent as `{}` when no field is given).
    pub(crate) fn json_body(&mut self) {
        if !matches!(self.body, Body::Fields(_)) {
            let mut body = Vec::with_capacity(128);
            body.push(b'{');
            self.body = Body::Fields(body);
        }
    }

    /// Add a field to the JSON body.
    pub(crate) fn body_field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        self.json_body();
        let Body::Fields(body) = &mut self.body else {
            return;
        };
        if body.len() > 1 {
            body.push(b',');
        }
        let result = serde_json::to_writer(&mut *body, key).and_then(|()| {
            body.push(b':');
            serde_json::to_writer(&mut *body, value)
        });
        if let Err(e) = result {
            self.fail(format!("`{key}`: {e}"));
        }
    }

    /// Add a field to the JSON body unless it is `None`.
    pub(crate) fn body_field_opt<T: Serialize>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.body_field(key, value);
        }
    }

    /// The whole JSON body (none when the value is `None`).
    pub(crate) fn json_value<T: Serialize>(&mut self, value: &T) {
        match serde_json::to_vec(value) {
            Ok(bytes) if bytes == b"null" => {}
            Ok(bytes) => self.body = Body::Complete(HeaderValue::from_static("application/json"), bytes),
            Err(e) => self.fail(format!("body: {e}")),
        }
    }

    /// The whole body, as it is (none when the value is `None`).
    pub(crate) fn raw_body(&mut self, content_type: &'static str, value: &impl RawBody) {
        if let Some(bytes) = value.raw_bytes() {
            match HeaderValue::from_str(content_type) {
                Ok(content_type) => self.body = Body::Complete(content_type, bytes),
                Err(e) => self.fail(format!("content type `{content_type}`: {e}")),
            }
        }
    }

    /// This operation sends a multipart form in one request.
    pub(crate) fn multipart_body(&mut self) {
        self.body = Body::Multipart;
    }

    /// Add a multipart form field (uploads).
    pub(crate) fn form_field(&mut self, key: &str, value: &impl FormValue) {
        value.append_form(key, &mut self.form);
    }

    /// Add the file(s) of a multipart form sent in one request.
    pub(crate) fn form_file(&mut self, key: &str, value: &impl FormFile) {
        for file in value.files() {
            match file.read(0, file.len()) {
                Ok(bytes) => self.files.push((key.to_owned(), file.filename().to_owned(), bytes.into_owned())),
                Err(e) => self.fail(format!("cannot read `{}`: {e}", file.filename())),
            }
        }
    }

    /// This operation sends an `application/x-www-form-urlencoded` body.
    pub(crate) fn urlencoded_body(&mut self) {
        self.body = Body::UrlEncoded(Query::default());
    }

    /// Add a field to the url-encoded body (absent when `None`; lists repeat the key).
    pub(crate) fn urlencoded_field<T: Serialize>(&mut self, key: &str, value: &T) {
        let value = match to_json(value) {
            Ok(value) => value,
            Err(e) => return self.fail(format!("`{key}`: {e}")),
        };
        let Body::UrlEncoded(form) = &mut self.body else { return };
        match &value {
            Json::Array(items) => {
                for item in items.iter().filter_map(simple_text) {
                    form.append(key, &item);
                }
            }
            other => {
                if let Some(text) = simple_text(other) {
                    form.append(key, &text);
                }
            }
        }
    }

    /// Send the request and turn its response into the call's result with `read`; 4xx/5xx
    /// answers become [`Error::Api`]. With the client's retry policy, failed attempts are sent
    /// again (see [`RetryPolicy`](crate::RetryPolicy)); each attempt is the request and `read`, so
    /// a response whose body breaks off is retried too.
    ///
    /// Not an `async fn`, nor are the `send_*` methods below: the request is built and handed to
    /// reqwest here, synchronously, and only small futures are returned. An `async fn` taking
    /// `self` would keep the whole `Request` in its future, and every future around it (the
    /// service method's, the caller's) would be that much larger and copied on every call.
    fn send_then<T, F, R>(self, read: R) -> impl Future<Output = Result<T>> + use<T, F, R>
    where
        R: Fn(reqwest::Response) -> F,
        F: Future<Output = Result<T>>,
    {
        let client = self.client;
        let policy = client.retry_policy().cloned();
        let method = policy.as_ref().map(|_| self.method.clone());
        let built = self.build();
        // With a retry policy, a copy of the request for the attempts after the first. A body
        // reqwest cannot copy (a stream) would be consumed by the first attempt: no retry then.
        let again = match (policy, method, &built) {
            (Some(policy), Some(method), Ok(request)) => request.try_clone().map(|request| {
                Box::new(Retry { policy, method, request, started: std::time::Instant::now(), client: client.clone() })
            }),
            _ => None,
        };
        attempt_then(built.map(|request| send(client, request)), again, read)
    }

    /// The finished reqwest request (or the first error met while building it).
    fn build(self) -> Result<reqwest::RequestBuilder> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let Request { client, method, path, query, body, form, files, mut headers, cookies, .. } = self;
        let url = request_url(client, &path, &query);
        if !cookies.is_empty() {
            let all = match client.cookie_credentials() {
                Some(own) => format!("{own}; {cookies}"),
                None => cookies,
            };
            let value = HeaderValue::from_str(&all).map_err(|e| Error::Encode(format!("cookies: {e}")))?;
            headers.push((reqwest::header::COOKIE, value));
        }
        let json = || (method != reqwest::Method::GET).then(|| HeaderValue::from_static("application/json"));
        let (content_type, body) = match body {
            Body::None => (json(), None),
            Body::Fields(mut fields) => {
                fields.push(b'}');
                (json(), Some(fields))
            }
            Body::Complete(content_type, bytes) => (Some(content_type), Some(bytes)),
            Body::Multipart => {
                let mut multipart = crate::upload::Multipart::new();
                for (key, value) in &form {
                    multipart.text(key, value);
                }
                for (key, filename, bytes) in &files {
                    multipart.file(key, filename, bytes);
                }
                let (content_type, bytes) = multipart.finish();
                (Some(content_type), Some(bytes))
            }
            Body::UrlEncoded(form) => {
                (Some(HeaderValue::from_static("application/x-www-form-urlencoded")), Some(form.encoded.into_bytes()))
            }
        };
        Ok(http_request(client, method, url, content_type, body, headers))
    }

    /// Send a multipart upload of `file` under `file_key`, in chunks of
    /// [`CHUNK_SIZE`](crate::upload::CHUNK_SIZE) as node-appwrite does, retrying failed chunks
    /// (see [`UploadRequest::send`](crate::upload::UploadRequest::send)). `on_progress` is
    /// called after each chunk. The result is the last chunk's response.
    pub(crate) async fn send_upload<T: DeserializeOwned>(
        self,
        file_key: &str,
        file: &crate::InputFile,
        on_progress: &mut (dyn FnMut(crate::UploadProgress) + Send),
    ) -> Result<T> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let Request { client, method, path, query, form, headers, .. } = self;
        let url = request_url(client, &path, &query);
        let upload = crate::upload::UploadRequest { client, method, url, form, headers };
        let (status, bytes) = upload.send(file_key, file, on_progress).await?;
        decode_json(status, &bytes)
    }

    /// Send and decode a JSON response.
    pub(crate) fn send_json<T: DeserializeOwned>(self) -> impl Future<Output = Result<T>> + use<T> {
        self.send_then(json_response::<T>)
    }

    /// Send, expecting no content.
    pub(crate) fn send_empty(self) -> impl Future<Output = Result<()>> + use<> {
        self.send_then(empty_response)
    }

    /// Send without following the redirect; the result is its `Location`.
    pub(crate) fn send_redirect(self) -> impl Future<Output = Result<String>> + use<> {
        self.send_then(redirect_response)
    }

    /// Send and decode a JSON response; no content (204, or an empty body) is `None`.
    pub(crate) fn send_json_or_empty<T: DeserializeOwned>(self) -> impl Future<Output = Result<Option<T>>> + use<T> {
        self.send_then(optional_json_response::<T>)
    }

    /// Send and return the response as text.
    pub(crate) fn send_text(self) -> impl Future<Output = Result<String>> + use<> {
        self.send_then(text_response)
    }

    /// Send and return the response as a [`Download`](crate::Download): its bytes, a stream of
    /// them, or a file. Under a retry policy, an attempt ends with the response's headers: a body
    /// that breaks off later is an error of the download, not retried.
    pub(crate) fn send_download(self) -> crate::Download {
        crate::Download::new(self.send_then(|response| std::future::ready(Ok(response))))
    }
}

/// What a call needs to be sent again under its client's retry policy.
struct Retry {
    policy: std::sync::Arc<crate::RetryPolicy>,
    method: reqwest::Method,
    /// A copy of the request, copied again for each attempt.
    request: reqwest::RequestBuilder,
    /// When the first attempt started (set again when the call's future is first polled).
    started: std::time::Instant,
    /// The client (whose test double, when it has one, answers the attempts).
    client: Client,
}

/// The first attempt of a call: await the request (see `execute`) and `read` its response. On
/// failure, with a retry policy (`again`), the next attempts (boxed: a call without a policy
/// pays one branch, and its future does not hold the retry loop's).
async fn attempt_then<T, F: Future<Output = Result<T>>>(
    sending: Result<impl Future<Output = Result<reqwest::Response>>>,
    mut again: Option<Box<Retry>>,
    read: impl Fn(reqwest::Response) -> F,
) -> Result<T> {
    if let Some(again) = &mut again {
        // The time budget counts from the first poll, not from when the call was made.
        again.started = std::time::Instant::now();
    }
    let result = attempt(sending, &read).await;
    match (result, again) {
        (Err(error), Some(again)) => Box::pin(again.retry(error, read)).await,
        (result, _) => result,
    }
}

/// One attempt: await the request (see `execute`), then `read` its response.
async fn attempt<T, F: Future<Output = Result<T>>>(
    sending: Result<impl Future<Output = Result<reqwest::Response>>>,
    read: &impl Fn(reqwest::Response) -> F,
) -> Result<T> {
    read(execute(sending).await?).await
}

impl Retry {
    /// The attempts after the first, which failed with `error`: while the policy allows,
    /// wait, send a copy of the request and `read` its response. The last error when the
    /// attempts run out, the error is not worth retrying, or the next wait would pass the time
    /// budget.
    async fn retry<T, F: Future<Output = Result<T>>>(
        self: Box<Self>,
        mut error: Error,
        read: impl Fn(reqwest::Response) -> F,
    ) -> Result<T> {
        // Time spent: the attempts, measured, plus the waits asked for (a test's sleeper may
        // not really wait).
        let mut spent = self.started.elapsed();
        for retry in 1..self.policy.attempts() {
            let Some(server_delay) = self.policy.retryable(&self.method, &error) else {
                return Err(error);
            };
            let delay = self.policy.delay(retry, server_delay);
            if spent.saturating_add(delay) > self.policy.budget() {
                return Err(error);
            }
            let Some(request) = self.request.try_clone() else {
                return Err(error);
            };
            // The status or the kind of failure only: a transport error's text has the URL,
            // which may carry credentials.
            tracing::debug!(
                target: "appwrite",
                attempt = retry + 1,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                status = error.status(),
                transport = ?match &error {
                    Error::Transport(e) => Some(e.kind()),
                    _ => None,
                },
                "retrying"
            );
            self.policy.sleep(delay).await;
            spent = spent.saturating_add(delay);
            let started = std::time::Instant::now();
            let result = attempt(Ok(send(&self.client, request)), &read).await;
            spent = spent.saturating_add(started.elapsed());
            match result {
                Ok(value) => return Ok(value),
                Err(next) => error = next,
            }
        }
        Err(error)
    }
}

/// A response decoded from JSON.
async fn json_response<T: DeserializeOwned>(response: reqwest::Response) -> Result<T> {
    let status = response.status().as_u16();
    let body = response.bytes().await.map_err(Error::transport)?;
    decode_json(status, &body)
}

/// A JSON body decoded; a body that does not match is [`Error::Decode`] with its text.
fn decode_json<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| Error::Decode { status, message: e.to_string(), body: truncated(body) })
}

/// A response expected to have no content (a body is read and dropped).
async fn empty_response(response: reqwest::Response) -> Result<()> {
    response.bytes().await.map_err(Error::transport)?;
    Ok(())
}

/// The `Location` of a redirect response.
async fn redirect_response(response: reqwest::Response) -> Result<String> {
    let status = response.status().as_u16();
    if !matches!(status, 301 | 302 | 303 | 307 | 308) {
        return Err(Error::InvalidRedirect {
            status,
            message: "expected a redirect (301, 302, 303, 307 or 308)".to_owned(),
        });
    }
    let location = response
        .headers()
        .get(LOCATION)
        .ok_or_else(|| Error::InvalidRedirect { status, message: "the redirect has no Location header".to_owned() })?;
    location
        .to_str()
        .map(str::to_owned)
        .map_err(|_| Error::InvalidRedirect { status, message: "the Location header is not valid text".to_owned() })
}

/// A response decoded from JSON; no content (204, or an empty body) is `None`.
async fn optional_json_response<T: DeserializeOwned>(response: reqwest::Response) -> Result<Option<T>> {
    let status = response.status().as_u16();
    let body = response.bytes().await.map_err(Error::transport)?;
    if status == 204 || body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    decode_json(status, &body).map(Some)
}

/// A response as text.
async fn text_response(response: reqwest::Response) -> Result<String> {
    let status = response.status().as_u16();
    let body = response.bytes().await.map_err(Error::transport)?;
    String::from_utf8(body.to_vec()).map_err(|e| Error::Decode {
        status,
        message: format!("the response is not UTF-8 text: {e}"),
        body: truncated(&body),
    })
}

/// The URL of a request: the client's endpoint with `path` (which starts with the endpoint's
/// path) and `query`. The same URL as parsing `{endpoint}{path}?{query}` gives (the path and
/// the query go through the same parser steps; the endpoint was parsed when the client was
/// built), without parsing the scheme and host again on every call.
fn request_url(client: &Client, path: &str, query: &Query) -> reqwest::Url {
    let mut url = client.base_url().clone();
    url.set_path(path);
    if !query.encoded.is_empty() {
        url.set_query(Some(&query.encoded));
    }
    url
}

/// One HTTP request to send: the client's default headers, then `content_type`, then `headers`.
pub(crate) fn http_request(
    client: &Client,
    method: reqwest::Method,
    url: reqwest::Url,
    content_type: Option<HeaderValue>,
    body: Option<Vec<u8>>,
    headers: Vec<(HeaderName, HeaderValue)>,
) -> reqwest::RequestBuilder {
    let mut request = client.http().request(method, url);
    if let Some(content_type) = content_type {
        request = request.header(CONTENT_TYPE, content_type);
    }
    for (name, value) in headers {
        request = request.header(name, value);
    }
    if let Some(body) = body {
        request = request.body(body);
    }
    request
}

/// Hand a finished request to reqwest, or to the client's test double when it has one (the
/// `mock` feature); the request is the same either way.
pub(crate) fn send(
    client: &Client,
    request: reqwest::RequestBuilder,
) -> Sending<impl Future<Output = reqwest::Result<reqwest::Response>> + Unpin + use<>> {
    #[cfg(feature = "mock")]
    if let Some(state) = client.mock_state() {
        return Sending(Transport::Mock(crate::mock::send(client, state, request)));
    }
    #[cfg(not(feature = "mock"))]
    let _ = client;
    Sending(Transport::Http(request.send()))
}

/// A request being sent: by reqwest (its future's error becomes [`Error::Transport`]), or to a
/// test double.
pub(crate) struct Sending<F>(Transport<F>);

enum Transport<F> {
    Http(F),
    #[cfg(feature = "mock")]
    Mock(std::pin::Pin<Box<dyn Future<Output = Result<reqwest::Response>> + Send>>),
}

impl<F: Future<Output = reqwest::Result<reqwest::Response>> + Unpin> Future for Sending<F> {
    type Output = Result<reqwest::Response>;

    fn poll(self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        match &mut self.get_mut().0 {
            Transport::Http(sending) => std::pin::Pin::new(sending).poll(cx).map(|r| r.map_err(Error::transport)),
            #[cfg(feature = "mock")]
            Transport::Mock(sending) => sending.as_mut().poll(cx),
        }
    }
}

/// Await one HTTP request being sent (or return the error met building it); 4xx/5xx answers
/// become [`Error::Api`]. Appwrite's `x-appwrite-warning` headers are logged as `tracing`
/// warnings.
pub(crate) async fn execute(
    sending: Result<impl Future<Output = Result<reqwest::Response>>>,
) -> Result<reqwest::Response> {
    let response = sending?.await?;
    for warning in response.headers().get_all(&X_APPWRITE_WARNING) {
        for w in String::from_utf8_lossy(warning.as_bytes()).split(';') {
            tracing::warn!(target: "appwrite", "{}", w.trim());
        }
    }
    let status = response.status().as_u16();
    if status >= 400 {
        let headers = crate::error::ApiHeaders::from_response(response.headers(), std::time::SystemTime::now());
        // Boxed: the error path's future stays out of every call's future.
        let body = Box::pin(read_capped(response, MAX_ERROR_BODY_READ)).await?;
        return Err(api_error(status, &body, headers));
    }
    Ok(response)
}

async fn read_capped(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::transport)? {
        body.extend_from_slice(&chunk);
        if body.len() >= limit {
            body.truncate(limit);
            break;
        }
    }
    Ok(body)
}

/// The error of a 4xx/5xx response: Appwrite's `{message, type, code}` when the body is that,
/// else the body text (or the status' reason when the body is empty). Body and message are
/// truncated to `MAX_BODY_IN_ERROR` bytes.
fn api_error(status: u16, body: &[u8], headers: crate::error::ApiHeaders) -> Error {
    #[derive(serde::Deserialize)]
    struct AppwriteError {
        #[serde(default)]
        message: Option<String>,
        #[serde(default, rename = "type")]
        kind: Option<String>,
    }
    let text = truncated(body);
    let (kind, message) = match serde_json::from_slice::<AppwriteError>(body) {
        Ok(e) => (e.kind, e.message.map(truncate_text)),
        Err(_) => (None, None),
    };
    let message = message.unwrap_or_else(|| match text.trim() {
        "" => reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("no response body")
            .to_owned(),
        trimmed => trimmed.to_owned(),
    });
    Error::Api { status, kind: kind.map(|k| printable(&k)), message: printable(&message), body: text, headers }
}

/// Server text fit for logs and terminals: control and bidirectional-override characters are
/// escaped (`\u{1b}`), so an error message cannot inject escape sequences. `body` stays raw.
fn printable(text: &str) -> String {
    if !text.chars().any(is_unprintable) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unprintable(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

fn is_unprintable(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The first `MAX_BODY_IN_ERROR` bytes of `body` as text, not cutting a character in two.
fn truncated(body: &[u8]) -> String {
    let mut end = body.len().min(MAX_BODY_IN_ERROR);
    while end < body.len() && end > 0 && body[end] & 0xC0 == 0x80 && MAX_BODY_IN_ERROR - end < 3 {
        end -= 1;
    }
    String::from_utf8_lossy(&body[..end]).into_owned()
}

/// `text` cut to at most `MAX_BODY_IN_ERROR` bytes, on a character boundary.
fn truncate_text(mut text: String) -> String {
    if text.len() > MAX_BODY_IN_ERROR {
        let mut end = MAX_BODY_IN_ERROR;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::{FORM, PATH_SEGMENT, Query, Request, form_encode, request_url};
    use crate::client::Client;
    use percent_encoding::utf8_percent_encode;

    /// `form_encode` as it was written first: `URLSearchParams`' encoding spelled with
    /// `percent_encoding` (spaces as `+`, the rest of the `FORM` set as `%XX`).
    fn form_encode_reference(text: &str) -> String {
        text.split(' ').map(|part| utf8_percent_encode(part, FORM).to_string()).collect::<Vec<_>>().join("+")
    }

    #[test]
    fn form_encoding_matches_the_percent_encoding_reference() {
        let ascii: String = (0u8..128).map(char::from).collect();
        for text in [
            "",
            " ",
            "  a  b ",
            r#"{"method":"limit","values":[5]}"#,
            "a+b=c&d%20e/f?g#h",
            "Grüße, 世界 🎉",
            "*-._~!'()",
            ascii.as_str(),
        ] {
            let mut out = String::from("prefix&");
            form_encode(&mut out, text);
            assert_eq!(out, format!("prefix&{}", form_encode_reference(text)), "{text:?}");
        }
    }

    #[test]
    fn list_and_object_query_keys_are_indexed() {
        let mut query = Query::default();
        super::QueryValue::append_to(&vec!["a".to_owned(), "b c".to_owned()], "queries", &mut query);
        super::QueryValue::append_to(&serde_json::json!({ "x": [1, true], "y": null }), "filter", &mut query);
        super::QueryValue::append_to(&vec![vec![Some(1i64)], vec![None, Some(2)]], "n d", &mut query);
        assert_eq!(
            query.encoded,
            "queries%5B0%5D=a&queries%5B1%5D=b+c&filter%5Bx%5D%5B0%5D=1&filter%5Bx%5D%5B1%5D=true&filter%5By%5D=null\
             &n+d%5B0%5D%5B0%5D=1&n+d%5B1%5D%5B1%5D=2"
        );
        // Every index, as `format!` writes it.
        let many: Vec<u64> = (0..1001).collect();
        let mut query = Query::default();
        super::QueryValue::append_to(&many, "k", &mut query);
        let expected: Vec<String> = many.iter().map(|i| format!("k%5B{i}%5D={i}")).collect();
        assert_eq!(query.encoded, expected.join("&"));
    }

    /// Object properties go on the wire in the order the value serializes them, not in
    /// `serde_json::Map`'s order (sorted, unless a crate turns on `preserve_order`).
    #[test]
    fn object_parameters_keep_their_property_order() {
        #[derive(serde::Serialize)]
        struct Range {
            min: i64,
            max: i64,
            step: Option<i64>,
        }
        let range = Range { min: 1, max: 9, step: None };
        let client = Client::builder().endpoint("http://localhost/v1").build().unwrap();
        let mut request = Request::new(&client, reqwest::Method::GET);
        request.query_deep("filter", &range);
        request.query_form("range", &range, true);
        request.query_json("json", &range);
        assert_eq!(
            request.query.encoded,
            "filter%5Bmin%5D=1&filter%5Bmax%5D=9&min=1&max=9&json%5Bmin%5D=1&json%5Bmax%5D=9&json%5Bstep%5D=null"
        );
        let mut request = Request::new(&client, reqwest::Method::GET);
        request.header("x-range", &range);
        assert_eq!(request.headers[0].1, "min,1,max,9");
    }

    /// The `send_*` futures can be spawned on a multi-threaded runtime (a compile-time check: the
    /// futures are made, not polled).
    #[test]
    fn request_futures_are_send() {
        fn assert_send<T: Send>(_: T) {}
        let client = Client::builder().endpoint("http://localhost/v1").build().unwrap();
        let request = || Request::new(&client, reqwest::Method::GET);
        assert_send(request().send_json::<serde_json::Value>());
        assert_send(request().send_json_or_empty::<serde_json::Value>());
        assert_send(request().send_empty());
        assert_send(request().send_redirect());
        assert_send(request().send_text());
        assert_send(request().send_download());
        assert_send(request().send_download().stream());
        assert_send(request().send_download().to_path("x"));
    }

    /// A request's URL, built from the parsed endpoint, is the URL that parsing the whole text
    /// (`{endpoint}{path}?{query}`, what the SDK sent before) gives.
    #[test]
    fn request_urls_are_what_parsing_the_whole_text_gives() {
        let endpoints = [
            "http://localhost/v1",
            "http://localhost/v1/",
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080/",
            "http://user:secret@example.com/a b/v1//",
            "http://EXAMPLE.com/v1/../v2",
            "http://example.com/v1/.",
            "http://[::1]:80/%7Eapi/v1",
            "http://xn--bcher-kva.example/v1",
            "http://bücher.example/v1",
        ];
        let segments = ["abc", "a b/c?d#e%f", "...", "ü", "%2e%2e", "~x-y_z."];
        let queries: [&[(&str, &str)]; 3] = [
            &[],
            &[("queries[0]", r#"{"method":"limit","values":[5]}"#), ("total", "false")],
            &[("search", "ä ö+&=#?"), ("empty", "")],
        ];
        for endpoint in endpoints {
            let client = Client::builder().endpoint(endpoint).build().unwrap();
            for segment in segments {
                for query in queries {
                    let mut request = Request::new(&client, reqwest::Method::GET);
                    request.push_path("/account/sessions/");
                    request.push_path_segment(&segment.to_owned());
                    for (key, value) in query {
                        request.query(key, &(*value).to_owned());
                    }
                    // The URL as the SDK wrote it before: the endpoint's text, then the path.
                    let encoded = utf8_percent_encode(segment, PATH_SEGMENT);
                    let mut text = format!("{}/account/sessions/{encoded}", client.endpoint());
                    if !request.query.encoded.is_empty() {
                        text.push('?');
                        text.push_str(&request.query.encoded);
                    }
                    let expected = reqwest::Url::parse(&text).unwrap();
                    let url = request_url(&client, &request.path, &request.query);
                    assert_eq!(url.as_str(), expected.as_str(), "{endpoint} {segment:?} {query:?}");
                }
            }
        }
    }
}
