#!/usr/bin/env bash
# Compile time of the baseline JIT as a share of each benchmark's run time (issue #6: under
# 2% for every program). Runs each program of bench/programs once at its full size
# (sizes.toml) with `--tier=baseline --jit-stats` and prints a Markdown table.
# Usage: bench/jit-compile-share.sh [path/to/crescent] [FLAGS...]
set -euo pipefail
cd "$(dirname "$0")"
C=${1:-../target/release/crescent}
shift || true
FLAGS=${*:---tier=baseline}
echo "| program | functions | bytecodes | code bytes | compile ms | run s | compile share |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for p in programs/*.lua; do
  name=$(basename "$p" .lua)
  size=$(awk -v s="[$name]" '$0 == s {f=1; next} f && /^full/ {print $3; exit}' sizes.toml)
  # shellcheck disable=SC2086
  stats=$("$C" $FLAGS --jit-stats "$p" $size 2>&1 >/dev/null | grep '^jit:' || true)
  fns=$(sed -n 's/^jit: \([0-9]*\) functions compiled.*/\1/p' <<<"$stats")
  bcs=$(sed -n 's/.*, \([0-9]*\) bytecodes -> .*/\1/p' <<<"$stats")
  bytes=$(sed -n 's/.* -> \([0-9]*\) bytes of code.*/\1/p' <<<"$stats")
  ms=$(sed -n 's/^jit: compile time \([0-9.]*\) ms.*/\1/p' <<<"$stats")
  share=$(sed -n "s/.*, \([0-9.]*%\) of run time).*/\1/p" <<<"$stats")
  run=$(sed -n 's/.* of \([0-9.]*\) s (clock.*/\1/p' <<<"$stats")
  echo "| $name | $fns | $bcs | $bytes | $ms | $run | $share |"
done
