//! The client: endpoint, credentials and headers shared by every service.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::{Error, Result, RetryPolicy};

/// Connection to an Appwrite server. Cheap to clone (clones share one connection pool) and
/// safe to share across tasks.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    endpoint: String,
    /// `endpoint`, parsed once: each request's URL is this with its path and query set, so the
    /// scheme and host are not parsed again on every call.
    base: reqwest::Url,
    headers: HeaderMap,
    /// Credentials sent as query parameters of every request.
    query: Vec<(String, String)>,
    /// Credentials sent as cookies, `name=value; …`.
    cookies: Option<String>,
    /// The retry policy, when one that retries is set (`None`: one attempt per call).
    retry: Option<Arc<RetryPolicy>>,
    /// The test double that answers every request instead of the network.
    #[cfg(feature = "mock")]
    mock: Option<Arc<crate::mock::State>>,
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

    /// The endpoint, parsed (its path may end with `/`; it has no query or fragment).
    pub(crate) fn base_url(&self) -> &reqwest::Url {
        &self.inner.base
    }

    /// Credentials sent as query parameters of every request.
    pub(crate) fn query_credentials(&self) -> impl Iterator<Item = (&str, &str)> {
        self.inner.query.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Credentials sent as cookies, for requests that add cookies of their own.
    pub(crate) fn cookie_credentials(&self) -> Option<&str> {
        self.inner.cookies.as_deref()
    }

    /// Headers sent with every request (the SDK's, then the configured ones).
    #[cfg(feature = "mock")]
    pub(crate) fn default_headers(&self) -> &HeaderMap {
        &self.inner.headers
    }

    /// The test double that answers this client's requests, if it has one.
    #[cfg(feature = "mock")]
    pub(crate) fn mock_state(&self) -> Option<&Arc<crate::mock::State>> {
        self.inner.mock.as_ref()
    }

    /// The retry policy, when calls may be sent more than once.
    pub(crate) fn retry_policy(&self) -> Option<&Arc<RetryPolicy>> {
        self.inner.retry.as_ref()
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
            .field("retry_policy", &self.inner.retry)
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
    retry: Option<RetryPolicy>,
    pool_max_idle: Option<usize>,
    #[cfg(feature = "mock")]
    mock: Option<Arc<crate::mock::State>>,
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

    /// Accept self-signed TLS certificates, and certificates for another host name (off by
    /// default; for development servers only).
    pub fn self_signed(mut self, accept: bool) -> Self {
        self.self_signed = accept;
        self
    }

    /// Timeout of each request (none by default); with a [retry policy](Self::retry_policy), of
    /// each attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retry failed calls with `policy` (none are by default: each call is one request, as in
    /// node-appwrite). See [`RetryPolicy`] for what is retried and when.
    ///
    /// ```
    /// use appwrite_server_sdk::{Client, RetryPolicy};
    ///
    /// let client = Client::builder()
    ///     .endpoint("https://cloud.appwrite.io/v1")
    ///     .retry_policy(RetryPolicy::standard())
    ///     .build()?;
    /// # Ok::<(), appwrite_server_sdk::Error>(())
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Most idle connections the client keeps open for reuse (its pool's size: a client talks
    /// to one host). Unlimited by default: each connection of a burst then stays in the pool
    /// until it has been idle for 90 s.
    pub fn pool_max_idle(mut self, max: usize) -> Self {
        self.pool_max_idle = Some(max);
        self
    }

    /// Send every request to `mock` instead of the network (the `mock` feature): for tests of
    /// code that calls the SDK with its own client settings. Each request is built as it would
    /// be sent, and the mock's answer decoded as a server's; see [`Mock`](crate::mock::Mock).
    #[cfg(feature = "mock")]
    pub fn mock(mut self, mock: &crate::mock::Mock) -> Self {
        self.mock = Some(mock.state().clone());
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
        if url.scheme() == "https" && !tls::ENABLED {
            return Err(Error::Config(format!(
                "endpoint `{endpoint}` is https:// but the crate was built without TLS: \
                 enable one of its features `rustls-ring`, `rustls-aws-lc`, `native-tls`"
            )));
        }
        let http =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).default_headers(headers.clone());
        let mut http = tls::configure(http, self.self_signed)?;
        if let Some(timeout) = self.timeout {
            http = http.timeout(timeout);
        }
        if let Some(max) = self.pool_max_idle {
            http = http.pool_max_idle_per_host(max);
        }
        let http = http.build().map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                endpoint: endpoint.trim_end_matches('/').to_owned(),
                base: url,
                headers,
                query: self.query,
                cookies,
                retry: self.retry.filter(RetryPolicy::is_enabled).map(Arc::new),
                #[cfg(feature = "mock")]
                mock: self.mock,
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
            .field("retry_policy", &self.retry)
            .field("pool_max_idle", &self.pool_max_idle)
            .finish()
    }
}

/// The TLS backend, chosen by the crate's features. When several are enabled (features add up
/// across a dependency graph), `native-tls` wins over `rustls-aws-lc`, which wins over
/// `rustls-ring`; with none, the client speaks plain HTTP only (`build` refuses an `https://`
/// endpoint).
mod tls {
    use crate::Result;

    /// Whether the crate can connect over TLS.
    pub(super) const ENABLED: bool =
        cfg!(any(feature = "rustls-ring", feature = "rustls-aws-lc", feature = "native-tls"));

    /// `native-tls`: the platform's TLS library (OpenSSL on Linux) and its certificate store.
    #[cfg(feature = "native-tls")]
    pub(super) fn configure(http: reqwest::ClientBuilder, self_signed: bool) -> Result<reqwest::ClientBuilder> {
        Ok(http.tls_backend_native().tls_danger_accept_invalid_certs(self_signed))
    }

    /// `rustls-aws-lc`: reqwest's own rustls setup (the aws-lc-rs provider, or the process'
    /// default provider when one is installed; the platform's certificate verifier).
    #[cfg(all(feature = "rustls-aws-lc", not(feature = "native-tls")))]
    pub(super) fn configure(http: reqwest::ClientBuilder, self_signed: bool) -> Result<reqwest::ClientBuilder> {
        Ok(http.tls_backend_rustls().tls_danger_accept_invalid_certs(self_signed))
    }

    /// `rustls-ring`: the same setup as reqwest's `rustls` feature makes (the process' default
    /// crypto provider when one is installed, the platform's certificate verifier, TLS 1.2 and
    /// 1.3, ALPN `h2` then `http/1.1`), with the ring provider instead of aws-lc-rs. reqwest
    /// without a provider of its own would panic if asked to build it, so it is built here.
    #[cfg(all(feature = "rustls-ring", not(any(feature = "rustls-aws-lc", feature = "native-tls"))))]
    pub(super) fn configure(http: reqwest::ClientBuilder, self_signed: bool) -> Result<reqwest::ClientBuilder> {
        use std::sync::Arc;

        use rustls::crypto::CryptoProvider;

        use crate::Error;

        let provider = CryptoProvider::get_default()
            .cloned()
            .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(rustls::ALL_VERSIONS)
            .map_err(|e| Error::Config(format!("cannot set up TLS: {e}")))?
            .dangerous();
        let builder = if self_signed {
            builder.with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
        } else {
            let verifier = rustls_platform_verifier::Verifier::new(provider)
                .map_err(|e| Error::Config(format!("cannot set up TLS certificate verification: {e}")))?;
            builder.with_custom_certificate_verifier(Arc::new(verifier))
        };
        let mut config = builder.with_no_client_auth();
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(http.tls_backend_preconfigured(config))
    }

    /// `self_signed(true)`: any certificate, for any name, is accepted; the handshake's
    /// signatures are still checked against the certificate's key.
    #[cfg(all(feature = "rustls-ring", not(any(feature = "rustls-aws-lc", feature = "native-tls"))))]
    #[derive(Debug)]
    struct AnyCertificate(std::sync::Arc<rustls::crypto::CryptoProvider>);

    #[cfg(all(feature = "rustls-ring", not(any(feature = "rustls-aws-lc", feature = "native-tls"))))]
    impl rustls::client::danger::ServerCertVerifier for AnyCertificate {
        fn verify_server_cert(
            &self,
            _end_entity: &rustls::pki_types::CertificateDer<'_>,
            _intermediates: &[rustls::pki_types::CertificateDer<'_>],
            _server_name: &rustls::pki_types::ServerName<'_>,
            _ocsp_response: &[u8],
            _now: rustls::pki_types::UnixTime,
        ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
            Ok(rustls::client::danger::ServerCertVerified::assertion())
        }

        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &rustls::pki_types::CertificateDer<'_>,
            dss: &rustls::DigitallySignedStruct,
        ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &rustls::pki_types::CertificateDer<'_>,
            dss: &rustls::DigitallySignedStruct,
        ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
        }

        fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
            self.0.signature_verification_algorithms.supported_schemes()
        }
    }

    /// No TLS feature: plain HTTP only.
    #[cfg(not(any(feature = "rustls-ring", feature = "rustls-aws-lc", feature = "native-tls")))]
    pub(super) fn configure(http: reqwest::ClientBuilder, _self_signed: bool) -> Result<reqwest::ClientBuilder> {
        Ok(http)
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
