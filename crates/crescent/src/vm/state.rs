//! The Lua state: value stack, CallInfo frames, open upvalues, to-be-closed variables, the
//! registry and globals, and error raising.
//!
//! Frames are indices into `cis` (a `Vec<CallInfo>` reused across calls: no allocation per
//! call once it has grown); stack positions are indices into `stack`, never pointers, except
//! for open upvalues whose `v` pointers are rebased whenever the stack is reallocated.
//! Invariant: `stack.len()` is the allocated size, all slots initialised; slots at or above
//! `top` may hold stale but valid values (the collector clears them). Uses `unsafe` (upvalue
//! and table pointers).

use crate::gc::{self, GcHeader, Heap};
use crate::object::closure::UpVal;
use crate::object::string::LuaString;
use crate::object::table::{Table, TableError};
use crate::value::*;
use crate::vm::*;
use std::io::Write;

/// State of the warning system: off (only control messages), on, or in the middle of a
/// multi-piece message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarnMode {
    Off,
    On,
    Cont,
}

pub const CIST_C: u16 = 1;
pub const CIST_FRESH: u16 = 2;
pub const CIST_TAIL: u16 = 4;

/// One activation record.
#[derive(Clone, Copy, Default, Debug)]
#[repr(C)]
pub struct CallInfo {
    /// Stack index of the function (arguments follow).
    pub func: usize,
    /// Stack index one past the frame's last register (Lua) or usable slot (native).
    pub top: usize,
    /// Lua frames: index of the next instruction to execute.
    pub savedpc: usize,
    /// Results the caller wants (`MULTRET` = all).
    pub nresults: i32,
    pub status: u16,
    /// Lua vararg frames: number of extra arguments below `func`.
    pub nextraargs: u32,
}

/// `#[repr(C)]`: the running thread's fields, from `stack` through `th`, are one block laid
/// out exactly as the start of `crate::vm::coro::ThreadData`, so a thread switch moves them
/// as one copy (asserted there). `heap` comes first so that every field compiled code reads
/// keeps a 32-bit displacement (same code sizes as Rust's own layout gave).
#[repr(C)]
pub struct State {
    pub heap: Heap,
    pub stack: Vec<Value>,
    pub top: usize,
    pub cis: Vec<CallInfo>,
    pub ci: usize,
    pub open_upval: *mut UpVal,
    pub tbc: Vec<usize>,
    /// Stack index of the current message handler (0: none).
    pub errfunc: usize,
    pub n_ccalls: u32,
    /// Yieldability and hook settings of the running thread (`crate::vm::coro`).
    pub th: crate::vm::coro::PerThread,
    pub registry: *mut Table,
    pub globals: *mut Table,
    pub loaded: *mut Table,
    pub mt: [*mut Table; NUM_TYPES],
    pub tmname: [*mut LuaString; TM_N],
    pub err_value: Value,
    pub err_status: Status,
    pub memerrmsg: *mut LuaString,
    /// Values held by the embedding API (GC roots).
    pub extra_roots: Vec<Value>,
    pub out: Box<dyn Write>,
    /// Warning system state (lauxlib's warnfoff/warnfon/warnfcont).
    pub warn_mode: WarnMode,
    /// Message and traceback recorded by the API's message handler.
    pub last_error: Option<(Vec<u8>, String)>,
    /// Baseline JIT: options, code cache, statistics (`crate::jit`).
    pub jit: crate::jit::JitState,
    /// Coroutines: the running and main threads, native stacks (`crate::vm::coro`).
    pub co: crate::vm::coro::CoGlobal,
}

impl State {
    pub fn new() -> Box<State> {
        let mut heap = Heap::new();
        let memerrmsg = heap.new_fixed_str(b"not enough memory");
        let mut tmname = [std::ptr::null_mut(); TM_N];
        for (i, n) in TM_NAMES.iter().enumerate() {
            tmname[i] = heap.new_fixed_str(n.as_bytes());
        }
        heap.mode_key = heap.new_fixed_str(b"__mode");
        heap.mt_key = heap.new_fixed_str(b"__metatable");
        heap.mcache.index_key = heap.new_fixed_str(b"__index");
        let registry = heap.new_table();
        let globals = heap.new_table();
        let loaded = heap.new_table();
        let mut l = Box::new(State {
            stack: vec![Value::NIL; 2 * MIN_STACK + EXTRA_STACK],
            top: 1,
            cis: vec![CallInfo::default()],
            ci: 0,
            open_upval: std::ptr::null_mut(),
            tbc: Vec::new(),
            n_ccalls: 0,
            errfunc: 0,
            heap,
            registry,
            globals,
            loaded,
            mt: [std::ptr::null_mut(); NUM_TYPES],
            tmname,
            err_value: Value::NIL,
            err_status: Status::Ok,
            memerrmsg,
            extra_roots: Vec::new(),
            out: Box::new(std::io::BufWriter::with_capacity(
                1 << 14,
                std::io::stdout(),
            )),
            last_error: None,
            warn_mode: WarnMode::Off,
            jit: crate::jit::JitState::new(),
            co: Default::default(),
            th: Default::default(),
        });
        // Base CallInfo: a native frame for the embedding program.
        l.cis[0] = CallInfo {
            func: 0,
            top: 1 + MIN_STACK,
            savedpc: 0,
            nresults: 0,
            status: CIST_C,
            nextraargs: 0,
        };
        let h = &mut l.heap;
        // SAFETY: registry was just created; keys are fresh values.
        unsafe {
            (*registry)
                .set_int(h, 2, Value::table(globals))
                .expect("registry");
            let k = h.new_str(b"_LOADED").expect("str");
            (*registry)
                .set(h, Value::str(k), Value::table(loaded))
                .expect("registry");
            let k = h.new_str(b"_G").expect("str");
            (*loaded)
                .set(h, Value::str(k), Value::table(globals))
                .expect("registry");
        }
        crate::vm::coro::init(&mut l);
        l
    }

    // ---------------------------------------------------------------- stack

    /// Usable limit of the stack (slots at or above are the EXTRA_STACK reserve).
    #[inline(always)]
    pub fn stack_last(&self) -> usize {
        self.stack.len() - EXTRA_STACK
    }

    /// Ensures `n` free slots above `top` (`luaD_checkstack`).
    #[inline(always)]
    pub fn check_stack(&mut self, n: usize) -> Result<(), Throw> {
        if self.stack_last() - self.top < n {
            self.grow_stack(n)
        } else {
            Ok(())
        }
    }

    #[cold]
    pub fn grow_stack(&mut self, n: usize) -> Result<(), Throw> {
        let size = self.stack_last();
        if size > MAX_STACK {
            // Already using the extra space for handling a stack overflow.
            return Err(self.throw_errerr());
        }
        if n < MAX_STACK {
            let needed = self.top + n;
            let newsize = (2 * size).min(MAX_STACK).max(needed);
            if newsize <= MAX_STACK {
                return self.realloc_stack(newsize);
            }
        }
        self.realloc_stack(ERROR_STACK_SIZE)?;
        Err(self.rt_error("stack overflow"))
    }

    pub fn realloc_stack(&mut self, newsize: usize) -> Result<(), Throw> {
        let total = newsize + EXTRA_STACK;
        if total < self.stack.len() {
            self.stack.truncate(total);
            self.stack.shrink_to_fit();
        } else {
            let extra = total - self.stack.len();
            if !self.heap.can_alloc(extra * 16) || self.stack.try_reserve_exact(extra).is_err() {
                return Err(self.mem_error());
            }
            self.stack.resize(total, Value::NIL);
        }
        // Rebase open upvalues.
        let base = self.stack.as_mut_ptr();
        let mut uv = self.open_upval;
        // SAFETY: open upvalues are live and their levels are valid stack indices.
        unsafe {
            while !uv.is_null() {
                (*uv).v = base.add((*uv).level);
                uv = (*uv).open_next;
            }
        }
        Ok(())
    }

    /// Shrinks an oversized stack after an error (`luaD_shrinkstack`).
    pub fn shrink_stack(&mut self) {
        let mut inuse = self.top;
        for ci in &self.cis[..=self.ci] {
            inuse = inuse.max(ci.top);
        }
        let max = if inuse > MAX_STACK {
            MAX_STACK
        } else {
            (inuse * 3 / 2 + 2 * MIN_STACK).min(MAX_STACK)
        };
        if inuse <= MAX_STACK && self.stack_last() > max {
            let _ = self.realloc_stack(max);
        }
    }

    #[inline(always)]
    pub fn push(&mut self, v: Value) {
        self.stack[self.top] = v;
        self.top += 1;
    }

    #[inline(always)]
    pub fn ci_ref(&self) -> &CallInfo {
        &self.cis[self.ci]
    }

    /// First argument slot of the running native function.
    #[inline(always)]
    pub fn base(&self) -> usize {
        self.cis[self.ci].func + 1
    }

    // ---------------------------------------------------------------- objects

    pub fn new_str(&mut self, b: &[u8]) -> Result<Value, Throw> {
        match self.heap.new_str(b) {
            Some(s) => Ok(Value::str(s)),
            None => Err(self.mem_error()),
        }
    }

    pub fn new_table(&mut self) -> Value {
        Value::table(self.heap.new_table())
    }

    pub fn gc_step(&mut self) {
        gc::check_gc(self);
    }

    /// Raw set with the table's errors turned into Lua errors.
    pub fn table_set(&mut self, t: *mut Table, k: Value, v: Value) -> Result<(), Throw> {
        // SAFETY: `t` is a live table.
        let r = unsafe { (*t).set(&mut self.heap, k, v) };
        r.map_err(|e| self.table_error(e))
    }

    pub fn table_error(&mut self, e: TableError) -> Throw {
        match e {
            TableError::NilIndex => self.rt_error("table index is nil"),
            TableError::NanIndex => self.rt_error("table index is NaN"),
            TableError::Overflow => self.rt_error("table overflow"),
            TableError::Memory => self.mem_error(),
        }
    }

    pub fn set_global(&mut self, name: &str, v: Value) -> Result<(), Throw> {
        let k = self.new_str(name.as_bytes())?;
        let g = self.globals;
        self.table_set(g, k, v)
    }

    // ---------------------------------------------------------------- errors

    /// Raises `v` as an error (`luaG_errormsg`): calls the message handler if any.
    pub fn throw_value(&mut self, v: Value) -> Throw {
        self.err_value = v;
        self.err_status = Status::Runtime;
        if self.errfunc != 0 {
            if self.n_ccalls >= MAX_CCALLS / 10 * 11 {
                return self.throw_errerr();
            }
            let h = self.stack[self.errfunc];
            if self.stack_last() - self.top < 2 && self.grow_stack(2).is_err() {
                return Throw;
            }
            let f = self.top;
            self.stack[f] = h;
            self.stack[f + 1] = v;
            self.top = f + 2;
            // The handler is not yieldable (PUC's luaD_callnoyield).
            self.th.nny += 1;
            let r = self.call(f, 1);
            self.th.nny -= 1;
            match r {
                Ok(()) => {
                    self.top -= 1;
                    self.err_value = self.stack[self.top];
                    self.err_status = Status::Runtime;
                }
                Err(t) => return t,
            }
        }
        Throw
    }

    /// "error in error handling" (LUA_ERRERR): no message handler.
    pub fn throw_errerr(&mut self) -> Throw {
        self.err_value = match self.heap.new_str(b"error in error handling") {
            Some(s) => Value::str(s),
            None => Value::str(self.memerrmsg),
        };
        self.err_status = Status::ErrErr;
        Throw
    }

    pub fn mem_error(&mut self) -> Throw {
        self.err_value = Value::str(self.memerrmsg);
        self.err_status = Status::Memory;
        Throw
    }

    /// `luaG_runerror`: message with position of the running Lua function.
    pub fn rt_error(&mut self, msg: &str) -> Throw {
        let mut s = Vec::with_capacity(msg.len() + 32);
        self.add_position(self.ci, &mut s);
        s.extend_from_slice(msg.as_bytes());
        match self.heap.new_str(&s) {
            Some(v) => self.throw_value(Value::str(v)),
            None => self.mem_error(),
        }
    }

    /// Appends `chunkid:line: ` when frame `ci` is a Lua function.
    pub fn add_position(&self, ci: usize, s: &mut Vec<u8>) {
        let c = &self.cis[ci];
        if c.status & CIST_C == 0 && ci > 0 {
            let f = self.stack[c.func];
            if f.tt == T_LCL {
                // SAFETY: a Lua frame's function slot holds its live closure.
                let p = unsafe { &*(*f.as_lcl()).proto };
                // SAFETY: protos keep their source string alive.
                let src = unsafe { (*p.source).bytes() };
                s.extend_from_slice(&crate::vm::debug::chunk_id(src));
                s.push(b':');
                s.extend_from_slice(self.current_line(ci).to_string().as_bytes());
                s.extend_from_slice(b": ");
            }
        }
    }

    // ---------------------------------------------------------------- upvalues

    /// Finds or creates the open upvalue for stack slot `level`.
    pub fn find_upval(&mut self, level: usize) -> *mut UpVal {
        let mut link: *mut *mut UpVal = &mut self.open_upval;
        // SAFETY: the open list holds live upvalues sorted by decreasing level.
        unsafe {
            while !(*link).is_null() && (**link).level >= level {
                if (**link).level == level {
                    return *link;
                }
                link = &mut (**link).open_next;
            }
            let slot = self.stack.as_mut_ptr().add(level);
            let uv = self.heap.new_upval(level, slot);
            (*uv).open_next = *link;
            *link = uv;
            uv
        }
    }

    /// Closes open upvalues at or above `level` (`luaF_closeupval`).
    #[inline]
    pub fn close_upvals(&mut self, level: usize) {
        // SAFETY: as in `find_upval`; closed upvalues point at their own `closed` field.
        unsafe {
            while !self.open_upval.is_null() && (*self.open_upval).level >= level {
                let uv = self.open_upval;
                self.open_upval = (*uv).open_next;
                (*uv).closed = *(*uv).v;
                (*uv).v = &mut (*uv).closed;
            }
        }
    }

    /// Marks slot `level` as to-be-closed (`luaF_newtbcupval`).
    pub fn new_tbc(&mut self, level: usize) -> Result<(), Throw> {
        let v = self.stack[level];
        if v.is_falsy() {
            return Ok(());
        }
        if self.get_tm_by_obj(v, TM::Close).is_nil() {
            let name = crate::vm::debug::local_name_at(self, self.ci, level)
                .unwrap_or_else(|| "?".to_string());
            return Err(self.rt_error(&format!("variable '{}' got a non-closable value", name)));
        }
        self.tbc.push(level);
        Ok(())
    }

    /// Closes upvalues and to-be-closed variables at or above `level` (`luaF_close`).
    /// `err`: `None` for a normal close (the `__close` gets nil), `Some(e)` for an error.
    pub fn close(&mut self, level: usize, err: Option<Value>) -> Result<(), Throw> {
        self.close_upvals(level);
        while let Some(&t) = self.tbc.last() {
            if t < level {
                break;
            }
            self.tbc.pop();
            let obj = self.stack[t];
            let tm = self.get_tm_by_obj(obj, TM::Close);
            let e = match err {
                None => Value::NIL,
                Some(e) => {
                    self.top = t + 1;
                    e
                }
            };
            self.check_stack(4)?;
            let f = self.top;
            self.stack[f] = tm;
            self.stack[f + 1] = obj;
            self.stack[f + 2] = e;
            self.top = f + 3;
            self.call(f, 0)?;
        }
        Ok(())
    }

    /// Closes with errors, in protected mode, until no more errors (`luaD_closeprotected`).
    /// Returns the final status; the error value stays in `err_value`.
    pub fn close_protected(&mut self, level: usize, mut status: Status) -> Status {
        let old_ci = self.ci;
        loop {
            let err = self.err_value;
            let old_nc = self.n_ccalls;
            match self.close(level, Some(err)) {
                Ok(()) => {
                    self.err_value = err;
                    return status;
                }
                Err(Throw) => {
                    self.ci = old_ci;
                    self.n_ccalls = old_nc;
                    status = self.err_status;
                }
            }
        }
    }

    /// `lua_warning` with lua.c's warning function: "@on"/"@off" control messages, pieces
    /// joined until `tocont` is false, written to stderr as "Lua warning: ...".
    pub fn warning(&mut self, msg: &[u8], tocont: bool) {
        let control = |l: &mut State| -> bool {
            if tocont || msg.first() != Some(&b'@') {
                return false;
            }
            match &msg[1..] {
                b"off" => l.warn_mode = WarnMode::Off,
                b"on" => l.warn_mode = WarnMode::On,
                _ => {}
            }
            true
        };
        let mut err = std::io::stderr();
        match self.warn_mode {
            WarnMode::Off => {
                control(self);
            }
            WarnMode::On | WarnMode::Cont => {
                if self.warn_mode == WarnMode::On {
                    if control(self) {
                        return;
                    }
                    self.flush();
                    let _ = err.write_all(b"Lua warning: ");
                }
                let _ = err.write_all(msg);
                if tocont {
                    self.warn_mode = WarnMode::Cont;
                } else {
                    let _ = err.write_all(b"\n");
                    self.warn_mode = WarnMode::On;
                }
            }
        }
    }

    pub fn flush(&mut self) {
        let _ = self.out.flush();
    }
}

impl Drop for State {
    fn drop(&mut self) {
        // lua_close: run every pending finalizer (newest registration first).
        self.ci = 0;
        self.top = 1;
        self.errfunc = 0;
        self.n_ccalls = 0;
        self.close_upvals(0);
        self.heap.separate_all_for_close();
        gc::run_finalizers(self);
        self.flush();
        self.open_upval = std::ptr::null_mut();
        // The running thread's saved state is a stale copy of this state's (see `Thread::d`).
        crate::vm::coro::forget_running_data(self);
        self.heap.free_all();
    }
}

/// Keep `GcHeader` referenced for readers of this module's docs.
#[allow(dead_code)]
type _Hdr = GcHeader;
