//! `cargo xtask matrix`: the generator against every Appwrite line in a spec directory
//! (default `../shared/spec/`, every `*.json` there).
//!
//! For each spec, oldest line first: generate the crate of every server service (the crate the
//! maintainer of a self-hosted server would regenerate, package name unchanged) into
//! `target/matrix/<version>/`, count its server operations from the document (independently of the
//! generator's model) and check that each became a method, one per `x-appwrite.methods`
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
use std::process::ExitCode;

use appwrite_sdk_generator::pointer::Pointer;
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
        let (operations, expected) = server_operations(&spec.document);
        let version = file_version(&spec_path).unwrap_or_else(|| spec.document.info.version.clone());
        let missing = uncovered(&expected, &generation);
        if !missing.is_empty() {
            eprintln!(
                "error: {version} ({}): {} server operation(s) or x-appwrite.methods entries have no method and were \
                 not skipped: {}",
                spec_path.display(),
                missing.len(),
                missing.join(", ")
            );
            return Ok(ExitCode::FAILURE);
        }
        lines.push(Line {
            version,
            pinned: spec.sha256.eq_ignore_ascii_case(&pin.sha256),
            spec: spec_path,
            operations: operations.len(),
            expected_methods: expected.len(),
            generation,
        });
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
    let unknown: Vec<&&str> = contract.iter().filter(|v| !lines.iter().any(|l| l.version == **v)).collect();
    if !unknown.is_empty() {
        eprintln!("error: --contract names lines that are not in {}: {unknown:?}", dir.display());
        return Ok(ExitCode::FAILURE);
    }
    // Prism for the contract tests: the one `cargo xtask test` passes, else installed (once,
    // under target/) as it does.
    let runs_contract = lines.iter().any(|l| !l.pinned && contract.contains(&l.version.as_str()));
    let prism = match std::env::var("PRISM_BIN") {
        Ok(prism) => prism,
        Err(_) if runs_contract => {
            let Some(prism) = crate::test::install_tool(root, "Prism mock server", ".ci/prism.sh") else {
                return Ok(ExitCode::FAILURE);
            };
            prism
        }
        Err(_) => String::new(),
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
        if !cargo_step(
            &cargo,
            &format!("matrix {}: cargo check, all features", line.version),
            &check,
            &out,
            &target_dir,
            &[],
        ) {
            return Ok(ExitCode::FAILURE);
        }
        if contract.contains(&line.version.as_str()) {
            let spec = line.spec.to_string_lossy();
            let test = [
                "test",
                "--manifest-path",
                &manifest,
                "--all-features",
                "--test",
                "contract",
                "--test",
                "roundtrip",
                "--test",
                "every_method_mocked",
            ];
            let env = [("APPWRITE_SPEC", spec.as_ref()), ("PRISM_BIN", prism.as_str())];
            let name = format!("matrix {}: Prism contract, round-trip and every method mocked", line.version);
            if !cargo_step(&cargo, &name, &test, &out, &target_dir, &env) {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    eprintln!("==> matrix: {} lines generated, counted and checked", lines.len());
    Ok(ExitCode::SUCCESS)
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

/// The server operations of a spec (`x-appwrite.platforms` absent, empty or naming `server`),
/// read from the document and its raw `x-appwrite` values rather than the generator's model, and
/// the method pointers they should give: the operation's own, or one per entry of its
/// `x-appwrite.methods`.
fn server_operations(doc: &openapiv3::OpenAPI) -> (Vec<String>, Vec<String>) {
    let (mut operations, mut methods) = (Vec::new(), Vec::new());
    for (path, item) in doc.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (verb, op) in item.iter() {
            let x = op.extensions.get("x-appwrite");
            let server = match x.and_then(|x| x["platforms"].as_array()) {
                Some(platforms) => platforms.is_empty() || platforms.iter().any(|p| p == "server"),
                None => true,
            };
            if !server {
                continue;
            }
            let pointer = Pointer::root().join("paths").join(path).join(verb);
            match x.and_then(|x| x["methods"].as_array()) {
                Some(entries) if !entries.is_empty() => {
                    let at = pointer.join("x-appwrite").join("methods");
                    methods.extend((0..entries.len()).map(|i| at.index(i).to_string()));
                }
                _ => methods.push(pointer.to_string()),
            }
            operations.push(pointer.to_string());
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

/// Runs one cargo command on the crate in `out`, building in the matrix's target directory with
/// warnings denied; says whether it passed.
fn cargo_step(cargo: &str, name: &str, args: &[&str], out: &Path, target_dir: &Path, env: &[(&str, &str)]) -> bool {
    let target = target_dir.to_string_lossy();
    let mut env = env.to_vec();
    env.extend([("CARGO_TARGET_DIR", target.as_ref()), ("RUSTFLAGS", "-D warnings")]);
    crate::test::run_step(name, cargo, args, &env, out)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{file_version, server_operations, version_key};

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
    fn server_operations_and_their_methods_are_counted_from_the_document() {
        let spec = serde_json::json!({
            "openapi": "3.0.0",
            "info": { "title": "t", "version": "1" },
            "paths": {
                "/a/{id}": {
                    "get": { "x-appwrite": { "platforms": ["server", "client"] }, "responses": {} },
                    "post": { "x-appwrite": { "platforms": ["client"] }, "responses": {} },
                    "parameters": [],
                },
                "/b~c": {
                    "put": { "responses": {} },
                    "patch": { "x-appwrite": { "platforms": ["server"], "methods": [{}, {}] }, "responses": {} },
                },
            }
        });
        let (operations, methods) = server_operations(&serde_json::from_value(spec).unwrap());
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
    }
}
