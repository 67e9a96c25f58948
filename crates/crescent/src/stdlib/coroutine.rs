//! The `coroutine` library (`lcorolib.c`): create, resume, yield, status, running,
//! isyieldable, wrap, close, with lua5.4's messages. The mechanics (threads, switching,
//! stackless and stackful yields) are in `vm::coro`. Uses `unsafe` only to read the thread
//! behind a value.

use crate::value::*;
use crate::vm::coro::{self, thread_value, Resumed, Thread, CO_ERR, CO_OK};
use crate::vm::state::State;
use crate::vm::Throw;

type R = Result<usize, Throw>;

pub fn open(l: &mut State) -> Result<(), Throw> {
    let fns: &[(&str, NativeFn)] = &[
        ("close", close),
        ("create", create),
        ("isyieldable", isyieldable),
        ("resume", resume),
        ("running", running),
        ("status", status),
        ("wrap", wrap),
        ("yield", yield_),
    ];
    new_lib(l, "coroutine", fns)?;
    Ok(())
}

/// Creates a library table with these functions, sets it as global `name` and in
/// `package.loaded` (so "bad argument" messages can say `'coroutine.resume'`).
pub(crate) fn new_lib(l: &mut State, name: &str, fns: &[(&str, NativeFn)]) -> Result<Value, Throw> {
    let t = l.new_table();
    l.set_global(name, t)?;
    let k = l.new_str(name.as_bytes())?;
    let loaded = l.loaded;
    l.table_set(loaded, k, t)?;
    for (n, f) in fns {
        let k = l.new_str(n.as_bytes())?;
        l.table_set(t.as_table(), k, Value::lcf(*f))?;
    }
    Ok(t)
}

/// `getco`: the thread argument 1.
fn getco(l: &mut State) -> Result<*mut Thread, Throw> {
    let v = l.arg(1);
    if v.tt != T_THREAD {
        return Err(l.arg_type_error(1, "thread"));
    }
    Ok(v.as_thread())
}

fn create(l: &mut State) -> R {
    let f = l.arg(1);
    if !f.is_function() {
        return Err(l.arg_type_error(1, "function"));
    }
    let t = coro::new_thread(l, f)?;
    l.push(thread_value(t));
    Ok(1)
}

fn resume(l: &mut State) -> R {
    resume_impl::<false>(l).map(|n| n.unwrap_or(0))
}

/// `coroutine.resume` and the wrap functions as called by compiled code
/// (`jit::helpers::jit_call_native`, the native frame on top): `Ok(None)` when the results
/// went straight to the frame's result slots and the frame was popped ([`Resumed::Posted`]),
/// else as the library functions.
pub(crate) const JIT_RESUME: NativeFn = resume;
pub(crate) const JIT_AUXWRAP: NativeFn = auxwrap;
pub(crate) const JIT_YIELD: NativeFn = yield_;

#[inline(always)]
pub(crate) fn resume_posted(l: &mut State) -> Result<Option<usize>, Throw> {
    resume_impl::<true>(l)
}

#[inline(always)]
pub(crate) fn auxwrap_posted(l: &mut State) -> Result<Option<usize>, Throw> {
    auxwrap_impl::<true>(l)
}

#[inline(always)]
fn resume_impl<const POST: bool>(l: &mut State) -> Result<Option<usize>, Throw> {
    let co = getco(l)?;
    let narg = l.nargs() - 1;
    match coro::resume_ex::<POST>(l, co, narg, true)? {
        Resumed::Values(n) => Ok(Some(n)),
        Resumed::Posted => Ok(None),
        Resumed::Error => {
            let e = l.stack[l.top - 1];
            l.stack[l.top - 1] = Value::FALSE;
            l.push(e);
            Ok(Some(2))
        }
    }
}

/// The function made by `coroutine.wrap` (`auxwrap`); upvalue 1 is the thread.
fn auxwrap(l: &mut State) -> R {
    auxwrap_impl::<false>(l).map(|n| n.unwrap_or(0))
}

#[inline(always)]
fn auxwrap_impl<const POST: bool>(l: &mut State) -> Result<Option<usize>, Throw> {
    let f = l.stack[l.cis[l.ci].func];
    // SAFETY: `auxwrap` is only installed as a native closure with the thread as upvalue.
    let co = unsafe { (&(*f.as_ncl()).upvalues)[0] }.as_thread();
    let narg = l.nargs();
    match coro::resume_ex::<POST>(l, co, narg, false)? {
        Resumed::Values(n) => Ok(Some(n)),
        Resumed::Posted => Ok(None),
        Resumed::Error => {
            // SAFETY: live thread.
            if unsafe { (*co).status } == CO_ERR {
                // Close its to-be-closed variables; their error (or the original) propagates.
                l.top -= 1;
                coro::close_thread(l, co)?;
            }
            let mut e = l.stack[l.top - 1];
            if e.is_str() {
                let mut w = l.where_(1);
                w.extend_from_slice(e.str_bytes());
                e = l.new_str(&w)?;
            }
            Err(l.throw_value(e))
        }
    }
}

fn wrap(l: &mut State) -> R {
    let f = l.arg(1);
    if !f.is_function() {
        return Err(l.arg_type_error(1, "function"));
    }
    let t = coro::new_thread(l, f)?;
    // Anchor the thread while the closure is allocated.
    l.push(thread_value(t));
    let c = l.heap.new_nclosure(auxwrap, vec![thread_value(t)]);
    l.stack[l.top - 1] = Value::ncl(c);
    Ok(1)
}

fn yield_(l: &mut State) -> R {
    let n = l.nargs();
    coro::yield_(l, n)
}

fn status(l: &mut State) -> R {
    let co = getco(l)?;
    let s = l.new_str(coro::status_name(l, co).as_bytes())?;
    l.push(s);
    Ok(1)
}

fn running(l: &mut State) -> R {
    l.check_stack(2)?;
    let t = l.co.cur;
    l.push(thread_value(t));
    l.push(Value::bool(t == l.co.main));
    Ok(2)
}

fn isyieldable(l: &mut State) -> R {
    let y = if l.nargs() == 0 {
        coro::is_yieldable(l)
    } else {
        let co = getco(l)?;
        coro::thread_yieldable(l, co)
    };
    l.push(Value::bool(y));
    Ok(1)
}

fn close(l: &mut State) -> R {
    let co = getco(l)?;
    let st = coro::status_name(l, co);
    match st {
        "dead" | "suspended" => match coro::close_thread(l, co)? {
            None => {
                l.push(Value::TRUE);
                Ok(1)
            }
            Some(e) => {
                l.stack[l.top - 1] = Value::FALSE;
                l.push(e);
                Ok(2)
            }
        },
        _ => Err(l.error_at1(&format!("cannot close a {} coroutine", st))),
    }
}

#[allow(dead_code)]
const _: u8 = CO_OK;
