#!/usr/bin/env bash
# What the generated crate costs its dependents to build, against the official `appwrite` 0.3.0
# crate (crates.io), measured in the same run on the same machine.
#
# Creates three tiny binary crates (four with BASELINE_SDK, below) in a temp dir, sharing one target dir:
#   full     depends on generated/ by path with `features = ["full"]` (every service)
#   account  depends on generated/ by path with default features (`account`)
#   official depends on `appwrite = "=0.3.0"` (no features: always every service it has)
# After one warm-up build of each (dependencies compiled once), for each round and each crate:
#   build  `cargo clean -p <sdk>` then `cargo build -p <sdk>`: the SDK crate alone, deps warm, debug
#   check  `cargo clean -p <sdk>` then `cargo check -p <sdk>`
# CARGO_INCREMENTAL=0 for everything: a dependency from crates.io is never built incrementally.
# Rounds alternate the order (full official account / account official full); the minimum of
# REPEAT rounds is kept (load on a shared machine only ever adds time). Prints a table and the
# ratios to the official crate. Targets: full <= 1.0, account <= 0.34.
#
#   .ci/build-cost.sh              # REPEAT=3
#   REPEAT=5 .ci/build-cost.sh
#   KEEP=1 .ci/build-cost.sh       # keep the temp dir (its path is printed)
#   BASELINE_SDK=/tmp/old/generated .ci/build-cost.sh
#                                  # also an earlier generated crate (a worktree's generated/),
#                                  # `full` features, in the same rounds: a before/after ratio
#   MOCK=1 .ci/build-cost.sh       # also generated/ with `full` and `mock` (the typed test
#                                  # doubles), in the same rounds: what the feature adds
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sdk_dir="$repo_root/generated"
[[ -f "$sdk_dir/Cargo.toml" ]] || { echo "build-cost.sh: $sdk_dir/Cargo.toml not found" >&2; exit 1; }
REPEAT="${REPEAT:-3}"
work="${BUILD_COST_DIR:-$(mktemp -d -t build-cost.XXXXXX)}"
mkdir -p "$work"
if [[ -z "${KEEP:-}" && -z "${BUILD_COST_DIR:-}" ]]; then
  trap 'rm -rf "$work"' EXIT
else
  echo "crates and target dir in $work" >&2
fi
export CARGO_TARGET_DIR="$work/target" CARGO_INCREMENTAL=0

make_crate() { # name, dependency line
  mkdir -p "$work/$1/src"
  cat > "$work/$1/Cargo.toml" <<EOF
[package]
name = "cost-$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$2

[workspace]
EOF
  echo 'fn main() {}' > "$work/$1/src/main.rs"
}
make_crate full "appwrite-server-sdk = { path = \"$sdk_dir\", features = [\"full\"] }"
make_crate account "appwrite-server-sdk = { path = \"$sdk_dir\" }"
make_crate official 'appwrite = "=0.3.0"'
crates=(full account official)
if [[ -n "${BASELINE_SDK:-}" ]]; then
  [[ -f "$BASELINE_SDK/Cargo.toml" ]] || { echo "build-cost.sh: $BASELINE_SDK/Cargo.toml not found" >&2; exit 1; }
  make_crate baseline "appwrite-server-sdk = { path = \"$(cd "$BASELINE_SDK" && pwd)\", features = [\"full\"] }"
  crates+=(baseline)
fi
if [[ -n "${MOCK:-}" ]]; then
  make_crate full_mock "appwrite-server-sdk = { path = \"$sdk_dir\", features = [\"full\", \"mock\"] }"
  crates+=(full_mock)
fi

sdk_of() { [[ $1 == official ]] && echo appwrite || echo appwrite-server-sdk; }

echo "warming up (dependencies of each crate) ..." >&2
for c in "${crates[@]}"; do
  cargo build -q --manifest-path "$work/$c/Cargo.toml" >&2
  cargo check -q --manifest-path "$work/$c/Cargo.toml" >&2
done

seconds() { # command...: prints wall seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "build-cost.sh: failed: $*" >&2; "$@" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

declare -A best
measure() { # crate, build|check
  local c=$1 what=$2 m t
  m="$work/$c/Cargo.toml"
  cargo clean -q --manifest-path "$m" -p "$(sdk_of "$c")"
  t=$(seconds cargo "$what" -q --manifest-path "$m" -p "$(sdk_of "$c")")
  printf '  %-8s %-5s %6.2f s\n' "$c" "$what" "$t" >&2
  local key="$c.$what"
  if [[ -z "${best[$key]:-}" ]] || (( $(echo "$t < ${best[$key]}" | bc -l) )); then best[$key]=$t; fi
}

for ((round = 1; round <= REPEAT; round++)); do
  echo "round $round/$REPEAT" >&2
  if ((round % 2)); then order=("${crates[@]}"); else order=(); for c in "${crates[@]}"; do order=("$c" "${order[@]}"); done; fi
  for c in "${order[@]}"; do
    measure "$c" build
    measure "$c" check
  done
done

lines() { find "$1" -name '*.rs' -print0 | xargs -0 cat | wc -l; }
official_src=$(cargo metadata -q --format-version 1 --manifest-path "$work/official/Cargo.toml" \
  | python3 -c 'import json,sys; m=json.load(sys.stdin); print(next(p["manifest_path"] for p in m["packages"] if p["name"]=="appwrite").rsplit("/",1)[0])')

echo
echo "SDK crate alone, deps warm, debug, CARGO_INCREMENTAL=0, best of $REPEAT ($(nproc) CPUs, $(rustc --version))"
printf '| %-28s | %9s | %9s | %11s | %11s |\n' crate "build s" "check s" "build ratio" "check ratio"
printf '|%s|%s|%s|%s|%s|\n' ------------------------------ ----------- ----------- ------------- -------------
for c in "${crates[@]}"; do
  b=${best[$c.build]} k=${best[$c.check]}
  rb=$(echo "$b / ${best[official.build]}" | bc -l) rk=$(echo "$k / ${best[official.check]}" | bc -l)
  case $c in
    official) name="official appwrite 0.3.0" ;;
    baseline) name="baseline, full" ;;
    full_mock) name="generated, full + mock" ;;
    *) name="generated, $c" ;;
  esac
  printf '| %-28s | %9.2f | %9.2f | %11.2f | %11.2f |\n' "$name" "$b" "$k" "$rb" "$rk"
done
if [[ -n "${BASELINE_SDK:-}" ]]; then
  printf 'full vs baseline: build %.2f, check %.2f\n' \
    "$(echo "${best[full.build]} / ${best[baseline.build]}" | bc -l)" \
    "$(echo "${best[full.check]} / ${best[baseline.check]}" | bc -l)"
fi
if [[ -n "${MOCK:-}" ]]; then
  printf 'full + mock vs full: build %.2f, check %.2f\n' \
    "$(echo "${best[full_mock.build]} / ${best[full.build]}" | bc -l)" \
    "$(echo "${best[full_mock.check]} / ${best[full.check]}" | bc -l)"
fi
echo
echo "source lines (.rs): generated $(lines "$sdk_dir/src"), official $(lines "$official_src/src")"
