//! The interactive REPL: through piped stdin with `-i` (compared with what lua5.4 prints in
//! the same situation: prompt, then the line read echoed as GNU readline does), and through a
//! pseudo-terminal (line editing with rustyline, history, Ctrl-C, Ctrl-D, the banner).

mod cli_support;
use cli_support::*;

fn repl(args: &[&str], input: &str) -> Out {
    let s = Scratch::new("repl");
    s.file("s2.lua", "y = 10\n");
    let mut a = vec!["-i"];
    a.extend_from_slice(args);
    run_in(s.path(), &a, input)
}

#[test]
fn piped_session_matches_lua54() {
    let input = "x = 1\nx\n=x+1\nfor i=1,2 do\nprint(i)\nend\nerror(\"boom\")\nerror({})\nreturn 1,2,nil\n\
                 local t = setmetatable({}, {__tostring=function() return \"TS\" end}) error(t)\n1+\n";
    let o = repl(&[], input);
    let expected_out = format!(
        "{}\n> x = 1\n> x\n1\n> =x+1\n2\n> for i=1,2 do\n>> print(i)\n>> end\n1\n2\n> error(\"boom\")\n\
         > error({{}})\n> return 1,2,nil\n1\t2\tnil\n\
         > local t = setmetatable({{}}, {{__tostring=function() return \"TS\" end}}) error(t)\n> 1+\n> \n",
        version_line()
    );
    assert_eq!(o.stdout, expected_out);
    let expected_err = "stdin:1: boom\nstack traceback:\n\t[C]: in function 'error'\n\tstdin:1: in main chunk\n\t[C]: in ?\n\
                        (error object is a table value)\nstack traceback:\n\t[C]: in function 'error'\n\tstdin:1: in main chunk\n\t[C]: in ?\n\
                        TS\nstdin:1: unexpected symbol near '1'\n";
    assert_eq!(o.stderr, expected_err);
    assert_eq!(o.code, Some(0));
}

#[test]
fn statements_expressions_and_locals() {
    let o = repl(
        &[],
        "local a = 1\na\nfunction f()\nreturn 1\nend\nf()\n\n  \n-- c\nreturn\n= 1, 2\n=\n",
    );
    let expected = format!(
        "{}\n> local a = 1\n> a\nnil\n> function f()\n>> return 1\n>> end\n> f()\n1\n> \n>   \n> -- c\n> return\n\
         > = 1, 2\n1\t2\n> =\n> \n",
        version_line()
    );
    assert_eq!(o.stdout, expected);
    assert_eq!(o.stderr, "");
}

#[test]
fn prompts_from_globals() {
    let o = repl(&[], "_PROMPT=\"P1 \" _PROMPT2=setmetatable({}, {__tostring=function() return \"P2:\" end})\nif x then\nend\n");
    let expected = format!(
        "{}\n> _PROMPT=\"P1 \" _PROMPT2=setmetatable({{}}, {{__tostring=function() return \"P2:\" end}})\n\
         P1 if x then\nP2:end\nP1 \n",
        version_line()
    );
    assert_eq!(o.stdout, expected);
}

#[test]
fn print_failure_and_incomplete_input_at_eof() {
    let o = repl(&[], "print = nil\n1\n");
    assert_eq!(
        o.stdout,
        format!("{}\n> print = nil\n> 1\n> \n", version_line())
    );
    assert_eq!(
        o.stderr,
        "error calling 'print' (attempt to call a nil value)\n"
    );
    // End of input inside a statement: lua5.4 prints "(null)" here (the message was popped);
    // crescent reports the syntax error itself.
    let o = repl(&[], "x = 5\nfor i=1,2 do\n");
    assert_eq!(
        o.stdout,
        format!("{}\n> x = 5\n> for i=1,2 do\n>> > \n", version_line())
    );
    assert_eq!(o.stderr, "stdin:1: 'end' expected near <eof>\n");
}

#[test]
fn script_then_repl() {
    let o = repl(&["s2.lua"], "y\n");
    assert_eq!(o.stdout, format!("{}\n> y\n10\n> \n", version_line()));
    // -e before -i's loop.
    let o = repl(&["-e", "z = 3"], "z * 2\n");
    assert_eq!(o.stdout, format!("{}\n> z * 2\n6\n> \n", version_line()));
}

// ------------------------------------------------------------------ pseudo-terminal

mod pty {
    use super::BIN;
    use std::io::{Read, Write};
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::os::unix::process::CommandExt;
    use std::process::{Child, Command};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    /// `crescent args` on the slave side of a new pseudo-terminal (its controlling terminal,
    /// so Ctrl-C raises SIGINT); the test talks to the master side.
    pub struct Session {
        child: Child,
        master: std::fs::File,
        out: Arc<Mutex<Vec<u8>>>,
    }

    impl Session {
        pub fn start(args: &[&str]) -> Session {
            let (mut m, mut s) = (0, 0);
            let ws = libc::winsize {
                ws_row: 24,
                ws_col: 80,
                ws_xpixel: 0,
                ws_ypixel: 0,
            };
            // SAFETY: openpty fills two fds; the pointers are valid.
            let r = unsafe {
                libc::openpty(&mut m, &mut s, std::ptr::null_mut(), std::ptr::null(), &ws)
            };
            assert_eq!(r, 0, "openpty failed");
            // SAFETY: fresh fds that we own.
            let (master, slave) = unsafe { (OwnedFd::from_raw_fd(m), OwnedFd::from_raw_fd(s)) };
            let mut c = Command::new(BIN);
            c.arg0("crescent").args(args).env("TERM", "xterm");
            for v in ["LUA_INIT", "LUA_INIT_5_4", "LUA_PATH", "LUA_PATH_5_4"] {
                c.env_remove(v);
            }
            c.stdin(slave.try_clone().unwrap())
                .stdout(slave.try_clone().unwrap())
                .stderr(slave);
            // SAFETY: only async-signal-safe calls between fork and exec.
            unsafe {
                c.pre_exec(|| {
                    if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
            let child = c.spawn().expect("spawn crescent on a pty");
            drop(c); // closes our copies of the slave
            let master = std::fs::File::from(master);
            let out = Arc::new(Mutex::new(Vec::new()));
            let mut reader = master.try_clone().unwrap();
            let shared = Arc::clone(&out);
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = reader.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    shared.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            });
            Session { child, master, out }
        }

        pub fn send(&mut self, keys: &str) {
            self.master.write_all(keys.as_bytes()).unwrap();
            self.master.flush().unwrap();
        }

        /// Everything the terminal showed so far, escape sequences and `\r` removed.
        pub fn screen(&self) -> String {
            strip(&self.out.lock().unwrap())
        }

        /// Waits until the screen text contains `needle` `count` times.
        pub fn wait_for(&self, needle: &str, count: usize) {
            let start = Instant::now();
            loop {
                let s = self.screen();
                if s.matches(needle).count() >= count {
                    return;
                }
                if start.elapsed() > Duration::from_secs(10) {
                    panic!("timed out waiting for {count} x {needle:?}; screen:\n{s}");
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }

        pub fn wait_exit(mut self) -> Option<i32> {
            let start = Instant::now();
            loop {
                if let Some(st) = self.child.try_wait().unwrap() {
                    return st.code();
                }
                if start.elapsed() > Duration::from_secs(10) {
                    let _ = self.child.kill();
                    panic!("crescent did not exit; screen:\n{}", self.screen());
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }

    impl Drop for Session {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// Removes CSI/OSC escape sequences and carriage returns.
    fn strip(b: &[u8]) -> String {
        let s = String::from_utf8_lossy(b);
        let mut out = String::new();
        let mut it = s.chars().peekable();
        while let Some(c) = it.next() {
            match c {
                '\x1b' => match it.next() {
                    Some('[') => {
                        for d in it.by_ref() {
                            if ('@'..='~').contains(&d) {
                                break;
                            }
                        }
                    }
                    Some(']') => {
                        while let Some(d) = it.next() {
                            if d == '\x07' {
                                break;
                            }
                            if d == '\x1b' {
                                it.next();
                                break;
                            }
                        }
                    }
                    _ => {}
                },
                '\r' => {}
                _ => out.push(c),
            }
        }
        out
    }
}

#[test]
fn terminal_session() {
    let mut t = pty::Session::start(&["-joff"]);
    // Banner (stdin is a terminal, nothing else to do), then the prompt.
    t.wait_for(&version_line(), 1);
    t.wait_for("> ", 1);
    t.send("1+1\r");
    t.wait_for("\n2\n", 1);
    // Continuation lines with the secondary prompt.
    t.send("for i=1,2 do\r");
    t.wait_for(">> ", 1);
    t.send("print('it' .. i)\r");
    t.send("end\r");
    t.wait_for("\nit2\n", 1);
    // History: Up recalls the previous chunk.
    t.send("print('h' .. 1)\r");
    t.wait_for("\nh1\n", 1);
    t.send("\x1b[A\r");
    t.wait_for("\nh1\n", 2);
    // Ctrl-C while a chunk runs interrupts it and returns to the prompt.
    t.send("print('spin' .. 'ning') while true do end\r");
    t.wait_for("\nspinning\n", 1); // the handler is installed once the chunk runs
    t.send("\x03");
    t.wait_for("stdin:1: interrupted!", 1);
    t.send("print('alive')\r");
    t.wait_for("\nalive\n", 1);
    // Ctrl-C at the prompt discards the line being typed.
    t.send("print('discarded'");
    t.wait_for("print('discarded'", 1);
    t.send("\x03");
    t.wait_for("print('discarded'\n> ", 1);
    t.send("print('after')\r");
    t.wait_for("\nafter\n", 1);
    assert!(!t.screen().contains("\ndiscarded\n"));
    // Errors show the message and traceback without the program name.
    t.send("error('oops')\r");
    t.wait_for("stdin:1: oops\nstack traceback:", 1);
    // Ctrl-D on an empty line ends the session with status 0.
    t.send("\x04");
    assert_eq!(t.wait_exit(), Some(0));
}

#[test]
fn lua_code_reads_the_following_lines() {
    // The REPL and `io.read` share C's stdin buffer, so a chunk reads the next input line and
    // the REPL goes on after it. (lua5.4 with readline reads the descriptor directly, so
    // after `io.read` filled stdio's buffer its REPL sees end of input instead.)
    let o = repl(&[], "print(io.read('l'))\nhello\n=1\n");
    assert_eq!(
        o.stdout,
        format!(
            "{}\n> print(io.read('l'))\nhello\n> =1\n1\n> \n",
            version_line()
        )
    );
}
