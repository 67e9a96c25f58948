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
         --dump=bytecode  print the bytecode listing of the script and exit\n"
    );
    ExitCode::from(1)
}

fn parse_args(argv: &[String]) -> Result<Options, ExitCode> {
    let mut opts = Options { script: None, dump_bytecode: false };
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
            "-joff" | "-jon" => {}
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
    // `arg`: script name at 0, options before it at negative indices, script args after.
    let base = script_idx.unwrap_or(argv.len()) as i64;
    let entries: Vec<(i64, Vec<u8>)> =
        argv.iter().enumerate().map(|(i, a)| (i as i64 - base, a.as_bytes().to_vec())).collect();
    lua.set_arg_table(&entries);
    let script_args: Vec<Vec<u8>> = match script_idx {
        Some(i) => argv[i + 1..].iter().map(|a| a.as_bytes().to_vec()).collect(),
        None => Vec::new(),
    };
    match lua.exec(&src, &chunkname, &script_args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e.to_string(), e.traceback());
            ExitCode::from(1)
        }
    }
}
