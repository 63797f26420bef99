//! `cargo xtask spec diff` and `cargo xtask spec pin`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use appwrite_sdk_generator::{self as generator, Error, ErrorKind, Options, diff, load, model, pin, write};

use crate::cli::{Format, SpecDiff, SpecPin};
use crate::codegen::{crate_options, display, own_tests, server_services, summary};

/// Appwrite's public specs repository, as raw files.
const SPECS_BASE_URL: &str = "https://raw.githubusercontent.com/appwrite/specs/main/specs";

/// The model of the given (or all) server services of a spec; tags it lacks are left out.
fn api(spec: &load::Spec, tags: &[String]) -> Result<model::Api, Error> {
    let available = model::available_tags(&spec.document, "server");
    let tags: Vec<String> =
        if tags.is_empty() { available } else { tags.iter().filter(|t| available.contains(t)).cloned().collect() };
    model::build(&spec.document, &model::Selection::server(tags)).map_err(|e| e.in_file(&spec.path))
}

/// Diff two specs' services.
pub fn report(old: &load::Spec, new: &load::Spec, tags: &[String]) -> Result<diff::Report, Error> {
    let (old_api, new_api) = (api(old, tags)?, api(new, tags)?);
    diff::diff(&old_api, &new_api)
}

pub fn diff(args: &SpecDiff) -> Result<ExitCode, Error> {
    let old = load::load_file(&args.old)?;
    let new = load::load_file(&args.new)?;
    let report = report(&old, &new, &args.tags)?;
    print!(
        "{}",
        match args.format {
            Format::Text => report.text(),
            Format::Json => report.json(),
            Format::Markdown => report.markdown(),
        }
    );
    Ok(ExitCode::SUCCESS)
}

pub fn pin(args: &SpecPin) -> Result<ExitCode, Error> {
    let root = &args.root;
    let manifest_path = root.join("spec").join("pin.toml");
    let old_pin = pin::Pin::read(&manifest_path)?;
    // 1. The new spec: a file, or a download verified against --sha256.
    let (source, bytes) = match (&args.path, &args.version) {
        (Some(path), _) => {
            let bytes = std::fs::read(path).map_err(|e| {
                Error::new(ErrorKind::SpecNotFound, format!("cannot read the new spec: {e}")).in_file(path)
            })?;
            (path.display().to_string(), bytes)
        }
        (None, Some(version)) => {
            let url = download_url(args.base_url.as_deref().unwrap_or(SPECS_BASE_URL), version)?;
            eprintln!("downloading {url}");
            (url.clone(), download(&url)?)
        }
        (None, None) => return Err(Error::new(ErrorKind::SpecNotFound, "no spec given")),
    };
    let sha256 = pin::sha256_hex(&bytes);
    if let Some(expected) = args.sha256.as_ref().filter(|e| !e.eq_ignore_ascii_case(&sha256)) {
        return Err(Error::new(
            ErrorKind::HashMismatch,
            format!("the downloaded spec from {source} has SHA-256 {sha256}, expected {expected}; nothing was changed"),
        ));
    }
    // 2. It must parse and generate before anything is written.
    let new_spec = load::load_bytes(Path::new(&source), &bytes)?;
    let version = new_spec.document.info.version.clone();
    let file = format!("appwrite-{version}-server.json");
    let new_spec = load::Spec { path: PathBuf::from(&file), ..new_spec };
    let new_pin = pin::Pin {
        file: file.clone(),
        appwrite_version: version.clone(),
        sha256: sha256.clone(),
        upstream: if args.path.is_some() { old_pin.upstream.clone() } else { source.clone() },
        response_format: None,
    };
    let out = root.join("generated");
    let options = Options { own_tests: own_tests(&out)?, ..crate_options(&new_pin, &new_spec, None) };
    let generation = generator::generate(&new_spec, &options)?;
    crate::codegen::report(&generation);
    let files = generation.files;
    // 3. The diff against the currently pinned spec, if it can be found.
    let report = match pin::locate(&old_pin, root, None, std::env::var_os("APPWRITE_SPEC")) {
        Ok((old_path, _)) => {
            let old_spec = load::load_file(&old_path)?;
            let mut tags = server_services(&old_spec);
            tags.extend(options.tags.iter().filter(|t| !tags.contains(t)).cloned().collect::<Vec<_>>());
            Some(report(&old_spec, &new_spec, &tags)?)
        }
        Err(e) => {
            eprintln!("warning: no diff: {e}");
            None
        }
    };
    // 4. Write: the spec copy (git-ignored), the manifest, generated/, the changelog.
    let spec_copy = root.join("spec").join(&file);
    std::fs::write(&spec_copy, &bytes)
        .map_err(|e| Error::new(ErrorKind::Io, format!("cannot store the spec as {}: {e}", spec_copy.display())))?;
    let drift = write::drift(&out, &files)?;
    write::apply(&out, &drift, &mut write::RealFs)?;
    write_manifest(&manifest_path, &new_pin)?;
    let summary_line = report.as_ref().map(|r| r.summary()).unwrap_or_else(|| "no diff available".to_owned());
    prepend_changelog(&out.join("CHANGELOG.md"), &old_pin, &new_pin, report.as_ref())?;
    println!("pinned Appwrite {version} ({file}, sha256 {sha256})");
    println!("{}: {}", display(&out, root), summary(&drift));
    if let Some(report) = &report {
        print!("{}", report.text());
    } else {
        println!("{summary_line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `{base}/{major}.{minor}.x/open-api3-{major}.{minor}.x-server.json`, the specs repository's layout.
pub fn download_url(base: &str, version: &str) -> Result<String, Error> {
    let mut parts = version.split('.');
    let (Some(major), Some(minor)) = (parts.next(), parts.next()) else {
        return Err(Error::new(ErrorKind::Manifest, format!("`{version}` is not a version like 1.9 or 1.9.3")));
    };
    let line = format!("{major}.{minor}.x");
    Ok(format!("{}/{line}/open-api3-{line}-server.json", base.trim_end_matches('/')))
}

fn download(url: &str) -> Result<Vec<u8>, Error> {
    let fail = |e: String| Error::new(ErrorKind::SpecNotFound, format!("cannot download {url}: {e}"));
    let response = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .map_err(|e| fail(e.to_string()))?
        .get(url)
        .send()
        .map_err(|e| fail(e.to_string()))?;
    if !response.status().is_success() {
        return Err(fail(format!("HTTP {}", response.status())));
    }
    Ok(response.bytes().map_err(|e| fail(e.to_string()))?.to_vec())
}

fn write_manifest(path: &Path, pin: &pin::Pin) -> Result<(), Error> {
    let text = format!(
        "# The Appwrite OpenAPI spec the generated crate is built from. The spec itself is third-party data\n\
         # and is never committed: `cargo xtask codegen` looks for it via --spec, $APPWRITE_SPEC,\n\
         # spec/<file> (git-ignored) and ../shared/spec/<file>, and refuses a file whose SHA-256 differs.\n\
         file = {:?}\nappwrite_version = {:?}\nsha256 = {:?}\nupstream = {:?}\n\
         # X-Appwrite-Response-Format sent by the SDK. Rule when absent: the spec's major.minor.0.\n\
         # response_format = {:?}\n",
        pin.file,
        pin.appwrite_version,
        pin.sha256,
        pin.upstream,
        pin::response_format(&pin.appwrite_version)
    );
    std::fs::write(path, text).map_err(|e| Error::new(ErrorKind::Io, format!("cannot write {}: {e}", path.display())))
}

fn prepend_changelog(path: &Path, old: &pin::Pin, new: &pin::Pin, report: Option<&diff::Report>) -> Result<(), Error> {
    let existing = std::fs::read_to_string(path).unwrap_or_default();
    let body = existing.strip_prefix("# Changelog\n").unwrap_or(&existing).trim_start_matches('\n');
    let mut entry = format!(
        "# Changelog\n\n## Appwrite {} (spec `{}`, sha256 `{}`)\n\nRegenerated from Appwrite {} (previously {}).\n",
        new.appwrite_version, new.file, new.sha256, new.appwrite_version, old.appwrite_version
    );
    if let Some(report) = report {
        entry.push('\n');
        for ch in &report.changes {
            let detail = if ch.detail.is_empty() { String::new() } else { format!(": {}", ch.detail) };
            entry.push_str(&format!("- **{}** {} `{}` {}{}\n", ch.class, ch.item, ch.subject, ch.change, detail));
        }
        entry.push_str(&format!("\n{}\n", report.summary()));
    }
    entry.push('\n');
    entry.push_str(body);
    std::fs::write(path, entry).map_err(|e| Error::new(ErrorKind::Io, format!("cannot write {}: {e}", path.display())))
}
