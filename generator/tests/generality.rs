//! Generality: the generator handles what any OpenAPI 3.0 document may contain, not only what
//! the pinned Appwrite spec uses.
//!
//! - Every document of `../shared/corpus/` (real specs written for another generator) generates
//!   one method per operation and one type per component schema, without warnings.
//! - Every construct fixture of `tests/constructs/` (one small spec per construct, with a test of
//!   its own that calls the generated crate against a mock server) generates.
//! - All of them are written into one temporary workspace that compiles with `-D warnings`
//!   (each library, and its tests package: contract tests, round-trip tests, the fixture's own
//!   test, declared there as a hand-written test); each crate's generated round-trip test (every
//!   type decodes, encodes and decodes a sample) and each fixture's own test pass.
//! - The `prism` fixture's generated contract test passes against Prism serving that fixture,
//!   in both call styles.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use appwrite_sdk_generator::{self as generator, Generation, Options, load, model};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn corpus_dir() -> PathBuf {
    root().join("../shared/corpus")
}

fn constructs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/constructs")
}

/// One generated crate of the workspace.
struct Generated {
    /// Package name (`corpus-nexus`, `fixture-unions`).
    package: String,
    spec: PathBuf,
    generation: Generation,
}

struct Workspace {
    _dir: tempfile::TempDir,
    path: PathBuf,
    crates: Vec<Generated>,
}

fn generate(spec: &Path, package: &str, own_tests: Vec<String>) -> Generation {
    let loaded = load::load_file(spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let tags = model::available_tags(&loaded.document, "server");
    let options = Options {
        package: package.to_owned(),
        version: "0.0.0".into(),
        tags: tags.clone(),
        default_tags: tags,
        response_format: None,
        deny_warnings: false,
        own_tests,
    };
    generator::generate(&loaded, &options).unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
}

fn specs_in(dir: &Path, prefix: &str) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml")))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_str().unwrap().to_owned();
            let ext = p.extension().unwrap().to_str().unwrap();
            // The corpus has one spec in both syntaxes.
            let name =
                if ext == "yaml" && dir.join(format!("{stem}.json")).exists() { format!("{stem}-yaml") } else { stem };
            (format!("{prefix}-{name}"), p)
        })
        .collect();
    out.sort();
    out
}

/// Generate every corpus spec and construct fixture into one workspace and compile it.
fn workspace() -> &'static Workspace {
    static WORKSPACE: OnceLock<Workspace> = OnceLock::new();
    WORKSPACE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        let mut crates = Vec::new();
        let specs = specs_in(&corpus_dir(), "corpus").into_iter().chain(specs_in(&constructs_dir(), "fixture"));
        for (package, spec) in specs {
            // A construct fixture's own test, declared in the generated tests package.
            let own = package
                .strip_prefix("fixture-")
                .map(|stem| constructs_dir().join(format!("{stem}.rs")))
                .filter(|own| own.exists());
            let own_tests = own.iter().map(|_| "constructs.rs".to_owned()).collect();
            let generation = generate(&spec, &package, own_tests);
            let crate_dir = path.join(&package);
            for file in &generation.files {
                let dest = crate_dir.join(&file.path);
                std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                std::fs::write(dest, &file.contents).unwrap();
            }
            if let Some(own) = own {
                std::fs::copy(&own, crate_dir.join("tests/constructs.rs")).unwrap();
                std::fs::create_dir_all(crate_dir.join("tests/common")).unwrap();
                std::fs::copy(constructs_dir().join("common.rs"), crate_dir.join("tests/common/mod.rs")).unwrap();
            }
            crates.push(Generated { package, spec, generation });
        }
        // Each crate and its tests package (`tests/`).
        let members: Vec<String> =
            crates.iter().flat_map(|c| [format!("{:?}", c.package), format!("\"{}/tests\"", c.package)]).collect();
        std::fs::write(
            path.join("Cargo.toml"),
            format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
        )
        .unwrap();
        std::fs::copy(root().join("Cargo.lock"), path.join("Cargo.lock")).unwrap();
        let build = cargo(&path, &["test", "--workspace", "--all-features", "--no-run"], &[]);
        assert!(build.status.success(), "the generated crates do not compile:\n{}", text(&build));
        Workspace { _dir: dir, path, crates }
    })
}

fn cargo(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    let (args, rest) = match args.iter().position(|a| *a == "--") {
        Some(i) => (&args[..i], &args[i..]),
        None => (args, &[][..]),
    };
    command
        .args(args)
        .arg("--offline")
        .args(rest)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/generality"))
        .env("RUSTFLAGS", "-D warnings");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// Operations and component schemas of a spec, read without the generator.
fn count(spec: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let text = std::fs::read_to_string(spec).unwrap();
    let value: serde_json::Value = if spec.extension().is_some_and(|e| e == "yaml") {
        serde_yaml::from_str(&text).unwrap()
    } else {
        serde_json::from_str(&text).unwrap()
    };
    let esc = |t: &str| t.replace('~', "~0").replace('/', "~1");
    let mut operations = BTreeSet::new();
    for (path, item) in value["paths"].as_object().unwrap() {
        for verb in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
            if item.get(verb).is_some() {
                operations.insert(format!("#/paths/{}/{verb}", esc(path)));
            }
        }
    }
    let schemas = value["components"]["schemas"]
        .as_object()
        .map(|s| s.keys().map(|k| format!("#/components/schemas/{}", esc(k))).collect())
        .unwrap_or_default();
    (operations, schemas)
}

#[test]
fn corpus_specs_give_one_method_per_operation_and_one_type_per_schema() {
    let ws = workspace();
    let mut report = Vec::new();
    for c in ws.crates.iter().filter(|c| c.package.starts_with("corpus-")) {
        let (operations, schemas) = count(&c.spec);
        let methods: BTreeSet<String> = c.generation.summary.methods.iter().map(|(p, _, _)| p.clone()).collect();
        assert_eq!(methods, operations, "{}: operations without a method (or the reverse)", c.package);
        assert_eq!(c.generation.summary.methods.len(), operations.len(), "{}: one method per operation", c.package);
        let types: BTreeSet<String> = c.generation.summary.types.iter().map(|(p, _)| p.clone()).collect();
        let missing: Vec<&String> = schemas.difference(&types).collect();
        assert!(missing.is_empty(), "{}: component schemas without a type: {missing:?}", c.package);
        assert!(c.generation.warnings.is_empty(), "{}: {:?}", c.package, c.generation.warnings);
        assert!(c.generation.skipped.is_empty(), "{}: {:?}", c.package, c.generation.skipped);
        // Each method is in its service's source, each type in the models or enums module.
        for (_, module, method) in &c.generation.summary.methods {
            let source = file(c, &format!("src/services/{module}.rs"));
            assert!(source.contains(&format!("pub fn {method}(")), "{}: {module}::{method}", c.package);
        }
        for (pointer, path) in &c.generation.summary.types {
            let (module, ident) = path.split_once("::").unwrap();
            let source = file(c, &format!("src/{module}.rs"));
            let declared = ["struct", "enum", "type"].iter().any(|k| source.contains(&format!("pub {k} {ident}")));
            assert!(declared, "{}: {pointer} → {path} is not declared", c.package);
        }
        report.push(format!(
            "{}: {} operations → {} methods, {} schemas → {} types",
            c.package,
            operations.len(),
            methods.len(),
            schemas.len(),
            c.generation.summary.types.len()
        ));
    }
    assert!(report.len() >= 7, "the corpus has 7 documents (one also as YAML): {report:?}");
    eprintln!("{}", report.join("\n"));
}

fn file<'a>(c: &'a Generated, path: &str) -> &'a str {
    c.generation
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("{}: {path} not generated", c.package))
}

#[test]
fn every_type_round_trips_and_every_construct_fixture_passes_its_test() {
    let ws = workspace();
    for c in &ws.crates {
        let tests = format!("{}-tests", c.package);
        let mut args = vec!["test", "-p", &tests, "--all-features"];
        let has_roundtrip = c.generation.files.iter().any(|f| f.path == "tests/roundtrip.rs");
        if has_roundtrip {
            args.extend(["--test", "roundtrip"]);
        }
        if ws.path.join(&c.package).join("tests/constructs.rs").exists() {
            args.extend(["--test", "constructs"]);
        }
        if args.len() == 4 {
            continue;
        }
        let out = cargo(&ws.path, &args, &[]);
        assert!(out.status.success(), "{}:\n{}", c.package, text(&out));
    }
}

/// The files whose templates are written formatted (not parsed and printed by the generator)
/// parse, and the enums, models and services are exactly what formatting would print.
#[test]
fn files_written_formatted_are_valid_and_formatted() {
    let ws = workspace();
    for c in &ws.crates {
        assert_written_formatted(&c.package, &c.generation);
    }
}

/// The same for the other Appwrite specs of `../shared/spec/` (older versions, with other
/// deprecations, names and parameter lists), which need no compiled workspace.
#[test]
fn files_written_formatted_are_formatted_for_other_appwrite_specs() {
    for version in ["1.8.1", "0.15.2"] {
        let spec = root().join(format!("../shared/spec/appwrite-{version}-server.json"));
        let generation = generate(&spec, &format!("appwrite-{}", version.replace('.', "-")), Vec::new());
        assert_written_formatted(&format!("appwrite {version}"), &generation);
    }
}

/// `src/enums.rs`, `src/models.rs` and `src/services/*.rs` equal their own formatting;
/// `tests/roundtrip.rs` parses.
fn assert_written_formatted(package: &str, generation: &Generation) {
    let mut checked = 0;
    for f in &generation.files {
        let template = match f.path.as_str() {
            "src/enums.rs" => "enums.rs.askama",
            "src/models.rs" => "models.rs.askama",
            "src/services/mod.rs" => continue,
            p if p.starts_with("src/services/") => "service.rs.askama",
            "tests/roundtrip.rs" => {
                generator::format::rust_file("tests/roundtrip.rs.askama", &f.contents, "//").unwrap();
                continue;
            }
            _ => continue,
        };
        let (header, body) = f.contents.split_once('\n').unwrap();
        let formatted = generator::format::rust_file(template, body, header).unwrap();
        assert!(
            formatted == f.contents,
            "{package}: {} is not formatted:\n{}",
            f.path,
            first_difference(&f.contents, &formatted)
        );
        checked += 1;
    }
    assert!(checked >= 3, "{package}: no enums, models or services checked");
}

fn first_difference(a: &str, b: &str) -> String {
    let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
    let show = |t: &str| t.lines().skip(line.saturating_sub(2)).take(5).collect::<Vec<_>>().join("\n");
    format!("line {}:\n--- as generated\n{}\n--- formatted\n{}", line + 1, show(a), show(b))
}

#[test]
fn construct_fixtures_report_what_they_had_to_approximate() {
    let ws = workspace();
    let naming = ws.crates.iter().find(|c| c.package == "fixture-naming").unwrap();
    assert_eq!(naming.generation.warnings.len(), 1, "{:?}", naming.generation.warnings);
    assert_eq!(naming.generation.warnings[0].pointer, "#/paths/~1health~1{id}/delete");
    assert!(naming.generation.warnings[0].message.contains("delete_health_id"), "{}", naming.generation.warnings[0]);
    // Older Appwrite lines: a 0.12 multipart body whose text fields all have a `null` example (as
    // its files do): the file is the one its description calls a file (`fileId`, whose
    // description says "File ID", is an identifier, not a candidate); a download not marked
    // `type: location` is taken as one, with a warning.
    let lines = ws.crates.iter().find(|c| c.package == "fixture-lines").unwrap();
    let warnings: Vec<String> = lines.generation.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "at #/paths/~1functions~1{functionId}~1tags/post/requestBody/content/multipart~1form-data/schema/properties/code: \
          `code` is taken as a file: the spec marks no file in this multipart body (no `format: binary`), and its \
          description names one",
            "at #/paths/~1storage~1files~1{fileId}~1preview/get/responses/200: taken as a file download: a `GET` of an \
          Appwrite spec answered by a `200` without content (its x-appwrite.type is empty, not `location`)",
        ],
    );
    for c in ws.crates.iter().filter(|c| {
        c.package.starts_with("fixture-") && !["fixture-naming", "fixture-lines"].contains(&c.package.as_str())
    }) {
        assert!(c.generation.warnings.is_empty(), "{}: {:?}", c.package, c.generation.warnings);
    }
    // The documented endpoint is the first server, its variables at their defaults.
    let bare = ws.crates.iter().find(|c| c.package == "fixture-bare").unwrap();
    assert!(file(bare, "src/lib.rs").contains(".endpoint(\"https://eu.api.example.com/v2\")"));
}

#[test]
fn the_union_and_nullable_fixture_passes_the_prism_contract_test() {
    let ws = workspace();
    let prism = std::env::var_os("PRISM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/prism/node_modules/.bin/prism"));
    assert!(prism.exists(), "Prism not found at {}: run `bash .ci/prism.sh` or set PRISM_BIN", prism.display());
    let spec = constructs_dir().join("prism.yaml");
    let out = cargo(
        &ws.path,
        &["test", "-p", "fixture-prism-tests", "--all-features", "--test", "contract", "--", "--nocapture"],
        &[("PRISM_BIN", &prism), ("APPWRITE_SPEC", &spec)],
    );
    let output = text(&out);
    assert!(out.status.success(), "{output}");
    for run in ["static examples", "dynamic, seed 1", "dynamic, seed 2", "dynamic, seed 3"] {
        assert!(output.contains(&format!("{run}: ")), "{run} missing:\n{output}");
    }
    eprintln!(
        "{}",
        output.lines().filter(|l| l.contains("calls passed") || l.contains("excused")).collect::<Vec<_>>().join("\n")
    );
}
