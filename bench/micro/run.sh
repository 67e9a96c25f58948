#!/usr/bin/env bash
# The interpreter micro-benchmarks of issue #2 (recursive calls, a numeric loop, table-heavy
# code, method calls): crescent's interpreter (-joff) side by side with lua5.4, by hyperfine;
# prints median wall times, mean user CPU times (*), and their ratios (> 1: crescent is faster).
# Usage: bench/micro/run.sh [path/to/crescent]  (default: target/release/crescent); RUNS=N.
set -euo pipefail
cd "$(dirname "$0")"
C=${1:-../../target/release/crescent}
printf '%-8s %12s %12s %8s %14s %14s %8s\n' program "lua5.4 med" "crescent med" ratio "lua5.4 user*" "crescent user*" ratio
for f in fib loop tables methods; do
  hyperfine -N --warmup 1 --runs "${RUNS:-10}" --export-json "/tmp/micro-$f.json" \
    -n lua5.4 "lua5.4 $f.lua" -n crescent "$C -joff $f.lua" >/dev/null 2>&1
  python3 - "$f" "/tmp/micro-$f.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[2]))["results"]
lua, cre = r[0], r[1]
lm, cm = lua["median"], cre["median"]
lu, cu = lua["user"], cre["user"]
print(f"{sys.argv[1]:8} {lm:11.3f}s {cm:11.3f}s {lm/cm:7.2f}x {lu:13.3f}s {cu:13.3f}s {lu/cu:7.2f}x")
PY
done
