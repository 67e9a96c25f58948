//! The embedding API: [`Lua`] (one state with the base library) and [`Error`].
//!
//! `exec` compiles a chunk, runs it in protected mode under a message handler that records
//! the message as `lua.c` shows it and a traceback taken before the stack unwinds.
//! Safe code only (the state's internals are behind their own modules).

use crate::object::closure::load_proto;
use crate::value::*;
use crate::vm::state::State;
use crate::vm::{Status, Throw};
use std::fmt;

// The command line's entry points (lua.c's docall/dofile/dolibrary/REPL): `api/cli.rs`.
mod cli;
pub use cli::ReplInput;

/// One Lua state. Dropping it frees every object.
pub struct Lua {
    state: Box<State>,
}

/// A Lua error as `lua.c` reports it.
#[derive(Clone, Debug)]
pub struct Error {
    message: Vec<u8>,
    traceback: String,
}

impl Error {
    /// `stack traceback:\n\t...` as lua5.4 prints it (empty for syntax errors and for error
    /// objects with `__tostring`).
    pub fn traceback(&self) -> &str {
        &self.traceback
    }
    /// The message as text (bytes that are not UTF-8 shown as U+FFFD).
    pub fn message(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.message)
    }
    /// The message's bytes, as the Lua error value held them.
    pub fn message_bytes(&self) -> &[u8] {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

impl Default for Lua {
    fn default() -> Self {
        Self::new()
    }
}

/// Message handler of `exec` (lua.c's `msghandler`): records message and traceback.
fn msghandler(l: &mut State) -> Result<usize, Throw> {
    let v = l.arg(1);
    let msg: Vec<u8>;
    let mut tb = true;
    if v.is_str() || v.is_number() {
        let mut b = Vec::new();
        if v.is_str() {
            b.extend_from_slice(v.str_bytes());
        } else {
            crate::vm::arith::fmt_number(v, &mut b);
        }
        msg = b;
    } else {
        let tm = l.meta_field(v, b"__tostring");
        let mut m = None;
        if !tm.is_nil() {
            let r = l.call_tm_res(tm, v, Value::NIL)?;
            if r.is_str() {
                m = Some(r.str_bytes().to_vec());
                tb = false;
            }
        }
        msg = m
            .unwrap_or_else(|| format!("(error object is a {} value)", v.type_name()).into_bytes());
    }
    let trace = if tb { l.traceback(1) } else { String::new() };
    // The handler's value is lua.c's (`msghandler`): the message with the traceback appended.
    // Only code that catches an error raised under the handler sees it (`load` of a chunk
    // nested too deeply); the report uses `last_error`.
    let mut full = msg.clone();
    if tb {
        full.push(b'\n');
        full.extend_from_slice(trace.as_bytes());
    }
    l.last_error = Some((msg, trace));
    let r = l.new_str(&full).unwrap_or(v);
    l.push(r);
    Ok(1)
}

impl Lua {
    /// A new state with the base library open.
    pub fn new() -> Lua {
        let mut state = State::new();
        crate::stdlib::base::open(&mut state).expect("opening the base library");
        // lua.c switches the collector to generational mode; `collectgarbage` reports it.
        state.heap.generational = true;
        crate::stdlib::warn::open(&mut state).expect("opening warn");
        crate::stdlib::package::open(&mut state).expect("opening the package library");
        crate::stdlib::table::open(&mut state).expect("opening the table library");
        crate::stdlib::io::open(&mut state).expect("opening the io library");
        crate::stdlib::os::open(&mut state).expect("opening the os library");
        crate::stdlib::math::open(&mut state).expect("opening the math library");
        crate::stdlib::coroutine::open(&mut state).expect("opening the coroutine library");
        crate::stdlib::debug::open(&mut state).expect("opening the debug library");
        crate::stdlib::load::open(&mut state).expect("opening load");
        crate::stdlib::string::open(&mut state).expect("opening the string library");
        crate::stdlib::utf8::open(&mut state).expect("opening the utf8 library");
        Lua { state }
    }

    /// Sets the global `arg` to a table with these entries.
    pub fn set_arg_table(&mut self, entries: &[(i64, Vec<u8>)]) {
        let l = &mut *self.state;
        let t = l.new_table();
        l.extra_roots.push(t);
        for (i, s) in entries {
            if let Ok(sv) = l.new_str(s) {
                let _ = l.table_set(t.as_table(), Value::int(*i), sv);
            }
        }
        let _ = l.set_global("arg", t);
        l.extra_roots.pop();
    }

    /// Compiles and runs a chunk with `args` as its varargs.
    pub fn exec(&mut self, source: &[u8], chunkname: &str, args: &[Vec<u8>]) -> Result<(), Error> {
        let proto = crescent_frontend::compile(source, chunkname).map_err(|e| Error {
            message: e.message,
            traceback: String::new(),
        })?;
        let l = &mut *self.state;
        let base_top = l.top;
        let r = Self::run(l, &proto, args);
        l.top = base_top;
        l.flush();
        r
    }

    fn run(
        l: &mut State,
        proto: &std::rc::Rc<crescent_frontend::Proto>,
        args: &[Vec<u8>],
    ) -> Result<(), Error> {
        let fail = |l: &mut State| -> Error {
            let v = l.err_value;
            let message = if v.is_str() {
                v.str_bytes().to_vec()
            } else {
                format!("(error object is a {} value)", v.type_name()).into_bytes()
            };
            Error {
                message,
                traceback: String::new(),
            }
        };
        let p = match load_proto(&mut l.heap, proto) {
            Some(p) => p,
            None => {
                return Err(Error {
                    message: b"invalid bytecode".to_vec(),
                    traceback: String::new(),
                })
            }
        };
        let cl = l.heap.new_lclosure(p, 1);
        let g = Value::table(l.globals);
        let uv = l.heap.new_upval(0, std::ptr::null_mut());
        // SAFETY: freshly created objects; the upvalue is closed over `_ENV` = globals.
        unsafe {
            (*uv).closed = g;
            (*uv).v = &mut (*uv).closed;
            *(*cl).upvals_ptr() = uv;
        }
        if l.check_stack(args.len() + 3).is_err() {
            return Err(fail(l));
        }
        let h = l.top;
        l.push(Value::lcf(msghandler));
        let func = l.top;
        l.push(Value::lcl(cl));
        for a in args {
            match l.new_str(a) {
                Ok(s) => l.push(s),
                Err(_) => return Err(fail(l)),
            }
        }
        l.last_error = None;
        // lua.c runs chunks one C level deep (inside `pmain`); match its C-stack budget.
        l.n_ccalls += 1;
        let st = l.pcall(func, 0, h);
        l.n_ccalls -= 1;
        match st {
            Status::Ok => Ok(()),
            _ => match l.last_error.take() {
                Some((m, t)) => Err(Error {
                    message: m.to_vec(),
                    traceback: t,
                }),
                None => Err(fail(l)),
            },
        }
    }

    /// Limits the heap to `bytes` (allocations beyond fail with "not enough memory").
    pub fn set_memory_limit(&mut self, bytes: usize) {
        self.state.heap.limit = bytes;
    }

    /// Collects garbage at every safe point (for testing the collector's root discipline).
    pub fn set_gc_stress(&mut self, on: bool) {
        self.state.heap.stress = on;
        self.state.heap.threshold = if on { 0 } else { self.state.heap.total * 2 };
    }

    /// Redirects `print` output (default: buffered stdout).
    pub fn set_output(&mut self, w: Box<dyn std::io::Write>) {
        self.state.flush();
        self.state.out = w;
    }

    /// Bytes currently allocated by the heap (what `collectgarbage("count")` reports × 1024).
    pub fn memory_used(&self) -> usize {
        self.state.heap.total
    }

    /// Configures the baseline JIT (see `crate::jit::JitOptions`); call before running code.
    pub fn set_jit_options(&mut self, o: crate::jit::JitOptions) {
        self.state.set_jit_options(o);
    }

    /// The JIT statistics report (`--jit-stats`).
    pub fn jit_report(&self) -> String {
        self.state.jit_report()
    }

    /// JIT statistics so far.
    pub fn jit_stats(&self) -> crate::jit::JitStats {
        self.state.jit.stats.clone()
    }

    /// Dumps collected with `JitOptions::dump_to_memory` (golden tests), emptied.
    pub fn take_jit_dumps(&mut self) -> String {
        std::mem::take(&mut self.state.jit.dumps)
    }
}
