//! The error type of every SDK call.

use std::fmt;
use std::time::{Duration, SystemTime};

/// Result of an SDK call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why an SDK call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status (400 or above).
    ///
    /// The variant is `#[non_exhaustive]`: match it with `Error::Api { status, .. }`, so that
    /// fields added later are not a breaking change. Prefer the helpers ([`Error::status`],
    /// [`Error::is_not_found`], [`Error::is_rate_limited`], [`Error::retry_after`], …).
    #[non_exhaustive]
    Api {
        /// HTTP status code.
        status: u16,
        /// Appwrite's error type, e.g. `user_already_exists`, when the body says.
        kind: Option<String>,
        /// Appwrite's error message, or the body text when it is not an Appwrite error (the
        /// status' reason when the body is empty); truncated to 4 KiB.
        message: String,
        /// The raw response body (truncated to 4 KiB).
        body: String,
        /// The response headers a caller can act on: rate limits and `Retry-After`.
        headers: ApiHeaders,
    },
    /// The response could not be decoded into the expected type.
    Decode {
        /// HTTP status code of the response.
        status: u16,
        /// What did not match.
        message: String,
        /// The raw response body (truncated to 4 KiB).
        body: String,
    },
    /// A redirect was expected but the server answered otherwise (or without a `Location`).
    InvalidRedirect {
        /// HTTP status code of the response.
        status: u16,
        /// What was wrong.
        message: String,
    },
    /// The request could not be sent or the response could not be read: no connection, a TLS
    /// failure, a timeout, a connection closed mid-body. [`TransportError::kind`] says which;
    /// [`Error::is_timeout`] is a shortcut for timeouts.
    Transport(TransportError),
    /// The client configuration is invalid (bad endpoint URL, header value, TLS setup).
    Config(String),
    /// A parameter could not be encoded.
    Encode(String),
    /// A chunked upload stopped: a chunk still failed after its retries (or failed in a way a
    /// retry cannot fix, or the file could not be read). [`UploadError`](crate::UploadError)
    /// says why, the file ID and the bytes the server confirmed, and gives the file that
    /// resumes the upload. [`status`](Error::status), [`kind`](Error::kind) and
    /// [`is_timeout`](Error::is_timeout) answer for the error that stopped it.
    Upload(Box<crate::UploadError>),
}

impl Error {
    /// HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } | Error::InvalidRedirect { status, .. } => {
                Some(*status)
            }
            Error::Transport(_) | Error::Config(_) | Error::Encode(_) => None,
            Error::Upload(e) => e.error().status(),
        }
    }

    /// Appwrite's error type (e.g. `user_not_found`), for API errors.
    pub fn kind(&self) -> Option<&str> {
        match self {
            Error::Api { kind, .. } => kind.as_deref(),
            Error::Upload(e) => e.error().kind(),
            _ => None,
        }
    }

    /// Whether the server answered 400 Bad Request (invalid parameters; Appwrite's `kind` says
    /// which, e.g. `general_argument_invalid`).
    pub fn is_bad_request(&self) -> bool {
        self.api_status() == Some(400)
    }

    /// Whether the server answered 401 Unauthorized (missing or invalid credentials, or a scope
    /// the key or session lacks).
    pub fn is_unauthorized(&self) -> bool {
        self.api_status() == Some(401)
    }

    /// Whether the server answered 403 Forbidden.
    pub fn is_forbidden(&self) -> bool {
        self.api_status() == Some(403)
    }

    /// Whether the server answered 404 Not Found (the resource does not exist, or is not
    /// visible with these credentials).
    pub fn is_not_found(&self) -> bool {
        self.api_status() == Some(404)
    }

    /// Whether the server answered 409 Conflict (e.g. `user_already_exists`,
    /// `document_already_exists`).
    pub fn is_conflict(&self) -> bool {
        self.api_status() == Some(409)
    }

    /// Whether the server answered 429 Too Many Requests: a rate limit was hit.
    /// [`retry_after`](Error::retry_after) says when to try again, [`Error::api_headers`] has the
    /// limits.
    pub fn is_rate_limited(&self) -> bool {
        self.api_status() == Some(429)
    }

    /// Whether the server answered with a 5xx status (a server-side failure).
    pub fn is_server_error(&self) -> bool {
        self.api_status().is_some_and(|status| status >= 500)
    }

    /// How long to wait before trying again, when the server said: its `Retry-After` header,
    /// else, for a 429, the time from now until the rate-limit window resets
    /// (`X-RateLimit-Reset`, zero once it has passed). `None` for other errors.
    pub fn retry_after(&self) -> Option<Duration> {
        let Error::Api { status, headers, .. } = self else {
            return None;
        };
        headers.retry_after().or_else(|| {
            let reset = headers.rate_limit()?.reset?;
            (*status == 429).then(|| reset.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
        })
    }

    /// The headers of an API error's response that a caller can act on (rate limits,
    /// `Retry-After`); `None` for other errors.
    pub fn api_headers(&self) -> Option<&ApiHeaders> {
        match self {
            Error::Api { headers, .. } => Some(headers),
            _ => None,
        }
    }

    fn api_status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the request timed out (the client's [`timeout`](crate::ClientBuilder::timeout), or
    /// while connecting).
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Transport(e) => e.kind() == TransportErrorKind::Timeout,
            Error::Upload(e) => e.error().is_timeout(),
            _ => false,
        }
    }

    pub(crate) fn transport(e: reqwest::Error) -> Self {
        Error::Transport(TransportError::from_http(e))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, kind: Some(kind), message, .. } => {
                write!(f, "Appwrite error {status} ({kind}): {message}")
            }
            Error::Api { status, kind: None, message, .. } => write!(f, "Appwrite error {status}: {message}"),
            Error::Decode { status, message, .. } => {
                write!(f, "cannot decode the response (status {status}): {message}")
            }
            Error::InvalidRedirect { status, message } => {
                write!(f, "invalid redirect (status {status}): {message}")
            }
            Error::Transport(e) if e.kind() == TransportErrorKind::Timeout => {
                write!(f, "request timed out: {}", e.message())
            }
            Error::Transport(e) => write!(f, "request failed ({}): {}", e.kind(), e.message()),
            Error::Config(message) => write!(f, "invalid client configuration: {message}"),
            Error::Encode(message) => write!(f, "cannot encode a parameter: {message}"),
            Error::Upload(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // The transport error's message is already in this error's text: its cause comes next.
            Error::Transport(e) => e.source(),
            Error::Upload(e) => e.source(),
            _ => None,
        }
    }
}

/// The headers of an error response that a caller can act on, read when the response arrived.
///
/// Appwrite sends `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (a UTC
/// time in Unix seconds) on rate-limited endpoints; proxies and other servers may send
/// `Retry-After` (seconds, or an HTTP date) with a 429 or 503. Accessor methods only, so that
/// more headers can be added without breaking the API. Most errors carry none of them: then
/// this holds no allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiHeaders {
    inner: Option<Box<ApiHeadersInner>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct ApiHeadersInner {
    rate_limit: Option<RateLimit>,
    retry_after: Option<Duration>,
}

impl ApiHeaders {
    /// The `X-RateLimit-*` headers, when the response had at least one of them (values that are
    /// not numbers are left out).
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.inner.as_ref()?.rate_limit
    }

    /// The `Retry-After` header as a delay from when the response arrived (an HTTP date is
    /// turned into the time left until it; zero when it has passed).
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.as_ref()?.retry_after
    }

    /// Read from the headers of a response, at `now` (for `Retry-After` as an HTTP date).
    pub(crate) fn from_response(headers: &reqwest::header::HeaderMap, now: SystemTime) -> Self {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let number = |name: &str| text(name).and_then(|v| v.parse::<u64>().ok());
        let (limit, remaining) = (number("x-ratelimit-limit"), number("x-ratelimit-remaining"));
        let reset =
            number("x-ratelimit-reset").and_then(|s| SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(s)));
        let rate_limit = (limit.is_some() || remaining.is_some() || reset.is_some()).then_some(RateLimit {
            limit,
            remaining,
            reset,
        });
        let retry_after = text("retry-after").and_then(|v| parse_retry_after(v, now));
        if rate_limit.is_none() && retry_after.is_none() {
            return ApiHeaders::default();
        }
        ApiHeaders { inner: Some(Box::new(ApiHeadersInner { rate_limit, retry_after })) }
    }
}

/// An endpoint's rate limit, from Appwrite's `X-RateLimit-*` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// `X-RateLimit-Limit`: requests allowed in a window.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`: requests left in the current window.
    pub remaining: Option<u64>,
    /// `X-RateLimit-Reset`: when the current window ends (the server's clock).
    pub reset: Option<SystemTime>,
}

/// A `Retry-After` value: delay seconds, or an HTTP date (IMF-fixdate, RFC 9110 §5.6.7) turned
/// into the time from `now` until it (zero when it has passed).
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = parse_http_date(value)?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// An IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT` (the form HTTP servers must send).
fn parse_http_date(value: &str) -> Option<SystemTime> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut parts = value.split(' ');
    let (_weekday, day, month, year, time, zone) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || zone != "GMT" || day.len() != 2 || year.len() != 4 {
        return None;
    }
    let day: u64 = day.parse().ok()?;
    let month = MONTHS.iter().position(|m| *m == month)? as u64 + 1;
    let year: u64 = year.parse().ok()?;
    let mut hms = time.split(':').map(|t| if t.len() == 2 { t.parse::<u64>().ok() } else { None });
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || !(1..=31).contains(&day) || year < 1970 || h > 23 || m > 59 || s > 60 {
        return None;
    }
    // Days from 1970-01-01 to the date (the proleptic Gregorian calendar, Howard Hinnant's
    // `days_from_civil`), with years counted from March so that February comes last.
    let (y, mp) = if month > 2 { (year, month - 3) } else { (year - 1, month + 9) };
    let era = y / 400;
    let yoe = y % 400;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(days * 86_400 + h * 3600 + m * 60 + s))
}

/// A request that could not be sent, or a response that could not be read.
///
/// [`message`](TransportError::message) is the HTTP client's description of the failure; its
/// cause (e.g. the I/O or TLS error) is [`source`](std::error::Error::source). The HTTP client's
/// own error type is not part of this crate's API: a new major version of it is not a breaking
/// change here.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    /// The HTTP client's error: `message` is its text, its cause is this error's source.
    inner: Box<dyn std::error::Error + Send + Sync + 'static>,
}

/// What went wrong in a [`TransportError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (DNS, refused, TLS handshake, proxy).
    Connect,
    /// The request timed out, while connecting or later.
    Timeout,
    /// The request could not be sent on an open connection (e.g. the server closed it).
    Request,
    /// The response body could not be read (e.g. the connection closed mid-body).
    Body,
    /// Following a redirect failed.
    Redirect,
    /// Anything else (e.g. the HTTP client could not build the request).
    Other,
}

impl TransportError {
    /// What went wrong.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The HTTP client's description of the failure, e.g. `error sending request for url (…)`
    /// (its cause is [`source`](std::error::Error::source)). The URL it shows has no query and
    /// no user info: those may carry secrets, and errors get logged.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// A failure a test double reports (the `mock` feature).
    #[cfg(feature = "mock")]
    pub(crate) fn mocked(kind: TransportErrorKind, message: String) -> Self {
        TransportError { kind, inner: Box::new(std::io::Error::other(message.clone())), message }
    }

    fn from_http(mut e: reqwest::Error) -> Self {
        // Errors get logged: the URL they show keeps its scheme, host and path, not its query
        // (GET parameters such as a file `token`) nor any user info of the endpoint.
        if let Some(url) = e.url_mut() {
            url.set_query(None);
            let _ = url.set_username("");
            let _ = url.set_password(None);
        }
        // A connect timeout is both: it is reported as a timeout.
        let kind = if e.is_timeout() {
            TransportErrorKind::Timeout
        } else if e.is_connect() {
            TransportErrorKind::Connect
        } else if e.is_body() || e.is_decode() {
            TransportErrorKind::Body
        } else if e.is_request() {
            TransportErrorKind::Request
        } else if e.is_redirect() {
            TransportErrorKind::Redirect
        } else {
            TransportErrorKind::Other
        };
        TransportError { kind, message: e.to_string(), inner: Box::new(e) }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // The HTTP client's error itself would repeat `message`: its cause comes next.
        self.inner.source()
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportErrorKind::Connect => "connect",
            TransportErrorKind::Timeout => "timeout",
            TransportErrorKind::Request => "request",
            TransportErrorKind::Body => "body",
            TransportErrorKind::Redirect => "redirect",
            TransportErrorKind::Other => "other",
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use reqwest::header::{HeaderMap, HeaderValue};

    use super::{ApiHeaders, RateLimit, parse_http_date};

    fn at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn http_dates_are_read_as_imf_fixdate() {
        // RFC 9110's example, and dates checked with `date -u -d @…`.
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(at(784_111_777)));
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(at(0)));
        assert_eq!(parse_http_date("Tue, 29 Feb 2000 23:59:59 GMT"), Some(at(951_868_799)));
        assert_eq!(parse_http_date("Wed, 31 Dec 2036 12:00:00 GMT"), Some(at(2_114_337_600)));
        for bad in [
            "",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1969 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn api_headers_read_rate_limits_and_retry_after() {
        let mut headers = HeaderMap::new();
        let now = at(1_000_000);
        assert_eq!(ApiHeaders::from_response(&headers, now), ApiHeaders::default());
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("10"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        headers.insert("x-ratelimit-reset", HeaderValue::from_static("1000042"));
        let read = ApiHeaders::from_response(&headers, now);
        assert_eq!(
            read.rate_limit(),
            Some(RateLimit { limit: Some(10), remaining: Some(0), reset: Some(at(1_000_042)) })
        );
        assert_eq!(read.retry_after(), None);
        headers.insert("retry-after", HeaderValue::from_static(" 7 "));
        assert_eq!(ApiHeaders::from_response(&headers, now).retry_after(), Some(Duration::from_secs(7)));
        // An HTTP date: the time left until it, zero once passed.
        headers.insert("retry-after", HeaderValue::from_static("Mon, 12 Jan 1970 13:46:49 GMT"));
        assert_eq!(ApiHeaders::from_response(&headers, now).retry_after(), Some(Duration::from_secs(9)));
        assert_eq!(ApiHeaders::from_response(&headers, at(2_000_000)).retry_after(), Some(Duration::ZERO));
        // Values that are not numbers or dates are left out.
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("many"));
        headers.insert("retry-after", HeaderValue::from_static("-1"));
        assert_eq!(ApiHeaders::from_response(&headers, now), ApiHeaders::default());
    }
}
