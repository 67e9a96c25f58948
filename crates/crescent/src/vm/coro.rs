//! Coroutines: thread objects and switching between them (design brief decision 8).
//!
//! A [`Thread`] is a GC object (`T_THREAD`) owning one coroutine's interpreter state: its Lua
//! value stack, `CallInfo` list, open upvalues, to-be-closed list, C-call depth, message
//! handler, per-thread hook settings ([`PerThread`]) and the JIT's native nesting depth
//! ([`ThreadData`]). The *running* thread's state lives in the [`State`] fields the whole VM
//! already uses (`stack`, `cis`, ...); switching threads exchanges those fields with the
//! threads' saved copies (a handful of moves, no copying of stacks), so the interpreter, the
//! library and the JIT need no notion of "current thread". Invariant: `State::co.cur` is the
//! running thread and its `Thread::d` owns nothing (a stale copy of the state in `State`, or
//! the empty placeholder); every other thread's state is in its own `d`.
//!
//! Execution is stackful: a coroutine body runs on its own native stack (`corosensei`
//! `DefaultStack`s with a guard page, allocated on first resume), so a yield works from
//! anywhere (metamethods, `pcall`, iterators, JIT frames). Native coroutines are *runners*
//! that loop over bodies: when a body ends (returns, errors or yields stacklessly) the runner
//! reports `Event::Done` and goes back to a small LIFO pool, so the next resume of any
//! coroutine reuses a warm stack without any set-up. To keep 100000 suspended coroutines cheap, a yield that happens directly in the
//! coroutine's interpreter loop (C-call depth 1 inside the coroutine: no native frame between
//! the body and `coroutine.yield`) is *stackless*: it unwinds the native stack like an error
//! (`Err(Throw)` with [`Thread::stackless`] set), leaving the yield's `CallInfo` on top, and the
//! next resume finishes that call (`poscall`) and re-enters the interpreter on a fresh native
//! stack (PUC's `unroll`). Only coroutines suspended below a native frame (inside `pcall`, a
//! metamethod, ...) keep a native stack while suspended.
//!
//! Yieldability follows lua5.4: `PerThread::nny` counts non-yieldable calls (Lua called from a
//! native function through `State::call`, except where the native opted in with
//! `CoGlobal::yieldable_call` as `lua_callk`/`lua_pcallk` do: pcall, xpcall, pairs; message
//! handlers, finalizers and hooks) and a yield with `nny > 0` is "attempt to yield across a
//! C-call boundary". C-call depth (`n_ccalls`) is per thread: a resume starts the coroutine at
//! the resumer's depth (PUC's `L->nCcalls = from->nCcalls`), so nesting coroutines and native
//! recursion inside one both meet "C stack overflow" at lua5.4's limit, and the native stack of
//! a coroutine is sized for that many levels.
//!
//! GC: threads are traversed like other objects (the saved stack below `top`, the open
//! upvalues); the running and main threads are roots. A dead thread's reachable open upvalues
//! are closed in the atomic phase ([`atomic`]) before the sweep frees its stack. Uses `unsafe`
//! (raw object pointers, the native stack switch).

use crate::gc::{GcHeader, Heap, BLACK};
use crate::object::closure::UpVal;
use crate::value::*;
use crate::vm::state::{CallInfo, State, CIST_C};
use crate::vm::*;
use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult, Yielder};

/// Native stack size of a coroutine. Sized for `MAX_CCALLS` (+10% for error handling) nested
/// re-entries of the interpreter plus the front end's nesting limit, with margin.
#[cfg(debug_assertions)]
pub const CO_STACK_SIZE: usize = 16 << 20;
#[cfg(not(debug_assertions))]
pub const CO_STACK_SIZE: usize = 1 << 20;
/// Native stacks kept for reuse.
const POOL_MAX: usize = 16;

/// `Thread::status`: PUC's `L->status` (running, normal, fresh and finished threads are OK).
pub const CO_OK: u8 = 0;
pub const CO_YIELD: u8 = 1;
/// Dead by an error (the error object is on top of its stack).
pub const CO_ERR: u8 = 2;

/// How a native coroutine body ended.
pub enum Outcome {
    Returned,
    Errored,
    /// Stackless yield: the native stack unwound, the Lua state is suspended in the yield.
    Yielded,
}

/// What a native coroutine reports when it switches back to its resumer.
pub enum Event {
    /// A stackful yield: the body is suspended on this native stack.
    Suspended,
    /// The body ended; the native coroutine is idle again (reusable by any thread).
    Done(Outcome),
}

/// A runner: a native coroutine looping over bodies (so reusing it costs no set-up).
type NativeCo = Coroutine<*mut State, Event, (), DefaultStack>;
type CoYielder = Yielder<*mut State, Event>;

/// Per-thread state added for coroutines and hooks (lives in `State::th` while running).
#[derive(Clone, Copy, Debug)]
pub struct PerThread {
    /// Non-yieldable call nesting.
    pub nny: u32,
    /// Hook event mask (`hooks::MASK_*`); the hook function is in the registry.
    pub hookmask: u8,
    pub basehookcount: i32,
    pub hookcount: i32,
    /// False while a hook runs.
    pub allowhook: bool,
    /// pc of the last line event (PUC's `L->oldpc`).
    pub oldpc: usize,
    /// Transfer information of the frame marked `CIST_TRAN` (call/return hooks).
    pub ftransfer: u32,
    pub ntransfer: u32,
}

impl Default for PerThread {
    fn default() -> Self {
        PerThread {
            nny: 0,
            hookmask: 0,
            basehookcount: 0,
            hookcount: 0,
            allowhook: true,
            oldpc: 0,
            ftransfer: 0,
            ntransfer: 0,
        }
    }
}

/// Global coroutine state (`State::co`).
pub struct CoGlobal {
    /// The running thread.
    pub cur: *mut Thread,
    pub main: *mut Thread,
    /// Set by a native right before `State::call`/`pcall` to make that call yieldable
    /// (PUC's `lua_callk`/`lua_pcallk` with a continuation).
    pub yieldable_call: bool,
    /// The interpreter loop returned to switch between its plain and hooked instantiations
    /// (`crate::vm::hooks`).
    pub switch_loop: bool,
    /// Every thread object except main (scanned in the atomic phase).
    threads: Vec<*mut Thread>,
    /// The idle runner used last (taken first: a ring of coroutines that yield stacklessly
    /// takes and returns one runner per resume without touching `pool`).
    spare: Option<Box<NativeCo>>,
    /// More idle runners (boxed: they move between the pool and threads).
    pool: Vec<Box<NativeCo>>,
}

impl Default for CoGlobal {
    fn default() -> Self {
        CoGlobal {
            cur: std::ptr::null_mut(),
            main: std::ptr::null_mut(),
            yieldable_call: false,
            switch_loop: false,
            threads: Vec::new(),
            spare: None,
            pool: Vec::new(),
        }
    }
}

/// The interpreter state of a thread that is not running. `#[repr(C)]`: the fields from
/// `stack` through `th` have the layout of the same fields of `State` (asserted below), so
/// [`switch_to`] moves them as one block.
#[repr(C)]
pub struct ThreadData {
    pub stack: Vec<Value>,
    pub top: usize,
    pub cis: Vec<CallInfo>,
    pub ci: usize,
    pub open_upval: *mut UpVal,
    pub tbc: Vec<usize>,
    pub errfunc: usize,
    pub n_ccalls: u32,
    pub th: PerThread,
    pub jit_depth: u32,
    /// `JitState::ci_limit` (a bound on this thread's `CallInfo` indices).
    pub jit_ci_limit: usize,
}

/// Bytes of the per-thread block before `th` (`stack` through `n_ccalls` and its padding) in
/// `State` and in `ThreadData`: small enough to be copied inline (no `memcpy` call).
const BLOCK: usize = std::mem::offset_of!(ThreadData, th);
const _: () = assert!(BLOCK <= 128);

// The block has the same layout in `State` (from `State::stack`) and `ThreadData` (from 0).
const _: () = {
    use std::mem::offset_of;
    let s0 = offset_of!(State, stack);
    assert!(offset_of!(ThreadData, stack) == 0);
    assert!(offset_of!(State, top) - s0 == offset_of!(ThreadData, top));
    assert!(offset_of!(State, cis) - s0 == offset_of!(ThreadData, cis));
    assert!(offset_of!(State, ci) - s0 == offset_of!(ThreadData, ci));
    assert!(offset_of!(State, open_upval) - s0 == offset_of!(ThreadData, open_upval));
    assert!(offset_of!(State, tbc) - s0 == offset_of!(ThreadData, tbc));
    assert!(offset_of!(State, errfunc) - s0 == offset_of!(ThreadData, errfunc));
    assert!(offset_of!(State, n_ccalls) - s0 == offset_of!(ThreadData, n_ccalls));
    assert!(offset_of!(State, th) - s0 == offset_of!(ThreadData, th));
};

impl ThreadData {
    fn empty() -> ThreadData {
        ThreadData {
            stack: Vec::new(),
            top: 0,
            cis: Vec::new(),
            ci: 0,
            open_upval: std::ptr::null_mut(),
            tbc: Vec::new(),
            n_ccalls: 0,
            errfunc: 0,
            jit_depth: 0,
            jit_ci_limit: 0,
            th: PerThread::default(),
        }
    }
}

#[repr(C)]
pub struct Thread {
    pub hdr: GcHeader,
    /// `CO_OK`, `CO_YIELD` or `CO_ERR`.
    pub status: u8,
    /// The last `Err(Throw)` out of this thread was a stackless yield.
    pub stackless: bool,
    /// What the next native body does: `CONT_CALL` (call the function), `CONT_YIELD`
    /// (finish the stackless yield's call, then continue its caller) or `CONT_POSTED`
    /// (continue the caller: the resume already finished the yield's call).
    cont: u8,
    /// The saved state while not running. While the thread runs, its state lives in `State`
    /// and `d` holds a stale bitwise copy (or the empty placeholder): never read, dropped or
    /// traversed then (`mark_roots` and `State`'s drop replace it with the placeholder).
    pub d: ThreadData,
    /// The native coroutine while running or suspended below native frames.
    native: Option<Box<NativeCo>>,
    yielder: *const CoYielder,
    /// `n_ccalls` when the current native body started.
    entry_ccalls: u32,
    /// Values yielded (on top of the thread's stack).
    nyield: usize,
    /// Values passed by the last resume (on top of the thread's stack).
    nargs: usize,
}

/// `Thread::cont` values.
const CONT_CALL: u8 = 0;
const CONT_YIELD: u8 = 1;
const CONT_POSTED: u8 = 2;

const BASIC_STACK_SIZE: usize = 2 * MIN_STACK;
/// Initial capacity of a new thread's `CallInfo` vector.
const CIS_INITIAL: usize = 4;

impl Thread {
    fn mem_size(&self) -> usize {
        std::mem::size_of::<Thread>() + (BASIC_STACK_SIZE + EXTRA_STACK) * 16
    }
}

#[inline(always)]
pub fn thread_value(t: *mut Thread) -> Value {
    Value {
        v: t as u64,
        tt: T_THREAD,
    }
}

impl Value {
    #[inline(always)]
    pub fn as_thread(self) -> *mut Thread {
        self.v as *mut Thread
    }
}

fn alloc_thread(heap: &mut Heap, d: ThreadData) -> *mut Thread {
    let t = Box::into_raw(Box::new(Thread {
        hdr: GcHeader {
            next: std::ptr::null_mut(),
            tt: T_THREAD,
            marked: 0,
            extra: 0,
        },
        status: CO_OK,
        stackless: false,
        cont: CONT_CALL,
        d,
        native: None,
        yielder: std::ptr::null(),
        entry_ccalls: 0,
        nyield: 0,
        nargs: 0,
    }));
    // SAFETY: freshly allocated.
    let size = unsafe { (*t).mem_size() };
    heap.link(t as *mut GcHeader, size);
    t
}

/// Creates the main thread object (its state is the `State`'s own) and stores it in the
/// registry at index 1 (`LUA_RIDX_MAINTHREAD`). Called once by `State::new`.
pub fn init(l: &mut State) {
    let t = alloc_thread(&mut l.heap, ThreadData::empty());
    l.co.main = t;
    l.co.cur = t;
    let r = l.registry;
    // SAFETY: the registry is a live table; integer keys never fail.
    let _ = unsafe { (*r).set_int(&mut l.heap, 1, thread_value(t)) };
}

/// `lua_newthread` + moving `f` onto it: a suspended coroutine that will call `f`.
pub fn new_thread(l: &mut State, f: Value) -> Result<*mut Thread, Throw> {
    if !l
        .heap
        .can_alloc(std::mem::size_of::<Thread>() + (BASIC_STACK_SIZE + EXTRA_STACK) * 16)
    {
        return Err(l.mem_error());
    }
    let mut stack = vec![Value::NIL; BASIC_STACK_SIZE + EXTRA_STACK];
    stack[1] = f;
    // Room for the body's frame and a yield's without a reallocation (4 is also what the
    // first push would grow a 1-element vector to: no extra memory).
    let mut cis = Vec::with_capacity(CIS_INITIAL);
    cis.push(CallInfo {
        func: 0,
        top: 1 + MIN_STACK,
        savedpc: 0,
        nresults: 0,
        status: CIST_C,
        nextraargs: 0,
    });
    let d = ThreadData {
        stack,
        top: 2,
        cis,
        ci: 0,
        open_upval: std::ptr::null_mut(),
        tbc: Vec::new(),
        n_ccalls: 0,
        errfunc: 0,
        jit_depth: 0,
        jit_ci_limit: 0,
        th: PerThread::default(),
    };
    let t = alloc_thread(&mut l.heap, d);
    l.co.threads.push(t);
    Ok(t)
}

/// Makes `to` the running thread (its Lua state moves into `l`).
///
/// The running thread's `d` holds nothing it owns (a stale copy or a placeholder), so the
/// switch is two bitwise moves (`l` → `from.d`, `to.d` → `l`), without the swaps' extra
/// traffic (this runs twice per resume); `to.d` is left as a stale copy, not re-emptied.
/// Most fields move as one block of 16-byte copies: they have the same layout in `State`
/// and `ThreadData`.
///
/// # Safety
/// `to` is a live thread that is not running.
pub unsafe fn switch_to(l: &mut State, to: *mut Thread) {
    use std::ptr::{addr_of_mut, write};
    let from = l.co.cur;
    let fd = addr_of_mut!((*from).d);
    let td = addr_of_mut!((*to).d);
    // `force_interp` follows the incoming thread's hook mask, read before the moves: read
    // after them, the byte would come from the middle of a 16-byte vector store of `th`, which
    // the CPU cannot forward to a byte load (a stall measured at ~2% of a resume-bound run).
    let force_interp = (*td).th.hookmask != 0;
    // `fd` holds only the empty placeholder (nothing to drop): overwrite it with the running
    // state. Then `l`'s fields are overwritten with `to`'s state without dropping (they were
    // moved to `fd`), and `td` gets the placeholder back (its contents now live in `l`).
    // The fields from `stack` through `n_ccalls` move as one block (same layout on both
    // sides; the pointer into `l` is derived from the whole `State`), `th` and the JIT depth
    // on their own.
    let lb = (l as *mut State as *mut u8).add(std::mem::offset_of!(State, stack));
    std::ptr::copy_nonoverlapping(lb, fd as *mut u8, BLOCK);
    std::ptr::copy_nonoverlapping(td as *const u8, lb, BLOCK);
    write(addr_of_mut!((*fd).th), l.th);
    l.th = (*td).th;
    // `td` keeps a stale bitwise copy of the state now owned by `l` (never dropped or read:
    // see `Thread::d`); the next switch away from `to` overwrites it without dropping.
    write(addr_of_mut!((*fd).jit_depth), l.jit.depth);
    l.jit.depth = (*td).jit_depth;
    write(addr_of_mut!((*fd).jit_ci_limit), l.jit.ci_limit);
    l.jit.ci_limit = (*td).jit_ci_limit;
    l.co.cur = to;
    l.jit.force_interp = force_interp;
}

/// Makes the main thread's Lua state current (for closing the state from inside a
/// coroutine, as `lua_close` works on the main thread). The running coroutines are abandoned.
pub fn switch_to_main(l: &mut State) {
    let main = l.co.main;
    if !main.is_null() && l.co.cur != main {
        // SAFETY: the main thread is live and not running.
        unsafe { switch_to(l, main) };
    }
}

/// Runs `f` with the Lua state of thread `t` swapped in (for `debug` functions that inspect
/// another thread). `f` must not raise errors, call Lua or reach a GC safe point.
pub(crate) fn with_thread<R>(l: &mut State, t: *mut Thread, f: impl FnOnce(&mut State) -> R) -> R {
    if t == l.co.cur || t.is_null() {
        return f(l);
    }
    let cur = l.co.cur;
    // SAFETY: `t` is a live thread (from a value) that is not running.
    unsafe {
        switch_to(l, t);
        let r = f(l);
        switch_to(l, cur);
        r
    }
}

/// Lua-visible status of thread `t` as seen from the running thread (`auxstatus`).
pub(crate) fn status_name(l: &State, t: *mut Thread) -> &'static str {
    if t == l.co.cur {
        return "running";
    }
    // SAFETY: live thread.
    let t = unsafe { &*t };
    match t.status {
        CO_YIELD => "suspended",
        CO_OK => {
            if t.d.ci != 0 {
                "normal"
            } else if t.d.top <= 1 {
                "dead"
            } else {
                "suspended"
            }
        }
        _ => "dead",
    }
}

/// Whether the running thread can yield.
#[inline]
pub fn is_yieldable(l: &State) -> bool {
    l.co.cur != l.co.main && l.th.nny == 0
}

/// Whether thread `t` can yield (`lua_isyieldable`).
pub(crate) fn thread_yieldable(l: &State, t: *mut Thread) -> bool {
    if t == l.co.cur {
        return is_yieldable(l);
    }
    // SAFETY: live thread.
    t != l.co.main && unsafe { (*t).d.th.nny == 0 }
}

/// The non-yieldable increment of a `State::call` about to run (PUC's `luaD_callnoyield` when
/// called from a native frame, unless the native asked for a yieldable call).
#[inline(always)]
pub fn enter_call(l: &mut State) -> u32 {
    let allowed = std::mem::take(&mut l.co.yieldable_call);
    let ny = (l.cis[l.ci].status & CIST_C != 0 && !allowed) as u32;
    l.th.nny += ny;
    ny
}

impl Drop for CoGlobal {
    fn drop(&mut self) {
        for n in self.pool.iter_mut().chain(self.spare.as_mut()) {
            // SAFETY: idle runners have nothing to drop on their stacks.
            unsafe { n.force_reset() };
        }
    }
}

fn new_runner(s: DefaultStack) -> Box<NativeCo> {
    Box::new(Coroutine::with_stack(
        s,
        |y: &CoYielder, mut lp: *mut State| loop {
            let out = native_body(y, lp);
            lp = y.suspend(Event::Done(out));
        },
    ))
}

#[inline(always)]
fn take_runner(l: &mut State) -> Option<Box<NativeCo>> {
    match l.co.spare.take() {
        Some(n) => Some(n),
        None => take_runner_slow(l),
    }
}

#[inline(never)]
fn take_runner_slow(l: &mut State) -> Option<Box<NativeCo>> {
    if let Some(n) = l.co.pool.pop() {
        return Some(n);
    }
    DefaultStack::new(CO_STACK_SIZE).ok().map(new_runner)
}

/// Returns an idle runner to the pool.
#[inline(always)]
fn recycle(l: &mut State, n: Box<NativeCo>) {
    if l.co.spare.is_none() {
        l.co.spare = Some(n);
    } else {
        recycle_slow(l, n);
    }
}

#[inline(never)]
fn recycle_slow(l: &mut State, mut n: Box<NativeCo>) {
    if l.co.pool.len() < POOL_MAX {
        l.co.pool.push(n);
    } else {
        // SAFETY: an idle runner has nothing to drop on its stack.
        unsafe { n.force_reset() };
    }
}

/// Recycles the native stack of an abandoned (reset) body.
fn recycle_reset(l: &mut State, n: Box<NativeCo>) {
    if l.co.spare.is_none() {
        l.co.spare = Some(new_runner(n.into_stack()));
    } else if l.co.pool.len() < POOL_MAX {
        let r = new_runner(n.into_stack());
        l.co.pool.push(r);
    }
}

/// The body of every native coroutine: calls the thread's function (first resume) or
/// finishes a stackless yield and continues the interpreter (later resumes).
// (Inlined into the runner's loop, which never returns: its registers are saved once per
// runner, not once per resume.)
#[inline(always)]
fn native_body(y: &CoYielder, lp: *mut State) -> Outcome {
    // SAFETY: the resumer passes the state it holds; it does not touch it until we switch
    // back (the pointer is passed through every switch so the compiler cannot cache fields).
    let l = unsafe { &mut *lp };
    let t = l.co.cur;
    // SAFETY: the running thread is live.
    let tr = unsafe { &mut *t };
    tr.yielder = y as *const CoYielder;
    tr.entry_ccalls = l.n_ccalls;
    let r = if tr.cont != CONT_CALL {
        // Finish the `coroutine.yield` call with the resume arguments as its results (unless
        // the resume did), then run the Lua frames below it (PUC's `unroll`), one C level
        // deep like the first call.
        if tr.cont == CONT_YIELD {
            let ci = l.ci;
            let nargs = tr.nargs;
            l.poscall(ci, nargs);
        }
        l.n_ccalls += 1;
        // The frame resumes at its saved pc: natively at once when its function is compiled
        // (`execute_fresh`), without the interpreter's frame load and activation hook.
        let r = if l.ci != 0 {
            crate::jit::execute_fresh(l, l.ci)
        } else {
            Ok(())
        };
        if r.is_ok() {
            l.n_ccalls -= 1;
        }
        r
    } else {
        l.co.yieldable_call = true;
        l.call(1, MULTRET)
    };
    // SAFETY: as above.
    let tr = unsafe { &mut *l.co.cur };
    match r {
        Ok(()) => Outcome::Returned,
        Err(_) if tr.stackless => {
            tr.stackless = false;
            Outcome::Yielded
        }
        Err(_) => Outcome::Errored,
    }
}

/// Copies `n` values between two stacks (usually one or two: no `memcpy` call for those).
/// Callers have checked the room (the source values are below the source's top, the
/// destination has room for `n` values at `at`): the bounds are asserted only once.
#[inline(always)]
fn copy_values(dst: &mut [Value], at: usize, src: &[Value], from: usize, n: usize) {
    assert!(at + n <= dst.len() && from + n <= src.len());
    if n <= 2 {
        for i in 0..n {
            // SAFETY: in bounds (asserted above).
            unsafe { *dst.get_unchecked_mut(at + i) = *src.get_unchecked(from + i) };
        }
    } else {
        dst[at..at + n].copy_from_slice(&src[from..from + n]);
    }
}

/// Pushes the `narg` resume arguments (on the resumer `from`'s saved stack, just above its
/// saved top) onto the running coroutine's stack; false when the stack cannot grow.
#[inline(never)]
fn resume_push_args(l: &mut State, from: *mut Thread, narg: usize) -> bool {
    if l.stack_last() - l.top < narg {
        // Checked against MAX_STACK by the caller; only memory can fail here.
        if l.realloc_stack((l.top + narg).max(2 * l.stack_last()))
            .is_err()
        {
            return false;
        }
    }
    // SAFETY: `from` is live and not running; its saved stack holds the arguments just above
    // its saved top (nothing ran since they were popped).
    let fd = unsafe { &(*from).d };
    copy_values(&mut l.stack, l.top, &fd.stack, fd.top, narg);
    l.top += narg;
    true
}

/// Result of [`resume_ex`].
pub enum Resumed {
    /// The coroutine yielded or returned `n` values, now on top of the resumer's stack.
    Values(usize),
    /// The resume failed or the coroutine raised an error; the error value is on top of the
    /// resumer's stack. (The coroutine is dead unless the failure was "cannot resume".)
    Error,
    /// (Only with `post`.) The values went straight to the result slots of the resumer's
    /// native frame (`resume`/wrap function called from compiled code), which was popped as
    /// `poscall` does.
    Posted,
}

#[cold]
#[inline(never)]
fn resume_error(l: &mut State, narg: usize, msg: &str) -> Result<Resumed, Throw> {
    l.top -= narg;
    let s = l.new_str(msg.as_bytes())?;
    l.push(s);
    Ok(Resumed::Error)
}

/// `lua_resume` + `auxresume`: resumes `co` with the `narg` values on top of the running
/// thread's stack; with `lead_true`, a successful resume's values are preceded by `true` (counted
/// in the returned number), as `coroutine.resume` returns them. With `POST` (the native
/// function was called by `jit::helpers::jit_call_native`, its frame on top), a successful
/// resume whose frame wants a fixed number of results and has no hook to run moves the values
/// straight to the frame's result slots and pops it ([`Resumed::Posted`]): no stop on top
/// of the resumer's stack, no `poscall`.
// (Inlined into its two callers, `coroutine.resume` and `coroutine.wrap`'s function: no
// Rust frame between the native call and the switch.)
#[inline(always)]
pub(crate) fn resume_ex<const POST: bool>(
    l: &mut State,
    co: *mut Thread,
    narg: usize,
    lead_true: bool,
) -> Result<Resumed, Throw> {
    // SAFETY: `co` is a live thread (from a value on the resumer's stack, so it stays
    // reachable during the resume).
    let t = unsafe { &mut *co };
    if co == l.co.cur {
        return resume_error(l, narg, "cannot resume non-suspended coroutine");
    }
    match t.status {
        CO_OK => {
            if t.d.ci != 0 {
                return resume_error(l, narg, "cannot resume non-suspended coroutine");
            } else if t.d.top <= 1 {
                return resume_error(l, narg, "cannot resume dead coroutine");
            }
        }
        CO_YIELD => {}
        _ => return resume_error(l, narg, "cannot resume dead coroutine"),
    }
    if t.d.top + narg + EXTRA_STACK >= MAX_STACK {
        return resume_error(l, narg, "too many arguments to resume");
    }
    let from_nc = l.n_ccalls;
    if from_nc >= MAX_CCALLS {
        return resume_error(l, narg, "C stack overflow");
    }
    // Take a native stack before touching the coroutine (an allocation failure leaves
    // everything as it was). While the coroutine runs, its runner is held here (a running or
    // normal coroutine cannot be resumed, closed or collected); it goes back to `t.native`
    // only if the coroutine suspends on it.
    let stackful = t.native.is_some();
    let mut runner = match t.native.take() {
        Some(n) => n,
        None => match take_runner(l) {
            Some(n) => n,
            None => return resume_error(l, narg, "not enough memory"),
        },
    };
    // The arguments stay on the resumer's stack (above its top) until copied.
    l.top -= narg;
    let from = l.co.cur;
    // SAFETY: `co` is suspended (checked above), so not running.
    unsafe { switch_to(l, co) };
    let cont = !stackful && t.status == CO_YIELD;
    if cont && l.cis[l.ci].nresults >= 0 {
        // Finish the stackless yield's call here (`poscall` of its frame, on top): the
        // arguments go straight from the resumer's stack to the yield's result slots (a fixed
        // number, inside the calling Lua frame), with no stop on top of this stack.
        let ci = l.ci;
        // SAFETY: `ci` indexes a live frame.
        let c = unsafe { l.cis.get_unchecked(ci) };
        let (func, wanted) = (c.func, c.nresults as usize);
        let n = narg.min(wanted);
        // SAFETY: as in `resume_push_args`.
        let fd = unsafe { &(*from).d };
        assert!(func + wanted <= l.stack.len() && fd.top + n <= fd.stack.len());
        let (dst, src) = (l.stack.as_mut_ptr(), fd.stack.as_ptr());
        // SAFETY: in bounds (asserted above); different stacks.
        unsafe {
            for i in 0..n {
                *dst.add(func + i) = *src.add(fd.top + i);
            }
            for i in n..wanted {
                *dst.add(func + i) = Value::NIL;
            }
        }
        l.top = func + wanted;
        l.ci = ci - 1;
        t.nargs = narg;
        l.n_ccalls = from_nc;
        l.th.nny = 0;
        t.cont = CONT_POSTED;
    } else {
        if !resume_push_args(l, from, narg) {
            // SAFETY: switching back to the resumer.
            unsafe { switch_to(l, from) };
            if stackful {
                // (`native` is `None` here: nothing to drop.)
                std::mem::forget(t.native.replace(runner));
            } else {
                recycle(l, runner);
            }
            l.push(Value::str(l.memerrmsg));
            return Ok(Resumed::Error);
        }
        t.nargs = narg;
        if !stackful {
            // A fresh native body: the coroutine starts at the resumer's C depth.
            l.n_ccalls = from_nc;
            l.th.nny = 0;
            t.cont = if cont { CONT_YIELD } else { CONT_CALL };
        }
    }
    t.status = CO_OK;
    let lp: *mut State = l;
    let r = runner.resume(lp);
    // SAFETY: the coroutine switched back; `lp` is `l`.
    let l = unsafe { &mut *lp };
    let t = unsafe { &mut *co };
    let nres;
    let mut errored = false;
    match r {
        CoroutineResult::Yield(Event::Suspended) => {
            t.status = CO_YIELD;
            nres = t.nyield;
            // (`native` is `None` here: nothing to drop.)
            std::mem::forget(t.native.replace(runner));
        }
        CoroutineResult::Return(()) => unreachable!("runners never return"),
        CoroutineResult::Yield(Event::Done(out)) => {
            recycle(l, runner);
            match out {
                Outcome::Yielded => {
                    t.status = CO_YIELD;
                    nres = t.nyield;
                }
                Outcome::Returned => {
                    t.status = CO_OK;
                    nres = l.top - 1;
                }
                Outcome::Errored => {
                    // PUC: the thread is dead; the error object stays on its stack (for
                    // `coroutine.close`) and a copy goes to the resumer.
                    t.status = CO_ERR;
                    errored = true;
                    let e = l.err_value;
                    if l.top >= l.stack_last() {
                        let _ = l.realloc_stack(l.stack_last() + 1);
                    }
                    if l.top < l.stack_last() {
                        l.push(e);
                    }
                    nres = 1;
                }
            }
        }
    }
    // SAFETY: back to the resumer, which is not running while `co` is.
    unsafe { switch_to(l, from) };
    if errored {
        let e = t.d.stack[t.d.top - 1];
        l.push(e);
        return Ok(Resumed::Error);
    }
    // Move the results.
    if POST && l.th.hookmask == 0 {
        // SAFETY: `l.ci` indexes a live frame (the native frame of this call).
        let c = unsafe { l.cis.get_unchecked(l.ci) };
        if c.nresults >= 0 {
            let (func, wanted) = (c.func, c.nresults as usize);
            let first = t.d.top - nres;
            assert!(func + wanted <= l.stack.len() && t.d.top <= t.d.stack.len());
            let (dst, src) = (l.stack.as_mut_ptr(), t.d.stack.as_ptr());
            let mut k = 0;
            // SAFETY: in bounds (asserted above; a frame's fixed results lie inside its
            // caller's registers); different stacks.
            unsafe {
                if lead_true && wanted > 0 {
                    *dst.add(func) = Value::TRUE;
                    k = 1;
                }
                let n = nres.min(wanted - k);
                for i in 0..n {
                    *dst.add(func + k + i) = *src.add(first + i);
                }
                for i in k + n..wanted {
                    *dst.add(func + i) = Value::NIL;
                }
            }
            l.top = func + wanted;
            l.ci -= 1;
            t.d.top = first;
            return Ok(Resumed::Posted);
        }
    }
    let lead = lead_true as usize;
    let need = nres + lead;
    if l.stack_last() - l.top < need + 1
        && (need + 1 >= MAX_STACK || l.grow_stack(need + 1).is_err())
    {
        t.d.top -= nres;
        l.err_value = Value::NIL;
        let s = l.new_str(b"too many results to resume")?;
        l.push(s);
        return Ok(Resumed::Error);
    }
    if lead_true {
        l.stack[l.top] = Value::TRUE;
        l.top += 1;
    }
    let first = t.d.top - nres;
    copy_values(&mut l.stack, l.top, &t.d.stack, first, nres);
    l.top += nres;
    t.d.top = first;
    Ok(Resumed::Values(need))
}

/// `lua_yield` from the native function running in the current frame, with the `n` values on
/// top of the stack. Returns the number of values passed by the next resume (on top).
#[inline]
pub fn yield_(l: &mut State, n: usize) -> Result<usize, Throw> {
    if yield_stackless(l, n) {
        return Err(Throw);
    }
    yield_slow(l, n)
}

/// The stackless case of [`yield_`]: when the running coroutine is directly under its body's
/// interpreter loop, marks the `n` values on top as yielded and returns true (the caller then
/// unwinds with `Err(Throw)`); false otherwise, nothing done. (Also called by compiled code's
/// native calls of `coroutine.yield`, without the library function's frame.)
#[inline(always)]
pub fn yield_stackless(l: &mut State, n: usize) -> bool {
    let co = l.co.cur;
    // SAFETY: the running thread is live.
    let t = unsafe { &mut *co };
    if l.th.nny == 0 && co != l.co.main && l.n_ccalls == t.entry_ccalls + 1 && !t.yielder.is_null()
    {
        // Directly under the body's interpreter loop: unwind the native stack. (Keeping it
        // and suspending stackfully costs fewer instructions but was measured slower: the
        // returns after a stack switch into old frames all mispredict, and each of a ring of
        // coroutines would keep its own cold stack.)
        t.nyield = n;
        t.stackless = true;
        return true;
    }
    false
}

/// [`yield_`] with the errors and the stackful suspension (kept out of line: its frame
/// saves every register).
#[inline(never)]
fn yield_slow(l: &mut State, n: usize) -> Result<usize, Throw> {
    if l.th.nny > 0 || l.co.cur == l.co.main {
        return Err(if l.co.cur != l.co.main {
            l.rt_error("attempt to yield across a C-call boundary")
        } else {
            l.rt_error("attempt to yield from outside a coroutine")
        });
    }
    let co = l.co.cur;
    // SAFETY: the running thread is live.
    let t = unsafe { &mut *co };
    t.nyield = n;
    let y = t.yielder;
    let lp: *mut State = l;
    // SAFETY: `y` is the yielder of the native coroutine we are running on (set at its entry;
    // it lives on that coroutine's stack).
    // The state escapes (the resumer and other coroutines modify it meanwhile).
    std::hint::black_box(lp);
    let lp2 = unsafe { (*y).suspend(Event::Suspended) };
    // SAFETY: resumed by `resume`, which passes the same state.
    let l = unsafe { &mut *lp2 };
    let t = unsafe { &mut *l.co.cur };
    Ok(t.nargs)
}

/// `lua_closethread` for a dead or suspended coroutine: closes its pending to-be-closed
/// variables (non-yieldable, at the closer's C depth) and resets it. Returns `None` on success
/// or `Some(error)` (the error object of the coroutine or of a failing `__close`); the value
/// is also left on top of the caller's stack in that case.
pub(crate) fn close_thread(l: &mut State, co: *mut Thread) -> Result<Option<Value>, Throw> {
    // SAFETY: live, suspended or dead thread (checked by the caller).
    let t = unsafe { &mut *co };
    if let Some(mut n) = t.native.take() {
        // The native frames of a coroutine suspended below a native call are abandoned
        // (PUC's `lua_closethread` discards its C frames by unwinding them with longjmp).
        // SAFETY: no frame of ours on that stack needs its destructor.
        unsafe { n.force_reset() };
        recycle_reset(l, n);
    }
    let from = l.co.cur;
    let from_nc = l.n_ccalls;
    let mut status = t.status;
    let err = if status == CO_ERR && t.d.top > 1 {
        t.d.stack[t.d.top - 1]
    } else {
        Value::NIL
    };
    // SAFETY: `co` is not running.
    unsafe { switch_to(l, co) };
    l.ci = 0;
    l.stack[0] = Value::NIL;
    l.cis[0] = CallInfo {
        func: 0,
        top: 1 + MIN_STACK,
        savedpc: 0,
        nresults: 0,
        status: CIST_C,
        nextraargs: 0,
    };
    l.n_ccalls = from_nc;
    l.th.nny = 1;
    l.errfunc = 0;
    t.status = CO_OK;
    if status == CO_YIELD {
        status = CO_OK;
    }
    let mut errv = err;
    // luaD_closeprotected(L, 1, status)
    loop {
        let old_nc = l.n_ccalls;
        let e = if status == CO_OK { None } else { Some(errv) };
        match l.close(1, e) {
            Ok(()) => break,
            Err(Throw) => {
                l.ci = 0;
                l.n_ccalls = old_nc;
                status = CO_ERR;
                errv = l.err_value;
            }
        }
    }
    l.close_upvals(0);
    l.tbc.clear();
    l.top = 1;
    l.cis[0].top = 1 + MIN_STACK;
    l.th.nny = 0;
    let _ = l.realloc_stack(BASIC_STACK_SIZE);
    // SAFETY: back to the closer.
    unsafe { switch_to(l, from) };
    if status != CO_OK {
        l.push(errv);
        Ok(Some(errv))
    } else {
        Ok(None)
    }
}

/// Appends the prototype address of every Lua frame of every thread (the running thread's
/// frames from `State`, the others' from their saved data), unordered, with repeats: the code
/// cache's liveness test (`jit::live_protos`). Every compiled activation, on any native
/// stack, is a Lua frame of its prototype in one of these.
pub fn lua_frame_protos(l: &State, out: &mut Vec<usize>) {
    fn scan(stack: &[Value], cis: &[CallInfo], ci: usize, out: &mut Vec<usize>) {
        for c in cis.iter().take(ci.saturating_add(1)) {
            if c.status & CIST_C != 0 {
                continue;
            }
            if let Some(v) = stack.get(c.func) {
                if v.tt == T_LCL {
                    // SAFETY: a Lua frame's function slot holds its live closure.
                    out.push(unsafe { (*v.as_lcl()).proto } as usize);
                }
            }
        }
    }
    scan(&l.stack, &l.cis, l.ci, out);
    let cur = l.co.cur;
    for &t in l.co.threads.iter().chain(std::iter::once(&l.co.main)) {
        if t.is_null() || t == cur {
            continue;
        }
        // SAFETY: the list holds live thread objects (pruned in `atomic`); main is live.
        let d = unsafe { &(*t).d };
        scan(&d.stack, &d.cis, d.ci, out);
    }
}

/// Marks the running and main threads (GC roots; their state in `State` is scanned by the
/// collector's root marking).
pub fn mark_roots(l: &mut State) {
    let (cur, main) = (l.co.cur, l.co.main);
    // The running thread's `d` is a stale copy of the state in `l` (scanned as roots): make
    // it the empty placeholder for `traverse` (no drop: `l` owns that state).
    forget_running_data(l);
    l.heap.mark_object(cur as *mut GcHeader);
    l.heap.mark_object(main as *mut GcHeader);
}

/// Overwrites the running thread's `d` (a stale copy of the state owned by `l`) with the
/// empty placeholder, without dropping it: for the collector (marking is atomic, so no
/// switch happens before the traversal) and before the state frees every object.
pub fn forget_running_data(l: &mut State) {
    let cur = l.co.cur;
    if !cur.is_null() {
        // SAFETY: the running thread is live; its `d` owns nothing (see `Thread::d`).
        unsafe { std::ptr::write(std::ptr::addr_of_mut!((*cur).d), ThreadData::empty()) };
    }
}

/// Collector traversal of a thread: its saved stack below `top` (slots above are cleared)
/// and its open upvalues. The running thread's `d` is an empty placeholder.
///
/// # Safety
/// `t` is a live thread object.
pub unsafe fn traverse(h: &mut Heap, t: *mut Thread) {
    let d = &mut (*t).d;
    let lim = d.top.min(d.stack.len());
    for i in 0..lim {
        h.mark_value(d.stack[i]);
    }
    for v in &mut d.stack[lim..] {
        *v = Value::NIL;
    }
    let mut uv = d.open_upval;
    while !uv.is_null() {
        h.mark_object(uv as *mut GcHeader);
        uv = (*uv).open_next;
    }
}

/// Atomic-phase step, after marking: closes the reachable open upvalues of unreachable
/// threads (their stacks are about to be freed) and forgets those threads.
pub fn atomic(co: &mut CoGlobal) {
    co.threads.retain(|&t| {
        // SAFETY: the list holds live thread objects (removed here once unreachable).
        unsafe {
            if (*t).hdr.marked & BLACK != 0 {
                return true;
            }
            let mut uv = (*t).d.open_upval;
            while !uv.is_null() {
                let next = (*uv).open_next;
                if (*uv).hdr.marked & BLACK != 0 {
                    (*uv).closed = *(*uv).v;
                    (*uv).v = &mut (*uv).closed;
                }
                uv = next;
            }
            (*t).d.open_upval = std::ptr::null_mut();
            false
        }
    });
}

/// Frees a thread object; returns its accounted size.
///
/// # Safety
/// `t` is dead and unlinked.
pub unsafe fn free(t: *mut Thread) -> usize {
    let mut b = Box::from_raw(t);
    let n = b.mem_size();
    if let Some(mut nc) = b.native.take() {
        // Frames of a suspended native body are abandoned without running destructors.
        nc.force_reset();
    }
    drop(b);
    n
}

impl State {
    /// The running thread as a value.
    pub fn running_thread(&self) -> Value {
        thread_value(self.co.cur)
    }
}
