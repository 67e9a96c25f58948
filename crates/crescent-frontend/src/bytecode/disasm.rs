//! The disassembler: a listing in the format of `luac5.4 -l -l` (header per function, one
//! line per instruction with pc, line, opcode, operands and luac's `; comment`, then
//! constants, locals and upvalues). Where luac prints a pointer, we print a function id
//! `F<n>` (functions numbered in pre-order, the main function is `F0`).

use super::opcodes::{Instr, Op, MAXARG_C};
use super::proto::{Constant, Proto};
use crate::number::{fmt_float, fmt_int};
use std::fmt::Write;

/// Names of the metamethod events in PUC's `TMS` order: MMBIN comments print them, and the
/// runtime's tag-method table is indexed by the same numbers.
pub const EVENT_NAMES: [&str; 25] = [
    "__index",
    "__newindex",
    "__gc",
    "__mode",
    "__len",
    "__eq",
    "__add",
    "__sub",
    "__mul",
    "__mod",
    "__pow",
    "__div",
    "__idiv",
    "__band",
    "__bor",
    "__bxor",
    "__shl",
    "__shr",
    "__unm",
    "__bnot",
    "__lt",
    "__le",
    "__concat",
    "__call",
    "__close",
];

/// Disassembles `proto` and its nested functions.
pub fn disassemble(proto: &Proto) -> String {
    let mut out = String::new();
    let mut next_id = 0;
    print_function(proto, &mut next_id, &mut out);
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Appends a string constant as luac's `PrintString` does.
fn push_string(s: &[u8], out: &mut String) {
    out.push('"');
    for &c in s {
        match c {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x07 => out.push_str("\\a"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x0b => out.push_str("\\v"),
            0x20..=0x7e => out.push(c as char),
            _ => {
                let _ = write!(out, "\\{c:03}");
            }
        }
    }
    out.push('"');
}

fn push_constant(k: Option<&Constant>, out: &mut String) {
    match k {
        Some(Constant::Nil) => out.push_str("nil"),
        Some(Constant::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
        Some(Constant::Float(f)) => {
            let mut v = Vec::new();
            fmt_float(*f, &mut v);
            out.push_str(&String::from_utf8_lossy(&v));
        }
        Some(Constant::Int(i)) => {
            let mut v = Vec::new();
            fmt_int(*i, &mut v);
            out.push_str(&String::from_utf8_lossy(&v));
        }
        Some(Constant::Str(s)) => push_string(s, out),
        None => out.push('?'),
    }
}

fn type_char(k: &Constant) -> char {
    match k {
        Constant::Nil => 'N',
        Constant::Bool(_) => 'B',
        Constant::Float(_) => 'F',
        Constant::Int(_) => 'I',
        Constant::Str(_) => 'S',
    }
}

fn upval_name(f: &Proto, i: u32) -> String {
    match f.upvalues.get(i as usize).and_then(|u| u.name.as_ref()) {
        Some(n) => String::from_utf8_lossy(n).into_owned(),
        None => "-".into(),
    }
}

fn event_name(c: u32) -> &'static str {
    EVENT_NAMES.get(c as usize).copied().unwrap_or("?")
}

fn print_header(f: &Proto, id: usize, out: &mut String) {
    let src = &f.source;
    let s = match src.first() {
        Some(b'@') | Some(b'=') => String::from_utf8_lossy(&src[1..]).into_owned(),
        Some(0x1b) => "(bstring)".into(),
        _ => "(string)".into(),
    };
    let n = f.code.len();
    let _ = writeln!(
        out,
        "\n{} <{}:{},{}> ({} instruction{} at F{})",
        if f.line_defined == 0 {
            "main"
        } else {
            "function"
        },
        s,
        f.line_defined,
        f.last_line_defined,
        n,
        plural(n),
        id
    );
    let np = f.num_params as usize;
    let ms = f.max_stack_size as usize;
    let nu = f.upvalues.len();
    let _ = write!(
        out,
        "{}{} param{}, {} slot{}, {} upvalue{}, ",
        np,
        if f.is_vararg { "+" } else { "" },
        plural(np),
        ms,
        plural(ms),
        nu,
        plural(nu)
    );
    let nl = f.loc_vars.len();
    let nk = f.constants.len();
    let nf = f.protos.len();
    let _ = writeln!(
        out,
        "{} local{}, {} constant{}, {} function{}",
        nl,
        plural(nl),
        nk,
        plural(nk),
        nf,
        plural(nf)
    );
}

fn print_code(f: &Proto, child_ids: &[usize], out: &mut String) {
    let code = &f.code;
    for (pc, &i) in code.iter().enumerate() {
        let line = f.line_info.get(pc).copied().unwrap_or(0);
        let _ = write!(out, "\t{}\t", pc + 1);
        if line > 0 {
            let _ = write!(out, "[{line}]\t");
        } else {
            out.push_str("[-]\t");
        }
        let Some(op) = Op::from_u8(i.opcode_raw()) else {
            let _ = writeln!(out, "<bad opcode {}>", i.opcode_raw());
            continue;
        };
        let _ = write!(out, "{:<9}\t", op.name());
        print_operands(f, code, pc, i, op, child_ids, out);
        out.push('\n');
    }
}

fn print_operands(
    f: &Proto,
    code: &[Instr],
    pc: usize,
    i: Instr,
    op: Op,
    child_ids: &[usize],
    out: &mut String,
) {
    let (a, b, c) = (i.a(), i.b(), i.c());
    let (sb, sc, bx, sbx) = (i.sb(), i.sc(), i.bx(), i.sbx());
    let isk = i.k() as u32;
    let ks = if i.k() { "k" } else { "" };
    let k = |n: u32| f.constants.get(n as usize);
    let extra = || code.get(pc + 1).map_or(0, |e| e.ax());
    let pc = pc as i64;
    const COMMENT: &str = "\t; ";
    match op {
        Op::Move | Op::Unm | Op::BNot | Op::Not | Op::Len | Op::Concat => {
            let _ = write!(out, "{a} {b}");
        }
        Op::LoadI | Op::LoadF => {
            let _ = write!(out, "{a} {sbx}");
        }
        Op::LoadK => {
            let _ = write!(out, "{a} {bx}{COMMENT}");
            push_constant(k(bx), out);
        }
        Op::LoadKX => {
            let _ = write!(out, "{a}{COMMENT}");
            push_constant(k(extra()), out);
        }
        Op::LoadFalse
        | Op::LFalseSkip
        | Op::LoadTrue
        | Op::Close
        | Op::Tbc
        | Op::Return1
        | Op::VarArgPrep => {
            let _ = write!(out, "{a}");
        }
        Op::LoadNil => {
            let _ = write!(out, "{a} {b}{COMMENT}{} out", b + 1);
        }
        Op::GetUpval | Op::SetUpval => {
            let _ = write!(out, "{a} {b}{COMMENT}{}", upval_name(f, b));
        }
        Op::GetTabUp => {
            let _ = write!(out, "{a} {b} {c}{COMMENT}{} ", upval_name(f, b));
            push_constant(k(c), out);
        }
        Op::GetTable | Op::GetI | Op::Add | Op::Sub | Op::Mul | Op::Mod | Op::Pow | Op::Div => {
            let _ = write!(out, "{a} {b} {c}");
        }
        Op::IDiv | Op::BAnd | Op::BOr | Op::BXor | Op::Shl | Op::Shr => {
            let _ = write!(out, "{a} {b} {c}");
        }
        Op::GetField
        | Op::AddK
        | Op::SubK
        | Op::MulK
        | Op::ModK
        | Op::PowK
        | Op::DivK
        | Op::IDivK
        | Op::BAndK
        | Op::BOrK
        | Op::BXorK => {
            let _ = write!(out, "{a} {b} {c}{COMMENT}");
            push_constant(k(c), out);
        }
        Op::SetTabUp => {
            let _ = write!(out, "{a} {b} {c}{ks}{COMMENT}{} ", upval_name(f, a));
            push_constant(k(b), out);
            if i.k() {
                out.push(' ');
                push_constant(k(c), out);
            }
        }
        Op::SetTable | Op::SetI | Op::SelfOp => {
            let _ = write!(out, "{a} {b} {c}{ks}");
            if i.k() {
                out.push_str(COMMENT);
                push_constant(k(c), out);
            }
        }
        Op::SetField => {
            let _ = write!(out, "{a} {b} {c}{ks}{COMMENT}");
            push_constant(k(b), out);
            if i.k() {
                out.push(' ');
                push_constant(k(c), out);
            }
        }
        Op::NewTable => {
            let _ = write!(out, "{a} {b} {c}{COMMENT}{}", c + extra() * (MAXARG_C + 1));
        }
        Op::AddI | Op::ShrI | Op::ShlI => {
            let _ = write!(out, "{a} {b} {sc}");
        }
        Op::MmBin => {
            let _ = write!(out, "{a} {b} {c}{COMMENT}{}", event_name(c));
        }
        Op::MmBinI => {
            let _ = write!(out, "{a} {sb} {c} {isk}{COMMENT}{}", event_name(c));
            if i.k() {
                out.push_str(" flip");
            }
        }
        Op::MmBinK => {
            let _ = write!(out, "{a} {b} {c} {isk}{COMMENT}{} ", event_name(c));
            push_constant(k(b), out);
            if i.k() {
                out.push_str(" flip");
            }
        }
        Op::Jmp => {
            let sj = i.sj();
            let _ = write!(out, "{sj}{COMMENT}to {}", sj as i64 + pc + 2);
        }
        Op::Eq | Op::Lt | Op::Le | Op::TestSet => {
            let _ = write!(out, "{a} {b} {isk}");
        }
        Op::EqK => {
            let _ = write!(out, "{a} {b} {isk}{COMMENT}");
            push_constant(k(b), out);
        }
        Op::EqI | Op::LtI | Op::LeI | Op::GtI | Op::GeI => {
            let _ = write!(out, "{a} {sb} {isk}");
        }
        Op::Test => {
            let _ = write!(out, "{a} {isk}");
        }
        Op::Call => {
            let _ = write!(out, "{a} {b} {c}{COMMENT}");
            if b == 0 {
                out.push_str("all in ");
            } else {
                let _ = write!(out, "{} in ", b as i64 - 1);
            }
            if c == 0 {
                out.push_str("all out");
            } else {
                let _ = write!(out, "{} out", c as i64 - 1);
            }
        }
        Op::TailCall => {
            let _ = write!(out, "{a} {b} {c}{ks}{COMMENT}{} in", b as i64 - 1);
        }
        Op::Return => {
            let _ = write!(out, "{a} {b} {c}{ks}{COMMENT}");
            if b == 0 {
                out.push_str("all out");
            } else {
                let _ = write!(out, "{} out", b as i64 - 1);
            }
        }
        Op::Return0 => {}
        Op::ForLoop | Op::TForLoop => {
            let _ = write!(out, "{a} {bx}{COMMENT}to {}", pc - bx as i64 + 2);
        }
        Op::ForPrep => {
            let _ = write!(out, "{a} {bx}{COMMENT}exit to {}", pc + bx as i64 + 3);
        }
        Op::TForPrep => {
            let _ = write!(out, "{a} {bx}{COMMENT}to {}", pc + bx as i64 + 2);
        }
        Op::TForCall => {
            let _ = write!(out, "{a} {c}");
        }
        Op::SetList => {
            let _ = write!(out, "{a} {b} {c}");
            if i.k() {
                let _ = write!(out, "{COMMENT}{}", c + extra() * (MAXARG_C + 1));
            }
        }
        Op::Closure => {
            let _ = write!(out, "{a} {bx}{COMMENT}");
            match child_ids.get(bx as usize) {
                Some(id) => {
                    let _ = write!(out, "F{id}");
                }
                None => out.push('?'),
            }
        }
        Op::VarArg => {
            let _ = write!(out, "{a} {c}{COMMENT}");
            if c == 0 {
                out.push_str("all out");
            } else {
                let _ = write!(out, "{} out", c as i64 - 1);
            }
        }
        Op::ExtraArg => {
            let _ = write!(out, "{}", i.ax());
        }
    }
}

fn print_debug(f: &Proto, id: usize, out: &mut String) {
    let _ = writeln!(out, "constants ({}) for F{}:", f.constants.len(), id);
    for (i, k) in f.constants.iter().enumerate() {
        let _ = write!(out, "\t{}\t{}\t", i, type_char(k));
        push_constant(Some(k), out);
        out.push('\n');
    }
    let _ = writeln!(out, "locals ({}) for F{}:", f.loc_vars.len(), id);
    for (i, v) in f.loc_vars.iter().enumerate() {
        let _ = writeln!(
            out,
            "\t{}\t{}\t{}\t{}",
            i,
            String::from_utf8_lossy(&v.name),
            v.start_pc + 1,
            v.end_pc + 1
        );
    }
    let _ = writeln!(out, "upvalues ({}) for F{}:", f.upvalues.len(), id);
    for (i, u) in f.upvalues.iter().enumerate() {
        let _ = writeln!(
            out,
            "\t{}\t{}\t{}\t{}",
            i,
            upval_name(f, i as u32),
            u.in_stack as u8,
            u.idx
        );
    }
}

/// Number of functions in the tree rooted at `f`.
fn count(f: &Proto) -> usize {
    1 + f.protos.iter().map(|p| count(p)).sum::<usize>()
}

fn print_function(f: &Proto, next_id: &mut usize, out: &mut String) {
    let id = *next_id;
    *next_id += 1;
    // pre-order ids of the children
    let mut child_ids = Vec::with_capacity(f.protos.len());
    let mut n = id + 1;
    for p in &f.protos {
        child_ids.push(n);
        n += count(p);
    }
    print_header(f, id, out);
    print_code(f, &child_ids, out);
    print_debug(f, id, out);
    for p in &f.protos {
        print_function(p, next_id, out);
    }
}
