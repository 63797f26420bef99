//! What is printed as it is must be printable: the package name, version and spec file name
//! ([`check_options`]), the spec's version and title ([`check_version`]), and each tag, which
//! becomes a cargo feature, a module, a method of `Client` and of `Mock`, and a type at the
//! crate root ([`check_tag`]: no reserved name).

use super::CrateOptions;
use super::names::{BIDI_CONTROLS, KEYWORDS, NON_RAW, feature_name, module_ident, type_ident};
use crate::error::{Error, ErrorKind, Result};
use crate::model::Api;

/// The package name becomes an identifier (`use {lib}::…`); it, the version and the spec file
/// name are printed into `Cargo.toml`, comments and string literals.
pub(super) fn check_options(options: &CrateOptions) -> Result<()> {
    let package_ok = options.package.starts_with(|c: char| c.is_ascii_alphabetic())
        && options.package.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !KEYWORDS.contains(&options.package.replace('-', "_").as_str())
        && !NON_RAW.contains(&options.package.as_str());
    if !package_ok {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "package name {:?} is not a crate name (an ASCII letter, then letters, digits, `-`, `_`)",
                options.package
            ),
        ));
    }
    if !plain(&options.version) {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!("package version {:?} is not a version", options.version),
        ));
    }
    if options.spec_file.chars().any(|c| c == '"' || c == '\\' || c.is_control() || BIDI_CONTROLS.contains(&c)) {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!("spec file name {:?} contains a quote, backslash or control character", options.spec_file),
        ));
    }
    Ok(())
}

fn plain(v: &str) -> bool {
    !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c))
}

/// The spec version is printed into comments, a string constant and `Cargo.toml`, and sent as
/// a header: it must be a plain version string. So must the title, printed into docs.
pub(super) fn check_version(api: &Api, options: &CrateOptions) -> Result<()> {
    if !plain(&api.version) {
        return Err(Error::at(
            ErrorKind::InvalidDocument,
            "#/info/version",
            format!("`info.version` {:?} is not a version (letters, digits, `.`, `_`, `+` and `-` only)", api.version),
        ));
    }
    if api.title.chars().any(|c| c == '"' || c == '\\' || c.is_control() || BIDI_CONTROLS.contains(&c)) {
        return Err(Error::at(
            ErrorKind::InvalidDocument,
            "#/info/title",
            format!("`info.title` {:?} contains a quote, backslash or control character", api.title),
        ));
    }
    if let Some(format) = &options.response_format {
        if !plain(format) {
            return Err(Error::new(
                ErrorKind::InvalidDocument,
                format!("response format {format:?} is not a version (letters, digits, `.`, `_`, `+` and `-` only)"),
            ));
        }
    }
    Ok(())
}

/// Names at the crate root (`pub use`) a service type must not take.
const ROOT_TYPES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Error",
    "Result",
    "ID",
    "Query",
    "QueryGeometry",
    "QueryNumber",
    "QueryValue",
    "QueryValues",
    "CHUNK_SIZE",
    "InputFile",
    "UploadProgress",
    "Unset",
    "Nullable",
    "Permission",
    "Role",
    "Optional",
    "OptionalString",
    "OptionalStrings",
    "Data",
];

/// Names at the crate root of crates with stream companions (the pagination runtime).
const PAGINATION_TYPES: &[&str] = &["Items", "Page", "Pages"];

/// Methods of `Client`, which also gets one method per service.
const CLIENT_METHODS: &[&str] = &["builder", "endpoint", "http", "request", "fmt", "clone"];

/// Methods of the `mock` feature's `Mock`, which also gets one method per service.
const MOCK_METHODS: &[&str] =
    &["new", "client", "received", "check", "verify", "expect", "state", "default", "drop", "fmt"];

/// A tag becomes a cargo feature (`Cargo.toml`, `#[cfg(feature = "…")]`, named like its module),
/// a module, a method of `Client` and a type at the crate root; it must be usable as all four.
pub(super) fn check_tag(tag: &str, paginates: bool) -> Result<()> {
    // The tag itself is printed in string literals and docs; the feature is its module name.
    let tag_ok = tag.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || "_-".contains(c));
    let feature = feature_name(tag);
    let problem = if !tag_ok {
        Some("is not usable as a service name (ASCII letters, digits, `_` and `-`)".to_owned())
    } else if ["default", "full", "mock"].contains(&feature.as_str()) {
        Some(format!("maps to the cargo feature `{feature}`, which the crate already has"))
    } else if ROOT_TYPES.contains(&type_ident(tag).to_string().as_str())
        || (paginates && PAGINATION_TYPES.contains(&type_ident(tag).to_string().as_str()))
    {
        Some(format!("maps to the type `{}`, which the crate root already has", type_ident(tag)))
    } else if CLIENT_METHODS.contains(&module_ident(tag).to_string().as_str()) {
        Some(format!("maps to `Client::{}`, which `Client` already has", module_ident(tag)))
    } else if MOCK_METHODS.contains(&module_ident(tag).to_string().as_str()) {
        Some(format!("maps to `mock::Mock::{}`, which `Mock` already has", module_ident(tag)))
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(Error::at(ErrorKind::Unsupported, "#/tags", format!("the tag {tag:?} {problem}"))),
    }
}
