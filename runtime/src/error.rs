//! The error type of every SDK call.

use std::fmt;

/// Result of an SDK call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why an SDK call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status (400 or above).
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
}

impl Error {
    /// HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } | Error::InvalidRedirect { status, .. } => {
                Some(*status)
            }
            Error::Transport(_) | Error::Config(_) | Error::Encode(_) => None,
        }
    }

    /// Appwrite's error type (e.g. `user_not_found`), for API errors.
    pub fn kind(&self) -> Option<&str> {
        match self {
            Error::Api { kind, .. } => kind.as_deref(),
            _ => None,
        }
    }

    /// Whether the request timed out (the client's [`timeout`](crate::ClientBuilder::timeout), or
    /// while connecting).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.kind() == TransportErrorKind::Timeout)
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
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // The transport error's message is already in this error's text: its cause comes next.
            Error::Transport(e) => e.source(),
            _ => None,
        }
    }
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
