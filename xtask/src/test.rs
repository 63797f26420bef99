//! `cargo xtask test`: every check CI runs, in order; stops at the first failure.

use std::path::Path;
use std::process::{Command, ExitCode};

/// One check: a name, cargo arguments, extra environment.
type Step = (String, Vec<String>, Vec<(&'static str, &'static str)>);

fn step(name: &str, args: &[&str], env: &[(&'static str, &'static str)]) -> Step {
    (name.to_owned(), args.iter().map(|a| a.to_string()).collect(), env.to_vec())
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
    let mut steps = vec![
        step("drift check", &["run", "--quiet", "--package", "xtask", "--", "codegen", "--check"], &[]),
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
    for (name, args, env) in &steps {
        eprintln!("==> {name}: cargo {}", args.join(" "));
        let status = Command::new(&cargo)
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
                eprintln!("error: cannot run cargo for {name}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    eprintln!("==> all checks passed");
    ExitCode::SUCCESS
}
