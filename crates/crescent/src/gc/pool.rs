//! Pools of freed small table parts: array parts of capacity 2 and 4 values and hash parts
//! of 1, 2, 4 and 8 nodes, linked through their first word. Programs that build many small
//! tables (`{a, b}` pairs, `{x = .., y = .., z = ..}` vectors) free them in bursts at each
//! sweep and allocate them again right after; a pool's LIFO reuse of still-cached blocks,
//! cleared with fixed-size stores, beats `malloc` + `memset` (`calloc`) and `free`. Pooled
//! memory is not counted in the heap's `total`; each class keeps at most `POOL_MAX` blocks.
//! Uses `unsafe` (raw blocks).

use crate::object::table::Node;
use crate::value::Value;

/// Number of size classes.
const CLASSES: usize = 6;
/// Bytes of a block of each class: arrays of 2 and 4 values, 1, 2, 4 and 8 nodes.
const CLASS_BYTES: [usize; CLASSES] = [32, 64, 24, 48, 96, 192];
/// At most this many freed blocks are kept per class (at most 2, 4, 1.5, 3, 6 and 12 MB).
const POOL_MAX: u32 = 1 << 16;

/// The pool class of an array part of capacity `cap` (values), if pooled.
#[inline(always)]
pub(crate) fn array_class(cap: usize) -> Option<usize> {
    match cap {
        2 => Some(0),
        4 => Some(1),
        _ => None,
    }
}

/// The pool class of a hash part of `2^lsize` nodes, if pooled.
#[inline(always)]
pub(crate) fn node_class(lsize: u8) -> Option<usize> {
    if lsize <= 3 {
        Some(2 + lsize as usize)
    } else {
        None
    }
}

pub(crate) struct PartPool {
    head: [*mut u8; CLASSES],
    len: [u32; CLASSES],
}

impl PartPool {
    pub(crate) fn new() -> PartPool {
        PartPool {
            head: [std::ptr::null_mut(); CLASSES],
            len: [0; CLASSES],
        }
    }

    /// A pooled block of class `c` (unspecified contents), or null when there is none.
    #[inline(always)]
    fn take(&mut self, c: usize) -> *mut u8 {
        let p = self.head[c];
        if !p.is_null() {
            // SAFETY: pooled blocks are unused allocations whose first word links the pool.
            self.head[c] = unsafe { *(p as *mut *mut u8) };
            self.len[c] -= 1;
        }
        p
    }

    /// An array part of capacity `cap` (2 or 4) with every value nil, or null when the pool
    /// has none (the caller allocates).
    #[inline(always)]
    pub(crate) fn take_array(&mut self, cap: usize) -> *mut Value {
        let Some(c) = array_class(cap) else {
            return std::ptr::null_mut();
        };
        let p = self.take(c) as *mut Value;
        if !p.is_null() {
            // SAFETY: a block of `cap` values (class `c`); fixed-size stores, no `memset` call.
            unsafe {
                if c == 0 {
                    (p as *mut [Value; 2]).write([Value::NIL; 2]);
                } else {
                    (p as *mut [Value; 4]).write([Value::NIL; 4]);
                }
            }
        }
        p
    }

    /// A hash part of `2^lsize` empty nodes, or null when the pool has none.
    #[inline(always)]
    pub(crate) fn take_nodes(&mut self, lsize: u8) -> *mut Node {
        let Some(c) = node_class(lsize) else {
            return std::ptr::null_mut();
        };
        let p = self.take(c) as *mut Node;
        if !p.is_null() {
            // SAFETY: a block of `2^lsize` nodes (class `c`).
            unsafe {
                match lsize {
                    0 => (p as *mut [Node; 1]).write([Node::EMPTY; 1]),
                    1 => (p as *mut [Node; 2]).write([Node::EMPTY; 2]),
                    2 => (p as *mut [Node; 4]).write([Node::EMPTY; 4]),
                    _ => (p as *mut [Node; 8]).write([Node::EMPTY; 8]),
                }
            }
        }
        p
    }

    /// Keeps the unused block `p` of class `c`; false (the caller frees it) when the class
    /// is full.
    ///
    /// # Safety
    /// `p` is an allocation of `CLASS_BYTES[c]` bytes with alignment 8 that nothing uses.
    #[inline(always)]
    unsafe fn give(&mut self, c: usize, p: *mut u8) -> bool {
        if self.len[c] >= POOL_MAX {
            return false;
        }
        *(p as *mut *mut u8) = self.head[c];
        self.head[c] = p;
        self.len[c] += 1;
        true
    }

    /// Keeps an unused array part of capacity `cap`; false when it is not pooled.
    ///
    /// # Safety
    /// `p` was allocated for `cap` values (`Layout::array::<Value>(cap)`) and is unused.
    #[inline(always)]
    pub(crate) unsafe fn give_array(&mut self, p: *mut Value, cap: usize) -> bool {
        match array_class(cap) {
            Some(c) => self.give(c, p as *mut u8),
            None => false,
        }
    }

    /// Keeps an unused hash part of `2^lsize` nodes; false when it is not pooled.
    ///
    /// # Safety
    /// `p` was allocated for `2^lsize` nodes (`Layout::array::<Node>(..)`) and is unused.
    #[inline(always)]
    pub(crate) unsafe fn give_nodes(&mut self, p: *mut Node, lsize: u8) -> bool {
        match node_class(lsize) {
            Some(c) => self.give(c, p as *mut u8),
            None => false,
        }
    }

    /// Frees every pooled block.
    pub(crate) fn free_all(&mut self) {
        for c in 0..CLASSES {
            let layout =
                std::alloc::Layout::from_size_align(CLASS_BYTES[c], 8).expect("pool layout");
            let mut p = std::mem::replace(&mut self.head[c], std::ptr::null_mut());
            while !p.is_null() {
                // SAFETY: pooled blocks are unused allocations of this layout (the layouts of
                // `Value` arrays and `Node` arrays: 16- and 24-byte elements, alignment 8),
                // linked through their first word.
                unsafe {
                    let next = *(p as *mut *mut u8);
                    std::alloc::dealloc(p, layout);
                    p = next;
                }
            }
            self.len[c] = 0;
        }
    }
}

const _: () = {
    assert!(std::mem::size_of::<Value>() == 16 && std::mem::align_of::<Value>() == 8);
    assert!(std::mem::size_of::<Node>() == 24 && std::mem::align_of::<Node>() == 8);
};
