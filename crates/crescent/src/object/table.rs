//! Lua tables: a port of PUC 5.4's `ltable.c`.
//!
//! An array part (`array`, `asize` values for keys 1..=asize) and a hash part of
//! `2^lsizenode` [`Node`]s chained by relative `next` offsets, with Brent's variation on
//! collision and PUC's `rehash`/`computesizes` policy, so iteration order for non-pointer keys
//! matches `lua5.4`. An empty hash part points at the shared read-only `DUMMY` node
//! (`lastfree` null). Field offsets are fixed (`#[repr(C)]`) for machine code. The array
//! buffer has a power-of-two capacity (at least 2; `array_cap`) and grows with `realloc`;
//! `lenhint` remembers the last border `#t` found in it. Small parts (arrays of capacity 2
//! and 4, hash parts of 1 to 8 nodes) come from and go back to the heap's pools
//! (`gc/pool.rs`); `presize` (NEWTABLE) takes them inline, and a dead table gives them back
//! with `free_parts`. Keys compared by identity (tables, functions, userdata, threads) are
//! looked up without the generic dispatch (`get_identity`); `hashmod` divides in 32 bits when
//! the hash fits, as PUC does. An empty table's first key and an append to a full array part
//! are sized without `rehash`'s counting (`new_key_rehash`), with the sizes it would compute.
//!
//! `flags` caches metamethod *absence* for tables used as metatables: bit `e` set means event
//! `e` is known absent (the collector and `setmetatable` use the bits of `__mode` and `__gc`
//! too); any insertion of a new key, or a raw set reviving a dead key, clears all bits.
//!
//! `extra` holds [`PROTO`]: the table is part of a chain cached by the method cache
//! (`object/mcache.rs`); writes that can change what such a chain finds bump its epoch
//! (`key_added`, `note_store`, `resize`, `new_key`).
//!
//! Uses `unsafe` (raw array/node buffers); every function keeps `array[0..asize]` and
//! `node[0..2^lsizenode]` valid.

use crate::gc::{GcHeader, Heap};
use crate::object::mcache::PROTO;
use crate::object::string::LuaString;
use crate::value::*;
use crate::vm::arith::flt_to_int_eq;

/// A hash node, 24 bytes as in PUC: the value's payload and tag, the key's tag and the chain
/// offset packed in the value's padding, then the key's payload. A `*mut Value` to offset 0
/// is the value slot; writes through it must be field-wise ([`set_slot`]) so they do not
/// clobber `key_tt`/`next`.
#[derive(Clone, Copy)]
#[repr(C)]
pub struct Node {
    pub val_v: u64,
    pub val_tt: u8,
    pub key_tt: u8,
    pub next: i32,
    pub key_v: u64,
}

impl Node {
    pub const EMPTY: Node = Node {
        val_v: 0,
        val_tt: T_NIL,
        key_tt: T_NIL,
        next: 0,
        key_v: 0,
    };
    #[inline(always)]
    pub fn val(&self) -> Value {
        Value {
            v: self.val_v,
            tt: self.val_tt,
        }
    }
    #[inline(always)]
    pub fn key(&self) -> Value {
        Value {
            v: self.key_v,
            tt: self.key_tt,
        }
    }
    #[inline(always)]
    pub fn set_val(&mut self, v: Value) {
        self.val_v = v.v;
        self.val_tt = v.tt;
    }
    #[inline(always)]
    pub fn set_key(&mut self, k: Value) {
        self.key_v = k.v;
        self.key_tt = k.tt;
    }
}

/// Stores `v` into a value slot (array element or node value) without touching the bytes
/// after the tag.
///
/// # Safety
/// `slot` points at a live table slot.
#[inline(always)]
pub unsafe fn set_slot(slot: *mut Value, v: Value) {
    (*slot).v = v.v;
    (*slot).tt = v.tt;
}

/// The header fields are spelled out (same offsets as [`GcHeader`]: `next` 0, `tt` 8,
/// `marked` 9, `extra` 10) so `lsizenode` and `flags` fill the header's padding: 56 bytes,
/// as PUC's `Table`.
#[repr(C)]
pub struct Table {
    pub next: *mut GcHeader,
    pub tt: u8,
    pub marked: u8,
    pub extra: u8,
    pub lsizenode: u8,
    pub flags: u32,
    pub asize: u32,
    /// The last border `length` found inside the array part (a hint, like PUC's `alimit`;
    /// checked before use). Fills the padding after `asize`.
    pub lenhint: u32,
    pub array: *mut Value,
    pub node: *mut Node,
    /// Null when `node` is the dummy node.
    pub lastfree: *mut Node,
    pub metatable: *mut Table,
}

const _: () = {
    assert!(std::mem::size_of::<Table>() == 56);
    assert!(std::mem::offset_of!(Table, tt) == std::mem::offset_of!(GcHeader, tt));
    assert!(std::mem::offset_of!(Table, marked) == std::mem::offset_of!(GcHeader, marked));
    assert!(std::mem::offset_of!(Table, next) == std::mem::offset_of!(GcHeader, next));
};

/// Errors of table operations, turned into Lua errors by the VM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableError {
    NilIndex,
    NanIndex,
    Memory,
    Overflow,
}

struct SyncNode(Node);
// SAFETY: the dummy node is never written (guarded by `lastfree.is_null()` checks).
unsafe impl Sync for SyncNode {}
static DUMMY: SyncNode = SyncNode(Node::EMPTY);

const MAXABITS: u32 = 31;
const MAXASIZE: u64 = 1 << MAXABITS;
const MAXHBITS: u32 = 30;

#[inline(always)]
fn ceil_log2(x: u32) -> u32 {
    // luaO_ceillog2
    if x <= 1 {
        0
    } else {
        32 - (x - 1).leading_zeros()
    }
}

/// `frexp` for finite non-zero doubles.
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // subnormal: scale up
        let (m, e) = frexp(x * f64::from_bits(0x4350000000000000)); // 2^54
        return (m, e - 54);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, e)
}

fn hash_float(n: f64) -> u32 {
    let (m, e) = frexp(n);
    let n = m * -(i32::MIN as f64);
    if !(n >= i64::MIN as f64 && n < -(i64::MIN as f64)) {
        return 0;
    }
    let ni = n as i64;
    let u = (e as u32).wrapping_add(ni as u32);
    if u <= i32::MAX as u32 {
        u
    } else {
        !u
    }
}

impl Table {
    pub fn new() -> Table {
        Table {
            next: std::ptr::null_mut(),
            tt: T_TABLE,
            marked: 0,
            extra: 0,
            lsizenode: 0,
            flags: 0,
            asize: 0,
            lenhint: 0,
            array: std::ptr::null_mut(),
            node: &DUMMY.0 as *const Node as *mut Node,
            lastfree: std::ptr::null_mut(),
            metatable: std::ptr::null_mut(),
        }
    }

    /// Part of a chain cached by the method cache.
    #[inline(always)]
    pub fn is_proto(&self) -> bool {
        self.extra & PROTO != 0
    }

    /// A key became present (a nil slot revived): drops the metamethod-absence cache and,
    /// for a proto table, the method cache.
    #[inline(always)]
    pub fn key_added(&mut self, h: &mut Heap) {
        self.flags = 0;
        if self.is_proto() {
            h.mcache.bump();
        }
    }

    /// The existing value of `key` is being overwritten: for a proto table, a new `__index`
    /// changes a cached chain.
    #[inline(always)]
    pub fn note_store(&self, h: &mut Heap, key: Value) {
        if key.tt == T_SHRSTR && self.is_proto() && key.v == h.mcache.index_key as u64 {
            h.mcache.bump();
        }
    }

    #[inline(always)]
    pub fn is_dummy(&self) -> bool {
        self.lastfree.is_null()
    }
    #[inline(always)]
    pub fn size_node(&self) -> usize {
        1usize << self.lsizenode
    }
    /// Bytes owned by this table (for GC accounting).
    pub fn mem_size(&self) -> usize {
        std::mem::size_of::<Table>()
            + self.asize as usize * std::mem::size_of::<Value>()
            + if self.is_dummy() {
                0
            } else {
                self.size_node() * std::mem::size_of::<Node>()
            }
    }
    #[inline(always)]
    pub fn array_slice(&self) -> &[Value] {
        if self.asize == 0 {
            &[]
        } else {
            // SAFETY: `array` holds `asize` initialised values.
            unsafe { std::slice::from_raw_parts(self.array, self.asize as usize) }
        }
    }
    #[inline(always)]
    pub fn nodes(&self) -> &[Node] {
        // SAFETY: `node` holds `size_node()` initialised nodes (1 for the dummy).
        unsafe { std::slice::from_raw_parts(self.node, self.size_node()) }
    }
    #[inline(always)]
    pub fn nodes_mut(&mut self) -> &mut [Node] {
        debug_assert!(!self.is_dummy());
        // SAFETY: as `nodes`, and not the dummy (callers check).
        unsafe { std::slice::from_raw_parts_mut(self.node, self.size_node()) }
    }
    #[inline(always)]
    fn gnode(&self, i: usize) -> *mut Node {
        // SAFETY: callers pass i < size_node().
        unsafe { self.node.add(i) }
    }

    /// PUC's `hashmod` for a 32-bit hash (a 32-bit division: cheaper than the 64-bit one).
    #[inline(always)]
    fn hashmod(&self, n: u32) -> *mut Node {
        let m = ((self.size_node() - 1) | 1) as u32;
        self.gnode((n % m) as usize)
    }
    /// `hashmod` for integer keys beyond `i32::MAX` (`l_castS2U(i) % ...` in 64 bits).
    #[inline(always)]
    fn hashmod64(&self, n: u64) -> *mut Node {
        let m = ((self.size_node() - 1) | 1) as u64;
        self.gnode((n % m) as usize)
    }
    #[inline(always)]
    fn hashpow2(&self, h: u32) -> *mut Node {
        self.gnode(h as usize & (self.size_node() - 1))
    }
    #[inline(always)]
    fn hashint(&self, i: i64) -> *mut Node {
        let ui = i as u64;
        if ui <= i32::MAX as u64 {
            self.hashmod(ui as u32)
        } else {
            self.hashmod64(ui)
        }
    }

    #[inline(always)]
    fn main_position(&self, key: Value, seed: u32) -> *mut Node {
        match key.tt {
            T_INT => self.hashint(key.as_int()),
            T_FLT => self.hashmod(hash_float(key.as_flt())),
            // SAFETY: string keys point at live strings.
            T_SHRSTR => self.hashpow2(unsafe { (*key.as_str()).hash }),
            T_LNGSTR => self.hashpow2(unsafe { (*key.as_str()).hash(seed) }),
            T_FALSE => self.hashpow2(0),
            T_TRUE => self.hashpow2(1),
            _ => self.hashmod(key.v as u32),
        }
    }

    /// `t[key]` for an integer key; returns a pointer to the value slot or to the shared
    /// absent nil.
    #[inline(always)]
    pub fn get_int(&self, key: i64) -> *const Value {
        if (key as u64).wrapping_sub(1) < self.asize as u64 {
            // SAFETY: index checked against asize.
            unsafe { self.array.add(key as usize - 1) }
        } else {
            self.get_int_hash(key)
        }
    }

    #[inline]
    pub fn get_int_hash(&self, key: i64) -> *const Value {
        let mut n = self.hashint(key);
        // SAFETY: chains stay inside the node vector.
        unsafe {
            loop {
                if (*n).key_tt == T_INT && (*n).key_v == key as u64 {
                    return n as *const Value;
                }
                let nx = (*n).next;
                if nx == 0 {
                    return &NIL;
                }
                n = n.offset(nx as isize);
            }
        }
    }

    /// `t[s]` for a short (interned) string.
    #[inline(always)]
    pub fn get_shortstr(&self, s: *mut LuaString) -> *const Value {
        // SAFETY: s is a live short string; chains stay inside the node vector.
        unsafe {
            let mut n = self.hashpow2((*s).hash);
            loop {
                if (*n).key_v == s as u64 && (*n).key_tt == T_SHRSTR {
                    return n as *const Value;
                }
                let nx = (*n).next;
                if nx == 0 {
                    return &NIL;
                }
                n = n.offset(nx as isize);
            }
        }
    }

    /// Generic lookup by walking the chain of the key's main position. With `deadok`, dead
    /// keys match by identity (for `next`).
    fn get_generic(&self, key: Value, seed: u32, deadok: bool) -> *const Value {
        let mut n = self.main_position(key, seed);
        // SAFETY: chains stay inside the node vector.
        unsafe {
            loop {
                let k = (*n).key();
                let eq = if k.tt == key.tt {
                    match k.tt {
                        T_NIL | T_FALSE | T_TRUE => true,
                        T_FLT => k.as_flt() == key.as_flt(),
                        T_LNGSTR => k.v == key.v || k.str_bytes() == key.str_bytes(),
                        _ => k.v == key.v,
                    }
                } else {
                    deadok && k.tt == T_DEADKEY && key.is_collectable() && k.v == key.v
                };
                if eq {
                    return n as *const Value;
                }
                let nx = (*n).next;
                if nx == 0 {
                    return &NIL;
                }
                n = n.offset(nx as isize);
            }
        }
    }

    /// `t[key]` for a key compared by identity (tables, functions, userdata, threads).
    #[inline(always)]
    fn get_identity(&self, key: Value) -> *const Value {
        let mut n = self.hashmod(key.v as u32);
        // SAFETY: chains stay inside the node vector.
        unsafe {
            loop {
                if (*n).key_v == key.v && (*n).key_tt == key.tt {
                    return n as *const Value;
                }
                let nx = (*n).next;
                if nx == 0 {
                    return &NIL;
                }
                n = n.offset(nx as isize);
            }
        }
    }

    /// `t[key]` for any key (raw).
    #[inline]
    pub fn get(&self, key: Value, seed: u32) -> *const Value {
        match key.tt {
            T_SHRSTR => self.get_shortstr(key.as_str()),
            T_INT => self.get_int(key.as_int()),
            T_NIL => &NIL,
            T_FLT => match flt_to_int_eq(key.as_flt()) {
                Some(i) => self.get_int(i),
                None => self.get_generic(key, seed, false),
            },
            T_LNGSTR | T_FALSE | T_TRUE | T_DEADKEY => self.get_generic(key, seed, false),
            _ => self.get_identity(key),
        }
    }

    pub fn get_str(&self, s: *mut LuaString, seed: u32) -> *const Value {
        self.get(Value::str(s), seed)
    }

    /// Raw `t[key] = val`. Integer keys and keys compared by identity walk their chain
    /// once, and a new one is placed from the main position found for the walk.
    pub fn set(&mut self, h: &mut Heap, key: Value, val: Value) -> Result<(), TableError> {
        match key.tt {
            T_INT => {
                let k = key.as_int();
                if (k as u64).wrapping_sub(1) < self.asize as u64 {
                    // SAFETY: index checked against asize.
                    unsafe {
                        let slot = self.array.add(k as usize - 1);
                        if (*slot).is_nil() {
                            // A key coming back: drop the metamethod-absence cache.
                            self.flags = 0;
                        }
                        set_slot(slot, val);
                    }
                    return Ok(());
                }
                let mp = self.hashint(k);
                // SAFETY: `mp` is the main position of the valid key `key`.
                return unsafe { self.set_in_chain(h, mp, key, val) };
            }
            T_TABLE | T_LCL | T_NCL | T_UDATA | T_THREAD | T_LCF | T_LIGHTUD => {
                let mp = self.hashmod(key.v as u32);
                // SAFETY: as above.
                return unsafe { self.set_in_chain(h, mp, key, val) };
            }
            _ => {}
        }
        self.set_generic(h, key, val)
    }

    /// `set` for the other keys: a lookup, then an update or `new_key`.
    #[inline]
    pub fn set_generic(&mut self, h: &mut Heap, key: Value, val: Value) -> Result<(), TableError> {
        let slot = self.get(key, h.seed);
        if slot == &NIL as *const Value {
            self.new_key(h, key, val)
        } else {
            // SAFETY: `slot` points into this table's array or nodes.
            unsafe {
                if (*slot).is_nil() {
                    // A key coming back (dead entry): drop the metamethod-absence cache.
                    self.key_added(h);
                } else {
                    self.note_store(h, key);
                }
                set_slot(slot as *mut Value, val)
            };
            Ok(())
        }
    }

    /// `set` for a key compared by tag and payload (integers, identity keys) whose main
    /// position is `mp`: overwrites its node, or inserts it from `mp`.
    ///
    /// # Safety
    /// `key` is a valid key of such a type and `mp` its main position in this table.
    #[inline(always)]
    unsafe fn set_in_chain(
        &mut self,
        h: &mut Heap,
        mp: *mut Node,
        key: Value,
        val: Value,
    ) -> Result<(), TableError> {
        // Chains stay inside the node vector (the dummy's `next` is 0).
        let mut n = mp;
        loop {
            if (*n).key_v == key.v && (*n).key_tt == key.tt {
                if (*n).val_tt == T_NIL {
                    // A key coming back (dead entry): drop the metamethod-absence cache.
                    self.key_added(h);
                }
                set_slot(n as *mut Value, val);
                return Ok(());
            }
            let nx = (*n).next;
            if nx == 0 {
                break;
            }
            n = n.offset(nx as isize);
        }
        if val.tt == T_NIL {
            return Ok(());
        }
        // (Placing it may move another key's node: the method cache's slots change.)
        self.key_added(h);
        if self.place_at(mp, key, val, h.seed) {
            return Ok(());
        }
        self.new_key_rehash(h, key, val)
    }

    pub fn set_int(&mut self, h: &mut Heap, key: i64, val: Value) -> Result<(), TableError> {
        let slot = self.get_int(key);
        if slot == &NIL as *const Value {
            self.new_key(h, Value::int(key), val)
        } else {
            // SAFETY: as in `set`.
            unsafe { set_slot(slot as *mut Value, val) };
            Ok(())
        }
    }

    /// Inserts a key known to be absent (PUC's `luaH_newkey`).
    pub fn new_key(&mut self, h: &mut Heap, key: Value, val: Value) -> Result<(), TableError> {
        let mut key = key;
        if key.tt == T_NIL {
            return Err(TableError::NilIndex);
        }
        if key.tt == T_FLT {
            let f = key.as_flt();
            if let Some(i) = flt_to_int_eq(f) {
                key = Value::int(i);
            } else if f.is_nan() {
                return Err(TableError::NanIndex);
            }
        }
        if val.tt == T_NIL {
            return Ok(());
        }
        self.key_added(h);
        // SAFETY: `key` is a valid key (not nil, NaN or an integral float) absent from the
        // table.
        if unsafe { self.place(key, val, h.seed) } {
            return Ok(());
        }
        self.new_key_rehash(h, key, val)
    }

    /// `new_key` when the hash part has no free node: rehash, then store. Two common cases
    /// skip the counting of `rehash` (their sizes are the ones it computes): the first key
    /// of an empty table (key 1: an array part of 1, else a hash part of 1 node), and an
    /// append `t[n + 1]` to a full array part of `n` with no hash part (an array part of the
    /// next power of two; every key 1..=n+1 is present, so each power of two up to it is
    /// more than half full).
    #[inline(never)]
    fn new_key_rehash(&mut self, h: &mut Heap, key: Value, val: Value) -> Result<(), TableError> {
        if self.is_dummy() {
            let n = self.asize;
            if n == 0 {
                if key.tt == T_INT && key.as_int() == 1 {
                    self.presize(h, 1, 0)?;
                    // SAFETY: the array part has one slot.
                    unsafe { set_slot(self.array, val) };
                    return Ok(());
                }
                self.presize(h, 0, 1)?;
                // SAFETY: a hash part of one free node; `key` is valid and absent.
                let placed = unsafe { self.place(key, val, h.seed) };
                debug_assert!(placed);
                return Ok(());
            }
            if key.tt == T_INT
                && key.as_int() == n as i64 + 1
                && n < (MAXASIZE / 2) as u32
                && self.array_slice().iter().all(|v| !v.is_nil())
            {
                self.resize(h, (n + 1).next_power_of_two(), 0)?;
                // SAFETY: the array part now has more than `n` slots.
                unsafe { set_slot(self.array.add(n as usize), val) };
                return Ok(());
            }
        }
        self.rehash(h, key)?;
        self.set(h, key, val)
    }

    /// Puts `key` (valid and absent) with the non-nil `val` in the hash part, at its main
    /// position or a free node (Brent's variation, as `luaH_newkey`); false when the hash
    /// part has no free node (or is the dummy): the caller rehashes.
    ///
    /// # Safety
    /// `key` is not nil, NaN or an integral float, and is absent from the table.
    #[inline(always)]
    unsafe fn place(&mut self, key: Value, val: Value, seed: u32) -> bool {
        self.place_at(self.main_position(key, seed), key, val, seed)
    }

    /// [`Table::place`] with the key's main position `mp` already computed.
    ///
    /// # Safety
    /// As `place`, and `mp` is `key`'s main position in this table.
    #[inline(always)]
    unsafe fn place_at(&mut self, mut mp: *mut Node, key: Value, val: Value, seed: u32) -> bool {
        // Node pointers stay inside the node vector; the dummy is never written (a dummy
        // table has no free node).
        if (*mp).val_tt != T_NIL || self.is_dummy() {
            let f = self.get_free_pos();
            if f.is_null() {
                return false;
            }
            let othern = self.main_position_of_node(mp, seed);
            if othern != mp {
                let mut o = othern;
                while o.offset((*o).next as isize) != mp {
                    o = o.offset((*o).next as isize);
                }
                (*o).next = f.offset_from(o) as i32;
                *f = *mp;
                if (*mp).next != 0 {
                    (*f).next += mp.offset_from(f) as i32;
                    (*mp).next = 0;
                }
                (*mp).val_tt = T_NIL;
            } else {
                if (*mp).next != 0 {
                    (*f).next = mp.offset((*mp).next as isize).offset_from(f) as i32;
                }
                (*mp).next = f.offset_from(mp) as i32;
                mp = f;
            }
        }
        (*mp).set_key(key);
        (*mp).set_val(val);
        true
    }

    #[inline(always)]
    unsafe fn main_position_of_node(&self, n: *mut Node, seed: u32) -> *mut Node {
        // Only called on nodes with a value, whose keys are never dead.
        self.main_position((*n).key(), seed)
    }

    #[inline(always)]
    fn get_free_pos(&mut self) -> *mut Node {
        if !self.is_dummy() {
            // SAFETY: lastfree stays within [node, node + size].
            unsafe {
                while self.lastfree > self.node {
                    self.lastfree = self.lastfree.sub(1);
                    if (*self.lastfree).key_tt == T_NIL {
                        return self.lastfree;
                    }
                }
            }
        }
        std::ptr::null_mut()
    }

    fn rehash(&mut self, h: &mut Heap, extra_key: Value) -> Result<(), TableError> {
        let mut nums = [0u32; MAXABITS as usize + 1];
        let mut na = self.num_use_array(&mut nums);
        let mut total = na;
        total += self.num_use_hash(&mut nums, &mut na);
        if extra_key.tt == T_INT {
            na += count_int(extra_key.as_int(), &mut nums);
        }
        total += 1;
        let asize = compute_sizes(&nums, &mut na);
        self.resize(h, asize, total - na)
    }

    fn num_use_array(&self, nums: &mut [u32]) -> u32 {
        let mut ause = 0;
        let mut i: u32 = 1;
        let asize = self.asize;
        let arr = self.array_slice();
        let mut ttlg: u32 = 1;
        for lg in 0..=MAXABITS as usize {
            let mut lc = 0;
            let mut lim = ttlg;
            if lim > asize {
                lim = asize;
                if i > lim {
                    break;
                }
            }
            while i <= lim {
                if !arr[i as usize - 1].is_nil() {
                    lc += 1;
                }
                i += 1;
            }
            nums[lg] += lc;
            ause += lc;
            ttlg = ttlg.wrapping_mul(2);
        }
        ause
    }

    fn num_use_hash(&self, nums: &mut [u32], pna: &mut u32) -> u32 {
        let mut total = 0;
        let mut ause = 0;
        if self.is_dummy() {
            return 0;
        }
        for n in self.nodes().iter().rev() {
            if n.val_tt != T_NIL {
                if n.key_tt == T_INT {
                    ause += count_int(n.key_v as i64, nums);
                }
                total += 1;
            }
        }
        *pna += ause;
        total
    }

    /// Sizes a new, empty table (NEWTABLE's size hints): both parts are allocated
    /// directly, without the general re-insertion path of [`Table::resize`]; small parts
    /// come from the pools inline.
    #[inline]
    pub fn presize(&mut self, h: &mut Heap, asize: u32, nhsize: u32) -> Result<(), TableError> {
        if asize <= 4 && nhsize <= 8 && self.asize == 0 && self.is_dummy() {
            let lsize = ceil_log2(nhsize) as u8;
            let nbytes = if nhsize == 0 {
                0
            } else {
                std::mem::size_of::<Node>() << lsize
            };
            let bytes = asize as usize * std::mem::size_of::<Value>() + nbytes;
            // Under the limit (`can_alloc` without its bookkeeping of refusals, which the
            // general path below does).
            if h.total.saturating_add(bytes) <= h.limit {
                let node = if nhsize > 0 {
                    h.parts.take_nodes(lsize)
                } else {
                    std::ptr::null_mut()
                };
                if nhsize == 0 || !node.is_null() {
                    let arr = if asize > 0 {
                        h.parts.take_array(array_cap(asize as usize))
                    } else {
                        std::ptr::null_mut()
                    };
                    if asize == 0 || !arr.is_null() {
                        if asize > 0 {
                            self.array = arr;
                            self.asize = asize;
                        }
                        if nhsize > 0 {
                            self.install_nodes(Some(node), lsize);
                        }
                        h.total += bytes;
                        return Ok(());
                    }
                    if nhsize > 0 {
                        free_nodes(h, Some(node), lsize);
                    }
                }
            }
        }
        self.presize_general(h, asize, nhsize)
    }

    #[inline(never)]
    fn presize_general(&mut self, h: &mut Heap, asize: u32, nhsize: u32) -> Result<(), TableError> {
        if self.asize != 0 || !self.is_dummy() {
            return self.resize(h, asize, nhsize);
        }
        let (new_node, new_lsize) = alloc_nodes(h, nhsize)?;
        let nbytes = if nhsize == 0 {
            0
        } else {
            (1usize << new_lsize) * std::mem::size_of::<Node>()
        };
        let bytes = asize as usize * std::mem::size_of::<Value>() + nbytes;
        if !h.can_alloc(bytes) {
            free_nodes(h, new_node, new_lsize);
            return Err(TableError::Memory);
        }
        if asize > 0 {
            let n = asize as usize;
            let mut arr = h.parts.take_array(array_cap(n));
            if arr.is_null() {
                arr = realloc_array(std::ptr::null_mut(), 0, n);
            }
            if arr.is_null() {
                free_nodes(h, new_node, new_lsize);
                return Err(TableError::Memory);
            }
            self.array = arr;
            self.asize = asize;
        }
        self.install_nodes(new_node, new_lsize);
        h.total += bytes;
        Ok(())
    }

    /// PUC's `luaH_resize`: new array size and hash size (number of keys). The array part is
    /// reallocated in place when it grows (`realloc`: large arrays move by remapping, without
    /// copying or touching their pages), a new hash part is built and the old one's entries
    /// re-inserted in node order (so iteration order stays PUC's). On an allocation failure
    /// the table is unchanged.
    pub fn resize(&mut self, h: &mut Heap, new_asize: u32, nhsize: u32) -> Result<(), TableError> {
        let old_mem = self.mem_size();
        let new_mem = new_asize as usize * std::mem::size_of::<Value>()
            + (nhsize as usize).next_power_of_two() * std::mem::size_of::<Node>();
        if new_mem > old_mem && !h.can_alloc(new_mem - old_mem) {
            return Err(TableError::Memory);
        }
        let (new_node, new_lsize) = alloc_nodes(h, nhsize)?;
        if self.is_proto() {
            // Cached slot pointers into the old nodes.
            h.mcache.bump();
        }
        let old_asize = self.asize;
        let old_node = self.node;
        let old_dummy = self.is_dummy();
        let old_nsize = self.size_node();
        if new_asize < old_asize {
            // Shrinking: a smaller copy first (the only fallible step), then the vanishing
            // slice goes into the new hash part while the old array is still readable.
            let arr = realloc_array(std::ptr::null_mut(), 0, new_asize as usize);
            if arr.is_null() && new_asize > 0 {
                free_nodes(h, new_node, new_lsize);
                return Err(TableError::Memory);
            }
            let old_array = self.array;
            if new_asize > 0 {
                // SAFETY: both buffers hold at least `new_asize` values.
                unsafe { std::ptr::copy_nonoverlapping(old_array, arr, new_asize as usize) };
            }
            self.install_nodes(new_node, new_lsize);
            self.array = arr;
            self.asize = new_asize;
            for i in new_asize..old_asize {
                // SAFETY: the old array holds `old_asize` values until freed below.
                let v = unsafe { *old_array.add(i as usize) };
                if !v.is_nil() {
                    self.set_int(h, i as i64 + 1, v)?;
                }
            }
            // SAFETY: `old_array` came from `realloc_array` with `old_asize` values.
            unsafe { free_array(old_array, old_asize as usize) };
        } else {
            if new_asize > old_asize {
                let n = new_asize as usize;
                let mut arr = if old_asize == 0 {
                    h.parts.take_array(array_cap(n))
                } else if array_cap(old_asize as usize) != array_cap(n) {
                    // A small part outgrowing its block (2 to 4 values): a pooled block
                    // when there is one, the old one back to its pool.
                    let p = h.parts.take_array(array_cap(n));
                    if !p.is_null() {
                        // SAFETY: `p` holds `array_cap(n)` > `old_asize` nil values; the old
                        // buffer holds `old_asize` values and is not used afterwards.
                        unsafe {
                            std::ptr::copy_nonoverlapping(self.array, p, old_asize as usize);
                            let old = self.array;
                            if !h.parts.give_array(old, array_cap(old_asize as usize)) {
                                free_array(old, old_asize as usize);
                            }
                        }
                    }
                    p
                } else {
                    std::ptr::null_mut()
                };
                if arr.is_null() {
                    arr = realloc_array(self.array, old_asize as usize, n);
                }
                if arr.is_null() {
                    free_nodes(h, new_node, new_lsize);
                    return Err(TableError::Memory);
                }
                self.array = arr;
                self.asize = new_asize;
            }
            self.install_nodes(new_node, new_lsize);
        }
        // Re-insert the old hash part.
        if !old_dummy {
            for j in 0..old_nsize {
                // SAFETY: old node vector still allocated until freed below.
                let n = unsafe { *old_node.add(j) };
                if n.val_tt != T_NIL {
                    let mut k = n.key();
                    if k.tt == T_DEADKEY {
                        continue;
                    }
                    if k.tt == T_FLT {
                        k = Value::flt(k.as_flt());
                    }
                    // Keys are unique: an old hash key is absent from the new parts (no
                    // lookup first, as `set` would do); integer keys may now fall in the
                    // array part.
                    if k.tt == T_INT && (k.as_int() as u64).wrapping_sub(1) < self.asize as u64 {
                        // SAFETY: index checked against `asize`.
                        unsafe { set_slot(self.array.add(k.as_int() as usize - 1), n.val()) };
                    } else if
                    // SAFETY: an old hash key: valid, and absent from the new parts.
                    !unsafe { self.place(k, n.val(), h.seed) } {
                        // (The new hash part has room for every key: not reached.)
                        self.new_key(h, k, n.val())?;
                    }
                }
            }
            free_nodes(h, Some(old_node), (old_nsize.trailing_zeros()) as u8);
        }
        h.total = (h.total + self.mem_size()).saturating_sub(old_mem);
        Ok(())
    }

    fn install_nodes(&mut self, new_node: Option<*mut Node>, new_lsize: u8) {
        match new_node {
            Some(p) => {
                self.node = p;
                self.lsizenode = new_lsize;
                // SAFETY: one past the end of the new node vector.
                self.lastfree = unsafe { p.add(1 << new_lsize) };
            }
            None => {
                self.node = &DUMMY.0 as *const Node as *mut Node;
                self.lsizenode = 0;
                self.lastfree = std::ptr::null_mut();
            }
        }
    }

    /// Grows/shrinks only the array part, keeping the hash part's size (SETLIST). The caller
    /// stores values at indices `stored_from..nasize` (0-based) right after.
    pub fn resize_array(
        &mut self,
        h: &mut Heap,
        nasize: u32,
        stored_from: u32,
    ) -> Result<(), TableError> {
        let old = self.asize;
        if nasize > old && old > 0 && self.is_dummy() && nasize as usize <= array_cap(old as usize)
        {
            // Growth within the buffer's capacity and no hash part (whose integer keys would
            // move into the array): clear the new slots the caller does not store (usually
            // none), nothing to move or allocate.
            let add = (nasize - old) as usize * std::mem::size_of::<Value>();
            if !h.can_alloc(add) {
                return Err(TableError::Memory);
            }
            let mut i = old;
            while i < stored_from.min(nasize) {
                // SAFETY: `i` < `nasize` <= the buffer's capacity.
                unsafe { self.array.add(i as usize).write(Value::NIL) };
                i += 1;
            }
            self.asize = nasize;
            h.total += add;
            return Ok(());
        }
        let nh = if self.is_dummy() {
            0
        } else {
            self.size_node() as u32
        };
        self.resize(h, nasize, nh)
    }

    /// Border (`#t` without `__len`), PUC's `luaH_getn`. When the border is inside the array
    /// part, the last one found (`lenhint`) and its successor are tried before a binary
    /// search, so `t[#t + 1] = v` loops are O(1) per step (PUC gets the same from `alimit`).
    pub fn length(&mut self) -> u64 {
        let limit = self.asize;
        if limit > 0 {
            let arr = self.array;
            // SAFETY: every index read below is < `limit` = `asize`.
            let nil = |i: u32| unsafe { (*arr.add(i as usize)).tt == T_NIL };
            if nil(limit - 1) {
                if limit >= 2 && !nil(limit - 2) {
                    return limit as u64 - 1;
                }
                let j = self.lenhint;
                if j < limit - 1 {
                    // `j` is a border if t[j] is present (or j = 0) and t[j + 1] absent.
                    if (j == 0 || !nil(j - 1)) && nil(j) {
                        return j as u64;
                    }
                    if !nil(j) && nil(j + 1) {
                        self.lenhint = j + 1;
                        return j as u64 + 1;
                    }
                }
                let (mut i, mut j) = (0u32, limit);
                while j - i > 1 {
                    let m = (i + j) / 2;
                    if nil(m - 1) {
                        j = m;
                    } else {
                        i = m;
                    }
                }
                self.lenhint = i;
                return i as u64;
            }
        }
        // SAFETY: get_int returns a valid pointer.
        if self.is_dummy() || unsafe { (*self.get_int(limit as i64 + 1)).is_nil() } {
            return limit as u64;
        }
        self.hash_search(limit as u64)
    }

    fn hash_search(&self, mut j: u64) -> u64 {
        // SAFETY: `get_int` returns a pointer into this table or to the static nil.
        let absent = |k: u64| unsafe { (*self.get_int(k as i64)).is_nil() };
        let mut i;
        if j == 0 {
            j += 1;
        }
        loop {
            i = j;
            if j <= (i64::MAX as u64) / 2 {
                j *= 2;
            } else {
                j = i64::MAX as u64;
                if absent(j) {
                    break;
                } else {
                    return j;
                }
            }
            if absent(j) {
                break;
            }
        }
        while j - i > 1 {
            let m = (i + j) / 2;
            if absent(m) {
                j = m;
            } else {
                i = m;
            }
        }
        i
    }

    /// `next(t, key)`: the key/value after `key`, `Ok(None)` at the end, `Err(())` for an
    /// invalid key.
    pub fn next(&self, key: Value, seed: u32) -> Result<Option<(Value, Value)>, ()> {
        let asize = self.asize;
        let mut i: u32 = if key.is_nil() {
            0
        } else {
            let ai = if key.tt == T_INT {
                array_index(key.as_int())
            } else {
                0
            };
            if ai.wrapping_sub(1) < asize {
                ai
            } else {
                let n = self.get_generic(key, seed, true);
                if n == &NIL as *const Value {
                    return Err(());
                }
                // SAFETY: `n` points at the `val` field (offset 0) of a node of this table.
                let idx = unsafe { (n as *const Node).offset_from(self.node) } as u32;
                idx + 1 + asize
            }
        };
        let arr = self.array_slice();
        while i < asize {
            if !arr[i as usize].is_nil() {
                return Ok(Some((Value::int(i as i64 + 1), arr[i as usize])));
            }
            i += 1;
        }
        let nodes = self.nodes();
        let mut j = (i - asize) as usize;
        while j < nodes.len() {
            let n = &nodes[j];
            if n.val_tt != T_NIL {
                return Ok(Some((n.key(), n.val())));
            }
            j += 1;
        }
        Ok(None)
    }
}

impl Table {
    /// Gives the array and hash parts of a dead table to the pools, or frees them; returns
    /// the table's size (`mem_size`). The table's fields are left stale: it must not be
    /// dropped afterwards, only its own allocation freed or reused.
    ///
    /// # Safety
    /// `t` is a dead table: nothing reads it or its parts any more.
    #[inline(always)]
    pub(crate) unsafe fn free_parts(t: *mut Table, h: &mut Heap) -> usize {
        let asize = (*t).asize as usize;
        let mut n = std::mem::size_of::<Table>() + asize * std::mem::size_of::<Value>();
        if asize > 0 {
            let a = (*t).array;
            if !h.parts.give_array(a, array_cap(asize)) {
                free_array(a, asize);
            }
        }
        if !(*t).lastfree.is_null() {
            let lsize = (*t).lsizenode;
            n += std::mem::size_of::<Node>() << lsize;
            if !h.parts.give_nodes((*t).node, lsize) {
                std::alloc::dealloc((*t).node as *mut u8, node_layout(lsize));
            }
        }
        n
    }
}

impl Drop for Table {
    fn drop(&mut self) {
        // SAFETY: the array came from `realloc_array` with `asize` values.
        unsafe { free_array(self.array, self.asize as usize) };
        if !self.is_dummy() {
            // SAFETY: the node vector came from `alloc_nodes` with 2^lsizenode nodes.
            unsafe { std::alloc::dealloc(self.node as *mut u8, node_layout(self.lsizenode)) }
        }
    }
}

#[inline]
fn array_index(k: i64) -> u32 {
    if (k as u64).wrapping_sub(1) < MAXASIZE {
        k as u32
    } else {
        0
    }
}

fn count_int(key: i64, nums: &mut [u32]) -> u32 {
    let k = array_index(key);
    if k != 0 {
        nums[ceil_log2(k) as usize] += 1;
        1
    } else {
        0
    }
}

fn compute_sizes(nums: &[u32], pna: &mut u32) -> u32 {
    let mut a: u32 = 0;
    let mut na: u32 = 0;
    let mut optimal: u32 = 0;
    let mut twotoi: u32 = 1;
    let mut i = 0;
    while twotoi > 0 && *pna > twotoi / 2 {
        a += nums[i];
        if a > twotoi / 2 {
            optimal = twotoi;
            na = a;
        }
        i += 1;
        twotoi = twotoi.wrapping_mul(2);
    }
    *pna = na;
    optimal
}

/// Values allocated for an array part of `n` values: the next power of two (at least 2), so growing by
/// PUC's rehash (powers of two) or from a constructor's fixed part to its open call result
/// (`{f(), g()}`: NEWTABLE sizes 1, SETLIST 2) often fits without reallocating. The slots
/// past `asize` are unspecified; growth clears them.
#[inline]
pub(crate) fn array_cap(n: usize) -> usize {
    n.next_power_of_two().max(2)
}

fn array_layout(n: usize) -> std::alloc::Layout {
    // `n` <= 2^31 values of 16 bytes: never overflows isize.
    std::alloc::Layout::array::<Value>(array_cap(n)).expect("array layout")
}

/// Grows an array part from `old` to `new` (> `old`) values, the new slice nil (all-zero
/// bytes are a nil `Value`); `p` is null when `old` is 0. Returns null on allocation failure,
/// leaving the old buffer intact.
fn realloc_array(p: *mut Value, old: usize, new: usize) -> *mut Value {
    if new == 0 {
        return std::ptr::null_mut();
    }
    // SAFETY: `p` was allocated here for `old` values (or is null with `old` = 0), so with
    // `array_layout(old)`; the layouts have non-zero size; the new slice is zeroed before use.
    unsafe {
        if old == 0 {
            return std::alloc::alloc_zeroed(array_layout(new)) as *mut Value;
        }
        let q = if array_cap(old) == array_cap(new) {
            p
        } else {
            let size = array_cap(new) * std::mem::size_of::<Value>();
            std::alloc::realloc(p as *mut u8, array_layout(old), size) as *mut Value
        };
        if !q.is_null() && new > old {
            std::ptr::write_bytes(q.add(old), 0, new - old);
        }
        q
    }
}

/// Frees an array part of `n` values (nothing when `n` is 0).
///
/// # Safety
/// `p` came from [`realloc_array`] with `n` values and is not used afterwards.
unsafe fn free_array(p: *mut Value, n: usize) {
    if n > 0 {
        std::alloc::dealloc(p as *mut u8, array_layout(n));
    }
}

/// A hash part for `size` keys (`2^ceil_log2(size)` empty nodes, from the pool if it has
/// one), or none for 0.
fn alloc_nodes(h: &mut Heap, size: u32) -> Result<(Option<*mut Node>, u8), TableError> {
    if size == 0 {
        return Ok((None, 0));
    }
    let lsize = ceil_log2(size);
    if lsize > MAXHBITS {
        return Err(TableError::Overflow);
    }
    let p = h.parts.take_nodes(lsize as u8);
    if !p.is_null() {
        return Ok((Some(p), lsize as u8));
    }
    // SAFETY: non-zero size; all-zero bytes are `Node::EMPTY` (nil value, nil key, no next).
    let p = unsafe { std::alloc::alloc_zeroed(node_layout(lsize as u8)) } as *mut Node;
    if p.is_null() {
        return Err(TableError::Memory);
    }
    Ok((Some(p), lsize as u8))
}

fn node_layout(lsize: u8) -> std::alloc::Layout {
    // At most 2^30 nodes of 24 bytes: never overflows isize.
    std::alloc::Layout::array::<Node>(1usize << lsize).expect("node layout")
}

/// Gives a hash part back (to the pool if it takes it).
fn free_nodes(h: &mut Heap, p: Option<*mut Node>, lsize: u8) {
    if let Some(p) = p {
        // SAFETY: `p` came from `alloc_nodes` with 2^lsize nodes and is no longer used.
        unsafe {
            if !h.parts.give_nodes(p, lsize) {
                std::alloc::dealloc(p as *mut u8, node_layout(lsize))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frexp_matches_c() {
        assert_eq!(frexp(1.0), (0.5, 1));
        assert_eq!(frexp(2.5), (0.625, 2));
        assert_eq!(frexp(-3.0), (-0.75, 2));
        assert_eq!(frexp(1e-310).1, -1029);
    }
}
