//! The interpreter: one `loop { match op { .. } }` over PUC 5.4 bytecode (a port of
//! `luaV_execute`).
//!
//! Lua→Lua calls and returns switch frames inside this loop (push/pop a `CallInfo`, reload
//! the frame registers) without recursing on the Rust stack; the loop is re-entered only when
//! Rust code calls Lua (metamethods, `pcall`, API), and returns when a frame marked
//! `CIST_FRESH` returns. Hot state lives in locals: `base` (pointer to register 0), `k`
//! (constants), `code`, `pc`. `base` is re-derived (`update_base!`) after anything that can
//! reallocate the stack (calls, metamethods, stack growth); `pc` is saved to the frame
//! (`savepc!`) before anything that can raise an error or inspect the frame.
//!
//! This module is `unsafe`: registers are accessed through `base` without bounds checks. The
//! compiler guarantees register operands are below the proto's `maxstacksize`, and a frame
//! always has `maxstacksize` slots (checked by `precall`).

use crate::gc;
use crate::object::closure::LClosure;
use crate::object::mcache::PROTO;
use crate::object::table::{set_slot, Table};
use crate::value::*;
use crate::vm::arith::*;
use crate::vm::compare::{le_num, lt_num};
use crate::vm::debug::Loc;
use crate::vm::state::{CallInfo, State, CIST_FRESH, CIST_TAIL};
use crate::vm::*;
use crescent_frontend::bytecode::opcodes::MAXARG_C;
use crescent_frontend::{Instr, Op};

/// Runs Lua frames starting with the frame `l.ci` (marked fresh) until it returns.
pub fn execute(l: &mut State, _entry: usize) -> Result<(), Throw> {
    // SAFETY: see the module documentation; all raw pointers are derived from the state's
    // live stack, closures and protos, and re-derived after reallocation points.
    unsafe {
        // Debug hooks run in a second instantiation of the loop; either one returns early
        // with `co.switch_loop` set when the hook mask changes (`crate::vm::hooks`).
        loop {
            if l.th.hookmask == 0 {
                run::<false>(l)?
            } else {
                run::<true>(l)?
            }
            if !std::mem::take(&mut l.co.switch_loop) {
                return Ok(());
            }
        }
    }
}

#[inline(always)]
fn op_of(i: Instr) -> Op {
    // SAFETY: opcodes are validated when a proto is loaded (`load_proto`), and `Op` is
    // `repr(u8)` with contiguous discriminants.
    unsafe { std::mem::transmute::<u8, Op>(i.opcode_raw()) }
}

unsafe fn run<const H: bool>(l: &mut State) -> Result<(), Throw> {
    let mut ci: usize;
    let mut cl: *mut LClosure;
    let mut k: *const Value;
    let mut code: *const Instr;
    let mut pc: usize;
    let mut base: *mut Value;

    // `load_frame!()`: a frame starts (counts an activation); `load_frame!(resume)`: a
    // callee returned into the frame `l.ci`.
    macro_rules! load_frame {
        () => {
            load_frame!(@ true)
        };
        (resume) => {
            load_frame!(@ false)
        };
        (@ $activation:expr) => {{
            // After compiled code ran (`Exit::Reload`), the frame on top may be one it pushed:
            // count it as an activation (a resumed caller then counts one too, harmlessly).
            let mut activation: bool = $activation;
            loop {
                ci = l.ci;
                let c = l.cis.get_unchecked(ci);
                cl = (*l.stack.as_ptr().add(c.func)).as_lcl();
                let p = (*cl).proto;
                // JIT hook (crate::jit): count activations of the prototype; when the counter
                // runs out (always, once compiled) the JIT runs the frame or compiles it. A
                // frame resumed after a return only looks whether its function got compiled
                // meanwhile (a load, not a read-modify-write on the return path).
                if if activation {
                    (*p).jit.counter -= 1;
                    (*p).jit.counter < 0
                } else {
                    !(*p).jit.code.is_null()
                } {
                    match crate::jit::on_activation(l, ci)? {
                        crate::jit::Exit::Interpret => {}
                        crate::jit::Exit::Reload => {
                            activation = true;
                            continue;
                        }
                        crate::jit::Exit::ReturnFresh => return Ok(()),
                    }
                }
                let c = l.cis.get_unchecked(ci);
                k = (*p).k;
                code = (*p).code;
                pc = c.savedpc;
                base = l.stack.as_mut_ptr().add(c.func + 1);
                // Debug hooks (crate::vm::hooks): switch loops when the hook mask changed;
                // in the hooked loop, the call event of a frame that starts.
                if (l.th.hookmask != 0) != H {
                    l.co.switch_loop = true;
                    return Ok(());
                }
                if H && pc == 0 && !(*(*cl).proto).is_vararg {
                    crate::vm::hooks::hook_lua_call(l, ci)?;
                    update_base!();
                }
                // Ctrl-C (crate::vm::interrupt): a relaxed load of a static, never taken
                // unless the command line's SIGINT handler asked.
                if crate::vm::interrupt::pending() {
                    return Err(crate::vm::interrupt::raise(l));
                }
                break;
            }
        }};
    }
    // Stack index of register 0 (`base` as an index): derived, not kept in a variable (one
    // register less for the dispatch loop to keep).
    macro_rules! base_idx {
        () => {
            (base as usize - l.stack.as_ptr() as usize) / std::mem::size_of::<Value>()
        };
    }
    macro_rules! update_base {
        () => {
            base = l.stack.as_mut_ptr().add(l.cis.get_unchecked(ci).func + 1);
        };
    }
    macro_rules! savepc {
        () => {
            l.cis.get_unchecked_mut(ci).savedpc = pc;
        };
    }
    macro_rules! savestate {
        () => {{
            savepc!();
            l.top = l.cis.get_unchecked(ci).top;
        }};
    }
    macro_rules! reg {
        ($r:expr) => {
            *base.add($r as usize)
        };
    }
    // JIT hook (crate::jit): per-loop back-edge counter in the feedback cell of the
    // back-edge instruction `$at` (`pc` is already the loop target); when it runs out the
    // JIT may compile the function and continue this frame in compiled code.
    // `$n`: iterations to count (0 for FORLOOP, whose iterations FORPREP counts up front).
    macro_rules! backedge {
        ($at:expr, $n:expr) => {{
            let n: i32 = $n;
            // Ctrl-C (crate::vm::interrupt): as in `load_frame!`; FORLOOP (n = 0) polls
            // by itself.
            if n != 0 && crate::vm::interrupt::pending() {
                savepc!();
                return Err(crate::vm::interrupt::raise(l));
            }
            let cell = ((&(*(*cl).proto).feedback).as_ptr() as *mut i32).add($at);
            if n != 0 && {
                *cell -= n;
                *cell < 0
            } {
                savepc!();
                match crate::jit::on_backedge(l, ci, $at, n)? {
                    crate::jit::Exit::Interpret => {}
                    crate::jit::Exit::Reload => load_frame!(),
                    crate::jit::Exit::ReturnFresh => return Ok(()),
                }
            }
        }};
    }
    macro_rules! donextjump {
        () => {{
            let ni = *code.add(pc);
            let at = pc;
            pc = (pc as isize + ni.sj() as isize + 1) as usize;
            if ni.sj() < 0 {
                backedge!(at, 1);
            }
        }};
    }
    macro_rules! docondjump {
        ($cond:expr, $i:expr) => {{
            if $cond != $i.k() {
                pc += 1;
            } else {
                donextjump!();
            }
        }};
    }
    macro_rules! protect {
        ($e:expr) => {{
            savestate!();
            let r = $e;
            update_base!();
            r
        }};
    }
    // Arithmetic with integer and float fast paths; on failure falls through to the next
    // instruction (MMBIN*), on success skips it.
    macro_rules! arith {
        ($i:ident, $v2:expr, $iop:expr, $fop:expr) => {{
            let v1 = reg!($i.b());
            let v2 = $v2;
            if v1.tt == T_INT && v2.tt == T_INT {
                reg!($i.a()) = Value::int($iop(v1.as_int(), v2.as_int()));
                pc += 1;
            } else if v1.tt == T_FLT && v2.tt == T_FLT {
                reg!($i.a()) = Value::flt($fop(v1.as_flt(), v2.as_flt()));
                pc += 1;
            } else if let (Some(n1), Some(n2)) = (to_num_ns(v1), to_num_ns(v2)) {
                reg!($i.a()) = Value::flt($fop(n1, n2));
                pc += 1;
            }
        }};
    }
    macro_rules! arith_err {
        ($i:ident, $v2:expr, $iop:expr, $fop:expr) => {{
            let v1 = reg!($i.b());
            let v2 = $v2;
            if v1.tt == T_INT && v2.tt == T_INT {
                match $iop(v1.as_int(), v2.as_int()) {
                    Ok(r) => {
                        reg!($i.a()) = Value::int(r);
                        pc += 1;
                    }
                    Err(msg) => {
                        // PUC does not save the pc here: the position reported is that
                        // of the last saved pc (lua5.4 shows the same, stale, line).
                        l.top = l.cis.get_unchecked(ci).top;
                        return Err(l.rt_error(msg));
                    }
                }
            } else if v1.tt == T_FLT && v2.tt == T_FLT {
                reg!($i.a()) = Value::flt($fop(v1.as_flt(), v2.as_flt()));
                pc += 1;
            } else if let (Some(n1), Some(n2)) = (to_num_ns(v1), to_num_ns(v2)) {
                reg!($i.a()) = Value::flt($fop(n1, n2));
                pc += 1;
            }
        }};
    }
    macro_rules! arithf {
        ($i:ident, $v2:expr, $fop:expr) => {{
            let v1 = reg!($i.b());
            let v2 = $v2;
            if v1.tt == T_FLT && v2.tt == T_FLT {
                reg!($i.a()) = Value::flt($fop(v1.as_flt(), v2.as_flt()));
                pc += 1;
            } else if let (Some(n1), Some(n2)) = (to_num_ns(v1), to_num_ns(v2)) {
                reg!($i.a()) = Value::flt($fop(n1, n2));
                pc += 1;
            }
        }};
    }
    macro_rules! bitwise {
        ($i:ident, $v2:expr, $op:expr) => {{
            let v1 = reg!($i.b());
            let v2 = $v2;
            if v1.tt == T_INT && v2.tt == T_INT {
                reg!($i.a()) = Value::int($op(v1.as_int(), v2.as_int()));
                pc += 1;
            } else if let (Some(i1), Some(i2)) = (to_int_ns(v1), to_int_ns(v2)) {
                reg!($i.a()) = Value::int($op(i1, i2));
                pc += 1;
            }
        }};
    }
    // Raw store into a table without `__newindex` (PUC's `luaV_fastset` + `luaH_finishset`):
    // existing non-nil slot, existing nil slot, or a new key. Falls through otherwise.
    macro_rules! fast_set {
        ($h:expr, $slot:expr, $key:expr, $val:expr) => {{
            let h: *mut Table = $h;
            let slot = $slot as *mut Value;
            if !(*slot).is_nil() {
                (*h).note_store(&mut l.heap, $key);
                set_slot(slot, $val);
                continue;
            }
            if l.fast_tm((*h).metatable, TM::NewIndex).is_none() {
                if slot as *const Value == &NIL as *const Value {
                    if let Err(e) = (*h).new_key(&mut l.heap, $key, $val) {
                        savestate!();
                        return Err(l.table_error(e));
                    }
                } else {
                    set_slot(slot, $val);
                    (*h).key_added(&mut l.heap);
                }
                continue;
            }
        }};
    }
    // A key missing from a table: the method cache, else a lookup through one `__index`
    // table (method calls through a class table), which fills the cache.
    macro_rules! index_chain_fast {
        ($h:expr, $key:expr, $dst:expr) => {{
            let mt = (*$h).metatable;
            if !mt.is_null() {
                if let Some(v) = l.heap.mcache.probe(mt, $key.as_str()) {
                    reg!($dst) = v;
                    continue;
                }
            }
            if let Some(idx) = l.fast_tm(mt, TM::Index) {
                if idx.tt == T_TABLE {
                    let s2 = (*idx.as_table()).get_shortstr($key.as_str());
                    if !(*s2).is_nil() {
                        (*mt).extra |= PROTO;
                        (*idx.as_table()).extra |= PROTO;
                        l.heap.mcache.fill(mt, $key.as_str(), s2);
                        reg!($dst) = *s2;
                        continue;
                    }
                }
            } else {
                reg!($dst) = Value::NIL;
                continue;
            }
        }};
    }
    // GC safe point (PUC's `checkGC`): live registers are below `$top`; finalizers may run
    // and reallocate the stack.
    macro_rules! check_gc {
        ($top:expr) => {{
            if l.heap.total >= l.heap.threshold && !l.heap.stopped {
                savepc!();
                l.top = $top;
                gc::gc_step(l);
                update_base!();
            }
        }};
    }
    // Comparison with an immediate (LTI/LEI/GTI/GEI): int and float fast paths, else the
    // order metamethods with the operands arranged by `$args`.
    macro_rules! order_imm {
        ($i:ident, $op:tt, $args:expr) => {{
            let v = reg!($i.a());
            let im = $i.sb() as i64;
            let cond = if v.tt == T_INT {
                v.as_int() $op im
            } else if v.tt == T_FLT {
                v.as_flt() $op (im as f64)
            } else {
                let aux = if $i.c() != 0 { Value::flt(im as f64) } else { Value::int(im) };
                let args: fn(Value, Value) -> (Value, Value, TM) = $args;
                let (p1, p2, e) = args(v, aux);
                protect!(l.call_order_tm(p1, p2, e)?)
            };
            docondjump!(cond, $i);
        }};
    }
    macro_rules! ret {
        ($fresh:expr) => {{
            if $fresh {
                return Ok(());
            }
            // Returning into a frame of the same closure (recursion): `cl`, `k` and `code`
            // stay; only `ci`, `pc` and `base` change (a shorter chain of dependent loads
            // than `load_frame!`). The caller keeps being interpreted even if its function
            // got compiled meanwhile; its next activation runs the compiled code.
            let c = l.cis.get_unchecked(l.ci);
            if !H
                && (*l.stack.as_ptr().add(c.func)).v == cl as u64
                && l.th.hookmask == 0
                && !crate::vm::interrupt::pending()
            {
                ci = l.ci;
                pc = c.savedpc;
                base = l.stack.as_mut_ptr().add(c.func + 1);
                continue;
            }
            load_frame!(resume);
            continue;
        }};
    }

    // Debug hooks (crate::vm::hooks): leave for the other loop instantiation after a native
    // call changed the hook mask (it may have been `debug.sethook` or a coroutine switch).
    macro_rules! hook_switch {
        () => {{
            if (l.th.hookmask != 0) != H {
                savepc!();
                l.co.switch_loop = true;
                return Ok(());
            }
        }};
    }

    load_frame!();
    loop {
        if H && l.th.hookmask & (crate::vm::hooks::MASK_LINE | crate::vm::hooks::MASK_COUNT) != 0 {
            crate::vm::hooks::trace_exec(l, ci, pc)?;
            update_base!();
        }
        let i = *code.add(pc);
        pc += 1;
        match op_of(i) {
            Op::Move => {
                reg!(i.a()) = reg!(i.b());
            }
            Op::LoadI => {
                reg!(i.a()) = Value::int(i.sbx() as i64);
            }
            Op::LoadF => {
                reg!(i.a()) = Value::flt(i.sbx() as f64);
            }
            Op::LoadK => {
                reg!(i.a()) = *k.add(i.bx() as usize);
            }
            Op::LoadKX => {
                let ax = (*code.add(pc)).ax();
                pc += 1;
                reg!(i.a()) = *k.add(ax as usize);
            }
            Op::LoadFalse => {
                reg!(i.a()) = Value::FALSE;
            }
            Op::LFalseSkip => {
                reg!(i.a()) = Value::FALSE;
                pc += 1;
            }
            Op::LoadTrue => {
                reg!(i.a()) = Value::TRUE;
            }
            Op::LoadNil => {
                let a = i.a() as usize;
                for j in 0..=i.b() as usize {
                    *base.add(a + j) = Value::NIL;
                }
            }
            Op::GetUpval => {
                reg!(i.a()) = *(*(*cl).upval(i.b() as usize)).v;
            }
            Op::SetUpval => {
                *(*(*cl).upval(i.b() as usize)).v = reg!(i.a());
            }
            Op::GetTabUp => {
                let b = i.b() as usize;
                let upv = *(*(*cl).upval(b)).v;
                let key = *k.add(i.c() as usize);
                if upv.tt == T_TABLE {
                    let slot = (*upv.as_table()).get_shortstr(key.as_str());
                    if !(*slot).is_nil() {
                        reg!(i.a()) = *slot;
                        continue;
                    }
                }
                let v = protect!(l.finish_get(upv, key, Loc::Upval(b))?);
                reg!(i.a()) = v;
            }
            Op::GetTable => {
                let rb = reg!(i.b());
                let rc = reg!(i.c());
                if rb.tt == T_TABLE {
                    let t = rb.as_table();
                    let slot = if rc.tt == T_INT {
                        (*t).get_int(rc.as_int())
                    } else {
                        (*t).get(rc, l.heap.seed)
                    };
                    if !(*slot).is_nil() {
                        reg!(i.a()) = *slot;
                        continue;
                    }
                }
                let loc = Loc::Stack(base_idx!() + i.b() as usize);
                let v = protect!(l.finish_get(rb, rc, loc)?);
                reg!(i.a()) = v;
            }
            Op::GetI => {
                let rb = reg!(i.b());
                let c = i.c() as i64;
                if rb.tt == T_TABLE {
                    let slot = (*rb.as_table()).get_int(c);
                    if !(*slot).is_nil() {
                        reg!(i.a()) = *slot;
                        continue;
                    }
                }
                let loc = Loc::Stack(base_idx!() + i.b() as usize);
                let v = protect!(l.finish_get(rb, Value::int(c), loc)?);
                reg!(i.a()) = v;
            }
            Op::GetField => {
                let rb = reg!(i.b());
                let key = *k.add(i.c() as usize);
                if rb.tt == T_TABLE {
                    let h = rb.as_table();
                    let slot = (*h).get_shortstr(key.as_str());
                    if !(*slot).is_nil() {
                        reg!(i.a()) = *slot;
                        continue;
                    }
                    index_chain_fast!(h, key, i.a());
                }
                let loc = Loc::Stack(base_idx!() + i.b() as usize);
                let v = protect!(l.finish_get(rb, key, loc)?);
                reg!(i.a()) = v;
            }
            Op::SetTabUp => {
                let a = i.a() as usize;
                let upv = *(*(*cl).upval(a)).v;
                let key = *k.add(i.b() as usize);
                let rc = if i.k() {
                    *k.add(i.c() as usize)
                } else {
                    reg!(i.c())
                };
                if upv.tt == T_TABLE {
                    let h = upv.as_table();
                    fast_set!(h, (*h).get_shortstr(key.as_str()), key, rc);
                }
                protect!(l.finish_set(upv, key, rc, Loc::Upval(a))?);
            }
            Op::SetTable => {
                let t = reg!(i.a());
                let key = reg!(i.b());
                let rc = if i.k() {
                    *k.add(i.c() as usize)
                } else {
                    reg!(i.c())
                };
                if t.tt == T_TABLE {
                    let h = t.as_table();
                    if key.tt == T_INT {
                        fast_set!(h, (*h).get_int(key.as_int()), key, rc);
                    } else if key.tt != T_NIL && key.tt != T_FLT {
                        fast_set!(h, (*h).get(key, l.heap.seed), key, rc);
                    }
                }
                let loc = Loc::Stack(base_idx!() + i.a() as usize);
                protect!(l.finish_set(t, key, rc, loc)?);
            }
            Op::SetI => {
                let t = reg!(i.a());
                let key = i.b() as i64;
                let rc = if i.k() {
                    *k.add(i.c() as usize)
                } else {
                    reg!(i.c())
                };
                if t.tt == T_TABLE {
                    let h = t.as_table();
                    fast_set!(h, (*h).get_int(key), Value::int(key), rc);
                }
                let loc = Loc::Stack(base_idx!() + i.a() as usize);
                protect!(l.finish_set(t, Value::int(key), rc, loc)?);
            }
            Op::SetField => {
                let t = reg!(i.a());
                let key = *k.add(i.b() as usize);
                let rc = if i.k() {
                    *k.add(i.c() as usize)
                } else {
                    reg!(i.c())
                };
                if t.tt == T_TABLE {
                    let h = t.as_table();
                    fast_set!(h, (*h).get_shortstr(key.as_str()), key, rc);
                }
                let loc = Loc::Stack(base_idx!() + i.a() as usize);
                protect!(l.finish_set(t, key, rc, loc)?);
            }
            Op::NewTable => {
                let mut b = i.b();
                let mut c = i.c();
                if b > 0 {
                    b = 1 << (b - 1);
                }
                if i.k() {
                    c += (*code.add(pc)).ax() * (MAXARG_C + 1);
                }
                pc += 1;
                match l.heap.new_table_sized(c, b) {
                    Ok(t) => reg!(i.a()) = Value::table(t),
                    Err(e) => {
                        savestate!();
                        return Err(l.table_error(e));
                    }
                }
                check_gc!(base_idx!() + i.a() as usize + 1);
            }
            Op::SelfOp => {
                let rb = reg!(i.b());
                let key = if i.k() {
                    *k.add(i.c() as usize)
                } else {
                    reg!(i.c())
                };
                reg!(i.a() + 1) = rb;
                if rb.tt == T_TABLE && key.tt == T_SHRSTR {
                    let t = rb.as_table();
                    let slot = (*t).get_shortstr(key.as_str());
                    if !(*slot).is_nil() {
                        reg!(i.a()) = *slot;
                        continue;
                    }
                    index_chain_fast!(t, key, i.a());
                }
                let loc = Loc::Stack(base_idx!() + i.b() as usize);
                let v = protect!(l.finish_get(rb, key, loc)?);
                reg!(i.a()) = v;
            }
            Op::AddI => {
                let v1 = reg!(i.b());
                let imm = i.sc() as i64;
                if v1.tt == T_INT {
                    reg!(i.a()) = Value::int(v1.as_int().wrapping_add(imm));
                    pc += 1;
                } else if v1.tt == T_FLT {
                    reg!(i.a()) = Value::flt(v1.as_flt() + imm as f64);
                    pc += 1;
                }
            }
            Op::AddK => arith!(
                i,
                *k.add(i.c() as usize),
                i64::wrapping_add,
                |a: f64, b: f64| a + b
            ),
            Op::SubK => arith!(
                i,
                *k.add(i.c() as usize),
                i64::wrapping_sub,
                |a: f64, b: f64| a - b
            ),
            Op::MulK => arith!(
                i,
                *k.add(i.c() as usize),
                i64::wrapping_mul,
                |a: f64, b: f64| a * b
            ),
            Op::ModK => arith_err!(i, *k.add(i.c() as usize), imod, fmod),
            Op::PowK => arithf!(i, *k.add(i.c() as usize), fpow),
            Op::DivK => arithf!(i, *k.add(i.c() as usize), |a: f64, b: f64| a / b),
            Op::IDivK => arith_err!(i, *k.add(i.c() as usize), idiv, fidiv),
            Op::BAndK => bitwise!(i, *k.add(i.c() as usize), |a: i64, b: i64| a & b),
            Op::BOrK => bitwise!(i, *k.add(i.c() as usize), |a: i64, b: i64| a | b),
            Op::BXorK => bitwise!(i, *k.add(i.c() as usize), |a: i64, b: i64| a ^ b),
            Op::ShrI => {
                let v1 = reg!(i.b());
                if let Some(x) = to_int_ns(v1) {
                    reg!(i.a()) = Value::int(shiftl(x, -(i.sc() as i64)));
                    pc += 1;
                }
            }
            Op::ShlI => {
                let v1 = reg!(i.b());
                if let Some(x) = to_int_ns(v1) {
                    reg!(i.a()) = Value::int(shiftl(i.sc() as i64, x));
                    pc += 1;
                }
            }
            Op::Add => arith!(i, reg!(i.c()), i64::wrapping_add, |a: f64, b: f64| a + b),
            Op::Sub => arith!(i, reg!(i.c()), i64::wrapping_sub, |a: f64, b: f64| a - b),
            Op::Mul => arith!(i, reg!(i.c()), i64::wrapping_mul, |a: f64, b: f64| a * b),
            Op::Mod => arith_err!(i, reg!(i.c()), imod, fmod),
            Op::Pow => arithf!(i, reg!(i.c()), fpow),
            Op::Div => arithf!(i, reg!(i.c()), |a: f64, b: f64| a / b),
            Op::IDiv => arith_err!(i, reg!(i.c()), idiv, fidiv),
            Op::BAnd => bitwise!(i, reg!(i.c()), |a: i64, b: i64| a & b),
            Op::BOr => bitwise!(i, reg!(i.c()), |a: i64, b: i64| a | b),
            Op::BXor => bitwise!(i, reg!(i.c()), |a: i64, b: i64| a ^ b),
            Op::Shl => bitwise!(i, reg!(i.c()), shiftl),
            Op::Shr => bitwise!(i, reg!(i.c()), |a: i64, b: i64| shiftl(a, b.wrapping_neg())),
            Op::MmBin => {
                let pi = *code.add(pc - 2);
                let tm = TM::from_u32(i.c()).unwrap_or(TM::Add);
                let bi = base_idx!();
                let (a, b) = (i.a() as usize, i.b() as usize);
                let v = protect!(l.arith_tm(
                    reg!(a),
                    Loc::Stack(bi + a),
                    reg!(b),
                    Loc::Stack(bi + b),
                    tm
                )?);
                reg!(pi.a()) = v;
            }
            Op::MmBinI => {
                let pi = *code.add(pc - 2);
                let tm = TM::from_u32(i.c()).unwrap_or(TM::Add);
                let a = i.a() as usize;
                let imm = Value::int(i.sb() as i64);
                let ra = (reg!(a), Loc::Stack(base_idx!() + a));
                let (p1, p2) = if i.k() {
                    ((imm, Loc::None), ra)
                } else {
                    (ra, (imm, Loc::None))
                };
                let v = protect!(l.arith_tm(p1.0, p1.1, p2.0, p2.1, tm)?);
                reg!(pi.a()) = v;
            }
            Op::MmBinK => {
                let pi = *code.add(pc - 2);
                let tm = TM::from_u32(i.c()).unwrap_or(TM::Add);
                let a = i.a() as usize;
                let imm = *k.add(i.b() as usize);
                let ra = (reg!(a), Loc::Stack(base_idx!() + a));
                let (p1, p2) = if i.k() {
                    ((imm, Loc::None), ra)
                } else {
                    (ra, (imm, Loc::None))
                };
                let v = protect!(l.arith_tm(p1.0, p1.1, p2.0, p2.1, tm)?);
                reg!(pi.a()) = v;
            }
            Op::Unm => {
                let rb = reg!(i.b());
                if rb.tt == T_INT {
                    reg!(i.a()) = Value::int(0i64.wrapping_sub(rb.as_int()));
                } else if rb.tt == T_FLT {
                    reg!(i.a()) = Value::flt(-rb.as_flt());
                } else {
                    let loc = Loc::Stack(base_idx!() + i.b() as usize);
                    let v = protect!(l.arith_tm(rb, loc, rb, loc, TM::Unm)?);
                    reg!(i.a()) = v;
                }
            }
            Op::BNot => {
                let rb = reg!(i.b());
                if let Some(x) = to_int_ns(rb) {
                    reg!(i.a()) = Value::int(!x);
                } else {
                    let loc = Loc::Stack(base_idx!() + i.b() as usize);
                    let v = protect!(l.arith_tm(rb, loc, rb, loc, TM::BNot)?);
                    reg!(i.a()) = v;
                }
            }
            Op::Not => {
                reg!(i.a()) = Value::bool(reg!(i.b()).is_falsy());
            }
            Op::Len => {
                let rb = reg!(i.b());
                if rb.tt == T_TABLE && (*rb.as_table()).metatable.is_null() {
                    reg!(i.a()) = Value::int((*rb.as_table()).length() as i64);
                } else {
                    let loc = Loc::Stack(base_idx!() + i.b() as usize);
                    let v = protect!(l.obj_len(rb, loc)?);
                    reg!(i.a()) = v;
                }
            }
            Op::Concat => {
                let n = i.b() as usize;
                let ra = base_idx!() + i.a() as usize;
                l.top = ra + n;
                savepc!();
                l.concat(n)?;
                update_base!();
                check_gc!(ra + 1);
            }
            Op::Close => {
                let ra = base_idx!() + i.a() as usize;
                protect!(l.close(ra, None)?);
            }
            Op::Tbc => {
                let ra = base_idx!() + i.a() as usize;
                savestate!();
                l.new_tbc(ra)?;
            }
            Op::Jmp => {
                pc = (pc as isize + i.sj() as isize) as usize;
                if i.sj() < 0 {
                    backedge!((pc as isize - i.sj() as isize - 1) as usize, 1);
                }
            }
            Op::Eq => {
                let v1 = reg!(i.a());
                let v2 = reg!(i.b());
                let cond = if v1.tt == v2.tt
                    && matches!(
                        v1.tt,
                        T_NIL | T_FALSE | T_TRUE | T_INT | T_SHRSTR | T_LCL | T_LCF
                    ) {
                    v1.v == v2.v
                } else {
                    protect!(l.equal_obj(v1, v2)?)
                };
                docondjump!(cond, i);
            }
            Op::Lt => {
                let v1 = reg!(i.a());
                let v2 = reg!(i.b());
                let cond = if v1.tt == T_INT && v2.tt == T_INT {
                    v1.as_int() < v2.as_int()
                } else if v1.tt == T_FLT && v2.tt == T_FLT {
                    v1.as_flt() < v2.as_flt()
                } else if v1.is_number() && v2.is_number() {
                    lt_num(v1, v2)
                } else {
                    protect!(l.less_than(v1, v2)?)
                };
                docondjump!(cond, i);
            }
            Op::Le => {
                let v1 = reg!(i.a());
                let v2 = reg!(i.b());
                let cond = if v1.tt == T_INT && v2.tt == T_INT {
                    v1.as_int() <= v2.as_int()
                } else if v1.tt == T_FLT && v2.tt == T_FLT {
                    v1.as_flt() <= v2.as_flt()
                } else if v1.is_number() && v2.is_number() {
                    le_num(v1, v2)
                } else {
                    protect!(l.less_equal(v1, v2)?)
                };
                docondjump!(cond, i);
            }
            Op::EqK => {
                let cond = reg!(i.a()).raw_eq(*k.add(i.b() as usize));
                docondjump!(cond, i);
            }
            Op::EqI => {
                let v = reg!(i.a());
                let im = i.sb() as i64;
                let cond = match v.tt {
                    T_INT => v.as_int() == im,
                    T_FLT => v.as_flt() == im as f64,
                    _ => false,
                };
                docondjump!(cond, i);
            }
            Op::LtI => order_imm!(i, <, |v, aux| (v, aux, TM::Lt)),
            Op::LeI => order_imm!(i, <=, |v, aux| (v, aux, TM::Le)),
            Op::GtI => order_imm!(i, >, |v, aux| (aux, v, TM::Lt)),
            Op::GeI => order_imm!(i, >=, |v, aux| (aux, v, TM::Le)),
            Op::Test => {
                let cond = !reg!(i.a()).is_falsy();
                docondjump!(cond, i);
            }
            Op::TestSet => {
                let rb = reg!(i.b());
                if rb.is_falsy() == i.k() {
                    pc += 1;
                } else {
                    reg!(i.a()) = rb;
                    donextjump!();
                }
            }
            Op::Call => {
                let b = i.b() as usize;
                let nresults = i.c() as i32 - 1;
                let func = base_idx!() + i.a() as usize;
                if b != 0 {
                    l.top = func + b;
                }
                savepc!();
                let f = *l.stack.as_ptr().add(func);
                if f.tt == T_LCL {
                    let p = &*(*f.as_lcl()).proto;
                    let fsize = p.maxstack as usize;
                    let nfix = p.numparams as usize;
                    if l.stack.len() - EXTRA_STACK - l.top < fsize {
                        l.grow_stack(fsize)?;
                    }
                    let sp = l.stack.as_mut_ptr();
                    let mut narg = l.top - func - 1;
                    while narg < nfix {
                        *sp.add(func + 1 + narg) = Value::NIL;
                        narg += 1;
                    }
                    l.top = func + 1 + narg;
                    ci = l.push_ci(CallInfo {
                        func,
                        top: func + 1 + fsize,
                        savedpc: 0,
                        nresults,
                        status: 0,
                        nextraargs: 0,
                    });
                    cl = f.as_lcl();
                    k = p.k;
                    code = p.code;
                    pc = 0;
                    base = sp.add(func + 1);
                    // JIT hook: count the activation (as `load_frame!` does); when the
                    // counter runs out, `load_frame!` counts it and asks the JIT.
                    let pj = &mut (*(*f.as_lcl()).proto).jit;
                    if H || pj.counter <= 0 {
                        load_frame!();
                    } else {
                        pj.counter -= 1;
                    }
                    continue;
                }
                match l.precall(func, nresults)? {
                    Some(_) => {
                        load_frame!();
                    }
                    None => {
                        update_base!();
                        hook_switch!();
                    }
                }
            }
            Op::TailCall => {
                let mut b = i.b() as usize;
                let nparams1 = i.c() as usize;
                let delta = if nparams1 != 0 {
                    l.cis.get_unchecked(ci).nextraargs as usize + nparams1
                } else {
                    0
                };
                let mut func = base_idx!() + i.a() as usize;
                if b != 0 {
                    l.top = func + b;
                } else {
                    b = l.top - func;
                }
                savepc!();
                if i.k() {
                    l.close_upvals(base_idx!());
                }
                loop {
                    let f = l.stack[func];
                    if f.tt == T_LCL {
                        let p = &*(*f.as_lcl()).proto;
                        let fsize = p.maxstack as usize;
                        let nfix = p.numparams as usize;
                        l.check_stack(fsize.saturating_sub(delta))?;
                        let c = l.cis.get_unchecked_mut(ci);
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
                        let c = l.cis.get_unchecked_mut(ci);
                        c.top = cf + 1 + fsize;
                        c.savedpc = 0;
                        c.status |= CIST_TAIL;
                        l.top = cf + narg1;
                        load_frame!();
                        break;
                    } else if f.tt == T_LCF || f.tt == T_NCL {
                        let n = l.call_native(func, MULTRET, f)?;
                        let fresh = l.cis.get_unchecked(ci).status & CIST_FRESH != 0;
                        l.cis.get_unchecked_mut(ci).func -= delta;
                        l.poscall(ci, n);
                        if fresh {
                            return Ok(());
                        }
                        load_frame!();
                        break;
                    } else {
                        func = l.try_func_tm(func)?;
                        b += 1;
                    }
                }
            }
            Op::Return => {
                let a = i.a() as usize;
                let ra = base_idx!() + a;
                let mut n = i.b() as isize - 1;
                let nparams1 = i.c() as usize;
                if n < 0 {
                    n = (l.top - ra) as isize;
                }
                let n = n as usize;
                savepc!();
                if i.k() {
                    let ct = l.cis.get_unchecked(ci).top;
                    l.top = (ra + n).max(ct);
                    l.close(base_idx!(), None)?;
                }
                if H && l.th.hookmask != 0 {
                    l.top = ra + n;
                    crate::vm::hooks::hook_ret(l, ci, n)?;
                }
                let c = l.cis.get_unchecked_mut(ci);
                if nparams1 != 0 {
                    c.func -= c.nextraargs as usize + nparams1;
                }
                let fresh = c.status & CIST_FRESH != 0;
                l.top = ra + n;
                l.poscall(ci, n);
                ret!(fresh);
            }
            Op::Return0 => {
                if H && l.th.hookmask != 0 {
                    savepc!();
                    l.top = base_idx!() + i.a() as usize;
                    crate::vm::hooks::hook_ret(l, ci, 0)?;
                }
                let c = *l.cis.get_unchecked(ci);
                l.top = c.func;
                let mut nres = c.nresults;
                while nres > 0 {
                    *l.stack.as_mut_ptr().add(l.top) = Value::NIL;
                    l.top += 1;
                    nres -= 1;
                }
                l.ci = ci - 1;
                ret!(c.status & CIST_FRESH != 0);
            }
            Op::Return1 => {
                if H && l.th.hookmask != 0 {
                    savepc!();
                    l.top = base_idx!() + i.a() as usize + 1;
                    crate::vm::hooks::hook_ret(l, ci, 1)?;
                    update_base!();
                }
                let c = *l.cis.get_unchecked(ci);
                let nres = c.nresults;
                if nres == 0 {
                    l.top = c.func;
                } else {
                    *l.stack.as_mut_ptr().add(c.func) = reg!(i.a());
                    l.top = c.func + 1;
                    let mut n = nres;
                    while n > 1 {
                        *l.stack.as_mut_ptr().add(l.top) = Value::NIL;
                        l.top += 1;
                        n -= 1;
                    }
                }
                l.ci = ci - 1;
                ret!(c.status & CIST_FRESH != 0);
            }
            Op::ForLoop => {
                let ra = base.add(i.a() as usize);
                if (*ra.add(2)).tt == T_INT {
                    let count = (*ra.add(1)).v;
                    if count > 0 {
                        let step = (*ra.add(2)).as_int();
                        let idx = (*ra).as_int().wrapping_add(step);
                        (*ra.add(1)).v = count - 1;
                        (*ra).v = idx as u64;
                        *ra.add(3) = Value::int(idx);
                        pc -= i.bx() as usize;
                        // Ctrl-C: poll every 4096 iterations (keeps the loop tight).
                        if count & 0xfff == 0 && crate::vm::interrupt::pending() {
                            savepc!();
                            return Err(crate::vm::interrupt::raise(l));
                        }
                        backedge!(pc + i.bx() as usize - 1, 0);
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
                        pc -= i.bx() as usize;
                        // Ctrl-C (crate::vm::interrupt).
                        if crate::vm::interrupt::pending() {
                            savepc!();
                            return Err(crate::vm::interrupt::raise(l));
                        }
                        backedge!(pc + i.bx() as usize - 1, 0);
                    }
                }
            }
            Op::ForPrep => {
                let ra = base_idx!() + i.a() as usize;
                savestate!();
                if l.for_prep(ra)? {
                    pc += i.bx() as usize + 1;
                } else {
                    // JIT hook: a numeric loop counts its iterations here, up front, at the
                    // FORLOOP's cell (an integer loop's count is known; a float loop counts 1).
                    let rn = base.add(i.a() as usize);
                    let n = if (*rn.add(2)).tt == T_INT {
                        (*rn.add(1)).v.min(1 << 30) as i32 + 1
                    } else {
                        1
                    };
                    backedge!(pc + i.bx() as usize, n);
                }
            }
            Op::TForPrep => {
                let ra = base_idx!() + i.a() as usize;
                savestate!();
                l.new_tbc(ra + 3)?;
                pc += i.bx() as usize;
            }
            Op::TForCall => {
                let ra = base_idx!() + i.a() as usize;
                let sp = l.stack.as_mut_ptr();
                *sp.add(ra + 4) = *sp.add(ra);
                *sp.add(ra + 5) = *sp.add(ra + 1);
                *sp.add(ra + 6) = *sp.add(ra + 2);
                l.top = ra + 4 + 3;
                savepc!();
                match l.precall(ra + 4, i.c() as i32)? {
                    Some(_) => {
                        load_frame!();
                    }
                    None => {
                        update_base!();
                        hook_switch!();
                    }
                }
            }
            Op::TForLoop => {
                let ra = base.add(i.a() as usize);
                if !(*ra.add(4)).is_nil() {
                    *ra.add(2) = *ra.add(4);
                    pc -= i.bx() as usize;
                    backedge!(pc + i.bx() as usize - 1, 1);
                }
            }
            Op::SetList => {
                let ra = base_idx!() + i.a() as usize;
                let mut n = i.b() as usize;
                let mut last = i.c() as usize;
                if n == 0 {
                    n = l.top - ra - 1;
                } else {
                    l.top = l.cis.get_unchecked(ci).top;
                }
                last += n;
                if i.k() {
                    last += (*code.add(pc)).ax() as usize * (MAXARG_C as usize + 1);
                    pc += 1;
                }
                let h: *mut Table = l.stack[ra].as_table();
                if last > (*h).asize as usize {
                    if let Err(e) = (*h).resize_array(&mut l.heap, last as u32, (last - n) as u32) {
                        savepc!();
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
            }
            Op::Closure => {
                let pp = &*(*cl).proto;
                let p = *pp.protos.get_unchecked(i.bx() as usize);
                let psrc = &(*p).src;
                let nup = psrc.upvalues.len();
                let ncl = l.heap.new_lclosure(p, nup);
                reg!(i.a()) = Value::lcl(ncl);
                let bi = base_idx!();
                for (j, uv) in psrc.upvalues.iter().enumerate() {
                    let u = if uv.in_stack {
                        l.find_upval(bi + uv.idx as usize)
                    } else {
                        (*cl).upval(uv.idx as usize)
                    };
                    *(*ncl).upvals_ptr().add(j) = u;
                }
                check_gc!(bi + i.a() as usize + 1);
            }
            Op::VarArg => {
                let ra = base_idx!() + i.a() as usize;
                savepc!();
                l.get_varargs(ci, ra, i.c() as i32 - 1)?;
                update_base!();
            }
            Op::VarArgPrep => {
                savepc!();
                let ms = (*(*cl).proto).maxstack as usize;
                l.adjust_varargs(ci, i.a() as usize, ms)?;
                update_base!();
                if H && l.th.hookmask != 0 {
                    crate::vm::hooks::hook_lua_call(l, ci)?;
                    l.th.oldpc = 1;
                    update_base!();
                }
            }
            Op::ExtraArg => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn frame_is_small() {
        // The interpreter's Rust frame must allow 200 nested re-entries in 8 MB.
        assert!(std::mem::size_of::<super::CallInfo>() <= 48);
    }
}
