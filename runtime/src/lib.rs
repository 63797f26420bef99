//! The client runtime of every generated SDK crate: the HTTP client, request encoding and
//! response decoding, errors, uploads, and the `ID` and `Query` helpers.
//!
//! The generator copies every module of this crate except this file verbatim into the
//! generated crate's `src/` (see `generator/src/render.rs`, `RUNTIME`). This crate root stands
//! in for the generated `lib.rs`, so that the runtime is ordinary Rust that compiles on its own
//! and that rustfmt, clippy and IDEs see. What differs per spec is generated next to it.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod client;
mod data;
mod de;
mod download;
mod error;
mod id;
#[cfg(feature = "mock")]
pub mod mock;
mod nullable;
mod optional;
mod paginate;
mod permission;
mod query;
mod request;
mod retry;
mod ser;
mod union;
mod upload;

pub use client::{Client, ClientBuilder};
pub use data::Data;
pub use download::{Download, DownloadStream};
pub use error::{ApiHeaders, Error, RateLimit, Result, TransportError, TransportErrorKind};
pub use id::ID;
pub use nullable::Nullable;
pub use optional::{Optional, OptionalString, OptionalStrings};
pub use paginate::{Items, Page, Pages};
pub use permission::{Permission, Role};
pub use query::{Query, QueryGeometry, QueryNumber, QueryValue, QueryValues};
pub use retry::{AsyncSleep, RetryPolicy, Sleep};
pub use upload::{CHUNK_SIZE, InputFile, UploadError, UploadProgress};

/// `X-Appwrite-Response-Format`: the response shapes the generated models describe (set by the
/// generated `lib.rs` for Appwrite specs).
pub(crate) const RESPONSE_FORMAT: Option<&str> = None;

/// Stand-in for the generated `credentials` module, which has one setter per security scheme of
/// the spec: here one of each kind.
mod credentials {
    use crate::ClientBuilder;

    /// Lower-case names of headers whose values are secrets.
    pub(crate) const SECRET_HEADERS: &[&str] = &["x-api-key"];

    impl ClientBuilder {
        /// An API key header.
        pub fn api_key(self, value: impl Into<String>) -> Self {
            self.set_header_credential("X-Api-Key", value)
        }

        /// An API key query parameter.
        pub fn query_key(self, value: impl Into<String>) -> Self {
            self.set_query_credential("api_key", value)
        }

        /// An API key cookie.
        pub fn cookie_key(self, value: impl Into<String>) -> Self {
            self.set_cookie_credential("session", value)
        }

        /// A bearer token.
        pub fn bearer(self, token: impl Into<String>) -> Self {
            self.set_bearer_token(token)
        }

        /// HTTP basic authentication.
        pub fn basic(self, user: impl Into<String>, password: impl Into<String>) -> Self {
            self.set_basic_credentials(user, password)
        }
    }
}
