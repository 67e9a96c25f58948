//! Executable memory for compiled code: one reserved arena per code cache, written through a
//! read-write mapping and then flipped to read-execute with `mprotect`, so no page is ever
//! writable and executable at once (W^X; `tests/jit_wx.rs` checks `/proc/self/maps`).
//!
//! The arena is reserved `PROT_NONE` up front (virtual address space only) at the cache size;
//! [`CodeMem::alloc`] is a first-fit allocator over it (16-byte aligned blocks), and
//! [`CodeMem::free`] returns a block. This is the only module of the JIT that calls `mmap` and
//! `mprotect`; every `unsafe` block says why it is sound.

use std::collections::BTreeMap;

const ALIGN: usize = 16;

fn page_size() -> usize {
    // SAFETY: sysconf has no memory-safety preconditions.
    let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if p <= 0 {
        4096
    } else {
        p as usize
    }
}

pub struct CodeMem {
    base: *mut u8,
    cap: usize,
    page: usize,
    /// Live blocks: offset → size.
    blocks: BTreeMap<usize, usize>,
    used: usize,
}

impl CodeMem {
    /// Reserves `cap` bytes (rounded up to pages) of address space, inaccessible until written.
    pub fn new(cap: usize) -> Option<CodeMem> {
        let page = page_size();
        let cap = cap.max(page).div_ceil(page) * page;
        // SAFETY: an anonymous private mapping at an address of the kernel's choosing; no
        // existing memory is affected. PROT_NONE: neither writable nor executable.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                cap,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return None;
        }
        Some(CodeMem {
            base: p as *mut u8,
            cap,
            page,
            blocks: BTreeMap::new(),
            used: 0,
        })
    }

    pub fn capacity(&self) -> usize {
        self.cap
    }
    pub fn used(&self) -> usize {
        self.used
    }
    pub fn base(&self) -> *const u8 {
        self.base
    }

    /// Finds room for `size` bytes (first fit); returns the offset.
    pub fn alloc(&mut self, size: usize) -> Option<usize> {
        let size = size.div_ceil(ALIGN) * ALIGN;
        let mut at = 0usize;
        for (&off, &sz) in &self.blocks {
            if off - at >= size {
                break;
            }
            at = off + sz;
        }
        if at + size > self.cap {
            return None;
        }
        self.blocks.insert(at, size);
        self.used += size;
        Some(at)
    }

    /// Frees the block at `off`, filled with `int3` first: a stale return address into freed
    /// code traps at once instead of running whatever is compiled there next.
    pub fn free(&mut self, off: usize) {
        if let Some(&sz) = self.blocks.get(&off) {
            // (On failure the old code stays: the block is freed all the same.)
            let _ = self.write(off, &vec![0xCC; sz]);
            self.blocks.remove(&off);
            self.used -= sz;
        }
    }

    /// Copies `bytes` to the block at `off`: its pages become read-write (not executable),
    /// are written, and become read-execute (not writable).
    pub fn write(&mut self, off: usize, bytes: &[u8]) -> bool {
        assert!(off + bytes.len() <= self.cap);
        let start = off / self.page * self.page;
        // Also the page after code that ends near a page end: valgrind decodes a few bytes
        // past the last instruction and faults on a `PROT_NONE` page.
        let end = ((off + bytes.len() + 32).div_ceil(self.page) * self.page).min(self.cap);
        // SAFETY: [start, end) lies inside our own mapping (asserted above). While the pages
        // are RW no code in them runs: compiled code executes only on this thread, which is
        // here; other blocks sharing these pages are executed only after the flip back to RX.
        unsafe {
            let p = self.base.add(start) as *mut libc::c_void;
            if libc::mprotect(p, end - start, libc::PROT_READ | libc::PROT_WRITE) != 0 {
                return false;
            }
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), self.base.add(off), bytes.len());
            if libc::mprotect(p, end - start, libc::PROT_READ | libc::PROT_EXEC) != 0 {
                return false;
            }
        }
        true
    }

    /// Address of offset `off`.
    pub fn addr(&self, off: usize) -> *const u8 {
        // SAFETY: callers pass offsets of allocated blocks, inside the mapping.
        unsafe { self.base.add(off) }
    }
}

impl Drop for CodeMem {
    fn drop(&mut self) {
        // SAFETY: the mapping was created by `new` with this size and is unmapped once; no
        // compiled code runs any more (the owning state is being dropped).
        unsafe {
            libc::munmap(self.base as *mut libc::c_void, self.cap);
        }
    }
}
