//! Ctrl-C while Lua code runs (lua.c's `laction`): the first SIGINT asks the interpreter to
//! stop with "interrupted!" (see `crescent::Lua::interrupt`) and restores the default action,
//! so a second Ctrl-C (e.g. while a native function or compiled loop does not poll) ends the
//! process. The handler is installed only around calls into Lua, as lua.c's `docall` does.
//!
//! SIGPIPE: the Rust runtime ignores it (writes then fail with EPIPE); a C program such as
//! lua.c keeps the default action, so `crescent script | head` ends like `lua5.4`'s (killed
//! by SIGPIPE, status 141 in the shell) instead of running on with failing writes.

extern "C" fn on_sigint(_sig: libc::c_int) {
    // SAFETY: `signal` is async-signal-safe; `interrupt` is one atomic store.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
    }
    crescent::Lua::interrupt();
}

/// Runs `f` with the SIGINT handler installed.
pub fn interruptible<T>(f: impl FnOnce() -> T) -> T {
    // SAFETY: installing a handler that only does async-signal-safe work.
    unsafe {
        libc::signal(libc::SIGINT, on_sigint as *const () as libc::sighandler_t);
    }
    let r = f();
    // SAFETY: restoring the default action.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
    }
    r
}

/// Restores the default SIGPIPE action (see the module documentation).
pub fn default_sigpipe() {
    // SAFETY: setting a signal's action to the default has no preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
