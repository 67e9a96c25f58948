//! The heap: object header, allocation, accounting and the mark & sweep collector.
//!
//! Every collectable object starts with a [`GcHeader`] (`#[repr(C)]`: `next` pointer at
//! offset 0, type tag at 8, mark byte at 9, a per-type `extra` byte at 10). Long strings,
//! tables, closures, upvalues, prototypes, userdata and threads are listed in `allgc` (a
//! vector of pointers, so the sweep can prefetch headers ahead; `next` is only used by the
//! table pool); short strings live in the interning table and are swept from there. Objects
//! never move.
//!
//! Marking is atomic (stop-the-world); the sweep runs right after it (an incremental sweep,
//! a batch of objects per 16 KB allocated, exists behind `incremental_sweep`). Collector work
//! runs only at explicit safe points ([`check_gc`]) where every
//! live value is in a root: the Lua stack below `top` (slots above are cleared; the
//! interpreter sets `top` just above the live registers at its safe points, natives keep it
//! above their values),
//! open upvalues, the registry (which holds the globals), the basic-type metatables, the pending
//! error value and the fixed strings. It triggers when `total` reaches `threshold`, set to `pause`%
//! (default 200%, i.e. twice)
//! the live size after each collection (PUC's pause of 200%). Marking uses a gray stack, so
//! deep structures do not recurse on the Rust stack; a later incremental collector can reuse
//! `marked` as the colour and `gray` as the gray list. Marking is bound by cache misses (one
//! per object header, one per array or hash part), so it is pipelined: a child found by a
//! traversal is prefetched and marked `MARK_RING` children later (`ring`), and a popped gray
//! table has its parts prefetched and is traversed `TRAVERSE_RING` pops later (`tring`).
//!
//! Weak tables (`__mode` in the metatable when the table is traversed) follow PUC: weak values
//! are cleared before finalizable objects are resurrected, weak keys are ephemerons (a value is
//! marked only once its key is) and are cleared after; strings are never cleared. Objects whose
//! metatable had `__gc` when `setmetatable` was called are registered (`finobj`); once
//! unreachable they are resurrected for one cycle, queued (`tobefnz`, newest first) and their
//! finalizers run right after the sweep, outside the collector. Freed table objects go to a
//! pool (`table_pool`, at most `TABLE_POOL_MAX`) that `new_table` takes from first: the
//! sweep frees tables in bursts and the program allocates them again right after, and a
//! pool's LIFO reuse of still-cached memory beats the allocator (15% on binary-trees, even
//! with mimalloc). Small array parts (capacity 2 and 4) and hash parts (1 to 8 nodes) of
//! freed tables are pooled the same way (`parts`, see `pool.rs`), for `presize`/`resize`;
//! pooled memory is not counted in `total`. The absence of `__mode` and `__gc` in a metatable
//! is cached in its `flags` (the `fast_tm` bits), so traversing a table with a metatable and
//! `setmetatable` do not look them up each time. Uses `unsafe` (raw object pointers).

pub(crate) mod pool;

use crate::object::closure::{LClosure, LProto, NClosure, UpVal};
use crate::object::string::{self, LuaString, StringTable, MAX_SHORT_LEN};
use crate::object::table::Table;
use crate::value::*;
use crate::vm::state::State;

#[repr(C)]
pub struct GcHeader {
    pub next: *mut GcHeader,
    pub tt: u8,
    pub marked: u8,
    /// Strings: short = fixed (never collected), long = hash computed.
    pub extra: u8,
}

/// `marked` bits: reached in the current cycle, and registered for finalization.
pub const BLACK: u8 = 1;
pub const FINOBJ: u8 = 2;

/// The `flags` bit of a metatable known to have no `__mode` (the `fast_tm` cache bit).
const MODE_ABSENT: u32 = 1 << crate::vm::TM::Mode as u32;
/// The `flags` bit of a metatable known to have no `__gc`.
const GC_ABSENT: u32 = 1 << crate::vm::TM::Gc as u32;

/// Minimum collection threshold in bytes.
const MIN_THRESHOLD: usize = 1 << 20;

pub struct Heap {
    /// Every collectable object but short strings (those live in `strings`), in allocation
    /// order. A vector rather than a list through `GcHeader::next`: the sweep reads it in
    /// order and prefetches the headers a few objects ahead (walking a list is one dependent
    /// cache miss per object).
    pub allgc: Vec<*mut GcHeader>,
    pub strings: StringTable,
    /// Bytes currently allocated (estimate covering objects and their buffers).
    pub total: usize,
    pub threshold: usize,
    pub seed: u32,
    gray: Vec<*mut GcHeader>,
    /// Children seen by the traversal whose marking is deferred: their headers are
    /// prefetched when they enter and marked when they leave, `MARK_RING` children later, so
    /// the cache misses of a table's children overlap instead of stalling one by one.
    ring: [*mut GcHeader; MARK_RING],
    ring_pos: usize,
    /// Gray objects popped whose traversal is deferred (see `propagate`).
    tring: [*mut GcHeader; TRAVERSE_RING],
    tring_pos: usize,
    pub collections: u64,
    /// Allocation limit in bytes (`usize::MAX`: none); beyond it allocations fail with
    /// "not enough memory".
    pub limit: usize,
    /// Allocations refused by the limit so far (tells "not enough memory" from other
    /// failures of a fallible constructor).
    pub refused: u64,
    /// The fixed string `__mode` (looked up raw in metatables of traversed tables).
    pub mode_key: *mut LuaString,
    /// The method cache of `__index` table chains (`object/mcache.rs`); boxed: compiled
    /// code embeds its address.
    pub mcache: Box<crate::object::mcache::MethodCache>,
    /// The fixed string `__metatable` (looked up by `setmetatable`).
    pub mt_key: *mut LuaString,
    /// Tables with weak values (or weak keys and values) found in this cycle.
    weak: Vec<*mut Table>,
    /// Tables with weak keys only (ephemerons) found in this cycle.
    ephemerons: Vec<*mut Table>,
    /// Objects registered for finalization, oldest first.
    pub finobj: Vec<*mut GcHeader>,
    /// Unreachable finalizable objects waiting for their `__gc`, next first.
    pub tobefnz: std::collections::VecDeque<*mut GcHeader>,
    /// Collect at every safe point (testing).
    pub stress: bool,
    /// `collectgarbage("stop")`: no automatic collections.
    pub stopped: bool,
    /// Collection threshold as a percentage of the live size (PUC's pause, default 200).
    pub pause: u32,
    /// PUC's step multiplier (kept for `collectgarbage`; collections are atomic here).
    pub stepmul: u32,
    /// `collectgarbage("generational")` was selected (collections stay full and atomic).
    pub generational: bool,
    /// Objects still to be swept in the current cycle (detached from `allgc`): those before
    /// `sweep_pos` are swept, and the survivors among them compacted to the front
    /// (`sweep_keep` of them).
    sweep_list: Vec<*mut GcHeader>,
    sweep_pos: usize,
    sweep_keep: usize,
    /// The current cycle is in its (incremental) sweep phase.
    pub sweeping: bool,
    /// Sweep in steps interleaved with allocation instead of right after marking. Off: on
    /// allocation-heavy programs (binary-trees) the lingering garbage cost more (memory and
    /// cache misses) than the interleaving saved; kept for the incremental collector to come.
    pub incremental_sweep: bool,
    /// A collection is running (no re-entry).
    pub collecting: bool,
    /// Finalizers are running (no nested finalizer loop).
    pub finalizing: bool,
    /// Freed table objects kept for reuse (linked through `next`): the sweep frees tables in
    /// bursts and the program allocates them again right after, which glibc's malloc serves
    /// slowly (its per-size caches hold 7 chunks); a pop/push is two stores.
    table_pool: *mut GcHeader,
    table_pool_len: usize,
    /// Freed small array and hash parts kept for reuse (`pool.rs`): `{a, b}` and
    /// `{x = .., y = ..}` tables come and go with their parts.
    pub(crate) parts: pool::PartPool,
    /// The interned strings of one byte (index = the byte) and the empty string (index 256),
    /// made fixed when first asked for, so `new_str` returns them without hashing or probing
    /// (`sub(s, i, i)`, one-letter captures, `char(c)`): at most 257 small strings never freed.
    byte_strs: Box<[*mut LuaString; 257]>,
    /// The type names (`type(v)`), indexed by `LuaType`, made fixed when first asked for
    /// (PUC's `luaS_new` finds them in its cache by address; interning them at every call
    /// hashed and probed).
    type_strs: [*mut LuaString; crate::value::NUM_TYPES],
}

/// At most this many freed tables are kept for reuse (56 bytes each: 3.5 MB).
const TABLE_POOL_MAX: usize = 1 << 16;

impl Heap {
    pub fn new() -> Heap {
        Heap {
            allgc: Vec::new(),
            strings: StringTable::new(),
            total: 0,
            threshold: MIN_THRESHOLD,
            seed: 0x2545_f491,
            gray: Vec::new(),
            ring: [std::ptr::null_mut(); MARK_RING],
            ring_pos: 0,
            tring: [std::ptr::null_mut(); TRAVERSE_RING],
            tring_pos: 0,
            collections: 0,
            limit: usize::MAX,
            refused: 0,
            mode_key: std::ptr::null_mut(),
            mcache: crate::object::mcache::MethodCache::new(),
            mt_key: std::ptr::null_mut(),
            weak: Vec::new(),
            ephemerons: Vec::new(),
            finobj: Vec::new(),
            tobefnz: std::collections::VecDeque::new(),
            collecting: false,
            finalizing: false,
            stress: false,
            stopped: false,
            sweep_list: Vec::new(),
            sweep_pos: 0,
            sweep_keep: 0,
            sweeping: false,
            incremental_sweep: false,
            pause: 200,
            stepmul: 100,
            generational: false,
            table_pool: std::ptr::null_mut(),
            table_pool_len: 0,
            parts: pool::PartPool::new(),
            byte_strs: Box::new([std::ptr::null_mut(); 257]),
            type_strs: [std::ptr::null_mut(); crate::value::NUM_TYPES],
        }
    }

    #[inline]
    pub(crate) fn link(&mut self, o: *mut GcHeader, size: usize) {
        self.allgc.push(o);
        self.total += size;
    }

    /// Whether `n` more bytes fit under the limit. When they do not, the next safe point
    /// collects (this is not one): a program that catches "not enough memory" gets its
    /// garbage back (PUC runs an emergency collection inside the allocator instead).
    #[inline(always)]
    pub fn can_alloc(&mut self, n: usize) -> bool {
        let ok = self.total.saturating_add(n) <= self.limit;
        if !ok {
            self.refused += 1;
            if !self.stopped {
                self.threshold = 0;
            }
        }
        ok
    }

    /// A string with these bytes (interned if short). `None` when out of memory.
    #[inline]
    pub fn new_str(&mut self, bytes: &[u8]) -> Option<*mut LuaString> {
        if bytes.len() <= 1 {
            let i = bytes.first().map_or(256, |&b| b as usize);
            let s = self.byte_strs[i];
            if !s.is_null() {
                return Some(s);
            }
            return self.new_byte_str(bytes, i);
        }
        self.new_str_any(bytes)
    }

    /// The name of `v`'s type as a (fixed) string. `None` when out of memory.
    #[inline]
    pub fn type_str(&mut self, v: Value) -> Option<*mut LuaString> {
        let t = v.ltype();
        let s = self.type_strs[t as usize];
        if !s.is_null() {
            return Some(s);
        }
        let s = self.new_str(t.name().as_bytes())?;
        // SAFETY: a live short string just found or created; fixed from now on (the sweep
        // never frees strings with `extra` set).
        unsafe { (*s).hdr.extra = 1 };
        self.type_strs[t as usize] = s;
        Some(s)
    }

    /// First request of a string of at most one byte: interned and pinned in `byte_strs`.
    #[cold]
    fn new_byte_str(&mut self, bytes: &[u8], i: usize) -> Option<*mut LuaString> {
        let s = self.new_str_any(bytes)?;
        // SAFETY: a live short string just found or created; fixed from now on (the sweep
        // never frees strings with `extra` set).
        unsafe { (*s).hdr.extra = 1 };
        self.byte_strs[i] = s;
        Some(s)
    }

    fn new_str_any(&mut self, bytes: &[u8]) -> Option<*mut LuaString> {
        if !self.can_alloc(bytes.len()) {
            return None;
        }
        if bytes.len() <= MAX_SHORT_LEN {
            let (s, added) = self.strings.intern(bytes, self.seed);
            self.total += added;
            if s.is_null() {
                None
            } else {
                Some(s)
            }
        } else {
            let s = string::alloc_raw(bytes, T_LNGSTR, 0);
            if s.is_null() {
                return None;
            }
            self.link(s as *mut GcHeader, LuaString::alloc_size(bytes.len()));
            Some(s)
        }
    }

    /// An existing short string, if interned.
    pub fn strings_lookup(&self, bytes: &[u8]) -> Option<*mut LuaString> {
        self.strings.lookup(bytes, self.seed)
    }

    /// A short string that is never collected.
    pub fn new_fixed_str(&mut self, bytes: &[u8]) -> *mut LuaString {
        let s = self.new_str(bytes).expect("fixed string");
        // SAFETY: just created/found; marking it fixed.
        unsafe { (*s).hdr.extra = 1 };
        s
    }

    /// A new table with parts sized for `asize` array values and `nhsize` keys (NEWTABLE).
    #[inline]
    pub fn new_table_sized(
        &mut self,
        asize: u32,
        nhsize: u32,
    ) -> Result<*mut Table, crate::object::table::TableError> {
        let t = self.new_table();
        if asize > 0 || nhsize > 0 {
            // SAFETY: a fresh table, linked (a collection cannot run before it is stored).
            unsafe { (*t).presize(self, asize, nhsize)? };
        }
        Ok(t)
    }

    #[inline]
    pub fn new_table(&mut self) -> *mut Table {
        let t = if self.table_pool.is_null() {
            Box::into_raw(Box::new(Table::new()))
        } else {
            let t = self.table_pool as *mut Table;
            // SAFETY: pooled tables are allocations of a `Table` (from `Box`) whose contents
            // were dropped; the pool owns them, so writing a fresh table is the only use.
            unsafe {
                self.table_pool = (*self.table_pool).next;
                t.write(Table::new());
            }
            self.table_pool_len -= 1;
            t
        };
        self.link(t as *mut GcHeader, std::mem::size_of::<Table>());
        t
    }

    pub fn new_lclosure(&mut self, p: *mut LProto, n: usize) -> *mut LClosure {
        let c = LClosure::alloc(p, n);
        self.link(c as *mut GcHeader, LClosure::alloc_size(n));
        c
    }

    pub fn new_nclosure(&mut self, f: NativeFn, upvalues: Vec<Value>) -> *mut NClosure {
        let size = std::mem::size_of::<NClosure>() + upvalues.len() * 16;
        let c = Box::into_raw(Box::new(NClosure {
            hdr: GcHeader {
                next: std::ptr::null_mut(),
                tt: T_NCL,
                marked: 0,
                extra: 0,
            },
            f,
            upvalues,
        }));
        self.link(c as *mut GcHeader, size);
        c
    }

    pub fn new_upval(&mut self, level: usize, slot: *mut Value) -> *mut UpVal {
        let u = Box::into_raw(Box::new(UpVal {
            hdr: GcHeader {
                next: std::ptr::null_mut(),
                tt: T_UPVAL,
                marked: 0,
                extra: 0,
            },
            v: slot,
            closed: Value::NIL,
            open_next: std::ptr::null_mut(),
            level,
        }));
        self.link(u as *mut GcHeader, std::mem::size_of::<UpVal>());
        u
    }

    pub fn new_proto(&mut self, p: LProto) -> *mut LProto {
        let size = p.mem_size();
        let b = Box::into_raw(Box::new(p));
        self.link(b as *mut GcHeader, size);
        b
    }

    #[inline(always)]
    pub fn mark_value(&mut self, v: Value) {
        if v.is_collectable() {
            self.mark_object(v.as_gc());
        }
    }

    #[inline]
    pub fn mark_object(&mut self, o: *mut GcHeader) {
        // SAFETY: `o` is a live object reachable from a root.
        unsafe {
            if o.is_null() || (*o).marked & BLACK != 0 {
                return;
            }
            (*o).marked |= BLACK;
            let tt = (*o).tt;
            if tt != T_SHRSTR && tt != T_LNGSTR {
                self.gray.push(o);
            }
        }
    }

    /// Marks a child found by the traversal, `MARK_RING` children later (see `ring`).
    #[inline(always)]
    fn mark_child(&mut self, v: Value) {
        if v.is_collectable() {
            self.mark_child_obj(v.as_gc());
        }
    }

    #[inline(always)]
    fn mark_child_obj(&mut self, o: *mut GcHeader) {
        prefetch(o as *const u8);
        let old = std::mem::replace(&mut self.ring[self.ring_pos], o);
        self.ring_pos = (self.ring_pos + 1) & (MARK_RING - 1);
        if !old.is_null() {
            self.mark_object(old);
        }
    }

    /// Marks every deferred child; returns whether there was any.
    fn flush_ring(&mut self) -> bool {
        let mut any = false;
        for i in 0..MARK_RING {
            let o = std::mem::replace(&mut self.ring[i], std::ptr::null_mut());
            if !o.is_null() {
                self.mark_object(o);
                any = true;
            }
        }
        any
    }

    /// Traverses gray objects until every reachable one is marked.
    fn propagate(&mut self) {
        loop {
            // Gray objects are traversed `TRAVERSE_RING` pops after they leave the stack,
            // their parts (a table's array and hash) being loaded meanwhile.
            while let Some(o) = self.gray.pop() {
                // SAFETY: gray objects are live; a table's header was just written (marked).
                unsafe {
                    if (*o).tt == T_TABLE {
                        let t = o as *mut Table;
                        prefetch((*t).array as *const u8);
                        prefetch((*t).node as *const u8);
                    }
                }
                let old = std::mem::replace(&mut self.tring[self.tring_pos], o);
                self.tring_pos = (self.tring_pos + 1) & (TRAVERSE_RING - 1);
                if !old.is_null() {
                    self.traverse(old);
                }
            }
            let mut any = false;
            for i in 0..TRAVERSE_RING {
                let o = std::mem::replace(&mut self.tring[i], std::ptr::null_mut());
                if !o.is_null() {
                    self.traverse(o);
                    any = true;
                }
            }
            if !any && !self.flush_ring() && self.gray.is_empty() {
                break;
            }
        }
    }

    /// Marks what a gray object refers to (tables inline: they are most of the heap).
    #[inline(always)]
    fn traverse(&mut self, o: *mut GcHeader) {
        // SAFETY: gray objects are live and marked.
        if unsafe { (*o).tt } == T_TABLE {
            self.traverse_table(o as *mut Table);
        } else {
            self.traverse_other(o);
        }
    }

    /// Marks what a strong table refers to (weak tables go to `traverse_weak_table`).
    #[inline(always)]
    fn traverse_table(&mut self, t: *mut Table) {
        // SAFETY: a live, marked table; its parts hold `asize` values and `size_node()`
        // nodes.
        unsafe {
            let t = &mut *t;
            let mt = t.metatable;
            if !mt.is_null() {
                if (*mt).flags & MODE_ABSENT == 0 {
                    let (wk, wv) = self.weak_mode_lookup(mt);
                    if wk || wv {
                        self.traverse_weak_table(t, wk, wv);
                        return;
                    }
                }
                self.mark_object(mt as *mut GcHeader);
            }
            for &v in t.array_slice() {
                self.mark_child(v);
            }
            if !t.is_dummy() {
                for n in t.nodes_mut() {
                    if n.val_tt == T_NIL {
                        if n.key().is_collectable() {
                            n.key_tt = T_DEADKEY;
                        }
                        continue;
                    }
                    self.mark_child(n.key());
                    self.mark_child(n.val());
                }
            }
        }
    }

    /// Marks what a table with weak keys (`wk`) and/or weak values (`wv`) refers to
    /// strongly, and lists it for clearing.
    #[inline(never)]
    fn traverse_weak_table(&mut self, t: &mut Table, wk: bool, wv: bool) {
        self.mark_object(t.metatable as *mut GcHeader);
        if !wv {
            for &v in t.array_slice() {
                self.mark_child(v);
            }
        }
        if !t.is_dummy() {
            for n in t.nodes_mut() {
                if n.val_tt == T_NIL {
                    if n.key().is_collectable() {
                        n.key_tt = T_DEADKEY;
                    }
                    continue;
                }
                if !wk {
                    self.mark_child(n.key());
                }
                if !wv && (!wk || !is_cleared(n.key())) {
                    self.mark_child(n.val());
                }
            }
        }
        if wv {
            self.weak.push(t);
        } else {
            self.ephemerons.push(t);
        }
    }

    /// Marks what a gray object other than a table refers to.
    #[inline(never)]
    fn traverse_other(&mut self, o: *mut GcHeader) {
        {
            // SAFETY: gray objects are live and marked; dispatch on their tag.
            unsafe {
                match (*o).tt {
                    T_LCL => {
                        let c = &*(o as *mut LClosure);
                        self.mark_object(c.proto as *mut GcHeader);
                        for &u in c.upvals() {
                            if !u.is_null() {
                                self.mark_child_obj(u as *mut GcHeader);
                            }
                        }
                    }
                    T_NCL => {
                        let c = &*(o as *mut NClosure);
                        for &v in &c.upvalues {
                            self.mark_child(v);
                        }
                    }
                    T_UPVAL => {
                        let u = &*(o as *mut UpVal);
                        // Open upvalues point into the stack, which is a root anyway.
                        self.mark_child(*u.v);
                    }
                    T_UDATA => crate::object::userdata::traverse(self, o as *mut _),
                    T_PROTO => {
                        let p = &*(o as *mut LProto);
                        self.mark_object(p.source as *mut GcHeader);
                        for &k in p.consts.iter() {
                            self.mark_child(k);
                        }
                        for &sp in p.protos.iter() {
                            self.mark_object(sp as *mut GcHeader);
                        }
                    }
                    T_THREAD => crate::vm::coro::traverse(self, o as *mut _),
                    _ => {}
                }
            }
        }
    }

    /// (weak keys, weak values) of a table from its metatable's `__mode`. The absence of
    /// `__mode` is cached in the metatable's `flags` (bit `TM::Mode`, as `fast_tm` does).
    #[inline(always)]
    fn weak_mode(&self, t: &Table) -> (bool, bool) {
        let mt = t.metatable;
        // SAFETY: a live metatable.
        if mt.is_null() || unsafe { (*mt).flags } & MODE_ABSENT != 0 {
            return (false, false);
        }
        self.weak_mode_lookup(mt)
    }

    #[inline(never)]
    fn weak_mode_lookup(&self, mt: *mut Table) -> (bool, bool) {
        if self.mode_key.is_null() {
            return (false, false);
        }
        // SAFETY: live metatable; `mode_key` is a fixed string.
        let m = unsafe { *(*mt).get_shortstr(self.mode_key) };
        if m.is_nil() {
            // SAFETY: as above; setting an absence bit is what `fast_tm` does.
            unsafe { (*mt).flags |= MODE_ABSENT };
            return (false, false);
        }
        if !m.is_str() {
            return (false, false);
        }
        let b = m.str_bytes();
        (b.contains(&b'k'), b.contains(&b'v'))
    }

    /// Marks values of ephemeron entries whose keys are marked, until nothing changes.
    fn converge_ephemerons(&mut self) {
        loop {
            self.propagate();
            let mut changed = false;
            for i in 0..self.ephemerons.len() {
                let t = self.ephemerons[i];
                // SAFETY: ephemerons are live (marked) tables.
                let t = unsafe { &mut *t };
                if t.is_dummy() {
                    continue;
                }
                for n in t.nodes() {
                    if n.val_tt != T_NIL && !is_cleared(n.key()) && is_cleared(n.val()) {
                        let v = n.val();
                        // Strings are "cleared" = false after marking, so this is a real object.
                        self.mark_value(v);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// Removes entries whose (weak) values are dead.
    fn clear_by_values(&mut self) {
        for &t in &self.weak {
            // SAFETY: weak tables are live (marked) tables.
            let t = unsafe { &mut *t };
            if t.is_proto() {
                self.mcache.bump();
            }
            if t.asize > 0 {
                // SAFETY: `array` holds `asize` values.
                let arr = unsafe { std::slice::from_raw_parts_mut(t.array, t.asize as usize) };
                for v in arr {
                    if is_cleared(*v) {
                        *v = Value::NIL;
                    }
                }
            }
            if !t.is_dummy() {
                for n in t.nodes_mut() {
                    if n.val_tt != T_NIL && is_cleared(n.val()) {
                        n.val_tt = T_NIL;
                        if n.key().is_collectable() {
                            n.key_tt = T_DEADKEY;
                        }
                    }
                }
            }
        }
    }

    /// Removes entries whose (weak) keys are dead.
    fn clear_by_keys(&mut self) {
        let lists = [
            std::mem::take(&mut self.ephemerons),
            std::mem::take(&mut self.weak),
        ];
        for list in &lists {
            for &t in list {
                // SAFETY: live (marked) tables.
                let t = unsafe { &mut *t };
                let (wk, _) = self.weak_mode(t);
                if !wk || t.is_dummy() {
                    continue;
                }
                if t.is_proto() {
                    self.mcache.bump();
                }
                for n in t.nodes_mut() {
                    if n.val_tt != T_NIL && is_cleared(n.key()) {
                        n.val_tt = T_NIL;
                        n.key_tt = T_DEADKEY;
                    }
                }
            }
        }
        let [e, w] = lists;
        self.ephemerons = e;
        self.weak = w;
    }

    /// Moves unreachable finalizable objects to `tobefnz` (newest first) and marks them.
    fn separate_tobefnz(&mut self, all: bool) {
        let mut keep = Vec::with_capacity(self.finobj.len());
        let mut dead = Vec::new();
        for &o in &self.finobj {
            // SAFETY: registered objects stay alive until finalized.
            if all || unsafe { (*o).marked } & BLACK == 0 {
                dead.push(o);
            } else {
                keep.push(o);
            }
        }
        self.finobj = keep;
        for &o in dead.iter().rev() {
            // SAFETY: as above; the object leaves the finobj set.
            unsafe { (*o).marked &= !FINOBJ };
            self.tobefnz.push_back(o);
        }
    }

    /// Queues every registered object (state teardown).
    pub fn separate_all_for_close(&mut self) {
        self.separate_tobefnz(true);
    }

    /// Ends the atomic phase: sweeps the string table at once (so a dead short string can
    /// never be handed out again by `intern`) and detaches `allgc` for incremental sweeping;
    /// objects allocated from now on go to a fresh `allgc` list and survive this cycle.
    fn start_sweep(&mut self) {
        let freed = self.strings.sweep();
        self.total = self.total.saturating_sub(freed);
        debug_assert!(self.sweep_list.is_empty());
        self.sweep_list = std::mem::take(&mut self.allgc);
        self.sweep_pos = 0;
        self.sweep_keep = 0;
        self.sweeping = true;
    }

    /// Sweeps up to `n` objects of the detached list: frees the unmarked ones and keeps the
    /// others (mark cleared). Returns true when the list is exhausted; the survivors are then
    /// `allgc` again, followed by the objects allocated meanwhile.
    fn sweep_step(&mut self, n: usize) -> bool {
        let mut list = std::mem::take(&mut self.sweep_list);
        let len = list.len();
        let end = self.sweep_pos.saturating_add(n).min(len);
        let mut keep = self.sweep_keep;
        let mut freed = 0;
        for i in self.sweep_pos..end {
            if let Some(&ahead) = list.get(i + SWEEP_PREFETCH) {
                prefetch(ahead as *const u8);
            }
            let o = list[i];
            // SAFETY: the detached list only holds objects of this heap; dead ones are
            // unreachable (nothing can refer to them any more), live ones are kept.
            unsafe {
                if (*o).marked & BLACK == 0 {
                    freed += self.free_object(o);
                } else {
                    (*o).marked &= !BLACK;
                    list[keep] = o;
                    keep += 1;
                }
            }
        }
        self.total = self.total.saturating_sub(freed);
        if end < len {
            self.sweep_pos = end;
            self.sweep_keep = keep;
            self.sweep_list = list;
            return false;
        }
        list.truncate(keep);
        list.append(&mut self.allgc);
        // Give back most of the room of a heap that shrank a lot.
        if list.capacity() > 1 << 16 && list.len() < list.capacity() / 16 {
            list.shrink_to(list.len() * 4);
        }
        self.allgc = list;
        self.sweep_pos = 0;
        self.sweep_keep = 0;
        self.sweeping = false;
        true
    }

    fn finish_sweep(&mut self) {
        if self.sweeping {
            self.sweep_step(usize::MAX);
        }
    }

    fn set_pause_threshold(&mut self) {
        self.threshold = if self.stress {
            0
        } else {
            (self.total / 100 * self.pause as usize).max(MIN_THRESHOLD)
        };
        // Under a memory limit, collect before the limit is reached (halfway through the
        // headroom left, but not more often than every eighth of the limit), so garbage is
        // reclaimed before allocations start failing.
        if self.limit != usize::MAX {
            let headroom = (self.limit.saturating_sub(self.total) / 2).max(self.limit / 8);
            self.threshold = self.threshold.min(self.total.saturating_add(headroom));
        }
    }

    /// Frees everything (state teardown).
    pub fn free_all(&mut self) {
        self.finobj.clear();
        self.tobefnz.clear();
        self.finish_sweep();
        let all = std::mem::take(&mut self.allgc);
        // SAFETY: teardown; the list owns every object.
        unsafe {
            for o in all {
                self.free_object(o);
            }
            let mut p = std::mem::replace(&mut self.table_pool, std::ptr::null_mut());
            while !p.is_null() {
                let next = (*p).next;
                std::alloc::dealloc(p as *mut u8, std::alloc::Layout::new::<Table>());
                p = next;
            }
            self.table_pool_len = 0;
        }
        self.parts.free_all();
        self.strings.free_all();
        self.byte_strs.fill(std::ptr::null_mut());
        self.type_strs.fill(std::ptr::null_mut());
        self.total = 0;
    }
}

impl Heap {
    /// Frees one object; returns its size. Table objects go to the pool, and so do their
    /// small array parts (the other parts are freed).
    ///
    /// # Safety
    /// `o` is an object of this heap that nothing refers to any more.
    #[inline(always)]
    unsafe fn free_object(&mut self, o: *mut GcHeader) -> usize {
        if (*o).tt == T_TABLE {
            if (*(o as *mut Table)).is_proto() {
                // A new table at this address must not hit the method cache.
                self.mcache.bump();
            }
            // SAFETY: a dead table: its parts are pooled or freed (small parts go to their
            // pools without touching the table again), then the allocation (a `Box<Table>`)
            // goes to the pool, which `new_table` and `free_all` take from, or is freed.
            let n = Table::free_parts(o as *mut Table, self);
            if self.table_pool_len < TABLE_POOL_MAX {
                (*o).next = self.table_pool;
                self.table_pool = o;
                self.table_pool_len += 1;
            } else {
                std::alloc::dealloc(o as *mut u8, std::alloc::Layout::new::<Table>());
            }
            return n;
        }
        free_object(o)
    }
}

/// Frees one object; returns its size.
unsafe fn free_object(o: *mut GcHeader) -> usize {
    match (*o).tt {
        T_LNGSTR => {
            let s = o as *mut LuaString;
            let n = LuaString::alloc_size((*s).len);
            string::free_raw(s);
            n
        }
        T_TABLE => {
            let t = Box::from_raw(o as *mut Table);
            t.mem_size()
        }
        T_LCL => {
            let c = o as *mut LClosure;
            let n = LClosure::alloc_size((*c).nupvals as usize);
            LClosure::free(c);
            n
        }
        T_NCL => {
            let c = Box::from_raw(o as *mut NClosure);
            std::mem::size_of::<NClosure>() + c.upvalues.len() * 16
        }
        T_UPVAL => {
            drop(Box::from_raw(o as *mut UpVal));
            std::mem::size_of::<UpVal>()
        }
        T_PROTO => {
            let p = Box::from_raw(o as *mut LProto);
            p.mem_size()
        }
        T_UDATA => crate::object::userdata::free(o as *mut _),
        T_THREAD => crate::vm::coro::free(o as *mut _),
        _ => 0,
    }
}

/// Deferred children of the marking traversal (a power of two; see `Heap::ring`).
const MARK_RING: usize = 32;
/// Popped gray objects whose traversal is deferred (a power of two).
const TRAVERSE_RING: usize = 16;
/// How many objects ahead the sweep prefetches headers.
const SWEEP_PREFETCH: usize = 8;

/// Hints the processor to load the cache line at `p` (no effect on other targets).
#[inline(always)]
fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint: it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Objects swept per step, and bytes allocated between steps, during the sweep phase.
const SWEEP_STEP: usize = 1024;
const SWEEP_STEP_BYTES: usize = 16 * 1024;

/// Runs a collection step if the allocation debt says so. Must only be called at safe points.
#[inline(always)]
pub fn check_gc(l: &mut State) {
    if l.heap.total >= l.heap.threshold && !l.heap.stopped {
        gc_step(l);
    }
}

/// One step of the collector: an atomic mark (starting the sweep) or a sweep step. Sweeping
/// incrementally interleaves frees with the program's allocations, so freed memory is reused
/// while it is still in cache.
pub fn gc_step(l: &mut State) {
    if l.heap.collecting {
        return;
    }
    if l.heap.stress {
        full_gc(l);
        return;
    }
    if l.heap.sweeping {
        if l.heap.sweep_step(SWEEP_STEP) {
            l.heap.set_pause_threshold();
        } else {
            l.heap.threshold = l.heap.total + SWEEP_STEP_BYTES;
        }
    } else if l.heap.incremental_sweep {
        mark_cycle(l);
        l.heap.threshold = l.heap.total + SWEEP_STEP_BYTES;
        run_finalizers(l);
    } else {
        mark_cycle(l);
        l.heap.finish_sweep();
        l.heap.set_pause_threshold();
        run_finalizers(l);
    }
}

/// Whether a value is a collectable object that is not marked (strings get marked: they
/// are values, never removed from weak tables).
fn is_cleared(v: Value) -> bool {
    if !v.is_collectable() {
        return false;
    }
    // SAFETY: collectable values point at live objects.
    unsafe { (*v.as_gc()).marked & BLACK == 0 && !v.is_str() }
}

/// A full collection (finishing any pending sweep first), then the pending finalizers.
pub fn full_gc(l: &mut State) {
    if l.heap.collecting {
        return;
    }
    l.heap.finish_sweep();
    mark_cycle(l);
    l.heap.finish_sweep();
    l.heap.set_pause_threshold();
    run_finalizers(l);
}

/// The atomic phase: marks everything reachable, handles weak tables and finalizable
/// objects, then starts the sweep.
fn mark_cycle(l: &mut State) {
    l.heap.finish_sweep();
    l.heap.collecting = true;
    // Roots: the stack below `top` (every safe point sets `top` above all live slots, as
    // PUC's `checkGC` does); dead slots above are cleared.
    let limit = l.top.min(l.stack.len());
    for i in 0..limit {
        let v = l.stack[i];
        l.heap.mark_value(v);
    }
    for v in &mut l.stack[limit..] {
        *v = Value::NIL;
    }
    let mut uv = l.open_upval;
    while !uv.is_null() {
        l.heap.mark_object(uv as *mut GcHeader);
        // SAFETY: the open list holds live upvalues.
        uv = unsafe { (*uv).open_next };
    }
    l.heap.mark_object(l.registry as *mut GcHeader);
    for &mt in l.mt.iter() {
        if !mt.is_null() {
            l.heap.mark_object(mt as *mut GcHeader);
        }
    }
    l.heap.mark_value(l.err_value);
    crate::vm::coro::mark_roots(l);
    for &v in &l.extra_roots {
        l.heap.mark_value(v);
    }
    let pending: Vec<*mut GcHeader> = l.heap.tobefnz.iter().copied().collect();
    for o in pending {
        l.heap.mark_object(o);
    }
    let h = &mut l.heap;
    h.converge_ephemerons();
    h.clear_by_values();
    // Resurrect unreachable finalizable objects for their finalizers.
    let before = h.tobefnz.len();
    h.separate_tobefnz(false);
    let newly: Vec<*mut GcHeader> = h.tobefnz.iter().skip(before).copied().collect();
    for o in newly {
        h.mark_object(o);
    }
    h.converge_ephemerons();
    h.clear_by_keys();
    h.clear_by_values();
    h.weak.clear();
    h.ephemerons.clear();
    crate::vm::coro::atomic(&mut l.co);
    let h = &mut l.heap;
    h.start_sweep();
    h.collections += 1;
    h.collecting = false;
}

/// Calls the `__gc` of every queued object (errors are ignored, as lua5.4 only warns).
pub fn run_finalizers(l: &mut State) {
    if l.heap.finalizing {
        return;
    }
    l.heap.finalizing = true;
    // Finalizers are not yieldable (PUC's GCTM uses luaD_callnoyield).
    l.th.nny += 1;
    while let Some(o) = l.heap.tobefnz.pop_front() {
        // SAFETY: queued objects were kept alive by the collector; only tables get here.
        let v = unsafe {
            Value {
                v: o as u64,
                tt: (*o).tt,
            }
        };
        let tm = l.get_tm_by_obj(v, crate::vm::TM::Gc);
        if !tm.is_function() {
            continue;
        }
        if l.check_stack(3).is_err() {
            break;
        }
        let f = l.top;
        l.stack[f] = tm;
        l.stack[f + 1] = v;
        l.top = f + 2;
        let saved_err = l.err_value;
        if l.pcall(f, 0, 0) != crate::vm::Status::Ok {
            // luaE_warnerror(L, "__gc")
            let e = l.stack[f];
            let m: Vec<u8> = if e.is_str() {
                e.str_bytes().to_vec()
            } else {
                b"error object is not a string".to_vec()
            };
            l.warning(b"error in ", true);
            l.warning(b"__gc", true);
            l.warning(b" (", true);
            l.warning(&m, true);
            l.warning(b")", false);
        }
        l.err_value = saved_err;
        l.top = f;
    }
    l.th.nny -= 1;
    l.heap.finalizing = false;
}

/// Registers `o` for finalization if its metatable `mt` has `__gc` (`luaC_checkfinalizer`).
pub fn check_finalizer(l: &mut State, o: *mut GcHeader, mt: *mut crate::object::table::Table) {
    if mt.is_null() {
        return;
    }
    // SAFETY: live object and metatable.
    unsafe {
        if (*o).marked & FINOBJ != 0 || (*mt).flags & GC_ABSENT != 0 {
            return;
        }
        let gc = *(*mt).get_shortstr(l.tmname[crate::vm::TM::Gc as usize]);
        if gc.is_nil() {
            // The absence cache of `fast_tm` (PUC's `gfasttm` in `luaC_checkfinalizer`).
            (*mt).flags |= GC_ABSENT;
            return;
        }
        (*o).marked |= FINOBJ;
    }
    l.heap.finobj.push(o);
}
