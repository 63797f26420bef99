//! The spec pin: `spec/pin.toml` names the spec file, its Appwrite version, SHA-256 and upstream
//! location. This module reads it, finds the spec file and verifies its hash.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};

/// Contents of `spec/pin.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    /// File name of the spec, e.g. `appwrite-1.9.3-server.json`.
    pub file: String,
    /// Appwrite version the spec describes.
    pub appwrite_version: String,
    /// Lower-case hex SHA-256 of the spec file.
    pub sha256: String,
    /// Where the spec comes from upstream.
    pub upstream: String,
    /// `X-Appwrite-Response-Format` the SDK sends; when absent, derived from the Appwrite version
    /// by [`response_format`].
    #[serde(default)]
    pub response_format: Option<String>,
}

impl Pin {
    /// Read a manifest file.
    pub fn read(path: &Path) -> Result<Pin> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::new(ErrorKind::Manifest, format!("cannot read the spec manifest: {e}")).in_file(path)
        })?;
        toml::from_str(&text).map_err(|e| {
            let mut err = Error::new(ErrorKind::Manifest, format!("malformed spec manifest: {}", e.message()));
            if let Some(span) = e.span() {
                let line = text[..span.start].matches('\n').count() + 1;
                let col = span.start - text[..span.start].rfind('\n').map_or(0, |i| i + 1) + 1;
                err = err.at_line(line, col);
            }
            err.in_file(path)
        })
    }

    /// The response format the SDK announces.
    pub fn response_format(&self) -> String {
        self.response_format.clone().unwrap_or_else(|| response_format(&self.appwrite_version))
    }
}

/// The rule for `X-Appwrite-Response-Format`: the spec's `major.minor.0` (Appwrite keeps response
/// shapes stable within a minor release; node-appwrite 23.1.0, built from 1.9.x, sends `1.9.0`).
pub fn response_format(appwrite_version: &str) -> String {
    let mut parts = appwrite_version.split('.');
    match (parts.next(), parts.next()) {
        (Some(major), Some(minor)) => format!("{major}.{minor}.0"),
        _ => appwrite_version.to_owned(),
    }
}

/// How the spec file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `--spec PATH`.
    Flag,
    /// The `APPWRITE_SPEC` environment variable.
    Env,
    /// `spec/<file>` in the repository (git-ignored download).
    SpecDir,
    /// `../shared/spec/<file>` beside the repository.
    Shared,
}

/// Find the spec: `--spec`, then `APPWRITE_SPEC`, then `spec/<file>`, then `../shared/spec/<file>`.
pub fn locate(pin: &Pin, root: &Path, flag: Option<&Path>, env: Option<OsString>) -> Result<(PathBuf, Origin)> {
    if let Some(path) = flag {
        return exists(path.to_owned(), Origin::Flag, "--spec");
    }
    if let Some(path) = env.filter(|p| !p.is_empty()) {
        return exists(PathBuf::from(path), Origin::Env, "APPWRITE_SPEC");
    }
    let candidates = [
        (root.join("spec").join(&pin.file), Origin::SpecDir),
        (root.join("..").join("shared").join("spec").join(&pin.file), Origin::Shared),
    ];
    for (path, origin) in &candidates {
        if path.is_file() {
            return Ok((path.clone(), *origin));
        }
    }
    Err(Error::new(
        ErrorKind::SpecNotFound,
        format!(
            "the pinned spec `{}` was not found. Looked in: --spec (not given), APPWRITE_SPEC (not set), {}, {}. \
             Download it from {} into spec/ (it is git-ignored), or pass --spec PATH.",
            pin.file,
            candidates[0].0.display(),
            candidates[1].0.display(),
            pin.upstream
        ),
    ))
}

fn exists(path: PathBuf, origin: Origin, via: &str) -> Result<(PathBuf, Origin)> {
    if path.is_file() {
        Ok((path, origin))
    } else {
        Err(Error::new(ErrorKind::SpecNotFound, format!("the spec given by {via} does not exist or is not a file"))
            .in_file(path))
    }
}

/// Refuse a spec whose hash is not the pinned one.
pub fn verify(pin: &Pin, path: &Path, actual_sha256: &str) -> Result<()> {
    if pin.sha256.eq_ignore_ascii_case(actual_sha256) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::HashMismatch,
        format!(
            "the spec's SHA-256 does not match the pin in spec/pin.toml (Appwrite {}). \
             pinned: {}, file: {actual_sha256}. Use the pinned file, or pin the new one deliberately.",
            pin.appwrite_version, pin.sha256
        ),
    )
    .in_file(path))
}

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_format_is_major_minor_zero() {
        assert_eq!(response_format("1.9.3"), "1.9.0");
        assert_eq!(response_format("0.15.2"), "0.15.0");
        assert_eq!(response_format("2"), "2");
    }

    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
