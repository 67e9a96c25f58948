//! Binary chunks in PUC Lua 5.4's format (`ldump.c` / `lundump.c`), for `string.dump`,
//! `load` of binary chunks and `luac`-compatible files: [`dump`] writes a proto tree,
//! [`undump`] reads one back and verifies it, so that malformed or malicious chunks are
//! rejected with an error instead of reaching the interpreter (PUC does not verify).
//!
//! Line info is stored in PUC's delta encoding (`lineinfo` + `abslineinfo`), re-derived from
//! our absolute lines. A stripped chunk loads with all lines 0 ("unknown") and source `=?`.

use super::opcodes::{Instr, Op};
use super::proto::{Constant, LocVar, Proto, UpvalDesc, VarKind};
use crate::SyntaxError;
use std::rc::Rc;

const SIGNATURE: &[u8] = b"\x1bLua";
const VERSION: u8 = 0x54;
const FORMAT: u8 = 0;
const LUAC_DATA: &[u8] = b"\x19\x93\r\n\x1a\n";
const LUAC_INT: i64 = 0x5678;
const LUAC_NUM: f64 = 370.5;
/// Marks an absolute entry in `lineinfo` (`ABSLINEINFO`).
const ABSLINEINFO: i8 = -0x80;
/// Maximum run of relative line entries (`MAXIWTHABS`).
const MAXIWTHABS: u32 = 128;
/// Type tags of constants in a dump (`LUA_V*`).
const T_NIL: u8 = 0x00;
const T_FALSE: u8 = 0x01;
const T_TRUE: u8 = 0x11;
const T_INT: u8 = 0x03;
const T_FLT: u8 = 0x13;
const T_SHRSTR: u8 = 0x04;
const T_LNGSTR: u8 = 0x14;

/// Serializes `proto` (a main function) as a binary chunk; `strip` drops debug info.
pub fn dump(proto: &Proto, strip: bool) -> Vec<u8> {
    let mut d = Dumper {
        out: Vec::new(),
        strip,
    };
    d.out.extend_from_slice(SIGNATURE);
    d.out.push(VERSION);
    d.out.push(FORMAT);
    d.out.extend_from_slice(LUAC_DATA);
    d.out.extend_from_slice(&[4, 8, 8]);
    d.out.extend_from_slice(&LUAC_INT.to_le_bytes());
    d.out.extend_from_slice(&LUAC_NUM.to_le_bytes());
    d.out.push(proto.upvalues.len() as u8);
    d.function(proto, None);
    d.out
}

struct Dumper {
    out: Vec<u8>,
    strip: bool,
}

impl Dumper {
    /// `dumpSize`: 7 bits per byte, most significant first, last byte marked with 0x80.
    fn size(&mut self, mut x: usize) {
        let mut buf = [0u8; 10];
        let mut n = 0;
        loop {
            buf[9 - n] = (x & 0x7f) as u8;
            n += 1;
            x >>= 7;
            if x == 0 {
                break;
            }
        }
        buf[9] |= 0x80;
        self.out.extend_from_slice(&buf[10 - n..]);
    }

    fn string(&mut self, s: Option<&[u8]>) {
        match s {
            None => self.size(0),
            Some(s) => {
                self.size(s.len() + 1);
                self.out.extend_from_slice(s);
            }
        }
    }

    fn function(&mut self, f: &Proto, psource: Option<&[u8]>) {
        if self.strip || psource == Some(&f.source[..]) {
            self.string(None);
        } else {
            self.string(Some(&f.source));
        }
        self.size(f.line_defined as usize);
        self.size(f.last_line_defined as usize);
        self.out.push(f.num_params);
        self.out.push(f.is_vararg as u8);
        self.out.push(f.max_stack_size);
        self.size(f.code.len());
        for i in &f.code {
            self.out.extend_from_slice(&i.0.to_le_bytes());
        }
        self.size(f.constants.len());
        for k in &f.constants {
            match k {
                Constant::Nil => self.out.push(T_NIL),
                Constant::Bool(false) => self.out.push(T_FALSE),
                Constant::Bool(true) => self.out.push(T_TRUE),
                Constant::Int(i) => {
                    self.out.push(T_INT);
                    self.out.extend_from_slice(&i.to_le_bytes());
                }
                Constant::Float(x) => {
                    self.out.push(T_FLT);
                    self.out.extend_from_slice(&x.to_le_bytes());
                }
                Constant::Str(s) => {
                    self.out
                        .push(if s.len() <= 40 { T_SHRSTR } else { T_LNGSTR });
                    self.string(Some(s));
                }
            }
        }
        self.size(f.upvalues.len());
        for u in &f.upvalues {
            self.out.push(u.in_stack as u8);
            self.out.push(u.idx);
            self.out.push(match u.kind {
                VarKind::Regular => 0,
                VarKind::Const => 1,
                VarKind::ToClose => 2,
                VarKind::CompileTimeConst => 3,
            });
        }
        self.size(f.protos.len());
        for p in &f.protos {
            self.function(p, Some(&f.source));
        }
        self.debug(f);
    }

    fn debug(&mut self, f: &Proto) {
        let has_lines = !self.strip && f.line_info.iter().any(|&l| l != 0);
        if has_lines {
            let (rel, abs) = encode_lines(f);
            self.size(rel.len());
            self.out.extend(rel.iter().map(|&d| d as u8));
            self.size(abs.len());
            for (pc, line) in abs {
                self.size(pc);
                self.size(line as usize);
            }
        } else {
            self.size(0);
            self.size(0);
        }
        let n = if self.strip { 0 } else { f.loc_vars.len() };
        self.size(n);
        for v in &f.loc_vars[..n] {
            self.string(Some(&v.name));
            self.size(v.start_pc as usize);
            self.size(v.end_pc as usize);
        }
        let n = if self.strip { 0 } else { f.upvalues.len() };
        self.size(n);
        for u in &f.upvalues[..n] {
            self.string(u.name.as_deref());
        }
    }
}

/// PUC's line encoding (`savelineinfo`): deltas, with an absolute entry when a delta does
/// not fit in a byte or after `MAXIWTHABS` relative entries.
fn encode_lines(f: &Proto) -> (Vec<i8>, Vec<(usize, u32)>) {
    let mut rel = Vec::with_capacity(f.line_info.len());
    let mut abs = Vec::new();
    let mut previous = f.line_defined as i64;
    let mut iwthabs = 0;
    for (pc, &line) in f.line_info.iter().enumerate() {
        let mut linedif = line as i64 - previous;
        // `abs(linedif) >= LIMLINEDIFF || iwthabs++ >= MAXIWTHABS` (short-circuit)
        let absolute = if linedif.abs() >= 0x80 {
            true
        } else {
            let old = iwthabs;
            iwthabs += 1;
            old >= MAXIWTHABS
        };
        if absolute {
            abs.push((pc, line));
            linedif = ABSLINEINFO as i64;
            iwthabs = 1;
        }
        rel.push(linedif as i8);
        previous = line as i64;
    }
    (rel, abs)
}

/// Reads a binary chunk (`luaU_undump`). `chunkname` names the chunk in error messages, as
/// `load` does: `chunkname: bad binary format (truncated chunk)`.
pub fn undump(bytes: &[u8], chunkname: &str) -> Result<Rc<Proto>, SyntaxError> {
    let name = match chunkname.as_bytes().first() {
        Some(b'@') | Some(b'=') => &chunkname[1..],
        Some(0x1b) => "binary string",
        _ => chunkname,
    };
    let mut r = Loader {
        b: bytes,
        pos: 0,
        name,
    };
    r.header()?;
    r.byte()?; // number of upvalues of the main closure (its proto has them too)
    let p = r.function(None, 0)?;
    verify(&p, None).map_err(|why| r.error(&why))?;
    Ok(Rc::new(p))
}

struct Loader<'a> {
    b: &'a [u8],
    pos: usize,
    name: &'a str,
}

impl Loader<'_> {
    fn error(&self, why: &str) -> SyntaxError {
        SyntaxError {
            message: format!("{}: bad binary format ({})", self.name, why).into(),
        }
    }

    fn block(&mut self, n: usize) -> Result<&[u8], SyntaxError> {
        if self.b.len() - self.pos < n {
            return Err(self.error("truncated chunk"));
        }
        self.pos += n;
        Ok(&self.b[self.pos - n..self.pos])
    }

    fn byte(&mut self) -> Result<u8, SyntaxError> {
        Ok(self.block(1)?[0])
    }

    /// `loadUnsigned`
    fn unsigned(&mut self, limit: u64) -> Result<u64, SyntaxError> {
        let limit = limit >> 7;
        let mut x: u64 = 0;
        loop {
            let b = self.byte()?;
            if x >= limit {
                return Err(self.error("integer overflow"));
            }
            x = (x << 7) | (b & 0x7f) as u64;
            if b & 0x80 != 0 {
                return Ok(x);
            }
        }
    }

    fn size(&mut self) -> Result<usize, SyntaxError> {
        Ok(self.unsigned(u64::MAX)? as usize)
    }

    fn int(&mut self) -> Result<u32, SyntaxError> {
        Ok(self.unsigned(i32::MAX as u64)? as u32)
    }

    /// A count of items of at least `item` bytes each (rejects counts the input cannot hold).
    fn count(&mut self, item: usize) -> Result<usize, SyntaxError> {
        let n = self.int()? as usize;
        if n.saturating_mul(item) > self.b.len() - self.pos {
            return Err(self.error("truncated chunk"));
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<Option<Rc<[u8]>>, SyntaxError> {
        match self.size()? {
            0 => Ok(None),
            n => Ok(Some(Rc::from(self.block(n - 1)?))),
        }
    }

    fn u64(&mut self) -> Result<u64, SyntaxError> {
        let b = self.block(8)?;
        let mut w = [0u8; 8];
        w.copy_from_slice(b);
        Ok(u64::from_le_bytes(w))
    }

    fn literal(&mut self, lit: &[u8], msg: &str) -> Result<(), SyntaxError> {
        if self.block(lit.len())? != lit {
            return Err(self.error(msg));
        }
        Ok(())
    }

    /// `checkHeader`
    fn header(&mut self) -> Result<(), SyntaxError> {
        self.literal(SIGNATURE, "not a binary chunk")?;
        if self.byte()? != VERSION {
            return Err(self.error("version mismatch"));
        }
        if self.byte()? != FORMAT {
            return Err(self.error("format mismatch"));
        }
        self.literal(LUAC_DATA, "corrupted chunk")?;
        for (size, what) in [(4, "Instruction"), (8, "lua_Integer"), (8, "lua_Number")] {
            if self.byte()? != size {
                return Err(self.error(&format!("{what} size mismatch")));
            }
        }
        if self.u64()? as i64 != LUAC_INT {
            return Err(self.error("integer format mismatch"));
        }
        if f64::from_bits(self.u64()?) != LUAC_NUM {
            return Err(self.error("float format mismatch"));
        }
        Ok(())
    }

    /// `loadFunction`
    fn function(&mut self, psource: Option<&Rc<[u8]>>, depth: u32) -> Result<Proto, SyntaxError> {
        if depth > 200 {
            return Err(self.error("functions nested too deeply"));
        }
        let source = match (self.string()?, psource) {
            (Some(s), _) => s,
            (None, Some(p)) => Rc::clone(p),
            (None, None) => Rc::from(&b"=?"[..]),
        };
        let line_defined = self.int()?;
        let last_line_defined = self.int()?;
        let num_params = self.byte()?;
        let is_vararg = self.byte()? != 0;
        let max_stack_size = self.byte()?;
        let n = self.count(4)?;
        let mut code = Vec::with_capacity(n);
        for _ in 0..n {
            let b = self.block(4)?;
            code.push(Instr(u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
        }
        let n = self.count(1)?;
        let mut constants = Vec::with_capacity(n);
        for _ in 0..n {
            constants.push(match self.byte()? {
                T_NIL => Constant::Nil,
                T_FALSE => Constant::Bool(false),
                T_TRUE => Constant::Bool(true),
                T_INT => Constant::Int(self.u64()? as i64),
                T_FLT => Constant::Float(f64::from_bits(self.u64()?)),
                T_SHRSTR | T_LNGSTR => match self.string()? {
                    Some(s) => Constant::Str(s),
                    None => return Err(self.error("missing string constant")),
                },
                _ => return Err(self.error("unknown constant type")),
            });
        }
        let n = self.count(3)?;
        let mut upvalues = Vec::with_capacity(n);
        for _ in 0..n {
            let b = self.block(3)?;
            let kind = match b[2] {
                0 => VarKind::Regular,
                1 => VarKind::Const,
                2 => VarKind::ToClose,
                3 => VarKind::CompileTimeConst,
                _ => return Err(self.error("bad upvalue kind")),
            };
            upvalues.push(UpvalDesc {
                name: None,
                in_stack: b[0] != 0,
                idx: b[1],
                kind,
            });
        }
        let n = self.count(1)?;
        let mut protos = Vec::with_capacity(n);
        for _ in 0..n {
            protos.push(Rc::new(self.function(Some(&source), depth + 1)?));
        }
        // debug info
        let n = self.count(1)?;
        let rel: Vec<i8> = self.block(n)?.iter().map(|&b| b as i8).collect();
        let n = self.count(2)?;
        let mut abs = Vec::with_capacity(n);
        for _ in 0..n {
            abs.push((self.int()? as usize, self.int()?));
        }
        let line_info = decode_lines(line_defined, code.len(), &rel, &abs);
        let n = self.count(3)?;
        let mut loc_vars = Vec::with_capacity(n);
        for _ in 0..n {
            let name = self.string()?.unwrap_or_else(|| Rc::from(&b"?"[..]));
            let start_pc = self.int()?;
            let end_pc = self.int()?;
            loc_vars.push(LocVar {
                name,
                start_pc,
                end_pc,
            });
        }
        let n = self.count(1)?;
        if n > upvalues.len() {
            return Err(self.error("too many upvalue names"));
        }
        for u in upvalues.iter_mut().take(n) {
            u.name = self.string()?;
        }
        Ok(Proto {
            source,
            line_defined,
            last_line_defined,
            num_params,
            is_vararg,
            max_stack_size,
            code,
            constants,
            upvalues,
            protos,
            line_info,
            loc_vars,
        })
    }
}

/// Absolute lines from PUC's encoding (`luaG_getfuncline` for every pc); all 0 when the
/// chunk has no line info for this function.
fn decode_lines(line_defined: u32, ncode: usize, rel: &[i8], abs: &[(usize, u32)]) -> Vec<u32> {
    if rel.len() != ncode {
        return vec![0; ncode];
    }
    let mut out = Vec::with_capacity(ncode);
    let mut line = line_defined as i64;
    let mut ai = 0;
    for (pc, &d) in rel.iter().enumerate() {
        while ai < abs.len() && abs[ai].0 < pc {
            ai += 1;
        }
        if ai < abs.len() && abs[ai].0 == pc {
            line = abs[ai].1 as i64;
        } else {
            line += d as i64;
        }
        out.push(line.clamp(0, u32::MAX as i64) as u32);
    }
    out
}

/// `isOT`: the instruction leaves an open number of results on the stack.
fn is_ot(i: Instr) -> bool {
    match Op::from_u8(i.opcode_raw()) {
        Some(Op::TailCall) => true,
        Some(op) => op.sets_top() && i.c() == 0,
        None => false,
    }
}

/// Checks that a loaded function cannot make the interpreter misbehave: valid opcodes,
/// registers below `max_stack_size`, constant/upvalue/function indices in range, constant
/// types the instructions assume, jump targets inside the code, tests followed by jumps,
/// open-result instructions where "top" is used, and a final return.
pub fn verify(f: &Proto, parent: Option<&Proto>) -> Result<(), String> {
    let n = f.code.len();
    let ms = f.max_stack_size as u32;
    let nk = f.constants.len() as u32;
    let nup = f.upvalues.len() as u32;
    if f.num_params as u32 > ms {
        return Err("too many parameters".into());
    }
    match f.code.last().and_then(|i| Op::from_u8(i.opcode_raw())) {
        Some(Op::Return | Op::Return0 | Op::Return1) => {}
        _ => return Err("function does not end with a return".into()),
    }
    let reg = |r: u32| {
        if r < ms {
            Ok(())
        } else {
            Err(format!("register {r} out of range"))
        }
    };
    let regs = |a: u32, count: u32| {
        if a + count <= ms {
            Ok(())
        } else {
            Err(format!("registers {a}..{} out of range", a + count))
        }
    };
    let kidx = |k: u32| {
        if k < nk {
            Ok(())
        } else {
            Err(format!("constant {k} out of range"))
        }
    };
    let kstr = |k: u32| match f.constants.get(k as usize) {
        Some(Constant::Str(_)) => Ok(()),
        _ => Err(format!("constant {k} is not a string")),
    };
    let kint = |k: u32| match f.constants.get(k as usize) {
        Some(Constant::Int(_)) => Ok(()),
        _ => Err(format!("constant {k} is not an integer")),
    };
    let up = |u: u32| {
        if u < nup {
            Ok(())
        } else {
            Err(format!("upvalue {u} out of range"))
        }
    };
    let target = |pc: usize, off: i64| {
        let t = pc as i64 + 1 + off;
        if (0..n as i64).contains(&t) {
            Ok(())
        } else {
            Err(format!("jump at {pc} out of range"))
        }
    };
    for (pc, &i) in f.code.iter().enumerate() {
        let Some(op) = Op::from_u8(i.opcode_raw()) else {
            return Err(format!("bad opcode at {pc}"));
        };
        let (a, b, c, k) = (i.a(), i.b(), i.c(), i.k());
        if op.is_test() && f.code.get(pc + 1).map(|j| j.opcode_raw()) != Some(Op::Jmp as u8) {
            return Err(format!("test at {pc} not followed by a jump"));
        }
        let uses_top = op.uses_top() && b == 0 && op != Op::VarArgPrep;
        if uses_top && (pc == 0 || !is_ot(f.code[pc - 1])) {
            return Err(format!("instruction at {pc} uses an unset top"));
        }
        let needs_extra =
            matches!(op, Op::LoadKX) || (matches!(op, Op::NewTable | Op::SetList) && k);
        if needs_extra && f.code.get(pc + 1).map(|j| j.opcode_raw()) != Some(Op::ExtraArg as u8) {
            return Err(format!("missing extra argument at {pc}"));
        }
        match op {
            Op::Move | Op::Unm | Op::BNot | Op::Not | Op::Len => {
                reg(a)?;
                reg(b)?;
            }
            Op::LoadI | Op::LoadF | Op::LoadFalse | Op::LFalseSkip | Op::LoadTrue => reg(a)?,
            Op::LoadK => {
                reg(a)?;
                kidx(i.bx())?;
            }
            Op::LoadKX => {
                reg(a)?;
                kidx(f.code[pc + 1].ax())?;
            }
            Op::LoadNil => regs(a, b + 1)?,
            Op::GetUpval | Op::SetUpval => {
                reg(a)?;
                up(b)?;
            }
            Op::GetTabUp => {
                reg(a)?;
                up(b)?;
                kstr(c)?;
            }
            Op::GetTable => {
                reg(a)?;
                reg(b)?;
                reg(c)?;
            }
            Op::GetI => {
                reg(a)?;
                reg(b)?;
            }
            Op::GetField => {
                reg(a)?;
                reg(b)?;
                kstr(c)?;
            }
            Op::SetTabUp => {
                up(a)?;
                kstr(b)?;
                if k {
                    kidx(c)?
                } else {
                    reg(c)?
                }
            }
            Op::SetTable | Op::SetI | Op::SetField => {
                reg(a)?;
                match op {
                    Op::SetTable => reg(b)?,
                    Op::SetField => kstr(b)?,
                    _ => {}
                }
                if k {
                    kidx(c)?
                } else {
                    reg(c)?
                }
            }
            Op::NewTable => {
                reg(a)?;
                // The interpreter computes the sizes in 32 bits: hash 1 << (B - 1), array
                // C + EXTRAARG * (MAXARG_C + 1).
                let extra = if k {
                    f.code.get(pc + 1).map_or(0, |j| j.ax())
                } else {
                    0
                };
                if b > 32 || extra >= 1 << 24 {
                    return Err(format!("table size out of range at {pc}"));
                }
            }
            Op::SelfOp => {
                regs(a, 2)?;
                reg(b)?;
                if k {
                    kstr(c)?
                } else {
                    reg(c)?
                }
            }
            Op::AddI | Op::ShrI | Op::ShlI => {
                reg(a)?;
                reg(b)?;
            }
            Op::AddK | Op::SubK | Op::MulK | Op::ModK | Op::PowK | Op::DivK | Op::IDivK => {
                reg(a)?;
                reg(b)?;
                kidx(c)?;
            }
            Op::BAndK | Op::BOrK | Op::BXorK => {
                reg(a)?;
                reg(b)?;
                kint(c)?;
            }
            Op::Add
            | Op::Sub
            | Op::Mul
            | Op::Mod
            | Op::Pow
            | Op::Div
            | Op::IDiv
            | Op::BAnd
            | Op::BOr
            | Op::BXor
            | Op::Shl
            | Op::Shr => {
                reg(a)?;
                reg(b)?;
                reg(c)?;
            }
            Op::MmBin => {
                reg(a)?;
                reg(b)?;
            }
            Op::MmBinI => reg(a)?,
            Op::MmBinK => {
                reg(a)?;
                kidx(b)?;
            }
            Op::Concat => {
                if b < 2 {
                    return Err(format!("bad CONCAT at {pc}"));
                }
                regs(a, b)?;
            }
            Op::Close | Op::Tbc => reg(a)?,
            Op::Jmp => target(pc, i.sj() as i64)?,
            Op::Eq | Op::Lt | Op::Le => {
                reg(a)?;
                reg(b)?;
            }
            Op::EqK => {
                reg(a)?;
                kidx(b)?;
            }
            Op::EqI | Op::LtI | Op::LeI | Op::GtI | Op::GeI | Op::Test => reg(a)?,
            Op::TestSet => {
                reg(a)?;
                reg(b)?;
            }
            Op::Call | Op::TailCall => {
                reg(a)?;
                if b > 0 {
                    regs(a, b)?;
                }
                if c > 1 {
                    regs(a, c - 1)?;
                }
            }
            Op::Return => {
                if b > 0 {
                    regs(a, b - 1)?;
                }
            }
            Op::Return0 => {}
            Op::Return1 => reg(a)?,
            Op::ForLoop => {
                regs(a, 4)?;
                target(pc, -(i.bx() as i64))?;
            }
            Op::ForPrep => {
                regs(a, 4)?;
                target(pc, i.bx() as i64 + 1)?;
            }
            Op::TForPrep => {
                regs(a, 4)?;
                target(pc, i.bx() as i64)?;
                let t = pc + 1 + i.bx() as usize;
                if f.code[t].opcode_raw() != Op::TForCall as u8 {
                    return Err(format!("TFORPREP at {pc} does not reach a TFORCALL"));
                }
            }
            Op::TForCall => {
                regs(a, 4 + c.max(3))?;
                if f.code.get(pc + 1).map(|j| j.opcode_raw()) != Some(Op::TForLoop as u8) {
                    return Err(format!("TFORCALL at {pc} not followed by TFORLOOP"));
                }
            }
            Op::TForLoop => {
                regs(a, 4)?;
                target(pc, -(i.bx() as i64))?;
            }
            Op::SetList => {
                regs(a, b + 1)?;
            }
            Op::Closure => {
                reg(a)?;
                if i.bx() as usize >= f.protos.len() {
                    return Err(format!("function {} out of range", i.bx()));
                }
            }
            Op::VarArg => {
                reg(a)?;
                if c > 1 {
                    regs(a, c - 1)?;
                }
            }
            Op::VarArgPrep => {
                if !f.is_vararg {
                    return Err("VARARGPREP in a fixed-argument function".into());
                }
            }
            Op::ExtraArg => {}
        }
    }
    if let Some(p) = parent {
        for u in &f.upvalues {
            let ok = if u.in_stack {
                (u.idx as u32) < p.max_stack_size as u32
            } else {
                (u.idx as usize) < p.upvalues.len()
            };
            if !ok {
                return Err("upvalue index out of range".into());
            }
        }
    }
    for p in &f.protos {
        verify(p, Some(f))?;
    }
    Ok(())
}
