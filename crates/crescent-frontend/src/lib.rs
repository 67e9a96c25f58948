//! Crescent's front end: Lua 5.4 source to bytecode.
//!
//! Data flow: bytes → [`lex`] (tokens) → [`parse`] (single pass, PUC-style, emitting code
//! through [`code`]) → [`bytecode::Proto`]. This crate has no dependency on the runtime: its
//! output is plain data that the runtime loads.

pub mod bytecode;

pub use bytecode::{Constant, Instr, Op, Proto};
