//! `cargo xtask test`: every check CI runs, in order; stops at the first failure.

use std::path::Path;
use std::process::{Command, ExitCode};

/// One check: a name, the program (`None`: cargo), its arguments, extra environment.
type Step = (String, Option<&'static str>, Vec<String>, Vec<(&'static str, &'static str)>);

fn step(name: &str, args: &[&str], env: &[(&'static str, &'static str)]) -> Step {
    (name.to_owned(), None, args.iter().map(|a| a.to_string()).collect(), env.to_vec())
}

/// Hand-written Rust files outside any package `cargo fmt` formats: the generated crate's own
/// tests (its `src/` and generated tests are formatted by the generator) and the construct
/// fixtures' tests.
fn loose_rust_files(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for (dir, skip) in [
        ("generated/tests", &["contract.rs", "every_method_mocked.rs", "roundtrip.rs"][..]),
        ("generator/tests/constructs", &[][..]),
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".rs") && !skip.contains(&name.as_str()) {
                files.push(format!("{dir}/{name}"));
            }
        }
    }
    files.sort();
    files
}

/// The generated crate's services: the `full` feature of `generated/Cargo.toml`.
fn services(root: &Path) -> Result<Vec<String>, String> {
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).map_err(|e| e.to_string())?;
    let full = manifest
        .lines()
        .find_map(|l| l.strip_prefix("full = ["))
        .ok_or("generated/Cargo.toml has no `full` feature")?;
    Ok(full
        .trim_end_matches(']')
        .split(',')
        .map(|t| t.trim().trim_matches('"').to_owned())
        .filter(|t| !t.is_empty())
        .collect())
}

/// Runs the install script of a tool the tests need and returns the path it prints (the tool),
/// or reports why not.
pub(crate) fn install_tool(root: &Path, what: &str, script: &str) -> Option<String> {
    eprintln!("==> {what}: bash {script}");
    match Command::new("bash").arg(root.join(script)).current_dir(root).output() {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).trim().to_owned()),
        Ok(out) => {
            eprintln!("error: installing {what} failed:\n{}", String::from_utf8_lossy(&out.stderr));
            None
        }
        Err(e) => {
            eprintln!("error: cannot run {script}: {e}");
            None
        }
    }
}

pub fn run(root: &Path) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // Prism (npm) for the contract tests and cargo-semver-checks for the semver cross-check
    // (xtask/tests/semver_checks.rs): each installed once under target/.
    let Some(prism) = install_tool(root, "Prism mock server", ".ci/prism.sh") else { return ExitCode::FAILURE };
    let Some(semver_checks) = install_tool(root, "cargo-semver-checks", ".ci/semver-checks.sh") else {
        return ExitCode::FAILURE;
    };
    let mut format_loose = vec!["--edition".to_owned(), "2024".to_owned(), "--check".to_owned()];
    format_loose.extend(loose_rust_files(root));
    let mut steps = vec![
        step(
            "format (generator, xtask, runtime, downstream)",
            &[
                "fmt",
                "--check",
                "-p",
                "appwrite-sdk-generator",
                "-p",
                "xtask",
                "-p",
                "appwrite-sdk-runtime",
                "-p",
                "downstream",
            ],
            &[],
        ),
        ("format (hand-written tests)".to_owned(), Some("rustfmt"), format_loose, Vec::new()),
        step(
            "drift check (warnings denied)",
            &["run", "--quiet", "--package", "xtask", "--", "codegen", "--check", "--deny-warnings"],
            &[],
        ),
        step(
            "tests: unit, integration, wire, Prism contract (every service), doc",
            &["test", "--workspace", "--all-features", "--no-fail-fast"],
            &[],
        ),
        step(
            "version matrix: every spec in ../shared/spec generated, counted, checked; Prism on 1.6.2 and 1.8.1",
            &["run", "--quiet", "--package", "xtask", "--", "matrix"],
            &[],
        ),
        step(
            "clippy (all features)",
            &["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"],
            &[],
        ),
        step(
            "clippy (no services)",
            &["clippy", "-p", crate::PACKAGE, "--no-default-features", "--", "-D", "warnings"],
            &[],
        ),
        step(
            "clippy (the mock feature without services)",
            &["clippy", "-p", crate::PACKAGE, "--no-default-features", "--features", "mock", "--", "-D", "warnings"],
            &[],
        ),
        step(
            "clippy (the mock feature with the default service)",
            &["clippy", "-p", crate::PACKAGE, "--features", "mock", "--", "-D", "warnings"],
            &[],
        ),
    ];
    // Each service feature alone compiles warning-free.
    let services = match services(root) {
        Ok(services) => services,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for tag in &services {
        steps.push(step(
            &format!("clippy (feature {tag} alone)"),
            &["clippy", "-p", crate::PACKAGE, "--no-default-features", "--features", tag, "--", "-D", "warnings"],
            &[],
        ));
    }
    // Each TLS backend compiles warning-free and serves tests/tls.rs (native-tls, which wins when
    // every feature is on, is covered by the all-features steps); without TLS, https:// is refused.
    // The tests package forwards its features to the crate, which clippy checks as a workspace
    // member.
    for tls in ["rustls-ring", "rustls-aws-lc"] {
        let features = format!("account,{tls}");
        steps.push(step(
            &format!("clippy (TLS {tls})"),
            &[
                "clippy",
                "-p",
                crate::TESTS_PACKAGE,
                "--no-default-features",
                "--features",
                &features,
                "--test",
                "tls",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        ));
    }
    for features in ["account,rustls-ring", "account,rustls-aws-lc", "account"] {
        steps.push(step(
            &format!("TLS tests ({features})"),
            &["test", "-p", crate::TESTS_PACKAGE, "--no-default-features", "--features", features, "--test", "tls"],
            &[],
        ));
    }
    steps.push(step(
        "docs",
        &["doc", "--workspace", "--no-deps", "--all-features"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    ));
    for (name, program, args, env) in &steps {
        let program = program.unwrap_or(&cargo);
        let mut env: Vec<(&str, &str)> = env.clone();
        env.extend([("PRISM_BIN", prism.as_str()), ("SEMVER_CHECKS_BIN", semver_checks.as_str())]);
        if !run_step(name, program, args, &env, root) {
            return ExitCode::FAILURE;
        }
    }
    if let Err(e) = publish_dry_run(&cargo, root) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    eprintln!("==> all checks passed");
    ExitCode::SUCCESS
}

/// Runs one check in `dir`, printing its name and command line; says whether it passed.
pub fn run_step(name: &str, program: &str, args: &[impl AsRef<str>], env: &[(&str, &str)], dir: &Path) -> bool {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    eprintln!("==> {name}: {program} {}", args.join(" "));
    match Command::new(program).args(&args).envs(env.iter().copied()).current_dir(dir).status() {
        Ok(s) if s.success() => true,
        Ok(s) => {
            eprintln!("error: {name} failed ({s})");
            false
        }
        Err(e) => {
            eprintln!("error: cannot run {program} for {name}: {e}");
            false
        }
    }
}

/// The generated crate as crates.io would get it: `cargo publish --dry-run` packages it and builds
/// the package alone (its own feature set, no workspace), with no warning but the dry run's own;
/// the package is the library and its README (the tests are a package of their own, so it has no
/// test target to leave out), plus the files cargo adds.
fn publish_dry_run(cargo: &str, root: &Path) -> Result<(), String> {
    let run = |args: &[&str]| -> Result<String, String> {
        eprintln!("==> publish dry run: {cargo} {}", args.join(" "));
        let out = Command::new(cargo)
            .args(args)
            .current_dir(root)
            .output()
            .map_err(|e| format!("cannot run {cargo} {}: {e}", args.join(" ")))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        eprint!("{stderr}");
        if !out.status.success() {
            return Err(format!("{cargo} {} failed ({})", args.join(" "), out.status));
        }
        let warnings = unexpected_warnings(&stderr);
        if !warnings.is_empty() {
            return Err(format!("{cargo} {} warned:\n{}", args.join(" "), warnings.join("\n")));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let files = run(&["package", "--list", "--allow-dirty", "-p", crate::PACKAGE])?;
    let files: Vec<&str> = files.lines().collect();
    if !files.contains(&"README.md") {
        return Err(format!("the {} package has no README.md", crate::PACKAGE));
    }
    if let Some(file) = files.iter().find(|f| !packaged(f)) {
        return Err(format!("the {} package ships {file}: only src/ and README.md belong in it", crate::PACKAGE));
    }
    run(&["publish", "--dry-run", "--allow-dirty", "-p", crate::PACKAGE]).map(drop)
}

/// A file that belongs in the published package: the library, its README, and what cargo adds.
fn packaged(file: &str) -> bool {
    file.starts_with("src/")
        || matches!(file, "README.md" | "Cargo.toml" | "Cargo.toml.orig" | "Cargo.lock" | ".cargo_vcs_info.json")
}

/// The warnings of a cargo run (`warning: …` lines of its stderr) but the one a dry run always
/// gives, `aborting upload due to dry run`.
fn unexpected_warnings(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("warning:") && *l != "warning: aborting upload due to dry run").collect()
}

#[cfg(test)]
mod tests {
    use super::{packaged, unexpected_warnings};

    #[test]
    fn every_warning_but_the_dry_runs_own_is_unexpected() {
        let others = [
            "warning: manifest has no documentation, homepage or repository",
            "warning: ignoring test `wire` as `tests/wire.rs` is not included in the published package",
            "warning: ignoring example `demo` as `examples/demo.rs` is not included in the published package",
            "warning: unused variable: `x`",
            "warning: aborting upload due to dry run, and more",
        ];
        let mut stderr =
            String::from("   Packaging appwrite-server-sdk v0.1.0\n   Uploading appwrite-server-sdk v0.1.0\n");
        stderr.push_str("warning: aborting upload due to dry run\n");
        assert!(unexpected_warnings(&stderr).is_empty(), "{stderr}");
        for other in others {
            assert_eq!(unexpected_warnings(&format!("{stderr}{other}\n")), [other]);
        }
    }

    #[test]
    fn only_the_library_its_readme_and_cargos_files_are_packaged() {
        for file in ["src/lib.rs", "src/services/account.rs", "README.md", "Cargo.toml", "Cargo.toml.orig"] {
            assert!(packaged(file), "{file}");
        }
        for file in ["tests/wire.rs", "tests/Cargo.toml", "tests/fixtures/tls/key.pem", "CHANGELOG.md", "srcx/a.rs"] {
            assert!(!packaged(file), "{file}");
        }
    }
}
