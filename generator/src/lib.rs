//! Appwrite OpenAPI spec → Rust SDK crate.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`load`]: spec text → `openapiv3` document, plus typed `x-appwrite` extensions;
//! 2. [`model`]: a language-neutral model of services, methods, parameters, models and enums;
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
pub mod load;
pub mod model;
pub mod pin;
pub mod render;
pub mod rust;
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
    /// `X-Appwrite-Response-Format` to send; `None` derives it from the spec version.
    pub response_format: Option<String>,
}

/// Generate the crate's files from a loaded spec. Nothing is written.
pub fn generate(spec: &load::Spec, options: &Options) -> Result<Vec<GeneratedFile>> {
    let in_spec = |e: Error| e.in_file(&spec.path);
    let api = model::build(&spec.document, &model::Selection::server(options.tags.iter().cloned())).map_err(in_spec)?;
    let crate_options = rust::CrateOptions {
        package: options.package.clone(),
        version: options.version.clone(),
        spec_file: spec.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        spec_sha256: spec.sha256.clone(),
        response_format: options.response_format.clone().unwrap_or_else(|| pin::response_format(&api.version)),
        default_tags: options.default_tags.clone(),
    };
    let mut view = rust::crate_view(&api, &crate_options).map_err(in_spec)?;
    render::crate_files(&mut view)
}

/// Load a spec file and generate.
pub fn generate_from_file(path: &Path, options: &Options) -> Result<Vec<GeneratedFile>> {
    generate(&load::load_file(path)?, options)
}
