//! Request encoding and response decoding, shared by every service method.
//!
//! Encoding follows node-appwrite's `prepareRequest`: GET parameters go in the query string
//! (arrays flattened as `key[0]=…&key[1]=…`, booleans as `true`/`false`, left-out parameters
//! absent); other verbs send a JSON object of the given parameters. Unlike node-appwrite, path
//! parameters are percent-encoded as one segment each, so an ID cannot escape its segment.

// A crate generated with only some services may not use every part of the runtime.
#![allow(dead_code, reason = "services of other tags use the rest of the runtime")]

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{CONTENT_RANGE, CONTENT_TYPE, HeaderName, HeaderValue, LOCATION};
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
        if !self.encoded.is_empty() {
            self.encoded.push('&');
        }
        form_encode(&mut self.encoded, key);
        self.encoded.push('=');
        form_encode(&mut self.encoded, value);
    }
}

fn form_encode(out: &mut String, text: &str) {
    for (i, part) in text.split(' ').enumerate() {
        if i > 0 {
            out.push('+');
        }
        out.extend(utf8_percent_encode(part, FORM));
    }
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
}

impl<T: ScalarValue> QueryValue for T {
    fn append_to(&self, key: &str, query: &mut Query) {
        query.append(key, &self.wire());
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn append_to(&self, key: &str, query: &mut Query) {
        if let Some(value) = self {
            value.append_to(key, query);
        }
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn append_to(&self, key: &str, query: &mut Query) {
        for (i, item) in self.iter().enumerate() {
            item.append_to(&format!("{key}[{i}]"), query);
        }
    }
}

impl QueryValue for serde_json::Value {
    fn append_to(&self, key: &str, query: &mut Query) {
        use serde_json::Value;
        match self {
            Value::Null => query.append(key, "null"),
            Value::Bool(b) => b.append_to(key, query),
            Value::Number(n) => query.append(key, &n.to_string()),
            Value::String(s) => query.append(key, s),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    item.append_to(&format!("{key}[{i}]"), query);
                }
            }
            Value::Object(map) => {
                for (name, item) in map {
                    item.append_to(&format!("{key}[{name}]"), query);
                }
            }
        }
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

/// The text of a JSON value in OpenAPI's `simple` style: scalars as they are, arrays
/// comma-separated, objects as `name,value,…`; `None` for `null`.
fn simple_text(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
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
    url: String,
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
        let mut url = String::with_capacity(client.endpoint().len() + 64);
        url.push_str(client.endpoint());
        let mut query = Query::default();
        for (key, value) in client.query_credentials() {
            query.append(key, value);
        }
        Request {
            client,
            method,
            url,
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
        self.url.push_str(text);
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
        self.url.extend(utf8_percent_encode(&value, PATH_SEGMENT));
    }

    /// Append a parameter of another type as one path segment, in the `simple` style.
    pub(crate) fn push_path_value<T: Serialize>(&mut self, value: &T) {
        match serde_json::to_value(value).map(|v| simple_text(&v)) {
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
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => {}
            Ok(value) => value.append_to(key, &mut self.query),
            Err(e) => self.fail(format!("`{key}`: {e}")),
        }
    }

    /// Add a query parameter in OpenAPI's `form` style: an exploded list repeats the key, an
    /// exploded object writes its properties as parameters; otherwise values are comma-separated.
    pub(crate) fn query_form<T: Serialize>(&mut self, key: &str, value: &T, explode: bool) {
        use serde_json::Value;
        match serde_json::to_value(value) {
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
        use serde_json::Value;
        match serde_json::to_value(value) {
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
        fn deep(query: &mut Query, key: &str, value: &serde_json::Value) {
            match value {
                serde_json::Value::Object(map) => {
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
        match serde_json::to_value(value) {
            Ok(value) => deep(&mut self.query, key, &value),
            Err(e) => self.fail(format!("`{key}`: {e}")),
        }
    }

    /// Add a header parameter (absent when `None`), in the `simple` style.
    pub(crate) fn header<T: Serialize>(&mut self, name: &'static str, value: &T) {
        let text = match serde_json::to_value(value) {
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
        let text = match serde_json::to_value(value) {
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
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(e) => return self.fail(format!("`{key}`: {e}")),
        };
        let Body::UrlEncoded(form) = &mut self.body else { return };
        match &value {
            serde_json::Value::Array(items) => {
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

    async fn send(self) -> Result<reqwest::Response> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let Request { client, method, mut url, query, body, form, files, mut headers, cookies, .. } = self;
        if !query.encoded.is_empty() {
            url.push('?');
            url.push_str(&query.encoded);
        }
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
        execute(client, method, url, content_type, body, headers).await
    }

    /// Send a multipart upload of `file` under `file_key`, in chunks of
    /// [`CHUNK_SIZE`](crate::upload::CHUNK_SIZE) as node-appwrite does: each chunk carries
    /// `content-range`, and every chunk after the first the `x-appwrite-id` the server returned.
    /// `on_progress` is called after each chunk. The result is the last chunk's response.
    pub(crate) async fn send_upload<T: DeserializeOwned>(
        self,
        file_key: &str,
        file: &crate::InputFile,
        on_progress: &mut (dyn FnMut(crate::UploadProgress) + Send),
    ) -> Result<T> {
        use crate::upload::{CHUNK_SIZE, Multipart};
        if let Some(error) = self.error {
            return Err(error);
        }
        let Request { client, method, mut url, query, form, headers: params_headers, .. } = self;
        if !query.encoded.is_empty() {
            url.push('?');
            url.push_str(&query.encoded);
        }
        let size = file.len();
        let chunks_total = size.div_ceil(CHUNK_SIZE).max(1);
        let mut start = 0u64;
        let mut id: Option<String> = None;
        loop {
            let end = (start + CHUNK_SIZE).min(size);
            let chunk =
                file.read(start, end).map_err(|e| Error::Encode(format!("cannot read `{}`: {e}", file.filename())))?;
            let mut multipart = Multipart::new();
            for (key, value) in &form {
                multipart.text(key, value);
            }
            multipart.file(file_key, file.filename(), &chunk);
            let (content_type, body) = multipart.finish();
            let mut headers = params_headers.clone();
            if size > CHUNK_SIZE {
                let range = format!("bytes {start}-{}/{size}", end.saturating_sub(1));
                headers.push((CONTENT_RANGE, HeaderValue::from_str(&range).map_err(|e| Error::Encode(e.to_string()))?));
            }
            if let Some(id) = &id {
                let value = HeaderValue::from_str(id).map_err(|e| Error::Encode(e.to_string()))?;
                headers.push((HeaderName::from_static("x-appwrite-id"), value));
            }
            let response =
                execute(client, method.clone(), url.clone(), Some(content_type), Some(body), headers).await?;
            let status = response.status().as_u16();
            let bytes = response.bytes().await.map_err(Error::transport)?;
            if id.is_none() {
                #[derive(serde::Deserialize)]
                struct Id {
                    #[serde(rename = "$id")]
                    id: Option<String>,
                }
                id = serde_json::from_slice::<Id>(&bytes).ok().and_then(|r| r.id);
            }
            on_progress(crate::UploadProgress {
                id: id.clone(),
                progress: if size == 0 { 100.0 } else { end as f64 * 100.0 / size as f64 },
                size_uploaded: end,
                chunks_total,
                chunks_uploaded: end.div_ceil(CHUNK_SIZE).max(1),
            });
            start = end;
            if start >= size {
                return serde_json::from_slice(&bytes).map_err(|e| Error::Decode {
                    status,
                    message: e.to_string(),
                    body: truncated(&bytes),
                });
            }
        }
    }

    /// Send and decode a JSON response.
    pub(crate) async fn send_json<T: DeserializeOwned>(self) -> Result<T> {
        let response = self.send().await?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(Error::transport)?;
        serde_json::from_slice(&body).map_err(|e| Error::Decode {
            status,
            message: e.to_string(),
            body: truncated(&body),
        })
    }

    /// Send, expecting no content.
    pub(crate) async fn send_empty(self) -> Result<()> {
        let response = self.send().await?;
        response.bytes().await.map_err(Error::transport)?;
        Ok(())
    }

    /// Send without following the redirect; the result is its `Location`.
    pub(crate) async fn send_redirect(self) -> Result<String> {
        let response = self.send().await?;
        let status = response.status().as_u16();
        if !matches!(status, 301 | 302 | 303 | 307 | 308) {
            return Err(Error::InvalidRedirect {
                status,
                message: "expected a redirect (301, 302, 303, 307 or 308)".to_owned(),
            });
        }
        let location = response.headers().get(LOCATION).ok_or_else(|| Error::InvalidRedirect {
            status,
            message: "the redirect has no Location header".to_owned(),
        })?;
        location
            .to_str()
            .map(str::to_owned)
            .map_err(|_| Error::InvalidRedirect { status, message: "the Location header is not valid text".to_owned() })
    }

    /// Send and decode a JSON response; no content (204, or an empty body) is `None`.
    pub(crate) async fn send_json_or_empty<T: DeserializeOwned>(self) -> Result<Option<T>> {
        let response = self.send().await?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(Error::transport)?;
        if status == 204 || body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        serde_json::from_slice(&body).map(Some).map_err(|e| Error::Decode {
            status,
            message: e.to_string(),
            body: truncated(&body),
        })
    }

    /// Send and return the response as text.
    pub(crate) async fn send_text(self) -> Result<String> {
        let response = self.send().await?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(Error::transport)?;
        String::from_utf8(body.to_vec()).map_err(|e| Error::Decode {
            status,
            message: format!("the response is not UTF-8 text: {e}"),
            body: truncated(&body),
        })
    }

    /// Send and return the raw response bytes.
    pub(crate) async fn send_bytes(self) -> Result<Vec<u8>> {
        let response = self.send().await?;
        let body = response.bytes().await.map_err(Error::transport)?;
        Ok(body.to_vec())
    }
}

/// The first `limit` bytes of a response body (all of it when shorter).
/// Send one HTTP request; 4xx/5xx answers become [`Error::Api`].
async fn execute(
    client: &Client,
    method: reqwest::Method,
    url: String,
    content_type: Option<HeaderValue>,
    body: Option<Vec<u8>>,
    headers: Vec<(HeaderName, HeaderValue)>,
) -> Result<reqwest::Response> {
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
    let response = request.send().await.map_err(Error::transport)?;
    for warning in response.headers().get_all("x-appwrite-warning") {
        for w in String::from_utf8_lossy(warning.as_bytes()).split(';') {
            tracing::warn!(target: "appwrite", "{}", w.trim());
        }
    }
    let status = response.status().as_u16();
    if status >= 400 {
        let body = read_capped(response, MAX_ERROR_BODY_READ).await?;
        return Err(api_error(status, &body));
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
fn api_error(status: u16, body: &[u8]) -> Error {
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
    Error::Api { status, kind: kind.map(|k| printable(&k)), message: printable(&message), body: text }
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
