//! Functions: Lua closures, native closures, upvalues and loaded prototypes.
//!
//! A [`LProto`] is the runtime form of a frontend [`Proto`]: constants interned as [`Value`]s,
//! nested prototypes loaded recursively, the frontend `Rc<Proto>` kept for code, line info and
//! debug names. An [`LClosure`] stores its upvalue pointers inline after the header.
//! An [`UpVal`] is open while `v` points into the Lua stack (it is then on the state's
//! open-upvalue list, sorted by decreasing `level`) and closed once the value is copied into
//! `closed` and `v` points there. Uses `unsafe` (inline arrays, raw pointers).

use crate::gc::{GcHeader, Heap};
use crate::object::string::LuaString;
use crate::value::*;
use crescent_frontend::bytecode::opcodes::NUM_OPCODES;
use crescent_frontend::{Constant, Instr, Proto};
use std::alloc::{self, Layout};
use std::rc::Rc;

#[repr(C)]
pub struct UpVal {
    pub hdr: GcHeader,
    pub v: *mut Value,
    pub closed: Value,
    pub open_next: *mut UpVal,
    /// Stack index of the variable while open.
    pub level: usize,
}

#[repr(C)]
pub struct LProto {
    pub hdr: GcHeader,
    pub code: *const Instr,
    pub k: *const Value,
    pub numparams: u8,
    pub is_vararg: bool,
    pub maxstack: u8,
    pub consts: Box<[Value]>,
    pub protos: Box<[*mut LProto]>,
    pub source: *mut LuaString,
    pub src: Rc<Proto>,
    /// Hook for the JIT's per-instruction feedback (one cell per pc): loop counters at
    /// back-edges, operand types elsewhere (see `crate::jit`).
    pub feedback: Box<[u32]>,
    /// JIT state: activation counter and compiled code (`crate::jit::ProtoJit`).
    pub jit: crate::jit::ProtoJit,
}

#[repr(C)]
pub struct LClosure {
    pub hdr: GcHeader,
    pub proto: *mut LProto,
    pub nupvals: u32,
    // followed by `nupvals` `*mut UpVal`
}

const LCL_UPS: usize = std::mem::size_of::<LClosure>();

impl LClosure {
    #[inline(always)]
    pub fn upvals_ptr(&self) -> *mut *mut UpVal {
        // SAFETY: the upvalue array is allocated right after the struct.
        unsafe { (self as *const LClosure as *mut u8).add(LCL_UPS) as *mut *mut UpVal }
    }
    #[inline(always)]
    pub fn upval(&self, i: usize) -> *mut UpVal {
        // SAFETY: callers index below `nupvals` (bytecode operands are checked by the compiler).
        unsafe { *self.upvals_ptr().add(i) }
    }
    pub fn upvals(&self) -> &[*mut UpVal] {
        // SAFETY: `nupvals` initialised entries follow the struct.
        unsafe { std::slice::from_raw_parts(self.upvals_ptr(), self.nupvals as usize) }
    }
    pub fn alloc_size(n: usize) -> usize {
        LCL_UPS + n * std::mem::size_of::<*mut UpVal>()
    }
    fn layout(n: usize) -> Layout {
        Layout::from_size_align(Self::alloc_size(n), 8).expect("closure layout")
    }
    /// Allocates a closure with `n` null upvalue slots.
    pub fn alloc(proto: *mut LProto, n: usize) -> *mut LClosure {
        // SAFETY: non-zero layout; header and slots initialised before returning.
        unsafe {
            let p = alloc::alloc(Self::layout(n)) as *mut LClosure;
            if p.is_null() {
                alloc::handle_alloc_error(Self::layout(n));
            }
            p.write(LClosure {
                hdr: GcHeader {
                    next: std::ptr::null_mut(),
                    tt: T_LCL,
                    marked: 0,
                    extra: 0,
                },
                proto,
                nupvals: n as u32,
            });
            let ups = (*p).upvals_ptr();
            for i in 0..n {
                *ups.add(i) = std::ptr::null_mut();
            }
            p
        }
    }
    /// # Safety
    /// `p` comes from [`LClosure::alloc`] and is dead.
    pub unsafe fn free(p: *mut LClosure) {
        let n = (*p).nupvals as usize;
        alloc::dealloc(p as *mut u8, Self::layout(n));
    }
}

#[repr(C)]
pub struct NClosure {
    pub hdr: GcHeader,
    pub f: NativeFn,
    pub upvalues: Vec<Value>,
}

impl LProto {
    #[inline(always)]
    pub fn code(&self) -> &[Instr] {
        &self.src.code
    }
    /// Line of instruction `pc`.
    pub fn line(&self, pc: usize) -> i64 {
        self.src.line_info.get(pc).map(|&l| l as i64).unwrap_or(-1)
    }
    pub fn mem_size(&self) -> usize {
        std::mem::size_of::<LProto>()
            + self.consts.len() * 16
            + self.protos.len() * 8
            + self.src.code.len() * 4
    }
}

/// Loads a frontend prototype (recursively) into GC objects. Constants are interned.
/// Returns `None` when the bytecode uses an unknown opcode or is inconsistent.
pub fn load_proto(h: &mut Heap, p: &Rc<Proto>) -> Option<*mut LProto> {
    if p.code
        .iter()
        .any(|i| i.opcode_raw() as usize >= NUM_OPCODES)
        || p.code.is_empty()
    {
        return None;
    }
    if p.line_info.len() != p.code.len() {
        return None;
    }
    let mut consts = Vec::with_capacity(p.constants.len());
    for c in &p.constants {
        consts.push(match c {
            Constant::Nil => Value::NIL,
            Constant::Bool(b) => Value::bool(*b),
            Constant::Int(i) => Value::int(*i),
            Constant::Float(f) => Value::flt(*f),
            Constant::Str(s) => Value::str(h.new_str(s)?),
        });
    }
    let mut protos = Vec::with_capacity(p.protos.len());
    for sub in &p.protos {
        protos.push(load_proto(h, sub)?);
    }
    let source = h.new_str(&p.source)?;
    let consts = consts.into_boxed_slice();
    let lp = LProto {
        hdr: GcHeader {
            next: std::ptr::null_mut(),
            tt: T_PROTO,
            marked: 0,
            extra: 0,
        },
        code: p.code.as_ptr(),
        k: consts.as_ptr(),
        numparams: p.num_params,
        is_vararg: p.is_vararg,
        maxstack: p.max_stack_size.max(2),
        consts,
        protos: protos.into_boxed_slice(),
        source,
        src: p.clone(),
        feedback: crate::jit::new_feedback(p.code.len()),
        jit: crate::jit::ProtoJit::new(),
    };
    Some(h.new_proto(lp))
}
