#!/usr/bin/env bash
# Clean build of a downstream binary on this SDK against the same binary on the official crate
# (`appwrite = "=0.3.0"` from crates.io), in the same run, and what TLS costs in each.
#
# Creates three tiny binary crates in a temp dir, each calling `account.get()` on a client with
# endpoint, project and key and printing the user (the same program, in each crate's API):
#   ours      generated/ by path, default features (`account` + `rustls-ring`);
#   ours-aws  generated/ by path, `account` + `rustls-aws-lc` (reqwest's own `rustls` setup, the
#             dependency tree of this crate before TLS became a choice);
#   official  `appwrite = "=0.3.0"` (reqwest 0.12 with its default features: native-tls).
# All use tokio with `macros` and `rt`. ours and ours-aws get the workspace's Cargo.lock (the
# versions the workspace tests); official gets a lock resolved once by cargo.
#
# Each crate builds with its own CARGO_TARGET_DIR, emptied first (dev profile, cargo's default -j,
# `--timings` for the per-unit durations); REPEAT (default 1) rounds, the crates in a rotating
# order, the minimum kept (a shared machine's load only ever adds time). Prints per crate: wall
# time, CPU time (user+sys), from cargo's timings the SDK crate's own unit and the TLS units
# (aws-lc-sys, ring, openssl-sys, native-tls, rustls...: build scripts and compilation; unit
# durations are wall time, so they overlap other units and grow with the machine's load), and the
# ratios. Wall time on a loaded machine varies a lot between rounds; CPU time much less.
#
#   .ci/tls-build-cost.sh               # one round
#   REPEAT=2 .ci/tls-build-cost.sh      # two rounds, minimum of each
#   KEEP=1 .ci/tls-build-cost.sh        # keep the temp dir (its path is printed)
#   TLS_COST_DIR=/some/dir ...          # where to create the crates (default: mktemp -d)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sdk_dir="$repo_root/generated"
[[ -f "$sdk_dir/Cargo.toml" ]] || { echo "tls-build-cost.sh: $sdk_dir/Cargo.toml not found" >&2; exit 1; }
command -v python3 >/dev/null || { echo "tls-build-cost.sh: python3 is needed to read cargo's timings" >&2; exit 1; }

REPEAT="${REPEAT:-1}"
work="${TLS_COST_DIR:-$(mktemp -d -t tls-build-cost.XXXXXX)}"
mkdir -p "$work"
if [[ -z "${KEEP:-}" && -z "${TLS_COST_DIR:-}" ]]; then
  trap 'rm -rf "$work"' EXIT
else
  echo "crates and target dirs in $work" >&2
fi

tokio_dep='tokio = { version = "1", features = ["macros", "rt"] }'

manifest() { # manifest <name> <dependency line>
  cat <<EOF
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
$2
$tokio_dep

[workspace]
EOF
}

ours_main='use appwrite_server_sdk::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let endpoint = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9/v1".to_owned());
    let client = Client::builder().endpoint(endpoint).project("project").key("key").build().expect("client");
    match client.account().get().await {
        Ok(user) => println!("{} <{}>", user.id, user.email),
        Err(e) => eprintln!("error: {e}"),
    }
}'

official_main='use appwrite::Client;
use appwrite::services::Account;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let endpoint = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9/v1".to_owned());
    let client = Client::new().set_endpoint(endpoint).set_project("project").set_key("key");
    match Account::new(&client).get().await {
        Ok(user) => println!("{} <{}>", user.id, user.email),
        Err(e) => eprintln!("error: {e}"),
    }
}'

crates=(ours ours-aws official)
mkdir -p "$work/ours/src" "$work/ours-aws/src" "$work/official/src"
manifest downstream-ours "appwrite-server-sdk = { path = \"$sdk_dir\" }" > "$work/ours/Cargo.toml"
manifest downstream-ours-aws \
  "appwrite-server-sdk = { path = \"$sdk_dir\", default-features = false, features = [\"account\", \"rustls-aws-lc\"] }" \
  > "$work/ours-aws/Cargo.toml"
manifest downstream-official 'appwrite = "=0.3.0"' > "$work/official/Cargo.toml"
echo "$ours_main" > "$work/ours/src/main.rs"
echo "$ours_main" > "$work/ours-aws/src/main.rs"
echo "$official_main" > "$work/official/src/main.rs"
cp "$repo_root/Cargo.lock" "$work/ours/Cargo.lock"
cp "$repo_root/Cargo.lock" "$work/ours-aws/Cargo.lock"

# Resolve and fetch once (no-op when the local registry cache already has everything), then
# build offline.
for c in "${crates[@]}"; do
  (cd "$work/$c" && { cargo fetch --offline --quiet 2>/dev/null || cargo fetch --quiet; })
done

# tls_units <cargo-timing.html>: "sdk total name=seconds ..." for one build: the SDK crate's unit
# (appwrite-server-sdk or appwrite), then the TLS units.
tls_units() {
  python3 - "$1" <<'EOF'
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S)
if not m:
    sys.exit("tls-build-cost.sh: no UNIT_DATA in " + sys.argv[1])
tls = ("aws-lc-sys", "aws-lc-rs", "ring", "openssl-sys", "openssl", "native-tls", "rustls",
       "rustls-webpki", "tokio-rustls", "hyper-rustls", "tokio-native-tls", "hyper-tls",
       "rustls-platform-verifier")
per = {}
for u in json.loads(m.group(1)):
    if u["name"] in tls:
        per[u["name"]] = per.get(u["name"], 0) + u["duration"]
sdk = sum(u["duration"] for u in json.loads(m.group(1)) if u["name"] in ("appwrite-server-sdk", "appwrite"))
total = sum(per.values())
print("%.1f %.1f %s" % (sdk, total, " ".join("%s=%.1f" % kv for kv in sorted(per.items(), key=lambda kv: -kv[1]))))
EOF
}

declare -A wall cpu sdk tls tls_detail
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
for ((rep = 0; rep < REPEAT; rep++)); do
  n=${#crates[@]}
  for ((i = 0; i < n; i++)); do
    c="${crates[$(((i + rep) % n))]}"
    target="$work/target-$c"
    rm -rf "$target"
    echo "[$c] clean cargo build ($((rep + 1))/$REPEAT) ..." >&2
    (cd "$work/$c" && CARGO_TARGET_DIR="$target" /usr/bin/time -f '%e %U %S' -o "$work/time" \
      cargo build --offline --timings >/dev/null 2>"$work/log") || {
      echo "tls-build-cost.sh: build of $c failed" >&2; cat "$work/log" >&2; exit 1; }
    read -r w u s < "$work/time"
    c_cpu="$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')"
    read -r k t detail < <(tls_units "$target/cargo-timings/cargo-timing.html")
    echo "[$c]   ${w}s wall, ${c_cpu}s CPU, SDK crate ${k}s, TLS units ${t}s: $detail" >&2
    if [[ -z "${wall[$c]:-}" ]] || awk -v a="${wall[$c]}" -v b="$w" 'BEGIN { exit !(b + 0 < a + 0) }'; then
      sdk[$c]="$k"; tls[$c]="$t"; tls_detail[$c]="$detail"
    fi
    wall[$c]="$(min "${wall[$c]:-}" "$w")"
    cpu[$c]="$(min "${cpu[$c]:-}" "$c_cpu")"
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
echo
echo "Clean build of a downstream binary (min of $REPEAT; $(nproc) CPUs, $(rustc --version), load average at the end: $(cut -d" " -f1-3 /proc/loadavg))"
printf '%-48s %10s %10s %10s\n' "" "ours" "ours-aws" "official"
printf '%-48s %10s %10s %10s\n' "clean cargo build, wall (s)" "${wall[ours]}" "${wall[ours-aws]}" "${wall[official]}"
printf '%-48s %10s %10s %10s\n' "clean cargo build, CPU user+sys (s)" "${cpu[ours]}" "${cpu[ours-aws]}" "${cpu[official]}"
printf '%-48s %10s %10s %10s\n' "SDK crate unit (cargo --timings, s)" "${sdk[ours]}" "${sdk[ours-aws]}" "${sdk[official]}"
printf '%-48s %10s %10s %10s\n' "TLS units (cargo --timings, s)" "${tls[ours]}" "${tls[ours-aws]}" "${tls[official]}"
for c in "${crates[@]}"; do
  echo "  $c TLS units: ${tls_detail[$c]}"
done
echo "ours / official:  wall $(ratio "${wall[ours]}" "${wall[official]}"), CPU $(ratio "${cpu[ours]}" "${cpu[official]}")"
echo "ours / ours-aws:  wall $(ratio "${wall[ours]}" "${wall[ours-aws]}"), CPU $(ratio "${cpu[ours]}" "${cpu[ours-aws]}")"
