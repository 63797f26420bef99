//! Maintainer commands for the Appwrite SDK generator.
//!
//! - `cargo xtask codegen` regenerates `generated/` from the pinned spec; `--check` writes
//!   nothing and fails with a diff when the checked-in code is stale.
//! - `cargo xtask spec diff OLD NEW` reports what changed for SDK users between two specs.
//! - `cargo xtask spec pin PATH` (or `--version V`) pins a new spec: verify, record its hash,
//!   regenerate, report the diff, prepend a CHANGELOG entry.
//! - `cargo xtask matrix` generates, counts and checks a crate for every Appwrite line in
//!   `../shared/spec/`, and runs the contract test of some of them.
//! - `cargo xtask test` runs every check CI runs.

mod cli;
mod codegen;
mod matrix;
mod spec;
mod test;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generation is allocation-bound (syn's token trees and syntax trees): see docs/performance.md, Generation.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Package name of the generated crate.
pub const PACKAGE: &str = "appwrite-server-sdk";
/// Package name of the generated crate's tests (`generated/tests/`, a package of its own so that
/// the published crate has no test targets).
pub const TESTS_PACKAGE: &str = "appwrite-server-sdk-tests";
/// Version of the generated crate.
pub const VERSION: &str = "0.1.0";
/// Services compiled by default (cargo features of the generated crate). The crate contains
/// every service of the pinned spec that has server operations, each behind its own feature.
pub const DEFAULT_TAGS: &[&str] = &["account"];

pub const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--deny-warnings] [--spec PATH] [--tag TAG]... [--out DIR]
       cargo xtask spec diff OLD NEW [--tag TAG]... [--format text|json|markdown]
       cargo xtask spec pin PATH
       cargo xtask spec pin --version VERSION [--base-url URL] [--sha256 HASH]
       cargo xtask matrix [--specs DIR] [--contract VERSION]...
       cargo xtask test

codegen:
  --check        write nothing; exit 1 with a diff when the output differs from a fresh generation
  --deny-warnings  fail when a construct can only be generated as a JSON value (CI uses it)
  --spec PATH    the spec to read (default: $APPWRITE_SPEC, spec/<pinned file>, ../shared/spec/<pinned file>)
  --tag TAG      a service to generate (repeatable; default: the crate's services)
  --out DIR      output crate directory (default: generated/; required with --tag)
spec diff:
  --tag TAG      compare only these services (default: every server service of either spec)
  --format F     text (default), json (stable, for tools) or markdown
spec pin:
  PATH           a downloaded spec file; it is copied to spec/ (git-ignored)
  --version V    download appwrite-V-server.json from Appwrite's public specs repository instead
  --base-url URL where to download from (default: the specs repository's raw URL)
  --sha256 HASH  refuse the download unless it has this hash
matrix:
  --specs DIR    the specs to generate, every *.json file (default: ../shared/spec)
  --contract V   a line whose Prism contract test runs (repeatable; default: 1.6.2 and 1.8.1)
all commands:
  --root DIR     the repository root (default: the workspace this xtask belongs to)";

/// The repository root this xtask was built in.
pub fn default_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    let command = match cli::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match command {
        cli::Command::Codegen(args) => codegen::run(&args),
        cli::Command::Matrix(args) => matrix::run(&args),
        cli::Command::SpecDiff(args) => spec::diff(&args),
        cli::Command::SpecPin(args) => spec::pin(&args),
        cli::Command::Test { root } => return test::run(&root),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
