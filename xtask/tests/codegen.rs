//! `cargo xtask codegen` end to end: the checked-in crate is fresh (so plain `cargo test` catches
//! drift), drift of any kind is reported, bad input fails with exit code 1 and leaves the output
//! untouched, and other services generate crates that compile.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{root, text, xtask};

fn shared_spec(name: &str) -> PathBuf {
    root().join("../shared/spec").join(name)
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in snapshot(from) {
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, bytes).unwrap();
    }
}

/// The generated crate's files (Cargo.toml, README.md, src/, the tests package's Cargo.toml) and
/// its tests (generated and hand-written: the tests package declares them all), copied into a
/// temporary directory.
fn generated_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("generated/src"), &dir.path().join("src"));
    for file in ["Cargo.toml", "README.md"] {
        std::fs::copy(root().join("generated").join(file), dir.path().join(file)).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("tests")).unwrap();
    for entry in std::fs::read_dir(root().join("generated/tests")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join("tests").join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

#[test]
fn checked_in_generated_crate_is_fresh() {
    let out = xtask(&["codegen", "--check"]);
    assert!(
        out.status.success(),
        "generated/ is stale: run `cargo xtask codegen` and commit the result.\n{}",
        text(&out)
    );
    assert!(text(&out).contains("up to date"));
}

#[test]
fn check_reports_edited_deleted_and_added_files() {
    let copy = generated_copy();
    let dir = copy.path().to_str().unwrap();
    let clean = xtask(&["codegen", "--check", "--out", dir]);
    assert!(clean.status.success(), "{}", text(&clean));

    let service = copy.path().join("src/services/account.rs");
    let original = std::fs::read_to_string(&service).unwrap();
    std::fs::write(&service, original.replace("pub fn get(", "pub fn got(")).unwrap();
    let readme = copy.path().join("README.md");
    std::fs::write(&readme, "# edited by hand\n").unwrap();
    std::fs::remove_file(copy.path().join("src/enums.rs")).unwrap();
    std::fs::write(copy.path().join("src/services/extra.rs"), "// hand-written\n").unwrap();
    let before = snapshot(copy.path());

    let out = xtask(&["codegen", "--check", "--out", dir]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report = text(&out);
    assert!(report.contains("changed:\n  README.md\n  src/services/account.rs"), "{report}");
    assert!(report.contains("missing (would be created):\n  src/enums.rs"), "{report}");
    assert!(report.contains("extra (would be removed):\n  src/services/extra.rs"), "{report}");
    assert!(report.contains("-    pub fn got(") && report.contains("+    pub fn get("), "{report}");
    assert_eq!(snapshot(copy.path()), before, "--check must write nothing");

    // Regenerating repairs all three.
    let fix = xtask(&["codegen", "--out", dir]);
    assert!(fix.status.success(), "{}", text(&fix));
    assert!(text(&fix).contains("2 changed, 1 created, 1 removed"), "{}", text(&fix));
    assert!(xtask(&["codegen", "--check", "--out", dir]).status.success());
    assert_eq!(std::fs::read_to_string(&service).unwrap(), original);
    assert!(std::fs::read_to_string(&readme).unwrap().contains("## Compatibility policy"));
}

/// The tests package declares every test in `tests/`: a hand-written test added (or removed)
/// there is drift, and regenerating declares it.
#[test]
fn a_new_hand_written_test_is_drift_until_declared() {
    let copy = generated_copy();
    let dir = copy.path().to_str().unwrap();
    std::fs::write(copy.path().join("tests/added.rs"), "#[test]\nfn added() {}\n").unwrap();
    let out = xtask(&["codegen", "--check", "--out", dir]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report = text(&out);
    assert!(report.contains("changed:\n  tests/Cargo.toml"), "{report}");
    assert!(report.contains("+name = \"added\"") && report.contains("+path = \"added.rs\""), "{report}");

    let fix = xtask(&["codegen", "--out", dir]);
    assert!(fix.status.success(), "{}", text(&fix));
    assert!(text(&fix).contains("1 changed, 0 created, 0 removed"), "{}", text(&fix));
    let manifest = std::fs::read_to_string(copy.path().join("tests/Cargo.toml")).unwrap();
    assert!(manifest.contains("[[test]]\nname = \"added\"\npath = \"added.rs\""), "{manifest}");
    assert!(manifest.contains("[[test]]\nname = \"wire\"\npath = \"wire.rs\""), "{manifest}");

    std::fs::remove_file(copy.path().join("tests/added.rs")).unwrap();
    assert_eq!(xtask(&["codegen", "--check", "--out", dir]).status.code(), Some(1));
}

fn assert_fails_untouched(args: &[&str], expect: &[&str]) {
    let copy = generated_copy();
    let before = snapshot(copy.path());
    let mut all = args.to_vec();
    all.extend(["--out", copy.path().to_str().unwrap()]);
    let out = xtask(&all);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    for e in expect {
        assert!(text(&out).contains(e), "expected `{e}` in:\n{}", text(&out));
    }
    assert_eq!(snapshot(copy.path()), before, "a failed generation must leave the output untouched");
}

#[test]
fn bad_input_fails_with_a_located_error_and_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    assert_fails_untouched(&["codegen", "--spec", missing.to_str().unwrap()], &["missing.json", "does not exist"]);

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"openapi\": \"3.0.0\",\n \"paths\": {,}").unwrap();
    assert_fails_untouched(&["codegen", "--spec", broken.to_str().unwrap()], &["broken.json:2:", "invalid JSON"]);

    let spec = shared_spec("appwrite-1.9.3-server.json");
    let mut value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&spec).unwrap()).unwrap();
    value["paths"]["/account"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]["$ref"] =
        "#/components/schemas/nobody".into();
    let dangling = dir.path().join("dangling.json");
    std::fs::write(&dangling, serde_json::to_string(&value).unwrap()).unwrap();
    assert_fails_untouched(
        &["codegen", "--spec", dangling.to_str().unwrap()],
        &["#/paths/~1account/post/responses/201/content/application~1json/schema/$ref", "points to nothing"],
    );

    assert_fails_untouched(&["codegen", "--tag", "nonexistent"], &["`nonexistent`", "account"]);
}

#[test]
fn pinned_output_refuses_a_spec_with_another_hash() {
    // Writing to generated/ itself (no --out): the hash is checked before anything is generated.
    let before = snapshot(&root().join("generated/src"));
    let spec = shared_spec("appwrite-1.8.1-server.json");
    let out = xtask(&["codegen", "--spec", spec.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let message = text(&out);
    assert!(message.contains("0ef86994eb5c1e0211ac06a763952d4cfb274dda16698c11994f8ebe09d52364"), "{message}");
    assert!(message.contains("b06e174b7516c69a4978318958a4a803403ed3c4834245dbee9359101fb12292"), "{message}");
    assert_eq!(snapshot(&root().join("generated/src")), before);
}

#[test]
fn unknown_arguments_print_usage() {
    let out = xtask(&["codegen", "--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("usage: cargo xtask codegen"));
}

/// Generate other services into a temporary crate and `cargo check` it (sharing the workspace's
/// lock file and target directory, so no dependency is fetched or rebuilt).
#[test]
fn other_services_generate_crates_that_compile() {
    let dir = tempfile::tempdir().unwrap();
    let crate_dir = dir.path().join("sdk");
    let out = xtask(&["codegen", "--tag", "users", "--tag", "teams", "--out", crate_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let service = std::fs::read_to_string(crate_dir.join("src/services/users.rs")).unwrap();
    assert!(service.contains("pub struct Users"));
    assert!(crate_dir.join("src/services/teams.rs").exists());
    std::fs::copy(root().join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let check = Command::new(cargo)
        .args(["check", "--offline", "--quiet"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", root().join("target/xtask-tests"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", text(&check));
}
