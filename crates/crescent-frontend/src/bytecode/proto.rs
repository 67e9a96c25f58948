//! Function prototypes: the compiler's output and the interpreter's input.
//!
//! A [`Proto`] is plain data with no GC references: constants are [`Constant`]s (strings as
//! bytes), nested functions are owned `Rc<Proto>`s. The runtime interns the constants when it
//! loads a prototype. Line info is one absolute line number per instruction (simpler for the
//! tiers than PUC's delta encoding).

use super::opcodes::Instr;
use std::rc::Rc;

/// A constant of a function's constant table.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A string constant (Lua strings are byte strings).
    Str(Rc<[u8]>),
}

/// Kind of a local variable / upvalue (PUC's VDKREG, RDKCONST, RDKTOCLOSE, RDKCTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum VarKind {
    #[default]
    Regular,
    Const,
    ToClose,
    CompileTimeConst,
}

/// How a closure captures an upvalue.
#[derive(Clone, Debug, PartialEq)]
pub struct UpvalDesc {
    /// Upvalue name (debug info), `None` when stripped.
    pub name: Option<Rc<[u8]>>,
    /// True: captures register `idx` of the enclosing function; false: its upvalue `idx`.
    pub in_stack: bool,
    pub idx: u8,
    pub kind: VarKind,
}

/// A local variable's name and live range (debug info), as in PUC's `LocVar`.
#[derive(Clone, Debug, PartialEq)]
pub struct LocVar {
    pub name: Rc<[u8]>,
    /// First pc where the variable is active.
    pub start_pc: u32,
    /// First pc where the variable is dead.
    pub end_pc: u32,
}

/// A compiled Lua function.
#[derive(Clone, Debug, PartialEq)]
pub struct Proto {
    /// Chunk name as given to the compiler (e.g. `@file.lua`, `=stdin`, or the source itself).
    pub source: Rc<[u8]>,
    pub line_defined: u32,
    pub last_line_defined: u32,
    pub num_params: u8,
    pub is_vararg: bool,
    /// Registers needed (PUC `maxstacksize`).
    pub max_stack_size: u8,
    pub code: Vec<Instr>,
    pub constants: Vec<Constant>,
    pub upvalues: Vec<UpvalDesc>,
    pub protos: Vec<Rc<Proto>>,
    /// Source line of each instruction (`line_info.len() == code.len()`).
    pub line_info: Vec<u32>,
    pub loc_vars: Vec<LocVar>,
}
