//! The maintainer workflow across spec versions: older specs generate compiling crates, code
//! written against 1.8.1 compiles against 1.9.3, `spec diff` reports the real changes, and
//! `spec pin` pins a new spec from a file or a (loopback) download.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

use common::{root, shared_spec, text, xtask};

/// `cargo check` a crate, offline, with the workspace's lock file and a shared target directory.
fn cargo_check(dir: &Path) -> Output {
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--offline", "--quiet", "--all-targets"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/xtask-tests"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap()
}

fn generate_account(version: &str, out: &Path) {
    let spec = shared_spec(version);
    let generated =
        xtask(&["codegen", "--spec", spec.to_str().unwrap(), "--tag", "account", "--out", out.to_str().unwrap()]);
    assert!(generated.status.success(), "{}", text(&generated));
}

/// The service's methods: the `pub fn`s that return a future (and the `pub async fn`s).
fn method_names(service: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut pending: Option<String> = None;
    for line in service.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("pub async fn ") {
            names.push(rest.split(['(', '<']).next().unwrap().to_owned());
            continue;
        }
        if let Some(rest) = line.strip_prefix("pub fn ") {
            pending = Some(rest.split(['(', '<']).next().unwrap().to_owned());
        }
        if let Some(name) = &pending {
            if line.contains("-> impl Future<") {
                names.push(name.clone());
                pending = None;
            } else if line.ends_with('{') {
                pending = None;
            }
        }
    }
    names
}

#[test]
fn older_specs_generate_compiling_account_modules() {
    let dir = tempfile::tempdir().unwrap();
    for version in ["1.8.1", "0.15.2"] {
        let out = dir.path().join(version);
        generate_account(version, &out);
        let check = cargo_check(&out);
        assert!(check.status.success(), "{version}: {}", text(&check));
    }
    // 0.15.2: no `x-appwrite.methods`; the Deno SDK 5.0.1 surface, 20 methods.
    let service = std::fs::read_to_string(dir.path().join("0.15.2/src/services/account.rs")).unwrap();
    let names = method_names(&service);
    let primary: Vec<&String> = names.iter().filter(|n| !n.ends_with("_positional") && !n.ends_with("_as")).collect();
    assert_eq!(primary.len(), 20, "{primary:?}");
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let service = squeeze(&service);
    assert!(
        service.contains(
            "pubfnget_logs_positional(&self,limit:implcrate::Optional<i64>,offset:implcrate::Optional<i64>,)"
        ),
        "get_logs"
    );
    assert!(service.contains("pubfnupdate_phone_positional(&self,number:implInto<String>,password:implInto<String>,)"));
    assert!(service.contains(
        "pubfnupdate_recovery_positional(&self,user_id:implInto<String>,secret:implInto<String>,password:implInto<String>,password_again:implInto<String>,)"
    ));
}

#[test]
fn code_written_against_1_8_1_compiles_against_1_9_3() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("sdk-1.8.1");
    generate_account("1.8.1", &old);
    let consumer = dir.path().join("consumer");
    std::fs::create_dir_all(consumer.join("src")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/consumer_1_8_1.rs"),
        consumer.join("src/lib.rs"),
    )
    .unwrap();
    for sdk in [old.clone(), root().join("generated")] {
        let manifest = format!(
            "[package]\nname = \"consumer\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[workspace]\n\n[dependencies]\nappwrite-server-sdk = {{ path = {:?} }}\nserde_json = \"1\"\n",
            sdk.display().to_string()
        );
        std::fs::write(consumer.join("Cargo.toml"), manifest).unwrap();
        let check = cargo_check(&consumer);
        assert!(check.status.success(), "against {}: {}", sdk.display(), text(&check));
    }
}

#[test]
fn spec_diff_reports_the_real_1_8_1_to_1_9_3_account_changes() {
    let (old, new) = (shared_spec("1.8.1"), shared_spec("1.9.3"));
    let args = ["spec", "diff", old.to_str().unwrap(), new.to_str().unwrap(), "--tag", "account"];
    let out = xtask(&args);
    assert!(out.status.success(), "{}", text(&out));
    let report = String::from_utf8(out.stdout).unwrap();
    // Changes are judged on the Rust API: the four spec methods of the MFA challenge are two
    // Rust methods (`createMfaChallenge` is a deprecated alias folded into `createMFAChallenge`),
    // and their new path is invisible to code written against the crate.
    for method in ["create_mfa_challenge", "update_mfa_challenge"] {
        assert!(
            report.contains(&format!(
                "[internal] method Account::{method} path changed: /account/mfa/challenge → /account/mfa/challenges"
            )),
            "{report}"
        );
    }
    assert!(!report.contains("createMfaChallenge"), "{report}");
    assert!(report.contains("[compatible] field User::impersonator added: Option<bool>"), "{report}");
    assert!(report.contains("[compatible] field User::impersonator_user_id added: Option<String>"), "{report}");
    assert!(report.contains("[compatible] field Log::user_type added: String"), "{report}");
    // `create_jwt` took no parameters in 1.8.1: its first (optional) one changes its signature.
    assert!(
        report.contains(
            "[breaking] method Account::create_jwt arguments changed: (&self) → (&self, params: impl Into<CreateJwtParams>)"
        ),
        "{report}"
    );
    assert!(report.contains("[compatible] method Account::create_jwt_positional added"), "{report}");
    assert!(report.contains("[breaking] enum variant OAuthProvider::Mock removed: `mock`"), "{report}");
    assert!(report.contains("2 breaking, 8 compatible, 3 internal change(s): major version bump"), "{report}");

    // JSON is stable: byte-identical across runs and equal to the reviewed golden file.
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let first = xtask(&json_args);
    let second = xtask(&json_args);
    assert!(first.status.success());
    assert_eq!(first.stdout, second.stdout);
    let golden = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff-1.8.1-1.9.3-account.json"),
    )
    .unwrap();
    assert_eq!(String::from_utf8(first.stdout).unwrap(), golden);

    let mut md_args = args.to_vec();
    md_args.extend(["--format", "markdown"]);
    let md = String::from_utf8(xtask(&md_args).stdout).unwrap();
    assert!(md.contains("| internal | method | `Account::create_mfa_challenge` | path changed |"), "{md}");
}

/// A copy of the repository parts `spec pin` touches.
fn repo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("spec")).unwrap();
    std::fs::copy(root().join("spec/pin.toml"), dir.path().join("spec/pin.toml")).unwrap();
    std::fs::create_dir_all(dir.path().join("generated")).unwrap();
    std::fs::copy(root().join("generated/Cargo.toml"), dir.path().join("generated/Cargo.toml")).unwrap();
    dir
}

fn pin_with(args: &[&str], repo: &Path, old_spec: &Path) -> Output {
    let mut all = vec!["--root", repo.to_str().unwrap()];
    all.extend(args);
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(&all).env("APPWRITE_SPEC", old_spec).output().unwrap()
}

#[test]
fn spec_pin_from_a_file_pins_regenerates_and_logs_the_diff() {
    // Pin 1.8.1 over the current 1.9.3 pin (the mechanics are the same in either direction).
    let repo = repo_copy();
    let new = shared_spec("1.8.1");
    let out = pin_with(&["spec", "pin", new.to_str().unwrap()], repo.path(), &shared_spec("1.9.3"));
    assert!(out.status.success(), "{}", text(&out));
    let manifest = std::fs::read_to_string(repo.path().join("spec/pin.toml")).unwrap();
    assert!(manifest.contains("file = \"appwrite-1.8.0-server.json\""), "{manifest}");
    assert!(manifest.contains("sha256 = \"b06e174b7516c69a4978318958a4a803403ed3c4834245dbee9359101fb12292\""));
    assert!(repo.path().join("spec/appwrite-1.8.0-server.json").is_file(), "the spec is stored in spec/");
    let service = std::fs::read_to_string(repo.path().join("generated/src/services/account.rs")).unwrap();
    assert!(service.contains("request.push_path(\"/account/mfa/challenge\")"));
    let changelog = std::fs::read_to_string(repo.path().join("generated/CHANGELOG.md")).unwrap();
    assert!(changelog.starts_with("# Changelog\n\n## Appwrite 1.8.0"), "{changelog}");
    assert!(changelog.contains("path changed: /account/mfa/challenges → /account/mfa/challenge"), "{changelog}");
    assert!(text(&out).contains("version bump"), "{}", text(&out));
}

/// Serves one file over HTTP on loopback for `requests` requests, recording the paths asked for.
fn serve(body: Vec<u8>, requests: usize) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/specs", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut paths = Vec::new();
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap();
            let head = String::from_utf8_lossy(&buf[..n]).into_owned();
            paths.push(head.split_whitespace().nth(1).unwrap_or_default().to_owned());
            let header = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
            stream.write_all(header.as_bytes()).unwrap();
            stream.write_all(&body).unwrap();
        }
        paths
    });
    (base, handle)
}

#[test]
fn spec_pin_downloads_by_version_and_verifies_the_hash() {
    let body = std::fs::read(shared_spec("1.9.3")).unwrap();
    let (base, server) = serve(body, 2);

    // A wrong expected hash: refused, nothing written.
    let repo = repo_copy();
    let manifest_before = std::fs::read_to_string(repo.path().join("spec/pin.toml")).unwrap();
    let bad = pin_with(
        &["spec", "pin", "--version", "1.9", "--base-url", &base, "--sha256", &"0".repeat(64)],
        repo.path(),
        &shared_spec("1.9.3"),
    );
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad));
    assert!(text(&bad).contains("0ef86994eb5c1e0211ac06a763952d4cfb274dda16698c11994f8ebe09d52364"), "{}", text(&bad));
    assert_eq!(std::fs::read_to_string(repo.path().join("spec/pin.toml")).unwrap(), manifest_before);
    assert!(!repo.path().join("generated/src").exists());

    // The right one: pinned.
    let good = pin_with(
        &[
            "spec",
            "pin",
            "--version",
            "1.9.3",
            "--base-url",
            &base,
            "--sha256",
            "0ef86994eb5c1e0211ac06a763952d4cfb274dda16698c11994f8ebe09d52364",
        ],
        repo.path(),
        &shared_spec("1.9.3"),
    );
    assert!(good.status.success(), "{}", text(&good));
    let manifest = std::fs::read_to_string(repo.path().join("spec/pin.toml")).unwrap();
    assert!(manifest.contains("appwrite_version = \"1.9.3\""), "{manifest}");
    assert!(manifest.contains(&format!("upstream = \"{base}/1.9.x/open-api3-1.9.x-server.json\"")), "{manifest}");
    assert!(
        text(&good).contains("0 breaking, 0 compatible, 0 internal change(s): patch version bump"),
        "{}",
        text(&good)
    );
    // Same spec as checked in: the regenerated crate equals generated/.
    let regenerated = std::fs::read_to_string(repo.path().join("generated/src/services/account.rs")).unwrap();
    assert_eq!(regenerated, std::fs::read_to_string(root().join("generated/src/services/account.rs")).unwrap());
    assert_eq!(server.join().unwrap(), ["/specs/1.9.x/open-api3-1.9.x-server.json"; 2]);
}
