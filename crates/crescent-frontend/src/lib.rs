//! Crescent's front end: Lua 5.4 source to bytecode.
//!
//! Data flow: bytes → `lex` (tokens) → `parse` (single pass, PUC-style, emitting code
//! through `code`) → [`bytecode::Proto`]. This crate has no dependency on the runtime: its
//! output is plain data that the runtime loads.

pub mod bytecode;
mod code;
mod lex;
pub mod number;
mod parse;

pub use bytecode::{Constant, Instr, Op, Proto};
use std::rc::Rc;

/// A compile error, already formatted as `lua5.4` formats it
/// (`chunk:line: message near 'token'`).
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub message: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Compiles a chunk. `chunkname` follows Lua's conventions (`@file.lua` for files, `=stdin`,
/// or the source text itself for strings) and is stored as the main proto's `source`.
/// The main function is vararg with one upvalue, `_ENV`.
pub fn compile(source: &[u8], chunkname: &str) -> Result<Rc<Proto>, SyntaxError> {
    parse::parse(source, chunkname).map(Rc::new)
}

/// Disassembles a proto and all its nested functions, in the spirit of `luac -l -l`.
pub fn disassemble(proto: &Proto) -> String {
    bytecode::disasm::disassemble(proto)
}
