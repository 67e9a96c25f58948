//! Full userdata: a GC object with a metatable, 5.4's user values and a Rust payload.
//!
//! A [`Userdata`] (tag `T_UDATA`) is linked on `allgc` like every other object. Its payload
//! is a `Box<dyn Any>` (the library that created it downcasts with [`Userdata::payload`]);
//! `size` is the block size a C library would have asked for (`lua_newuserdatauv`'s `size`,
//! used only for memory accounting). The user values (`n` of them, nil at creation) are what
//! `debug.getuservalue`/`setuservalue` reach, through [`State::get_uservalue`] /
//! [`State::set_uservalue`]. The collector calls [`traverse`] (marks the metatable and the
//! user values) and [`free`] (drops the payload after any `__gc` ran). Metatables are set with
//! [`State::set_udata_metatable`], which also registers the object for finalization when the
//! metatable has `__gc` (as `lua_setmetatable` does). Uses `unsafe` (raw object pointers).

use crate::gc::{self, GcHeader, Heap};
use crate::object::table::Table;
use crate::value::*;
use crate::vm::state::State;
use crate::vm::Throw;
use std::any::Any;

#[repr(C)]
pub struct Userdata {
    pub hdr: GcHeader,
    pub metatable: *mut Table,
    /// User values (`lua_getiuservalue` index `i` is `uv[i - 1]`).
    pub uv: Box<[Value]>,
    /// Bytes a C library would have allocated for the block (accounting only).
    pub size: usize,
    pub payload: Box<dyn Any>,
}

impl Userdata {
    /// The payload as a `T`, if it is one.
    #[inline]
    pub fn payload<T: 'static>(&self) -> Option<&T> {
        self.payload.downcast_ref::<T>()
    }
    #[inline]
    pub fn payload_mut<T: 'static>(&mut self) -> Option<&mut T> {
        self.payload.downcast_mut::<T>()
    }
    fn mem_size(nuv: usize, size: usize) -> usize {
        std::mem::size_of::<Userdata>() + nuv * std::mem::size_of::<Value>() + size
    }
}

impl Value {
    #[inline(always)]
    pub fn udata(u: *mut Userdata) -> Value {
        Value {
            v: u as u64,
            tt: T_UDATA,
        }
    }
    #[inline(always)]
    pub fn is_udata(self) -> bool {
        self.tt == T_UDATA
    }
    #[inline(always)]
    pub fn as_udata(self) -> *mut Userdata {
        self.v as *mut Userdata
    }
}

/// Allocates a userdata with `nuv` nil user values and no metatable, linked on `allgc`.
/// `None` when over the memory limit.
pub fn new_userdata(
    h: &mut Heap,
    payload: Box<dyn Any>,
    nuv: usize,
    size: usize,
) -> Option<*mut Userdata> {
    let bytes = Userdata::mem_size(nuv, size);
    if !h.can_alloc(bytes) {
        return None;
    }
    let u = Box::into_raw(Box::new(Userdata {
        hdr: GcHeader {
            next: std::ptr::null_mut(),
            tt: T_UDATA,
            marked: 0,
            extra: 0,
        },
        metatable: std::ptr::null_mut(),
        uv: vec![Value::NIL; nuv].into_boxed_slice(),
        size,
        payload,
    }));
    h.link(u as *mut GcHeader, bytes);
    Some(u)
}

/// Marks what a (marked) userdata refers to.
///
/// # Safety
/// `u` is a live userdata.
pub(crate) unsafe fn traverse(h: &mut Heap, u: *mut Userdata) {
    let u = &*u;
    if !u.metatable.is_null() {
        h.mark_object(u.metatable as *mut GcHeader);
    }
    for &v in u.uv.iter() {
        h.mark_value(v);
    }
}

/// Frees a dead userdata (dropping its payload); returns the bytes it accounted for.
///
/// # Safety
/// `u` comes from [`new_userdata`], is unreachable and not used afterwards.
pub(crate) unsafe fn free(u: *mut Userdata) -> usize {
    let b = Box::from_raw(u);
    Userdata::mem_size(b.uv.len(), b.size)
}

impl State {
    /// A new userdata (`lua_newuserdatauv`) with `nuv` user values; not pushed.
    pub fn new_userdata(
        &mut self,
        payload: Box<dyn Any>,
        nuv: usize,
        size: usize,
    ) -> Result<Value, Throw> {
        match new_userdata(&mut self.heap, payload, nuv, size) {
            Some(u) => Ok(Value::udata(u)),
            None => Err(self.mem_error()),
        }
    }

    /// Sets (or clears, with null) the metatable of a userdata (`lua_setmetatable`), registering
    /// it for finalization when the metatable has `__gc`.
    pub fn set_udata_metatable(&mut self, v: Value, mt: *mut Table) {
        debug_assert!(v.is_udata());
        // SAFETY: `v` is a live userdata.
        unsafe { (*v.as_udata()).metatable = mt };
        if !mt.is_null() {
            gc::check_finalizer(self, v.as_gc(), mt);
        }
    }

    /// User value `n` (1-based) of a userdata (`lua_getiuservalue`): `None` when `v` is not a
    /// full userdata or has no such value (the caller pushes nil and returns LUA_TNONE).
    pub fn get_uservalue(&self, v: Value, n: i64) -> Option<Value> {
        if !v.is_udata() {
            return None;
        }
        // SAFETY: live userdata.
        let u = unsafe { &*v.as_udata() };
        if n < 1 || n as u64 > u.uv.len() as u64 {
            return None;
        }
        Some(u.uv[n as usize - 1])
    }

    /// Sets user value `n` (1-based) (`lua_setiuservalue`); false when there is no such value.
    pub fn set_uservalue(&mut self, v: Value, n: i64, val: Value) -> bool {
        if !v.is_udata() {
            return false;
        }
        // SAFETY: live userdata; collection is stop-the-world, so no barrier is needed.
        let u = unsafe { &mut *v.as_udata() };
        if n < 1 || n as u64 > u.uv.len() as u64 {
            return false;
        }
        u.uv[n as usize - 1] = val;
        true
    }

    /// The payload of argument `arg` if it is a full userdata holding a `T`.
    #[allow(clippy::mut_from_ref)]
    pub fn test_udata<T: 'static>(&self, arg: usize) -> Option<&mut T> {
        let v = self.arg(arg);
        if !v.is_udata() {
            return None;
        }
        // SAFETY: live userdata; the payload is only reached through one native at a time.
        unsafe { (*v.as_udata()).payload_mut::<T>() }
    }
}
