//! What the `crescent` command needs beyond running one chunk: the pieces of lua.c's `pmain`
//! (`dostring`, `dofile`, `handle_script` with `pushargs`, `dolibrary`, `-E`, `-W`) and of its
//! REPL (`loadline`'s "return " attempt and `<eof>` rule, running with all results printed
//! through the global `print`, `_PROMPT`/`_PROMPT2`).
//!
//! Every call runs in protected mode under [`super::msghandler`] (message + traceback as
//! lua.c's `msghandler` makes them) one C level deep, as lua.c runs chunks inside `pmain`.
//! Safe code except reading tables behind values.

use super::{msghandler, Error, Lua};
use crate::stdlib::load::LoadError;
use crate::value::*;
use crate::vm::state::{State, WarnMode};
use crate::vm::{Status, Throw, MULTRET};

/// Registry key of the chunk the REPL loaded and has not run yet.
const REPL_CHUNK: &[u8] = b"crescent.repl.chunk";

/// What the REPL got from the lines typed so far.
#[derive(Debug)]
pub enum ReplInput {
    /// A complete chunk, ready for [`Lua::repl_run`].
    Ready,
    /// A syntax error at `<eof>`: more lines may complete it. The error is what to report if
    /// no more input comes.
    Incomplete(Error),
    /// A syntax error.
    Error(Error),
}

fn plain_error(msg: &[u8]) -> Error {
    Error {
        message: msg.to_vec(),
        traceback: String::new(),
    }
}

fn load_error(l: &State, e: LoadError) -> Error {
    match e {
        LoadError::Msg(m) => plain_error(&m),
        LoadError::Raised => error_from_value(l.err_value),
    }
}

fn error_from_value(v: Value) -> Error {
    if v.is_str() {
        plain_error(v.str_bytes())
    } else {
        plain_error(format!("(error object is a {} value)", v.type_name()).as_bytes())
    }
}

/// Raw `t[name]`.
fn raw_get(l: &mut State, t: *mut crate::object::table::Table, name: &[u8]) -> Value {
    match l.heap.new_str(name) {
        // SAFETY: `t` is a live table.
        Some(k) => unsafe { *(*t).get(Value::str(k), l.heap.seed) },
        None => Value::NIL,
    }
}

/// lua.c's `docall`: calls `f` with `args` under the message handler. On success the
/// results are left on the stack from the returned index up to `top`.
fn docall(l: &mut State, f: Value, args: &[Value], nresults: i32) -> Result<usize, Error> {
    if l.check_stack(args.len() + 3).is_err() {
        return Err(error_from_value(l.err_value));
    }
    let h = l.top;
    l.push(Value::lcf(msghandler));
    let func = l.top;
    l.push(f);
    for &a in args {
        l.push(a);
    }
    l.last_error = None;
    crate::vm::interrupt::clear(); // a request made before this call is stale
    l.n_ccalls += 1;
    let st = l.pcall(func, nresults, h);
    l.n_ccalls -= 1;
    match st {
        Status::Ok => Ok(func),
        _ => {
            let e = match l.last_error.take() {
                Some((m, t)) => Error {
                    message: m.to_vec(),
                    traceback: t,
                },
                None => error_from_value(l.err_value),
            };
            l.top = h;
            Err(e)
        }
    }
}

impl Lua {
    /// Makes the Lua code running in any state of this process stop with the error
    /// "interrupted!" at its next loop iteration or function call/return (lua.c's Ctrl-C).
    /// Async-signal-safe (one atomic store): meant for a SIGINT handler.
    pub fn interrupt() {
        crate::vm::interrupt::request();
    }

    /// Runs `f` with the stack restored and output flushed afterwards.
    fn with_state<T>(&mut self, f: impl FnOnce(&mut State) -> T) -> T {
        let l = &mut *self.state;
        let top = l.top;
        let r = f(l);
        l.top = top;
        l.flush();
        r
    }

    /// `lua -E`: sets the registry's `LUA_NOENV` (libraries ignore environment variables)
    /// and gives `package.path`/`cpath` their default values.
    pub fn ignore_env(&mut self) {
        self.with_state(|l| {
            if let Ok(k) = l.new_str(b"LUA_NOENV") {
                let reg = l.registry;
                let _ = l.table_set(reg, k, Value::bool(true));
            }
            let _ = crate::stdlib::package::reset_paths(l);
        });
    }

    /// `lua -W` (`lua_warning(L, "@on", 0)`): turns warnings on.
    pub fn set_warnings(&mut self, on: bool) {
        self.state.warn_mode = if on { WarnMode::On } else { WarnMode::Off };
    }

    /// lua.c's `dostring`: loads `code` (text or binary) as `chunkname` and runs it.
    pub fn do_string(&mut self, code: &[u8], chunkname: &str) -> Result<(), Error> {
        self.with_state(|l| {
            let f = l
                .load_chunk(code, chunkname.as_bytes(), None)
                .map_err(|e| load_error(l, e))?;
            docall(l, f, &[], 0).map(|_| ())
        })
    }

    /// lua.c's `dofile`: loads the file (stdin when `None`, chunkname "=stdin") and runs it.
    pub fn do_file(&mut self, file: Option<&[u8]>) -> Result<(), Error> {
        self.with_state(|l| {
            let f = l.load_file(file, None).map_err(|e| load_error(l, e))?;
            docall(l, f, &[], 0).map(|_| ())
        })
    }

    /// lua.c's `handle_script`: loads the script (stdin when `None`) and calls it with the
    /// positive entries of the global `arg` table as arguments.
    pub fn run_script(&mut self, file: Option<&[u8]>) -> Result<(), Error> {
        self.with_state(|l| {
            let f = l.load_file(file, None).map_err(|e| load_error(l, e))?;
            l.push(f); // rooted while the arguments are gathered
            let g = l.globals;
            let arg = raw_get(l, g, b"arg");
            if arg.tt != T_TABLE {
                return Err(plain_error(b"'arg' is not a table"));
            }
            // SAFETY: live table.
            let n = unsafe { (*arg.as_table()).length() } as usize;
            let args: Vec<Value> = (1..=n as i64)
                // SAFETY: as above.
                .map(|i| unsafe { *(*arg.as_table()).get_int(i) })
                .collect();
            docall(l, f, &args, MULTRET).map(|_| ())
        })
    }

    /// lua.c's `dolibrary` for `-l spec`: `spec` is `mod` or `g=mod`; runs
    /// `g = require(mod)`.
    pub fn require_global(&mut self, spec: &[u8]) -> Result<(), Error> {
        let (glob, modname) = match spec.iter().position(|&c| c == b'=') {
            Some(i) => (&spec[..i], &spec[i + 1..]),
            None => (spec, spec),
        };
        self.with_state(|l| {
            let g = l.globals;
            let req = raw_get(l, g, b"require");
            let m = l
                .new_str(modname)
                .map_err(|_| error_from_value(l.err_value))?;
            let r = docall(l, req, &[m], 1)?;
            let v = l.stack[r];
            let k = l.new_str(glob).map_err(|_| error_from_value(l.err_value))?;
            l.table_set(g, k, v)
                .map_err(|_| error_from_value(l.err_value))
        })
    }

    /// The REPL's loading step for the text typed so far (lua.c's `loadline`): on the first
    /// line `return <text>;` is tried first, so expressions print their values; then the
    /// text itself. A syntax error ending in `<eof>` means the statement is incomplete.
    pub fn repl_load(&mut self, text: &[u8], first_line: bool) -> ReplInput {
        self.with_state(|l| {
            if first_line {
                let mut ret = b"return ".to_vec();
                ret.extend_from_slice(text);
                ret.push(b';');
                if let Ok(f) = l.load_chunk(&ret, b"=stdin", None) {
                    return store_repl_chunk(l, f);
                }
            }
            match l.load_chunk(text, b"=stdin", None) {
                Ok(f) => store_repl_chunk(l, f),
                Err(LoadError::Msg(m)) if m.ends_with(b"<eof>") => {
                    ReplInput::Incomplete(plain_error(&m))
                }
                Err(e) => ReplInput::Error(load_error(l, e)),
            }
        })
    }

    /// Runs the chunk of the last [`Lua::repl_load`] that returned `Ready` and prints its
    /// results with the global `print` (lua.c's `docall` + `l_print`). A failing `print` is
    /// reported as "error calling 'print' (msg)".
    pub fn repl_run(&mut self) -> Result<(), Error> {
        self.with_state(|l| {
            let reg = l.registry;
            let f = raw_get(l, reg, REPL_CHUNK);
            if let Ok(k) = l.new_str(REPL_CHUNK) {
                let _ = l.table_set(reg, k, Value::NIL);
            }
            if !f.is_function() {
                return Ok(());
            }
            let r = docall(l, f, &[], MULTRET)?;
            let n = l.top - r;
            if n == 0 {
                return Ok(());
            }
            let g = l.globals;
            let print = raw_get(l, g, b"print");
            if l.check_stack(2).is_err() {
                return Err(plain_error(b"too many results to print"));
            }
            // Insert `print` below the results: shift them up one slot.
            for i in (r..r + n).rev() {
                l.stack[i + 1] = l.stack[i];
            }
            l.stack[r] = print;
            l.top = r + n + 1;
            l.n_ccalls += 1;
            let st = l.pcall(r, 0, 0);
            l.n_ccalls -= 1;
            if st != Status::Ok {
                let v = l.stack[r];
                let mut m = b"error calling 'print' (".to_vec();
                if v.is_str() {
                    m.extend_from_slice(v.str_bytes());
                } else if v.is_number() {
                    crate::vm::arith::fmt_number(v, &mut m);
                } else {
                    m.extend_from_slice(b"(null)");
                }
                m.push(b')');
                return Err(plain_error(&m));
            }
            Ok(())
        })
    }

    /// The REPL prompt from `_PROMPT` (first line) or `_PROMPT2` (continuation lines),
    /// converted with `tostring` semantics; `None` when the global is nil (use the default)
    /// or its conversion fails.
    pub fn repl_prompt(&mut self, first_line: bool) -> Option<Vec<u8>> {
        self.with_state(|l| {
            let g = l.globals;
            let v = raw_get(l, g, if first_line { b"_PROMPT" } else { b"_PROMPT2" });
            if v.is_nil() {
                return None;
            }
            if v.is_str() {
                return Some(v.str_bytes().to_vec());
            }
            if l.check_stack(3).is_err() {
                return None;
            }
            let func = l.top;
            l.push(Value::lcf(tostring_native));
            l.push(v);
            l.n_ccalls += 1;
            let st = l.pcall(func, 1, 0);
            l.n_ccalls -= 1;
            let r = l.stack[func];
            (st == Status::Ok && r.is_str()).then(|| r.str_bytes().to_vec())
        })
    }
}

fn store_repl_chunk(l: &mut State, f: Value) -> ReplInput {
    l.push(f);
    let reg = l.registry;
    match l.new_str(REPL_CHUNK) {
        Ok(k) if l.table_set(reg, k, f).is_ok() => ReplInput::Ready,
        _ => ReplInput::Error(error_from_value(l.err_value)),
    }
}

/// `luaL_tolstring` of argument 1, as a native so that `__tostring` runs protected.
fn tostring_native(l: &mut State) -> Result<usize, Throw> {
    let v = l.arg(1);
    let s = l.to_display(v)?;
    l.push(s);
    Ok(1)
}
