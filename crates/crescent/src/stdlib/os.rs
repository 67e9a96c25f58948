//! The os library (`loslib.c` of Lua 5.4.4 on POSIX): `clock`, `date`, `difftime`,
//! `execute`, `exit`, `getenv`, `remove`, `rename`, `setlocale`, `time`, `tmpname`.
//!
//! Dates go through the C library (`localtime_r`/`gmtime_r`, `mktime`, `strftime`) exactly as
//! lua5.4 does, including its check of conversion specifiers against the C99 list; results
//! of failing system calls are `nil, strerror(errno), errno` (`luaL_fileresult`).
//! `os.exit(code, true)` closes the state first (pending to-be-closed variables, then every
//! finalizer, then the output flush) via [`close_state`]. Uses `unsafe` for libc calls.

use crate::gc;
use crate::value::*;
use crate::vm::arith::{to_integer, F2I};
use crate::vm::debug::Loc;
use crate::vm::state::State;
use crate::vm::Throw;
use std::ffi::{CStr, CString};
use std::io::Write;

type R = Result<usize, Throw>;

pub fn open(l: &mut State) -> Result<(), Throw> {
    let fns: &[(&str, NativeFn)] = &[
        ("clock", os_clock),
        ("date", os_date),
        ("difftime", os_difftime),
        ("execute", os_execute),
        ("exit", os_exit),
        ("getenv", os_getenv),
        ("remove", os_remove),
        ("rename", os_rename),
        ("setlocale", os_setlocale),
        ("time", os_time),
        ("tmpname", os_tmpname),
    ];
    let t = super::table::new_lib(l, fns)?;
    super::table::register_lib(l, "os", t)
}

fn ret(l: &mut State, v: Value) -> R {
    l.push(v);
    Ok(1)
}

/// A C string from Lua bytes (cut at the first NUL, as C sees them).
fn cstr(b: &[u8]) -> CString {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    CString::new(&b[..end]).expect("no interior NUL")
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn strerror(en: i32) -> Vec<u8> {
    // SAFETY: strerror returns a valid C string.
    unsafe { CStr::from_ptr(libc::strerror(en)).to_bytes().to_vec() }
}

/// `luaL_fileresult`.
pub(crate) fn file_result(l: &mut State, ok: bool, en: i32, fname: Option<&[u8]>) -> R {
    if ok {
        return ret(l, Value::TRUE);
    }
    let mut msg = Vec::new();
    if let Some(f) = fname {
        msg.extend_from_slice(f);
        msg.extend_from_slice(b": ");
    }
    msg.extend_from_slice(&strerror(en));
    let s = l.new_str(&msg)?;
    l.push(Value::NIL);
    l.push(s);
    l.push(Value::int(en as i64));
    Ok(3)
}

/// `luaL_execresult` for a `system`/`pclose` status.
pub(crate) fn exec_result(l: &mut State, stat: i32, en: i32) -> R {
    if stat != 0 && en != 0 {
        return file_result(l, false, en, None);
    }
    let (what, code): (&[u8], i32) = if libc::WIFEXITED(stat) {
        (b"exit", libc::WEXITSTATUS(stat))
    } else if libc::WIFSIGNALED(stat) {
        (b"signal", libc::WTERMSIG(stat))
    } else {
        (b"exit", stat)
    };
    l.push(if what == b"exit" && code == 0 {
        Value::TRUE
    } else {
        Value::NIL
    });
    let s = l.new_str(what)?;
    l.push(s);
    l.push(Value::int(code as i64));
    Ok(3)
}

fn os_execute(l: &mut State) -> R {
    let cmd = l.opt_string(1)?;
    match cmd {
        None => {
            // SAFETY: system(NULL) asks whether a shell exists.
            let stat = unsafe { libc::system(std::ptr::null()) };
            ret(l, Value::bool(stat != 0))
        }
        Some(c) => {
            let c = cstr(c.str_bytes());
            // SAFETY: valid C string; errno reset first as loslib does.
            let (stat, en) = unsafe {
                *libc::__errno_location() = 0;
                let s = libc::system(c.as_ptr());
                (s, errno())
            };
            exec_result(l, stat, en)
        }
    }
}

fn os_remove(l: &mut State) -> R {
    let f = l.check_string(1)?;
    let c = cstr(f.str_bytes());
    // SAFETY: valid C string.
    let ok = unsafe { libc::remove(c.as_ptr()) } == 0;
    let en = errno();
    file_result(l, ok, en, Some(c.as_bytes()))
}

fn os_rename(l: &mut State) -> R {
    let a = l.check_string(1)?;
    let b = l.check_string(2)?;
    let (a, b) = (cstr(a.str_bytes()), cstr(b.str_bytes()));
    // SAFETY: valid C strings.
    let ok = unsafe { libc::rename(a.as_ptr(), b.as_ptr()) } == 0;
    let en = errno();
    file_result(l, ok, en, None)
}

fn os_tmpname(l: &mut State) -> R {
    let mut buf = *b"/tmp/lua_XXXXXX\0";
    // SAFETY: writable NUL-terminated template.
    let fd = unsafe { libc::mkstemp(buf.as_mut_ptr() as *mut libc::c_char) };
    if fd == -1 {
        return Err(l.error_at1("unable to generate a unique filename"));
    }
    // SAFETY: fd just opened.
    unsafe { libc::close(fd) };
    let s = l.new_str(&buf[..buf.len() - 1])?;
    ret(l, s)
}

fn os_getenv(l: &mut State) -> R {
    let n = l.check_string(1)?;
    let c = cstr(n.str_bytes());
    // SAFETY: valid C string; getenv's result is copied at once.
    let p = unsafe { libc::getenv(c.as_ptr()) };
    if p.is_null() {
        return ret(l, Value::NIL);
    }
    // SAFETY: non-null C string from the environment.
    let b = unsafe { CStr::from_ptr(p) }.to_bytes().to_vec();
    let s = l.new_str(&b)?;
    ret(l, s)
}

fn os_clock(l: &mut State) -> R {
    // SAFETY: libc call.
    let c = unsafe { c_clock() };
    ret(l, Value::flt(c as f64 / 1_000_000.0))
}

// ------------------------------------------------------------------ time and date

/// Conversion specifiers accepted by `os.date` (C99), grouped by length; `||` starts the
/// two-character group.
const STRFTIME_OPTIONS: &[u8] =
    b"aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%||EcECExEXEyEYOdOeOHOIOmOMOSOuOUOVOwOWOy";

/// `checkoption`: the length of the valid specifier at the start of `conv`.
fn check_option(l: &mut State, conv: &[u8]) -> Result<usize, Throw> {
    let opts = STRFTIME_OPTIONS;
    let mut oplen = 1;
    let mut i = 0;
    while i < opts.len() && oplen <= conv.len() {
        if opts[i] == b'|' {
            oplen += 1;
        } else if i + oplen <= opts.len() && conv[..oplen] == opts[i..i + oplen] {
            return Ok(oplen);
        }
        i += oplen;
    }
    let end = conv.iter().position(|&c| c == 0).unwrap_or(conv.len());
    let msg = format!(
        "invalid conversion specifier '%{}'",
        String::from_utf8_lossy(&conv[..end])
    );
    Err(l.arg_error(1, &msg))
}

fn zero_tm() -> libc::tm {
    // SAFETY: `tm` is plain old data; all-zero is a valid value (null `tm_zone`).
    unsafe { std::mem::zeroed() }
}

fn check_time(l: &mut State, arg: usize) -> Result<libc::time_t, Throw> {
    let t = l.check_integer(arg)?;
    Ok(t as libc::time_t)
}

/// Sets the date fields of `stm` in the table `t` (`setallfields`), with `__newindex`.
fn set_all_fields(l: &mut State, t: Value, stm: &libc::tm) -> Result<(), Throw> {
    let fields: [(&str, i64); 8] = [
        ("year", stm.tm_year as i64 + 1900),
        ("month", stm.tm_mon as i64 + 1),
        ("day", stm.tm_mday as i64),
        ("hour", stm.tm_hour as i64),
        ("min", stm.tm_min as i64),
        ("sec", stm.tm_sec as i64),
        ("yday", stm.tm_yday as i64 + 1),
        ("wday", stm.tm_wday as i64 + 1),
    ];
    for (k, v) in fields {
        let k = l.new_str(k.as_bytes())?;
        l.set_value(t, k, Value::int(v), Loc::None)?;
    }
    if stm.tm_isdst >= 0 {
        let k = l.new_str(b"isdst")?;
        l.set_value(t, k, Value::bool(stm.tm_isdst != 0), Loc::None)?;
    }
    Ok(())
}

fn os_date(l: &mut State) -> R {
    let fmt = match l.opt_string(1)? {
        Some(s) => s.str_bytes(),
        None => b"%c",
    };
    let t = if l.arg(2).is_nil() {
        // SAFETY: libc call.
        unsafe { libc::time(std::ptr::null_mut()) }
    } else {
        check_time(l, 2)?
    };
    let mut s = fmt;
    let mut tmr = zero_tm();
    // SAFETY: valid pointers.
    let stm = unsafe {
        if s.first() == Some(&b'!') {
            s = &s[1..];
            libc::gmtime_r(&t, &mut tmr)
        } else {
            libc::localtime_r(&t, &mut tmr)
        }
    };
    if stm.is_null() {
        return Err(l.error_at1("date result cannot be represented in this installation"));
    }
    let cs = &s[..s.iter().position(|&c| c == 0).unwrap_or(s.len())];
    if cs == b"*t" {
        let tv = l.new_table();
        l.push(tv);
        // SAFETY: fresh table, rooted on the stack.
        if let Err(e) = unsafe { (*tv.as_table()).resize(&mut l.heap, 0, 9) } {
            return Err(l.table_error(e));
        }
        set_all_fields(l, tv, &tmr)?;
        return Ok(1);
    }
    let mut out = Vec::with_capacity(s.len() + 16);
    let mut i = 0;
    let mut cc = [0u8; 4];
    let mut buff = [0u8; 250];
    while i < s.len() {
        if s[i] != b'%' {
            out.push(s[i]);
            i += 1;
        } else {
            i += 1;
            let n = check_option(l, &s[i..])?;
            cc[0] = b'%';
            cc[1..1 + n].copy_from_slice(&s[i..i + n]);
            cc[1 + n] = 0;
            i += n;
            // SAFETY: NUL-terminated format, valid buffer and tm.
            let len = unsafe {
                libc::strftime(
                    buff.as_mut_ptr() as *mut libc::c_char,
                    buff.len(),
                    cc.as_ptr() as *const libc::c_char,
                    &tmr,
                )
            };
            out.extend_from_slice(&buff[..len]);
        }
    }
    let r = l.new_str(&out)?;
    ret(l, r)
}

/// `getfield`: an integer field of the date table at argument 1.
fn get_field(l: &mut State, key: &str, d: i64, delta: i64) -> Result<i32, Throw> {
    let t = l.arg(1);
    let k = l.new_str(key.as_bytes())?;
    let v = l.get_value(t, k, Loc::None)?;
    let res = match to_integer(v, F2I::Eq) {
        None => {
            if !v.is_nil() {
                return Err(l.error_at1(&format!("field '{}' is not an integer", key)));
            } else if d < 0 {
                return Err(l.error_at1(&format!("field '{}' missing in date table", key)));
            }
            d
        }
        Some(res) => {
            let ok = if res >= 0 {
                (res as u64) <= (i32::MAX as i64 + delta) as u64
            } else {
                i32::MIN as i64 + delta <= res
            };
            if !ok {
                return Err(l.error_at1(&format!("field '{}' is out-of-bound", key)));
            }
            res - delta
        }
    };
    Ok(res as i32)
}

fn get_bool_field(l: &mut State, key: &str) -> Result<i32, Throw> {
    let t = l.arg(1);
    let k = l.new_str(key.as_bytes())?;
    let v = l.get_value(t, k, Loc::None)?;
    Ok(if v.is_nil() { -1 } else { !v.is_falsy() as i32 })
}

fn os_time(l: &mut State) -> R {
    let t = if l.arg(1).is_nil() {
        // SAFETY: libc call.
        unsafe { libc::time(std::ptr::null_mut()) }
    } else {
        l.check_table(1)?;
        l.top = l.base() + 1;
        let mut ts = zero_tm();
        ts.tm_year = get_field(l, "year", -1, 1900)?;
        ts.tm_mon = get_field(l, "month", -1, 1)?;
        ts.tm_mday = get_field(l, "day", -1, 0)?;
        ts.tm_hour = get_field(l, "hour", 12, 0)?;
        ts.tm_min = get_field(l, "min", 0, 0)?;
        ts.tm_sec = get_field(l, "sec", 0, 0)?;
        ts.tm_isdst = get_bool_field(l, "isdst")?;
        // SAFETY: valid tm.
        let t = unsafe { libc::mktime(&mut ts) };
        let tv = l.arg(1);
        set_all_fields(l, tv, &ts)?;
        t
    };
    if t == -1 {
        return Err(l.error_at1("time result cannot be represented in this installation"));
    }
    ret(l, Value::int(t as i64))
}

fn os_difftime(l: &mut State) -> R {
    let t1 = check_time(l, 1)?;
    let t2 = check_time(l, 2)?;
    // SAFETY: libc call.
    ret(l, Value::flt(unsafe { libc::difftime(t1, t2) }))
}

fn os_setlocale(l: &mut State) -> R {
    const CATS: [libc::c_int; 6] = [
        libc::LC_ALL,
        libc::LC_COLLATE,
        libc::LC_CTYPE,
        libc::LC_MONETARY,
        libc::LC_NUMERIC,
        libc::LC_TIME,
    ];
    const NAMES: [&[u8]; 6] = [
        b"all",
        b"collate",
        b"ctype",
        b"monetary",
        b"numeric",
        b"time",
    ];
    let loc = l.opt_string(1)?.map(|s| cstr(s.str_bytes()));
    let op = match l.opt_string(2)? {
        None => 0,
        Some(s) => match NAMES.iter().position(|n| *n == s.str_bytes()) {
            Some(i) => i,
            None => {
                let msg = format!(
                    "invalid option '{}'",
                    String::from_utf8_lossy(s.str_bytes())
                );
                return Err(l.arg_error(2, &msg));
            }
        },
    };
    // SAFETY: valid category and C string (or null to query).
    let r = unsafe {
        libc::setlocale(
            CATS[op],
            loc.as_ref().map_or(std::ptr::null(), |c| c.as_ptr()),
        )
    };
    if r.is_null() {
        return ret(l, Value::NIL);
    }
    // SAFETY: setlocale returned a C string.
    let b = unsafe { CStr::from_ptr(r) }.to_bytes().to_vec();
    let s = l.new_str(&b)?;
    ret(l, s)
}

/// `lua_close` from inside a running native: closes pending to-be-closed variables, runs
/// every finalizer and flushes the output. The state must not be used afterwards except to
/// exit the process.
pub fn close_state(l: &mut State) {
    // lua_close works on the main thread, also when called from a coroutine.
    crate::vm::coro::switch_to_main(l);
    let old_ci = l.ci;
    let old_nc = l.n_ccalls;
    if l.close(1, None).is_err() {
        l.ci = old_ci;
        l.n_ccalls = old_nc;
        let st = l.err_status;
        let _ = l.close_protected(1, st);
    }
    l.ci = 0;
    l.top = 1;
    l.errfunc = 0;
    l.n_ccalls = 0;
    l.close_upvals(0);
    l.heap.separate_all_for_close();
    gc::run_finalizers(l);
    l.flush();
}

fn os_exit(l: &mut State) -> R {
    let v = l.arg(1);
    let status = if v.tt == T_TRUE {
        0
    } else if v.tt == T_FALSE {
        1
    } else {
        l.opt_integer(1, 0)? as i32
    };
    if !l.arg(2).is_falsy() {
        close_state(l);
    }
    l.flush();
    let _ = std::io::stdout().flush();
    std::process::exit(status)
}

extern "C" {
    #[link_name = "clock"]
    fn c_clock() -> libc::c_long;
}
