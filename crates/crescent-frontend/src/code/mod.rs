//! Code generation, a port of PUC Lua 5.4's `lcode.c` (this file: expression descriptors,
//! instruction emission with line info, jump lists, register allocation and the constant
//! table; `exp.rs`: discharging expressions, conditions, operators and constant folding).
//!
//! Everything here is a method on [`Parser`], acting on the innermost function being
//! compiled (`self.fs()`), exactly as `lcode.c` acts on a `FuncState`.

mod exp;

pub(crate) use exp::{BinOpr, UnOpr};

use crate::bytecode::opcodes::*;
use crate::bytecode::Constant;
use crate::lex::StrId;
use crate::parse::{Parser, R};
use std::rc::Rc;

/// End of a jump list (PUC's `NO_JUMP`).
pub(crate) const NO_JUMP: i32 = -1;
/// "No register" for TESTSET patching (PUC's `NO_REG`).
pub(crate) const NO_REG: u32 = MAXARG_A;
/// `MAXINDEXRK`: largest constant index usable as an RK operand.
const MAX_INDEX_RK: u32 = MAXARG_B;
/// Strings up to this length are "short" (`LUAI_MAXSHORTLEN`).
pub(crate) const MAX_SHORT_LEN: usize = 40;
/// `LUA_MULTRET`.
pub(crate) const MULTRET: i32 = -1;

/// A compile-time constant value (of a `<const>` variable or a folded expression).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum CVal {
    Nil,
    Bool(bool),
    Int(i64),
    Flt(f64),
    Str(StrId),
}

/// Kinds of expression descriptors (PUC's `expkind`, with the `u` union folded in).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ExpKind {
    /// Empty expression list.
    Void,
    Nil,
    True,
    False,
    /// Constant in `k`: index.
    K(u32),
    KFlt(f64),
    KInt(i64),
    /// Literal string (not yet in `k`).
    KStr(StrId),
    /// Value in a fixed register.
    NonReloc(u32),
    /// Local variable: register and compiler index (relative to the function's first local).
    Local {
        ridx: u32,
        vidx: u32,
    },
    /// Upvalue: index.
    Upval(u32),
    /// Compile-time `<const>`: absolute index in `actvar`.
    Const(u32),
    /// `t[idx]`, table and key in registers.
    Indexed {
        t: u32,
        idx: u32,
    },
    /// Upvalue `t` indexed by constant string `idx`.
    IndexUp {
        t: u32,
        idx: u32,
    },
    /// Register `t` indexed by a small integer.
    IndexI {
        t: u32,
        idx: u32,
    },
    /// Register `t` indexed by constant short string `idx`.
    IndexStr {
        t: u32,
        idx: u32,
    },
    /// A test/comparison: pc of its jump.
    Jmp(i32),
    /// Result can go to any register: pc of the instruction.
    Reloc(i32),
    /// Open function call: pc.
    Call(i32),
    /// Vararg expression: pc.
    Vararg(i32),
}

/// An expression descriptor with its true/false exit lists.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ExpDesc {
    pub k: ExpKind,
    /// Patch list of "exit when true".
    pub t: i32,
    /// Patch list of "exit when false".
    pub f: i32,
}

impl ExpDesc {
    pub fn new(k: ExpKind) -> ExpDesc {
        ExpDesc {
            k,
            t: NO_JUMP,
            f: NO_JUMP,
        }
    }
    pub fn void() -> ExpDesc {
        ExpDesc::new(ExpKind::Void)
    }
    #[inline]
    pub fn has_jumps(&self) -> bool {
        self.t != self.f
    }
    /// `vkisvar`
    pub fn is_var(&self) -> bool {
        use ExpKind::*;
        matches!(
            self.k,
            Local { .. }
                | Upval(_)
                | Const(_)
                | Indexed { .. }
                | IndexUp { .. }
                | IndexI { .. }
                | IndexStr { .. }
        )
    }
    /// `vkisindexed`
    pub fn is_indexed(&self) -> bool {
        use ExpKind::*;
        matches!(
            self.k,
            Indexed { .. } | IndexUp { .. } | IndexI { .. } | IndexStr { .. }
        )
    }
    /// `hasmultret`
    pub fn has_multret(&self) -> bool {
        matches!(self.k, ExpKind::Call(_) | ExpKind::Vararg(_))
    }
    /// The pc of a `Reloc`/`Call`/`Vararg`/`Jmp` expression.
    pub fn pc(&self) -> usize {
        match self.k {
            ExpKind::Reloc(pc) | ExpKind::Call(pc) | ExpKind::Vararg(pc) | ExpKind::Jmp(pc) => {
                pc as usize
            }
            _ => unreachable!("expression has no instruction"),
        }
    }
    /// The register of a `NonReloc` expression (`u.info`).
    pub fn reg(&self) -> u32 {
        match self.k {
            ExpKind::NonReloc(r) => r,
            _ => unreachable!("expression is not in a register"),
        }
    }
}

/// Key of the constant cache shared by all functions of a compilation (PUC uses the
/// scanner's table, with Lua's key normalization: integral floats become integers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum KKey {
    Nil,
    Bool(bool),
    Int(i64),
    Flt(u64),
    Str(StrId),
}

impl KKey {
    fn float(x: f64) -> KKey {
        match flt_to_int(x) {
            Some(i) => KKey::Int(i),
            None => KKey::Flt(x.to_bits()),
        }
    }
}

/// `luaV_flttointeger` in mode `F2Ieq`: the integer with exactly this value, if any.
pub(crate) fn flt_to_int(x: f64) -> Option<i64> {
    if x.floor() == x && (-9223372036854775808.0..9223372036854775808.0).contains(&x) {
        Some(x as i64)
    } else {
        None
    }
}

/// `fitsC`: fits in a signed 8-bit `sC` operand.
pub(crate) fn fits_c(i: i64) -> bool {
    (i as u64).wrapping_add(OFFSET_SC as u64) <= MAXARG_C as u64
}

/// `fitsBx`: fits in a signed `sBx` operand.
fn fits_bx(i: i64) -> bool {
    -(OFFSET_SBX as i64) <= i && i <= (MAXARG_BX as i64 - OFFSET_SBX as i64)
}

/// `int2sC`
pub(crate) fn int2sc(i: i64) -> u32 {
    (i + OFFSET_SC as i64) as u32
}

impl<'s> Parser<'s> {
    /// Current pc (`fs->pc`).
    #[inline]
    pub(crate) fn pc(&self) -> usize {
        self.fs().f.code.len()
    }

    #[inline]
    pub(crate) fn instr(&mut self, pc: usize) -> &mut Instr {
        &mut self.fsm().f.code[pc]
    }

    /// `luaK_semerror`: an error without the "near" part.
    pub(crate) fn semerror(&self, msg: &str) -> crate::SyntaxError {
        self.lex.error(msg, None)
    }

    /// `previousinstruction`: the previous instruction, unless it may be a jump target.
    fn previous_instruction(&self) -> Option<usize> {
        let fs = self.fs();
        let pc = fs.f.code.len();
        (pc > fs.lasttarget).then(|| pc - 1)
    }

    /// `luaK_nil`: loads nil into `n` registers from `from`, merging with a previous LOADNIL.
    pub(crate) fn code_nil(&mut self, from: u32, n: u32) -> R<()> {
        let mut from = from;
        let mut l = from + n - 1;
        if let Some(ppc) = self.previous_instruction() {
            let prev = self.fs().f.code[ppc];
            if prev.opcode_raw() == Op::LoadNil as u8 {
                let pfrom = prev.a();
                let pl = pfrom + prev.b();
                if (pfrom <= from && from <= pl + 1) || (from <= pfrom && pfrom <= l + 1) {
                    from = from.min(pfrom);
                    l = l.max(pl);
                    let i = self.instr(ppc);
                    i.set_a(from);
                    i.set_b(l - from);
                    return Ok(());
                }
            }
        }
        self.code_abc(Op::LoadNil, from, n - 1, 0)?;
        Ok(())
    }

    /// `getjump`: destination of the jump at `pc`, or `NO_JUMP` at the end of a list.
    pub(crate) fn get_jump(&self, pc: i32) -> i32 {
        let offset = self.fs().f.code[pc as usize].sj();
        if offset == NO_JUMP {
            NO_JUMP
        } else {
            pc + 1 + offset
        }
    }

    /// `fixjump`
    pub(crate) fn fix_jump(&mut self, pc: i32, dest: i32) -> R<()> {
        let offset = dest - (pc + 1);
        if !(-OFFSET_SJ <= offset && offset <= MAXARG_SJ as i32 - OFFSET_SJ) {
            return Err(self.lex.syntax_error("control structure too long"));
        }
        self.instr(pc as usize).set_sj(offset);
        Ok(())
    }

    /// `luaK_concat`: appends jump list `l2` to `l1`.
    pub(crate) fn concat_jumps(&mut self, l1: &mut i32, l2: i32) -> R<()> {
        if l2 == NO_JUMP {
            return Ok(());
        }
        if *l1 == NO_JUMP {
            *l1 = l2;
            return Ok(());
        }
        let tail = self.list_tail(*l1);
        self.fix_jump(tail, l2)?;
        let t2 = self.list_tail(l2);
        self.fsm().jump_tails.insert(*l1, t2);
        Ok(())
    }

    /// The last jump of the list starting at `head` (using the tail cache when valid).
    fn list_tail(&mut self, head: i32) -> i32 {
        let mut list = head;
        if let Some(&t) = self.fs().jump_tails.get(&head) {
            let code = &self.fs().f.code;
            if code[t as usize].opcode_raw() == Op::Jmp as u8 && self.get_jump(t) == NO_JUMP {
                return t;
            }
        }
        loop {
            let next = self.get_jump(list);
            if next == NO_JUMP {
                break;
            }
            list = next;
        }
        if list != head {
            self.fsm().jump_tails.insert(head, list);
        }
        list
    }

    /// `luaK_jump`
    pub(crate) fn jump(&mut self) -> R<i32> {
        Ok(self.code(Instr::sj_(Op::Jmp, NO_JUMP))? as i32)
    }

    /// `luaK_jumpto`
    pub(crate) fn jump_to(&mut self, target: i32) -> R<()> {
        let j = self.jump()?;
        self.patch_list(j, target)
    }

    /// `luaK_ret`
    pub(crate) fn ret(&mut self, first: u32, nret: i32) -> R<()> {
        let op = match nret {
            0 => Op::Return0,
            1 => Op::Return1,
            _ => Op::Return,
        };
        self.code_abc(op, first, (nret + 1) as u32, 0)?;
        Ok(())
    }

    /// `condjump`: a test or comparison followed by a jump; returns the jump's pc.
    pub(crate) fn cond_jump(&mut self, op: Op, a: u32, b: u32, c: u32, k: bool) -> R<i32> {
        self.code_abck(op, a, b, c, k)?;
        self.jump()
    }

    /// `luaK_getlabel`: current pc, marked as a jump target.
    pub(crate) fn get_label(&mut self) -> i32 {
        let fs = self.fsm();
        fs.lasttarget = fs.f.code.len();
        fs.lasttarget as i32
    }

    /// `getjumpcontrol`: the instruction controlling the jump at `pc`.
    pub(crate) fn jump_control(&self, pc: i32) -> usize {
        let pc = pc as usize;
        let code = &self.fs().f.code;
        if pc >= 1 && Op::from_u8(code[pc - 1].opcode_raw()).is_some_and(|o| o.is_test()) {
            pc - 1
        } else {
            pc
        }
    }

    /// `patchtestreg`
    fn patch_test_reg(&mut self, node: i32, reg: u32) -> bool {
        let ipc = self.jump_control(node);
        let i = self.fs().f.code[ipc];
        if i.opcode_raw() != Op::TestSet as u8 {
            return false;
        }
        if reg != NO_REG && reg != i.b() {
            self.instr(ipc).set_a(reg);
        } else {
            *self.instr(ipc) = Instr::abc(Op::Test, i.b(), 0, 0, i.k());
        }
        true
    }

    /// `removevalues`
    pub(crate) fn remove_values(&mut self, mut list: i32) {
        while list != NO_JUMP {
            self.patch_test_reg(list, NO_REG);
            list = self.get_jump(list);
        }
    }

    /// `patchlistaux`
    pub(crate) fn patch_list_aux(
        &mut self,
        mut list: i32,
        vtarget: i32,
        reg: u32,
        dtarget: i32,
    ) -> R<()> {
        while list != NO_JUMP {
            let next = self.get_jump(list);
            if self.patch_test_reg(list, reg) {
                self.fix_jump(list, vtarget)?;
            } else {
                self.fix_jump(list, dtarget)?;
            }
            list = next;
        }
        Ok(())
    }

    /// `luaK_patchlist`
    pub(crate) fn patch_list(&mut self, list: i32, target: i32) -> R<()> {
        self.patch_list_aux(list, target, NO_REG, target)
    }

    /// `luaK_patchtohere`
    pub(crate) fn patch_to_here(&mut self, list: i32) -> R<()> {
        let hr = self.get_label();
        self.patch_list(list, hr)
    }

    /// `luaK_code`: emits an instruction with the line of the last consumed token.
    pub(crate) fn code(&mut self, i: Instr) -> R<usize> {
        let line = self.lex.lastline;
        let f = &mut self.fsm().f;
        if f.code.len() >= i32::MAX as usize {
            return Err(crate::SyntaxError {
                message: format!("too many opcodes (limit is {})", i32::MAX).into(),
            });
        }
        f.code.push(i);
        f.line_info.push(line);
        Ok(f.code.len() - 1)
    }

    /// `removelastinstruction`
    pub(crate) fn remove_last_instruction(&mut self) {
        let f = &mut self.fsm().f;
        f.code.pop();
        f.line_info.pop();
    }

    /// `luaK_fixline`: changes the line of the last instruction.
    pub(crate) fn fix_line(&mut self, line: u32) {
        if let Some(l) = self.fsm().f.line_info.last_mut() {
            *l = line;
        }
    }

    pub(crate) fn code_abck(&mut self, op: Op, a: u32, b: u32, c: u32, k: bool) -> R<usize> {
        self.code(Instr::abc(op, a, b, c, k))
    }

    pub(crate) fn code_abc(&mut self, op: Op, a: u32, b: u32, c: u32) -> R<usize> {
        self.code(Instr::abc(op, a, b, c, false))
    }

    pub(crate) fn code_abx(&mut self, op: Op, a: u32, bx: u32) -> R<usize> {
        self.code(Instr::abx(op, a, bx))
    }

    fn code_asbx(&mut self, op: Op, a: u32, sbx: i32) -> R<usize> {
        self.code(Instr::asbx(op, a, sbx))
    }

    pub(crate) fn code_extra_arg(&mut self, a: u32) -> R<usize> {
        self.code(Instr::ax_(Op::ExtraArg, a))
    }

    /// `luaK_codek`: LOADK or LOADKX.
    fn code_k(&mut self, reg: u32, k: u32) -> R<usize> {
        if k <= MAXARG_BX {
            self.code_abx(Op::LoadK, reg, k)
        } else {
            let p = self.code_abx(Op::LoadKX, reg, 0)?;
            self.code_extra_arg(k)?;
            Ok(p)
        }
    }

    /// `luaK_checkstack`
    pub(crate) fn check_stack(&mut self, n: u32) -> R<()> {
        let fs = self.fs();
        let newstack = fs.freereg + n;
        if newstack > fs.f.max_stack_size as u32 {
            if newstack >= MAX_REGS {
                return Err(self
                    .lex
                    .syntax_error("function or expression needs too many registers"));
            }
            self.fsm().f.max_stack_size = newstack as u8;
        }
        Ok(())
    }

    /// `luaK_reserveregs`
    pub(crate) fn reserve_regs(&mut self, n: u32) -> R<()> {
        self.check_stack(n)?;
        self.fsm().freereg += n;
        Ok(())
    }

    /// `freereg`: frees `reg` if it is not a local variable.
    pub(crate) fn free_reg(&mut self, reg: u32) {
        if reg >= self.nvarstack() {
            let fs = self.fsm();
            fs.freereg -= 1;
            debug_assert_eq!(reg, fs.freereg);
        }
    }

    fn free_regs(&mut self, r1: u32, r2: u32) {
        if r1 > r2 {
            self.free_reg(r1);
            self.free_reg(r2);
        } else {
            self.free_reg(r2);
            self.free_reg(r1);
        }
    }

    /// `freeexp`
    pub(crate) fn free_exp(&mut self, e: &ExpDesc) {
        if let ExpKind::NonReloc(r) = e.k {
            self.free_reg(r);
        }
    }

    /// `freeexps`: frees in the proper order.
    pub(crate) fn free_exps(&mut self, e1: &ExpDesc, e2: &ExpDesc) {
        let r1 = if let ExpKind::NonReloc(r) = e1.k {
            r as i64
        } else {
            -1
        };
        let r2 = if let ExpKind::NonReloc(r) = e2.k {
            r as i64
        } else {
            -1
        };
        if r1 > r2 {
            if r1 >= 0 {
                self.free_reg(r1 as u32);
            }
            if r2 >= 0 {
                self.free_reg(r2 as u32);
            }
        } else {
            if r2 >= 0 {
                self.free_reg(r2 as u32);
            }
            if r1 >= 0 {
                self.free_reg(r1 as u32);
            }
        }
    }

    /// `addk`: adds a constant, reusing an entry found through the shared cache.
    fn addk(&mut self, key: KKey, v: Constant) -> R<u32> {
        if let Some(&k) = self.kcache.get(&key) {
            let consts = &self.fs().f.constants;
            if k < consts.len() && same_constant(&consts[k], &v) {
                return Ok(k as u32);
            }
        }
        let k = self.fs().f.constants.len();
        if k >= MAXARG_AX as usize {
            return Err(crate::SyntaxError {
                message: format!("too many constants (limit is {MAXARG_AX})").into(),
            });
        }
        self.kcache.insert(key, k);
        self.fsm().f.constants.push(v);
        Ok(k as u32)
    }

    /// `stringK`
    pub(crate) fn string_k(&mut self, s: StrId) -> R<u32> {
        let v = Constant::Str(Rc::clone(self.lex.strings.get(s)));
        self.addk(KKey::Str(s), v)
    }

    /// `luaK_intK`
    fn int_k(&mut self, i: i64) -> R<u32> {
        self.addk(KKey::Int(i), Constant::Int(i))
    }

    /// `luaK_numberK`: integral floats get an alternative key so they do not collide with
    /// integers.
    fn number_k(&mut self, r: f64) -> R<u32> {
        match flt_to_int(r) {
            None => self.addk(KKey::float(r), Constant::Float(r)),
            Some(ik) => {
                let q = 2f64.powi(-52);
                let k = if ik == 0 { q } else { r + r * q };
                self.addk(KKey::float(k), Constant::Float(r))
            }
        }
    }

    fn bool_k(&mut self, b: bool) -> R<u32> {
        self.addk(KKey::Bool(b), Constant::Bool(b))
    }

    fn nil_k(&mut self) -> R<u32> {
        self.addk(KKey::Nil, Constant::Nil)
    }

    /// `luaK_int`: loads an integer into `reg`.
    pub(crate) fn code_int(&mut self, reg: u32, i: i64) -> R<()> {
        if fits_bx(i) {
            self.code_asbx(Op::LoadI, reg, i as i32)?;
        } else {
            let k = self.int_k(i)?;
            self.code_k(reg, k)?;
        }
        Ok(())
    }

    /// `luaK_float`
    fn code_float(&mut self, reg: u32, f: f64) -> R<()> {
        match flt_to_int(f) {
            Some(fi) if fits_bx(fi) => {
                self.code_asbx(Op::LoadF, reg, fi as i32)?;
            }
            _ => {
                let k = self.number_k(f)?;
                self.code_k(reg, k)?;
            }
        }
        Ok(())
    }

    /// `luaK_settablesize`: fixes the NEWTABLE at `pc` (and its EXTRAARG).
    pub(crate) fn set_table_size(&mut self, pc: usize, ra: u32, asize: u32, hsize: u32) {
        let rb = if hsize != 0 { ceil_log2(hsize) + 1 } else { 0 };
        let extra = asize / (MAXARG_C + 1);
        let rc = asize % (MAXARG_C + 1);
        let code = &mut self.fsm().f.code;
        code[pc] = Instr::abc(Op::NewTable, ra, rb, rc, extra > 0);
        code[pc + 1] = Instr::ax_(Op::ExtraArg, extra);
    }

    /// `luaK_setlist`: SETLIST for `tostore` values (`MULTRET`: up to the top).
    pub(crate) fn set_list(&mut self, base: u32, nelems: u32, tostore: i32) -> R<()> {
        let tostore = if tostore == MULTRET {
            0
        } else {
            tostore as u32
        };
        if nelems <= MAXARG_C {
            self.code_abc(Op::SetList, base, tostore, nelems)?;
        } else {
            let extra = nelems / (MAXARG_C + 1);
            let nelems = nelems % (MAXARG_C + 1);
            self.code_abck(Op::SetList, base, tostore, nelems, true)?;
            self.code_extra_arg(extra)?;
        }
        self.fsm().freereg = base + 1;
        Ok(())
    }

    /// `luaK_finish`: final pass (RETURN variants, k/C flags, jump threading).
    pub(crate) fn finish(&mut self) -> R<()> {
        let (needclose, is_vararg, numparams) = {
            let fs = self.fs();
            (fs.needclose, fs.f.is_vararg, fs.f.num_params as u32)
        };
        for i in 0..self.pc() {
            let ins = self.fs().f.code[i];
            let op = ins.op();
            match op {
                Op::Return0 | Op::Return1 | Op::Return | Op::TailCall => {
                    if matches!(op, Op::Return0 | Op::Return1) {
                        if !(needclose || is_vararg) {
                            continue;
                        }
                        let mut n = ins;
                        n.0 = (n.0 & !0x7f) | Op::Return as u32;
                        *self.instr(i) = n;
                    }
                    let p = self.instr(i);
                    if needclose {
                        p.set_k(true);
                    }
                    if is_vararg {
                        p.set_c(numparams + 1);
                    }
                }
                Op::Jmp => {
                    let target = self.final_target(i);
                    self.fix_jump(i as i32, target as i32)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// `finaltarget`: follows chains of jumps (at most 100).
    fn final_target(&self, mut i: usize) -> usize {
        let code = &self.fs().f.code;
        for _ in 0..100 {
            let ins = code[i];
            if ins.opcode_raw() != Op::Jmp as u8 {
                break;
            }
            i = (i as i64 + ins.sj() as i64 + 1) as usize;
        }
        i
    }
}

/// Raw equality with the same type tag (integers and floats differ).
fn same_constant(a: &Constant, b: &Constant) -> bool {
    match (a, b) {
        (Constant::Nil, Constant::Nil) => true,
        (Constant::Bool(x), Constant::Bool(y)) => x == y,
        (Constant::Int(x), Constant::Int(y)) => x == y,
        (Constant::Float(x), Constant::Float(y)) => x == y,
        (Constant::Str(x), Constant::Str(y)) => {
            // short and long strings have different tags in PUC, but equal strings have
            // equal lengths, so content equality is enough
            x == y
        }
        _ => false,
    }
}

/// `luaO_ceillog2`: ceil(log2(x)) for x >= 1.
fn ceil_log2(x: u32) -> u32 {
    let x = x - 1;
    32 - x.leading_zeros()
}
