//! Command-line parsing with lua.c's `collectargs` rules, plus crescent's own options.
//!
//! lua.c semantics kept exactly: options end at the first argument not starting with `-`
//! (the script), at `--` (the next argument, if any, is the script, even if it is `-`), or at
//! `-` (the script is stdin). `-e`/`-l` take the rest of the argument or the next one, which
//! must not start with `-`; `-i` implies `-v`; any other character after `-E`, `-W`, `-i`, `-v`
//! or `--` is an error. `-e`, `-l` and `-W` act in command-line order (see `Action`), after
//! `LUA_INIT`; `-v`, `-i`, `-E` act globally.
//!
//! Crescent's own options are `--help`, `--dump=bytecode`, `--memory-limit=SIZE` and the JIT
//! options (`-j<word>`, `--tier=`, `--jit-<word>[=N]`, `--perf-map`), parsed by
//! `crate::jit_flag`.

use std::io::Write;

/// An option that runs in order (lua.c's `runargs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// `-e stat`: run `stat` as chunk "=(command line)".
    Exec(String),
    /// `-l mod` / `-l g=mod`: `g = require(mod)`.
    Require(String),
    /// `-W`: turn warnings on.
    Warnings,
}

/// What the command line asked for.
pub struct Options {
    /// Index in `argv` of the script; `None` when there is none.
    pub script: Option<usize>,
    /// The script is read from stdin (`-`, but not `-- -`, which names a file called `-`).
    pub script_is_stdin: bool,
    pub actions: Vec<Action>,
    /// `-i`.
    pub interactive: bool,
    /// `-v` (or `-i`).
    pub version: bool,
    /// `-E`.
    pub ignore_env: bool,
    /// At least one `-e`.
    pub has_exec: bool,
    /// `--dump=bytecode`.
    pub dump_bytecode: bool,
    /// `--help`.
    pub help: bool,
    /// `--memory-limit=SIZE`: heap limit in bytes.
    pub memory_limit: Option<usize>,
    pub jit: crescent::jit::JitOptions,
}

/// A bad option: lua.c prints "'-e' needs argument" for `-e`/`-l` without one, otherwise
/// "unrecognized option 'X'", then the usage.
#[derive(Debug, PartialEq, Eq)]
pub struct BadOption(pub String);

pub fn parse(argv: &[String]) -> Result<Options, BadOption> {
    let mut o = Options {
        script: None,
        script_is_stdin: false,
        actions: Vec::new(),
        interactive: false,
        version: false,
        ignore_env: false,
        has_exec: false,
        dump_bytecode: false,
        help: false,
        memory_limit: None,
        jit: crate::default_jit_options(),
    };
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        let bad = || BadOption(a.to_string());
        if !a.starts_with('-') {
            o.script = Some(i);
            return Ok(o);
        }
        match a {
            "--" => {
                if i + 1 < argv.len() {
                    o.script = Some(i + 1);
                }
                return Ok(o);
            }
            "-" => {
                o.script = Some(i);
                o.script_is_stdin = true;
                return Ok(o);
            }
            "-E" => o.ignore_env = true,
            "-W" => o.actions.push(Action::Warnings),
            "-i" => {
                o.interactive = true;
                o.version = true;
            }
            "-v" => o.version = true,
            "--help" => o.help = true,
            "--dump=bytecode" => o.dump_bytecode = true,
            _ if a.starts_with("--memory-limit=") => {
                match parse_size(&a["--memory-limit=".len()..]) {
                    Some(n) if n > 0 => o.memory_limit = Some(n),
                    _ => return Err(bad()),
                }
            }
            _ if a.starts_with("-e") || a.starts_with("-l") => {
                let arg = if a.len() > 2 {
                    a[2..].to_string()
                } else {
                    i += 1;
                    match argv.get(i) {
                        Some(n) if !n.starts_with('-') => n.clone(),
                        _ => return Err(bad()),
                    }
                };
                if a.starts_with("-e") {
                    o.has_exec = true;
                    o.actions.push(Action::Exec(arg));
                } else {
                    o.actions.push(Action::Require(arg));
                }
            }
            // JIT options: see `crate::jit_flag`.
            _ if crate::is_jit_flag(a) => {
                if !crate::jit_flag(a, &mut o.jit) {
                    return Err(bad());
                }
            }
            _ => return Err(bad()),
        }
        i += 1;
    }
    Ok(o)
}

/// A size in bytes: digits, optionally followed by `K`, `M` or `G` (binary multiples, either
/// case). `None` if malformed or overflowing.
pub fn parse_size(s: &str) -> Option<usize> {
    let (num, shift) = match s.as_bytes().last()? {
        b'k' | b'K' => (&s[..s.len() - 1], 10),
        b'm' | b'M' => (&s[..s.len() - 1], 20),
        b'g' | b'G' => (&s[..s.len() - 1], 30),
        _ => (s, 0),
    };
    if num.is_empty() || !num.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    num.parse::<usize>().ok()?.checked_mul(1usize << shift)
}

/// The usage text: lua5.4's options, then crescent's.
pub fn usage_text(progname: &str) -> String {
    format!(
        "usage: {progname} [options] [script [args]]\n\
         Available options are:\n  \
         -e stat   execute string 'stat'\n  \
         -i        enter interactive mode after executing 'script'\n  \
         -l mod    require library 'mod' into global 'mod'\n  \
         -l g=mod  require library 'mod' into global 'g'\n  \
         -v        show version information\n  \
         -E        ignore environment variables\n  \
         -W        turn warnings on\n  \
         --        stop handling options\n  \
         -         stop handling options and execute stdin\n\
         Crescent options:\n  \
         --help    show this help and exit\n  \
         --dump=bytecode  print the bytecode listing of the script and exit\n  \
         --memory-limit=SIZE  fail allocations beyond SIZE bytes (suffix K, M or G allowed)\n\
         {}",
        crate::JIT_USAGE
    )
}

/// lua.c's `print_usage` on stderr for a bad option.
pub fn print_usage(progname: &str, bad: &BadOption) {
    let mut err = std::io::stderr().lock();
    let b = bad.0.as_bytes();
    if b.len() >= 2 && (b[1] == b'e' || b[1] == b'l') && b.len() == 2 {
        let _ = writeln!(err, "{progname}: '{}' needs argument", bad.0);
    } else {
        let _ = writeln!(err, "{progname}: unrecognized option '{}'", bad.0);
    }
    let _ = write!(err, "{}", usage_text(progname));
    let _ = err.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(a: &[&str]) -> Vec<String> {
        std::iter::once("crescent")
            .chain(a.iter().copied())
            .map(String::from)
            .collect()
    }

    #[test]
    fn order_and_script() {
        let o = parse(&argv(&["-e", "x=1", "-lm", "-W", "s.lua", "-v"])).unwrap();
        assert_eq!(
            o.actions,
            vec![
                Action::Exec("x=1".into()),
                Action::Require("m".into()),
                Action::Warnings
            ]
        );
        assert_eq!(o.script, Some(5));
        assert!(!o.version);
    }

    #[test]
    fn dashes() {
        let o = parse(&argv(&["--", "-"])).unwrap();
        assert_eq!((o.script, o.script_is_stdin), (Some(2), false));
        let o = parse(&argv(&["-", "a"])).unwrap();
        assert_eq!((o.script, o.script_is_stdin), (Some(1), true));
        let o = parse(&argv(&["--"])).unwrap();
        assert_eq!(o.script, None);
    }

    #[test]
    fn errors() {
        assert_eq!(parse(&argv(&["-e"])).err(), Some(BadOption("-e".into())));
        assert_eq!(
            parse(&argv(&["-e", "-v"])).err(),
            Some(BadOption("-e".into()))
        );
        assert_eq!(parse(&argv(&["-vx"])).err(), Some(BadOption("-vx".into())));
        assert_eq!(parse(&argv(&["--x"])).err(), Some(BadOption("--x".into())));
        assert_eq!(
            parse(&argv(&["-jnope"])).err(),
            Some(BadOption("-jnope".into()))
        );
        assert!(parse(&argv(&["-i"])).unwrap().version);
        for bad in [
            "--memory-limit=",
            "--memory-limit=0",
            "--memory-limit=1x",
            "--memory-limit=-1",
            "--memory-limit=K",
            "--memory-limit=99999999999G",
        ] {
            assert_eq!(
                parse(&argv(&[bad])).err(),
                Some(BadOption(bad.into())),
                "{bad}"
            );
        }
    }

    #[test]
    fn memory_limit() {
        assert_eq!(
            parse(&argv(&["--memory-limit=1000", "s.lua"]))
                .unwrap()
                .memory_limit,
            Some(1000)
        );
        assert_eq!(
            parse(&argv(&["--memory-limit=64k"])).unwrap().memory_limit,
            Some(64 << 10)
        );
        assert_eq!(
            parse(&argv(&["--memory-limit=3M"])).unwrap().memory_limit,
            Some(3 << 20)
        );
        assert_eq!(
            parse(&argv(&["--memory-limit=2G"])).unwrap().memory_limit,
            Some(2 << 30)
        );
        assert_eq!(parse(&argv(&["s.lua"])).unwrap().memory_limit, None);
    }
}
