//! `cargo xtask matrix`: the generator against every Appwrite line in a spec directory
//! (default `../shared/spec/`, every `*.json` there).
//!
//! For each spec, oldest line first: generate the crate of every server service (the crate the
//! maintainer of a self-hosted server would regenerate, package name unchanged) into
//! `target/matrix/<version>/`, count its server operations from the raw JSON (independently of the
//! generator's own reading) and check that each became a method, one per `x-appwrite.methods`
//! entry where it has them, or was skipped with a reason; print the warnings; `cargo check` the
//! crate and its generated tests with every feature and warnings denied; and, for the lines given
//! with `--contract` (default 1.6.2 and 1.8.1), run its Prism contract test and round-trip test.
//! The pinned spec's crate is `generated/`, which the other steps of `cargo xtask test` build and
//! test: here it is only generated and counted.
//!
//! Every crate is built in one target directory, `target/matrix/target`: the dependencies are
//! compiled once, with the workspace's `Cargo.lock`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use appwrite_sdk_generator::{self as generator, Error, ErrorKind, pin, write};

use crate::cli::Matrix;

/// The lines whose contract test runs by default: the previous release and a line self-hosted
/// servers still run (the pinned line's runs with the workspace tests).
pub const DEFAULT_CONTRACT: &[&str] = &["1.6.2", "1.8.1"];

/// One spec of the matrix, generated and counted.
struct Line {
    version: String,
    spec: PathBuf,
    pinned: bool,
    /// Server operations in the spec, and SDK methods expected of them (one per operation, or
    /// one per `x-appwrite.methods` entry).
    operations: usize,
    expected_methods: usize,
    generation: generator::Generation,
}

pub fn run(args: &Matrix) -> Result<ExitCode, Error> {
    let root = &args.root;
    let pin = pin::Pin::read(&root.join("spec").join("pin.toml"))?;
    let dir = args.specs.clone().unwrap_or_else(|| root.join("..").join("shared").join("spec"));
    let mut lines = Vec::new();
    for spec_path in spec_files(&dir)? {
        let spec = generator::load::load_file(&spec_path)?;
        let options = crate::codegen::crate_options(&pin, &spec, None);
        let generation = generator::generate(&spec, &options)?;
        let raw: serde_json::Value = serde_json::from_slice(&read(&spec_path)?)
            .map_err(|e| Error::new(ErrorKind::Io, format!("{}: {e}", spec_path.display())))?;
        let (operations, expected) = server_operations(&raw);
        lines.push(Line {
            version: file_version(&spec_path).unwrap_or_else(|| spec.document.info.version.clone()),
            pinned: spec.sha256.eq_ignore_ascii_case(&pin.sha256),
            spec: spec_path,
            operations: operations.len(),
            expected_methods: expected.len(),
            generation,
        });
        let line = lines.last().expect("just pushed");
        let missing = uncovered(&expected, &line.generation);
        if !missing.is_empty() {
            eprintln!(
                "error: {} ({}): {} server operation(s) or x-appwrite.methods entries have no method and were not \
                 skipped: {}",
                line.version,
                line.spec.display(),
                missing.len(),
                missing.join(", ")
            );
            return Ok(ExitCode::FAILURE);
        }
    }
    lines.sort_by_key(|l| version_key(&l.version));
    for line in &lines {
        print_line(line);
    }
    let out_root = root.join("target").join("matrix");
    let target_dir = out_root.join("target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let contract: Vec<&str> = if args.contract.is_empty() {
        DEFAULT_CONTRACT.to_vec()
    } else {
        args.contract.iter().map(String::as_str).collect()
    };
    for line in &lines {
        if line.pinned {
            eprintln!("==> matrix {}: the pinned line, built and tested as generated/", line.version);
            continue;
        }
        let out = out_root.join(&line.version);
        let drift = write::drift(&out, &line.generation.files)?;
        write::apply(&out, &drift, &mut write::RealFs)?;
        // The workspace's lock: the same dependency versions as the pinned crate (cargo trims it
        // to this package's tree).
        std::fs::copy(root.join("Cargo.lock"), out.join("tests").join("Cargo.lock"))
            .map_err(|e| Error::new(ErrorKind::Io, format!("cannot copy Cargo.lock into {}: {e}", out.display())))?;
        let manifest = out.join("tests").join("Cargo.toml");
        let manifest = manifest.to_string_lossy();
        let check = ["check", "--manifest-path", &manifest, "--all-features", "--all-targets", "--quiet"];
        if !cargo_step(&cargo, &format!("matrix {}: cargo check, all features", line.version), &check, &target_dir, &[])
        {
            return Ok(ExitCode::FAILURE);
        }
        if contract.contains(&line.version.as_str()) {
            let spec = line.spec.to_string_lossy();
            let test =
                ["test", "--manifest-path", &manifest, "--all-features", "--test", "contract", "--test", "roundtrip"];
            let env = [("APPWRITE_SPEC", spec.as_ref())];
            let name = format!("matrix {}: Prism contract and round-trip tests", line.version);
            if !cargo_step(&cargo, &name, &test, &target_dir, &env) {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    let unknown: Vec<&&str> = contract.iter().filter(|v| !lines.iter().any(|l| l.version == **v)).collect();
    if !unknown.is_empty() {
        eprintln!("error: --contract names lines that are not in {}: {unknown:?}", dir.display());
        return Ok(ExitCode::FAILURE);
    }
    eprintln!("==> matrix: {} lines generated, counted and checked", lines.len());
    Ok(ExitCode::SUCCESS)
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::new(ErrorKind::Io, format!("cannot read {}: {e}", path.display())))
}

/// The `*.json` files of `dir`, by name.
fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::new(ErrorKind::SpecNotFound, format!("cannot list the spec directory {}: {e}", dir.display()))
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::new(ErrorKind::SpecNotFound, format!("no *.json spec in {}", dir.display())));
    }
    Ok(files)
}

/// The version a spec's file name gives (`appwrite-1.8.1-server.json`: `1.8.1`; its
/// `info.version` says `1.8.0`), if it has one.
fn file_version(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    stem.split('-').find(|t| t.contains('.') && t.starts_with(|c: char| c.is_ascii_digit())).map(str::to_owned)
}

/// A version's numeric parts, for ordering (`0.15.2` before `1.4.13`).
fn version_key(version: &str) -> Vec<u64> {
    version.split(['.', '-']).map(|p| p.parse().unwrap_or(0)).collect()
}

/// JSON pointer token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

const VERBS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The server operations of a spec, read from its JSON (`x-appwrite.platforms` absent, empty or
/// naming `server`), and the method pointers they should give: the operation's own, or one per
/// entry of its `x-appwrite.methods`.
fn server_operations(spec: &serde_json::Value) -> (Vec<String>, Vec<String>) {
    let (mut operations, mut methods) = (Vec::new(), Vec::new());
    let Some(paths) = spec["paths"].as_object() else { return (operations, methods) };
    for (path, item) in paths {
        for verb in VERBS {
            let Some(op) = item.get(verb) else { continue };
            let x = &op["x-appwrite"];
            let server = match x["platforms"].as_array() {
                Some(platforms) => platforms.is_empty() || platforms.iter().any(|p| p == "server"),
                None => true,
            };
            if !server {
                continue;
            }
            let pointer = format!("#/paths/{}/{verb}", escape(path));
            match x["methods"].as_array() {
                Some(entries) if !entries.is_empty() => {
                    methods.extend((0..entries.len()).map(|i| format!("{pointer}/x-appwrite/methods/{i}")));
                }
                _ => methods.push(pointer.clone()),
            }
            operations.push(pointer);
        }
    }
    (operations, methods)
}

/// The expected method pointers that are neither a generated method (or a deprecated alias
/// folded into one) nor part of a skipped operation.
fn uncovered(expected: &[String], generation: &generator::Generation) -> Vec<String> {
    let summary = &generation.summary;
    let methods: BTreeSet<&str> = summary.methods.iter().chain(&summary.aliases).map(|(p, _, _)| p.as_str()).collect();
    expected
        .iter()
        .filter(|p| !methods.contains(p.as_str()))
        .filter(|p| !generation.skipped.iter().any(|s| *p == &s.pointer || p.starts_with(&format!("{}/", s.pointer))))
        .cloned()
        .collect()
}

fn print_line(line: &Line) {
    let g = &line.generation;
    let services: BTreeSet<&str> = g.summary.methods.iter().map(|(_, m, _)| m.as_str()).collect();
    eprintln!(
        "==> matrix {}{}: {} server operations ({} spec methods) → {} methods ({} deprecated aliases folded in) in \
         {} services, {} types; {} skipped, {} warning(s)",
        line.version,
        if line.pinned { " (pinned)" } else { "" },
        line.operations,
        line.expected_methods,
        g.summary.methods.len(),
        g.summary.aliases.len(),
        services.len(),
        g.summary.types.len(),
        g.skipped.len(),
        g.warnings.len()
    );
    for s in &g.skipped {
        eprintln!("    skipped {}: {}", s.route, s.reason);
    }
    for w in &g.warnings {
        eprintln!("    warning {w}");
    }
}

/// Runs one cargo command in the matrix's target directory, with warnings denied; says whether it
/// passed.
fn cargo_step(cargo: &str, name: &str, args: &[&str], target_dir: &Path, env: &[(&str, &str)]) -> bool {
    eprintln!("==> {name}: {cargo} {}", args.join(" "));
    let status = Command::new(cargo)
        .args(args)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("RUSTFLAGS", "-D warnings")
        .envs(env.iter().copied())
        .status();
    match status {
        Ok(s) if s.success() => true,
        Ok(s) => {
            eprintln!("error: {name} failed ({s})");
            false
        }
        Err(e) => {
            eprintln!("error: cannot run {cargo} for {name}: {e}");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{escape, file_version, server_operations, version_key};

    #[test]
    fn a_file_name_gives_the_version() {
        assert_eq!(file_version(Path::new("x/appwrite-1.8.1-server.json")).as_deref(), Some("1.8.1"));
        assert_eq!(file_version(Path::new("open-api3-1.6.x-server.json")).as_deref(), Some("1.6.x"));
        assert_eq!(file_version(Path::new("server.json")), None);
    }

    #[test]
    fn versions_order_numerically() {
        let mut versions = vec!["1.9.3", "0.15.2", "1.10.0", "1.4.13", "1.6.2"];
        versions.sort_by_key(|v| version_key(v));
        assert_eq!(versions, ["0.15.2", "1.4.13", "1.6.2", "1.9.3", "1.10.0"]);
    }

    #[test]
    fn server_operations_and_their_methods_are_counted_from_the_json() {
        let spec = serde_json::json!({
            "paths": {
                "/a/{id}": {
                    "get": { "x-appwrite": { "platforms": ["server", "client"] } },
                    "post": { "x-appwrite": { "platforms": ["client"] } },
                    "parameters": [],
                },
                "/b~c": {
                    "put": {},
                    "patch": { "x-appwrite": { "platforms": ["server"], "methods": [{}, {}] } },
                },
            }
        });
        let (operations, methods) = server_operations(&spec);
        assert_eq!(operations, ["#/paths/~1a~1{id}/get", "#/paths/~1b~0c/put", "#/paths/~1b~0c/patch"]);
        assert_eq!(
            methods,
            [
                "#/paths/~1a~1{id}/get",
                "#/paths/~1b~0c/put",
                "#/paths/~1b~0c/patch/x-appwrite/methods/0",
                "#/paths/~1b~0c/patch/x-appwrite/methods/1",
            ]
        );
        assert_eq!(escape("/x/y~z"), "~1x~1y~0z");
    }
}
