//! Helpers the xtask integration tests share: the workspace root, the `xtask` binary, the
//! shared specs.

#![allow(dead_code, reason = "each test file uses a part of these")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// `../shared/spec/appwrite-{version}-server.json`.
pub fn shared_spec(version: &str) -> PathBuf {
    root().join(format!("../shared/spec/appwrite-{version}-server.json"))
}

/// Runs `xtask` with `args` in the workspace root (the spec not overridden by `APPWRITE_SPEC`).
pub fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(root())
        .env_remove("APPWRITE_SPEC")
        .output()
        .expect("run xtask")
}

/// A process's stdout and stderr, as text.
pub fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}
