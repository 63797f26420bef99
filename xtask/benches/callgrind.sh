#!/usr/bin/env bash
# Client-thread instructions per call of each per-call bench variant, counted by callgrind.
#
# Usage: xtask/benches/callgrind.sh [BENCH_BINARY] [VARIANT...]
#   BENCH_BINARY: the per_call bench executable (default: the newest
#                 target/release/deps/per_call-*; build it with
#                 `cargo bench -p xtask --bench per_call --no-run`).
#   VARIANT:      any of the bench's variants (default: all eight).
# Environment: N1, N2 (default 1000, 3000) calls per run; OUT (default: a temporary directory)
# keeps the callgrind profiles (`<variant>-<n>.out-01` is the client thread; open it with
# `callgrind_annotate`).
#
# Each variant runs twice under `valgrind --tool=callgrind --separate-threads=yes`, N1 and N2
# times after the same setup (client construction and the bench's request-equality checks).
# Per call = (client-thread total at N2 - total at N1) / (N2 - N1), which cancels the setup.
# Callgrind counts user-space instructions deterministically: the same binary gives the same
# numbers to within a few instructions per call, whatever else runs on the machine.
set -euo pipefail

cd "$(dirname "$0")/../.."
bin=${1:-$(ls -t target/release/deps/per_call-* 2>/dev/null | grep -v '\.d$' | head -n 1)}
[ -x "$bin" ] || {
    echo "no per_call bench binary; run: cargo bench -p xtask --bench per_call --no-run" >&2
    exit 1
}
shift || true
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(create_sdk create_bare identities_sdk identities_bare
    session_sdk session_bare prefs_sdk prefs_bare)
n1=${N1:-1000}
n2=${N2:-3000}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"

client_total() { # the client thread (thread 01) total of a profile
    sed -n 's/^totals: //p' "$1-01"
}

declare -A per_call
for v in "${variants[@]}"; do
    for n in "$n1" "$n2"; do
        PER_CALL_ONLY=$v PER_CALL_N=$n valgrind --tool=callgrind --separate-threads=yes \
            --callgrind-out-file="$out/$v-$n.out" "$bin" >/dev/null 2>"$out/$v-$n.log" || {
            echo "valgrind failed for $v (log: $out/$v-$n.log)" >&2
            exit 1
        }
    done
    a=$(client_total "$out/$v-$n1.out")
    b=$(client_total "$out/$v-$n2.out")
    per_call[$v]=$(((b - a) / (n2 - n1)))
    printf '%-16s %9d instructions/call\n' "$v" "${per_call[$v]}"
done

echo
printf '%-16s %9s %9s %8s\n' operation SDK bare SDK/bare
for op in create identities session prefs; do
    s=${per_call[${op}_sdk]:-}
    b=${per_call[${op}_bare]:-}
    [ -n "$s" ] && [ -n "$b" ] || continue
    printf '%-16s %9d %9d %8s\n' "$op" "$s" "$b" "$(awk -v s="$s" -v b="$b" 'BEGIN { printf "%.3f", s / b }')"
done
echo "profiles: $out"
