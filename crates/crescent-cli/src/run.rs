//! lua.c's `pmain`: what runs, in which order, and the exit status.
//!
//! Order: bad option → usage (exit 1); `-v`/`-i` print the version; the state is created
//! (`-E` applied, memory limit and JIT options set); `arg` is built; `LUA_INIT_5_4`/`LUA_INIT`
//! runs (unless `-E`; `@file` runs a file); `-e`/`-l`/`-W` run in command-line order; the
//! script runs with the positive `arg` entries as arguments; then `-i` enters the REPL, or — with no script,
//! `-e` or `-v` — the REPL starts if stdin is a terminal, else stdin runs as a file. The
//! first error is reported (`progname: message` + traceback) and the exit status is 1; as in
//! lua.c, an error in the stdin chunk of that last case is reported but the status stays 0.

use crate::args::{self, Action, Options};
use crate::signals::interruptible;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn env_bytes(name: &str) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStringExt;
    std::env::var_os(name).map(|v| v.into_vec())
}

fn print_version() {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", crate::version_line());
    let _ = out.flush();
}

pub fn pmain(argv: &[String]) -> ExitCode {
    let progname = match argv.first() {
        Some(p) if !p.is_empty() => p.as_str(),
        _ => "crescent",
    };
    let o = match args::parse(argv) {
        Ok(o) => o,
        Err(bad) => {
            args::print_usage(progname, &bad);
            return ExitCode::FAILURE;
        }
    };
    if o.help {
        print!("{}", args::usage_text(progname));
        return ExitCode::SUCCESS;
    }
    if o.dump_bytecode {
        return dump_bytecode(progname, argv, &o);
    }
    if o.version {
        print_version();
    }
    let mut lua = crescent::Lua::new();
    if o.ignore_env {
        lua.ignore_env();
    }
    if let Some(n) = o.memory_limit {
        lua.set_memory_limit(n);
    }
    // JIT options (see the "JIT options" section of main.rs).
    lua.set_jit_options(o.jit.clone());
    let ok = run_all(&mut lua, progname, argv, &o);
    if o.jit.stats {
        eprint!("{}", lua.jit_report());
    }
    drop(lua); // lua_close: pending finalizers run
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Everything after the state exists; false when an error ended the run.
fn run_all(lua: &mut crescent::Lua, progname: &str, argv: &[String], o: &Options) -> bool {
    let check = |r: Result<(), crescent::Error>| match r {
        Ok(()) => true,
        Err(e) => {
            crate::report(Some(progname), &e);
            false
        }
    };
    // `arg`: the script at 0, what precedes it at negative indices, its arguments after
    // (with no script, the program name is at 0 and every option after it).
    let base = o.script.unwrap_or(0) as i64;
    let entries: Vec<(i64, Vec<u8>)> = argv
        .iter()
        .enumerate()
        .map(|(i, a)| (i as i64 - base, a.as_bytes().to_vec()))
        .collect();
    lua.set_arg_table(&entries);
    if !o.ignore_env && !check(interruptible(|| lua_init(lua))) {
        return false;
    }
    for a in &o.actions {
        let r = match a {
            Action::Exec(code) => {
                interruptible(|| lua.do_string(code.as_bytes(), "=(command line)"))
            }
            Action::Require(spec) => interruptible(|| lua.require_global(spec.as_bytes())),
            Action::Warnings => {
                lua.set_warnings(true);
                Ok(())
            }
        };
        if !check(r) {
            return false;
        }
    }
    if let Some(i) = o.script {
        let file = if o.script_is_stdin {
            None
        } else {
            Some(argv[i].as_bytes())
        };
        if !check(interruptible(|| lua.run_script(file))) {
            return false;
        }
    }
    if o.interactive {
        crate::repl::run(lua);
    } else if o.script.is_none() && !o.has_exec && !o.version {
        if std::io::stdin().is_terminal() {
            print_version();
            crate::repl::run(lua);
        } else {
            // lua.c ignores this status.
            check(interruptible(|| lua.do_file(None)));
        }
    }
    true
}

/// `LUA_INIT_5_4`, else `LUA_INIT`: `@file` runs the file, anything else is a chunk named
/// after the variable.
fn lua_init(lua: &mut crescent::Lua) -> Result<(), crescent::Error> {
    let (name, init) = match env_bytes("LUA_INIT_5_4") {
        Some(v) => ("=LUA_INIT_5_4", v),
        None => match env_bytes("LUA_INIT") {
            Some(v) => ("=LUA_INIT", v),
            None => return Ok(()),
        },
    };
    match init.strip_prefix(b"@") {
        Some(file) => lua.do_file(Some(file)),
        None => lua.do_string(&init, name),
    }
}

/// `--dump=bytecode`: the listing of the script (stdin without one), nothing run.
fn dump_bytecode(progname: &str, argv: &[String], o: &Options) -> ExitCode {
    use std::io::Read;
    let (src, chunkname) = match o.script {
        Some(i) if !o.script_is_stdin => match std::fs::read(&argv[i]) {
            Ok(b) => (b, format!("@{}", argv[i])),
            Err(e) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "{progname}: cannot open {}: {}",
                    argv[i],
                    io_reason(&e)
                );
                return ExitCode::FAILURE;
            }
        },
        _ => {
            let mut b = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut b) {
                let _ = writeln!(
                    std::io::stderr(),
                    "{progname}: cannot read stdin: {}",
                    io_reason(&e)
                );
                return ExitCode::FAILURE;
            }
            (b, "=stdin".to_string())
        }
    };
    let mut src = src.as_slice();
    if src.first() == Some(&b'#') {
        // Skip a shebang line but keep its newline, so line numbers stay right.
        src = &src[src.iter().position(|&c| c == b'\n').unwrap_or(src.len())..];
    }
    match crescent::frontend::compile(src, &chunkname) {
        Ok(proto) => {
            print!("{}", crescent::frontend::disassemble(&proto));
            ExitCode::SUCCESS
        }
        Err(e) => {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "{progname}: ");
            let _ = err.write_all(&e.message);
            let _ = writeln!(err);
            ExitCode::FAILURE
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        // SAFETY: strerror returns a valid C string, copied at once.
        Some(code) => unsafe { std::ffi::CStr::from_ptr(libc::strerror(code)) }
            .to_string_lossy()
            .into_owned(),
        None => e.to_string(),
    }
}
