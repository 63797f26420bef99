//! `cargo xtask spec diff` cross-checked by cargo-semver-checks, which knows nothing of specs: both
//! judge the account crates generated from Appwrite 1.8.1 and 1.9.3 (and 1.9.3 against itself, and
//! 1.6.2 and 1.8.1),
//! and their verdicts (major / minor / patch) and breaking items must agree. On the crates of
//! every service, the verdicts must agree, every item cargo-semver-checks fails in must be a
//! breaking change of `spec diff`, and what only `spec diff` finds must be a change of a type,
//! which cargo-semver-checks does not check (it counts arguments, it does not compare types).
//!
//! cargo-semver-checks comes from `.ci/semver-checks.sh`; `cargo xtask test` passes its path in
//! `SEMVER_CHECKS_BIN`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{root, shared_spec, text, xtask};

fn semver_checks_bin() -> PathBuf {
    let Some(bin) = std::env::var_os("SEMVER_CHECKS_BIN") else {
        panic!(
            "SEMVER_CHECKS_BIN is not set: run the tests through `cargo xtask test`, or set it to the path \
             `bash .ci/semver-checks.sh` prints"
        )
    };
    let bin = PathBuf::from(bin);
    assert!(bin.is_file(), "SEMVER_CHECKS_BIN={} is not a file: run `bash .ci/semver-checks.sh`", bin.display());
    bin
}

/// The account-only crate of a spec version, in `out` (same package name and version for every
/// spec, so cargo-semver-checks compares them as two releases of one crate).
fn generate_account(version: &str, out: PathBuf) -> PathBuf {
    generate(version, out, &["--tag", "account"])
}

fn generate(version: &str, out: PathBuf, tags: &[&str]) -> PathBuf {
    let spec = shared_spec(version);
    let mut args = vec!["codegen", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()];
    args.extend(tags);
    let generated = xtask(&args);
    assert!(generated.status.success(), "{}", text(&generated));
    out
}

/// A verdict, and the items it names.
#[derive(Debug)]
struct Verdict {
    bump: String,
    /// Rust items of breaking changes (spec diff: subject, change, detail) or of failed major
    /// checks (cargo-semver-checks: the item, as `spec diff` would name it, and the line).
    breaking: BTreeSet<(String, String, String)>,
    /// The whole output, for messages.
    output: String,
}

/// `cargo xtask spec diff --format json`.
fn spec_diff(old: &str, new: &str, tags: &[&str]) -> Verdict {
    let (old, new) = (shared_spec(old), shared_spec(new));
    let mut args = vec!["spec", "diff", old.to_str().unwrap(), new.to_str().unwrap(), "--format", "json"];
    args.extend(tags);
    let out = xtask(&args);
    assert!(out.status.success(), "{}", text(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let breaking = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["class"] == "breaking")
        .map(|c| {
            let field = |k: &str| c[k].as_str().unwrap().to_owned();
            (field("subject"), field("change"), field("detail"))
        })
        .collect();
    Verdict { bump: report["bump"].as_str().unwrap().to_owned(), breaking, output: text(&out) }
}

/// `cargo semver-checks check-release` of `new` against `old`. Its summary counts the failed
/// checks of each level ("N major and M minor checks failed", or "no semver update required");
/// each failed check lists the items it failed in, one a line, under `Failed in:`.
fn semver_checks(old: &Path, new: &Path) -> Verdict {
    for dir in [old, new] {
        std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    }
    let out = Command::new(semver_checks_bin())
        .args(["semver-checks", "check-release", "--color", "never", "--baseline-root"])
        .arg(old)
        .arg("--manifest-path")
        .arg(new.join("Cargo.toml"))
        // Rustdoc JSON of the dependencies stays cached between runs.
        .env("CARGO_TARGET_DIR", root().join("target/semver-checks-tests"))
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap();
    let output = text(&out);
    let summary = output
        .lines()
        .find_map(|l| l.trim().strip_prefix("Summary "))
        .unwrap_or_else(|| panic!("cargo-semver-checks printed no summary (status {}):\n{output}", out.status));
    let bump = if summary == "no semver update required" {
        "patch"
    } else {
        let counts: Vec<usize> = summary.split_whitespace().filter_map(|w| w.parse().ok()).collect();
        match counts[..] {
            [major, _] if major > 0 => "major",
            [0, minor] if minor > 0 => "minor",
            _ => panic!("unexpected cargo-semver-checks summary `{summary}`:\n{output}"),
        }
    };
    // Items of the failed major checks ("--- failure <id>: <name> ---", then "Failed in:").
    let mut breaking = BTreeSet::new();
    let mut in_failure = false;
    let mut listing = false;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if line.starts_with("--- failure ") {
            in_failure = true;
            listing = false;
        } else if line.starts_with("--- ") {
            in_failure = false;
            listing = false;
        } else if in_failure && line.trim() == "Failed in:" {
            listing = true;
        } else if listing && line.starts_with("  ") && !line.trim().is_empty() {
            for item in item_names(line.trim()) {
                breaking.insert((item, String::new(), line.trim().to_owned()));
            }
        } else if listing {
            listing = false;
        }
    }
    Verdict { bump: bump.to_owned(), breaking, output }
}

/// The Rust item a line of `Failed in:` names, as `spec diff` names it (`Type::item`), from
/// cargo-semver-checks' templates: `path::Account::create_jwt takes 0 parameters …`,
/// `variant OAuthProvider::Mock, previously in …`, `enum path::IndexType, previously …`,
/// `field specification of struct Function, previously …`, `Struct XParamsBuilder allows 3 -> 2
/// generic types`, `XParamsBuilder::setter, previously …` (a builder's setter is the parameter
/// `XParams::setter` for `spec diff`). A method listed both at its module path and at its
/// re-export gives one name.
fn item_names(line: &str) -> Vec<String> {
    let mut head = line;
    for cut in [", previously", " takes ", " allows ", " in /"] {
        head = head.split(cut).next().unwrap_or(head);
    }
    let words: Vec<&str> = head.split_whitespace().collect();
    let path = match words[..] {
        ["field", field, "of", _, owner] => format!("{owner}::{field}"),
        [_, path] => path.to_owned(),
        [path, ..] => path.to_owned(),
        [] => String::new(),
    };
    let segments: Vec<&str> = path.split("::").collect();
    // From the first type on (`Type::item`, or a type), without the modules before it.
    let tail = |segments: &[&str]| {
        let first_type = segments.iter().position(|s| s.starts_with(char::is_uppercase)).unwrap_or(0);
        segments[first_type..].join("::")
    };
    let mut names = vec![tail(&segments)];
    if let [.., builder, setter] = segments[..]
        && let Some(params) = builder.strip_suffix("Builder")
    {
        names.push(format!("{params}::{setter}"));
    }
    names
}

/// Both tools agree on the bump, every item cargo-semver-checks fails in is a breaking change of
/// spec diff, and the breaking changes it does not name are those `unseen` accepts.
fn assert_agree(ours: &Verdict, theirs: &Verdict, unseen: impl Fn(&str, &str) -> bool) {
    assert_eq!(
        ours.bump, theirs.bump,
        "spec diff says {}, cargo-semver-checks says {}\n--- spec diff:\n{}\n--- cargo-semver-checks:\n{}",
        ours.bump, theirs.bump, ours.output, theirs.output
    );
    let subjects: BTreeSet<&str> = ours.breaking.iter().map(|(s, _, _)| s.as_str()).collect();
    let failed: BTreeSet<&str> = theirs.breaking.iter().map(|(s, _, _)| s.as_str()).collect();
    let unexplained: BTreeSet<&str> = theirs
        .breaking
        .iter()
        .filter(|(_, _, line)| !theirs.breaking.iter().any(|(s, _, l)| l == line && subjects.contains(s.as_str())))
        .map(|(_, _, line)| line.as_str())
        .collect();
    let unmatched: Vec<String> = ours
        .breaking
        .iter()
        .filter(|(s, change, detail)| !failed.contains(s.as_str()) && !unseen(change, detail))
        .map(|(s, change, detail)| format!("{s} {change}: {detail}"))
        .collect();
    assert!(
        unmatched.is_empty() && unexplained.is_empty(),
        "breaking in spec diff only: {unmatched:#?}\nfailed in cargo-semver-checks only: {unexplained:#?}\n\
         --- spec diff:\n{}\n--- cargo-semver-checks:\n{}",
        ours.output,
        theirs.output
    );
}

/// A breaking change cargo-semver-checks has no check for: a type changed (of a field, a
/// parameter or a return value) or arguments reordered, with as many arguments as before.
fn type_change(change: &str, detail: &str) -> bool {
    match change {
        "retyped" | "response changed" => true,
        "signature changed" => {
            detail.split("; ").all(|part| part.starts_with("retyped ") || part.starts_with("order "))
        }
        _ => false,
    }
}

#[test]
fn spec_diff_and_cargo_semver_checks_agree_on_the_account_crates() {
    let dir = tempfile::tempdir().unwrap();
    let old = generate_account("1.8.1", dir.path().join("1.8.1"));
    let new = generate_account("1.9.3", dir.path().join("1.9.3"));
    let again = generate_account("1.9.3", dir.path().join("1.9.3-again"));

    // 1.8.1 → 1.9.3: both say major, for the same items.
    let ours = spec_diff("1.8.1", "1.9.3", &["--tag", "account"]);
    let theirs = semver_checks(&old, &new);
    assert_agree(&ours, &theirs, |_, _| false);
    assert_eq!(ours.bump, "major");
    let subjects: BTreeSet<&str> = ours.breaking.iter().map(|(s, _, _)| s.as_str()).collect();
    assert_eq!(subjects, BTreeSet::from(["Account::create_jwt", "OAuthProvider::Mock"]), "{}", ours.output);

    // 1.9.3 against itself: nothing changed, for either.
    let ours = spec_diff("1.9.3", "1.9.3", &["--tag", "account"]);
    let theirs = semver_checks(&new, &again);
    assert_agree(&ours, &theirs, |_, _| false);
    assert_eq!(ours.bump, "patch");
}

#[test]
fn on_every_service_cargo_semver_checks_finds_nothing_spec_diff_misses() {
    let dir = tempfile::tempdir().unwrap();
    let old = generate("1.8.1", dir.path().join("1.8.1"), &[]);
    let new = generate("1.9.3", dir.path().join("1.9.3"), &[]);
    let ours = spec_diff("1.8.1", "1.9.3", &[]);
    let theirs = semver_checks(&old, &new);
    assert_agree(&ours, &theirs, type_change);
    assert_eq!(ours.bump, "major");
    // Not vacuous: both name removals, arity changes and builders' lost type parameters.
    for item in
        ["IndexType", "Function::specification", "Functions::create_positional", "CreateDeploymentParamsBuilder"]
    {
        assert!(theirs.breaking.iter().any(|(s, _, _)| s == item), "{item}: {}", theirs.output);
    }
}

#[test]
fn spec_diff_and_cargo_semver_checks_agree_on_an_older_pair_of_lines() {
    // 1.6.2 → 1.8.1, account: both lists gained the optional `total` parameter, which breaks the
    // positional variants (one more argument) and nothing else.
    let dir = tempfile::tempdir().unwrap();
    let old = generate_account("1.6.2", dir.path().join("1.6.2"));
    let new = generate_account("1.8.1", dir.path().join("1.8.1"));
    let ours = spec_diff("1.6.2", "1.8.1", &["--tag", "account"]);
    let theirs = semver_checks(&old, &new);
    assert_agree(&ours, &theirs, |_, _| false);
    assert_eq!(ours.bump, "major");
    let subjects: BTreeSet<&str> = ours.breaking.iter().map(|(s, _, _)| s.as_str()).collect();
    assert_eq!(
        subjects,
        BTreeSet::from(["Account::list_identities_positional", "Account::list_logs_positional"]),
        "{}",
        ours.output
    );
}
