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

pub use bytecode::dump::{dump, undump};
pub use bytecode::{Constant, Instr, Op, Proto};
use std::rc::Rc;

/// A compile error, already formatted as `lua5.4` formats it
/// (`chunk:line: message near 'token'`). The message is bytes, as Lua strings are: a token
/// quoted in it is the source's bytes, which need not be UTF-8.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub message: Vec<u8>,
}

/// The message of the parser's nesting limit (PUC's `luaE_checkcstack`). PUC raises it as a
/// runtime error, not a syntax error, so `load` treats it apart.
pub const C_STACK_OVERFLOW: &[u8] = b"C stack overflow";

impl SyntaxError {
    /// The message as text (bytes that are not UTF-8 shown as U+FFFD).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.message)
    }
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

/// Compiles a chunk. `chunkname` follows Lua's conventions (`@file.lua` for files, `=stdin`,
/// or the source text itself for strings) and is stored as the main proto's `source`.
/// The main function is vararg with one upvalue, `_ENV`.
pub fn compile<N: AsRef<[u8]> + ?Sized>(
    source: &[u8],
    chunkname: &N,
) -> Result<Rc<Proto>, SyntaxError> {
    parse::parse(source, chunkname.as_ref()).map(Rc::new)
}

/// What `luaL_loadfile` skips before compiling a file: a UTF-8 byte-order mark, and a first
/// line starting with `#` (Unix "shebang"), whose newline is kept so line numbers stay right.
pub fn strip_file_header(src: &[u8]) -> &[u8] {
    let src = src.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(src);
    if src.first() == Some(&b'#') {
        match src.iter().position(|&c| c == b'\n') {
            Some(nl) => &src[nl..],
            None => &[],
        }
    } else {
        src
    }
}

/// Disassembles a proto and all its nested functions, in the spirit of `luac -l -l`.
pub fn disassemble(proto: &Proto) -> String {
    bytecode::disasm::disassemble(proto)
}
