#!/usr/bin/env bash
# Install the Prism mock server (@stoplight/prism-cli) into a cache dir, once,
# and print the absolute path of the `prism` binary on stdout.
#   PRISM_DIR      cache dir (default: <repo>/target/prism)
#   PRISM_VERSION  default 5.16.0 (declares node>=24.18 but runs on Node 20;
#                  5.14.2 is the newest declaring node>=18 and behaves the same)
# Example:
#   "$(.ci/prism.sh)" mock /path/to/appwrite-server.json -h 127.0.0.1 -p 4010 &
#   # paths are served WITHOUT /v1: endpoint = http://127.0.0.1:4010
set -euo pipefail

PRISM_VERSION="${PRISM_VERSION:-5.16.0}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRISM_DIR="${PRISM_DIR:-$repo_root/target/prism}"
mkdir -p "$PRISM_DIR"
PRISM_DIR="$(cd "$PRISM_DIR" && pwd)"

bin="$PRISM_DIR/node_modules/.bin/prism"
pkg="$PRISM_DIR/node_modules/@stoplight/prism-cli/package.json"
installed="$(node -p "require('$pkg').version" 2>/dev/null || true)"

if [[ ! -x "$bin" || "$installed" != "$PRISM_VERSION" ]]; then
  # --ignore-scripts: the only install script is @scarf/scarf telemetry.
  npm install --prefix "$PRISM_DIR" --no-audit --no-fund --ignore-scripts \
    --engine-strict=false --loglevel=error \
    "@stoplight/prism-cli@$PRISM_VERSION" >&2
fi

[[ -x "$bin" ]] || { echo "prism.sh: $bin not found after install" >&2; exit 1; }
echo "$bin"
