//! Tier 1: the baseline JIT (x86-64). See `crates/crescent/ARCHITECTURE-jit.md`.
//!
//! - Profiling: each prototype counts its activations ([`ProtoJit::counter`], decremented by
//!   the interpreter whenever it loads a frame of the prototype: calls and returns into it) and
//!   each loop its back-edges (the feedback cell of the back-edge instruction). When a counter
//!   runs out the interpreter calls [`on_activation`] / [`on_backedge`] (cold paths).
//! - Compilation ([`compile`]): a whole prototype at once, every opcode, with `dynasm` into a
//!   `VecAssembler`, copied into the [`codemem`] arena. Runtime helpers ([`helpers`]) do slow
//!   paths with the interpreter's own Rust code.
//! - Execution: compiled frames *are* interpreter frames (same `CallInfo`, same stack slots).
//!   Compiled code calls compiled Lua callees natively (up to [`MAX_NATIVE_DEPTH`] nested
//!   entries; a tail call reuses the native frame) and natives inline; anything else (and
//!   calls past the depth limit) returns to the interpreter's frame loop with a status, and
//!   the interpreter enters a frame's compiled code at its saved pc (every pc is an entry
//!   point). So Lua depth is bounded by the interpreter's limits only.
//! - Code cache: bounded; when full, the oldest blocks with no running activation are evicted
//!   and their prototypes go back to the interpreter (they may be compiled again later).

pub mod codemem;
pub mod compile;
pub mod dump;
pub mod helpers;

use crate::object::closure::{LClosure, LProto};
use crate::value::*;
use crate::vm::state::State;
use crate::vm::Throw;
use crescent_frontend::Op;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// JIT configuration (command line: `-joff`, `-jon`, `--tier=`, `--jit-threshold=`, ...).
#[derive(Clone, Debug)]
pub struct JitOptions {
    /// Compile at all (`-joff` clears it).
    pub enabled: bool,
    /// Activations (and loop iterations) before a function is compiled; 0 = before its first run.
    pub threshold: u32,
    /// Code cache limit in bytes.
    pub cache_size: usize,
    /// `-jv`: one line per compile/eviction on stderr.
    pub verbose: bool,
    /// `-jdump`: bytecode and machine code of each compiled function on stderr.
    pub dump: bool,
    /// Collect the dumps in memory instead of printing them (tests).
    pub dump_to_memory: bool,
    /// `--jit-stats`: collect statistics (and time spent in compiled code).
    pub stats: bool,
    /// `--perf-map`: append symbols to `/tmp/perf-PID.map`.
    pub perf_map: bool,
    /// `--jit-recompile=N`: a function's first code counts its calls and loop iterations
    /// and, after N of them, the function is compiled again laid out by the type feedback
    /// that code recorded (float-first arithmetic and comparisons where only floats were
    /// seen). 0: compile once, without the counters.
    pub recompile: u32,
}

impl Default for JitOptions {
    fn default() -> Self {
        JitOptions {
            enabled: false,
            threshold: 100,
            cache_size: 64 << 20,
            verbose: false,
            dump: false,
            dump_to_memory: false,
            stats: false,
            perf_map: false,
            recompile: 1000,
        }
    }
}

/// Statistics for `--jit-stats`.
#[derive(Default, Debug, Clone)]
pub struct JitStats {
    pub compiled: u64,
    pub failed: u64,
    pub evicted: u64,
    /// Recompiles with feedback ([`JitOptions::recompile`]; also counted in `compiled`).
    pub recompiled: u64,
    pub bytecodes: u64,
    pub code_bytes: u64,
    pub compile_time: Duration,
    /// Time inside compiled code (outermost entries only; includes helpers and anything they
    /// call), measured only with `stats` on.
    pub native_time: Duration,
}

/// Per-prototype JIT state, embedded in [`LProto`].
#[repr(C)]
pub struct ProtoJit {
    /// Activation counter: the interpreter decrements it on every frame load of the prototype
    /// and calls [`on_activation`] when it goes negative.
    pub counter: i32,
    pub state: u8,
    /// Loop counters (feedback cells) initialised.
    pub loops_init: bool,
    /// Compiled code (null: interpreted).
    pub code: *mut JitCode,
    /// The prototype's feedback cells (set when compiled; compiled code keeps it in `rbx`).
    pub feedback: *mut u32,
    /// Calls and loop iterations left before the first code recompiles the function with its
    /// feedback (decremented by that code only; see [`JitOptions::recompile`]).
    pub recompile: i32,
    /// The function was recompiled with its feedback (later compiles, after an eviction,
    /// use the feedback at once and count nothing).
    pub tuned: bool,
}

/// Feedback bits (low byte of a cell), recorded by compiled code. Arithmetic and
/// comparisons: `FB_INT` (integer fast path), `FB_FLT` (float fast path), `FB_OTHER`
/// (anything else: conversions, strings, metamethods). Field accesses: `FB_HIT` (own table),
/// `FB_CHAIN` (through `__index` tables; for stores: a new key inserted inline), `FB_SLOW`. Calls: `FB_INT` (compiled Lua callee
/// called inline), `FB_OTHER` (helper: natives, uncompiled or `__call`), `FB_SQRT` /
/// `FB_FLOOR` (`math.sqrt` / `math.floor` computed inline). Tests and
/// comparisons: `FB_TAKEN` / `FB_NOT_TAKEN` (the following jump).
pub const FB_INT: u8 = 1;
pub const FB_FLT: u8 = 2;
pub const FB_OTHER: u8 = 4;
pub const FB_HIT: u8 = 1;
pub const FB_CHAIN: u8 = 2;
pub const FB_SLOW: u8 = 4;
pub const FB_TAKEN: u8 = 8;
pub const FB_NOT_TAKEN: u8 = 16;
pub const FB_SQRT: u8 = 32;
pub const FB_FLOOR: u8 = 64;

pub const PJ_FRESH: u8 = 0;
pub const PJ_COUNTING: u8 = 1;
pub const PJ_COMPILED: u8 = 2;
pub const PJ_BLACKLISTED: u8 = 3;

impl ProtoJit {
    pub fn new() -> ProtoJit {
        ProtoJit {
            counter: 0,
            state: PJ_FRESH,
            loops_init: false,
            code: std::ptr::null_mut(),
            feedback: std::ptr::null_mut(),
            recompile: i32::MAX,
            tuned: false,
        }
    }
}

impl Default for ProtoJit {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for ProtoJit {
    fn drop(&mut self) {
        if !self.code.is_null() {
            // SAFETY: code blocks are owned by the cache, which outlives every prototype
            // (the heap is freed before the state's JIT field is dropped); mark it orphaned.
            unsafe { (*self.code).proto = std::ptr::null_mut() };
        }
    }
}

/// Feedback cells for a prototype's code: one per instruction. Loop instructions (FORLOOP,
/// TFORLOOP, JMP) use theirs as back-edge counters; the others hold operand type bits
/// (see `Op::feedback`).
pub fn new_feedback(ncode: usize) -> Box<[u32]> {
    vec![0u32; ncode].into_boxed_slice()
}

/// Signature of a compiled function's entry: (state, closure, frame base, target address,
/// the code block). The block stays at `[rsp]` of the compiled frame. Frames do not count
/// themselves (a counter bumped by every call and return was a serial memory dependency on
/// the call path): the cache frees a block only when no Lua frame of its prototype is on any
/// thread's frame stack ([`live_protos`]) and nothing pins it ([`JitCode::active`]).
pub type EntryFn = unsafe extern "sysv64" fn(
    *mut State,
    *mut LClosure,
    *mut Value,
    *const u8,
    *mut JitCode,
) -> u32;

/// Status codes returned by compiled code and helpers.
pub const ST_ERR: u32 = 0;
pub const ST_OK: u32 = 1;
pub const ST_PUSHED: u32 = 2;
pub const ST_RETURNED: u32 = 3;
pub const ST_RETURNED_FRESH: u32 = 4;

/// One compiled prototype.
pub struct JitCode {
    pub entry: EntryFn,
    pub addr: *const u8,
    /// Native address of pc 0 (entry target of a call).
    pub entry0: *const u8,
    /// The Lua entry: compiled callers call it directly (see `compile::Cx::entries`).
    pub lua_entry: *const u8,
    pub size: usize,
    /// Cache offset of the block.
    pub offset: usize,
    /// Where the interpreter enters a frame at each bytecode pc: the pc's code, or its
    /// float-cache reload stub (`compile::Compiled::entry_offsets`).
    pub pc_offsets: Vec<u32>,
    /// Pins held on the block by code that runs after its frame's `CallInfo` was replaced
    /// (a TAILCALL through `h_tailcall`, see `compile::Cx`); freed only at 0.
    pub active: u32,
    /// Owner (null once the prototype is freed, or the block replaced by a recompile).
    pub proto: *mut LProto,
    /// The prototype compiled (never cleared; compared, not dereferenced): the block may be
    /// running while a Lua frame of it is on some thread's frame stack ([`live_protos`]).
    pub owner: usize,
    /// Data the code points to (inline caches); freed with the block.
    pub data: Box<[u64]>,
}

/// The code cache: the arena plus the blocks in compile order (eviction is oldest first).
pub struct CodeCache {
    pub mem: codemem::CodeMem,
    pub blocks: VecDeque<*mut JitCode>,
}

impl Drop for CodeCache {
    fn drop(&mut self) {
        for &b in &self.blocks {
            // SAFETY: blocks are boxes owned by the cache; prototypes have been freed (or
            // orphaned their pointers) before the state drops its JIT.
            unsafe {
                if !(*b).proto.is_null() {
                    (*(*b).proto).jit.code = std::ptr::null_mut();
                }
                drop(Box::from_raw(b));
            }
        }
    }
}

/// What the interpreter does after a JIT hook.
pub enum Exit {
    /// Keep interpreting the current frame at its saved pc.
    Interpret,
    /// `l.ci` changed (a callee was pushed, or the frame returned): load the frame again.
    Reload,
    /// The frame that was entered fresh returned: leave the interpreter loop.
    ReturnFresh,
}

/// The JIT part of [`State`].
#[repr(C)]
pub struct JitState {
    /// Base of the running frame, written by every helper before it returns to compiled code
    /// (compiled code reloads its base register from here; the stack may have moved).
    pub base: *mut Value,
    /// Views of the stack and frame vectors for compiled code's inline calls and returns,
    /// refreshed with `base` (the vectors move only inside Rust code).
    pub stack_ptr: *mut Value,
    /// `stack_ptr + stack_last()`.
    pub stack_limit: *mut Value,
    pub cis_ptr: *mut crate::vm::state::CallInfo,
    pub cis_len: usize,
    pub opts: JitOptions,
    /// Forces interpretation (set while debug hooks are active).
    pub force_interp: bool,
    pub cache: Option<Box<CodeCache>>,
    pub stats: JitStats,
    /// Nesting of native entries from Rust (for timing outermost ones, and bounded by
    /// [`MAX_NATIVE_DEPTH`]).
    pub depth: u32,
    /// One past the highest `CallInfo` index compiled code may push natively: set by each
    /// entry from Rust to [`MAX_NATIVE_DEPTH`] above its frame (restored after it; per
    /// thread), and folded into `cis_len` by [`refresh`], so the one bound check of a
    /// compiled call also limits native nesting (no depth counter on the call path).
    pub ci_limit: usize,
    pub dumps: String,
    pub started: Option<Instant>,
}

impl JitState {
    /// The default is the interpreter only; the environment variable
    /// `CRESCENT_JIT_THRESHOLD=N` turns the JIT on with threshold N for every new state (to run
    /// any test suite under the JIT, e.g. `CRESCENT_JIT_THRESHOLD=0 cargo test`).
    pub fn new() -> JitState {
        let mut opts = JitOptions::default();
        if let Some(t) = std::env::var_os("CRESCENT_JIT_THRESHOLD") {
            if let Some(t) = t.to_str().and_then(|t| t.parse().ok()) {
                opts.enabled = true;
                opts.threshold = t;
            }
        }
        JitState {
            base: std::ptr::null_mut(),
            stack_ptr: std::ptr::null_mut(),
            stack_limit: std::ptr::null_mut(),
            cis_ptr: std::ptr::null_mut(),
            cis_len: 0,
            opts,
            force_interp: false,
            cache: None,
            stats: JitStats::default(),
            depth: 0,
            ci_limit: 0,
            dumps: String::new(),
            started: None,
        }
    }
}

impl Default for JitState {
    fn default() -> Self {
        Self::new()
    }
}

#[inline(always)]
unsafe fn frame_proto(l: &State, ci: usize) -> *mut LProto {
    (*l.stack[l.cis[ci].func].as_lcl()).proto
}

/// Cold path of the activation counter (the interpreter is loading frame `ci`).
#[cold]
#[inline(never)]
pub fn on_activation(l: &mut State, ci: usize) -> Result<Exit, Throw> {
    // SAFETY: `ci` is a Lua frame: its function slot holds a live Lua closure.
    unsafe {
        let p = frame_proto(l, ci);
        let pj = &mut (*p).jit;
        if !pj.code.is_null() {
            pj.counter = -1;
            if l.jit.force_interp {
                return Ok(Exit::Interpret);
            }
            return run_compiled(l, ci, pj.code);
        }
        if !l.jit.opts.enabled || pj.state == PJ_BLACKLISTED || l.jit.force_interp {
            pj.counter = i32::MAX;
            return Ok(Exit::Interpret);
        }
        if pj.state == PJ_FRESH {
            pj.state = PJ_COUNTING;
            let t = l.jit.opts.threshold;
            if t > 0 {
                pj.counter = (t - 1) as i32;
                return Ok(Exit::Interpret);
            }
        }
        if compile_and_install(l, p) {
            return run_compiled(l, ci, (*p).jit.code);
        }
        Ok(Exit::Interpret)
    }
}

/// Runs the fresh Lua frame `ci` that Rust code just pushed (`State::call`: metamethods,
/// `pcall`, library callbacks) until it returns: natively at once when its function is
/// compiled (what the interpreter's first frame load would do, without entering the
/// interpreter), else, or for what compiled code leaves to it, in the interpreter.
#[inline(always)]
pub fn execute_fresh(l: &mut State, ci: usize) -> Result<(), Throw> {
    // SAFETY: `ci` is a Lua frame just pushed by `precall`; its prototype's code, if any,
    // is live in the cache.
    unsafe {
        let code = (*frame_proto(l, ci)).jit.code;
        if !code.is_null() && !l.jit.force_interp {
            match run_native_inline(l, ci, code) {
                ST_RETURNED_FRESH => return Ok(()),
                ST_ERR => return Err(Throw),
                // A deeper frame was left to the interpreter: its frame loop runs it, then
                // resumes this frame at its saved pc.
                _ => {}
            }
        }
    }
    crate::vm::interp::execute(l, ci)
}

fn is_backedge_op(op: Op) -> bool {
    matches!(op, Op::ForLoop | Op::TForLoop | Op::Jmp)
}

/// Cold path of a loop counter: the back-edge instruction at `at` ran out after counting
/// `n` iterations. `savedpc` is the loop target (or the loop body, from FORPREP).
#[cold]
#[inline(never)]
pub fn on_backedge(l: &mut State, ci: usize, at: usize, n: i32) -> Result<Exit, Throw> {
    // SAFETY: as in `on_activation`; `at` is a pc of the frame's prototype.
    unsafe {
        let p = frame_proto(l, ci);
        let cells = (*p).feedback.as_mut_ptr() as *mut i32;
        if !l.jit.opts.enabled || (*p).jit.state == PJ_BLACKLISTED || l.jit.force_interp {
            *cells.add(at) = i32::MAX;
            return Ok(Exit::Interpret);
        }
        if !(*p).jit.loops_init {
            (*p).jit.loops_init = true;
            let t = l.jit.opts.threshold as i32;
            let pr = &*p;
            for (pc, i) in pr.src.code.iter().enumerate() {
                if is_backedge_op(i.op()) {
                    *cells.add(pc) = t;
                }
            }
            *cells.add(at) = t.saturating_sub(n);
            if *cells.add(at) >= 0 {
                return Ok(Exit::Interpret);
            }
        }
        *cells.add(at) = l.jit.opts.threshold as i32;
        if (*p).jit.code.is_null() && !compile_and_install(l, p) {
            return Ok(Exit::Interpret);
        }
        run_compiled(l, ci, (*p).jit.code)
    }
}

/// Nesting limit of compiled frames called natively: of entries from Rust (each costs a
/// helper frame and a compiled frame on the native stack), and of compiled frames called by
/// compiled code above each such entry (`JitState::ci_limit`; 16 bytes of native stack
/// each). Deeper calls go through the interpreter's frame loop: the native frames unwind
/// (`ST_PUSHED`) and are resumed later at their saved pcs, so Lua depth is bounded by the
/// interpreter's limits only.
pub const MAX_NATIVE_DEPTH: u32 = 100;

/// Runs frame `ci` in its compiled code from its saved pc until it pushes a callee, returns,
/// or raises an error.
#[inline]
unsafe fn run_compiled(l: &mut State, ci: usize, code: *mut JitCode) -> Result<Exit, Throw> {
    match run_native(l, ci, code) {
        ST_PUSHED | ST_RETURNED => Ok(Exit::Reload),
        ST_RETURNED_FRESH => Ok(Exit::ReturnFresh),
        ST_ERR => Err(Throw),
        _ => Ok(Exit::Interpret),
    }
}

/// Refreshes the views of the stack and frames that compiled code uses (`base` = stack
/// index of the running frame's register 0).
///
/// # Safety
/// `base` is within the stack.
#[inline(always)]
pub(crate) unsafe fn refresh(l: &mut State, base: usize) {
    let sp = l.stack.as_mut_ptr();
    l.jit.base = sp.add(base);
    l.jit.stack_ptr = sp;
    l.jit.stack_limit = sp.add(l.stack_last());
    l.jit.cis_ptr = l.cis.as_mut_ptr();
    l.jit.cis_len = l.cis.len().min(l.jit.ci_limit);
}

/// The compiled code of the prototype running in frame `ci`, if it may be entered natively now.
///
/// # Safety
/// `ci` is a Lua frame of `l`.
#[inline(always)]
pub(crate) unsafe fn native_callee(l: &State, ci: usize) -> *mut JitCode {
    let p = frame_proto(l, ci);
    let code = (*p).jit.code;
    if l.jit.depth < MAX_NATIVE_DEPTH && !l.jit.force_interp {
        code
    } else {
        std::ptr::null_mut()
    }
}

/// Enters compiled code for frame `ci` at its saved pc; returns the raw status.
///
/// # Safety
/// `ci` is a Lua frame of `l` whose prototype's compiled code is `code` (live, in the cache).
#[inline]
pub(crate) unsafe fn run_native(l: &mut State, ci: usize, code: *mut JitCode) -> u32 {
    run_native_inline(l, ci, code)
}

/// [`run_native`] inlined into its caller (`execute_fresh`: each coroutine resume and each
/// Lua function called from Rust enters compiled code without an extra Rust frame).
///
/// # Safety
/// As [`run_native`].
#[inline(always)]
unsafe fn run_native_inline(l: &mut State, ci: usize, code: *mut JitCode) -> u32 {
    // (A frame of `l`: `ci` and its function slot are in bounds.)
    let c = l.cis.get_unchecked(ci);
    let (func, savedpc) = (c.func, c.savedpc);
    let cl = l.stack.get_unchecked(func).as_lcl();
    let offsets = &(*code).pc_offsets;
    let target = (*code).addr.add(*offsets.get_unchecked(savedpc) as usize);
    let entry = (*code).entry;
    let outer_limit = l.jit.ci_limit;
    l.jit.ci_limit = ci + MAX_NATIVE_DEPTH as usize;
    refresh(l, func + 1);
    let base = l.jit.base;
    let st = if l.jit.opts.stats && l.jit.depth == 0 {
        l.jit.depth += 1;
        let t0 = Instant::now();
        let st = entry(l, cl, base, target, code);
        l.jit.stats.native_time += t0.elapsed();
        l.jit.depth -= 1;
        st
    } else {
        l.jit.depth += 1;
        let st = entry(l, cl, base, target, code);
        l.jit.depth -= 1;
        st
    };
    // (Compiled code that called into Rust continues after its helper's `refresh`.)
    l.jit.ci_limit = outer_limit;
    st
}

fn proto_name(p: &LProto) -> String {
    let src = crate::vm::debug::chunk_id(&p.src.source);
    format!("{}:{}", String::from_utf8_lossy(&src), p.src.line_defined)
}

/// Compiles prototype `p` and installs its code. False when it cannot be compiled now.
/// Functions with more bytecodes than this stay interpreted.
const MAX_COMPILE_BYTECODES: usize = 100_000;
/// A lower bound of the machine code per bytecode, to skip compiles that cannot fit the cache.
const MIN_BYTES_PER_BYTECODE: usize = 16;

unsafe fn compile_and_install(l: &mut State, p: *mut LProto) -> bool {
    let t0 = Instant::now();
    if l.jit.started.is_none() {
        l.jit.started = Some(t0);
    }
    let want_dump = l.jit.opts.dump || l.jit.opts.dump_to_memory;
    let cells: &mut Box<[u32]> = &mut (*p).feedback;
    (*p).jit.feedback = cells.as_mut_ptr();
    // Functions too big to be worth it (or to fit): a generated chunk of a million calls
    // would take seconds and gigabytes to compile, then not fit the cache.
    let nbc = (&*p).src.code.len();
    if nbc > MAX_COMPILE_BYTECODES
        || nbc.saturating_mul(MIN_BYTES_PER_BYTECODE) > l.jit.opts.cache_size
    {
        (*p).jit.state = PJ_BLACKLISTED;
        (*p).jit.counter = i32::MAX;
        l.jit.stats.failed += 1;
        if l.jit.opts.verbose {
            eprintln!(
                "[jit] {} is too big to compile ({} bytecodes)",
                proto_name(&*p),
                nbc
            );
        }
        return false;
    }
    let tm_index = l.tmname[crate::vm::TM::Index as usize];
    let mode = if (*p).jit.tuned {
        compile::Mode::Tuned
    } else if l.jit.opts.recompile > 0 {
        compile::Mode::Counting
    } else {
        compile::Mode::Plain
    };
    if mode == compile::Mode::Counting {
        (*p).jit.recompile = l.jit.opts.recompile.min(i32::MAX as u32) as i32;
    }
    let mcache = &*l.heap.mcache as *const crate::object::mcache::MethodCache;
    let compiled = match compile::compile(&*p, tm_index, mcache, mode) {
        Ok(c) => c,
        Err(e) => {
            (*p).jit.state = PJ_BLACKLISTED;
            (*p).jit.counter = i32::MAX;
            l.jit.stats.failed += 1;
            if l.jit.opts.verbose {
                eprintln!("[jit] cannot compile {}: {}", proto_name(&*p), e);
            }
            return false;
        }
    };
    let size = compiled.code.len();
    if l.jit.cache.is_none() {
        match codemem::CodeMem::new(l.jit.opts.cache_size) {
            Some(mem) => {
                l.jit.cache = Some(Box::new(CodeCache {
                    mem,
                    blocks: VecDeque::new(),
                }))
            }
            None => {
                l.jit.opts.enabled = false;
                return false;
            }
        }
    }
    if size > l.jit.cache.as_ref().unwrap().mem.capacity() {
        // Bigger than the whole cache: it can never fit, so never try again (recompiling it at
        // every few activations costs more than interpreting it).
        (*p).jit.state = PJ_BLACKLISTED;
        (*p).jit.counter = i32::MAX;
        l.jit.stats.failed += 1;
        if l.jit.opts.verbose {
            eprintln!(
                "[jit] {} does not fit the code cache ({} bytes)",
                proto_name(&*p),
                size
            );
        }
        return false;
    }
    // No room: free orphaned blocks no frame can run, then evict the oldest idle ones
    // (the frame stacks are scanned once per compile, and only under this pressure).
    let mut live: Option<Vec<usize>> = None;
    let off = loop {
        let cache = l.jit.cache.as_mut().unwrap();
        if let Some(off) = cache.mem.alloc(size) {
            break off;
        }
        if live.is_none() {
            let v = live_protos(l);
            free_orphans(l, &v);
            live = Some(v);
            continue;
        }
        if !evict_one(l, live.as_deref().unwrap()) {
            // Nothing evictable: stay interpreted for a while.
            (*p).jit.state = PJ_COUNTING;
            (*p).jit.counter = (l.jit.opts.threshold.max(1) as i32).saturating_mul(16);
            l.jit.stats.failed += 1;
            if l.jit.opts.verbose {
                eprintln!("[jit] no room for {} ({} bytes)", proto_name(&*p), size);
            }
            return false;
        }
    };
    let cache = l.jit.cache.as_mut().unwrap();
    if !cache.mem.write(off, &compiled.code) {
        cache.mem.free(off);
        l.jit.opts.enabled = false;
        return false;
    }
    let addr = cache.mem.addr(off);
    let code = Box::into_raw(Box::new(JitCode {
        // SAFETY: offset 0 of the block is the prologue with the `EntryFn` ABI.
        entry: std::mem::transmute::<*const u8, EntryFn>(addr),
        addr,
        entry0: addr.add(compiled.pc_offsets[0] as usize),
        lua_entry: addr.add(compiled.lua_entry as usize),
        size,
        offset: off,
        pc_offsets: compiled.entry_offsets.clone(),
        active: 0,
        proto: p,
        owner: p as usize,
        data: compiled.data,
    }));
    cache.blocks.push_back(code);
    (*p).jit.code = code;
    (*p).jit.state = PJ_COMPILED;
    (*p).jit.counter = -1;
    let dt = t0.elapsed();
    let st = &mut l.jit.stats;
    st.compiled += 1;
    let pr = &*p;
    let ncode = pr.src.code.len();
    st.bytecodes += ncode as u64;
    st.code_bytes += size as u64;
    st.compile_time += dt;
    if l.jit.opts.verbose {
        eprintln!(
            "[jit] {} {} ({} bytecodes -> {} bytes at {:p}) in {:.1} us",
            if mode == compile::Mode::Tuned {
                "recompiled with feedback"
            } else {
                "compiled"
            },
            proto_name(&*p),
            ncode,
            size,
            addr,
            dt.as_secs_f64() * 1e6
        );
    }
    if l.jit.opts.perf_map {
        use std::io::Write;
        let path = format!("/tmp/perf-{}.map", std::process::id());
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(f, "{:x} {:x} lua:{}", addr as usize, size, proto_name(&*p));
        }
    }
    if want_dump {
        let text = dump::dump(&*p, &compiled.code, &compiled.pc_offsets, &compiled.symbols);
        if l.jit.opts.dump_to_memory {
            l.jit.dumps.push_str(&text);
        } else {
            eprint!("{}", text);
        }
    }
    true
}

/// The first code of the function running in the current frame counted enough calls or loop
/// iterations (`target`: the pc to continue at): compiles the function again with its
/// feedback ([`JitOptions::recompile`]). The old block is orphaned (freed once no frame runs
/// it); the caller leaves its code with `ST_PUSHED`, so the interpreter's frame loop enters
/// the new code at `target` (or interprets, if the compile failed).
///
/// # Safety
/// The current frame is a Lua frame whose prototype is compiled.
pub(crate) unsafe fn recompile_running(l: &mut State, target: usize) -> u32 {
    let ci = l.ci;
    l.cis[ci].savedpc = target;
    let p = frame_proto(l, ci);
    let pj = &mut (*p).jit;
    pj.recompile = i32::MAX;
    // Another frame may still run the first code after the function was recompiled: it
    // only switches to the new code.
    if !pj.tuned {
        pj.tuned = true;
        let old = pj.code;
        if !old.is_null() {
            (*old).proto = std::ptr::null_mut();
            pj.code = std::ptr::null_mut();
        }
        l.jit.stats.recompiled += 1;
        if !compile_and_install(l, p) {
            let pj = &mut (*p).jit;
            if pj.state != PJ_BLACKLISTED {
                pj.state = PJ_COUNTING;
                pj.counter = (l.jit.opts.threshold.max(1) as i32).saturating_mul(4);
            }
        }
    }
    ST_PUSHED
}

/// The prototypes with a Lua frame on some thread's frame stack, sorted: their blocks may be
/// running (every compiled activation is such a frame; see [`EntryFn`]).
fn live_protos(l: &State) -> Vec<usize> {
    let mut v = Vec::new();
    crate::vm::coro::lua_frame_protos(l, &mut v);
    v.sort_unstable();
    v.dedup();
    v
}

/// Whether block `b` may be running (`live`: [`live_protos`]).
///
/// # Safety
/// `b` is a block of the cache.
unsafe fn may_run(b: *mut JitCode, live: &[usize]) -> bool {
    (*b).active != 0 || live.binary_search(&(*b).owner).is_ok()
}

/// Frees the orphaned blocks (replaced by a recompile, or of prototypes the collector has
/// freed) that no frame can be running.
unsafe fn free_orphans(l: &mut State, live: &[usize]) {
    let cache = l.jit.cache.as_mut().unwrap();
    if !cache.blocks.iter().any(|&b| (*b).proto.is_null()) {
        return;
    }
    let mem = &mut cache.mem;
    cache.blocks.retain(|&b| {
        if (*b).proto.is_null() && !may_run(b, live) {
            mem.free((*b).offset);
            drop(Box::from_raw(b));
            false
        } else {
            true
        }
    });
}

/// Evicts the oldest block that has no running activation. False if none.
unsafe fn evict_one(l: &mut State, live: &[usize]) -> bool {
    let cache = l.jit.cache.as_mut().unwrap();
    let Some(pos) = cache.blocks.iter().position(|&b| !may_run(b, live)) else {
        return false;
    };
    let b = cache.blocks.remove(pos).unwrap();
    cache.mem.free((*b).offset);
    let p = (*b).proto;
    let verbose = l.jit.opts.verbose;
    if !p.is_null() {
        let pj = &mut (*p).jit;
        pj.code = std::ptr::null_mut();
        pj.state = PJ_COUNTING;
        pj.counter = (l.jit.opts.threshold.max(1) as i32).saturating_mul(4);
        if verbose {
            eprintln!("[jit] evicted {} ({} bytes)", proto_name(&*p), (*b).size);
        }
    }
    l.jit.stats.evicted += 1;
    drop(Box::from_raw(b));
    true
}

impl State {
    /// Applies JIT options (before running code).
    pub fn set_jit_options(&mut self, o: JitOptions) {
        self.jit.opts = o;
        self.jit.started = Some(Instant::now());
    }

    /// The `--jit-stats` report.
    pub fn jit_report(&self) -> String {
        let s = &self.jit.stats;
        let total = self.jit.started.map(|t| t.elapsed()).unwrap_or_default();
        let share = if total.as_secs_f64() > 0.0 {
            s.native_time.as_secs_f64() / total.as_secs_f64() * 100.0
        } else {
            0.0
        };
        let ctime = s.compile_time.as_secs_f64();
        format!(
            "jit: {} functions compiled ({} recompiled with feedback, {} failed, {} evicted), {} bytecodes -> {} bytes of code\n\
             jit: compile time {:.3} ms ({:.2} us/bytecode, {:.2}% of run time)\n\
             jit: time in compiled code {:.1}% of {:.3} s (clock around outermost entries into compiled code, helpers included)\n",
            s.compiled,
            s.recompiled,
            s.failed,
            s.evicted,
            s.bytecodes,
            s.code_bytes,
            ctime * 1e3,
            if s.bytecodes > 0 { ctime * 1e6 / s.bytecodes as f64 } else { 0.0 },
            if total.as_secs_f64() > 0.0 { ctime / total.as_secs_f64() * 100.0 } else { 0.0 },
            share,
            total.as_secs_f64()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::closure::load_proto;

    /// Runs `src` with threshold 0 and returns the feedback cells of its first nested function.
    fn feedback_of_first_function(src: &str) -> (Vec<Op>, Vec<u32>) {
        let mut l = State::new();
        crate::stdlib::base::open(&mut l).unwrap();
        l.set_jit_options(JitOptions {
            enabled: true,
            threshold: 0,
            ..Default::default()
        });
        let proto = crescent_frontend::compile(src.as_bytes(), "=t").unwrap();
        let p = load_proto(&mut l.heap, &proto).unwrap();
        let cl = l.heap.new_lclosure(p, 1);
        let uv = l.heap.new_upval(0, std::ptr::null_mut());
        // SAFETY: fresh objects; the upvalue is closed over the globals table.
        unsafe {
            (*uv).closed = Value::table(l.globals);
            (*uv).v = &mut (*uv).closed;
            *(*cl).upvals_ptr() = uv;
        }
        let f = l.top;
        l.push(Value::lcl(cl));
        l.call(f, 0)
            .unwrap_or_else(|_| panic!("error: {:?}", l.err_value));
        // SAFETY: the prototype is alive (referenced by the closure on the stack).
        unsafe {
            let sub = (&(*p).protos)[0];
            assert!(!(*sub).jit.code.is_null(), "not compiled");
            (
                (&(*sub).src).code.iter().map(|i| i.op()).collect(),
                (*sub).feedback.to_vec(),
            )
        }
    }

    fn cell(ops: &[Op], fb: &[u32], op: Op) -> u32 {
        fb[ops
            .iter()
            .position(|&o| o == op)
            .unwrap_or_else(|| panic!("no {:?}", op))]
    }

    #[test]
    fn compiled_code_records_feedback() {
        let (ops, fb) = feedback_of_first_function(
            "local function f(a, b, t) local x = a + b if a < b then x = t.k end return x end
             f(1, 2, {k = 1}) f(1.5, 2, {k = 2}) f(3, 2, setmetatable({}, {__index = {k = 3}}))",
        );
        let add = cell(&ops, &fb, Op::Add);
        assert_eq!(add & 7, (FB_INT | FB_FLT) as u32, "ADD {:#x}", add);
        let lt = cell(&ops, &fb, Op::Lt);
        // 1.5 < 2 (a float and an integer) is compared inline, as floats.
        assert_eq!(lt & 7, (FB_INT | FB_FLT) as u32, "LT {:#x}", lt);
        assert_eq!(lt & 0x18, (FB_TAKEN | FB_NOT_TAKEN) as u32, "LT {:#x}", lt);
        let get = cell(&ops, &fb, Op::GetField);
        assert_eq!(get & 7, FB_HIT as u32, "GETFIELD {:#x}", get);
    }

    /// Runs `src` (threshold 0, the given cache size) and returns the state.
    fn run_compiled_src(src: &str, cache_size: usize) -> Box<State> {
        run_compiled_opts(
            src,
            JitOptions {
                enabled: true,
                threshold: 0,
                cache_size,
                ..Default::default()
            },
        )
    }

    fn run_compiled_opts(src: &str, opts: JitOptions) -> Box<State> {
        let mut l = State::new();
        crate::stdlib::base::open(&mut l).unwrap();
        l.set_jit_options(opts);
        l.out = Box::new(std::io::sink());
        let proto = crescent_frontend::compile(src.as_bytes(), "=t").unwrap();
        let p = load_proto(&mut l.heap, &proto).unwrap();
        let cl = l.heap.new_lclosure(p, 1);
        let uv = l.heap.new_upval(0, std::ptr::null_mut());
        // SAFETY: fresh objects; the upvalue is closed over the globals table.
        unsafe {
            (*uv).closed = Value::table(l.globals);
            (*uv).v = &mut (*uv).closed;
            *(*cl).upvals_ptr() = uv;
        }
        let f = l.top;
        l.push(Value::lcl(cl));
        l.call(f, 0)
            .unwrap_or_else(|_| panic!("error: {:?}", l.err_value));
        l
    }

    #[test]
    fn recompiles_while_old_code_runs() {
        // Deep recursion: the count runs out in an inner call while outer frames still run
        // the first code; they finish in it (orphaned, freed once no frame of the function
        // is left), the result is exact and every block's pin count is back to 0.
        let src = "local function fib(n) if n < 2 then return n + 0.0 end
                     return fib(n - 1) + fib(n - 2) end
                   local function loop(n) local s = 0.0 for i = 1, n do s = s + i * 0.5 end return s end
                   assert(fib(20) == 6765.0) assert(loop(5000) == 6251250.0)
                   assert(fib(21) == 10946.0)";
        for recompile in [1, 7, 50] {
            let l = run_compiled_opts(
                src,
                JitOptions {
                    enabled: true,
                    threshold: 0,
                    recompile,
                    ..Default::default()
                },
            );
            assert!(l.jit.stats.recompiled >= 2, "recompile {recompile}");
            let cache_ref = l.jit.cache.as_ref().expect("compiled");
            for &b in &cache_ref.blocks {
                // SAFETY: blocks in the cache are live.
                assert_eq!(unsafe { (*b).active }, 0, "recompile {recompile}");
            }
        }
        // 0: compiled once, nothing counted.
        let l = run_compiled_opts(
            src,
            JitOptions {
                enabled: true,
                threshold: 0,
                recompile: 0,
                ..Default::default()
            },
        );
        assert_eq!(l.jit.stats.recompiled, 0);
    }

    /// Pins on blocks (`active`: TAILCALLs through `h_tailcall`) are released: after a run
    /// every count is back to 0, with tail calls between compiled functions (inline, and
    /// with a variable argument count through `h_tailcall`), natives in tail position,
    /// errors and eviction.
    #[test]
    fn active_counts_balance_with_tail_calls() {
        let mut src = String::new();
        for i in 0..40 {
            src.push_str(&format!(
                "local function f{i}(n, k) local s = 0 for j = 1, n do s = s + j % 7 end                  if k == 0 then return s end return {}(n, k - 1) end
",
                if i % 2 == 0 { "g" } else { "gv" }
            ));
        }
        src.push_str("local fs = {");
        for i in 0..40 {
            src.push_str(&format!("f{i},"));
        }
        src.push_str(
            "}
function g(n, k) return fs[k % #fs + 1](n, k) end
             function gv(...) return g(...) end
             local function nat(x) return tostring(x) end
             local function bad(x) return error(x) end
             local t = 0
             for r = 1, 5 do t = t + g(20, 100 + r) .. nat(r) end
             for r = 1, 5 do pcall(bad, r) end
             print(t)
",
        );
        for cache in [64 << 20, 8 << 10] {
            let l = run_compiled_src(&src, cache);
            let cache_ref = l.jit.cache.as_ref().expect("compiled");
            for &b in &cache_ref.blocks {
                // SAFETY: blocks in the cache are live.
                assert_eq!(unsafe { (*b).active }, 0, "cache {}", cache);
            }
            if cache < 1 << 20 {
                assert!(l.jit.stats.evicted > 0, "no eviction");
            }
        }
    }

    #[test]
    fn index_chain_feedback() {
        let (ops, fb) = feedback_of_first_function(
            "local function f(o) return o.k end
             local C = {k = 1} C.__index = C
             for i = 1, 3 do f(setmetatable({}, C)) end",
        );
        let get = cell(&ops, &fb, Op::GetField);
        assert_eq!(get & 7, FB_CHAIN as u32, "GETFIELD {:#x}", get);
    }
}
