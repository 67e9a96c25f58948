//! The global allocator: mimalloc, called through its C functions so that ordinary requests
//! take its fast path (see [`Mi`]). Uses `unsafe` (a `GlobalAlloc` implementation is unsafe by
//! definition; it only forwards to mimalloc).

/// `mimalloc::MiMalloc`, except that requests aligned to at most 8 bytes (nearly all: strings,
/// tables, value arrays) call `mi_malloc`, which always returns 8-byte aligned blocks.
/// `MiMalloc` passes every request to `mi_malloc_aligned`, whose fast path needs a free block
/// already in the size class's page; otherwise, for a size class that is not a power of two,
/// it over-allocates from a larger class, so the page of the right class is never refilled
/// and every such allocation takes the slow path (measured: ~300 instructions per string of
/// a k-mer in k_nucleotide).
pub struct Mi;

// SAFETY: every request is forwarded to mimalloc, which meets `GlobalAlloc`'s contract; the
// plain `mi_malloc`/`mi_zalloc`/`mi_realloc` are used only when the requested alignment is
// at most 8, which every mimalloc block satisfies.
unsafe impl std::alloc::GlobalAlloc for Mi {
    #[inline]
    unsafe fn alloc(&self, l: std::alloc::Layout) -> *mut u8 {
        if l.align() <= 8 {
            libmimalloc_sys::mi_malloc(l.size()) as *mut u8
        } else {
            libmimalloc_sys::mi_malloc_aligned(l.size(), l.align()) as *mut u8
        }
    }
    #[inline]
    unsafe fn alloc_zeroed(&self, l: std::alloc::Layout) -> *mut u8 {
        if l.align() <= 8 {
            libmimalloc_sys::mi_zalloc(l.size()) as *mut u8
        } else {
            libmimalloc_sys::mi_zalloc_aligned(l.size(), l.align()) as *mut u8
        }
    }
    #[inline]
    unsafe fn dealloc(&self, p: *mut u8, _l: std::alloc::Layout) {
        libmimalloc_sys::mi_free(p as *mut std::ffi::c_void);
    }
    #[inline]
    unsafe fn realloc(&self, p: *mut u8, l: std::alloc::Layout, n: usize) -> *mut u8 {
        let p = p as *mut std::ffi::c_void;
        if l.align() <= 8 {
            libmimalloc_sys::mi_realloc(p, n) as *mut u8
        } else {
            libmimalloc_sys::mi_realloc_aligned(p, n, l.align()) as *mut u8
        }
    }
}
