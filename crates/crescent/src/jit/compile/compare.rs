//! Comparison and test templates of the baseline compiler (EQ, LT, LE, EQK, EQI, LTI, LEI,
//! GTI, GEI, TEST). A test is followed by its JMP, which is laid out of line (`Cold::Pc`),
//! so the main line holds only the expected path and ends in one conditional jump, falling
//! through to the instruction after the JMP; the other paths (other operand types, the
//! helper `h_cmp`, branch-direction recording not yet seen) follow out of line.

use super::*;

/// A condition of a conditional jump (x86 flags after `cmp`/`ucomisd`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Cc {
    L,
    Le,
    G,
    Ge,
    E,
    Ne,
    /// Above (`ucomisd`: greater, false when unordered).
    A,
    Ae,
    B,
    Be,
}

impl Cc {
    fn not(self) -> Cc {
        match self {
            Cc::L => Cc::Ge,
            Cc::Le => Cc::G,
            Cc::G => Cc::Le,
            Cc::Ge => Cc::L,
            Cc::E => Cc::Ne,
            Cc::Ne => Cc::E,
            Cc::A => Cc::Be,
            Cc::Ae => Cc::B,
            Cc::B => Cc::Ae,
            Cc::Be => Cc::A,
        }
    }
}

/// The integer condition of LTI/LEI/GTI/GEI.
fn imm_cc(op: Op) -> Cc {
    match op {
        Op::LtI => Cc::L,
        Op::LeI => Cc::Le,
        Op::GtI => Cc::G,
        _ => Cc::Ge,
    }
}

impl Cx<'_> {
    fn jcc(&mut self, cc: Cc, l: DynamicLabel) {
        match cc {
            Cc::L => asm!(self.ops ; jl =>l),
            Cc::Le => asm!(self.ops ; jle =>l),
            Cc::G => asm!(self.ops ; jg =>l),
            Cc::Ge => asm!(self.ops ; jge =>l),
            Cc::E => asm!(self.ops ; je =>l),
            Cc::Ne => asm!(self.ops ; jne =>l),
            Cc::A => asm!(self.ops ; ja =>l),
            Cc::Ae => asm!(self.ops ; jae =>l),
            Cc::B => asm!(self.ops ; jb =>l),
            Cc::Be => asm!(self.ops ; jbe =>l),
        }
    }

    /// To `t` when `cc` holds, else to `f`; in the main line, whichever of them is the next
    /// code (`Cx::fall`) is reached by falling through.
    pub(super) fn branch_cc(&mut self, cc: Cc, t: DynamicLabel, f: DynamicLabel, main: bool) {
        let fall = if main { self.fall } else { None };
        if fall == Some(f) {
            self.jcc(cc, t);
        } else if fall == Some(t) {
            self.jcc(cc.not(), f);
        } else {
            self.jcc(cc, t);
            asm!(self.ops ; jmp =>f);
        }
    }

    /// The comparison or test at `pc`.
    pub(super) fn op_compare(&mut self, pc: usize, i: Instr) -> Result<(), String> {
        let (t, f, w) = self.cond_targets_fb(pc, i)?;
        let a = r(i.a());
        let rest = self.ops.new_dynamic_label();
        match i.op() {
            Op::Test => {
                asm!(self.ops ; cmp BYTE [r13 + a + 8], T_FALSE as i8);
                self.branch_cc(Cc::A, t, f, true);
                self.defer(move |cx| {
                    cx.branch_tails(w);
                    Ok(())
                });
                return Ok(());
            }
            Op::Eq => {
                let b = r(i.b());
                let mask: u32 = (1 << T_NIL)
                    | (1 << T_FALSE)
                    | (1 << T_TRUE)
                    | (1 << T_INT)
                    | (1 << T_SHRSTR)
                    | (1 << T_LCL)
                    | (1 << T_LCF);
                asm!(self.ops
                    ; movzx eax, BYTE [r13 + a + 8]
                    ; cmp al, BYTE [r13 + b + 8]
                    ; jne =>rest
                    ; mov ecx, mask as i32
                    ; bt ecx, eax
                    ; jnc =>rest
                    ; mov rax, [r13 + a]
                    ; cmp rax, [r13 + b]
                );
                self.branch_cc(Cc::E, t, f, true);
            }
            Op::Lt | Op::Le => {
                let b = r(i.b());
                let lt = i.op() == Op::Lt;
                if self.float_first(pc) {
                    // Tuned code where only floats were seen: two floats first.
                    asm!(self.ops
                        ; cmp BYTE [r13 + a + 8], T_FLT as i8
                        ; jne =>rest
                        ; cmp BYTE [r13 + b + 8], T_FLT as i8
                        ; jne =>rest
                    );
                    self.fb(super::super::FB_FLT);
                    self.fc_load(0, b);
                    match self.fc_get(a) {
                        Some(x) => asm!(self.ops ; ucomisd xmm0, Rx(x)),
                        None => asm!(self.ops ; ucomisd xmm0, [r13 + a]),
                    }
                    self.branch_cc(if lt { Cc::A } else { Cc::Ae }, t, f, true);
                } else {
                    self.lt_int(a, b, lt, rest, t, f, true);
                }
            }
            Op::EqK => {
                let kv = self.k(i.b())?;
                match kv.tt {
                    T_NIL | T_FALSE | T_TRUE => {
                        asm!(self.ops ; cmp BYTE [r13 + a + 8], kv.tt as i8);
                        self.branch_cc(Cc::E, t, f, true);
                    }
                    T_INT => {
                        let v = kv.as_int();
                        asm!(self.ops
                            ; cmp BYTE [r13 + a + 8], T_INT as i8
                            ; jne =>rest
                            ; mov rax, QWORD v
                            ; cmp [r13 + a], rax
                        );
                        self.branch_cc(Cc::E, t, f, true);
                    }
                    T_SHRSTR => {
                        let v = kv.v as i64;
                        self.sym(
                            kv.v,
                            format!("\"{}\"", String::from_utf8_lossy(kv.str_bytes())),
                        );
                        asm!(self.ops
                            ; cmp BYTE [r13 + a + 8], T_SHRSTR as i8
                            ; jne =>f
                            ; mov rax, QWORD v
                            ; cmp [r13 + a], rax
                        );
                        self.branch_cc(Cc::E, t, f, true);
                    }
                    _ => asm!(self.ops ; jmp =>rest),
                }
            }
            Op::EqI => {
                let im = i.sb();
                asm!(self.ops
                    ; cmp BYTE [r13 + a + 8], T_INT as i8
                    ; jne =>rest
                    ; cmp QWORD [r13 + a], im
                );
                self.branch_cc(Cc::E, t, f, true);
            }
            _ => {
                // LTI LEI GTI GEI
                let im = i.sb();
                if self.float_first(pc) {
                    self.cmp_imm_flt(i, rest, t, f, true);
                } else {
                    asm!(self.ops
                        ; cmp BYTE [r13 + a + 8], T_INT as i8
                        ; jne =>rest
                        ; cmp QWORD [r13 + a], im
                    );
                    let cc = imm_cc(i.op());
                    self.branch_cc(cc, t, f, true);
                }
            }
        }
        self.defer(move |cx| cx.compare_rest(pc, i, rest, t, f, w));
        Ok(())
    }

    /// Integers compared as integers (others to `other`).
    #[allow(clippy::too_many_arguments)]
    fn lt_int(
        &mut self,
        a: i32,
        b: i32,
        lt: bool,
        other: DynamicLabel,
        t: DynamicLabel,
        f: DynamicLabel,
        main: bool,
    ) {
        asm!(self.ops
            ; cmp BYTE [r13 + a + 8], T_INT as i8
            ; jne =>other
            ; cmp BYTE [r13 + b + 8], T_INT as i8
            ; jne =>other
        );
        self.fb(super::super::FB_INT);
        asm!(self.ops
            ; mov rax, [r13 + a]
            ; cmp rax, [r13 + b]
        );
        self.branch_cc(if lt { Cc::L } else { Cc::Le }, t, f, main);
    }

    /// A float against the immediate of LTI/LEI/GTI/GEI as a float (exact: sB has 8 bits);
    /// `ucomisd` leaves CF and ZF set for NaN, so `ja`/`jae` are false then, as in Lua.
    fn cmp_imm_flt(
        &mut self,
        i: Instr,
        other: DynamicLabel,
        t: DynamicLabel,
        f: DynamicLabel,
        main: bool,
    ) {
        let a = r(i.a());
        let fim = (i.sb() as f64).to_bits() as i64;
        asm!(self.ops
            ; cmp BYTE [r13 + a + 8], T_FLT as i8
            ; jne =>other
            ; mov rax, QWORD fim
            ; movq xmm1, rax
        );
        self.fc_load(0, a);
        self.fb(super::super::FB_FLT);
        let cc = match i.op() {
            Op::LtI => {
                asm!(self.ops ; ucomisd xmm1, xmm0);
                Cc::A
            }
            Op::LeI => {
                asm!(self.ops ; ucomisd xmm1, xmm0);
                Cc::Ae
            }
            Op::GtI => {
                asm!(self.ops ; ucomisd xmm0, xmm1);
                Cc::A
            }
            _ => {
                asm!(self.ops ; ucomisd xmm0, xmm1);
                Cc::Ae
            }
        };
        self.branch_cc(cc, t, f, main);
    }

    /// The out-of-line part of a comparison, from `rest`: the other operand types, then
    /// `h_cmp` (metamethods, strings, errors), then the branch-recording tails.
    fn compare_rest(
        &mut self,
        pc: usize,
        i: Instr,
        rest: DynamicLabel,
        t: DynamicLabel,
        f: DynamicLabel,
        w: [DynamicLabel; 4],
    ) -> Result<(), String> {
        let a = r(i.a());
        let slow = self.ops.new_dynamic_label();
        asm!(self.ops ; =>rest);
        match i.op() {
            Op::Lt | Op::Le => {
                let b = r(i.b());
                let lt = i.op() == Op::Lt;
                if self.float_first(pc) {
                    let mixed = self.ops.new_dynamic_label();
                    self.lt_int(a, b, lt, mixed, t, f, false);
                    asm!(self.ops ; =>mixed);
                }
                // Floats, or an integer against a float (exact conversions only).
                self.load_num_exact(a, false, slow);
                self.load_num_exact(b, true, slow);
                self.fb(super::super::FB_FLT);
                asm!(self.ops ; ucomisd xmm1, xmm0);
                self.branch_cc(if lt { Cc::A } else { Cc::Ae }, t, f, false);
            }
            Op::EqK => {
                let kv = self.k(i.b())?;
                if kv.tt == T_INT {
                    // A float equal to an integer constant: the helper compares exactly.
                    asm!(self.ops
                        ; cmp BYTE [r13 + a + 8], T_FLT as i8
                        ; jne =>f
                    );
                }
            }
            Op::EqI => {
                // A float equals the immediate when it is exactly its value (NaN: no).
                let fim = (i.sb() as f64).to_bits() as i64;
                asm!(self.ops
                    ; cmp BYTE [r13 + a + 8], T_FLT as i8
                    ; jne =>f
                    ; mov rax, QWORD fim
                    ; movq xmm1, rax
                    ; ucomisd xmm1, [r13 + a]
                    ; jne =>f
                    ; jp =>f
                    ; jmp =>t
                );
            }
            Op::Eq => {}
            _ => {
                // LTI LEI GTI GEI: the other of integer / float.
                if self.float_first(pc) {
                    let im = i.sb();
                    let cc = imm_cc(i.op());
                    asm!(self.ops
                        ; cmp BYTE [r13 + a + 8], T_INT as i8
                        ; jne =>slow
                        ; cmp QWORD [r13 + a], im
                    );
                    self.branch_cc(cc, t, f, false);
                } else {
                    self.cmp_imm_flt(i, slow, t, f, false);
                }
            }
        }
        asm!(self.ops ; =>slow);
        self.fb(super::super::FB_OTHER);
        self.call_branch(h_cmp, "h_cmp", pc, i, f, t);
        self.branch_tails(w);
        Ok(())
    }
}
