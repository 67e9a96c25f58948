//! Lua strings: immutable byte strings with the bytes stored inline after the header.
//!
//! Short strings (at most [`MAX_SHORT_LEN`] bytes) are interned in the [`StringTable`] with
//! their hash computed at creation, so two short strings are equal iff their pointers are
//! equal. Long strings are hashed lazily (`extra` = 1 once `hash` is valid) and compared by
//! content. Short strings live only in the string table's chains (`hnext`), long ones in the
//! heap's `allgc` list; the collector sweeps both. Uses `unsafe` (raw allocation with an inline
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
    /// Next string in the same string-table bucket (short strings only).
    pub hnext: *mut LuaString,
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
            self.hash = hash_bytes(self.bytes(), seed ^ (self.len as u32));
            self.hdr.extra = 1;
        }
        self.hash
    }
    pub fn alloc_size(len: usize) -> usize {
        DATA_OFFSET + len + 1
    }
}

fn layout(len: usize) -> Layout {
    Layout::from_size_align(LuaString::alloc_size(len), 8).expect("string layout")
}

/// PUC's `luaS_hash`.
#[inline]
pub fn hash_bytes(s: &[u8], seed: u32) -> u32 {
    let mut h = seed ^ (s.len() as u32);
    for &b in s.iter().rev() {
        h ^= (h << 5).wrapping_add(h >> 2).wrapping_add(b as u32);
    }
    h
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
            hnext: std::ptr::null_mut(),
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

/// The interning table of short strings (PUC's `stringtable`).
pub struct StringTable {
    pub buckets: Vec<*mut LuaString>,
    pub count: usize,
}

impl StringTable {
    pub fn new() -> StringTable {
        StringTable {
            buckets: vec![std::ptr::null_mut(); 128],
            count: 0,
        }
    }

    /// Finds or creates the short string `bytes`. Returns (string, bytes newly allocated).
    pub fn intern(&mut self, bytes: &[u8], seed: u32) -> (*mut LuaString, usize) {
        debug_assert!(bytes.len() <= MAX_SHORT_LEN);
        let h = hash_bytes(bytes, seed);
        let mask = self.buckets.len() - 1;
        let mut p = self.buckets[h as usize & mask];
        // SAFETY: chains only contain live short strings (dead ones are unlinked by the sweep).
        unsafe {
            while !p.is_null() {
                if (*p).hash == h && (*p).bytes() == bytes {
                    return (p, 0);
                }
                p = (*p).hnext;
            }
        }
        if self.count >= self.buckets.len() {
            self.resize(self.buckets.len() * 2);
        }
        let s = alloc_raw(bytes, T_SHRSTR, h);
        if s.is_null() {
            return (s, 0);
        }
        let mask = self.buckets.len() - 1;
        let slot = &mut self.buckets[h as usize & mask];
        // SAFETY: `s` was just allocated.
        unsafe { (*s).hnext = *slot };
        *slot = s;
        self.count += 1;
        (s, LuaString::alloc_size(bytes.len()))
    }

    /// Finds an existing short string without creating it.
    pub fn lookup(&self, bytes: &[u8], seed: u32) -> Option<*mut LuaString> {
        if bytes.len() > MAX_SHORT_LEN {
            return None;
        }
        let h = hash_bytes(bytes, seed);
        let mut p = self.buckets[h as usize & (self.buckets.len() - 1)];
        // SAFETY: chains only contain live short strings.
        unsafe {
            while !p.is_null() {
                if (*p).hash == h && (*p).bytes() == bytes {
                    return Some(p);
                }
                p = (*p).hnext;
            }
        }
        None
    }

    fn resize(&mut self, n: usize) {
        let mut nb: Vec<*mut LuaString> = vec![std::ptr::null_mut(); n];
        for &b in &self.buckets {
            let mut p = b;
            // SAFETY: walking live chains; each string is relinked exactly once.
            unsafe {
                while !p.is_null() {
                    let next = (*p).hnext;
                    let slot = &mut nb[(*p).hash as usize & (n - 1)];
                    (*p).hnext = *slot;
                    *slot = p;
                    p = next;
                }
            }
        }
        self.buckets = nb;
    }

    /// Frees unmarked strings and clears the marks of the others. Returns bytes freed.
    pub fn sweep(&mut self) -> usize {
        let mut freed = 0;
        for b in self.buckets.iter_mut() {
            let mut link: *mut *mut LuaString = b;
            // SAFETY: `link` always points at a valid chain link; freed strings are unlinked
            // before being freed.
            unsafe {
                while !(*link).is_null() {
                    let s = *link;
                    if (*s).hdr.marked & 1 == 0 && (*s).hdr.extra == 0 {
                        *link = (*s).hnext;
                        freed += LuaString::alloc_size((*s).len);
                        free_raw(s);
                        self.count -= 1;
                    } else {
                        (*s).hdr.marked = 0;
                        link = &mut (*s).hnext;
                    }
                }
            }
        }
        if self.count < self.buckets.len() / 4 && self.buckets.len() > 128 {
            self.resize(self.buckets.len() / 2);
        }
        freed
    }

    /// Frees every string (state teardown).
    pub fn free_all(&mut self) {
        for b in self.buckets.iter_mut() {
            let mut p = std::mem::replace(b, std::ptr::null_mut());
            // SAFETY: teardown; nothing references the strings any more.
            unsafe {
                while !p.is_null() {
                    let next = (*p).hnext;
                    free_raw(p);
                    p = next;
                }
            }
        }
        self.count = 0;
    }
}
