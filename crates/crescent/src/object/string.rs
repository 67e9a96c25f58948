//! Lua strings: immutable byte strings with the bytes stored inline after the header.
//!
//! Short strings (at most [`MAX_SHORT_LEN`] bytes) are interned in the [`StringTable`] with
//! their hash computed at creation, so two short strings are equal iff their pointers are
//! equal. Long strings are hashed lazily (`extra` = 1 once `hash` is valid) and compared by
//! content. Short strings live only in the string table's slots, long ones in the heap's
//! `allgc` list; the collector sweeps both. The header is 32 bytes (GC header, hash, length). Uses `unsafe` (raw allocation with an inline
//! byte array).

use crate::gc::GcHeader;
use crate::value::{T_LNGSTR, T_SHRSTR};
use std::alloc::{self, Layout};

/// Longest string that is interned (PUC's LUAI_MAXSHORTLEN).
pub const MAX_SHORT_LEN: usize = 40;
/// Largest string we agree to build (beyond: "not enough memory").
pub const MAX_STRING_LEN: usize = (i32::MAX as usize) * 4;

#[repr(C)]
pub struct LuaString {
    pub hdr: GcHeader,
    pub hash: u32,
    pub len: usize,
}

const DATA_OFFSET: usize = std::mem::size_of::<LuaString>();

impl LuaString {
    #[inline(always)]
    pub fn data_ptr(&self) -> *const u8 {
        // SAFETY: the bytes are allocated right after the struct (see `alloc_raw`).
        unsafe { (self as *const LuaString as *const u8).add(DATA_OFFSET) }
    }
    #[inline(always)]
    pub fn bytes<'a>(&self) -> &'a [u8] {
        // SAFETY: `len` bytes were written after the struct at creation and never change.
        unsafe { std::slice::from_raw_parts(self.data_ptr(), self.len) }
    }
    #[inline(always)]
    pub fn is_short(&self) -> bool {
        self.hdr.tt == T_SHRSTR
    }
    /// The hash, computed on first use for long strings.
    #[inline]
    pub fn hash(&mut self, seed: u32) -> u32 {
        if self.hdr.tt == T_LNGSTR && self.hdr.extra == 0 {
            self.hash_long(seed);
        }
        self.hash
    }
    /// Computes a long string's hash (out of line: callers' hot paths stay small).
    #[inline(never)]
    fn hash_long(&mut self, seed: u32) {
        self.hash = hash_bytes(self.bytes(), seed ^ (self.len as u32));
        self.hdr.extra = 1;
    }
    pub fn alloc_size(len: usize) -> usize {
        DATA_OFFSET + len + 1
    }
}

fn layout(len: usize) -> Layout {
    Layout::from_size_align(LuaString::alloc_size(len), 8).expect("string layout")
}

/// The string hash. Below [`WORD_HASH_MIN`] bytes it is PUC's `luaS_hash` (one byte at a
/// time, from the end). Its weakness is a strength for tables: one-letter names with
/// consecutive letters (`x`, `y`, `z`) land in consecutive slots, so such small records have
/// no collisions; a well-mixed hash collides there more often than not (3 keys in 4 slots:
/// 62%), which made field stores and chained lookups measurably slower (raytracer +16%
/// instructions under the baseline JIT). The intern table spreads its slots with a
/// Fibonacci multiply, so it does not need mixed low bits.
///
/// Longer strings (k-mers, generated keys, long strings used as keys) are hashed 8 bytes at
/// a time with a folded multiply ([`hash_words`]): `luaS_hash` is a chain of dependent
/// shift/add/xor steps, about 4 cycles a byte, which made hashing the largest part of
/// interning a 12- or 18-byte `string.sub` result (k_nucleotide).
#[inline]
pub fn hash_bytes(s: &[u8], seed: u32) -> u32 {
    if s.len() >= WORD_HASH_MIN {
        return hash_words(s, seed);
    }
    let mut h = seed ^ (s.len() as u32);
    for &b in s.iter().rev() {
        h ^= (h << 5).wrapping_add(h >> 2).wrapping_add(b as u32);
    }
    h
}

/// Shortest string hashed by [`hash_words`] (shorter ones keep `luaS_hash`, see
/// [`hash_bytes`]).
pub const WORD_HASH_MIN: usize = 8;

const WH_P0: u64 = 0xa076_1d64_78bd_642f;
const WH_P1: u64 = 0xe703_7ed1_a0b4_28db;

/// The 128-bit product of `a` and `b` folded to 64 bits (high half xor low half).
#[inline(always)]
fn fold_mul(a: u64, b: u64) -> u64 {
    let m = (a as u128) * (b as u128);
    (m as u64) ^ ((m >> 64) as u64)
}

/// Hash of a string of at least 8 bytes: one folded multiply per 8-byte word (the last word
/// overlaps the previous ones), every bit of the result depending on every input byte.
#[inline]
fn hash_words(s: &[u8], seed: u32) -> u32 {
    debug_assert!(s.len() >= 8);
    let word = |i: usize| u64::from_le_bytes(s[i..i + 8].try_into().unwrap());
    let n = s.len();
    let mut h = (seed as u64) ^ (n as u64).wrapping_mul(WH_P1);
    let mut i = 0;
    while i + 8 < n {
        h = fold_mul(word(i) ^ WH_P0, h ^ WH_P1);
        i += 8;
    }
    h = fold_mul(word(n - 8) ^ WH_P1, h ^ WH_P0);
    (h ^ (h >> 32)) as u32
}

/// Allocates a string object (not linked anywhere). Returns null if the allocation fails.
pub fn alloc_raw(bytes: &[u8], tt: u8, hash: u32) -> *mut LuaString {
    if bytes.len() > MAX_STRING_LEN {
        return std::ptr::null_mut();
    }
    // SAFETY: the layout has non-zero size; we initialise the header and bytes before use.
    unsafe {
        let p = alloc::alloc(layout(bytes.len())) as *mut LuaString;
        if p.is_null() {
            return p;
        }
        p.write(LuaString {
            hdr: GcHeader {
                next: std::ptr::null_mut(),
                tt,
                marked: 0,
                extra: 0,
            },
            hash,
            len: bytes.len(),
        });
        let d = (p as *mut u8).add(DATA_OFFSET);
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), d, bytes.len());
        *d.add(bytes.len()) = 0;
        p
    }
}

/// Frees a string allocated by [`alloc_raw`].
///
/// # Safety
/// `s` must come from `alloc_raw` and not be used afterwards.
pub unsafe fn free_raw(s: *mut LuaString) {
    let len = (*s).len;
    alloc::dealloc(s as *mut u8, layout(len));
}

/// A slot of the [`StringTable`]: 0 when empty, [`TOMB`] when its string was swept, else the
/// string's address (below 2^48) with bits 16..32 of its hash in the top 16 bits, so probing
/// rejects almost every other string without touching it.
type Slot = u64;

const EMPTY: Slot = 0;
/// A slot whose string was swept (probing goes on past it; inserting may reuse it).
const TOMB: Slot = 1;
const PTR_BITS: u32 = 48;
const PTR_MASK: u64 = (1 << PTR_BITS) - 1;
/// Smallest (and initial) number of slots.
const MIN_SLOTS: usize = 256;

#[inline(always)]
fn tag_of(h: u32) -> u64 {
    ((h >> 16) as u64) << PTR_BITS
}

#[inline(always)]
fn ptr_of(v: Slot) -> *mut LuaString {
    (v & PTR_MASK) as usize as *mut LuaString
}

/// Hints the CPU to fetch the cache line at `p` (no effect on the program's meaning).
#[inline(always)]
fn prefetch(p: *const LuaString) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is only a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// `a == b` for slices of equal length up to [`MAX_SHORT_LEN`], compared 8 bytes at a time
/// inline (a call to `memcmp` cost more than the comparison itself at these lengths).
#[inline(always)]
fn eq_short(a: &[u8], b: &[u8]) -> bool {
    debug_assert_eq!(a.len(), b.len());
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    if n >= 8 {
        let word = |s: &[u8], i: usize| u64::from_ne_bytes(s[i..i + 8].try_into().unwrap());
        let mut i = 0;
        while i + 8 < n {
            if word(a, i) != word(b, i) {
                return false;
            }
            i += 8;
        }
        // The last 8 bytes (overlapping the ones already compared).
        return word(a, n - 8) == word(b, n - 8);
    }
    if n >= 4 {
        let word = |s: &[u8], i: usize| u32::from_ne_bytes(s[i..i + 4].try_into().unwrap());
        return word(a, 0) == word(b, 0) && word(a, n - 4) == word(b, n - 4);
    }
    a.iter().zip(b).all(|(x, y)| x == y)
}

/// The interning table of short strings (PUC's `stringtable`, but open addressing: linear
/// probing over 8-byte slots holding a pointer and a hash tag, at most 3/4 full counting
/// tombstones).
///
/// A lookup reads one cache line of slots (almost always) and, on a tag match, the string
/// itself; a new string touches no other string. The slot index is the high bits of
/// `hash * golden ratio` (Fibonacci hashing), so it does not rely on the low bits of
/// `luaS_hash` being well mixed. Rehashing reads each live string's hash (prefetched ahead).
pub struct StringTable {
    slots: Vec<Slot>,
    /// 32 - log2(slots.len()).
    shift: u32,
    /// Live strings.
    pub count: usize,
    /// Tombstone slots.
    tombs: usize,
}

impl Default for StringTable {
    fn default() -> Self {
        Self::new()
    }
}

impl StringTable {
    pub fn new() -> StringTable {
        StringTable {
            slots: vec![EMPTY; MIN_SLOTS],
            shift: 32 - MIN_SLOTS.trailing_zeros(),
            count: 0,
            tombs: 0,
        }
    }

    /// Number of slots (a power of two).
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    #[inline(always)]
    fn home(&self, h: u32) -> usize {
        (h.wrapping_mul(0x9E37_79B9) >> self.shift) as usize
    }

    /// The slot holding `bytes` (hash `h`): `Ok` with the string when found, else `Err` with
    /// the slot to insert at (the first tombstone of the probe run, or the empty slot that
    /// ended it).
    #[inline(always)]
    fn probe(&self, bytes: &[u8], h: u32) -> Result<*mut LuaString, usize> {
        let mask = self.slots.len() - 1;
        let tag = tag_of(h);
        let mut i = self.home(h);
        let mut free = usize::MAX;
        loop {
            let v = self.slots[i];
            if v == EMPTY {
                return Err(if free == usize::MAX { i } else { free });
            }
            if v == TOMB {
                if free == usize::MAX {
                    free = i;
                }
            } else if v & !PTR_MASK == tag {
                // SAFETY: other slots hold live short strings (the sweep tombstones the dead
                // ones before freeing them).
                let s = unsafe { &*ptr_of(v) };
                if s.hash == h && s.len == bytes.len() && eq_short(s.bytes(), bytes) {
                    return Ok(ptr_of(v));
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Finds or creates the short string `bytes`. Returns (string, bytes newly allocated).
    pub fn intern(&mut self, bytes: &[u8], seed: u32) -> (*mut LuaString, usize) {
        debug_assert!(bytes.len() <= MAX_SHORT_LEN);
        let h = hash_bytes(bytes, seed);
        match self.probe(bytes, h) {
            Ok(s) => (s, 0),
            Err(at) => self.insert(bytes, h, at),
        }
    }

    /// Creates the string `bytes` (hash `h`, not in the table) at slot `at` found by `probe`.
    #[inline(never)]
    fn insert(&mut self, bytes: &[u8], h: u32, mut at: usize) -> (*mut LuaString, usize) {
        if self.slots[at] == EMPTY && (self.count + self.tombs + 1) * 4 > self.slots.len() * 3 {
            // Grow when live strings fill half or more; otherwise tombstones are what fills
            // the table, and rehashing at the same size clears them.
            let n = if (self.count + 1) * 2 > self.slots.len() {
                self.slots.len() * 2
            } else {
                self.slots.len()
            };
            self.resize(n);
            at = match self.probe(bytes, h) {
                Ok(s) => return (s, 0),
                Err(at) => at,
            };
        }
        let s = alloc_raw(bytes, T_SHRSTR, h);
        if s.is_null() {
            return (s, 0);
        }
        if s as usize as u64 > PTR_MASK {
            // Not representable in a slot (no platform we run on hands out such addresses):
            // treated as out of memory.
            // SAFETY: just allocated, referenced nowhere.
            unsafe { free_raw(s) };
            return (std::ptr::null_mut(), 0);
        }
        if self.slots[at] == TOMB {
            self.tombs -= 1;
        }
        self.slots[at] = tag_of(h) | s as usize as u64;
        self.count += 1;
        (s, LuaString::alloc_size(bytes.len()))
    }

    /// Finds an existing short string without creating it.
    pub fn lookup(&self, bytes: &[u8], seed: u32) -> Option<*mut LuaString> {
        if bytes.len() > MAX_SHORT_LEN {
            return None;
        }
        self.probe(bytes, hash_bytes(bytes, seed)).ok()
    }

    /// Rehashes the live strings into `n` slots (a power of two) and drops the tombstones.
    fn resize(&mut self, n: usize) {
        const AHEAD: usize = 16;
        debug_assert!(n.is_power_of_two() && n >= MIN_SLOTS && self.count * 4 <= n * 3);
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; n]);
        self.shift = 32 - n.trailing_zeros();
        self.tombs = 0;
        let mask = n - 1;
        for (j, &v) in old.iter().enumerate() {
            if let Some(&w) = old.get(j + AHEAD) {
                if w > TOMB {
                    prefetch(ptr_of(w));
                }
            }
            if v <= TOMB {
                continue;
            }
            // SAFETY: a live short string of this table.
            let h = unsafe { (*ptr_of(v)).hash };
            let mut i = self.home(h);
            while self.slots[i] != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = v;
        }
    }

    /// Frees unmarked strings and clears the marks of the others. Returns bytes freed.
    /// Halves the table when under a sixteenth full, and clears the tombstones when they fill
    /// a quarter.
    pub fn sweep(&mut self) -> usize {
        const AHEAD: usize = 16;
        let mut freed = 0;
        let n = self.slots.len();
        for i in 0..n {
            if let Some(&w) = self.slots.get(i + AHEAD) {
                if w > TOMB {
                    prefetch(ptr_of(w));
                }
            }
            let v = self.slots[i];
            if v <= TOMB {
                continue;
            }
            let s = ptr_of(v);
            // SAFETY: `s` is a live short string of this table; a dead one is tombstoned
            // before being freed, and nothing else references it (it was not marked).
            unsafe {
                if (*s).hdr.marked & 1 == 0 && (*s).hdr.extra == 0 {
                    self.slots[i] = TOMB;
                    self.tombs += 1;
                    self.count -= 1;
                    freed += LuaString::alloc_size((*s).len);
                    free_raw(s);
                } else {
                    (*s).hdr.marked = 0;
                }
            }
        }
        if n > MIN_SLOTS && self.count * 16 < n {
            self.resize(n / 2);
        } else if self.tombs * 4 > n {
            self.resize(n);
        }
        freed
    }

    /// Frees every string (state teardown).
    pub fn free_all(&mut self) {
        for v in self.slots.iter_mut() {
            let old = std::mem::replace(v, EMPTY);
            if old > TOMB {
                // SAFETY: teardown; nothing references the strings any more.
                unsafe { free_raw(ptr_of(old)) };
            }
        }
        self.count = 0;
        self.tombs = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn free_unmarked(t: &mut StringTable) -> usize {
        t.sweep()
    }

    #[test]
    fn hash_reads_every_byte_and_separates_last_bytes() {
        let seed = 0x2545_f491;
        let base: Vec<u8> = (0..100u8).map(|i| i.wrapping_mul(37)).collect();
        for n in 0..base.len() {
            let h = hash_bytes(&base[..n], seed);
            for i in 0..n {
                let mut b = base[..n].to_vec();
                b[i] ^= 1;
                assert_ne!(hash_bytes(&b, seed), h, "len {n}, byte {i}");
            }
        }
        // One-letter names with consecutive letters take distinct slots of a small hash part
        // (`{x=, y=, z=}`): the property the hash is kept for.
        for group in [
            &["x", "y", "z"][..],
            &["a", "b", "c", "d"],
            &["i", "j", "k"],
        ] {
            let mut slots: Vec<u32> = group
                .iter()
                .map(|k| hash_bytes(k.as_bytes(), seed) & 3)
                .collect();
            slots.sort();
            slots.dedup();
            assert_eq!(slots.len(), group.len(), "{group:?}");
        }
    }

    #[test]
    fn eq_short_compares_every_byte() {
        let a: Vec<u8> = (0..MAX_SHORT_LEN as u8)
            .map(|i| i.wrapping_mul(91))
            .collect();
        for n in 0..=MAX_SHORT_LEN {
            assert!(eq_short(&a[..n], &a[..n]));
            for i in 0..n {
                let mut b = a[..n].to_vec();
                b[i] ^= 0x80;
                assert!(!eq_short(&a[..n], &b), "len {n}, byte {i}");
            }
        }
    }

    #[test]
    fn intern_finds_equal_strings_and_survives_churn() {
        let mut t = StringTable::new();
        let seed = 0x2545_f491;
        let key = |i: usize| format!("k{i}-{}", i * 7919).into_bytes();
        let mut kept = Vec::new();
        for round in 0..6 {
            // Create many strings, keep every third one (marked), sweep the rest.
            let mut made = Vec::new();
            for i in 0..5000 {
                let k = key(round * 100_000 + i);
                let (s, added) = t.intern(&k, seed);
                assert!(!s.is_null() && added > 0);
                assert_eq!(t.intern(&k, seed), (s, 0));
                assert_eq!(t.lookup(&k, seed), Some(s));
                made.push((k, s));
            }
            for (i, (k, s)) in made.into_iter().enumerate() {
                if i % 3 == 0 {
                    // SAFETY: a live string of the table.
                    unsafe { (*s).hdr.marked = 1 };
                    kept.push((k, s));
                }
            }
            for (_, s) in &kept {
                // SAFETY: kept strings are live.
                unsafe { (**s).hdr.marked = 1 };
            }
            free_unmarked(&mut t);
            assert_eq!(t.count, kept.len());
            for (k, s) in &kept {
                assert_eq!(t.lookup(k, seed), Some(*s));
                assert_eq!(t.intern(k, seed), (*s, 0));
            }
            assert_eq!(t.lookup(&key(round * 100_000 + 1), seed), None);
        }
        // Everything dies: the table shrinks back.
        let cap = t.capacity();
        for _ in 0..12 {
            free_unmarked(&mut t);
        }
        assert_eq!(t.count, 0);
        assert!(t.capacity() < cap && t.capacity() >= MIN_SLOTS);
        for (k, _) in &kept {
            assert_eq!(t.lookup(k, seed), None);
        }
        t.free_all();
    }
}
