#!/usr/bin/env bash
# The interpreter micro-benchmarks of issue #2 (recursive calls, a numeric loop, table-heavy
# code, method calls): crescent's interpreter (-joff) side by side with lua5.4, medians by
# hyperfine. Usage: bench/micro/run.sh [path/to/crescent]  (default: target/release/crescent)
set -euo pipefail
cd "$(dirname "$0")"
C=${1:-../../target/release/crescent}
for f in fib loop tables methods; do
  hyperfine -N --warmup 1 --runs ${RUNS:-10} --export-markdown "/tmp/micro-$f.md" \
    -n lua5.4 "lua5.4 $f.lua" -n "crescent -joff" "$C -joff $f.lua" >/dev/null
  tail -n +3 "/tmp/micro-$f.md" | sed "s/^/$f /"
done
