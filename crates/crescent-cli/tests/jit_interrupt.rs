//! Ctrl-C (SIGINT) interrupts loops and recursion running in JIT-compiled code
//! (`--jit-threshold=0`: everything is compiled before it runs): the process ends with
//! "interrupted!" and status 1, as in the interpreter, instead of hanging; in the REPL the
//! chunk stops and the session continues.

mod cli_support;

use cli_support::{cmd, Scratch};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Waits up to 10 s; a process still running then is a failure (killed first).
fn wait_or_kill(child: &mut Child, what: &str) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            return st;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running 10 s after SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn sigint(child: &Child) {
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
}

/// Starts `crescent ARGS`, waits for its "ready" line, lets it run ~300 ms into the loop,
/// sends SIGINT; returns the exit status and stderr.
fn interrupt(args: &[&str], stdin: Option<&str>) -> (ExitStatus, String) {
    let s = Scratch::new("jit-sigint");
    let mut c = cmd(s.path(), args);
    c.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let mut sin = child.stdin.take();
    if let (Some(w), Some(text)) = (sin.as_mut(), stdin) {
        w.write_all(text.as_bytes()).unwrap();
        w.flush().unwrap();
    }
    let mut out = BufReader::new(child.stdout.take().unwrap());
    // (The REPL prints its banner and echoes the line first.)
    let mut line = String::new();
    while line != "ready\n" {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "{args:?}: no 'ready' line"
        );
    }
    std::thread::sleep(Duration::from_millis(300));
    sigint(&child);
    // The REPL goes on after the interrupted chunk: end its input.
    drop(sin);
    let st = wait_or_kill(&mut child, &format!("{args:?}"));
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (st, err)
}

const LOOPS: &[&str] = &[
    "print('ready') while true do end",
    "print('ready') local i = 0 repeat i = i + 1 until false",
    "print('ready') local t = {} while true do t.x = (t.x or 0) + 1 if t.x < 0 then break end end",
    "print('ready') for i = 1, math.maxinteger do end",
    "print('ready') for i = 1, math.huge do end",
    "print('ready') local s = 0 for i = 1, math.maxinteger do for j = 1, 10 do s = s + j end end",
    "print('ready') for k in function() return 1 end do end",
    "print('ready') local function f(n) if n == 0 then return 0 end return f(n - 1) + f(n - 1) end f(100)",
];

#[test]
fn ctrl_c_interrupts_compiled_loops() {
    for code in LOOPS {
        let (st, err) = interrupt(&["--tier=baseline", "--jit-threshold=0", "-e", code], None);
        assert_eq!(st.code(), Some(1), "{code}: {err}");
        assert!(
            err.starts_with("crescent: (command line):1: interrupted!\nstack traceback:\n"),
            "{code}: {err}"
        );
    }
}

#[test]
fn ctrl_c_interrupts_compiled_loops_in_the_repl() {
    let (st, err) = interrupt(
        &["--jit-threshold=0", "-i"],
        Some("print('ready') while true do end\n"),
    );
    assert_eq!(st.code(), Some(0), "{err}");
    assert!(err.contains("stdin:1: interrupted!"), "{err}");
}
