//! Asynchronous interruption (Ctrl-C in the `crescent` command, lua.c's `laction`/`lstop`).
//!
//! A process-wide flag that a signal handler may set ([`request`] is async-signal-safe: one
//! atomic store). The interpreter polls it at back-edges and frame loads — one relaxed load of
//! a static and a never-taken branch — and, when set, clears it and raises "interrupted!" as a
//! runtime error at the current position ([`raise`]), like lua.c's hook does with
//! `luaL_error`. Native functions are not interrupted (as in lua.c, whose hook only runs in
//! Lua code). Nothing but the command line sets the flag.

use crate::vm::state::State;
use crate::vm::Throw;
use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPT: AtomicBool = AtomicBool::new(false);

/// Asks the running Lua code to stop with "interrupted!" (async-signal-safe).
#[inline]
pub fn request() {
    INTERRUPT.store(true, Ordering::Relaxed);
}

/// Withdraws a pending request (before running a new chunk).
#[inline]
pub fn clear() {
    INTERRUPT.store(false, Ordering::Relaxed);
}

/// Is a request pending? The interpreter's poll.
#[inline(always)]
pub fn pending() -> bool {
    INTERRUPT.load(Ordering::Relaxed)
}

/// Consumes the request and raises "interrupted!" in the running Lua frame (whose `savedpc`
/// the caller has saved).
#[cold]
#[inline(never)]
pub fn raise(l: &mut State) -> Throw {
    clear();
    l.rt_error("interrupted!")
}

/// Address of the flag (one byte, 0 or 1), for compiled code to poll with a single
/// `cmp byte [addr], 0` at loop back-edges.
pub fn flag_address() -> *const u8 {
    INTERRUPT.as_ptr() as *const u8
}
