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
mod error;
mod id;
mod query;
mod request;
mod upload;

pub use client::{Client, ClientBuilder};
pub use error::{Error, Result};
pub use id::ID;
pub use query::{Query, QueryGeometry, QueryNumber, QueryValue, QueryValues};
pub use upload::{CHUNK_SIZE, InputFile, UploadProgress};

/// `X-Appwrite-Response-Format`: the response shapes the generated models describe (set by the
/// generated `lib.rs` for Appwrite specs).
pub(crate) const RESPONSE_FORMAT: Option<&str> = None;
