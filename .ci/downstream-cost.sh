#!/usr/bin/env bash
# What depending on the generated SDK costs a downstream crate, against a floor.
#
# Creates two tiny binary crates in a temp dir:
#   A  depends on generated/ by path (default features: `account`), builds a Client and calls
#      `client.account().get()`;
#   B  the floor: reqwest and rustls with the SDK's own features (default-features = false,
#      http2, rustls-no-provider; rustls with the ring provider, as the SDK's default TLS feature
#      `rustls-ring`) + serde (derive) + serde_json + tokio, doing the same GET and decoding a
#      small struct.
# Both use tokio with the same features (A needs a runtime to await the call).
# The workspace's Cargo.lock is copied into both, so shared dependencies resolve to the same
# versions, and everything builds with --offline after one `cargo fetch`.
#
# For each crate, with its own CARGO_TARGET_DIR (dev profile, cargo's default -j):
#   clean build   wall time (and user+sys CPU time) of `cargo build` in an emptied target dir;
#                 REPEAT (default 2) builds of each, alternating A B / B A, the minimum kept
#                 (a shared machine's load only ever adds time)
#   incr. check   wall time of `cargo check` after `touch src/main.rs` (after a warm-up check),
#                 minimum of 3
#   marginal      on top of the warm target dirs: A rebuilds a fresh copy of the SDK crate and
#                 its binary, B its binary (min of 3); B's clean build + (A - B) is an estimate
#                 of A's clean build that a loaded machine distorts much less
#   deps          `cargo tree -e normal --prefix none`, `(*)` markers stripped, sort -u, wc -l
#                 (each count includes the root crate itself)
# Prints a table and the A/B ratios. Target: A's clean build <= 1.25x B's.
#
#   .ci/downstream-cost.sh            # run once, print the table
#   KEEP=1 .ci/downstream-cost.sh     # keep the temp dir (its path is printed)
#   REPEAT=1 .ci/downstream-cost.sh   # one clean build of each (faster, noisier)
#   DOWNSTREAM_DIR=/some/dir ...      # where to create the crates (default: mktemp -d)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sdk_dir="$repo_root/generated"
[[ -f "$sdk_dir/Cargo.toml" ]] || { echo "downstream-cost.sh: $sdk_dir/Cargo.toml not found" >&2; exit 1; }

REPEAT="${REPEAT:-2}"
work="${DOWNSTREAM_DIR:-$(mktemp -d -t downstream-cost.XXXXXX)}"
mkdir -p "$work"
if [[ -z "${KEEP:-}" && -z "${DOWNSTREAM_DIR:-}" ]]; then
  trap 'rm -rf "$work"' EXIT
else
  echo "crates and target dirs in $work" >&2
fi

tokio_dep='tokio = { version = "1", features = ["macros", "rt"] }'

# --- A: the SDK ----------------------------------------------------------------------------
mkdir -p "$work/a/src"
cat > "$work/a/Cargo.toml" <<EOF
[package]
name = "downstream-a"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
appwrite-server-sdk = { path = "$sdk_dir" }
$tokio_dep

[workspace]
EOF
cat > "$work/a/src/main.rs" <<'EOF'
use appwrite_server_sdk::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let endpoint = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9/v1".to_owned());
    let client = Client::builder()
        .endpoint(endpoint)
        .project("project")
        .key("key")
        .build()
        .expect("client");
    match client.account().get().await {
        Ok(user) => println!("{} <{}>", user.id, user.email),
        Err(e) => eprintln!("error: {e}"),
    }
}
EOF

# --- B: the floor --------------------------------------------------------------------------
mkdir -p "$work/b/src"
cat > "$work/b/Cargo.toml" <<EOF
[package]
name = "downstream-b"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider", "http2"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
$tokio_dep

[workspace]
EOF
cat > "$work/b/src/main.rs" <<'EOF'
#[derive(Debug, serde::Deserialize)]
struct User {
    #[serde(rename = "$id")]
    id: String,
    email: String,
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let endpoint = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9/v1".to_owned());
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder().build().expect("client");
    let result = async {
        let response = http
            .get(format!("{endpoint}/account"))
            .header("x-appwrite-project", "project")
            .header("x-appwrite-key", "key")
            .header("x-appwrite-response-format", "1.9.0")
            .send()
            .await?
            .error_for_status()?;
        let body = response.bytes().await?;
        Ok::<_, Box<dyn std::error::Error>>(serde_json::from_slice::<User>(&body)?)
    }
    .await;
    match result {
        Ok(user) => println!("{} <{}>", user.id, user.email),
        Err(e) => eprintln!("error: {e}"),
    }
}
EOF

for c in a b; do
  cp "$repo_root/Cargo.lock" "$work/$c/Cargo.lock"
done

# Fetch once (no-op when the local registry cache already has everything), then stay offline.
for c in a b; do
  (cd "$work/$c" && { cargo fetch --offline --quiet 2>/dev/null || cargo fetch --quiet; })
done

seconds() { # seconds <dir> <command...>: "wall cpu" seconds of the command, run in <dir>
  local dir="$1"; shift
  local out="$work/time.$$"
  (cd "$dir" && /usr/bin/time -f '%e %U %S' -o "$out" "$@" >/dev/null 2>"$work/log.$$") || {
    echo "downstream-cost.sh: failed in $dir: $*" >&2; cat "$work/log.$$" >&2; exit 1; }
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$out"
}

declare -A build build_cpu check deps
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
for ((rep = 1; rep <= REPEAT; rep++)); do
  order="a b"
  if ((rep % 2 == 0)); then order="b a"; fi
  for c in $order; do
    export CARGO_TARGET_DIR="$work/target-$c"
    rm -rf "$CARGO_TARGET_DIR"
    echo "[$c] clean cargo build ($rep/$REPEAT) ..." >&2
    read -r wall cpu < <(seconds "$work/$c" cargo build --offline)
    echo "[$c]   ${wall}s wall, ${cpu}s CPU" >&2
    build[$c]="$(min "${build[$c]:-}" "$wall")"
    build_cpu[$c]="$(min "${build_cpu[$c]:-}" "$cpu")"
  done
done
for c in a b; do
  dir="$work/$c"
  export CARGO_TARGET_DIR="$work/target-$c"
  seconds "$dir" cargo check --offline >/dev/null # warm the check artifacts
  for _ in 1 2 3; do
    touch "$dir/src/main.rs"
    read -r wall _ < <(seconds "$dir" cargo check --offline)
    check[$c]="$(min "${check[$c]:-}" "$wall")"
  done
  (cd "$dir" && cargo tree --offline -e normal --prefix none | sed 's/ (\*)$//' | sort -u) > "$work/deps-$c.txt"
  deps[$c]="$(wc -l < "$work/deps-$c.txt")"
  unset CARGO_TARGET_DIR
done

# Marginal cost, less sensitive to a shared machine's load than two ~minute-long clean builds:
# on top of the warm dependencies of each target dir, A rebuilds a fresh copy of the SDK crate
# plus its binary, B rebuilds its binary (touch main.rs). Minimum of 3 each; non-incremental,
# so that B does not get to reuse an incremental cache A cannot.
declare -A marginal
mkdir -p "$work/a-marginal/src"
cp "$work/a/src/main.rs" "$work/a-marginal/src/main.rs"
cp "$work/a/Cargo.lock" "$work/a-marginal/Cargo.lock"
for i in 1 2 3; do
  copy="$work/sdk-copy-$i"
  rm -rf "$copy" && mkdir -p "$copy"
  cp -r "$sdk_dir/Cargo.toml" "$sdk_dir/src" "$copy/"
  [[ -d "$sdk_dir/benches" ]] && cp -r "$sdk_dir/benches" "$copy/"
  sed -e "s#^appwrite-server-sdk = .*#appwrite-server-sdk = { path = \"$copy\" }#" \
      -e 's/^name = "downstream-a"/name = "downstream-a-marginal"/' \
      "$work/a/Cargo.toml" > "$work/a-marginal/Cargo.toml"
  read -r wall _ < <(CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$work/target-a" seconds "$work/a-marginal" cargo build --offline)
  marginal[a]="$(min "${marginal[a]:-}" "$wall")"
  touch "$work/b/src/main.rs"
  read -r wall _ < <(CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$work/target-b" seconds "$work/b" cargo build --offline)
  marginal[b]="$(min "${marginal[b]:-}" "$wall")"
done
estimate="$(awk -v b="${build[b]}" -v ma="${marginal[a]}" -v mb="${marginal[b]}" 'BEGIN { printf "%.2f", b + ma - mb }')"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
r_build="$(ratio "${build[a]}" "${build[b]}")"

echo
echo "Downstream cost (min of $REPEAT clean builds each; $(nproc) CPUs, $(rustc --version), load average at the end: $(cut -d" " -f1-3 /proc/loadavg))"
printf '%-36s %12s %12s %6s\n' "" "A (SDK)" "B (floor)" "A/B"
printf '%-36s %12s %12s %6s\n' "clean cargo build (s)" "${build[a]}" "${build[b]}" "$r_build"
printf '%-36s %12s %12s %6s\n' "clean cargo build, CPU user+sys (s)" "${build_cpu[a]}" "${build_cpu[b]}" "$(ratio "${build_cpu[a]}" "${build_cpu[b]}")"
printf '%-36s %12s %12s %6s\n' "SDK crate + binary on warm deps (s)" "${marginal[a]}" "${marginal[b]}" ""
printf '%-36s %12s %12s %6s\n' "est. clean build: B + marginal (s)" "$estimate" "${build[b]}" "$(ratio "$estimate" "${build[b]}")"
printf '%-36s %12s %12s %6s\n' "incremental cargo check (s)" "${check[a]}" "${check[b]}" "$(ratio "${check[a]}" "${check[b]}")"
printf '%-36s %12s %12s %6s\n' "normal dependencies (incl. root)" "${deps[a]}" "${deps[b]}" "$(ratio "${deps[a]}" "${deps[b]}")"
if awk -v r="$r_build" 'BEGIN { exit !(r <= 1.25) }'; then
  echo "clean build A/B = $r_build <= 1.25: target met"
else
  echo "clean build A/B = $r_build > 1.25: target NOT met"
fi
echo "estimated clean build A/B (B's clean build + the marginal difference) = $(ratio "$estimate" "${build[b]}")"
echo "in A's tree, not in B's: $(comm -23 <(awk '{print $1}' "$work/deps-a.txt" | sort -u) <(awk '{print $1}' "$work/deps-b.txt" | sort -u) | tr '\n' ' ')"
