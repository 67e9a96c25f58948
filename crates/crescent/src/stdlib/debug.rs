//! The `debug` library (`ldblib.c` with the `ldebug.c` parts it needs: `lua_getstack`,
//! `lua_getinfo`, `lua_getlocal`/`lua_setlocal`, `luaL_traceback`), with lua5.4's messages and
//! output formats.
//!
//! Frames are addressed as in PUC: level 0 is the running function, each level up is its
//! caller. A coroutine's base `CallInfo` is not a level; the main thread's base `CallInfo`
//! stands for `lua.c`'s `pmain` (a C function) so tracebacks end with `[C]: in ?` as lua5.4's
//! do. Functions taking a thread argument inspect that thread by swapping its Lua state in
//! (`coro::with_thread`) while they only read or write slots. Hooks are in `vm::hooks`.
//! Uses `unsafe` to read closures, prototypes and upvalues behind values.

use crate::object::closure::LProto;
use crate::value::*;
use crate::vm::coro::{self, thread_value, Thread};
use crate::vm::debug::{chunk_id, local_name};
use crate::vm::hooks::{self, CIST_HOOKED, CIST_TRAN};
use crate::vm::state::{State, CIST_C, CIST_TAIL};
use crate::vm::Throw;

type R = Result<usize, Throw>;

pub fn open(l: &mut State) -> Result<(), Throw> {
    let fns: &[(&str, NativeFn)] = &[
        ("debug", debug),
        ("gethook", gethook),
        ("getinfo", getinfo),
        ("getlocal", getlocal),
        ("getmetatable", getmetatable),
        ("getregistry", getregistry),
        ("getupvalue", getupvalue),
        ("getuservalue", getuservalue),
        ("sethook", sethook),
        ("setlocal", setlocal),
        ("setmetatable", setmetatable),
        ("setupvalue", setupvalue),
        ("setuservalue", setuservalue),
        ("traceback", traceback),
        ("upvalueid", upvalueid),
        ("upvaluejoin", upvaluejoin),
        ("setcstacklimit", setcstacklimit),
    ];
    super::coroutine::new_lib(l, "debug", fns)?;
    Ok(())
}

fn ret1(l: &mut State, v: Value) -> R {
    l.push(v);
    Ok(1)
}

fn str_value(l: &mut State, s: &[u8]) -> Result<Value, Throw> {
    l.new_str(s)
}

/// `getthread`: the thread argument (if any) and the offset of the other arguments.
fn getthread(l: &State) -> (*mut Thread, usize) {
    let v = l.arg(1);
    if v.tt == T_THREAD {
        (v.as_thread(), 1)
    } else {
        (l.co.cur, 0)
    }
}

// ------------------------------------------------------------------ frames

/// `lua_getstack` on the Lua state in `l`: the `CallInfo` index of `level`.
pub fn level_ci(l: &State, level: i64) -> Option<usize> {
    if level < 0 || level > l.ci as i64 {
        return None;
    }
    let ci = l.ci - level as usize;
    if ci >= 1 || l.co.cur == l.co.main {
        Some(ci)
    } else {
        None
    }
}

/// The highest valid level (`lastlevel`).
fn last_level(l: &State) -> i64 {
    let base = if l.co.cur == l.co.main { 0 } else { 1 };
    (l.ci as i64 - base).max(0)
}

fn is_lua_frame(l: &State, ci: usize) -> bool {
    ci > 0 && l.cis[ci].status & CIST_C == 0 && l.stack[l.cis[ci].func].tt == T_LCL
}

fn proto_of(f: Value) -> Option<&'static LProto> {
    if f.tt == T_LCL {
        // SAFETY: Lua closure values point at live closures and prototypes; the reference
        // is used only while the function is reachable from the caller's stack.
        Some(unsafe { &*(*f.as_lcl()).proto })
    } else {
        None
    }
}

/// `getfuncname`: (namewhat, name) of the function running in frame `ci`.
fn frame_name(l: &State, ci: usize) -> Option<(&'static str, String)> {
    if ci == 0 || l.cis[ci].status & CIST_TAIL != 0 {
        return None;
    }
    let caller = ci - 1;
    if l.cis[caller].status & CIST_HOOKED != 0 {
        return Some(("hook", "?".to_string()));
    }
    l.func_name(ci)
}

/// What `lua_getinfo` gathers about a function (and the frame running it, if any).
struct Info {
    func: Value,
    source: Vec<u8>,
    short_src: Vec<u8>,
    linedefined: i64,
    lastlinedefined: i64,
    what: &'static str,
    currentline: i64,
    nups: i64,
    nparams: i64,
    isvararg: bool,
    name: Option<(&'static str, String)>,
    istailcall: bool,
    transfer: (i64, i64),
    activelines: Option<Vec<i64>>,
}

fn get_info(l: &State, func: Value, ci: Option<usize>) -> Info {
    let p = proto_of(func);
    let (source, linedefined, lastlinedefined, what) = match p {
        Some(p) => {
            let src = if p.src.source.is_empty() {
                b"=?".to_vec()
            } else {
                p.src.source.to_vec()
            };
            let ld = p.src.line_defined as i64;
            (
                src,
                ld,
                p.src.last_line_defined as i64,
                if ld == 0 { "main" } else { "Lua" },
            )
        }
        None => (b"=[C]".to_vec(), -1, -1, "C"),
    };
    let short_src = chunk_id(&source);
    let currentline = match ci {
        Some(ci) if is_lua_frame(l, ci) => l.current_line(ci),
        _ => -1,
    };
    let (nups, nparams, isvararg) = match func.tt {
        // SAFETY: closure values point at live closures.
        T_LCL => unsafe {
            (
                (*func.as_lcl()).nupvals as i64,
                p.unwrap().numparams as i64,
                p.unwrap().is_vararg,
            )
        },
        T_NCL => (unsafe { (*func.as_ncl()).upvalues.len() } as i64, 0, true),
        _ => (0, 0, true),
    };
    let name = ci.and_then(|ci| frame_name(l, ci));
    let istailcall = ci.is_some_and(|ci| l.cis[ci].status & CIST_TAIL != 0);
    let transfer = match ci {
        Some(ci) if l.cis[ci].status & CIST_TRAN != 0 => {
            (l.th.ftransfer as i64, l.th.ntransfer as i64)
        }
        _ => (0, 0),
    };
    let activelines = p.map(|p| {
        let code = &p.src.code;
        let start = if p.is_vararg { 1 } else { 0 };
        (start..code.len()).map(|pc| p.line(pc)).collect()
    });
    Info {
        func,
        source,
        short_src,
        linedefined,
        lastlinedefined,
        what,
        currentline,
        nups,
        nparams,
        isvararg,
        name,
        istailcall,
        transfer,
        activelines,
    }
}

fn set_field(l: &mut State, t: Value, k: &str, v: Value) -> Result<(), Throw> {
    let k = l.new_str(k.as_bytes())?;
    l.table_set(t.as_table(), k, v)
}

fn getinfo(l: &mut State) -> R {
    let (th, arg) = getthread(l);
    let opts: Vec<u8> = match l.opt_string(arg + 2)? {
        Some(s) => s.str_bytes().to_vec(),
        None => b"flnSrtu".to_vec(),
    };
    if opts.first() == Some(&b'>') {
        return Err(l.arg_error(arg + 2, "invalid option '>'"));
    }
    let fa = l.arg(arg + 1);
    let info = if fa.is_function() {
        get_info(l, fa, None)
    } else {
        let level = l.check_integer(arg + 1)?;
        match coro::with_thread(l, th, |l| {
            level_ci(l, level).map(|ci| get_info(l, l.stack[l.cis[ci].func], Some(ci)))
        }) {
            Some(i) => i,
            None => return ret1(l, Value::NIL),
        }
    };
    if opts.iter().any(|c| !b"SlutnrLf".contains(c)) {
        return Err(l.arg_error(arg + 2, "invalid option"));
    }
    let t = l.new_table();
    l.push(t);
    let has = |c: u8| opts.contains(&c);
    if has(b'S') {
        let s = str_value(l, &info.source)?;
        set_field(l, t, "source", s)?;
        let s = str_value(l, &info.short_src)?;
        set_field(l, t, "short_src", s)?;
        set_field(l, t, "linedefined", Value::int(info.linedefined))?;
        set_field(l, t, "lastlinedefined", Value::int(info.lastlinedefined))?;
        let s = str_value(l, info.what.as_bytes())?;
        set_field(l, t, "what", s)?;
    }
    if has(b'l') {
        set_field(l, t, "currentline", Value::int(info.currentline))?;
    }
    if has(b'u') {
        set_field(l, t, "nups", Value::int(info.nups))?;
        set_field(l, t, "nparams", Value::int(info.nparams))?;
        set_field(l, t, "isvararg", Value::bool(info.isvararg))?;
    }
    if has(b'n') {
        let (nw, n) = match &info.name {
            Some((w, n)) => (*w, Some(n.clone())),
            None => ("", None),
        };
        if let Some(n) = n {
            let s = str_value(l, n.as_bytes())?;
            set_field(l, t, "name", s)?;
        }
        let s = str_value(l, nw.as_bytes())?;
        set_field(l, t, "namewhat", s)?;
    }
    if has(b'r') {
        set_field(l, t, "ftransfer", Value::int(info.transfer.0))?;
        set_field(l, t, "ntransfer", Value::int(info.transfer.1))?;
    }
    if has(b't') {
        set_field(l, t, "istailcall", Value::bool(info.istailcall))?;
    }
    if has(b'L') {
        if let Some(lines) = &info.activelines {
            let lt = l.new_table();
            set_field(l, t, "activelines", lt)?;
            for &ln in lines {
                l.table_set(lt.as_table(), Value::int(ln), Value::TRUE)?;
            }
        }
    }
    if has(b'f') {
        set_field(l, t, "func", info.func)?;
    }
    Ok(1)
}

// ------------------------------------------------------------------ locals

/// `luaG_findlocal`: name and stack index of local `n` of frame `ci`.
fn find_local(l: &State, ci: usize, n: i64) -> Option<(String, usize)> {
    let c = l.cis[ci];
    let base = c.func + 1;
    let lua = is_lua_frame(l, ci);
    let mut name = None;
    if lua {
        let p = proto_of(l.stack[c.func]).expect("Lua frame");
        if n < 0 {
            // Varargs.
            if p.is_vararg {
                let nextra = c.nextraargs as i64;
                if n >= -nextra {
                    return Some((
                        "(vararg)".to_string(),
                        (c.func as i64 - nextra - (n + 1)) as usize,
                    ));
                }
            }
            return None;
        }
        if n > 0 {
            name = local_name(&p.src, n as usize, l.current_pc(ci));
        }
    }
    if name.is_none() {
        let limit = if ci == l.ci {
            l.top
        } else {
            l.cis[ci + 1].func
        };
        if n > 0 && limit as i64 - base as i64 >= n {
            name = Some(if lua { "(temporary)" } else { "(C temporary)" }.to_string());
        } else {
            return None;
        }
    }
    Some((name.unwrap(), base + n as usize - 1))
}

fn getlocal(l: &mut State) -> R {
    let (th, arg) = getthread(l);
    let nvar = l.check_integer(arg + 2)?;
    let fa = l.arg(arg + 1);
    if fa.is_function() {
        let name = proto_of(fa).and_then(|p| {
            if nvar > 0 {
                local_name(&p.src, nvar as usize, 0)
            } else {
                None
            }
        });
        let v = match name {
            Some(n) => str_value(l, n.as_bytes())?,
            None => Value::NIL,
        };
        return ret1(l, v);
    }
    let level = l.check_integer(arg + 1)?;
    let r = coro::with_thread(l, th, |l| {
        level_ci(l, level).map(|ci| find_local(l, ci, nvar).map(|(n, pos)| (n, l.stack[pos])))
    });
    match r {
        None => Err(l.arg_error(arg + 1, "level out of range")),
        Some(None) => ret1(l, Value::NIL),
        Some(Some((name, v))) => {
            l.check_stack(2)?;
            let s = str_value(l, name.as_bytes())?;
            l.push(s);
            l.push(v);
            Ok(2)
        }
    }
}

fn setlocal(l: &mut State) -> R {
    let (th, arg) = getthread(l);
    let level = l.check_integer(arg + 1)?;
    let nvar = l.check_integer(arg + 2)?;
    if coro::with_thread(l, th, |l| level_ci(l, level)).is_none() {
        return Err(l.arg_error(arg + 1, "level out of range"));
    }
    let v = l.check_any(arg + 3)?;
    let name = coro::with_thread(l, th, |l| {
        let ci = level_ci(l, level)?;
        let (name, pos) = find_local(l, ci, nvar)?;
        l.stack[pos] = v;
        Some(name)
    });
    let r = match name {
        Some(n) => str_value(l, n.as_bytes())?,
        None => Value::NIL,
    };
    ret1(l, r)
}

// ------------------------------------------------------------------ upvalues

/// `aux_upvalue`: name of upvalue `n` of function `f` and a pointer to its value.
fn upvalue_ref(f: Value, n: i64) -> Option<(String, *mut Value)> {
    match f.tt {
        T_LCL => {
            // SAFETY: live closure; upvalue pointers of a closure are set when it is created.
            unsafe {
                let c = &*f.as_lcl();
                let p = &*c.proto;
                if n < 1 || n as usize > p.src.upvalues.len() || n as usize > c.nupvals as usize {
                    return None;
                }
                let uv = c.upval(n as usize - 1);
                let name = match &p.src.upvalues[n as usize - 1].name {
                    Some(s) => String::from_utf8_lossy(s).into_owned(),
                    None => "(no name)".to_string(),
                };
                Some((name, (*uv).v))
            }
        }
        T_NCL => {
            // SAFETY: live native closure.
            unsafe {
                let ups = &mut (*f.as_ncl()).upvalues;
                if n < 1 || n as usize > ups.len() {
                    return None;
                }
                Some((String::new(), ups.as_mut_ptr().add(n as usize - 1)))
            }
        }
        _ => None,
    }
}

fn getupvalue(l: &mut State) -> R {
    let n = l.check_integer(2)?;
    let f = l.arg(1);
    if !f.is_function() {
        return Err(l.arg_type_error(1, "function"));
    }
    match upvalue_ref(f, n) {
        None => Ok(0),
        Some((name, p)) => {
            // SAFETY: the pointer is to a live upvalue slot.
            let v = unsafe { *p };
            let s = str_value(l, name.as_bytes())?;
            l.check_stack(2)?;
            l.push(s);
            l.push(v);
            Ok(2)
        }
    }
}

fn setupvalue(l: &mut State) -> R {
    let v = l.check_any(3)?;
    let n = l.check_integer(2)?;
    let f = l.arg(1);
    if !f.is_function() {
        return Err(l.arg_type_error(1, "function"));
    }
    match upvalue_ref(f, n) {
        None => Ok(0),
        Some((name, p)) => {
            // SAFETY: the pointer is to a live upvalue slot.
            unsafe { *p = v };
            let s = str_value(l, name.as_bytes())?;
            ret1(l, s)
        }
    }
}

/// `lua_upvalueid`: an identity for upvalue `n` of `f` (null if none).
fn upvalue_id(f: Value, n: i64) -> usize {
    match f.tt {
        T_LCL => {
            // SAFETY: live closure.
            unsafe {
                let c = &*f.as_lcl();
                let p = &*c.proto;
                let nup = p.src.upvalues.len().min(c.nupvals as usize);
                if n >= 1 && n as usize <= nup {
                    c.upval(n as usize - 1) as usize
                } else {
                    0
                }
            }
        }
        T_NCL => upvalue_ref(f, n).map(|(_, p)| p as usize).unwrap_or(0),
        _ => 0,
    }
}

/// `checkupval`.
fn check_upval(
    l: &mut State,
    argf: usize,
    argnup: usize,
    strict: bool,
) -> Result<(usize, i64), Throw> {
    let n = l.check_integer(argnup)?;
    let f = l.arg(argf);
    if !f.is_function() {
        return Err(l.arg_type_error(argf, "function"));
    }
    let id = upvalue_id(f, n);
    if strict && id == 0 {
        return Err(l.arg_error(argnup, "invalid upvalue index"));
    }
    Ok((id, n))
}

fn upvalueid(l: &mut State) -> R {
    let (id, _) = check_upval(l, 1, 2, false)?;
    ret1(
        l,
        if id == 0 {
            Value::NIL
        } else {
            Value {
                v: id as u64,
                tt: T_LIGHTUD,
            }
        },
    )
}

fn upvaluejoin(l: &mut State) -> R {
    let (_, n1) = check_upval(l, 1, 2, true)?;
    let (_, n2) = check_upval(l, 3, 4, true)?;
    let f1 = l.arg(1);
    let f2 = l.arg(3);
    if f1.tt != T_LCL {
        return Err(l.arg_error(1, "Lua function expected"));
    }
    if f2.tt != T_LCL {
        return Err(l.arg_error(3, "Lua function expected"));
    }
    // SAFETY: both are live Lua closures and the indices were checked.
    unsafe {
        let u2 = (*f2.as_lcl()).upval(n2 as usize - 1);
        *(*f1.as_lcl()).upvals_ptr().add(n1 as usize - 1) = u2;
    }
    Ok(0)
}

// ------------------------------------------------------------------ metatables, registry

fn getmetatable(l: &mut State) -> R {
    let v = l.check_any(1)?;
    let mt = l.metatable_of(v);
    ret1(
        l,
        if mt.is_null() {
            Value::NIL
        } else {
            Value::table(mt)
        },
    )
}

fn setmetatable(l: &mut State) -> R {
    let mt = l.arg(2);
    if !(mt.is_nil() || mt.is_table()) {
        return Err(l.arg_type_error(2, "nil or table"));
    }
    let v = l.arg(1);
    let mtp = if mt.is_nil() {
        std::ptr::null_mut()
    } else {
        mt.as_table()
    };
    match v.tt {
        T_TABLE => {
            // SAFETY: live table.
            unsafe {
                if (*v.as_table()).is_proto() {
                    l.heap.mcache.bump();
                }
                (*v.as_table()).metatable = mtp
            };
            if !mtp.is_null() {
                crate::gc::check_finalizer(l, v.as_gc(), mtp);
            }
        }
        T_UDATA => l.set_udata_metatable(v, mtp),
        _ => {
            let i = v.ltype() as usize;
            l.mt[i] = mtp;
        }
    }
    l.top = l.base() + 1;
    Ok(1)
}

fn getregistry(l: &mut State) -> R {
    let r = Value::table(l.registry);
    ret1(l, r)
}

fn getuservalue(l: &mut State) -> R {
    let n = l.opt_integer(2, 1)?;
    let v = l.arg(1);
    if v.tt != T_UDATA {
        return ret1(l, Value::NIL);
    }
    match l.get_uservalue(v, n) {
        Some(uv) => {
            l.check_stack(2)?;
            l.push(uv);
            l.push(Value::TRUE);
            Ok(2)
        }
        None => ret1(l, Value::NIL),
    }
}

fn setuservalue(l: &mut State) -> R {
    let n = l.opt_integer(3, 1)?;
    if l.arg(1).tt != T_UDATA {
        return Err(l.arg_type_error(1, "userdata"));
    }
    let val = l.check_any(2)?;
    let u = l.arg(1);
    if l.set_uservalue(u, n, val) {
        ret1(l, u)
    } else {
        ret1(l, Value::NIL)
    }
}

// ------------------------------------------------------------------ hooks

fn hook_table(l: &mut State) -> Result<Value, Throw> {
    let k = l.new_str(hooks::HOOKKEY)?;
    // SAFETY: the registry is a live table.
    let t = unsafe { *(*l.registry).get(k, l.heap.seed) };
    if t.tt == T_TABLE {
        return Ok(t);
    }
    let t = l.new_table();
    l.push(t);
    let reg = l.registry;
    l.table_set(reg, k, t)?;
    let mk = l.new_str(b"__mode")?;
    let kv = l.new_str(b"k")?;
    l.table_set(t.as_table(), mk, kv)?;
    // SAFETY: live table; it is its own metatable.
    unsafe { (*t.as_table()).metatable = t.as_table() };
    l.top -= 1;
    Ok(t)
}

fn sethook(l: &mut State) -> R {
    let (th, arg) = getthread(l);
    let f = l.arg(arg + 1);
    let (mask, count) = if f.is_nil() {
        (0, 0)
    } else {
        let smask = l.check_string(arg + 2)?.str_bytes().to_vec();
        if !f.is_function() {
            return Err(l.arg_type_error(arg + 1, "function"));
        }
        let count = l.opt_integer(arg + 3, 0)?;
        let mut mask = 0;
        if smask.contains(&b'c') {
            mask |= hooks::MASK_CALL;
        }
        if smask.contains(&b'r') {
            mask |= hooks::MASK_RET;
        }
        if smask.contains(&b'l') {
            mask |= hooks::MASK_LINE;
        }
        if count > 0 {
            mask |= hooks::MASK_COUNT;
        }
        (mask, count.clamp(0, i32::MAX as i64) as i32)
    };
    let ht = hook_table(l)?;
    l.table_set(
        ht.as_table(),
        thread_value(th),
        if mask == 0 { Value::NIL } else { f },
    )?;
    hooks::set_hook(l, th, mask, count);
    Ok(0)
}

fn gethook(l: &mut State) -> R {
    let (th, _) = getthread(l);
    let mask = if th == l.co.cur {
        l.th.hookmask
    } else {
        // SAFETY: live thread.
        unsafe { (*th).d.th.hookmask }
    };
    let count = if th == l.co.cur {
        l.th.basehookcount
    } else {
        // SAFETY: live thread.
        unsafe { (*th).d.th.basehookcount }
    };
    if mask == 0 {
        return ret1(l, Value::NIL);
    }
    let f = hooks::hook_function(l, th);
    let mut s = Vec::new();
    if mask & hooks::MASK_CALL != 0 {
        s.push(b'c');
    }
    if mask & hooks::MASK_RET != 0 {
        s.push(b'r');
    }
    if mask & hooks::MASK_LINE != 0 {
        s.push(b'l');
    }
    l.check_stack(3)?;
    l.push(f);
    let sv = l.new_str(&s)?;
    l.push(sv);
    l.push(Value::int(count as i64));
    Ok(3)
}

// ------------------------------------------------------------------ traceback

const LEVELS1: i64 = 10;
const LEVELS2: i64 = 11;

/// `luaL_traceback` of the Lua state in `l` (the running thread, or one swapped in).
pub fn traceback_of(l: &State, msg: Option<&[u8]>, mut level: i64) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(m) = msg {
        out.extend_from_slice(m);
        out.push(b'\n');
    }
    out.extend_from_slice(b"stack traceback:");
    let last = last_level(l);
    let mut limit2show = if last - level > LEVELS1 + LEVELS2 {
        LEVELS1
    } else {
        -1
    };
    while let Some(ci) = level_ci(l, level) {
        level += 1;
        let show = limit2show != 0;
        limit2show -= 1;
        if !show {
            let n = last - level - LEVELS2 + 1;
            out.extend_from_slice(format!("\n\t...\t(skipping {} levels)", n).as_bytes());
            level += n;
            continue;
        }
        let f = l.stack[l.cis[ci].func];
        let info = get_info(l, f, Some(ci));
        out.extend_from_slice(b"\n\t");
        out.extend_from_slice(&info.short_src);
        if info.currentline > 0 {
            out.extend_from_slice(format!(":{}", info.currentline).as_bytes());
        }
        out.extend_from_slice(b": in ");
        if let Some(g) = l.global_func_name(f) {
            out.extend_from_slice(format!("function '{}'", g).as_bytes());
        } else if let Some((w, n)) = &info.name {
            out.extend_from_slice(format!("{} '{}'", w, n).as_bytes());
        } else if info.what == "main" {
            out.extend_from_slice(b"main chunk");
        } else if info.what != "C" {
            out.extend_from_slice(b"function <");
            out.extend_from_slice(&info.short_src);
            out.extend_from_slice(format!(":{}>", info.linedefined).as_bytes());
        } else {
            out.push(b'?');
        }
        if info.istailcall {
            out.extend_from_slice(b"\n\t(...tail calls...)");
        }
    }
    out
}

fn traceback(l: &mut State) -> R {
    let (th, arg) = getthread(l);
    let m = l.arg(arg + 1);
    let msg: Option<Vec<u8>> = if m.is_str() {
        Some(m.str_bytes().to_vec())
    } else if m.is_number() {
        let mut b = Vec::new();
        crate::vm::arith::fmt_number(m, &mut b);
        Some(b)
    } else if !m.is_nil() {
        return ret1(l, m);
    } else {
        None
    };
    let level = l.opt_integer(arg + 2, if th == l.co.cur { 1 } else { 0 })?;
    let tb = coro::with_thread(l, th, |l| traceback_of(l, msg.as_deref(), level));
    let s = l.new_str(&tb)?;
    ret1(l, s)
}

// ------------------------------------------------------------------ debug.debug

fn debug(l: &mut State) -> R {
    use std::io::{BufRead, Write};
    let stdin = std::io::stdin();
    loop {
        l.flush();
        let _ = std::io::stderr().write_all(b"lua_debug> ");
        let mut line = Vec::new();
        match stdin.lock().read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return Ok(0),
            Ok(_) => {}
        }
        if line == b"cont\n" || line == b"cont" {
            return Ok(0);
        }
        let base = l.top;
        let err: Option<Vec<u8>> = match crescent_frontend::compile(&line, "=(debug command)") {
            Err(e) => Some(e.message),
            Ok(proto) => match crate::object::closure::load_proto(&mut l.heap, &proto) {
                None => Some(b"invalid bytecode".to_vec()),
                Some(p) => {
                    let cl = l.heap.new_lclosure(p, 1);
                    let uv = l.heap.new_upval(0, std::ptr::null_mut());
                    // SAFETY: fresh objects; the upvalue is closed over the globals (_ENV).
                    unsafe {
                        (*uv).closed = Value::table(l.globals);
                        (*uv).v = &mut (*uv).closed;
                        *(*cl).upvals_ptr() = uv;
                    }
                    l.check_stack(2)?;
                    l.push(Value::lcl(cl));
                    match l.pcall(base, 0, 0) {
                        crate::vm::Status::Ok => None,
                        _ => {
                            let e = l.stack[base];
                            let s = l.to_display(e)?;
                            Some(s.str_bytes().to_vec())
                        }
                    }
                }
            },
        };
        if let Some(e) = err {
            l.flush();
            let mut se = std::io::stderr();
            let _ = se.write_all(&e);
            let _ = se.write_all(b"\n");
        }
        l.top = base;
    }
}

/// Deprecated in 5.4: 5.4.4 (Debian's lua5.4) answers LUAI_MAXCCALLS and changes nothing.
fn setcstacklimit(l: &mut State) -> R {
    l.check_integer(1)?;
    ret1(l, Value::int(crate::vm::MAX_CCALLS as i64))
}

#[allow(dead_code)]
fn _uses(_: Thread) {}
