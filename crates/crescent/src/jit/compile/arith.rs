//! Arithmetic templates of the baseline compiler: integer and float fast paths with Lua 5.4's
//! overflow and conversion rules; the rest goes to `h_arith` (then MMBIN).

use super::*;

impl Cx<'_> {
    /// Loads register `off` as a float into xmm0 (`second` false) or xmm1, converting an
    /// integer; jumps to `slow` for other types.
    pub(super) fn load_flt_reg(&mut self, off: i32, second: bool, slow: DynamicLabel) {
        let isf = self.ops.new_dynamic_label();
        let done = self.ops.new_dynamic_label();
        asm!(self.ops
            ; cmp BYTE [r13 + off + 8], T_FLT as i8
            ; je =>isf
            ; cmp BYTE [r13 + off + 8], T_INT as i8
            ; jne =>slow
        );
        if second {
            asm!(self.ops ; cvtsi2sd xmm1, QWORD [r13 + off] ; jmp =>done ; =>isf ; movsd xmm1, [r13 + off] ; =>done);
        } else {
            asm!(self.ops ; cvtsi2sd xmm0, QWORD [r13 + off] ; jmp =>done ; =>isf ; movsd xmm0, [r13 + off] ; =>done);
        }
    }

    /// Loads register `off` into xmm0 (`second` false) or xmm1 as a float for an order
    /// comparison: a float as is, an integer only when the conversion is exact (|i| <= 2^53,
    /// PUC's `l_intfitsf`); other values and larger integers jump to `slow`.
    pub(super) fn load_num_exact(&mut self, off: i32, second: bool, slow: DynamicLabel) {
        let isf = self.ops.new_dynamic_label();
        let done = self.ops.new_dynamic_label();
        asm!(self.ops
            ; cmp BYTE [r13 + off + 8], T_FLT as i8
            ; je =>isf
            ; cmp BYTE [r13 + off + 8], T_INT as i8
            ; jne =>slow
            ; mov rax, [r13 + off]
            ; mov rcx, QWORD 1i64 << 53
            ; add rcx, rax
            ; mov rdx, QWORD 1i64 << 54
            ; cmp rcx, rdx
            ; ja =>slow
        );
        if second {
            asm!(self.ops ; cvtsi2sd xmm1, rax ; jmp =>done ; =>isf ; movsd xmm1, [r13 + off] ; =>done);
        } else {
            asm!(self.ops ; cvtsi2sd xmm0, rax ; jmp =>done ; =>isf ; movsd xmm0, [r13 + off] ; =>done);
        }
    }

    /// As `load_flt_reg`, laid out for floats: a float falls through; an integer is
    /// converted out of line; other values jump to `other`.
    pub(super) fn load_flt_first(
        &mut self,
        off: i32,
        second: bool,
        other: DynamicLabel,
        conv: Conv,
    ) {
        let notf = self.ops.new_dynamic_label();
        let done = self.ops.new_dynamic_label();
        asm!(self.ops ; cmp BYTE [r13 + off + 8], T_FLT as i8 ; jne =>notf);
        self.fc_load(if second { 1 } else { 0 }, off);
        asm!(self.ops ; =>done);
        self.defer(move |cx| {
            asm!(cx.ops
                ; =>notf
                ; cmp BYTE [r13 + off + 8], T_INT as i8
                ; jne =>other
            );
            match conv {
                Conv::Always => {}
                Conv::IfFloat(c) => {
                    asm!(cx.ops ; cmp BYTE [r13 + c + 8], T_FLT as i8 ; jne =>other);
                }
                Conv::Never => {
                    asm!(cx.ops ; jmp =>other);
                    return Ok(());
                }
            }
            if second {
                asm!(cx.ops ; cvtsi2sd xmm1, QWORD [r13 + off] ; jmp =>done);
            } else {
                asm!(cx.ops ; cvtsi2sd xmm0, QWORD [r13 + off] ; jmp =>done);
            }
            Ok(())
        });
    }

    pub(super) fn load_flt_const(&mut self, f: f64) {
        let bits = f.to_bits() as i64;
        asm!(self.ops ; mov rax, QWORD bits ; movq xmm1, rax);
    }

    /// Operands and paths of the arithmetic instruction at `pc`.
    fn arith_shape(&self, pc: usize, i: Instr) -> Result<Ar, String> {
        let op = i.op();
        if !self
            .p
            .src
            .code
            .get(pc + 1)
            .map(|n| n.op().is_mm())
            .unwrap_or(false)
        {
            return Err(format!("arithmetic at {} without MMBIN", pc));
        }
        let opnd = match op {
            Op::AddI => Opnd::Int(i.sc() as i64),
            Op::AddK
            | Op::SubK
            | Op::MulK
            | Op::ModK
            | Op::PowK
            | Op::DivK
            | Op::IDivK
            | Op::BAndK
            | Op::BOrK
            | Op::BXorK => {
                let kv = self.k(i.c())?;
                match kv.tt {
                    T_INT => Opnd::Int(kv.as_int()),
                    T_FLT => Opnd::Flt(kv.as_flt()),
                    _ => Opnd::Other,
                }
            }
            Op::ShrI | Op::ShlI => Opnd::Int(i.sc() as i64),
            _ => Opnd::Reg(r(i.c())),
        };
        let int_op = matches!(
            op,
            Op::AddI
                | Op::AddK
                | Op::Add
                | Op::SubK
                | Op::Sub
                | Op::MulK
                | Op::Mul
                | Op::ModK
                | Op::Mod
                | Op::IDivK
                | Op::IDiv
                | Op::BAndK
                | Op::BAnd
                | Op::BOrK
                | Op::BOr
                | Op::BXorK
                | Op::BXor
                | Op::ShrI
        );
        let flt_op = matches!(
            op,
            Op::AddI
                | Op::AddK
                | Op::Add
                | Op::SubK
                | Op::Sub
                | Op::MulK
                | Op::Mul
                | Op::DivK
                | Op::Div
        );
        Ok(Ar {
            a: r(i.a()),
            b: r(i.b()),
            int: int_op && !matches!(opnd, Opnd::Flt(_) | Opnd::Other),
            flt: flt_op && !matches!(opnd, Opnd::Other),
            opnd,
            next: self.lab(pc + 2)?,
        })
    }

    /// Arithmetic instruction at `pc` (followed by its MMBIN at pc + 1, which is laid out of
    /// line, so the main path falls through to pc + 2). The main line holds the expected
    /// path (integers; floats in tuned code that saw only floats); the other paths go to the
    /// out-of-line section (`Cold::Arith`).
    pub(super) fn arith(&mut self, pc: usize, i: Instr) -> Result<(), String> {
        let s = self.arith_shape(pc, i)?;
        // No path falls through into the MMBIN after this one (each ends at pc + 2), so it
        // goes out of line and the main path falls through to pc + 2.
        self.cold.push(Cold::Pc(pc + 1, self.p.src.code[pc + 1]));
        self.skip_next = true;
        let other = self.ops.new_dynamic_label();
        let slow = self.ops.new_dynamic_label();
        if s.flt && self.float_first(pc) {
            // (The float path puts its result in the float cache.)
            // Tuned code where only floats were seen: two floats first (no integer checks
            // before them); anything else runs the whole template out of line.
            self.arith_flt(i, &s, other, true);
            self.cold.push(Cold::Arith {
                at: other,
                slow,
                pc,
                i,
                whole: true,
            });
        } else if s.int {
            self.arith_int(i, &s, other, slow);
            self.cold.push(Cold::Arith {
                at: other,
                slow,
                pc,
                i,
                whole: false,
            });
        } else {
            // No integer path: the float path (if any) and the helper, inline (`Cx::call`
            // empties the float cache).
            if s.flt {
                self.arith_flt(i, &s, slow, false);
                asm!(self.ops ; jmp =>s.next);
            }
            asm!(self.ops ; =>slow);
            self.arith_slow(pc, i, &s);
        }
        Ok(())
    }

    /// The out-of-line part of the arithmetic instruction at `pc`: from label `at`, the
    /// float path and the helper (`whole`: the integer path first, for float-first code).
    pub(super) fn arith_cold(
        &mut self,
        pc: usize,
        i: Instr,
        at: DynamicLabel,
        slow: DynamicLabel,
        whole: bool,
    ) -> Result<(), String> {
        let s = self.arith_shape(pc, i)?;
        asm!(self.ops ; =>at);
        if whole && s.int {
            let fpath = self.ops.new_dynamic_label();
            self.arith_int(i, &s, fpath, slow);
            asm!(self.ops ; jmp =>s.next ; =>fpath);
        }
        if s.flt {
            self.arith_flt(i, &s, slow, false);
            asm!(self.ops ; jmp =>s.next);
        }
        asm!(self.ops ; =>slow);
        self.arith_slow(pc, i, &s);
        Ok(())
    }

    /// Integer path: both operands integers (else to `fpath`); ends after the result's store
    /// (falls through). Integer division and modulo by 0 or -1 go to `slow`.
    fn arith_int(&mut self, i: Instr, s: &Ar, fpath: DynamicLabel, slow: DynamicLabel) {
        let (a, b) = (s.a, s.b);
        let op = i.op();
        // rax = R[B], rcx = operand.
        asm!(self.ops ; cmp BYTE [r13 + b + 8], T_INT as i8 ; jne =>fpath);
        match s.opnd {
            Opnd::Reg(c) => {
                asm!(self.ops ; cmp BYTE [r13 + c + 8], T_INT as i8 ; jne =>fpath ; mov rcx, [r13 + c])
            }
            Opnd::Int(v) => asm!(self.ops ; mov rcx, QWORD v),
            _ => unreachable!(),
        }
        asm!(self.ops ; mov rax, [r13 + b]);
        match op {
            Op::AddI | Op::AddK | Op::Add => asm!(self.ops ; add rax, rcx),
            Op::SubK | Op::Sub => asm!(self.ops ; sub rax, rcx),
            Op::MulK | Op::Mul => asm!(self.ops ; imul rax, rcx),
            Op::BAndK | Op::BAnd => asm!(self.ops ; and rax, rcx),
            Op::BOrK | Op::BOr => asm!(self.ops ; or rax, rcx),
            Op::BXorK | Op::BXor => asm!(self.ops ; xor rax, rcx),
            Op::ShrI => {
                let sc = i.sc();
                if sc >= 64 || sc <= -64 {
                    asm!(self.ops ; xor eax, eax);
                } else if sc >= 0 {
                    asm!(self.ops ; shr rax, sc as i8);
                } else {
                    asm!(self.ops ; shl rax, (-sc) as i8);
                }
            }
            Op::ModK | Op::Mod => {
                let store = self.ops.new_dynamic_label();
                asm!(self.ops
                    ; lea rdx, [rcx + 1]
                    ; cmp rdx, 1
                    ; jbe =>slow
                    ; cqo
                    ; idiv rcx
                    ; test rdx, rdx
                    ; jz =>store
                    ; mov rax, rdx
                    ; xor rax, rcx
                    ; jns =>store
                    ; add rdx, rcx
                    ; =>store
                    ; mov rax, rdx
                );
            }
            _ => {
                // IDIV
                let store = self.ops.new_dynamic_label();
                asm!(self.ops
                    ; lea rdx, [rcx + 1]
                    ; cmp rdx, 1
                    ; jbe =>slow
                    ; cqo
                    ; idiv rcx
                    ; test rdx, rdx
                    ; jz =>store
                    ; xor rdx, rcx
                    ; jns =>store
                    ; dec rax
                    ; =>store
                );
            }
        }
        asm!(self.ops ; mov [r13 + a], rax);
        if !self.cold_mode {
            self.fc.forget(a, a);
        }
        // The destination is an operand just checked to be an integer: its tag stays.
        if a != b && s.opnd != Opnd::Reg(a) {
            asm!(self.ops ; mov QWORD [r13 + a + 8], T_INT as i32);
        }
        self.fb(crate::jit::FB_INT);
    }

    /// Float path: operands converted to floats (`exact_floats`: the float-first layout of
    /// `load_flt_first`); ends after the result's store (falls through).
    fn arith_flt(&mut self, i: Instr, s: &Ar, other: DynamicLabel, exact_floats: bool) {
        let (a, b) = (s.a, s.b);
        if exact_floats {
            // An integer operand is converted only when the result is a float anyway: a
            // division, or the other operand a float (an integer pair is the integer path's).
            let div = matches!(i.op(), Op::Div | Op::DivK);
            let first = match s.opnd {
                _ if div => Conv::Always,
                Opnd::Flt(_) => Conv::Always,
                Opnd::Reg(c) => Conv::IfFloat(c),
                _ => Conv::Never,
            };
            self.load_flt_first(b, false, other, first);
            if let Opnd::Reg(c) = s.opnd {
                // Reached with a float first operand (or an integer one and this a float).
                self.load_flt_first(c, true, other, Conv::Always);
            }
        } else {
            self.load_flt_reg(b, false, other);
            if let Opnd::Reg(c) = s.opnd {
                self.load_flt_reg(c, true, other);
            }
        }
        match s.opnd {
            Opnd::Int(v) => self.load_flt_const(v as f64),
            Opnd::Flt(f) => self.load_flt_const(f),
            _ => {}
        }
        match i.op() {
            Op::AddI | Op::AddK | Op::Add => asm!(self.ops ; addsd xmm0, xmm1),
            Op::SubK | Op::Sub => asm!(self.ops ; subsd xmm0, xmm1),
            Op::MulK | Op::Mul => asm!(self.ops ; mulsd xmm0, xmm1),
            _ => asm!(self.ops ; divsd xmm0, xmm1),
        }
        // (The tag is stored even when the destination is an operand just checked to be a
        // float: skipping it measured 4-5% slower on scimark sor/lu.)
        asm!(self.ops
            ; movsd [r13 + a], xmm0
            ; mov QWORD [r13 + a + 8], T_FLT as i32
        );
        if !self.cold_mode {
            if exact_floats {
                // The main line's float path: the result stays in the float cache.
                let x = self.fc.assign(a);
                asm!(self.ops ; movapd Rx(x), xmm0);
            } else {
                self.fc.forget(a, a);
            }
        }
        self.fb(crate::jit::FB_FLT);
    }

    /// The helper (`h_arith`: conversions, metamethods, errors), then to pc + 2.
    fn arith_slow(&mut self, pc: usize, i: Instr, s: &Ar) {
        self.fb(crate::jit::FB_OTHER);
        self.call_ok(h_arith, "h_arith", pc, i);
        asm!(self.ops ; jmp =>s.next);
    }
}

/// When `load_flt_first` converts an integer operand.
#[derive(Clone, Copy)]
pub(super) enum Conv {
    Always,
    /// When the register at this offset holds a float.
    IfFloat(i32),
    Never,
}

/// The shape of an arithmetic instruction: registers, second operand, available paths.
pub(super) struct Ar {
    a: i32,
    b: i32,
    opnd: Opnd,
    /// An integer path exists (integer operation, operand not a float constant).
    int: bool,
    /// A float path exists.
    flt: bool,
    next: DynamicLabel,
}
