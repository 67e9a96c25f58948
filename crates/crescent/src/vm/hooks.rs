//! Debug hooks (`debug.sethook`): call, return, line and count events, per thread, with
//! lua5.4's semantics (`luaD_hook`, `luaD_hookcall`, `rethook`, `luaG_traceexec` and the debug
//! library's `hookf`).
//!
//! Cost when no hook is set: the interpreter has two instantiations of its loop
//! (`interp::run::<H>`); the plain one (`H = false`) has no per-instruction check at all. It
//! compares the running thread's hook mask with `H` only where the mask can have changed:
//! when it loads a frame (calls into Rust-called Lua, returns, JIT exits) and after a native
//! function returns into it; on a mismatch it returns with `CoGlobal::switch_loop` set and
//! `execute` re-enters the other instantiation at the saved pc. The hooked loop checks line
//! and count events before each instruction, the call event when a frame starts (after
//! VARARGPREP for vararg functions) and the return event before a frame returns. Native
//! functions get call/return events in `State::call_native` (two tests of the mask). Any
//! hook forces interpretation (`JitState::force_interp`): compiled code leaves for the
//! interpreter after its next native call.
//!
//! The hook function lives in the registry table `_HOOKKEY` (weak keys) indexed by thread,
//! as in `ldblib.c`; the mask and counts are per thread (`PerThread`). While a hook runs,
//! hooks are off for that thread (`allowhook`) and the hooked frame is marked `CIST_HOOKED`
//! (so it names its callee "hook '?'"); hook calls are not yieldable. Uses no `unsafe` beyond
//! reading the prototype of a Lua frame.

use crate::value::*;
use crate::vm::coro::Thread;
use crate::vm::state::{State, CIST_C, CIST_TAIL};
use crate::vm::*;
use crescent_frontend::Op;

pub const MASK_CALL: u8 = 1;
pub const MASK_RET: u8 = 2;
pub const MASK_LINE: u8 = 4;
pub const MASK_COUNT: u8 = 8;

/// Hook events (`ar->event`), indices into [`EVENT_NAMES`].
pub const EV_CALL: usize = 0;
pub const EV_RET: usize = 1;
pub const EV_LINE: usize = 2;
pub const EV_COUNT: usize = 3;
pub const EV_TAILCALL: usize = 4;
pub const EVENT_NAMES: [&str; 5] = ["call", "return", "line", "count", "tail call"];

/// `CallInfo::status` bits: the frame is running a hook; it has transfer information.
pub const CIST_HOOKED: u16 = 0x100;
pub const CIST_TRAN: u16 = 0x200;

/// Registry key of the hook table.
pub const HOOKKEY: &[u8] = b"_HOOKKEY";

/// `lua_sethook` on thread `t`: mask 0 (or no function) turns hooks off.
pub(crate) fn set_hook(l: &mut State, t: *mut Thread, mut mask: u8, count: i32) {
    let th = if t == l.co.cur {
        &mut l.th
    } else {
        // SAFETY: live, not running thread.
        unsafe { &mut (*t).d.th }
    };
    if count <= 0 {
        mask &= !MASK_COUNT;
    }
    th.hookmask = mask;
    th.basehookcount = count.max(0);
    th.hookcount = count.max(0);
    update_force_interp(l);
}

/// Keeps the JIT out while the running thread has hooks.
#[inline]
pub fn update_force_interp(l: &mut State) {
    l.jit.force_interp = l.th.hookmask != 0;
}

/// The hook function of thread `t` (nil if none).
pub(crate) fn hook_function(l: &State, t: *mut Thread) -> Value {
    let Some(k) = l.heap.strings_lookup(HOOKKEY) else {
        return Value::NIL;
    };
    // SAFETY: the registry is a live table; so is the hook table if present.
    unsafe {
        let ht = *(*l.registry).get_shortstr(k);
        if ht.tt != T_TABLE {
            return Value::NIL;
        }
        *(*ht.as_table()).get(crate::vm::coro::thread_value(t), l.heap.seed)
    }
}

/// `luaD_hook` + `hookf`: calls the running thread's hook for `event` with the frame `l.ci`.
pub fn call_hook(
    l: &mut State,
    event: usize,
    line: i64,
    ftransfer: usize,
    ntransfer: usize,
) -> Result<(), Throw> {
    if !l.th.allowhook || l.th.hookmask == 0 {
        return Ok(());
    }
    let f = hook_function(l, l.co.cur);
    if !f.is_function() {
        return Ok(());
    }
    let ci = l.ci;
    let top = l.top;
    let ci_top = l.cis[ci].top;
    let is_lua = ci > 0 && l.cis[ci].status & CIST_C == 0;
    if is_lua && l.top < ci_top {
        // Protect the whole activation register.
        l.top = ci_top;
    }
    l.check_stack(MIN_STACK)?;
    if l.cis[ci].top < l.top + MIN_STACK {
        l.cis[ci].top = l.top + MIN_STACK;
    }
    let mut mask = CIST_HOOKED;
    if ntransfer != 0 {
        mask |= CIST_TRAN;
        l.th.ftransfer = ftransfer as u32;
        l.th.ntransfer = ntransfer as u32;
    }
    let ev = l.new_str(EVENT_NAMES[event].as_bytes())?;
    l.th.allowhook = false;
    l.cis[ci].status |= mask;
    let func = l.top;
    l.push(f);
    l.push(ev);
    l.push(if line >= 0 {
        Value::int(line)
    } else {
        Value::NIL
    });
    l.th.nny += 1;
    let r = l.call(func, 0);
    l.th.nny -= 1;
    l.th.allowhook = true;
    l.cis[ci].status &= !mask;
    if r.is_ok() {
        l.cis[ci].top = ci_top;
        l.top = top;
    }
    r
}

/// `luaD_hookcall`: a Lua frame `ci` (= `l.ci`) starts.
pub fn hook_lua_call(l: &mut State, ci: usize) -> Result<(), Throw> {
    l.th.oldpc = 0;
    if l.th.hookmask & MASK_CALL == 0 {
        return Ok(());
    }
    let ev = if l.cis[ci].status & CIST_TAIL != 0 {
        EV_TAILCALL
    } else {
        EV_CALL
    };
    let np = l.frame_proto(ci).map(|p| p.numparams as usize).unwrap_or(0);
    // Hooks see the pc already incremented.
    l.cis[ci].savedpc += 1;
    let r = call_hook(l, ev, -1, 1, np);
    l.cis[ci].savedpc -= 1;
    r
}

/// Call event of the native function running in frame `ci` (= `l.ci`).
pub fn hook_native_call(l: &mut State, ci: usize) -> Result<(), Throw> {
    let narg = l.top - l.cis[ci].func - 1;
    call_hook(l, EV_CALL, -1, 1, narg)
}

/// `rethook`: frame `ci` (= `l.ci`) returns the `nres` values on top of the stack.
pub fn hook_ret(l: &mut State, ci: usize, nres: usize) -> Result<(), Throw> {
    if l.th.hookmask & MASK_RET != 0 {
        let firstres = l.top - nres;
        let ftransfer = firstres - l.cis[ci].func;
        call_hook(l, EV_RET, -1, ftransfer, nres)?;
    }
    if ci > 1 && l.cis[ci - 1].status & CIST_C == 0 {
        l.th.oldpc = l.cis[ci - 1].savedpc.saturating_sub(1);
    }
    Ok(())
}

/// Whether instruction `i` takes its operand count from `top` (PUC's `isIT`).
fn uses_top(i: crescent_frontend::Instr) -> bool {
    matches!(i.op(), Op::Call | Op::TailCall | Op::Return | Op::SetList) && i.b() == 0
}

/// `luaG_traceexec`: count and line events before instruction `pc` of Lua frame `ci`.
pub fn trace_exec(l: &mut State, ci: usize, pc: usize) -> Result<(), Throw> {
    let mask = l.th.hookmask;
    if mask & (MASK_LINE | MASK_COUNT) == 0 {
        return Ok(());
    }
    let Some(p) = l.frame_proto(ci) else {
        return Ok(());
    };
    if pc == 0 && p.is_vararg {
        // Hooks start after VARARGPREP (its call event then makes the next line "new").
        return Ok(());
    }
    l.cis[ci].savedpc = pc + 1;
    let counthook = if mask & MASK_COUNT != 0 {
        l.th.hookcount -= 1;
        l.th.hookcount <= 0
    } else {
        false
    };
    if counthook {
        l.th.hookcount = l.th.basehookcount;
    } else if mask & MASK_LINE == 0 {
        return Ok(());
    }
    let p = l.frame_proto(ci).expect("Lua frame");
    let instr = p.src.code[pc];
    let ncode = p.src.code.len();
    if !uses_top(instr) {
        l.top = l.cis[ci].top;
    }
    if counthook {
        call_hook(l, EV_COUNT, -1, 0, 0)?;
    }
    if mask & MASK_LINE != 0 {
        let p = l.frame_proto(ci).expect("Lua frame");
        let oldpc = if l.th.oldpc < ncode { l.th.oldpc } else { 0 };
        if pc <= oldpc || p.line(oldpc) != p.line(pc) {
            let line = p.line(pc);
            call_hook(l, EV_LINE, line, 0, 0)?;
        }
        l.th.oldpc = pc;
    }
    Ok(())
}
