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
    for (dir, skip) in
        [("generated/tests", &["contract.rs", "roundtrip.rs"][..]), ("generator/tests/constructs", &[][..])]
    {
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

pub fn run(root: &Path) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // Prism (npm) for the contract tests: installed once under target/prism.
    eprintln!("==> Prism mock server: bash .ci/prism.sh");
    let prism = match Command::new("bash").arg(root.join(".ci/prism.sh")).current_dir(root).output() {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        Ok(out) => {
            eprintln!("error: installing Prism failed:\n{}", String::from_utf8_lossy(&out.stderr));
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("error: cannot run .ci/prism.sh: {e}");
            return ExitCode::FAILURE;
        }
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
            "clippy (all features)",
            &["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"],
            &[],
        ),
        step(
            "clippy (no services)",
            &["clippy", "-p", crate::PACKAGE, "--no-default-features", "--", "-D", "warnings"],
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
    steps.push(step(
        "docs",
        &["doc", "--workspace", "--no-deps", "--all-features"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    ));
    for (name, program, args, env) in &steps {
        let program = program.map(str::to_owned).unwrap_or_else(|| cargo.clone());
        eprintln!("==> {name}: {program} {}", args.join(" "));
        let status = Command::new(&program)
            .args(args)
            .envs(env.iter().copied())
            .env("PRISM_BIN", &prism)
            .current_dir(root)
            .status();
        match status {
            Ok(s) if s.success() => {}
            Ok(s) => {
                eprintln!("error: {name} failed ({s})");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("error: cannot run {program} for {name}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    eprintln!("==> all checks passed");
    ExitCode::SUCCESS
}
