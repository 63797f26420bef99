//! Maintainer commands.
//!
//! - `cargo xtask codegen [--check] [--spec PATH] [--tag TAG]... [--out DIR]` regenerates
//!   `generated/` from the pinned spec, or (with `--check`) writes nothing and fails when the
//!   checked-in code differs from a fresh generation.
//! - `cargo xtask test` runs every check CI runs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use appwrite_sdk_generator::{self as generator, Options, pin, write};

/// Package name of the generated crate.
const PACKAGE: &str = "appwrite-server-sdk";
/// Version of the generated crate.
const VERSION: &str = "0.1.0";
/// Services the checked-in crate contains.
const TAGS: &[&str] = &["account"];

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec PATH] [--tag TAG]... [--out DIR]
       cargo xtask test

  --check       write nothing; exit 1 with a diff when the output differs from a fresh generation
  --spec PATH   the spec to read (default: $APPWRITE_SPEC, spec/<pinned file>, ../shared/spec/<pinned file>)
  --tag TAG     a service to generate (repeatable; default: the crate's services)
  --out DIR     output crate directory (default: generated/; required with --tag)";

struct Args {
    check: bool,
    spec: Option<PathBuf>,
    tags: Vec<String>,
    out: Option<PathBuf>,
}

enum Command {
    Codegen(Args),
    Test,
}

fn parse_command(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    match args.next().as_deref() {
        Some("codegen") => parse_args(args).map(Command::Codegen),
        Some("test") => match args.next() {
            None => Ok(Command::Test),
            Some(other) => Err(format!("unknown argument `{other}`")),
        },
        Some("-h" | "--help") => Err(String::new()),
        Some(other) => Err(format!("unknown command `{other}`")),
        None => Err("no command given".to_owned()),
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args { check: false, spec: None, tags: Vec::new(), out: None };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--spec" => parsed.spec = Some(PathBuf::from(value("--spec")?)),
            "--tag" => parsed.tags.push(value("--tag")?),
            "--out" => parsed.out = Some(PathBuf::from(value("--out")?)),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    let args = match parse_command(std::env::args().skip(1)) {
        Ok(Command::Test) => return test(),
        Ok(Command::Codegen(args)) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match codegen(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn codegen(args: &Args) -> Result<ExitCode, generator::Error> {
    let root = root();
    let pin = pin::Pin::read(&root.join("spec").join("pin.toml"))?;
    if !args.tags.is_empty() && args.out.is_none() {
        return Err(generator::Error::new(
            generator::ErrorKind::Io,
            "--tag generates a different set of services than the checked-in crate: give --out DIR",
        ));
    }
    let out = args.out.clone().unwrap_or_else(|| root.join("generated"));
    let pinned_output = args.out.is_none();
    let (spec_path, _origin) = pin::locate(&pin, &root, args.spec.as_deref(), std::env::var_os("APPWRITE_SPEC"))?;
    let spec = generator::load::load_file(&spec_path)?;
    if pinned_output {
        pin::verify(&pin, &spec_path, &spec.sha256)?;
    }
    let tags: Vec<String> =
        if args.tags.is_empty() { TAGS.iter().map(|t| t.to_string()).collect() } else { args.tags.clone() };
    let options = Options {
        package: PACKAGE.to_owned(),
        version: VERSION.to_owned(),
        tags,
        response_format: pin.response_format.clone(),
    };
    let files = generator::generate(&spec, &options)?;
    let drift = write::drift(&out, &files)?;
    if args.check {
        if drift.is_clean() {
            println!("{}: up to date ({} files)", display(&out, &root), drift.unchanged);
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{} differs from a fresh generation:", display(&out, &root));
        eprint!("{}", drift.report(60));
        eprintln!("run `cargo xtask codegen` to regenerate");
        return Ok(ExitCode::FAILURE);
    }
    write::apply(&out, &drift, &mut write::RealFs)?;
    println!(
        "{}: {} changed, {} created, {} removed, {} unchanged",
        display(&out, &root),
        drift.changed.len(),
        drift.missing.len(),
        drift.extra.len(),
        drift.unchanged
    );
    Ok(ExitCode::SUCCESS)
}

fn display(path: &Path, root: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

/// Every check CI runs, in order; stops at the first failure.
fn test() -> ExitCode {
    let root = root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let steps: &[(&str, &[&str], &[(&str, &str)])] = &[
        ("drift check", &["run", "--quiet", "--package", "xtask", "--", "codegen", "--check"], &[]),
        ("tests (unit, integration, doc)", &["test", "--workspace"], &[]),
        ("clippy", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[]),
        ("docs", &["doc", "--workspace", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")]),
    ];
    // Prism (npm) for the contract tests: installed once under target/prism.
    eprintln!("==> Prism mock server: bash .ci/prism.sh");
    let prism = match std::process::Command::new("bash").arg(root.join(".ci/prism.sh")).current_dir(&root).output() {
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
    for (name, args, env) in steps {
        eprintln!("==> {name}: cargo {}", args.join(" "));
        let status = std::process::Command::new(&cargo)
            .args(*args)
            .envs(env.iter().copied())
            .env("PRISM_BIN", &prism)
            .current_dir(&root)
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
