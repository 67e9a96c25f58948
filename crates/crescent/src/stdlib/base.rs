//! The base library subset of this stage: print, type, tostring, tonumber, pcall, xpcall,
//! error, select, setmetatable, getmetatable, rawget, rawset, rawequal, rawlen, pairs, ipairs,
//! next, assert, collectgarbage, `_G`, `_VERSION`. Natives follow `lbaselib.c` including its
//! error messages. Uses `unsafe` only to access tables behind values.

use crate::gc;
use crate::value::*;
use crate::vm::debug::Loc;
use crate::vm::state::State;
use crate::vm::{Status, Throw, MULTRET};
use std::io::Write;

type R = Result<usize, Throw>;

pub fn open(l: &mut State) -> Result<(), Throw> {
    let fns: &[(&str, NativeFn)] = &[
        ("assert", assert),
        ("collectgarbage", collectgarbage),
        ("error", error),
        ("getmetatable", getmetatable),
        ("ipairs", ipairs),
        ("next", next),
        ("pairs", pairs),
        ("pcall", pcall),
        ("print", print),
        ("rawequal", rawequal),
        ("rawget", rawget),
        ("rawlen", rawlen),
        ("rawset", rawset),
        ("select", select),
        ("setmetatable", setmetatable),
        ("tonumber", tonumber),
        ("tostring", tostring),
        ("type", type_),
        ("xpcall", xpcall),
    ];
    for (name, f) in fns {
        l.set_global(name, Value::lcf(*f))?;
    }
    let g = Value::table(l.globals);
    l.set_global("_G", g)?;
    let v = l.new_str(b"Lua 5.4")?;
    l.set_global("_VERSION", v)?;
    // Pre-intern names looked up by natives.
    for n in ["__tostring", "__name", "__metatable", "__pairs"] {
        l.heap.new_fixed_str(n.as_bytes());
    }
    Ok(())
}

fn ret1(l: &mut State, v: Value) -> R {
    l.push(v);
    Ok(1)
}

fn print(l: &mut State) -> R {
    let n = l.nargs();
    for i in 1..=n {
        let v = l.arg(i);
        let s = if v.is_str() { v } else { l.to_display(v)? };
        if i > 1 {
            let _ = l.out.write_all(b"\t");
        }
        let _ = l.out.write_all(s.str_bytes());
    }
    let _ = l.out.write_all(b"\n");
    let _ = l.out.flush();
    Ok(0)
}

fn type_(l: &mut State) -> R {
    let v = l.check_any(1)?;
    let s = match l.heap.type_str(v) {
        Some(s) => Value::str(s),
        None => return Err(l.mem_error()),
    };
    ret1(l, s)
}

fn tostring(l: &mut State) -> R {
    let v = l.check_any(1)?;
    let s = l.to_display(v)?;
    ret1(l, s)
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\x0c' | b'\n' | b'\r' | b'\t' | b'\x0b')
}

/// `l_str2int`: an integer numeral in `base`, with surrounding spaces.
fn str2int(s: &[u8], base: u32) -> Option<i64> {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let mut neg = false;
    if i < s.len() && s[i] == b'-' {
        neg = true;
        i += 1;
    } else if i < s.len() && s[i] == b'+' {
        i += 1;
    }
    if i >= s.len() || !s[i].is_ascii_alphanumeric() {
        return None;
    }
    let mut n: u64 = 0;
    while i < s.len() && s[i].is_ascii_alphanumeric() {
        let c = s[i];
        let d = if c.is_ascii_digit() {
            (c - b'0') as u32
        } else {
            (c.to_ascii_uppercase() - b'A') as u32 + 10
        };
        if d >= base {
            return None;
        }
        n = n.wrapping_mul(base as u64).wrapping_add(d as u64);
        i += 1;
    }
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    if i != s.len() {
        return None;
    }
    Some(if neg {
        0u64.wrapping_sub(n) as i64
    } else {
        n as i64
    })
}

fn tonumber(l: &mut State) -> R {
    if l.arg(2).is_nil() {
        let v = l.arg(1);
        if v.is_number() {
            return ret1(l, v);
        }
        if v.is_str() {
            if let Some(n) = crate::vm::arith::str_to_number(v.str_bytes()) {
                return ret1(l, n);
            }
        }
        l.check_any(1)?;
    } else {
        let base = l.check_integer(2)?;
        let v = l.arg(1);
        if !v.is_str() {
            return Err(l.arg_type_error(1, "string"));
        }
        if !(2..=36).contains(&base) {
            return Err(l.arg_error(2, "base out of range"));
        }
        if let Some(n) = str2int(v.str_bytes(), base as u32) {
            return ret1(l, Value::int(n));
        }
    }
    ret1(l, Value::NIL)
}

fn pcall(l: &mut State) -> R {
    l.check_any(1)?;
    let base = l.base();
    // Insert `true` below the function.
    let mut p = l.top;
    while p > base {
        l.stack[p] = l.stack[p - 1];
        p -= 1;
    }
    l.stack[base] = Value::TRUE;
    l.top += 1;
    finish_pcall(l, base, base + 1, 0)
}

fn finish_pcall(l: &mut State, base: usize, func: usize, errfunc: usize) -> R {
    // Yieldable, as lua_pcallk with a continuation (`crate::vm::coro`).
    l.co.yieldable_call = true;
    match l.pcall(func, MULTRET, errfunc) {
        Status::Ok => Ok(l.top - (func - 1)),
        _ => {
            let e = l.stack[func];
            l.stack[func] = Value::FALSE;
            l.stack[func + 1] = e;
            l.top = func + 2;
            let _ = base;
            Ok(2)
        }
    }
}

fn xpcall(l: &mut State) -> R {
    let n = l.nargs();
    if !l.arg(2).is_function() {
        return Err(l.arg_type_error(2, "function"));
    }
    l.check_stack(2)?;
    let base = l.base();
    // [f, h, args...] -> [f, h, true, f, args...]
    let top = l.top;
    let mut p = top + 1;
    while p > base + 3 {
        l.stack[p] = l.stack[p - 2];
        p -= 1;
    }
    l.stack[base + 2] = Value::TRUE;
    l.stack[base + 3] = l.stack[base];
    l.top = top + 2;
    let _ = n;
    finish_pcall(l, base, base + 3, base + 1)
}

fn error(l: &mut State) -> R {
    let level = l.opt_integer(2, 1)?;
    let v = l.arg(1);
    let v = if v.is_str() && level > 0 {
        let mut w = l.where_(level as usize);
        w.extend_from_slice(v.str_bytes());
        l.new_str(&w)?
    } else {
        v
    };
    Err(l.throw_value(v))
}

fn assert(l: &mut State) -> R {
    let v = l.arg(1);
    if !v.is_falsy() {
        return Ok(l.nargs());
    }
    l.check_any(1)?;
    let msg = if l.nargs() >= 2 {
        l.arg(2)
    } else {
        l.new_str(b"assertion failed!")?
    };
    let msg = if msg.is_str() {
        let mut w = l.where_(1);
        w.extend_from_slice(msg.str_bytes());
        l.new_str(&w)?
    } else {
        msg
    };
    Err(l.throw_value(msg))
}

fn select(l: &mut State) -> R {
    let n = l.nargs() as i64;
    let a = l.arg(1);
    if a.is_str() && a.str_bytes().first() == Some(&b'#') {
        return ret1(l, Value::int(n - 1));
    }
    let mut i = l.check_integer(1)?;
    if i < 0 {
        i += n;
    } else if i > n {
        i = n;
    }
    if i < 1 {
        return Err(l.arg_error(1, "index out of range"));
    }
    Ok((n - i) as usize)
}

fn setmetatable(l: &mut State) -> R {
    let mt = l.arg(2);
    let t = l.check_table(1)?;
    if !((mt.is_nil() && l.nargs() >= 2) || mt.is_table()) {
        return Err(l.arg_type_error(2, "nil or table"));
    }
    // SAFETY: `t` is a live table, its metatable (if any) too; `mt_key` is a fixed string.
    unsafe {
        let old = (*t.as_table()).metatable;
        if !old.is_null() && !(*(*old).get_shortstr(l.heap.mt_key)).is_nil() {
            return Err(l.error_at1("cannot change a protected metatable"));
        }
        if (*t.as_table()).is_proto() {
            l.heap.mcache.bump();
        }
        (*t.as_table()).metatable = if mt.is_nil() {
            std::ptr::null_mut()
        } else {
            mt.as_table()
        };
    }
    if mt.is_table() {
        gc::check_finalizer(l, t.as_gc(), mt.as_table());
    }
    ret1(l, t)
}

fn getmetatable(l: &mut State) -> R {
    let v = l.check_any(1)?;
    let mt = l.metatable_of(v);
    if mt.is_null() {
        return ret1(l, Value::NIL);
    }
    let f = l.meta_field(v, b"__metatable");
    ret1(l, if f.is_nil() { Value::table(mt) } else { f })
}

fn rawget(l: &mut State) -> R {
    let t = l.check_table(1)?;
    let k = l.check_any(2)?;
    // SAFETY: live table.
    let v = unsafe { *(*t.as_table()).get(k, l.heap.seed) };
    ret1(l, v)
}

fn rawset(l: &mut State) -> R {
    let t = l.check_table(1)?;
    let k = l.check_any(2)?;
    let v = l.check_any(3)?;
    l.table_set(t.as_table(), k, v)?;
    // SAFETY: live table; a raw set may add a key, so drop the metamethod cache.
    unsafe { (*t.as_table()).flags = 0 };
    ret1(l, t)
}

fn rawequal(l: &mut State) -> R {
    let a = l.check_any(1)?;
    let b = l.check_any(2)?;
    ret1(l, Value::bool(a.raw_eq(b)))
}

fn rawlen(l: &mut State) -> R {
    let v = l.arg(1);
    let n = match v.tt {
        // SAFETY: live table.
        T_TABLE => unsafe { (*v.as_table()).length() as i64 },
        T_SHRSTR | T_LNGSTR => v.str_bytes().len() as i64,
        _ => return Err(l.arg_type_error(1, "table or string")),
    };
    ret1(l, Value::int(n))
}

fn next(l: &mut State) -> R {
    let t = l.check_table(1)?;
    let k = l.arg(2);
    // SAFETY: live table.
    match unsafe { (*t.as_table()).next(k, l.heap.seed) } {
        Ok(Some((k, v))) => {
            l.push(k);
            l.push(v);
            Ok(2)
        }
        Ok(None) => ret1(l, Value::NIL),
        Err(()) => Err(l.rt_error("invalid key to 'next'")),
    }
}

fn pairs(l: &mut State) -> R {
    let t = l.check_any(1)?;
    let tm = l.meta_field(t, b"__pairs");
    if tm.is_nil() {
        l.push(Value::lcf(next));
        l.push(t);
        l.push(Value::NIL);
    } else {
        let f = l.top;
        l.push(tm);
        l.push(t);
        l.co.yieldable_call = true;
        l.call(f, 3)?;
    }
    Ok(3)
}

fn ipairs_aux(l: &mut State) -> R {
    let i = l.check_integer(2)?.wrapping_add(1);
    let t = l.arg(1);
    l.push(Value::int(i));
    let v = l.get_value(t, Value::int(i), Loc::None)?;
    l.push(v);
    Ok(if v.is_nil() { 1 } else { 2 })
}

fn ipairs(l: &mut State) -> R {
    let t = l.check_any(1)?;
    l.push(Value::lcf(ipairs_aux));
    l.push(t);
    l.push(Value::int(0));
    Ok(3)
}

fn collectgarbage(l: &mut State) -> R {
    const OPTS: [&str; 10] = [
        "stop",
        "restart",
        "collect",
        "count",
        "step",
        "setpause",
        "setstepmul",
        "isrunning",
        "generational",
        "incremental",
    ];
    let opt = match l.opt_string(1)? {
        None => "collect".to_string(),
        Some(s) => String::from_utf8_lossy(s.str_bytes()).into_owned(),
    };
    if !OPTS.contains(&opt.as_str()) {
        return Err(l.arg_error(1, &format!("invalid option '{}'", opt)));
    }
    if l.heap.finalizing {
        // lua_gc refuses to work inside a finalizer; collectgarbage then returns fail.
        return ret1(l, Value::NIL);
    }
    match opt.as_str() {
        "collect" => {
            gc::full_gc(l);
            ret1(l, Value::int(0))
        }
        "count" => {
            let kb = l.heap.total as f64 / 1024.0;
            ret1(l, Value::flt(kb))
        }
        "step" => {
            // lua_gc takes the size as a C int; 0 means "a basic step", n > 0 adds n KB of
            // debt, and a step runs only when the debt is positive. This collector is atomic,
            // so a step that runs finishes a whole cycle. The answer is 5.4.4's: true when a
            // cycle ended, which generational mode (lua.c's default) never reports.
            let data = l.opt_integer(2, 0)? as i32;
            let runs =
                data == 0 || data as i64 * 1024 + l.heap.total as i64 - l.heap.threshold as i64 > 0;
            if runs {
                gc::full_gc(l);
            }
            let ended_cycle = runs && !l.heap.generational;
            ret1(l, Value::bool(ended_cycle))
        }
        "stop" => {
            l.heap.stopped = true;
            ret1(l, Value::int(0))
        }
        "restart" => {
            l.heap.stopped = false;
            ret1(l, Value::int(0))
        }
        "isrunning" => {
            let r = !l.heap.stopped;
            ret1(l, Value::bool(r))
        }
        "setpause" | "setstepmul" => {
            let v = l.opt_integer(2, 0)?;
            // PUC stores these parameters divided by 4 in a byte.
            let stored = ((v.clamp(0, 1023) / 4) * 4) as u32;
            let prev = if opt == "setpause" {
                std::mem::replace(&mut l.heap.pause, stored)
            } else {
                std::mem::replace(&mut l.heap.stepmul, stored)
            };
            ret1(l, Value::int(prev as i64))
        }
        "incremental" => {
            let pause = l.opt_integer(2, 0)?;
            let stepmul = l.opt_integer(3, 0)?;
            l.opt_integer(4, 0)?;
            if pause != 0 {
                l.heap.pause = ((pause.clamp(0, 1023) / 4) * 4) as u32;
            }
            if stepmul != 0 {
                l.heap.stepmul = ((stepmul.clamp(0, 1023) / 4) * 4) as u32;
            }
            let prev = std::mem::replace(&mut l.heap.generational, false);
            let s = l.new_str(if prev {
                b"generational"
            } else {
                b"incremental"
            })?;
            ret1(l, s)
        }
        _ => {
            // "generational": the mode is recorded; collections stay full and atomic.
            l.opt_integer(2, 0)?;
            l.opt_integer(3, 0)?;
            let prev = std::mem::replace(&mut l.heap.generational, true);
            let s = l.new_str(if prev {
                b"generational"
            } else {
                b"incremental"
            })?;
            ret1(l, s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::str2int;
    #[test]
    fn str2int_bases() {
        assert_eq!(str2int(b"ff", 16), Some(255));
        assert_eq!(str2int(b"  -101  ", 2), Some(-5));
        assert_eq!(str2int(b"z", 36), Some(35));
        assert_eq!(str2int(b"8", 8), None);
        assert_eq!(str2int(b"", 10), None);
    }
}
