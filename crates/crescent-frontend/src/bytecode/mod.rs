//! Bytecode: the instruction table, prototypes and the disassembler.

pub mod disasm;
pub mod dump;
pub mod opcodes;
pub mod proto;

pub use opcodes::{Feedback, Instr, Op, OpMode};
pub use proto::{Constant, LocVar, Proto, UpvalDesc, VarKind};
