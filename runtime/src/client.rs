//! The client: endpoint, credentials and headers shared by every service.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::{Error, Result};

/// Connection to an Appwrite server. Cheap to clone (clones share one connection pool) and
/// safe to share across tasks.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    endpoint: String,
    headers: HeaderMap,
}

impl Client {
    /// A builder; `endpoint` must be set before `build`.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The API endpoint, e.g. `https://cloud.appwrite.io/v1`.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// A request to this client's endpoint (every service method starts here).
    #[allow(dead_code, reason = "unused only when no service feature is enabled")]
    pub(crate) fn request(&self, method: reqwest::Method) -> crate::request::Request<'_> {
        crate::request::Request::new(self, method)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&str> = self.inner.headers.keys().map(HeaderName::as_str).collect();
        names.sort_unstable();
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .field("headers", &names)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`].
#[derive(Clone, Default)]
#[must_use]
pub struct ClientBuilder {
    endpoint: Option<String>,
    headers: Vec<(String, String)>,
    self_signed: bool,
    timeout: Option<Duration>,
}

/// Headers whose values are secrets and never shown by `Debug`.
const SECRET_HEADERS: &[&str] = &["x-appwrite-key", "x-appwrite-jwt", "x-appwrite-session"];

impl ClientBuilder {
    /// The API endpoint, e.g. `https://cloud.appwrite.io/v1` or `https://<REGION>.cloud.appwrite.io/v1`.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    fn set(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// Your project ID (`X-Appwrite-Project`).
    pub fn project(self, project: impl Into<String>) -> Self {
        self.set("X-Appwrite-Project", project)
    }

    /// Your secret API key (`X-Appwrite-Key`).
    pub fn key(self, key: impl Into<String>) -> Self {
        self.set("X-Appwrite-Key", key)
    }

    /// A user's JSON Web Token (`X-Appwrite-JWT`).
    pub fn jwt(self, jwt: impl Into<String>) -> Self {
        self.set("X-Appwrite-JWT", jwt)
    }

    /// A user session to act as (`X-Appwrite-Session`).
    pub fn session(self, session: impl Into<String>) -> Self {
        self.set("X-Appwrite-Session", session)
    }

    /// The locale for translated responses (`X-Appwrite-Locale`).
    pub fn locale(self, locale: impl Into<String>) -> Self {
        self.set("X-Appwrite-Locale", locale)
    }

    /// The user agent of the end user's client, when proxying (`X-Forwarded-User-Agent`).
    pub fn forwarded_user_agent(self, user_agent: impl Into<String>) -> Self {
        self.set("X-Forwarded-User-Agent", user_agent)
    }

    /// Impersonate a user by ID (`X-Appwrite-Impersonate-User-Id`).
    pub fn impersonate_user_id(self, id: impl Into<String>) -> Self {
        self.set("X-Appwrite-Impersonate-User-Id", id)
    }

    /// Impersonate a user by email (`X-Appwrite-Impersonate-User-Email`).
    pub fn impersonate_user_email(self, email: impl Into<String>) -> Self {
        self.set("X-Appwrite-Impersonate-User-Email", email)
    }

    /// Impersonate a user by phone (`X-Appwrite-Impersonate-User-Phone`).
    pub fn impersonate_user_phone(self, phone: impl Into<String>) -> Self {
        self.set("X-Appwrite-Impersonate-User-Phone", phone)
    }

    /// An extra header sent with every request (replaces a header of the same name).
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.set(&name, value)
    }

    /// Accept self-signed TLS certificates (off by default; for development servers only).
    pub fn self_signed(mut self, accept: bool) -> Self {
        self.self_signed = accept;
        self
    }

    /// Timeout of each request (none by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The client. Fails on a missing or invalid endpoint, or a header value that cannot be sent.
    pub fn build(self) -> Result<Client> {
        let endpoint = self.endpoint.ok_or_else(|| Error::Config("no endpoint: call `endpoint(...)`".to_owned()))?;
        let url = reqwest::Url::parse(&endpoint)
            .map_err(|e| Error::Config(format!("endpoint `{endpoint}` is not a valid URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
            return Err(Error::Config(format!("endpoint `{endpoint}` must be an http:// or https:// URL")));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::Config(format!("endpoint `{endpoint}` must not have a query or fragment")));
        }
        let mut headers = HeaderMap::new();
        for (name, value) in crate::request::sdk_headers() {
            headers.insert(name, value);
        }
        for (name, value) in &self.headers {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| Error::Config(format!("invalid header name `{name}`: {e}")))?;
            let mut value = HeaderValue::from_str(value)
                .map_err(|e| Error::Config(format!("invalid value for header `{name}`: {e}")))?;
            if SECRET_HEADERS.contains(&header.as_str()) {
                value.set_sensitive(true);
            }
            headers.insert(header, value);
        }
        let mut http =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).default_headers(headers.clone());
        if self.self_signed {
            http = http.danger_accept_invalid_certs(true);
        }
        if let Some(timeout) = self.timeout {
            http = http.timeout(timeout);
        }
        let http = http.build().map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client { inner: Arc::new(Inner { http, endpoint: endpoint.trim_end_matches('/').to_owned(), headers }) })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                let secret = SECRET_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(n));
                (n.as_str(), if secret { "<redacted>" } else { v.as_str() })
            })
            .collect();
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("headers", &headers)
            .field("self_signed", &self.self_signed)
            .field("timeout", &self.timeout)
            .finish()
    }
}
