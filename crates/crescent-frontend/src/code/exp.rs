//! Expression code generation (second half of `lcode.c`): discharging expression
//! descriptors into registers, stores, conditional jumps, unary and binary operators with
//! their immediate/constant-operand variants, and constant folding exactly where PUC 5.4
//! folds (numeric operands only; never to NaN or 0.0; never an operation that can raise).

use super::*;
use crate::number::Number;

/// Binary operators, in PUC's `ORDER OPR` (arithmetic and bitwise first, as `LUA_OP*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinOpr {
    Add,
    Sub,
    Mul,
    Mod,
    Pow,
    Div,
    IDiv,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Concat,
    Eq,
    Lt,
    Le,
    Ne,
    Gt,
    Ge,
    And,
    Or,
}

impl BinOpr {
    /// `foldbinop`: arithmetic or bitwise.
    fn foldable(self) -> bool {
        (self as u8) <= BinOpr::Shr as u8
    }
}

/// Unary operators (`ORDER OPR`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnOpr {
    Minus,
    BNot,
    Not,
    Len,
}

/// Operation codes of `luaO_rawarith` (`LUA_OPADD` ..): the 12 binary ones share
/// `BinOpr`'s numbering, then unary minus and bitwise not.
const LUA_OPUNM: u8 = 12;
const LUA_OPBNOT: u8 = 13;

/// Metamethod events (`TMS`) of the arithmetic operators: `TM_ADD` + operator.
const TM_ADD: u32 = 6;
const TM_SHL: u32 = 16;
const TM_SHR: u32 = 17;

/// `base` + `n` in opcode numbering (the table follows `ORDER OP`).
fn op_plus(base: Op, n: u8) -> Op {
    Op::from_u8(base as u8 + n).expect("opcode arithmetic stays within the table")
}

/// `tonumeral`
fn to_numeral(e: &ExpDesc) -> Option<Number> {
    if e.has_jumps() {
        return None;
    }
    match e.k {
        ExpKind::KInt(i) => Some(Number::Int(i)),
        ExpKind::KFlt(f) => Some(Number::Float(f)),
        _ => None,
    }
}

fn num_to_int(v: Number) -> Option<i64> {
    match v {
        Number::Int(i) => Some(i),
        Number::Float(f) => flt_to_int(f),
    }
}

fn num_to_flt(v: Number) -> f64 {
    match v {
        Number::Int(i) => i as f64,
        Number::Float(f) => f,
    }
}

/// `luaV_shiftl`
fn shift_left(x: i64, y: i64) -> i64 {
    if y < 0 {
        if y <= -64 {
            0
        } else {
            ((x as u64) >> (-y)) as i64
        }
    } else if y >= 64 {
        0
    } else {
        ((x as u64) << y) as i64
    }
}

/// `luaV_mod` (n != 0)
fn int_mod(m: i64, n: i64) -> i64 {
    if n == -1 {
        return 0;
    }
    let r = m % n;
    if r != 0 && (r ^ n) < 0 {
        r + n
    } else {
        r
    }
}

/// `luaV_idiv` (n != 0)
fn int_idiv(m: i64, n: i64) -> i64 {
    if n == -1 {
        return 0i64.wrapping_sub(m);
    }
    let q = m / n;
    if (m ^ n) < 0 && m % n != 0 {
        q - 1
    } else {
        q
    }
}

/// `luai_nummod` / `luaV_modf`
fn flt_mod(a: f64, b: f64) -> f64 {
    let m = a % b;
    if if m > 0.0 { b < 0.0 } else { m < 0.0 && b > 0.0 } {
        m + b
    } else {
        m
    }
}

fn int_arith(op: u8, a: i64, b: i64) -> i64 {
    match op {
        0 => a.wrapping_add(b),
        1 => a.wrapping_sub(b),
        2 => a.wrapping_mul(b),
        3 => int_mod(a, b),
        6 => int_idiv(a, b),
        7 => a & b,
        8 => a | b,
        9 => a ^ b,
        10 => shift_left(a, b),
        11 => shift_left(a, 0i64.wrapping_sub(b)),
        LUA_OPUNM => 0i64.wrapping_sub(a),
        LUA_OPBNOT => !a,
        _ => unreachable!("not an integer operation"),
    }
}

fn flt_arith(op: u8, a: f64, b: f64) -> f64 {
    match op {
        0 => a + b,
        1 => a - b,
        2 => a * b,
        3 => flt_mod(a, b),
        4 => {
            if b == 2.0 {
                a * a
            } else {
                a.powf(b)
            }
        }
        5 => a / b,
        6 => (a / b).floor(),
        LUA_OPUNM => -a,
        _ => unreachable!("not a float operation"),
    }
}

/// `luaO_rawarith` on numbers.
fn raw_arith(op: u8, v1: Number, v2: Number) -> Option<Number> {
    match op {
        7..=11 | LUA_OPBNOT => Some(Number::Int(int_arith(op, num_to_int(v1)?, num_to_int(v2)?))),
        4 | 5 => Some(Number::Float(flt_arith(op, num_to_flt(v1), num_to_flt(v2)))),
        _ => match (v1, v2) {
            (Number::Int(a), Number::Int(b)) => Some(Number::Int(int_arith(op, a, b))),
            _ => Some(Number::Float(flt_arith(op, num_to_flt(v1), num_to_flt(v2)))),
        },
    }
}

/// `validop`: false if folding could raise an error.
fn valid_op(op: u8, v1: Number, v2: Number) -> bool {
    match op {
        7..=11 | LUA_OPBNOT => num_to_int(v1).is_some() && num_to_int(v2).is_some(),
        3 | 5 | 6 => num_to_flt(v2) != 0.0,
        _ => true,
    }
}

/// `constfolding`: folds `e1 op e2` into `e1`; false if not possible.
fn const_folding(op: u8, e1: &mut ExpDesc, e2: &ExpDesc) -> bool {
    let (Some(v1), Some(v2)) = (to_numeral(e1), to_numeral(e2)) else {
        return false;
    };
    if !valid_op(op, v1, v2) {
        return false;
    }
    match raw_arith(op, v1, v2) {
        Some(Number::Int(i)) => {
            e1.k = ExpKind::KInt(i);
            true
        }
        Some(Number::Float(n)) => {
            if n.is_nan() || n == 0.0 {
                return false;
            }
            e1.k = ExpKind::KFlt(n);
            true
        }
        None => false,
    }
}

/// `isKint`
fn is_kint(e: &ExpDesc) -> bool {
    matches!(e.k, ExpKind::KInt(_)) && !e.has_jumps()
}

/// `isCint`: a literal integer fitting in C.
fn is_cint(e: &ExpDesc) -> bool {
    match e.k {
        ExpKind::KInt(i) => !e.has_jumps() && (i as u64) <= MAXARG_C as u64,
        _ => false,
    }
}

/// `isSCint`: a literal integer fitting in sC.
fn is_scint(e: &ExpDesc) -> bool {
    match e.k {
        ExpKind::KInt(i) => !e.has_jumps() && fits_c(i),
        _ => false,
    }
}

/// `isSCnumber`: a literal number with an integral value fitting in sB/sC; returns the
/// encoded immediate. Like PUC, sets `isfloat` for any integral float literal, even when
/// the value then does not fit (the flag ends up in the C operand of the comparison).
fn is_scnumber(e: &ExpDesc, isfloat: &mut bool) -> Option<u32> {
    let i = match e.k {
        ExpKind::KInt(i) => i,
        ExpKind::KFlt(f) => {
            let i = flt_to_int(f)?;
            *isfloat = true;
            i
        }
        _ => return None,
    };
    if !e.has_jumps() && fits_c(i) {
        Some(int2sc(i))
    } else {
        None
    }
}

fn const_to_exp(v: CVal) -> ExpKind {
    match v {
        CVal::Int(i) => ExpKind::KInt(i),
        CVal::Flt(f) => ExpKind::KFlt(f),
        CVal::Bool(false) => ExpKind::False,
        CVal::Bool(true) => ExpKind::True,
        CVal::Nil => ExpKind::Nil,
        CVal::Str(s) => ExpKind::KStr(s),
    }
}

impl<'s> Parser<'s> {
    /// `luaK_exp2const`: the constant value of `e`, if it has one.
    pub(crate) fn exp_to_const(&self, e: &ExpDesc) -> Option<CVal> {
        if e.has_jumps() {
            return None;
        }
        match e.k {
            ExpKind::False => Some(CVal::Bool(false)),
            ExpKind::True => Some(CVal::Bool(true)),
            ExpKind::Nil => Some(CVal::Nil),
            ExpKind::KStr(s) => Some(CVal::Str(s)),
            ExpKind::Const(i) => self.actvar[i as usize].k,
            ExpKind::KInt(i) => Some(CVal::Int(i)),
            ExpKind::KFlt(f) => Some(CVal::Flt(f)),
            _ => None,
        }
    }

    /// `luaK_setreturns`: makes a multi-result expression return `nresults` values.
    pub(crate) fn set_returns(&mut self, e: &mut ExpDesc, nresults: i32) -> R<()> {
        let pc = e.pc();
        let c = (nresults + 1) as u32;
        match e.k {
            ExpKind::Call(_) => self.instr(pc).set_c(c),
            ExpKind::Vararg(_) => {
                let freereg = self.fs().freereg;
                let i = self.instr(pc);
                i.set_c(c);
                i.set_a(freereg);
                self.reserve_regs(1)?;
            }
            _ => unreachable!("set_returns on a single-value expression"),
        }
        Ok(())
    }

    /// `luaK_setmultret`
    pub(crate) fn set_multret(&mut self, e: &mut ExpDesc) -> R<()> {
        self.set_returns(e, MULTRET)
    }

    /// `str2K`
    fn str_to_k(&mut self, e: &mut ExpDesc) -> R<()> {
        if let ExpKind::KStr(s) = e.k {
            e.k = ExpKind::K(self.string_k(s)?);
        }
        Ok(())
    }

    /// `luaK_setoneret`
    pub(crate) fn set_one_ret(&mut self, e: &mut ExpDesc) {
        match e.k {
            ExpKind::Call(pc) => {
                e.k = ExpKind::NonReloc(self.fs().f.code[pc as usize].a());
            }
            ExpKind::Vararg(pc) => {
                self.instr(pc as usize).set_c(2);
                e.k = ExpKind::Reloc(pc);
            }
            _ => {}
        }
    }

    /// `luaK_dischargevars`: makes sure `e` is not a variable.
    pub(crate) fn discharge_vars(&mut self, e: &mut ExpDesc) -> R<()> {
        match e.k {
            ExpKind::Const(i) => {
                if let Some(v) = self.actvar[i as usize].k {
                    e.k = const_to_exp(v);
                }
            }
            ExpKind::Local { ridx, .. } => e.k = ExpKind::NonReloc(ridx),
            ExpKind::Upval(idx) => {
                e.k = ExpKind::Reloc(self.code_abc(Op::GetUpval, 0, idx, 0)? as i32);
            }
            ExpKind::IndexUp { t, idx } => {
                e.k = ExpKind::Reloc(self.code_abc(Op::GetTabUp, 0, t, idx)? as i32);
            }
            ExpKind::IndexI { t, idx } => {
                self.free_reg(t);
                e.k = ExpKind::Reloc(self.code_abc(Op::GetI, 0, t, idx)? as i32);
            }
            ExpKind::IndexStr { t, idx } => {
                self.free_reg(t);
                e.k = ExpKind::Reloc(self.code_abc(Op::GetField, 0, t, idx)? as i32);
            }
            ExpKind::Indexed { t, idx } => {
                self.free_regs(t, idx);
                e.k = ExpKind::Reloc(self.code_abc(Op::GetTable, 0, t, idx)? as i32);
            }
            ExpKind::Vararg(_) | ExpKind::Call(_) => self.set_one_ret(e),
            _ => {}
        }
        Ok(())
    }

    /// `discharge2reg`: puts the value of `e` in `reg`.
    fn discharge_to_reg(&mut self, e: &mut ExpDesc, reg: u32) -> R<()> {
        self.discharge_vars(e)?;
        match e.k {
            ExpKind::Nil => self.code_nil(reg, 1)?,
            ExpKind::False => {
                self.code_abc(Op::LoadFalse, reg, 0, 0)?;
            }
            ExpKind::True => {
                self.code_abc(Op::LoadTrue, reg, 0, 0)?;
            }
            ExpKind::KStr(_) | ExpKind::K(_) => {
                self.str_to_k(e)?;
                if let ExpKind::K(k) = e.k {
                    self.code_k(reg, k)?;
                }
            }
            ExpKind::KFlt(f) => self.code_float(reg, f)?,
            ExpKind::KInt(i) => self.code_int(reg, i)?,
            ExpKind::Reloc(pc) => self.instr(pc as usize).set_a(reg),
            ExpKind::NonReloc(r) => {
                if reg != r {
                    self.code_abc(Op::Move, reg, r, 0)?;
                }
            }
            _ => {
                debug_assert!(matches!(e.k, ExpKind::Jmp(_)));
                return Ok(());
            }
        }
        e.k = ExpKind::NonReloc(reg);
        Ok(())
    }

    /// `discharge2anyreg`
    fn discharge_to_any_reg(&mut self, e: &mut ExpDesc) -> R<()> {
        if !matches!(e.k, ExpKind::NonReloc(_)) {
            self.reserve_regs(1)?;
            let r = self.fs().freereg - 1;
            self.discharge_to_reg(e, r)?;
        }
        Ok(())
    }

    fn code_loadbool(&mut self, a: u32, op: Op) -> R<i32> {
        self.get_label();
        Ok(self.code_abc(op, a, 0, 0)? as i32)
    }

    /// `need_value`: does the list have a jump that does not produce a value?
    fn need_value(&self, mut list: i32) -> bool {
        while list != NO_JUMP {
            let i = self.fs().f.code[self.jump_control(list)];
            if i.opcode_raw() != Op::TestSet as u8 {
                return true;
            }
            list = self.get_jump(list);
        }
        false
    }

    /// `exp2reg`: puts the final result of `e`, jump lists included, in `reg`.
    fn exp_to_reg(&mut self, e: &mut ExpDesc, reg: u32) -> R<()> {
        self.discharge_to_reg(e, reg)?;
        if let ExpKind::Jmp(pc) = e.k {
            let mut t = e.t;
            self.concat_jumps(&mut t, pc)?;
            e.t = t;
        }
        if e.has_jumps() {
            let mut p_f = NO_JUMP;
            let mut p_t = NO_JUMP;
            if self.need_value(e.t) || self.need_value(e.f) {
                let fj = if matches!(e.k, ExpKind::Jmp(_)) {
                    NO_JUMP
                } else {
                    self.jump()?
                };
                p_f = self.code_loadbool(reg, Op::LFalseSkip)?;
                p_t = self.code_loadbool(reg, Op::LoadTrue)?;
                self.patch_to_here(fj)?;
            }
            let fin = self.get_label();
            self.patch_list_aux(e.f, fin, reg, p_f)?;
            self.patch_list_aux(e.t, fin, reg, p_t)?;
        }
        e.f = NO_JUMP;
        e.t = NO_JUMP;
        e.k = ExpKind::NonReloc(reg);
        Ok(())
    }

    /// `luaK_exp2nextreg`
    pub(crate) fn exp_to_next_reg(&mut self, e: &mut ExpDesc) -> R<()> {
        self.discharge_vars(e)?;
        self.free_exp(e);
        self.reserve_regs(1)?;
        let r = self.fs().freereg - 1;
        self.exp_to_reg(e, r)
    }

    /// `luaK_exp2anyreg`: returns the register holding the value.
    pub(crate) fn exp_to_any_reg(&mut self, e: &mut ExpDesc) -> R<u32> {
        self.discharge_vars(e)?;
        if let ExpKind::NonReloc(r) = e.k {
            if !e.has_jumps() {
                return Ok(r);
            }
            if r >= self.nvarstack() {
                self.exp_to_reg(e, r)?;
                return Ok(r);
            }
        }
        self.exp_to_next_reg(e)?;
        Ok(e.reg())
    }

    /// `luaK_exp2anyregup`
    pub(crate) fn exp_to_any_reg_up(&mut self, e: &mut ExpDesc) -> R<()> {
        if !matches!(e.k, ExpKind::Upval(_)) || e.has_jumps() {
            self.exp_to_any_reg(e)?;
        }
        Ok(())
    }

    /// `luaK_exp2val`
    pub(crate) fn exp_to_val(&mut self, e: &mut ExpDesc) -> R<()> {
        if e.has_jumps() {
            self.exp_to_any_reg(e)?;
            Ok(())
        } else {
            self.discharge_vars(e)
        }
    }

    /// `luaK_exp2K`: makes `e` a K expression fitting in an RK operand, if possible.
    fn exp_to_k(&mut self, e: &mut ExpDesc) -> R<bool> {
        if !e.has_jumps() {
            let info = match e.k {
                ExpKind::True => self.bool_k(true)?,
                ExpKind::False => self.bool_k(false)?,
                ExpKind::Nil => self.nil_k()?,
                ExpKind::KInt(i) => self.int_k(i)?,
                ExpKind::KFlt(f) => self.number_k(f)?,
                ExpKind::KStr(s) => self.string_k(s)?,
                ExpKind::K(k) => k,
                _ => return Ok(false),
            };
            if info <= MAX_INDEX_RK {
                e.k = ExpKind::K(info);
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `luaK_exp2RK`: true if `e` became a K operand, else it is now in a register.
    pub(crate) fn exp_to_rk(&mut self, e: &mut ExpDesc) -> R<bool> {
        if self.exp_to_k(e)? {
            Ok(true)
        } else {
            self.exp_to_any_reg(e)?;
            Ok(false)
        }
    }

    /// The RK operand of an expression after `exp_to_rk`.
    fn rk_info(e: &ExpDesc) -> u32 {
        match e.k {
            ExpKind::K(k) => k,
            ExpKind::NonReloc(r) => r,
            _ => unreachable!("not an RK operand"),
        }
    }

    fn code_abrk(&mut self, op: Op, a: u32, b: u32, ec: &mut ExpDesc) -> R<()> {
        let k = self.exp_to_rk(ec)?;
        self.code_abck(op, a, b, Self::rk_info(ec), k)?;
        Ok(())
    }

    /// `luaK_storevar`: stores `ex` into variable `var`.
    pub(crate) fn store_var(&mut self, var: &ExpDesc, ex: &mut ExpDesc) -> R<()> {
        match var.k {
            ExpKind::Local { ridx, .. } => {
                self.free_exp(ex);
                return self.exp_to_reg(ex, ridx);
            }
            ExpKind::Upval(idx) => {
                let e = self.exp_to_any_reg(ex)?;
                self.code_abc(Op::SetUpval, e, idx, 0)?;
            }
            ExpKind::IndexUp { t, idx } => self.code_abrk(Op::SetTabUp, t, idx, ex)?,
            ExpKind::IndexI { t, idx } => self.code_abrk(Op::SetI, t, idx, ex)?,
            ExpKind::IndexStr { t, idx } => self.code_abrk(Op::SetField, t, idx, ex)?,
            ExpKind::Indexed { t, idx } => self.code_abrk(Op::SetTable, t, idx, ex)?,
            _ => unreachable!("invalid variable kind to store"),
        }
        self.free_exp(ex);
        Ok(())
    }

    /// `luaK_self`: converts `e` into `e:key(e,`.
    pub(crate) fn code_self(&mut self, e: &mut ExpDesc, key: &mut ExpDesc) -> R<()> {
        self.exp_to_any_reg(e)?;
        let ereg = e.reg();
        self.free_exp(e);
        let base = self.fs().freereg;
        e.k = ExpKind::NonReloc(base);
        self.reserve_regs(2)?;
        self.code_abrk(Op::SelfOp, base, ereg, key)?;
        self.free_exp(key);
        Ok(())
    }

    /// `negatecondition`
    fn negate_condition(&mut self, e: &ExpDesc) {
        let pc = self.jump_control(e.pc() as i32);
        let i = self.instr(pc);
        let k = i.k();
        i.set_k(!k);
    }

    /// `jumponcond`: jump if `e` is `cond`; returns the jump's pc.
    fn jump_on_cond(&mut self, e: &mut ExpDesc, cond: bool) -> R<i32> {
        if let ExpKind::Reloc(pc) = e.k {
            let ie = self.fs().f.code[pc as usize];
            if ie.opcode_raw() == Op::Not as u8 {
                self.remove_last_instruction();
                return self.cond_jump(Op::Test, ie.b(), 0, 0, !cond);
            }
        }
        self.discharge_to_any_reg(e)?;
        self.free_exp(e);
        self.cond_jump(Op::TestSet, NO_REG, e.reg(), 0, cond)
    }

    /// `luaK_goiftrue`: falls through if `e` is true, jumps otherwise.
    pub(crate) fn go_if_true(&mut self, e: &mut ExpDesc) -> R<()> {
        self.discharge_vars(e)?;
        let pc = match e.k {
            ExpKind::Jmp(pc) => {
                self.negate_condition(e);
                pc
            }
            ExpKind::K(_)
            | ExpKind::KFlt(_)
            | ExpKind::KInt(_)
            | ExpKind::KStr(_)
            | ExpKind::True => NO_JUMP,
            _ => self.jump_on_cond(e, false)?,
        };
        let mut f = e.f;
        self.concat_jumps(&mut f, pc)?;
        e.f = f;
        self.patch_to_here(e.t)?;
        e.t = NO_JUMP;
        Ok(())
    }

    /// `luaK_goiffalse`: falls through if `e` is false, jumps otherwise.
    pub(crate) fn go_if_false(&mut self, e: &mut ExpDesc) -> R<()> {
        self.discharge_vars(e)?;
        let pc = match e.k {
            ExpKind::Jmp(pc) => pc,
            ExpKind::Nil | ExpKind::False => NO_JUMP,
            _ => self.jump_on_cond(e, true)?,
        };
        let mut t = e.t;
        self.concat_jumps(&mut t, pc)?;
        e.t = t;
        self.patch_to_here(e.f)?;
        e.f = NO_JUMP;
        Ok(())
    }

    /// `codenot`
    fn code_not(&mut self, e: &mut ExpDesc) -> R<()> {
        match e.k {
            ExpKind::Nil | ExpKind::False => e.k = ExpKind::True,
            ExpKind::K(_)
            | ExpKind::KFlt(_)
            | ExpKind::KInt(_)
            | ExpKind::KStr(_)
            | ExpKind::True => e.k = ExpKind::False,
            ExpKind::Jmp(_) => self.negate_condition(e),
            ExpKind::Reloc(_) | ExpKind::NonReloc(_) => {
                self.discharge_to_any_reg(e)?;
                self.free_exp(e);
                let r = e.reg();
                e.k = ExpKind::Reloc(self.code_abc(Op::Not, 0, r, 0)? as i32);
            }
            _ => unreachable!("cannot negate this expression"),
        }
        std::mem::swap(&mut e.f, &mut e.t);
        self.remove_values(e.f);
        self.remove_values(e.t);
        Ok(())
    }

    /// `isKstr`: a constant short string with an index fitting in B.
    fn is_kstr(&self, e: &ExpDesc) -> bool {
        match e.k {
            ExpKind::K(k) if !e.has_jumps() && k <= MAXARG_B => matches!(
                &self.fs().f.constants[k as usize],
                Constant::Str(s) if s.len() <= MAX_SHORT_LEN
            ),
            _ => false,
        }
    }

    /// `luaK_indexed`: makes `t` the indexed expression `t[k]`.
    pub(crate) fn indexed(&mut self, t: &mut ExpDesc, k: &mut ExpDesc) -> R<()> {
        if let ExpKind::KStr(_) = k.k {
            self.str_to_k(k)?;
        }
        if matches!(t.k, ExpKind::Upval(_)) && !self.is_kstr(k) {
            self.exp_to_any_reg(t)?;
        }
        if let ExpKind::Upval(up) = t.k {
            let ExpKind::K(idx) = k.k else {
                unreachable!("upvalue indexed by non-constant")
            };
            t.k = ExpKind::IndexUp { t: up, idx };
        } else {
            let treg = match t.k {
                ExpKind::Local { ridx, .. } => ridx,
                ExpKind::NonReloc(r) => r,
                _ => unreachable!("indexing an expression not in a register"),
            };
            if self.is_kstr(k) {
                let ExpKind::K(idx) = k.k else { unreachable!() };
                t.k = ExpKind::IndexStr { t: treg, idx };
            } else if is_cint(k) {
                let ExpKind::KInt(i) = k.k else {
                    unreachable!()
                };
                t.k = ExpKind::IndexI {
                    t: treg,
                    idx: i as u32,
                };
            } else {
                let idx = self.exp_to_any_reg(k)?;
                t.k = ExpKind::Indexed { t: treg, idx };
            }
        }
        Ok(())
    }

    /// `codeunexpval`
    fn code_unexp_val(&mut self, op: Op, e: &mut ExpDesc, line: u32) -> R<()> {
        let r = self.exp_to_any_reg(e)?;
        self.free_exp(e);
        e.k = ExpKind::Reloc(self.code_abc(op, 0, r, 0)? as i32);
        self.fix_line(line);
        Ok(())
    }

    /// `finishbinexpval`
    #[allow(clippy::too_many_arguments)]
    fn finish_binexp_val(
        &mut self,
        e1: &mut ExpDesc,
        e2: &ExpDesc,
        op: Op,
        v2: u32,
        flip: bool,
        line: u32,
        mmop: Op,
        event: u32,
    ) -> R<()> {
        let v1 = self.exp_to_any_reg(e1)?;
        let pc = self.code_abck(op, 0, v1, v2, false)?;
        self.free_exps(e1, e2);
        e1.k = ExpKind::Reloc(pc as i32);
        self.fix_line(line);
        self.code_abck(mmop, v1, v2, event, flip)?;
        self.fix_line(line);
        Ok(())
    }

    /// `codebinexpval`: both operands in registers.
    fn code_binexp_val(&mut self, op: Op, e1: &mut ExpDesc, e2: &mut ExpDesc, line: u32) -> R<()> {
        let v2 = self.exp_to_any_reg(e2)?;
        let event = (op as u32 - Op::Add as u32) + TM_ADD;
        self.finish_binexp_val(e1, e2, op, v2, false, line, Op::MmBin, event)
    }

    /// `codebini`: immediate second operand.
    #[allow(clippy::too_many_arguments)]
    fn code_bini(
        &mut self,
        op: Op,
        e1: &mut ExpDesc,
        e2: &ExpDesc,
        flip: bool,
        line: u32,
        event: u32,
    ) -> R<()> {
        let ExpKind::KInt(i) = e2.k else {
            unreachable!("immediate operand not an integer")
        };
        let v2 = int2sc(i);
        self.finish_binexp_val(e1, e2, op, v2, flip, line, Op::MmBinI, event)
    }

    /// `finishbinexpneg`: codes `e1 op -e2` for a small integer constant `e2`.
    fn finish_binexp_neg(
        &mut self,
        e1: &mut ExpDesc,
        e2: &ExpDesc,
        op: Op,
        line: u32,
        event: u32,
    ) -> R<bool> {
        if !is_kint(e2) {
            return Ok(false);
        }
        let ExpKind::KInt(i2) = e2.k else {
            unreachable!()
        };
        if !(fits_c(i2) && fits_c(i2.wrapping_neg())) {
            return Ok(false);
        }
        self.finish_binexp_val(e1, e2, op, int2sc(-i2), false, line, Op::MmBinI, event)?;
        let pc = self.pc() - 1;
        self.instr(pc).set_b(int2sc(i2));
        Ok(true)
    }

    /// `codearith`: K operand variant if `e2` is a numeral fitting in the constant table.
    fn code_arith(
        &mut self,
        opr: BinOpr,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        flip: bool,
        line: u32,
    ) -> R<()> {
        let event = opr as u32 + TM_ADD;
        if to_numeral(e2).is_some() && self.exp_to_k(e2)? {
            let ExpKind::K(v2) = e2.k else { unreachable!() };
            let op = op_plus(Op::AddK, opr as u8);
            self.finish_binexp_val(e1, e2, op, v2, flip, line, Op::MmBinK, event)
        } else {
            let op = op_plus(Op::Add, opr as u8);
            if flip {
                std::mem::swap(e1, e2);
            }
            self.code_binexp_val(op, e1, e2, line)
        }
    }

    /// `codecommutative`: `+` and `*` may swap a numeral first operand to the right.
    fn code_commutative(
        &mut self,
        op: BinOpr,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        line: u32,
    ) -> R<()> {
        let mut flip = false;
        if to_numeral(e1).is_some() {
            std::mem::swap(e1, e2);
            flip = true;
        }
        if op == BinOpr::Add && is_scint(e2) {
            self.code_bini(Op::AddI, e1, e2, flip, line, TM_ADD)
        } else {
            self.code_arith(op, e1, e2, flip, line)
        }
    }

    /// `codebitwise`
    fn code_bitwise(
        &mut self,
        opr: BinOpr,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        line: u32,
    ) -> R<()> {
        let mut flip = false;
        if matches!(e1.k, ExpKind::KInt(_)) && self.exp_to_rk(e1)? {
            std::mem::swap(e1, e2);
            flip = true;
        } else if !(matches!(e2.k, ExpKind::KInt(_)) && self.exp_to_rk(e2)?) {
            let op = op_plus(Op::Add, opr as u8);
            return self.code_binexp_val(op, e1, e2, line);
        }
        let ExpKind::K(v2) = e2.k else { unreachable!() };
        let op = op_plus(Op::AddK, opr as u8);
        self.finish_binexp_val(e1, e2, op, v2, flip, line, Op::MmBinK, opr as u32 + TM_ADD)
    }

    /// `codeorder`: `<`/`<=` with immediate operands where possible.
    fn code_order(&mut self, op: Op, e1: &mut ExpDesc, e2: &mut ExpDesc) -> R<()> {
        let mut isfloat = false;
        let (r1, r2, op) = if let Some(im) = is_scnumber(e2, &mut isfloat) {
            (
                self.exp_to_any_reg(e1)?,
                im,
                op_plus(Op::LtI, op as u8 - Op::Lt as u8),
            )
        } else if let Some(im) = is_scnumber(e1, &mut isfloat) {
            // transform (A < B) to (B > A) and (A <= B) to (B >= A)
            let op = if op == Op::Lt { Op::GtI } else { Op::GeI };
            (self.exp_to_any_reg(e2)?, im, op)
        } else {
            let r1 = self.exp_to_any_reg(e1)?;
            (r1, self.exp_to_any_reg(e2)?, op)
        };
        self.free_exps(e1, e2);
        let j = self.cond_jump(op, r1, r2, isfloat as u32, true)?;
        e1.k = ExpKind::Jmp(j);
        Ok(())
    }

    /// `codeeq`: `==`/`~=`; `e1` was already made RK by `infix`.
    fn code_eq(&mut self, opr: BinOpr, e1: &mut ExpDesc, e2: &mut ExpDesc) -> R<()> {
        if !matches!(e1.k, ExpKind::NonReloc(_)) {
            std::mem::swap(e1, e2);
        }
        let r1 = self.exp_to_any_reg(e1)?;
        let mut isfloat = false;
        let (op, r2) = if let Some(im) = is_scnumber(e2, &mut isfloat) {
            (Op::EqI, im)
        } else if self.exp_to_rk(e2)? {
            (Op::EqK, Self::rk_info(e2))
        } else {
            (Op::Eq, self.exp_to_any_reg(e2)?)
        };
        self.free_exps(e1, e2);
        let j = self.cond_jump(op, r1, r2, isfloat as u32, opr == BinOpr::Eq)?;
        e1.k = ExpKind::Jmp(j);
        Ok(())
    }

    /// `luaK_prefix`: applies a unary operator.
    pub(crate) fn prefix(&mut self, op: UnOpr, e: &mut ExpDesc, line: u32) -> R<()> {
        let ef = ExpDesc::new(ExpKind::KInt(0));
        self.discharge_vars(e)?;
        match op {
            UnOpr::Minus | UnOpr::BNot => {
                let fop = if op == UnOpr::Minus {
                    LUA_OPUNM
                } else {
                    LUA_OPBNOT
                };
                if !const_folding(fop, e, &ef) {
                    let o = if op == UnOpr::Minus {
                        Op::Unm
                    } else {
                        Op::BNot
                    };
                    self.code_unexp_val(o, e, line)?;
                }
            }
            UnOpr::Len => self.code_unexp_val(Op::Len, e, line)?,
            UnOpr::Not => self.code_not(e)?,
        }
        Ok(())
    }

    /// `luaK_infix`: processes the first operand before reading the second.
    pub(crate) fn infix(&mut self, op: BinOpr, v: &mut ExpDesc) -> R<()> {
        self.discharge_vars(v)?;
        match op {
            BinOpr::And => self.go_if_true(v)?,
            BinOpr::Or => self.go_if_false(v)?,
            BinOpr::Concat => self.exp_to_next_reg(v)?,
            BinOpr::Add
            | BinOpr::Sub
            | BinOpr::Mul
            | BinOpr::Div
            | BinOpr::IDiv
            | BinOpr::Mod
            | BinOpr::Pow
            | BinOpr::BAnd
            | BinOpr::BOr
            | BinOpr::BXor
            | BinOpr::Shl
            | BinOpr::Shr => {
                if to_numeral(v).is_none() {
                    self.exp_to_any_reg(v)?;
                }
            }
            BinOpr::Eq | BinOpr::Ne => {
                if to_numeral(v).is_none() {
                    self.exp_to_rk(v)?;
                }
            }
            BinOpr::Lt | BinOpr::Le | BinOpr::Gt | BinOpr::Ge => {
                if is_scnumber(v, &mut false).is_none() {
                    self.exp_to_any_reg(v)?;
                }
            }
        }
        Ok(())
    }

    /// `codeconcat`: merges `e1 .. (e2.1 .. e2.2)` into one CONCAT.
    fn code_concat(&mut self, e1: &ExpDesc, e2: &ExpDesc, line: u32) -> R<()> {
        if let Some(ppc) = self.previous_instruction() {
            let ie2 = self.fs().f.code[ppc];
            if ie2.opcode_raw() == Op::Concat as u8 {
                let n = ie2.b();
                self.free_exp(e2);
                let i = self.instr(ppc);
                i.set_a(e1.reg());
                i.set_b(n + 1);
                return Ok(());
            }
        }
        self.code_abc(Op::Concat, e1.reg(), 2, 0)?;
        self.free_exp(e2);
        self.fix_line(line);
        Ok(())
    }

    /// `luaK_posfix`: finishes a binary operation after reading the second operand.
    pub(crate) fn posfix(
        &mut self,
        opr: BinOpr,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        line: u32,
    ) -> R<()> {
        self.discharge_vars(e2)?;
        if opr.foldable() && const_folding(opr as u8, e1, e2) {
            return Ok(());
        }
        match opr {
            BinOpr::And => {
                let mut f = e2.f;
                self.concat_jumps(&mut f, e1.f)?;
                e2.f = f;
                *e1 = *e2;
            }
            BinOpr::Or => {
                let mut t = e2.t;
                self.concat_jumps(&mut t, e1.t)?;
                e2.t = t;
                *e1 = *e2;
            }
            BinOpr::Concat => {
                self.exp_to_next_reg(e2)?;
                self.code_concat(e1, e2, line)?;
            }
            BinOpr::Add | BinOpr::Mul => self.code_commutative(opr, e1, e2, line)?,
            BinOpr::Sub => {
                if !self.finish_binexp_neg(e1, e2, Op::AddI, line, TM_ADD + 1)? {
                    self.code_arith(opr, e1, e2, false, line)?;
                }
            }
            BinOpr::Div | BinOpr::IDiv | BinOpr::Mod | BinOpr::Pow => {
                self.code_arith(opr, e1, e2, false, line)?
            }
            BinOpr::BAnd | BinOpr::BOr | BinOpr::BXor => self.code_bitwise(opr, e1, e2, line)?,
            BinOpr::Shl => {
                if is_scint(e1) {
                    std::mem::swap(e1, e2);
                    self.code_bini(Op::ShlI, e1, e2, true, line, TM_SHL)?;
                } else if self.finish_binexp_neg(e1, e2, Op::ShrI, line, TM_SHL)? {
                    // coded as (r1 >> -I)
                } else {
                    self.code_binexp_val(Op::Shl, e1, e2, line)?;
                }
            }
            BinOpr::Shr => {
                if is_scint(e2) {
                    self.code_bini(Op::ShrI, e1, e2, false, line, TM_SHR)?;
                } else {
                    self.code_binexp_val(Op::Shr, e1, e2, line)?;
                }
            }
            BinOpr::Eq | BinOpr::Ne => self.code_eq(opr, e1, e2)?,
            BinOpr::Lt | BinOpr::Le => {
                let op = if opr == BinOpr::Lt { Op::Lt } else { Op::Le };
                self.code_order(op, e1, e2)?;
            }
            BinOpr::Gt | BinOpr::Ge => {
                // '(a > b)' <=> '(b < a)';  '(a >= b)' <=> '(b <= a)'
                let op = if opr == BinOpr::Gt { Op::Lt } else { Op::Le };
                std::mem::swap(e1, e2);
                self.code_order(op, e1, e2)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_ops_follow_lua() {
        assert_eq!(int_mod(-5, 3), 1);
        assert_eq!(int_mod(5, -3), -1);
        assert_eq!(int_idiv(-7, 2), -4);
        assert_eq!(int_idiv(i64::MIN, -1), i64::MIN);
        assert_eq!(shift_left(1, 64), 0);
        assert_eq!(shift_left(-1, -1), i64::MAX);
        assert_eq!(flt_mod(-5.5, 2.0), 0.5);
        assert_eq!(flt_mod(-7.0, -2.5), -2.0);
        assert_eq!(flt_mod(7.0, -2.5), -0.5);
        assert_eq!(ceil_log2_probe(5), 3);
    }

    fn ceil_log2_probe(x: u32) -> u32 {
        super::super::ceil_log2(x)
    }
}
