//! The `crescent` command: a drop-in for `lua5.4` (`lua.c`), a thin client of the `crescent`
//! library.
//!
//! Modules: `alloc` (the global allocator), `args` (option parsing, usage), `run` (lua.c's
//! `pmain`: `arg`, `LUA_INIT`, `-e`/`-l`/`-W` in order, the script, stdin), `repl` (the
//! interactive loop), `signals` (Ctrl-C). The JIT options live in this file (section "JIT options" below): `-j<word>`
//! short flags, `--tier=`, `--jit-<word>[=N]` and `--perf-map` long ones.
//! Everything it runs goes through the library's public API (plus the front end for
//! `--dump=bytecode`).

mod alloc;
mod args;
mod repl;
mod run;
mod signals;

use std::io::Write;
use std::process::ExitCode;

/// mimalloc as the allocator: on allocation-heavy programs (binary-trees, havlak) glibc's
/// malloc/free of the objects the collector frees in bursts cost 10 to 20% of the run.
#[global_allocator]
static GLOBAL: alloc::Mi = alloc::Mi;

/// The version line (`-v`, `-i`, the REPL banner), after lua.c's `LUA_COPYRIGHT`.
pub fn version_line() -> String {
    format!(
        "Crescent {} (Lua 5.4)  Copyright (C) 2026 The Crescent Authors",
        env!("CARGO_PKG_VERSION")
    )
}

/// Prints an error as lua.c's `l_message`: `progname: ` (omitted in interactive mode), the
/// message, then the traceback if there is one.
pub fn report(progname: Option<&str>, e: &crescent::Error) {
    let mut err = std::io::stderr().lock();
    if let Some(p) = progname {
        let _ = write!(err, "{p}: ");
    }
    let _ = err.write_all(e.message_bytes());
    let _ = writeln!(err);
    if !e.traceback().is_empty() {
        let _ = writeln!(err, "{}", e.traceback());
    }
    let _ = err.flush();
}

fn main() -> ExitCode {
    signals::default_sigpipe();
    let argv: Vec<String> = std::env::args().collect();
    run::pmain(&argv)
}

// =============================================================================================
// JIT options. Parsed by `args::parse` (any argument for which `is_jit_flag` holds goes to
// `jit_flag`), listed in `--help` from `JIT_USAGE`, applied by `run::pmain` with
// `Lua::set_jit_options` before any code runs; `--jit-stats` is reported at exit.
// =============================================================================================

/// The usage lines of the JIT options (shown by `--help` and after a bad option).
pub const JIT_USAGE: &str = "JIT options:\n  \
     -joff     run in the interpreter only (no JIT)\n  \
     -jon      enable the JIT tiers (default)\n  \
     -jv       log each compilation and eviction on stderr\n  \
     -jdump    print bytecode and machine code of compiled functions on stderr\n  \
     --tier=T             highest tier: interp or baseline (today the highest)\n  \
     --jit-threshold=N    calls/loop iterations before compiling (0: before the first run)\n  \
     --jit-recompile=N    recompile a function with its type feedback after N calls/loop\n                          iterations of its first code (0: compile once; default 1000)\n  \
     --jit-cache-size=N   code cache limit in bytes (suffix k or m allowed)\n  \
     --jit-stats          print JIT statistics on stderr at exit\n  \
     --jit-perf-map       write /tmp/perf-PID.map for perf (alias: --perf-map)\n";

/// Does `a` belong to the JIT's option namespace (`-j...`, `--jit...`, `--tier...`,
/// `--perf-map`)? Such arguments are parsed by `jit_flag` only.
pub fn is_jit_flag(a: &str) -> bool {
    (a.starts_with("-j") && !a.starts_with("--"))
        || a.starts_with("--jit")
        || a.starts_with("--tier")
        || a == "--perf-map"
}

/// The JIT's defaults for the command line: on, baseline tier.
pub fn default_jit_options() -> crescent::jit::JitOptions {
    crescent::jit::JitOptions {
        enabled: true,
        ..Default::default()
    }
}

/// Parses one JIT flag into `o`; false if it is not a valid JIT flag.
pub fn jit_flag(a: &str, o: &mut crescent::jit::JitOptions) -> bool {
    fn size(s: &str) -> Option<usize> {
        let s = s.to_ascii_lowercase();
        let (num, mul) = if let Some(n) = s.strip_suffix('k') {
            (n.to_string(), 1usize << 10)
        } else if let Some(n) = s.strip_suffix('m') {
            (n.to_string(), 1 << 20)
        } else {
            (s, 1)
        };
        num.parse::<usize>().ok().map(|n| n * mul)
    }
    match a {
        "-joff" => o.enabled = false,
        "-jon" => o.enabled = true,
        "-jv" => o.verbose = true,
        "-jdump" => o.dump = true,
        "--jit-stats" => o.stats = true,
        "--jit-perf-map" | "--perf-map" => o.perf_map = true,
        "--tier=baseline" => o.enabled = true,
        "--tier=interp" | "--tier=interpreter" => o.enabled = false,
        _ => {
            if let Some(n) = a.strip_prefix("--jit-threshold=") {
                match n.parse::<u32>() {
                    Ok(n) => o.threshold = n,
                    Err(_) => return false,
                }
            } else if let Some(n) = a.strip_prefix("--jit-recompile=") {
                match n.parse::<u32>() {
                    Ok(n) => o.recompile = n,
                    Err(_) => return false,
                }
            } else if let Some(n) = a.strip_prefix("--jit-cache-size=") {
                match size(n) {
                    Some(n) if n > 0 => o.cache_size = n,
                    _ => return false,
                }
            } else {
                return false;
            }
        }
    }
    true
}
