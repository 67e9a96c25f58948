//! The virtual machine: state and frames (`state`), the interpreter loop (`interp`), calls
//! and returns (`call`), number semantics (`arith`), comparisons (`compare`), tag methods
//! (`meta`) and error reporting with culprit naming (`debug`).
//!
//! Errors travel as `Err(Throw)`: the error value itself sits in `State::err_value` (a GC
//! root) with its kind in `State::err_status`, so `Throw` is zero-sized and cheap to return.
//! This file's only `unsafe` is the checked `TM` decoding.

pub mod arith;
pub mod call;
pub mod compare;
pub mod coro;
pub mod debug;
pub mod hooks;
pub mod interp;
pub mod interrupt;
pub mod meta;
pub mod state;

/// Marker for a raised Lua error; the value is in `State::err_value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct Throw;

/// Kinds of errors (PUC's status codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Runtime,
    Memory,
    /// Error while running the message handler.
    ErrErr,
}

/// Tag-method events, numbered exactly as PUC 5.4's `TMS` (MMBIN carries this number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum TM {
    Index = 0,
    NewIndex,
    Gc,
    Mode,
    Len,
    Eq,
    Add,
    Sub,
    Mul,
    Mod,
    Pow,
    Div,
    IDiv,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Unm,
    BNot,
    Lt,
    Le,
    Concat,
    Call,
    Close,
}

pub const TM_N: usize = 25;

pub const TM_NAMES: [&str; TM_N] = crescent_frontend::bytecode::disasm::EVENT_NAMES;

impl TM {
    pub fn from_u32(n: u32) -> Option<TM> {
        if (n as usize) < TM_N {
            // SAFETY: TM is repr(u8) with contiguous discriminants 0..TM_N.
            Some(unsafe { std::mem::transmute::<u8, TM>(n as u8) })
        } else {
            None
        }
    }
    pub fn name(self) -> &'static str {
        TM_NAMES[self as usize]
    }
}

/// Maximum Lua stack size in slots (LUAI_MAXSTACK).
pub const MAX_STACK: usize = 1_000_000;
/// Extra slots granted to handle a stack overflow error (ERRORSTACKSIZE).
pub const ERROR_STACK_SIZE: usize = MAX_STACK + 200;
/// Slots always available above `top` (EXTRA_STACK).
pub const EXTRA_STACK: usize = 5;
/// Slots guaranteed to a native function (LUA_MINSTACK).
pub const MIN_STACK: usize = 20;
/// Maximum nesting of native→Lua re-entries (LUAI_MAXCCALLS).
pub const MAX_CCALLS: u32 = 200;
/// Maximum length of `__index`/`__newindex` chains (MAXTAGLOOP).
pub const MAX_TAG_LOOP: usize = 2000;
/// `nresults` meaning "all results".
pub const MULTRET: i32 = -1;
