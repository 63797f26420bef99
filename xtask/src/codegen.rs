//! `cargo xtask codegen`.

use std::path::Path;
use std::process::ExitCode;

use appwrite_sdk_generator::{self as generator, Error, ErrorKind, Options, pin, write};

use crate::cli::Codegen;

/// Every service of a spec that has server operations, in spec order.
pub fn server_services(spec: &generator::load::Spec) -> Vec<String> {
    generator::model::available_tags(&spec.document, "server")
}

/// The options a crate is generated with: the given services (all enabled by default), or
/// every server service of the spec with [`DEFAULT_TAGS`](crate::DEFAULT_TAGS) enabled (every
/// service, for a spec that has none of them).
pub fn crate_options(pin: &pin::Pin, spec: &generator::load::Spec, tags: Option<&[String]>) -> Options {
    let (tags, default_tags) = match tags {
        Some(tags) if !tags.is_empty() => (tags.to_vec(), tags.to_vec()),
        _ => {
            let all = server_services(spec);
            let defaults: Vec<String> =
                crate::DEFAULT_TAGS.iter().map(|t| t.to_string()).filter(|t| all.contains(t)).collect();
            let defaults = if defaults.is_empty() { all.clone() } else { defaults };
            (all, defaults)
        }
    };
    Options {
        package: crate::PACKAGE.to_owned(),
        version: crate::VERSION.to_owned(),
        tags,
        default_tags,
        // The pin's override is for the pinned spec: another line sends its own format.
        response_format: pin.response_format.clone().filter(|_| spec.sha256.eq_ignore_ascii_case(&pin.sha256)),
        deny_warnings: false,
        own_tests: Vec::new(),
    }
}

/// The hand-written tests in `out/tests/`, as cargo would discover them (`wire.rs`,
/// `wire/main.rs`), for the generated tests package to declare: a test added or removed there is
/// drift until the crate is regenerated.
pub fn own_tests(out: &Path) -> Result<Vec<String>, Error> {
    let dir = out.join("tests");
    let cannot = |e: std::io::Error| Error::new(ErrorKind::Io, format!("cannot list {}: {e}", dir.display()));
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(cannot(e)),
    };
    let mut tests = Vec::new();
    for entry in entries {
        let path = entry.map_err(cannot)?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if path.is_dir() {
            if path.join("main.rs").is_file() {
                tests.push(format!("{name}/main.rs"));
            }
        } else if name.ends_with(".rs") {
            tests.push(name.to_owned());
        }
    }
    tests.sort();
    Ok(tests)
}

pub fn run(args: &Codegen) -> Result<ExitCode, Error> {
    let root = &args.root;
    let pin = pin::Pin::read(&root.join("spec").join("pin.toml"))?;
    if !args.tags.is_empty() && args.out.is_none() {
        return Err(Error::new(
            ErrorKind::Io,
            "--tag generates a different set of services than the checked-in crate: give --out DIR",
        ));
    }
    let out = args.out.clone().unwrap_or_else(|| root.join("generated"));
    let (spec_path, _origin) = pin::locate(&pin, root, args.spec.as_deref(), std::env::var_os("APPWRITE_SPEC"))?;
    let spec = generator::load::load_file(&spec_path)?;
    if args.out.is_none() {
        // generated/ claims to be built from the pinned spec: refuse any other.
        pin::verify(&pin, &spec_path, &spec.sha256)?;
    }
    let options = Options {
        deny_warnings: args.deny_warnings,
        own_tests: own_tests(&out)?,
        ..crate_options(&pin, &spec, Some(&args.tags))
    };
    let generation = generator::generate(&spec, &options)?;
    report(&generation);
    let drift = write::drift(&out, &generation.files)?;
    if args.check {
        if drift.is_clean() {
            println!("{}: up to date ({} files)", display(&out, root), drift.unchanged);
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{} differs from a fresh generation:", display(&out, root));
        eprint!("{}", drift.report(60));
        eprintln!("run `cargo xtask codegen` to regenerate");
        return Ok(ExitCode::FAILURE);
    }
    write::apply(&out, &drift, &mut write::RealFs)?;
    println!("{}: {}", display(&out, root), summary(&drift));
    Ok(ExitCode::SUCCESS)
}

/// Say what the generation could not do faithfully, and which operations it left out.
pub fn report(generation: &generator::Generation) {
    for w in &generation.warnings {
        eprintln!("warning: {w}");
    }
    if !generation.warnings.is_empty() {
        eprintln!(
            "warning: {} construct(s) generated as JSON values or otherwise approximated (`--deny-warnings` makes this an error)",
            generation.warnings.len()
        );
    }
    let mut reasons: Vec<&str> = generation.skipped.iter().map(|s| s.reason.as_str()).collect();
    reasons.dedup();
    for reason in reasons {
        let routes: Vec<&str> =
            generation.skipped.iter().filter(|s| s.reason == reason).map(|s| s.route.as_str()).collect();
        eprintln!("note: {} operation(s) skipped, {reason}: {}", routes.len(), routes.join(", "));
    }
}

pub fn summary(drift: &write::Drift) -> String {
    format!(
        "{} changed, {} created, {} removed, {} unchanged",
        drift.changed.len(),
        drift.missing.len(),
        drift.extra.len(),
        drift.unchanged
    )
}

pub fn display(path: &Path, root: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}
