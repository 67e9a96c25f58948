//! Lua values: the 16-byte tagged [`Value`] every tier shares.
//!
//! Layout (`#[repr(C)]`, fixed for machine code): bytes 0..8 the payload (i64, f64 bits, a raw
//! GC pointer or a native function pointer), byte 8 the tag, 7 bytes padding. Tags below
//! [`T_SHRSTR`] are immediates; tags from [`T_SHRSTR`] up are collectable and the payload points
//! to an object that starts with a [`GcHeader`](crate::gc::GcHeader).
//!
//! Falsiness is `tt <= T_FALSE`. This module has no `unsafe` beyond pointer casts of payloads
//! (dereferences happen in `gc`, `object` and `vm`).

use crate::gc::GcHeader;
use crate::object::closure::{LClosure, NClosure};
use crate::object::string::LuaString;
use crate::object::table::Table;
use crate::vm::state::State;
use crate::vm::Throw;

pub const T_NIL: u8 = 0;
pub const T_FALSE: u8 = 1;
pub const T_TRUE: u8 = 2;
pub const T_INT: u8 = 3;
pub const T_FLT: u8 = 4;
/// A native function without upvalues (PUC's light C function); payload is the fn pointer.
pub const T_LCF: u8 = 5;
/// Dead key in a table node (the payload still identifies the old key for `next`).
pub const T_DEADKEY: u8 = 6;
/// A light userdata (a raw address as an opaque value, e.g. `debug.upvalueid`); not collectable.
pub const T_LIGHTUD: u8 = 7;
pub const T_SHRSTR: u8 = 8;
pub const T_LNGSTR: u8 = 9;
pub const T_TABLE: u8 = 10;
pub const T_LCL: u8 = 11;
pub const T_NCL: u8 = 12;
pub const T_UDATA: u8 = 13;
pub const T_THREAD: u8 = 14;
/// Internal GC object kinds (never in a `Value`).
pub const T_PROTO: u8 = 15;
pub const T_UPVAL: u8 = 16;

/// Signature of native functions: arguments are the stack slots above the function, results
/// are the top `n` slots; returns `n`.
pub type NativeFn = fn(&mut State) -> Result<usize, Throw>;

/// Basic Lua types (`type()` names), indices into the per-type metatable array.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum LuaType {
    Nil = 0,
    Boolean = 1,
    Number = 3,
    String = 4,
    Table = 5,
    Function = 6,
    Userdata = 7,
    Thread = 8,
}
pub const NUM_TYPES: usize = 9;

impl LuaType {
    pub fn name(self) -> &'static str {
        match self {
            LuaType::Nil => "nil",
            LuaType::Boolean => "boolean",
            LuaType::Number => "number",
            LuaType::String => "string",
            LuaType::Table => "table",
            LuaType::Function => "function",
            LuaType::Userdata => "userdata",
            LuaType::Thread => "thread",
        }
    }
}

#[derive(Clone, Copy)]
#[repr(C)]
pub struct Value {
    pub v: u64,
    pub tt: u8,
}

pub static NIL: Value = Value { v: 0, tt: T_NIL };

impl Default for Value {
    #[inline(always)]
    fn default() -> Value {
        Value::NIL
    }
}

impl Value {
    pub const NIL: Value = Value { v: 0, tt: T_NIL };
    pub const FALSE: Value = Value { v: 0, tt: T_FALSE };
    pub const TRUE: Value = Value { v: 0, tt: T_TRUE };

    #[inline(always)]
    pub fn int(i: i64) -> Value {
        Value {
            v: i as u64,
            tt: T_INT,
        }
    }
    #[inline(always)]
    pub fn flt(f: f64) -> Value {
        Value {
            v: f.to_bits(),
            tt: T_FLT,
        }
    }
    #[inline(always)]
    pub fn bool(b: bool) -> Value {
        Value {
            v: 0,
            tt: if b { T_TRUE } else { T_FALSE },
        }
    }
    #[inline(always)]
    pub fn str(s: *mut LuaString) -> Value {
        // SAFETY: `s` is a live string object (caller's contract); reading its tag.
        let tt = unsafe { (*s).hdr.tt };
        Value { v: s as u64, tt }
    }
    #[inline(always)]
    pub fn table(t: *mut Table) -> Value {
        Value {
            v: t as u64,
            tt: T_TABLE,
        }
    }
    #[inline(always)]
    pub fn lcl(c: *mut LClosure) -> Value {
        Value {
            v: c as u64,
            tt: T_LCL,
        }
    }
    #[inline(always)]
    pub fn ncl(c: *mut NClosure) -> Value {
        Value {
            v: c as u64,
            tt: T_NCL,
        }
    }
    #[inline(always)]
    pub fn lcf(f: NativeFn) -> Value {
        Value {
            v: f as usize as u64,
            tt: T_LCF,
        }
    }

    #[inline(always)]
    pub fn is_nil(self) -> bool {
        self.tt == T_NIL
    }
    #[inline(always)]
    pub fn is_falsy(self) -> bool {
        self.tt <= T_FALSE
    }
    #[inline(always)]
    pub fn is_int(self) -> bool {
        self.tt == T_INT
    }
    #[inline(always)]
    pub fn is_flt(self) -> bool {
        self.tt == T_FLT
    }
    #[inline(always)]
    pub fn is_number(self) -> bool {
        self.tt == T_INT || self.tt == T_FLT
    }
    #[inline(always)]
    pub fn is_str(self) -> bool {
        self.tt == T_SHRSTR || self.tt == T_LNGSTR
    }
    #[inline(always)]
    pub fn is_table(self) -> bool {
        self.tt == T_TABLE
    }
    #[inline(always)]
    pub fn is_function(self) -> bool {
        matches!(self.tt, T_LCL | T_NCL | T_LCF)
    }
    #[inline(always)]
    pub fn is_collectable(self) -> bool {
        self.tt >= T_SHRSTR
    }
    #[inline(always)]
    pub fn as_int(self) -> i64 {
        self.v as i64
    }
    #[inline(always)]
    pub fn as_flt(self) -> f64 {
        f64::from_bits(self.v)
    }
    #[inline(always)]
    pub fn as_str(self) -> *mut LuaString {
        self.v as *mut LuaString
    }
    #[inline(always)]
    pub fn as_table(self) -> *mut Table {
        self.v as *mut Table
    }
    #[inline(always)]
    pub fn as_lcl(self) -> *mut LClosure {
        self.v as *mut LClosure
    }
    #[inline(always)]
    pub fn as_ncl(self) -> *mut NClosure {
        self.v as *mut NClosure
    }
    #[inline(always)]
    pub fn as_gc(self) -> *mut GcHeader {
        self.v as *mut GcHeader
    }
    #[inline(always)]
    pub fn as_lcf(self) -> NativeFn {
        // SAFETY: only called on T_LCF values, whose payload was made from a `NativeFn`.
        unsafe { std::mem::transmute::<usize, NativeFn>(self.v as usize) }
    }
    /// Bytes of a string value.
    #[inline(always)]
    pub fn str_bytes<'a>(self) -> &'a [u8] {
        // SAFETY: called on string values only; strings are immutable and live while reachable.
        unsafe { (*self.as_str()).bytes() }
    }

    pub fn ltype(self) -> LuaType {
        match self.tt {
            T_NIL => LuaType::Nil,
            T_FALSE | T_TRUE => LuaType::Boolean,
            T_INT | T_FLT => LuaType::Number,
            T_SHRSTR | T_LNGSTR => LuaType::String,
            T_TABLE => LuaType::Table,
            T_LCL | T_NCL | T_LCF => LuaType::Function,
            T_UDATA | T_LIGHTUD => LuaType::Userdata,
            T_THREAD => LuaType::Thread,
            _ => LuaType::Nil,
        }
    }
    pub fn type_name(self) -> &'static str {
        self.ltype().name()
    }

    /// Raw equality (`rawequal`, `luaV_rawequalobj`): no metamethods.
    #[inline]
    pub fn raw_eq(self, o: Value) -> bool {
        if self.tt == o.tt {
            match self.tt {
                T_NIL | T_FALSE | T_TRUE => true,
                T_FLT => self.as_flt() == o.as_flt(),
                T_LNGSTR => self.v == o.v || self.str_bytes() == o.str_bytes(),
                _ => self.v == o.v,
            }
        } else if self.tt == T_INT && o.tt == T_FLT {
            crate::vm::arith::flt_to_int_eq(o.as_flt()) == Some(self.as_int())
        } else if self.tt == T_FLT && o.tt == T_INT {
            crate::vm::arith::flt_to_int_eq(self.as_flt()) == Some(o.as_int())
        } else {
            false
        }
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.tt {
            T_NIL => write!(f, "nil"),
            T_FALSE => write!(f, "false"),
            T_TRUE => write!(f, "true"),
            T_INT => write!(f, "{}", self.as_int()),
            T_FLT => write!(f, "{:?}", self.as_flt()),
            T_SHRSTR | T_LNGSTR => write!(f, "{:?}", String::from_utf8_lossy(self.str_bytes())),
            _ => write!(f, "{}: {:#x}", self.type_name(), self.v),
        }
    }
}

const _: () = assert!(std::mem::size_of::<Value>() == 16);
