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
    /// The request timed out.
    Timeout(reqwest::Error),
    /// The request could not be sent or the response could not be read.
    Transport(reqwest::Error),
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
            Error::Timeout(e) | Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::Config(_) | Error::Encode(_) => None,
        }
    }

    /// Appwrite's error type (e.g. `user_not_found`), for API errors.
    pub fn kind(&self) -> Option<&str> {
        match self {
            Error::Api { kind, .. } => kind.as_deref(),
            _ => None,
        }
    }

    pub(crate) fn transport(e: reqwest::Error) -> Self {
        if e.is_timeout() { Error::Timeout(e) } else { Error::Transport(e) }
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
            Error::Timeout(e) => write!(f, "request timed out: {e}"),
            Error::Transport(e) => write!(f, "request failed: {e}"),
            Error::Config(message) => write!(f, "invalid client configuration: {message}"),
            Error::Encode(message) => write!(f, "cannot encode a parameter: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Timeout(e) | Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}
