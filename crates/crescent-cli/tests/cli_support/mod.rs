//! Shared helpers of the `cli_*` tests: run the `crescent` binary like a user would (argv[0]
//! "crescent", a clean environment for the Lua variables, a scratch directory), with piped
//! or pseudo-terminal stdio.
//!
//! Expected strings in these tests were taken from running `lua5.4` (5.4.4) by hand with the
//! same arguments, with its name replaced by `crescent`; lua5.4 is not needed to run them.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_crescent");

/// The `-v` line.
pub fn version_line() -> String {
    format!(
        "Crescent {} (Lua 5.4)  Copyright (C) 2026 The Crescent Authors",
        env!("CARGO_PKG_VERSION")
    )
}

/// A fresh scratch directory (removed on drop).
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let d = std::env::temp_dir().join(format!(
            "crescent-cli-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Scratch(d)
    }
    pub fn file(&self, name: &str, content: &str) -> &Self {
        let p = self.0.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(p, content).unwrap();
        self
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct Out {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// The first line of stderr.
    pub fn err1(&self) -> &str {
        self.stderr.lines().next().unwrap_or("")
    }
}

/// A command for the binary: argv[0] "crescent", no Lua environment variables.
pub fn cmd(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.arg0("crescent").args(args).current_dir(dir);
    for v in [
        "LUA_INIT",
        "LUA_INIT_5_4",
        "LUA_PATH",
        "LUA_PATH_5_4",
        "LUA_CPATH",
        "LUA_CPATH_5_4",
    ] {
        c.env_remove(v);
    }
    c
}

/// Runs to completion with `stdin` piped in (a 20 s limit guards against hangs).
pub fn run_cmd(mut c: Command, stdin: &str) -> Out {
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn crescent");
    let mut sin = child.stdin.take().unwrap();
    let input = stdin.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = sin.write_all(&input);
    });
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let r1 = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = so.read_to_end(&mut s);
        s
    });
    let r2 = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = se.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("crescent timed out");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let _ = writer.join();
    Out {
        code: status.code(),
        stdout: String::from_utf8_lossy(&r1.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&r2.join().unwrap()).into_owned(),
    }
}

/// `crescent args...` in `dir` with `stdin`.
pub fn run_in(dir: &Path, args: &[&str], stdin: &str) -> Out {
    run_cmd(cmd(dir, args), stdin)
}

/// `crescent args...` in a scratch directory with empty stdin.
pub fn run(args: &[&str]) -> Out {
    let s = Scratch::new("run");
    run_in(s.path(), args, "")
}

/// lua5.4's usage text for a given program name (the part before crescent's own options).
pub fn lua_usage(prog: &str) -> String {
    format!(
        "usage: {prog} [options] [script [args]]\n\
         Available options are:\n  \
         -e stat   execute string 'stat'\n  \
         -i        enter interactive mode after executing 'script'\n  \
         -l mod    require library 'mod' into global 'mod'\n  \
         -l g=mod  require library 'mod' into global 'g'\n  \
         -v        show version information\n  \
         -E        ignore environment variables\n  \
         -W        turn warnings on\n  \
         --        stop handling options\n  \
         -         stop handling options and execute stdin\n"
    )
}
