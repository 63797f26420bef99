//! Appwrite OpenAPI spec → Rust SDK crate.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`load`]: spec text → `openapiv3` document, plus typed `x-appwrite` extensions;
//! 2. [`model`]: a language-neutral model of services, methods, parameters, models and enums;
//!    [`schema`] decides which [`types`] each schema becomes;
//! 3. [`rust`]: Rust names, types and collision rules → views for the templates;
//! 4. [`render`]: askama templates in `templates/` print the crate;
//! 5. [`format`](mod@format): `syn` + `prettyplease`, with one generated-file header;
//! 6. [`write`](mod@write): drift detection and atomic writes.
//!
//! [`pin`] reads `spec/pin.toml`, finds the spec and verifies its hash.

pub mod diff;
pub mod docs;
pub mod error;
pub mod format;
pub mod layout;
pub mod load;
pub mod model;
pub mod pin;
pub mod pointer;
pub mod render;
pub mod resolve;
pub mod rust;
pub mod sample;
pub mod schema;
pub mod types;
pub mod write;

use std::path::Path;

pub use error::{Error, ErrorKind, Result};
pub use write::{Drift, GeneratedFile};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Cargo package name of the generated crate.
    pub package: String,
    /// Version of the generated crate.
    pub version: String,
    /// Services (spec tags) to generate; each becomes a cargo feature of the generated crate.
    pub tags: Vec<String>,
    /// Services enabled by the crate's default features.
    pub default_tags: Vec<String>,
    /// `X-Appwrite-Response-Format` to send; `None` derives it from the spec version (Appwrite
    /// specs only).
    pub response_format: Option<String>,
    /// Turn warnings (constructs generated as plain JSON values) into an error.
    pub deny_warnings: bool,
    /// Hand-written tests in the output's `tests/` (paths relative to it: `wire.rs`,
    /// `wire/main.rs`), declared as targets of the tests package (`tests/Cargo.toml`) beside
    /// the generated tests.
    pub own_tests: Vec<String>,
}

/// A generation's output and what it could not do faithfully.
#[derive(Debug, Clone)]
pub struct Generation {
    /// The crate's files.
    pub files: Vec<GeneratedFile>,
    /// Constructs represented as JSON values, or otherwise not faithfully.
    pub warnings: Vec<model::Warning>,
    /// Operations of the selected services that were not generated, and why.
    pub skipped: Vec<model::Skipped>,
    /// What became what: for counting and tests.
    pub summary: Summary,
}

/// Where each operation and component schema went.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// `(pointer of the operation or x-appwrite.methods entry, service module, Rust method)`.
    pub methods: Vec<(String, String, String)>,
    /// `(pointer of the x-appwrite.methods entry, service module, Rust method)` for each
    /// deprecated spec alias folded into a method of the same Rust name (`updateMfaAuthenticator`
    /// into `updateMFAAuthenticator`: both are `update_mfa_authenticator`).
    pub aliases: Vec<(String, String, String)>,
    /// `(pointer of the schema, Rust type path in the crate)` for every named type.
    pub types: Vec<(String, String)>,
}

/// Generate the crate's files from a loaded spec. Nothing is written.
pub fn generate(spec: &load::Spec, options: &Options) -> Result<Generation> {
    let in_spec = |e: Error| e.in_file(&spec.path);
    let api = model::build(&spec.document, &model::Selection::server(options.tags.iter().cloned())).map_err(in_spec)?;
    if options.deny_warnings {
        if let Some(first) = api.warnings.first() {
            let more = match api.warnings.len() {
                1 => String::new(),
                n => format!(" ({} more warnings)", n - 1),
            };
            return Err(in_spec(Error::at(
                ErrorKind::Unsupported,
                first.pointer.clone(),
                format!("{}{more}; warnings are denied", first.message),
            )));
        }
    }
    let crate_options = rust::CrateOptions {
        package: options.package.clone(),
        version: options.version.clone(),
        spec_file: spec.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        spec_sha256: spec.sha256.clone(),
        response_format: Some(options.response_format.clone().unwrap_or_else(|| pin::response_format(&api.version))),
        default_tags: options.default_tags.clone(),
    };
    let mut view = rust::crate_view(&api, &crate_options).map_err(in_spec)?;
    let mut methods = Vec::new();
    let mut aliases = Vec::new();
    for (s, ms) in view.services.iter().zip(&api.services) {
        let reconciled = rust::reconcile_methods(&ms.methods).unwrap_or_default();
        for (m, (spec, folded)) in s.methods.iter().zip(reconciled) {
            let (module, method) = (s.module.to_string(), m.ident.to_string());
            for alias in folded.iter().filter_map(|name| ms.methods.iter().find(|a| &a.name == name)) {
                aliases.push((alias.pointer.clone(), module.clone(), method.clone()));
            }
            methods.push((spec.pointer.clone(), module, method));
        }
    }
    let summary = Summary {
        methods,
        aliases,
        types: view
            .models
            .iter()
            .zip(&api.models)
            .map(|(v, m)| (m.pointer.clone(), format!("models::{}", v.ident)))
            .chain(view.enums.iter().zip(&api.enums).map(|(v, e)| (e.pointer.clone(), format!("enums::{}", v.ident))))
            .collect(),
    };
    let files = render::crate_files(&mut view, &options.own_tests)?;
    Ok(Generation { files, warnings: api.warnings, skipped: api.skipped, summary })
}

/// Load a spec file and generate.
pub fn generate_from_file(path: &Path, options: &Options) -> Result<Generation> {
    generate(&load::load_file(path)?, options)
}
