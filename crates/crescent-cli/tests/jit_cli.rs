//! The JIT's command-line flags: `-jv`, `--jit-stats`, `-jdump`, `--perf-map`,
//! `--jit-threshold`, `--jit-cache-size`, `--tier`, `-joff`.

use std::process::Command;

fn crescent(args: &[&str], script: &str) -> (String, String, bool) {
    // One directory per call: tests run in parallel.
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("crescent-jit-cli-{}-{}", std::process::id(), n));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.lua");
    std::fs::write(&path, script).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_crescent"))
        .args(args)
        .arg(&path)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        {
            let _ = std::fs::remove_dir_all(&dir);
            out.status.success()
        },
    )
}

const SCRIPT: &str = "local function f(n) local s = 0 for i = 1, n do s = s + i end return s end\nprint(f(10), f(20))\n";

#[test]
fn verbose_and_stats() {
    let (out, err, ok) = crescent(&["-jv", "--jit-stats", "--jit-threshold=0"], SCRIPT);
    assert!(ok, "{err}");
    assert_eq!(out, "55\t210\n");
    assert!(
        err.contains("t.lua:1 (") && err.contains("bytecodes ->"),
        "{err}"
    );
    assert!(err.contains("jit: 2 functions compiled"), "{err}");
    assert!(err.contains("time in compiled code"), "{err}");
}

#[test]
fn interpreter_only_compiles_nothing() {
    for flags in [
        &["-joff", "--jit-stats"][..],
        &["--tier=baseline", "-joff", "--jit-stats"][..],
    ] {
        let (out, err, ok) = crescent(flags, SCRIPT);
        assert!(ok);
        assert_eq!(out, "55\t210\n");
        assert!(err.contains("jit: 0 functions compiled"), "{err}");
    }
}

#[test]
fn dump_shows_bytecode_and_machine_code() {
    let (_, err, ok) = crescent(&["-jdump", "--jit-threshold=0"], SCRIPT);
    assert!(ok);
    assert!(err.contains("t.lua:1> ("), "{err}");
    assert!(err.contains("FORLOOP") && err.contains("jmp"), "{err}");
}

#[test]
fn perf_map_is_written() {
    let (_, err, ok) = crescent(&["--perf-map", "--jit-threshold=0", "-jv"], SCRIPT);
    assert!(ok, "{err}");
    // The map is named after the child's pid: find it through the compile address.
    let addr = err
        .split(" at 0x")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .unwrap()
        .to_string();
    let found = std::fs::read_dir("/tmp")
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with("perf-")
                && n.ends_with(".map")
                && std::fs::read_to_string(e.path())
                    .map(|t| t.contains(&format!("{addr} ")) && t.contains("t.lua:1"))
                    .unwrap_or(false)
        });
    assert!(found, "no /tmp/perf-*.map line for {addr}");
    // Clean up the maps of this test's runs.
    let mark = format!("crescent-jit-cli-{}-", std::process::id());
    for e in std::fs::read_dir("/tmp").unwrap().filter_map(|e| e.ok()) {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with("perf-")
            && n.ends_with(".map")
            && std::fs::read_to_string(e.path())
                .map(|t| t.contains(&mark))
                .unwrap_or(false)
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[test]
fn bad_flags_are_rejected() {
    for f in [
        "--jit-threshold=x",
        "--jit-cache-size=0",
        "--tier=turbo",
        "-jfoo",
    ] {
        let (_, _, ok) = crescent(&[f], SCRIPT);
        assert!(!ok, "{f} accepted");
    }
    let (out, _, ok) = crescent(&["--jit-cache-size=64k", "--jit-threshold=3"], SCRIPT);
    assert!(ok);
    assert_eq!(out, "55\t210\n");
}

#[test]
fn hot_functions_without_loops_tier_up_by_calls() {
    // No loop anywhere: only activation counting can compile these. A leaf called from a
    // loop-free caller chain, and a recursive function (its activations come from CALLs of
    // itself, its returns go to itself). And a loop-free leaf called from compiled code.
    let script = "local function leaf(x) return x + 1 end\n\
                  local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end\n\
                  local function c10(x) x = leaf(leaf(leaf(leaf(leaf(leaf(leaf(leaf(leaf(leaf(x)))))))))) return x end\n\
                  local function c100(x) x = c10(c10(c10(c10(c10(c10(c10(c10(c10(c10(x)))))))))) return x end\n\
                  local function leaf2(x) return x * 2 end\n\
                  local function looper() local s = 0 for i = 1, 300 do s = s + leaf2(i) end return s end\n\
                  print(c100(0) + c100(0), fib(20), looper())\n";
    for flags in [
        &["-jv", "--jit-stats"][..],
        &["-jv", "--jit-stats", "--tier=baseline"][..],
    ] {
        let (out, err, ok) = crescent(flags, script);
        assert!(ok, "{err}");
        assert_eq!(out, "200\t6765\t90300\n");
        // leaf (200 calls), fib (21891 calls) and leaf2 (300 calls from compiled code: the
        // looper tiers up by its loop) must be compiled; c100 (2 calls) not.
        let compiled = |line: u32| {
            err.lines()
                .any(|l| l.starts_with("[jit] compiled ") && l.contains(&format!("t.lua:{line} (")))
        };
        assert!(
            compiled(1) && compiled(2) && compiled(5) && compiled(6),
            "{flags:?}: {err}"
        );
        assert!(!compiled(4), "{flags:?}: {err}");
    }
}

#[test]
fn huge_functions_stay_interpreted() {
    // 300000 bytecodes: over the JIT's size cap, so it is not compiled at all (compiling it
    // would take seconds and gigabytes and then not fit the cache); a 20000-call function
    // under a 1 MB cache could never fit, so it is given up at once, not retried.
    let script = "local g = load('local a = {x = 1} return ' .. ('a.x + '):rep(100000) .. '1')\n\
                  local f = load('local function f() return f end return f' .. ('()'):rep(20000))\n\
                  for i = 1, 3 do assert(f()) end\n\
                  print(g())\n";
    let (out, err, ok) = crescent(&["-jv", "--jit-threshold=0", "--jit-cache-size=1m"], script);
    assert!(ok, "{err}");
    assert_eq!(out, "100001\n");
    assert!(
        err.contains("too big to compile (300006 bytecodes)"),
        "{err}"
    );
    let gave_up = err.matches("does not fit the code cache").count()
        + err.matches("too big to compile").count();
    assert_eq!(gave_up, 2, "{err}");
}

/// Under a small code cache, compiles evict blocks while compiled frames of other functions
/// wait below native calls (`pcall`), inside a suspended coroutine, and in a block whose frame
/// a TAILCALL through `h_tailcall` handed to its callee. Frames do not count themselves in
/// their blocks: the cache must see them on the frame stacks (or pinned) and keep their code;
/// freed code is filled with `int3`, so a stale return traps. Expected output from lua5.4.
#[test]
fn eviction_spares_running_blocks() {
    let script = r##"local N = 0
local function churn(k)
  -- compiles k fresh functions: under a small cache each evicts older blocks
  local s = 0
  for i = 1, k do
    N = N + 1
    local f = load("local x = ... local s = 0 for j = 1, 20 do s = s + j * x + " .. N .. " end return s")
    s = s + f(i)
  end
  return s
end
local function outer(depth)
  local acc = 0
  for i = 1, 3 do
    acc = acc + select(2, pcall(churn, 30))
    if depth > 0 then acc = acc + outer(depth - 1) end
    acc = acc + i -- runs on in this block after the evictions
  end
  return acc
end
local co = coroutine.wrap(function(a)
  local t = 0
  for i = 1, 3 do
    t = t + select(2, pcall(churn, 10))
    a = coroutine.yield(t + a) -- suspended inside this compiled function
  end
  return t
end)
local r = {}
for i = 1, 3 do
  r[#r + 1] = co(i)
  r[#r + 1] = outer(2)
end
local function tail(n)
  if n == 0 then return churn(5) end
  return tail(n - 1)
end
r[#r + 1] = tail(50)
print(table.concat(r, " "))
-- tail calls through the helper (variable argument count): the calling block runs on after
-- its frame became the callee's
local function churn2(n, ...) return select(2, pcall(churn, n)) + select("#", ...) end
local tq
tq = function(n, ...)
  if n > 0 then return tq(n - 1, ...) end
  return churn2(3, ...)
end
local s = 0
for i = 1, 20 do s = s + tq(i % 4, i, i) end
print(s)
"##;
    let want = "12651 17743128 261302 45355128 745953 72967128 357450\n4315840\n";
    for cache in ["32k", "64k"] {
        for recompile in ["0", "2"] {
            let (out, err, ok) = crescent(
                &[
                    "-jv",
                    "--jit-threshold=0",
                    &format!("--jit-recompile={recompile}"),
                    &format!("--jit-cache-size={cache}"),
                ],
                script,
            );
            assert!(ok, "cache {cache} recompile {recompile}: {err}");
            assert_eq!(out, want, "cache {cache} recompile {recompile}");
            assert!(err.contains("[jit] evicted"), "no eviction: {err}");
        }
    }
}
