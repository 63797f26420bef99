#!/usr/bin/env bash
# Install cargo-semver-checks into a cache dir, once, and print the absolute
# path of the `cargo-semver-checks` binary on stdout.
#   SEMVER_CHECKS_DIR      cache dir (default: <repo>/target/semver-checks)
#   SEMVER_CHECKS_VERSION  default 0.51.0 (reads rustdoc JSON formats 57, 60, 61; rustc 1.95
#                          writes 57; a much newer rustc needs a newer version)
# Example:
#   "$(.ci/semver-checks.sh)" semver-checks check-release \
#       --baseline-root old/ --manifest-path new/Cargo.toml
set -euo pipefail

SEMVER_CHECKS_VERSION="${SEMVER_CHECKS_VERSION:-0.51.0}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEMVER_CHECKS_DIR="${SEMVER_CHECKS_DIR:-$repo_root/target/semver-checks}"
mkdir -p "$SEMVER_CHECKS_DIR"
SEMVER_CHECKS_DIR="$(cd "$SEMVER_CHECKS_DIR" && pwd)"

bin="$SEMVER_CHECKS_DIR/bin/cargo-semver-checks"
installed="$("$bin" semver-checks --version 2>/dev/null | awk '{print $2}' || true)"

if [[ ! -x "$bin" || "$installed" != "$SEMVER_CHECKS_VERSION" ]]; then
  # Its own build dir, so the install does not touch the workspace's target/.
  CARGO_TARGET_DIR="$SEMVER_CHECKS_DIR/build" \
    cargo install --locked --quiet --root "$SEMVER_CHECKS_DIR" \
    "cargo-semver-checks@$SEMVER_CHECKS_VERSION" >&2
  # Only the binary is needed: the build directory is ~700 MiB.
  rm -rf "$SEMVER_CHECKS_DIR/build"
fi

[[ -x "$bin" ]] || { echo "semver-checks.sh: $bin not found after install" >&2; exit 1; }
echo "$bin"
