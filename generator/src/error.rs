//! The one error type of the generator: every failure says what went wrong and where.

use std::fmt;
use std::path::PathBuf;

/// Where in the input a problem sits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// The file the problem is in, when it comes from a file.
    pub file: Option<PathBuf>,
    /// JSON pointer of the culprit node, e.g. `#/paths/~1account/post/requestBody`.
    pub pointer: Option<String>,
    /// 1-based line and column, when known.
    pub line_col: Option<(usize, usize)>,
}

/// What kind of failure it is; tests and callers match on this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The spec file could not be found or read.
    SpecNotFound,
    /// The spec file's SHA-256 is not the pinned one.
    HashMismatch,
    /// The spec manifest (`spec/pin.toml`) is missing or malformed.
    Manifest,
    /// The spec is not valid JSON or YAML.
    Syntax,
    /// The spec parses but is not a valid OpenAPI 3 document.
    InvalidDocument,
    /// A `$ref` points to nothing.
    DanglingRef,
    /// A schema or operation shape the generator does not support.
    Unsupported,
    /// A tag asked for does not exist (or has no server operation).
    UnknownTag,
    /// Two spec names map to the same Rust name.
    NameCollision,
    /// A template produced something that is not valid Rust.
    InvalidRust,
    /// Rendering a template failed.
    Render,
    /// Writing the output failed.
    Io,
}

/// A generator error: one paragraph saying what, where and, where useful, how to fix it.
#[derive(Debug, Clone)]
pub struct Error {
    /// The kind of failure.
    pub kind: ErrorKind,
    /// The human readable explanation.
    pub message: String,
    /// Where it happened.
    pub location: Location,
}

/// Result alias used throughout the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A new error with no location yet.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into(), location: Location::default() }
    }

    /// An error about the node at `pointer`.
    pub fn at(kind: ErrorKind, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        let mut e = Error::new(kind, message);
        e.location.pointer = Some(pointer.into());
        e
    }

    /// Attach the file the error is about (kept if already set).
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        if self.location.file.is_none() {
            self.location.file = Some(file.into());
        }
        self
    }

    /// Attach a line and column (kept if already set).
    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        if self.location.line_col.is_none() {
            self.location.line_col = Some((line, column));
        }
        self
    }

    /// The JSON pointer of the culprit, if known.
    pub fn pointer(&self) -> Option<&str> {
        self.location.pointer.as_deref()
    }

    pub(crate) fn io(what: impl fmt::Display, err: std::io::Error) -> Self {
        Error::new(ErrorKind::Io, format!("{what}: {err}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Location { file, pointer, line_col } = &self.location;
        let mut wrote_where = false;
        if let Some(file) = file {
            write!(f, "{}", file.display())?;
            if let Some((line, col)) = line_col {
                write!(f, ":{line}:{col}")?;
            }
            wrote_where = true;
        }
        if let Some(pointer) = pointer {
            if wrote_where {
                f.write_str(" ")?;
            }
            write!(f, "at {pointer}")?;
            if file.is_none() {
                if let Some((line, col)) = line_col {
                    write!(f, " (line {line}, column {col})")?;
                }
            }
            wrote_where = true;
        }
        if wrote_where {
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Escape one JSON pointer reference token (RFC 6901).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Build a `#/a/b` JSON pointer from unescaped tokens.
pub fn pointer<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("#");
    for t in tokens {
        out.push('/');
        out.push_str(&escape_pointer_token(t));
    }
    out
}
