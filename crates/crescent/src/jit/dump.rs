//! `-jdump`: the bytecode of a compiled function interleaved with its machine code,
//! disassembled with `iced-x86` (Intel syntax). Addresses are offsets from the start of the
//! block and embedded absolute addresses (helpers, string constants) are printed by name, so
//! the text is the same from run to run (golden tests in `tests/golden-jit/`).

use crate::object::closure::LProto;
use iced_x86::{
    Decoder, DecoderOptions, Formatter, Instruction, IntelFormatter, SymbolResolver, SymbolResult,
};
use std::collections::HashMap;
use std::fmt::Write;

struct Syms(HashMap<u64, String>);

impl SymbolResolver for Syms {
    fn symbol(
        &mut self,
        _instruction: &Instruction,
        _operand: u32,
        _instruction_operand: Option<u32>,
        address: u64,
        _address_size: u32,
    ) -> Option<SymbolResult<'_>> {
        self.0
            .get(&address)
            .map(|s| SymbolResult::with_str(address, s.as_str()))
    }
}

/// One bytecode line in the style of `luac -l`.
fn bytecode_line(p: &LProto, pc: usize) -> String {
    let i = p.src.code[pc];
    let op = i.op();
    use crescent_frontend::bytecode::opcodes::OpMode;
    let args = match op.mode() {
        OpMode::iABC => format!(
            "{} {} {}{}",
            i.a(),
            i.b(),
            i.c(),
            if i.k() { "k" } else { "" }
        ),
        OpMode::iABx => format!("{} {}", i.a(), i.bx()),
        OpMode::iAsBx => format!("{} {}", i.a(), i.sbx()),
        OpMode::iAx => format!("{}", i.ax()),
        OpMode::isJ => format!("{}", i.sj()),
    };
    format!("; {:>4} [{}] {:<10} {}", pc, p.line(pc), op.name(), args)
}

/// The dump of one compiled function.
pub fn dump(p: &LProto, code: &[u8], pc_offsets: &[u32], symbols: &[(u64, String)]) -> String {
    let mut out = String::new();
    let src = crate::vm::debug::chunk_id(&p.src.source);
    let _ = writeln!(
        out,
        "==== function <{}:{}> ({} bytecodes, {} bytes of code)",
        String::from_utf8_lossy(&src),
        p.src.line_defined,
        p.src.code.len(),
        code.len()
    );
    let syms = Syms(symbols.iter().cloned().collect());
    let mut fmt = IntelFormatter::with_options(Some(Box::new(syms)), None);
    fmt.options_mut().set_space_after_operand_separator(true);
    fmt.options_mut().set_hex_prefix("0x");
    fmt.options_mut().set_hex_suffix("");
    fmt.options_mut().set_branch_leading_zeros(false);
    let mut starts: HashMap<u32, usize> = HashMap::new();
    for (pc, &o) in pc_offsets.iter().enumerate() {
        starts.insert(o, pc);
    }
    let mut dec = Decoder::with_ip(64, code, 0, DecoderOptions::NONE);
    let mut ins = Instruction::default();
    let mut text = String::new();
    let offsets = super::compile::state_offsets();
    if pc_offsets.first().copied().unwrap_or(0) > 0 {
        out.push_str("; entry\n");
    }
    while dec.can_decode() {
        dec.decode_out(&mut ins);
        let ip = ins.ip() as u32;
        if let Some(&pc) = starts.get(&ip) {
            // Several pcs can share an offset (instructions with no code).
            let mut first = pc;
            while first > 0 && pc_offsets[first - 1] == ip {
                first -= 1;
            }
            for q in first..=pc {
                out.push_str(&bytecode_line(p, q));
                out.push('\n');
            }
        }
        text.clear();
        fmt.format(&ins, &mut text);
        if let Some(pos) = text.find("[r12+0x") {
            let rest = &text[pos + 7..];
            if let Some(end) = rest.find(']') {
                if let Ok(off) = i32::from_str_radix(&rest[..end], 16) {
                    if let Some((_, name)) = offsets.iter().find(|(o, _)| *o == off) {
                        text = format!("{}[r12+{}{}", &text[..pos], name, &rest[end..]);
                    }
                }
            }
        }
        let _ = writeln!(out, "  {:05x}  {}", ip, text);
    }
    out
}
