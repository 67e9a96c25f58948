//! The interactive read-eval-print loop (lua.c's `doREPL`).
//!
//! - Each first line is tried as `return <line>;` (so expressions print their values), then
//!   as a statement; `=expr` means `return expr`. A syntax error ending in `<eof>` asks for
//!   more lines (prompt `_PROMPT2`, default ">> "); end of input then reports the error.
//! - Results are printed with the global `print`; errors go to stderr as lua.c prints them in
//!   interactive mode (the message and a traceback, without the program name).
//! - On a terminal, lines are read with `rustyline` (editing, in-memory history of complete
//!   chunks); Ctrl-C at a prompt discards the pending input, Ctrl-D at an empty prompt ends
//!   the loop. Ctrl-C while a chunk runs interrupts it ("interrupted!", see `signals`).
//! - Otherwise the prompt is written to stdout and the line read is echoed after it, as
//!   lua5.4 (built with GNU readline, as distributions ship it) does when stdin is a pipe.

use crate::signals::interruptible;
use crescent::api::ReplInput;
use crescent::Lua;
use std::io::{IsTerminal, Write};

/// One read from the line source.
enum Read {
    Line(Vec<u8>),
    /// End of input.
    Eof,
    /// Ctrl-C at the prompt: drop what was typed so far.
    Cancel,
}

trait LineSource {
    fn read(&mut self, prompt: &[u8]) -> Read;
    fn add_history(&mut self, _line: &[u8]) {}
}

/// Reads stdin through C's `stdin` stream, which the io library also reads, so Lua code that
/// reads stdin gets the lines after the one being run (as with lua.c).
struct Plain {
    echo: bool,
}

extern "C" {
    #[link_name = "stdin"]
    static mut C_STDIN: *mut libc::FILE;
}

/// One line (without its newline) from C's stdin; `None` at end of input.
fn c_getline() -> Option<Vec<u8>> {
    let mut buf: *mut libc::c_char = std::ptr::null_mut();
    let mut cap: libc::size_t = 0;
    // SAFETY: getline allocates `buf` with malloc; it is copied and freed below.
    unsafe {
        let n = libc::getline(&mut buf, &mut cap, C_STDIN);
        let line =
            (n > 0).then(|| std::slice::from_raw_parts(buf as *const u8, n as usize).to_vec());
        libc::free(buf as *mut libc::c_void);
        line.map(|mut l| {
            if l.last() == Some(&b'\n') {
                l.pop();
            }
            l
        })
    }
}

impl LineSource for Plain {
    fn read(&mut self, prompt: &[u8]) -> Read {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(prompt);
        let _ = out.flush();
        match c_getline() {
            None => Read::Eof,
            Some(line) => {
                if self.echo {
                    let _ = out.write_all(&line);
                    let _ = out.write_all(b"\n");
                    let _ = out.flush();
                }
                Read::Line(line)
            }
        }
    }
}

struct Editor {
    ed: rustyline::DefaultEditor,
}

impl LineSource for Editor {
    fn read(&mut self, prompt: &[u8]) -> Read {
        use rustyline::error::ReadlineError;
        match self.ed.readline(String::from_utf8_lossy(prompt).as_ref()) {
            Ok(s) => Read::Line(s.into_bytes()),
            Err(ReadlineError::Interrupted) => Read::Cancel,
            Err(_) => Read::Eof,
        }
    }
    fn add_history(&mut self, line: &[u8]) {
        let _ = self
            .ed
            .add_history_entry(String::from_utf8_lossy(line).as_ref());
    }
}

fn line_source() -> Box<dyn LineSource> {
    if std::io::stdin().is_terminal() {
        let config = rustyline::Config::builder().auto_add_history(false).build();
        if let Ok(ed) = rustyline::DefaultEditor::with_config(config) {
            return Box::new(Editor { ed });
        }
        return Box::new(Plain { echo: false });
    }
    Box::new(Plain { echo: true })
}

fn prompt(lua: &mut Lua, first: bool) -> Vec<u8> {
    lua.repl_prompt(first).unwrap_or_else(|| {
        if first {
            b"> ".to_vec()
        } else {
            b">> ".to_vec()
        }
    })
}

/// Runs the loop until end of input.
pub fn run(lua: &mut Lua) {
    let mut src = line_source();
    'outer: loop {
        let p = prompt(lua, true);
        let line = match src.read(&p) {
            Read::Line(l) => l,
            Read::Eof => break,
            Read::Cancel => continue,
        };
        // `=expr` is `return expr` (compatibility with 5.2).
        let mut text = match line.strip_prefix(b"=") {
            Some(rest) => [b"return ".as_slice(), rest].concat(),
            None => line,
        };
        let mut input = lua.repl_load(&text, true);
        loop {
            match input {
                ReplInput::Ready => {
                    if !text.is_empty() {
                        src.add_history(&text);
                    }
                    if let Err(e) = interruptible(|| lua.repl_run()) {
                        crate::report(None, &e);
                    }
                    break;
                }
                ReplInput::Error(e) => {
                    src.add_history(&text);
                    crate::report(None, &e);
                    break;
                }
                ReplInput::Incomplete(e) => {
                    let p = prompt(lua, false);
                    match src.read(&p) {
                        Read::Line(more) => {
                            text.push(b'\n');
                            text.extend_from_slice(&more);
                            input = lua.repl_load(&text, false);
                        }
                        Read::Eof => {
                            src.add_history(&text);
                            crate::report(None, &e);
                            break;
                        }
                        Read::Cancel => continue 'outer,
                    }
                }
            }
        }
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(b"\n");
    let _ = out.flush();
}
