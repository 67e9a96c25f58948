//! Runtime helpers called by compiled code: the slow paths of instructions, done with the
//! interpreter's own Rust code so that semantics, error messages and saved pcs are the
//! interpreter's.
//!
//! ABI: `extern "sysv64" fn(l: *mut State, pc: u32, instr: u32) -> u32` where `pc` is the
//! index of the instruction. Helpers save `pc + 1` in the frame exactly where the interpreter
//! saves it (before anything that can raise an error or inspect the frame), and before
//! returning they store the running frame's base in `l.jit.base` (the stack may have moved);
//! compiled code reloads its base register from there. Results: `ST_ERR` (the error is in
//! `l.err_value`; compiled code returns it to the interpreter, which propagates `Err(Throw)`),
//! `ST_OK`, or an exit status (`ST_PUSHED`, `ST_RETURNED`, `ST_RETURNED_FRESH`). Tests and
//! loop helpers return 1/2 for false/true. A panic in a helper aborts (extern "sysv64"
//! functions do not unwind), so no Rust unwinding crosses compiled frames.

use super::{ST_ERR, ST_OK, ST_PUSHED, ST_RETURNED, ST_RETURNED_FRESH};
use crate::gc;
use crate::object::closure::LClosure;
use crate::object::table::{set_slot, Table};
use crate::stdlib::coroutine;
use crate::value::*;
use crate::vm::arith::*;
use crate::vm::compare::{le_num, lt_num};
use crate::vm::debug::Loc;
use crate::vm::state::{State, CIST_FRESH, CIST_TAIL};
use crate::vm::*;
use crescent_frontend::bytecode::opcodes::MAXARG_C;
use crescent_frontend::{Instr, Op};

/// Frame context of the running Lua frame.
struct Fr {
    ci: usize,
    bi: usize,
    cl: *mut LClosure,
    k: *const Value,
    code: *const Instr,
}

#[inline(always)]
unsafe fn fr(l: &State) -> Fr {
    let ci = l.ci;
    let func = l.cis.get_unchecked(ci).func;
    let cl = l.stack.get_unchecked(func).as_lcl();
    let p = (*cl).proto;
    Fr {
        ci,
        bi: func + 1,
        cl,
        k: (*p).k,
        code: (*p).code,
    }
}

#[inline(always)]
unsafe fn reg(l: &mut State, f: &Fr, r: u32) -> *mut Value {
    l.stack.as_mut_ptr().add(f.bi + r as usize)
}

#[inline(always)]
unsafe fn kst(f: &Fr, i: u32) -> Value {
    *f.k.add(i as usize)
}

#[inline(always)]
fn savepc(l: &mut State, f: &Fr, pc: u32) {
    l.cis[f.ci].savedpc = pc as usize + 1;
}

#[inline(always)]
fn savestate(l: &mut State, f: &Fr, pc: u32) {
    savepc(l, f, pc);
    l.top = l.cis[f.ci].top;
}

/// Stores the running frame's base for compiled code and converts a result.
#[inline(always)]
unsafe fn fin(l: &mut State, r: Result<u32, Throw>) -> u32 {
    let func = l.cis.get_unchecked(l.ci).func;
    super::refresh(l, func + 1);
    match r {
        Ok(s) => s,
        Err(Throw) => ST_ERR,
    }
}

macro_rules! helper {
    ($name:ident, |$l:ident, $pc:ident, $i:ident, $f:ident| $body:block) => {
        /// # Safety
        /// Called by compiled code: `lp` is the running state, whose current frame is the
        /// Lua frame executing instruction `iw` at index `pc`.
        #[allow(clippy::redundant_closure_call)]
        pub unsafe extern "sysv64" fn $name(lp: *mut State, $pc: u32, iw: u32) -> u32 {
            let $l = &mut *lp;
            let $i = Instr(iw);
            let $f = fr($l);
            let r: Result<u32, Throw> = (|| $body)();
            fin($l, r)
        }
    };
}

fn arith_tm_of(op: Op) -> TM {
    match op {
        Op::AddI | Op::AddK | Op::Add => TM::Add,
        Op::SubK | Op::Sub => TM::Sub,
        Op::MulK | Op::Mul => TM::Mul,
        Op::ModK | Op::Mod => TM::Mod,
        Op::PowK | Op::Pow => TM::Pow,
        Op::DivK | Op::Div => TM::Div,
        Op::IDivK | Op::IDiv => TM::IDiv,
        Op::BAndK | Op::BAnd => TM::BAnd,
        Op::BOrK | Op::BOr => TM::BOr,
        Op::BXorK | Op::BXor => TM::BXor,
        Op::ShrI | Op::Shr => TM::Shr,
        _ => TM::Shl,
    }
}

/// MMBIN/MMBINI/MMBINK at `mpc` (the metamethod fallback of the arithmetic instruction before it).
unsafe fn mmbin(l: &mut State, f: &Fr, mpc: u32) -> Result<u32, Throw> {
    let mi = *f.code.add(mpc as usize);
    let pi = *f.code.add(mpc as usize - 1);
    let tm = TM::from_u32(mi.c()).unwrap_or(TM::Add);
    let a = mi.a();
    let ra = (*reg(l, f, a), Loc::Stack(f.bi + a as usize));
    let (p1, p2) = match mi.op() {
        Op::MmBin => {
            let b = mi.b();
            (ra, (*reg(l, f, b), Loc::Stack(f.bi + b as usize)))
        }
        op => {
            let imm = if op == Op::MmBinI {
                Value::int(mi.sb() as i64)
            } else {
                kst(f, mi.b())
            };
            if mi.k() {
                ((imm, Loc::None), ra)
            } else {
                (ra, (imm, Loc::None))
            }
        }
    };
    savestate(l, f, mpc);
    let v = l.arith_tm(p1.0, p1.1, p2.0, p2.1, tm)?;
    *reg(l, f, pi.a()) = v;
    Ok(ST_OK)
}

// Binary arithmetic and bitwise instructions, including their MMBIN fallback at pc + 1.
helper!(h_arith, |l, pc, i, f| {
    let op = i.op();
    let rb = *reg(l, &f, i.b());
    let (v1, v2) = match op {
        Op::AddI | Op::ShrI => (rb, Value::int(i.sc() as i64)),
        Op::ShlI => (Value::int(i.sc() as i64), rb),
        Op::AddK
        | Op::SubK
        | Op::MulK
        | Op::ModK
        | Op::PowK
        | Op::DivK
        | Op::IDivK
        | Op::BAndK
        | Op::BOrK
        | Op::BXorK => (rb, kst(&f, i.c())),
        _ => (rb, *reg(l, &f, i.c())),
    };
    match raw_arith(arith_tm_of(op), v1, v2) {
        Some(Ok(v)) => {
            *reg(l, &f, i.a()) = v;
            Ok(ST_OK)
        }
        Some(Err(msg)) => {
            // As the interpreter: the position is the last saved pc.
            l.top = l.cis[f.ci].top;
            Err(l.rt_error(msg))
        }
        None => mmbin(l, &f, pc + 1),
    }
});

helper!(h_mmbin, |l, pc, _i, f| { mmbin(l, &f, pc) });

// UNM, BNOT, LEN.
helper!(h_unary, |l, pc, i, f| {
    let rb = *reg(l, &f, i.b());
    let loc = Loc::Stack(f.bi + i.b() as usize);
    let v = match i.op() {
        Op::Unm => {
            if rb.tt == T_INT {
                Value::int(0i64.wrapping_sub(rb.as_int()))
            } else if rb.tt == T_FLT {
                Value::flt(-rb.as_flt())
            } else {
                savestate(l, &f, pc);
                l.arith_tm(rb, loc, rb, loc, TM::Unm)?
            }
        }
        Op::BNot => {
            if let Some(x) = to_int_ns(rb) {
                Value::int(!x)
            } else {
                savestate(l, &f, pc);
                l.arith_tm(rb, loc, rb, loc, TM::BNot)?
            }
        }
        _ => {
            if rb.tt == T_TABLE && (*rb.as_table()).metatable.is_null() {
                Value::int((*rb.as_table()).length() as i64)
            } else {
                savestate(l, &f, pc);
                l.obj_len(rb, loc)?
            }
        }
    };
    *reg(l, &f, i.a()) = v;
    Ok(ST_OK)
});

// Comparisons: 1 = false, 2 = true.
helper!(h_cmp, |l, pc, i, f| {
    let v1 = *reg(l, &f, i.a());
    let cond = match i.op() {
        Op::Eq => {
            let v2 = *reg(l, &f, i.b());
            savestate(l, &f, pc);
            l.equal_obj(v1, v2)?
        }
        Op::Lt | Op::Le => {
            let v2 = *reg(l, &f, i.b());
            if v1.is_number() && v2.is_number() {
                if i.op() == Op::Lt {
                    lt_num(v1, v2)
                } else {
                    le_num(v1, v2)
                }
            } else {
                savestate(l, &f, pc);
                if i.op() == Op::Lt {
                    l.less_than(v1, v2)?
                } else {
                    l.less_equal(v1, v2)?
                }
            }
        }
        Op::EqK => v1.raw_eq(kst(&f, i.b())),
        Op::EqI => {
            let im = i.sb() as i64;
            match v1.tt {
                T_INT => v1.as_int() == im,
                T_FLT => v1.as_flt() == im as f64,
                _ => false,
            }
        }
        op => {
            let im = i.sb() as i64;
            match v1.tt {
                T_INT => {
                    let x = v1.as_int();
                    match op {
                        Op::LtI => x < im,
                        Op::LeI => x <= im,
                        Op::GtI => x > im,
                        _ => x >= im,
                    }
                }
                T_FLT => {
                    let x = v1.as_flt();
                    let fl = im as f64;
                    match op {
                        Op::LtI => x < fl,
                        Op::LeI => x <= fl,
                        Op::GtI => x > fl,
                        _ => x >= fl,
                    }
                }
                _ => {
                    let aux = if i.c() != 0 {
                        Value::flt(im as f64)
                    } else {
                        Value::int(im)
                    };
                    let (p1, p2, e) = match op {
                        Op::LtI => (v1, aux, TM::Lt),
                        Op::LeI => (v1, aux, TM::Le),
                        Op::GtI => (aux, v1, TM::Lt),
                        _ => (aux, v1, TM::Le),
                    };
                    savestate(l, &f, pc);
                    l.call_order_tm(p1, p2, e)?
                }
            }
        }
    };
    Ok(if cond { 2 } else { 1 })
});

/// One-level `__index` table lookup (the interpreter's `index_chain_fast`).
#[inline(always)]
unsafe fn index_chain(l: &State, h: *mut Table, key: Value) -> Option<Value> {
    match l.fast_tm((*h).metatable, TM::Index) {
        Some(idx) => {
            if idx.tt == T_TABLE {
                let s2 = (*idx.as_table()).get_shortstr(key.as_str());
                if !(*s2).is_nil() {
                    return Some(*s2);
                }
            }
            None
        }
        None => Some(Value::NIL),
    }
}

// GETTABUP, GETTABLE, GETI, GETFIELD, SELF.
helper!(h_get, |l, pc, i, f| {
    let (t, key, loc) = match i.op() {
        Op::GetTabUp => {
            let b = i.b() as usize;
            (*(*(*f.cl).upval(b)).v, kst(&f, i.c()), Loc::Upval(b))
        }
        Op::GetTable => (
            *reg(l, &f, i.b()),
            *reg(l, &f, i.c()),
            Loc::Stack(f.bi + i.b() as usize),
        ),
        Op::GetI => (
            *reg(l, &f, i.b()),
            Value::int(i.c() as i64),
            Loc::Stack(f.bi + i.b() as usize),
        ),
        Op::GetField => (
            *reg(l, &f, i.b()),
            kst(&f, i.c()),
            Loc::Stack(f.bi + i.b() as usize),
        ),
        _ => {
            let rb = *reg(l, &f, i.b());
            let key = if i.k() {
                kst(&f, i.c())
            } else {
                *reg(l, &f, i.c())
            };
            *reg(l, &f, i.a() + 1) = rb;
            (rb, key, Loc::Stack(f.bi + i.b() as usize))
        }
    };
    if t.tt == T_TABLE {
        let h = t.as_table();
        let slot = (*h).get(key, l.heap.seed);
        if !(*slot).is_nil() {
            *reg(l, &f, i.a()) = *slot;
            return Ok(ST_OK);
        }
        if key.tt == T_SHRSTR && matches!(i.op(), Op::GetField | Op::SelfOp) {
            if let Some(v) = index_chain(l, h, key) {
                *reg(l, &f, i.a()) = v;
                return Ok(ST_OK);
            }
        }
    }
    savestate(l, &f, pc);
    let v = l.finish_get(t, key, loc)?;
    *reg(l, &f, i.a()) = v;
    Ok(ST_OK)
});

// SETTABUP, SETTABLE, SETI, SETFIELD.
helper!(h_set, |l, pc, i, f| {
    let rc = if i.k() {
        kst(&f, i.c())
    } else {
        *reg(l, &f, i.c())
    };
    let (t, key, loc) = match i.op() {
        Op::SetTabUp => {
            let a = i.a() as usize;
            (*(*(*f.cl).upval(a)).v, kst(&f, i.b()), Loc::Upval(a))
        }
        Op::SetTable => (
            *reg(l, &f, i.a()),
            *reg(l, &f, i.b()),
            Loc::Stack(f.bi + i.a() as usize),
        ),
        Op::SetI => (
            *reg(l, &f, i.a()),
            Value::int(i.b() as i64),
            Loc::Stack(f.bi + i.a() as usize),
        ),
        _ => (
            *reg(l, &f, i.a()),
            kst(&f, i.b()),
            Loc::Stack(f.bi + i.a() as usize),
        ),
    };
    if t.tt == T_TABLE && key.tt != T_NIL && key.tt != T_FLT {
        let h = t.as_table();
        let slot = (*h).get(key, l.heap.seed) as *mut Value;
        if !(*slot).is_nil() {
            (*h).note_store(&mut l.heap, key);
            set_slot(slot, rc);
            return Ok(ST_OK);
        }
        if l.fast_tm((*h).metatable, TM::NewIndex).is_none() {
            if std::ptr::eq(slot, &NIL) {
                if let Err(e) = (*h).new_key(&mut l.heap, key, rc) {
                    savestate(l, &f, pc);
                    return Err(l.table_error(e));
                }
            } else {
                set_slot(slot, rc);
                (*h).key_added(&mut l.heap);
            }
            return Ok(ST_OK);
        }
    }
    savestate(l, &f, pc);
    l.finish_set(t, key, rc, loc)?;
    Ok(ST_OK)
});

macro_rules! check_gc {
    ($l:ident, $f:ident, $pc:ident, $top:expr) => {{
        // As the interpreter's `check_gc!`: one collector step, unless stopped.
        if $l.heap.total >= $l.heap.threshold && !$l.heap.stopped {
            savepc($l, &$f, $pc);
            $l.top = $top;
            gc::gc_step($l);
        }
    }};
}

helper!(h_newtable, |l, pc, i, f| {
    let mut b = i.b();
    let mut c = i.c();
    if b > 0 {
        b = 1 << (b - 1);
    }
    if i.k() {
        c += (*f.code.add(pc as usize + 1)).ax() * (MAXARG_C + 1);
    }
    match l.heap.new_table_sized(c, b) {
        Ok(t) => *reg(l, &f, i.a()) = Value::table(t),
        Err(e) => {
            savestate(l, &f, pc);
            return Err(l.table_error(e));
        }
    }
    check_gc!(l, f, pc, f.bi + i.a() as usize + 1);
    Ok(ST_OK)
});

helper!(h_concat, |l, pc, i, f| {
    let n = i.b() as usize;
    let ra = f.bi + i.a() as usize;
    l.top = ra + n;
    savepc(l, &f, pc);
    l.concat(n)?;
    check_gc!(l, f, pc, ra + 1);
    Ok(ST_OK)
});

helper!(h_close, |l, pc, i, f| {
    savestate(l, &f, pc);
    l.close(f.bi + i.a() as usize, None)?;
    Ok(ST_OK)
});

helper!(h_tbc, |l, pc, i, f| {
    savestate(l, &f, pc);
    l.new_tbc(f.bi + i.a() as usize)?;
    Ok(ST_OK)
});

helper!(h_call, |l, pc, i, f| {
    let b = i.b() as usize;
    let nresults = i.c() as i32 - 1;
    let func = f.bi + i.a() as usize;
    if b != 0 {
        l.top = func + b;
    }
    savepc(l, &f, pc);
    match l.precall(func, nresults)? {
        Some(nci) => call_lua(l, nci),
        // A debug hook was set (`crate::vm::hooks`): continue in the interpreter.
        None if l.jit.force_interp => Ok(ST_PUSHED),
        None => Ok(ST_OK),
    }
});

/// A Lua callee's frame `nci` was pushed: run it natively if it is compiled (and the native
/// nesting allows), else let the interpreter's frame loop run it (`ST_PUSHED`).
#[inline(always)]
unsafe fn call_lua(l: &mut State, nci: usize) -> Result<u32, Throw> {
    let code = super::native_callee(l, nci);
    if code.is_null() {
        return Ok(ST_PUSHED);
    }
    match super::run_native(l, nci, code) {
        // The callee returned to this frame: continue after the call.
        ST_RETURNED => Ok(ST_OK),
        ST_ERR => Err(Throw),
        // Something deeper is left to the interpreter: unwind; this frame resumes at its
        // saved pc when the callee returns.
        st => Ok(st),
    }
}

/// Runs the native function `fp` whose frame compiled code has just pushed (`CallInfo`
/// `l.ci`, marked `CIST_C`; arguments up to `l.top`, `MIN_STACK` free slots above): the rest
/// of `State::call_native` (no call hook: compiled code calls natives inline only while no
/// hook is set). Results are moved to the function slot. `ST_OK`, `ST_ERR`, or `ST_PUSHED`
/// when the function set a debug hook (the caller then continues in the interpreter).
///
/// A dispatcher without a frame of its own (the paths jump to their functions): a stackless
/// `coroutine.yield` is done right here, `coroutine.resume` and wrap functions go to
/// [`jit_call_resume`], everything else to [`jit_call_native_any`].
///
/// # Safety
/// Called by compiled code with the running state and a `NativeFn` pointer.
pub unsafe extern "sysv64" fn jit_call_native(lp: *mut State, fp: *const ()) -> u32 {
    if fp as usize == coroutine::JIT_YIELD as usize {
        let l = &mut *lp;
        // `coroutine.yield` directly under a coroutine's body (the usual case): the native
        // frame stays on top, suspended; the runner unwinds (no refresh needed, see below).
        let func = l.cis.get_unchecked(l.ci).func;
        if crate::vm::coro::yield_stackless(l, l.top - func - 1) {
            return ST_ERR;
        }
    } else if fp as usize == coroutine::JIT_RESUME as usize {
        return jit_call_resume::<false>(&mut *lp);
    } else if fp as usize == coroutine::JIT_AUXWRAP as usize {
        return jit_call_resume::<true>(&mut *lp);
    }
    jit_call_native_any(lp, fp)
}

/// [`jit_call_native`] of any native function.
#[inline(never)]
unsafe extern "sysv64" fn jit_call_native_any(lp: *mut State, fp: *const ()) -> u32 {
    let l = &mut *lp;
    // SAFETY: compiled code passes the payload of a T_LCF value or the `f` of a native closure.
    let fp = std::mem::transmute::<*const (), NativeFn>(fp);
    let ci = l.ci;
    let r = match fp(l) {
        Ok(n) => native_returned(l, ci, n),
        Err(Throw) => {
            // A stackless yield (`coroutine.yield`) unwinds to the coroutine's runner without
            // touching the stack; the next resume re-enters through `execute_fresh`, which
            // sets the compiled code's cached pointers again: `fin`'s refresh is not needed.
            if (*l.co.cur).stackless {
                return ST_ERR;
            }
            Err(Throw)
        }
    };
    fin(l, r)
}

/// The end of a native call from compiled code (frame `ci`) that returned `n` results: the
/// return hook, the results moved to the function's slot, a collector step. `ST_OK`, or
/// `ST_PUSHED` when a debug hook is set (the caller continues in the interpreter).
#[inline(always)]
unsafe fn native_returned(l: &mut State, ci: usize, n: usize) -> Result<u32, Throw> {
    if l.th.hookmask != 0 {
        crate::vm::hooks::hook_ret(l, ci, n)?;
    }
    l.poscall(ci, n);
    gc::check_gc(l);
    Ok(if l.jit.force_interp { ST_PUSHED } else { ST_OK })
}

/// [`jit_call_native`] of `coroutine.resume` (`WRAP` false) or of a function made by
/// `coroutine.wrap`: the resume moves the results straight to the frame's result slots when
/// it can (no hook, a fixed number wanted), else as `jit_call_native`.
#[inline(never)]
unsafe fn jit_call_resume<const WRAP: bool>(l: &mut State) -> u32 {
    let ci = l.ci;
    let r = if WRAP {
        coroutine::auxwrap_posted(l)
    } else {
        coroutine::resume_posted(l)
    };
    let r = match r {
        Ok(None) => {
            gc::check_gc(l);
            Ok(if l.jit.force_interp { ST_PUSHED } else { ST_OK })
        }
        Ok(Some(n)) => native_returned(l, ci, n),
        Err(Throw) => Err(Throw),
    };
    fin(l, r)
}

/// Returned by [`jit_str_sub`] when it did nothing: compiled code makes the ordinary call.
pub const ST_FALLBACK: u32 = 0xff;

/// `string.sub` called from compiled code without a native frame (a CALL of the library
/// function with `nargs` fixed arguments, one result wanted, no hook): `func` is the
/// function's slot `R[A]`, which receives the result. `ST_OK`; `ST_PUSHED` when a finalizer
/// run by the collector set a debug hook (as `jit_call_native`); or [`ST_FALLBACK`],
/// nothing done (other argument types, no memory), for the ordinary call to handle.
/// Afterwards the state is the one `jit_call_native` leaves: the top just above the
/// result, the collector stepped, the base refreshed.
///
/// # Safety
/// Called by compiled code: `lp` is the running state, whose current frame is a Lua frame
/// with `func` one of its registers and `nargs` arguments above it.
pub unsafe extern "sysv64" fn jit_str_sub(lp: *mut State, func: *mut Value, nargs: u32) -> u32 {
    let l = &mut *lp;
    if nargs < 2 {
        return ST_FALLBACK;
    }
    let j = if nargs >= 3 { *func.add(3) } else { Value::NIL };
    let Some(v) = crate::stdlib::string::sub_direct(l, *func.add(1), *func.add(2), j) else {
        return ST_FALLBACK;
    };
    *func = v;
    l.top = func.offset_from(l.stack.as_ptr()) as usize + 1;
    gc::check_gc(l);
    fin(l, Ok(if l.jit.force_interp { ST_PUSHED } else { ST_OK }))
}

/// `jit_call_native` for a TAILCALL (the native frame wants all results): then the calling
/// Lua frame (`l.ci - 1`, not vararg) returns them, as `h_tailcall` does. `ST_RETURNED`,
/// `ST_RETURNED_FRESH`, `ST_ERR`, or `ST_PUSHED` when the function set a debug hook (the
/// frame has returned: the interpreter continues with the caller).
///
/// # Safety
/// As `jit_call_native`.
pub unsafe extern "sysv64" fn jit_tailcall_native(lp: *mut State, fp: *const ()) -> u32 {
    let l = &mut *lp;
    // SAFETY: compiled code passes the payload of a T_LCF value or the `f` of a native closure.
    let fp = std::mem::transmute::<*const (), NativeFn>(fp);
    let nci = l.ci;
    let r = (|| {
        let n = fp(l)?;
        if l.th.hookmask != 0 {
            crate::vm::hooks::hook_ret(l, nci, n)?;
        }
        l.poscall(nci, n);
        gc::check_gc(l);
        let ci = nci - 1;
        let fresh = l.cis[ci].status & CIST_FRESH != 0;
        l.poscall(ci, n);
        Ok(if fresh {
            ST_RETURNED_FRESH
        } else if l.jit.force_interp {
            ST_PUSHED
        } else {
            ST_RETURNED
        })
    })();
    fin(l, r)
}

helper!(h_tailcall, |l, pc, i, f| {
    let ci = f.ci;
    let mut b = i.b() as usize;
    let nparams1 = i.c() as usize;
    let delta = if nparams1 != 0 {
        l.cis[ci].nextraargs as usize + nparams1
    } else {
        0
    };
    let mut func = f.bi + i.a() as usize;
    if b != 0 {
        l.top = func + b;
    } else {
        b = l.top - func;
    }
    savepc(l, &f, pc);
    if i.k() {
        l.close_upvals(f.bi);
    }
    loop {
        let fv = l.stack[func];
        if fv.tt == T_LCL {
            let p = &*(*fv.as_lcl()).proto;
            let fsize = p.maxstack as usize;
            let nfix = p.numparams as usize;
            l.check_stack(fsize.saturating_sub(delta))?;
            let c = &mut l.cis[ci];
            c.func -= delta;
            let cf = c.func;
            for j in 0..b {
                l.stack[cf + j] = l.stack[func + j];
            }
            let mut narg1 = b;
            while narg1 <= nfix {
                l.stack[cf + narg1] = Value::NIL;
                narg1 += 1;
            }
            let c = &mut l.cis[ci];
            c.top = cf + 1 + fsize;
            c.savedpc = 0;
            c.status |= CIST_TAIL;
            l.top = cf + narg1;
            // Run the new function natively if compiled (each chained tail call nests once
            // more, up to the native depth limit; beyond, the frame loop takes over).
            let code = super::native_callee(l, ci);
            if code.is_null() {
                return Ok(ST_PUSHED);
            }
            return Ok(super::run_native(l, ci, code));
        } else if fv.tt == T_LCF || fv.tt == T_NCL {
            let n = l.call_native(func, MULTRET, fv)?;
            let fresh = l.cis[ci].status & CIST_FRESH != 0;
            l.cis[ci].func -= delta;
            l.poscall(ci, n);
            return Ok(if fresh {
                ST_RETURNED_FRESH
            } else {
                ST_RETURNED
            });
        } else {
            func = l.try_func_tm(func)?;
            b += 1;
        }
    }
});

// RETURN, RETURN0, RETURN1.
helper!(h_return, |l, pc, i, f| {
    let ci = f.ci;
    match i.op() {
        Op::Return => {
            let ra = f.bi + i.a() as usize;
            let mut n = i.b() as isize - 1;
            let nparams1 = i.c() as usize;
            if n < 0 {
                n = (l.top - ra) as isize;
            }
            let n = n as usize;
            savepc(l, &f, pc);
            if i.k() {
                let ct = l.cis[ci].top;
                l.top = (ra + n).max(ct);
                l.close(f.bi, None)?;
            }
            let c = &mut l.cis[ci];
            if nparams1 != 0 {
                c.func -= c.nextraargs as usize + nparams1;
            }
            let fresh = c.status & CIST_FRESH != 0;
            l.top = ra + n;
            l.poscall(ci, n);
            Ok(if fresh {
                ST_RETURNED_FRESH
            } else {
                ST_RETURNED
            })
        }
        Op::Return0 => {
            let c = l.cis[ci];
            l.top = c.func;
            let mut nres = c.nresults;
            while nres > 0 {
                let t = l.top;
                l.stack[t] = Value::NIL;
                l.top += 1;
                nres -= 1;
            }
            l.ci = ci - 1;
            Ok(if c.status & CIST_FRESH != 0 {
                ST_RETURNED_FRESH
            } else {
                ST_RETURNED
            })
        }
        _ => {
            let c = l.cis[ci];
            let nres = c.nresults;
            if nres == 0 {
                l.top = c.func;
            } else {
                l.stack[c.func] = *reg(l, &f, i.a());
                l.top = c.func + 1;
                let mut n = nres;
                while n > 1 {
                    let t = l.top;
                    l.stack[t] = Value::NIL;
                    l.top += 1;
                    n -= 1;
                }
            }
            l.ci = ci - 1;
            Ok(if c.status & CIST_FRESH != 0 {
                ST_RETURNED_FRESH
            } else {
                ST_RETURNED
            })
        }
    }
});

// FORPREP: 1 = run the loop, 2 = skip it.
helper!(h_forprep, |l, pc, i, f| {
    let ra = f.bi + i.a() as usize;
    savestate(l, &f, pc);
    Ok(if l.for_prep(ra)? { 2 } else { 1 })
});

// FORLOOP (both kinds): 1 = loop done, 2 = jump back.
helper!(h_forloop, |l, _pc, i, f| {
    let ra = reg(l, &f, i.a());
    if (*ra.add(2)).tt == T_INT {
        let count = (*ra.add(1)).v;
        if count > 0 {
            let step = (*ra.add(2)).as_int();
            let idx = (*ra).as_int().wrapping_add(step);
            (*ra.add(1)).v = count - 1;
            (*ra).v = idx as u64;
            *ra.add(3) = Value::int(idx);
            return Ok(2);
        }
    } else {
        let step = (*ra.add(2)).as_flt();
        let limit = (*ra.add(1)).as_flt();
        let idx = (*ra).as_flt() + step;
        if if step > 0.0 {
            idx <= limit
        } else {
            limit <= idx
        } {
            *ra = Value::flt(idx);
            *ra.add(3) = Value::flt(idx);
            return Ok(2);
        }
    }
    Ok(1)
});

helper!(h_tforprep, |l, pc, i, f| {
    let ra = f.bi + i.a() as usize;
    savestate(l, &f, pc);
    l.new_tbc(ra + 3)?;
    Ok(ST_OK)
});

helper!(h_tforcall, |l, pc, i, f| {
    let ra = f.bi + i.a() as usize;
    let sp = l.stack.as_mut_ptr();
    *sp.add(ra + 4) = *sp.add(ra);
    *sp.add(ra + 5) = *sp.add(ra + 1);
    *sp.add(ra + 6) = *sp.add(ra + 2);
    l.top = ra + 4 + 3;
    savepc(l, &f, pc);
    match l.precall(ra + 4, i.c() as i32)? {
        Some(nci) => call_lua(l, nci),
        None if l.jit.force_interp => Ok(ST_PUSHED),
        None => Ok(ST_OK),
    }
});

helper!(h_setlist, |l, pc, i, f| {
    let ra = f.bi + i.a() as usize;
    let mut n = i.b() as usize;
    let mut last = i.c() as usize;
    if n == 0 {
        n = l.top - ra - 1;
    } else {
        l.top = l.cis[f.ci].top;
    }
    last += n;
    if i.k() {
        last += (*f.code.add(pc as usize + 1)).ax() as usize * (MAXARG_C as usize + 1);
    }
    let h: *mut Table = l.stack[ra].as_table();
    if last > (*h).asize as usize {
        if let Err(e) = (*h).resize_array(&mut l.heap, last as u32, (last - n) as u32) {
            savepc(l, &f, pc);
            return Err(l.table_error(e));
        }
    }
    let arr = (*h).array;
    let sp = l.stack.as_ptr();
    while n > 0 {
        *arr.add(last - 1) = *sp.add(ra + n);
        last -= 1;
        n -= 1;
    }
    Ok(ST_OK)
});

helper!(h_closure, |l, pc, i, f| {
    let cl = f.cl;
    let pp = &*(*cl).proto;
    let p = *pp.protos.get_unchecked(i.bx() as usize);
    let psrc = &(*p).src;
    let nup = psrc.upvalues.len();
    let ncl = l.heap.new_lclosure(p, nup);
    *reg(l, &f, i.a()) = Value::lcl(ncl);
    let bi = f.bi;
    for (j, uv) in psrc.upvalues.iter().enumerate() {
        let u = if uv.in_stack {
            l.find_upval(bi + uv.idx as usize)
        } else {
            (*cl).upval(uv.idx as usize)
        };
        *(*ncl).upvals_ptr().add(j) = u;
    }
    check_gc!(l, f, pc, bi + i.a() as usize + 1);
    Ok(ST_OK)
});

helper!(h_vararg, |l, pc, i, f| {
    let ra = f.bi + i.a() as usize;
    savepc(l, &f, pc);
    l.get_varargs(f.ci, ra, i.c() as i32 - 1)?;
    Ok(ST_OK)
});

helper!(h_varargprep, |l, pc, i, f| {
    savepc(l, &f, pc);
    let ms = (*(*f.cl).proto).maxstack as usize;
    l.adjust_varargs(f.ci, i.a() as usize, ms)?;
    Ok(ST_OK)
});

/// `#t` of a table without metatable (no allocation, no error: no `State` needed).
///
/// # Safety
/// `t` is a live table.
pub unsafe extern "sysv64" fn jit_table_len(t: *mut Table) -> i64 {
    (*t).length() as i64
}

/// Raw `t[*key]` (a slot, or the shared absent nil): a pure lookup (no allocation, no error).
///
/// # Safety
/// `l` is the running state, `t` a live table, `key` a readable value.
pub unsafe extern "sysv64" fn jit_get_raw(
    l: *mut State,
    t: *mut Table,
    key: *const Value,
) -> *const Value {
    (*t).get(*key, (*l).heap.seed)
}

/// Raw `t[*key] = v` (value payload `v`, tag `tt`) for a table whose `__newindex` cannot
/// apply (no metatable, or one whose flags cache its absence): overwrites the key's slot or
/// inserts it (`Table::set`, which clears the metamethod-absence flags when a key comes
/// back or is new). No error is raised and no collection runs: 1 when stored, 0 for a nil
/// or NaN key or a failed allocation (the table unchanged; compiled code then calls
/// `h_set`, which raises the error).
///
/// # Safety
/// `l` is the running state, `t` a live table, `key` a readable value.
pub unsafe extern "sysv64" fn jit_set_raw(
    l: *mut State,
    t: *mut Table,
    key: *const Value,
    tt: u64,
    v: u64,
) -> u32 {
    let val = Value { v, tt: tt as u8 };
    let key = *key;
    let r = if key.tt == T_SHRSTR {
        (*t).set_generic(&mut (*l).heap, key, val)
    } else {
        (*t).set(&mut (*l).heap, key, val)
    };
    match r {
        Ok(()) => 1,
        Err(_) => 0,
    }
}

helper!(h_interrupt, |l, target, _i, f| {
    // Ctrl-C at a compiled loop back-edge (`crate::vm::interrupt`): the interpreter raises
    // with the loop target saved as the frame's pc, and so does this.
    l.cis[f.ci].savedpc = target as usize;
    Err(crate::vm::interrupt::raise(l))
});

helper!(h_recompile, |l, target, _i, f| {
    // The first code of this function counted enough calls or loop iterations: compile it
    // again with its feedback and continue at `target` in the new code (`ST_PUSHED`).
    let _ = f;
    Ok(super::recompile_running(l, target as usize))
});
