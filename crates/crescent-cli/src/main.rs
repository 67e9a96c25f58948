//! The `crescent` command: a drop-in for `lua5.4`, a thin client of the `crescent` library.
//!
//! Owns argument parsing, the `arg` table, error reporting (`crescent: msg` + traceback on
//! stderr, exit status 1) and the developer dumps (`--dump=bytecode`). Everything it runs goes
//! through the library's public API.

use std::io::{Read, Write};
use std::process::ExitCode;

const PROGNAME: &str = "crescent";

/// What the command line asked for.
struct Options {
    /// Index in `argv` of the script (or `-` for stdin); `None` when there is none.
    script: Option<usize>,
    dump_bytecode: bool,
    /// JIT options (`-joff`, `-jon`, `--tier=`, `--jit-*`, `-jv`, `-jdump`, `--perf-map`).
    jit: crescent::jit::JitOptions,
}

fn usage(badoption: &str) -> ExitCode {
    let mut err = std::io::stderr().lock();
    if !badoption.is_empty() {
        let _ = writeln!(err, "{PROGNAME}: unrecognized option '{badoption}'");
    }
    let _ = write!(
        err,
        "usage: {PROGNAME} [options] [script [args]]\n\
         Available options are:\n  \
         -         stop handling options and execute stdin\n  \
         --        stop handling options\n  \
         -v        show version information\n  \
         -joff     run in the interpreter only (no JIT)\n  \
         -jon      enable the JIT tiers (default)\n  \
         --tier=baseline      highest JIT tier to use (baseline: today the only one)\n  \
         --jit-threshold=N    calls/loop iterations before compiling (0: compile before the first run)\n  \
         --jit-cache-size=N   code cache limit in bytes (suffix k or m allowed)\n  \
         -jv       log each compilation and eviction on stderr\n  \
         -jdump    print bytecode and machine code of compiled functions on stderr\n  \
         --jit-stats          print JIT statistics on stderr at exit\n  \
         --perf-map           write /tmp/perf-PID.map for perf\n  \
         --dump=bytecode  print the bytecode listing of the script and exit\n"
    );
    ExitCode::from(1)
}

fn parse_args(argv: &[String]) -> Result<Options, ExitCode> {
    let mut opts = Options { script: None, dump_bytecode: false, jit: default_jit_options() };
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        match a {
            "--" => {
                if i + 1 < argv.len() {
                    opts.script = Some(i + 1);
                }
                return Ok(opts);
            }
            "-" => {
                opts.script = Some(i);
                return Ok(opts);
            }
            "-v" => {
                println!("Crescent {} (Lua 5.4)", env!("CARGO_PKG_VERSION"));
            }
            // JIT flags: see `jit_flag`.
            _ if a.starts_with("-j") || a.starts_with("--jit") || a.starts_with("--tier") || a == "--perf-map" => {
                if !jit_flag(a, &mut opts.jit) {
                    return Err(usage(a));
                }
            }
            "--dump=bytecode" => opts.dump_bytecode = true,
            _ if a.starts_with('-') => return Err(usage(a)),
            _ => {
                opts.script = Some(i);
                return Ok(opts);
            }
        }
        i += 1;
    }
    Ok(opts)
}

/// The JIT's defaults for the command line: on, baseline tier.
fn default_jit_options() -> crescent::jit::JitOptions {
    crescent::jit::JitOptions { enabled: true, ..Default::default() }
}

/// Parses one JIT flag into `o`; false if it is not a valid JIT flag.
fn jit_flag(a: &str, o: &mut crescent::jit::JitOptions) -> bool {
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
        "--perf-map" => o.perf_map = true,
        "--tier=baseline" => o.enabled = true,
        "--tier=interp" | "--tier=interpreter" => o.enabled = false,
        _ => {
            if let Some(n) = a.strip_prefix("--jit-threshold=") {
                match n.parse::<u32>() {
                    Ok(n) => o.threshold = n,
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

fn report(msg: &str, traceback: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{PROGNAME}: {msg}");
    if !traceback.is_empty() {
        let _ = writeln!(err, "{traceback}");
    }
    let _ = err.flush();
}

/// Reads the script; `-` means stdin. Returns (source, chunkname).
fn read_script(name: &str) -> Result<(Vec<u8>, String), String> {
    if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read stdin: {e}"))?;
        Ok((buf, "=stdin".to_string()))
    } else {
        let buf = std::fs::read(name).map_err(|e| {
            let reason = match e.kind() {
                std::io::ErrorKind::NotFound => "No such file or directory".to_string(),
                std::io::ErrorKind::PermissionDenied => "Permission denied".to_string(),
                _ => e.to_string(),
            };
            format!("cannot open {name}: {reason}")
        })?;
        Ok((buf, format!("@{name}")))
    }
}

/// A first line starting with `#` (a shebang) is skipped, as `luaL_loadfilex` does.
fn skip_shebang(src: &mut Vec<u8>) {
    if src.first() == Some(&b'#') {
        let end = src.iter().position(|&c| c == b'\n').unwrap_or(src.len());
        // Keep the newline so line numbers stay right.
        src.drain(..end);
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    let opts = match parse_args(&argv) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let Some(script_idx) = opts.script else {
        // The REPL arrives with the command-line issue; reading a script from stdin is what
        // `lua` does when stdin is not a terminal.
        return run_script(&argv, None, &opts);
    };
    run_script(&argv, Some(script_idx), &opts)
}

fn run_script(argv: &[String], script_idx: Option<usize>, opts: &Options) -> ExitCode {
    let name = script_idx.map(|i| argv[i].as_str()).unwrap_or("-");
    let (mut src, chunkname) = match read_script(name) {
        Ok(x) => x,
        Err(msg) => {
            report(&msg, "");
            return ExitCode::from(1);
        }
    };
    skip_shebang(&mut src);
    if opts.dump_bytecode {
        return match crescent::frontend::compile(&src, &chunkname) {
            Ok(proto) => {
                print!("{}", crescent::frontend::disassemble(&proto));
                ExitCode::SUCCESS
            }
            Err(e) => {
                report(&e.message, "");
                ExitCode::from(1)
            }
        };
    }
    let mut lua = crescent::Lua::new();
    lua.set_jit_options(opts.jit.clone());
    // `arg`: script name at 0, options before it at negative indices, script args after.
    let base = script_idx.unwrap_or(argv.len()) as i64;
    let entries: Vec<(i64, Vec<u8>)> =
        argv.iter().enumerate().map(|(i, a)| (i as i64 - base, a.as_bytes().to_vec())).collect();
    lua.set_arg_table(&entries);
    let script_args: Vec<Vec<u8>> = match script_idx {
        Some(i) => argv[i + 1..].iter().map(|a| a.as_bytes().to_vec()).collect(),
        None => Vec::new(),
    };
    let result = lua.exec(&src, &chunkname, &script_args);
    if opts.jit.stats {
        eprint!("{}", lua.jit_report());
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e.to_string(), e.traceback());
            ExitCode::from(1)
        }
    }
}
