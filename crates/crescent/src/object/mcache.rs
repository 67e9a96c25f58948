//! The global method cache: `__index` table chains (class hierarchies) resolved once.
//!
//! A direct-mapped cache of [`MC_SIZE`] entries keyed by (metatable of the receiver,
//! interned short-string key) holding a pointer to the value slot (a hash node of the table
//! where the walk `mt.__index → t[key]`, then `getmetatable(t).__index → ...` found the
//! key). An entry is valid while its `epoch` equals [`MethodCache::epoch`]. Reading through
//! the slot pointer means overwriting a method (`Class.m = f`, `Class.count = Class.count +
//! 1`) needs no invalidation; a nil slot (a removed key, a cleared weak value) is a miss.
//!
//! Soundness. Every table visited by a walk that fills an entry (each metatable and each
//! `__index` table, the holder included) gets the [`PROTO`] bit in `Table::extra`, which is
//! never cleared while the table lives (a pooled table is rewritten by `Table::new`). The
//! epoch is bumped (`bump`: every entry becomes stale) when, on a proto table:
//! - a key becomes present (`Table::new_key`, a nil slot revived: every site that resets
//!   the metamethod-absence `flags`), which may shadow a key further up the chain or move
//!   nodes (Brent's collision step, rehash);
//! - the node array is replaced (`Table::resize`);
//! - the value of `__index` is overwritten (`Table::note_store`): a link of the chain;
//! - `setmetatable`/`debug.setmetatable` changes its metatable;
//! - the collector clears weak entries of it or frees it (a new table at the same address
//!   must not hit; the key string stays alive while the holder holds it, and a removed
//!   key's slot is nil).
//!
//! Only non-nil values found through tables are cached (no `__index` functions, no misses).
//! Users: `State::finish_get` (interpreter and helpers), the interpreter's GETFIELD/SELF
//! miss path, and the JIT's shared `__index` chain subroutine (`jit/compile/table.rs`),
//! which embeds the cache's address and uses [`MC_BITS`], [`ME_SIZE`] and the field
//! offsets. Uses `unsafe` (slot and string pointers).

use crate::object::string::LuaString;
use crate::object::table::Table;
use crate::value::Value;

/// `Table::extra` bit: the table was visited by a walk that filled a cache entry.
pub const PROTO: u8 = 1;
pub const MC_BITS: u32 = 10;
pub const MC_SIZE: usize = 1 << MC_BITS;
pub const ME_SIZE: usize = std::mem::size_of::<MEntry>();

#[derive(Clone, Copy)]
#[repr(C)]
pub struct MEntry {
    pub mt: *mut Table,
    pub key: *mut LuaString,
    pub slot: *const Value,
    pub epoch: u64,
}

const _: () = assert!(ME_SIZE == 32);

const EMPTY: MEntry = MEntry {
    mt: std::ptr::null_mut(),
    key: std::ptr::null_mut(),
    slot: std::ptr::null(),
    epoch: 0,
};

#[repr(C)]
pub struct MethodCache {
    pub entries: [MEntry; MC_SIZE],
    /// Current epoch (never 0: entries start at 0). 64 bits: compiled code's per-site
    /// copies of entries (`jit/compile/table.rs`) are never reset, so it must not wrap.
    pub epoch: u64,
    /// The fixed string `__index` (stores of it into proto tables bump the epoch).
    pub index_key: *mut LuaString,
    /// Bumps so far (statistics and tests).
    pub bumps: u64,
}

impl MethodCache {
    pub fn new() -> Box<MethodCache> {
        Box::new(MethodCache {
            entries: [EMPTY; MC_SIZE],
            epoch: 1,
            index_key: std::ptr::null_mut(),
            bumps: 0,
        })
    }

    /// The entry index of (`mt`, `key`); the JIT computes the same.
    ///
    /// # Safety
    /// `key` is a live short string.
    #[inline(always)]
    pub unsafe fn index(mt: *mut Table, key: *mut LuaString) -> usize {
        (((mt as usize >> 4) as u32 ^ (*key).hash) as usize) & (MC_SIZE - 1)
    }

    /// The cached non-nil value of `key` through the `__index` chain of metatable `mt`.
    ///
    /// # Safety
    /// `mt` is a live table, `key` a live short string.
    #[inline(always)]
    pub unsafe fn probe(&self, mt: *mut Table, key: *mut LuaString) -> Option<Value> {
        let e = self.entries.get_unchecked(Self::index(mt, key));
        if e.mt == mt && e.key == key && e.epoch == self.epoch {
            let v = *e.slot;
            if !v.is_nil() {
                return Some(v);
            }
        }
        None
    }

    /// Records `slot` (a hash node value of a live table) as the value of `key` through
    /// `mt`'s chain; every table of the chain must already be marked [`PROTO`].
    ///
    /// # Safety
    /// as `probe`.
    #[inline]
    pub unsafe fn fill(&mut self, mt: *mut Table, key: *mut LuaString, slot: *const Value) {
        let epoch = self.epoch;
        *self.entries.get_unchecked_mut(Self::index(mt, key)) = MEntry {
            mt,
            key,
            slot,
            epoch,
        };
    }

    /// Invalidates every entry.
    #[cold]
    #[inline(never)]
    pub fn bump(&mut self) {
        self.bumps += 1;
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.entries.fill(EMPTY);
            self.epoch = 1;
        }
    }
}
