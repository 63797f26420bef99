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
    /// Credentials sent as query parameters of every request.
    query: Vec<(String, String)>,
    /// Credentials sent as cookies, `name=value; …`.
    cookies: Option<String>,
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

    /// Credentials sent as query parameters of every request.
    pub(crate) fn query_credentials(&self) -> impl Iterator<Item = (&str, &str)> {
        self.inner.query.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Credentials sent as cookies, for requests that add cookies of their own.
    pub(crate) fn cookie_credentials(&self) -> Option<&str> {
        self.inner.cookies.as_deref()
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
        let query: Vec<&str> = self.inner.query.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .field("headers", &names)
            .field("query_credentials", &query)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`].
#[derive(Clone, Default)]
#[must_use]
pub struct ClientBuilder {
    endpoint: Option<String>,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    cookies: Vec<(String, String)>,
    self_signed: bool,
    timeout: Option<Duration>,
}

/// Whether a header's value is a secret, never shown by `Debug`: credentials (the spec's secret
/// security schemes, listed by the generated `credentials` module) and authorization headers.
fn is_secret(name: &str) -> bool {
    ["authorization", "proxy-authorization", "cookie"].iter().any(|s| s.eq_ignore_ascii_case(name))
        || crate::credentials::SECRET_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(name))
}

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

    /// A credential sent as a header (the generated credential setters use this).
    #[allow(dead_code, reason = "a spec without such a security scheme does not use it")]
    pub(crate) fn set_header_credential(self, name: &str, value: impl Into<String>) -> Self {
        self.set(name, value)
    }

    /// A credential sent as a query parameter of every request.
    #[allow(dead_code, reason = "a spec without such a security scheme does not use it")]
    pub(crate) fn set_query_credential(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.retain(|(n, _)| n != name);
        self.query.push((name.to_owned(), value.into()));
        self
    }

    /// A credential sent as a cookie.
    #[allow(dead_code, reason = "a spec without such a security scheme does not use it")]
    pub(crate) fn set_cookie_credential(mut self, name: &str, value: impl Into<String>) -> Self {
        self.cookies.retain(|(n, _)| n != name);
        self.cookies.push((name.to_owned(), value.into()));
        self
    }

    /// `Authorization: Bearer <token>`.
    #[allow(dead_code, reason = "a spec without such a security scheme does not use it")]
    pub(crate) fn set_bearer_token(self, token: impl Into<String>) -> Self {
        let token = token.into();
        self.set("Authorization", format!("Bearer {token}"))
    }

    /// `Authorization: Basic <base64(user:password)>`.
    #[allow(dead_code, reason = "a spec without such a security scheme does not use it")]
    pub(crate) fn set_basic_credentials(self, user: impl Into<String>, password: impl Into<String>) -> Self {
        let credentials = format!("{}:{}", user.into(), password.into());
        self.set("Authorization", format!("Basic {}", base64(credentials.as_bytes())))
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
            if is_secret(header.as_str()) {
                value.set_sensitive(true);
            }
            headers.insert(header, value);
        }
        let cookies = (!self.cookies.is_empty())
            .then(|| self.cookies.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; "));
        if let Some(cookies) = &cookies {
            let mut value =
                HeaderValue::from_str(cookies).map_err(|e| Error::Config(format!("invalid cookie credential: {e}")))?;
            value.set_sensitive(true);
            headers.insert(reqwest::header::COOKIE, value);
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
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                endpoint: endpoint.trim_end_matches('/').to_owned(),
                headers,
                query: self.query,
                cookies,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), if is_secret(n) { "<redacted>" } else { v.as_str() }))
            .collect();
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("headers", &headers)
            .field("query_credentials", &self.query.iter().map(|(n, _)| (n.as_str(), "<redacted>")).collect::<Vec<_>>())
            .field("cookies", &self.cookies.iter().map(|(n, _)| (n.as_str(), "<redacted>")).collect::<Vec<_>>())
            .field("self_signed", &self.self_signed)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Standard base64 with padding (RFC 4648), for `Authorization: Basic`.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc_4648() {
        for (input, output) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(super::base64(input.as_bytes()), output);
        }
    }
}
