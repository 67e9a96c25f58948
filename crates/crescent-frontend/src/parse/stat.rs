//! Statements (from `lparser.c`): blocks, assignments (with PUC's conflict check for
//! multiple assignment), calls, `if`/`while`/`repeat`/numeric and generic `for`, `goto`,
//! labels and `break`, `local` (attributes `<const>` and `<close>`, compile-time
//! constants), `local function`, `function` statements and `return` (tail calls).

use super::{Parser, R};
use crate::bytecode::opcodes::MAXARG_BX;
use crate::bytecode::{Op, VarKind};
use crate::code::{ExpDesc, ExpKind, MULTRET, NO_JUMP};
use crate::lex::{StrId, Tok};

impl<'s> Parser<'s> {
    /// `block_follow`: is the current token the end of a block?
    fn block_follow(&self, withuntil: bool) -> bool {
        match self.lex.t {
            Tok::Else | Tok::Elseif | Tok::End | Tok::Eos => true,
            Tok::Until => withuntil,
            _ => false,
        }
    }

    /// `statlist`: `{ stat [';'] }`.
    pub(crate) fn statlist(&mut self) -> R<()> {
        while !self.block_follow(true) {
            if self.is(Tok::Return) {
                self.statement()?;
                return Ok(()); // 'return' must be last statement
            }
            self.statement()?;
        }
        Ok(())
    }

    /// `block`
    fn block(&mut self) -> R<()> {
        self.enter_block(false);
        self.statlist()?;
        self.leave_block()
    }

    /// `check_conflict`: in a multiple assignment, if a local/upvalue being assigned is
    /// used as table or index by a previous target, copy it to a safe register first.
    fn check_conflict(&mut self, lhs: &mut [ExpDesc], v: &ExpDesc) -> R<()> {
        let extra = self.fs().freereg;
        let mut conflict = false;
        for lh in lhs.iter_mut() {
            match lh.k {
                ExpKind::IndexUp { t, idx } if v.k == ExpKind::Upval(t) => {
                    conflict = true;
                    lh.k = ExpKind::IndexStr { t: extra, idx };
                }
                ExpKind::Indexed { t, idx } => {
                    if let ExpKind::Local { ridx, .. } = v.k {
                        let mut nt = t;
                        let mut nidx = idx;
                        if t == ridx {
                            conflict = true;
                            nt = extra;
                        }
                        if idx == ridx {
                            conflict = true;
                            nidx = extra;
                        }
                        lh.k = ExpKind::Indexed { t: nt, idx: nidx };
                    }
                }
                ExpKind::IndexI { t, idx } => {
                    if matches!(v.k, ExpKind::Local { ridx, .. } if ridx == t) {
                        conflict = true;
                        lh.k = ExpKind::IndexI { t: extra, idx };
                    }
                }
                ExpKind::IndexStr { t, idx } => {
                    if matches!(v.k, ExpKind::Local { ridx, .. } if ridx == t) {
                        conflict = true;
                        lh.k = ExpKind::IndexStr { t: extra, idx };
                    }
                }
                _ => {}
            }
        }
        if conflict {
            match v.k {
                ExpKind::Local { ridx, .. } => self.code_abc(Op::Move, extra, ridx, 0)?,
                ExpKind::Upval(i) => self.code_abc(Op::GetUpval, extra, i, 0)?,
                _ => unreachable!("conflict with a non-variable"),
            };
            self.reserve_regs(1)?;
        }
        Ok(())
    }

    /// `restassign`: `',' suffixedexp restassign | '=' explist`; `lhs` holds the targets
    /// read so far (the current one last).
    fn restassign(&mut self, lhs: &mut Vec<ExpDesc>, nvars: usize) -> R<()> {
        let cur = *lhs.last().expect("an assignment target");
        self.check_condition(cur.is_var(), "syntax error")?;
        self.check_readonly(&cur)?;
        if self.test_next(Tok::Char(b','))? {
            let nv = self.suffixedexp()?;
            if !nv.is_indexed() {
                self.check_conflict(lhs, &nv)?;
            }
            lhs.push(nv);
            self.enter_level()?;
            self.restassign(lhs, nvars + 1)?;
            self.leave_level();
            lhs.pop();
        } else {
            self.check_next(Tok::Char(b'='))?;
            let (nexps, mut e) = self.explist()?;
            if nexps != nvars {
                self.adjust_assign(nvars, nexps, &mut e)?;
            } else {
                self.set_one_ret(&mut e);
                let var = *lhs.last().expect("an assignment target");
                return self.store_var(&var, &mut e);
            }
        }
        let mut e = ExpDesc::new(ExpKind::NonReloc(self.fs().freereg - 1));
        let var = *lhs.last().expect("an assignment target");
        self.store_var(&var, &mut e)
    }

    /// `cond`: a condition; returns its false-exit list.
    fn cond(&mut self) -> R<i32> {
        let mut v = self.expr()?;
        if v.k == ExpKind::Nil {
            v.k = ExpKind::False; // 'falses' are all equal here
        }
        self.go_if_true(&mut v)?;
        Ok(v.f)
    }

    /// `gotostat`
    fn gotostat(&mut self) -> R<()> {
        let line = self.lex.linenumber;
        let name = self.str_checkname()?;
        match self.find_label(name) {
            None => {
                // forward jump; resolved when the label is declared
                let j = self.jump()?;
                self.new_goto_entry(name, line, j)?;
            }
            Some(lb) => {
                // backward jump; resolved here
                let lblevel = self.reglevel(lb.nactvar);
                if self.nvarstack() > lblevel {
                    self.code_abc(Op::Close, lblevel, 0, 0)?;
                }
                let j = self.jump()?;
                self.patch_list(j, lb.pc)?;
            }
        }
        Ok(())
    }

    /// `breakstat`: same as `goto break`.
    fn breakstat(&mut self) -> R<()> {
        let line = self.lex.linenumber;
        self.lex.next()?; // skip break
        let j = self.jump()?;
        let b = self.break_name;
        self.new_goto_entry(b, line, j)
    }

    /// `checkrepeated`
    fn check_repeated(&self, name: StrId) -> R<()> {
        if let Some(lb) = self.find_label(name) {
            let msg = format!(
                "label '{}' already defined on line {}",
                String::from_utf8_lossy(self.str_bytes(name)),
                lb.line
            );
            return Err(self.semerror(&msg));
        }
        Ok(())
    }

    /// `labelstat`: `'::' NAME '::'`.
    fn labelstat(&mut self, name: StrId, line: u32) -> R<()> {
        self.check_next(Tok::DbColon)?;
        while self.is(Tok::Char(b';')) || self.is(Tok::DbColon) {
            self.statement()?; // skip other no-op statements
        }
        self.check_repeated(name)?;
        let last = self.block_follow(false);
        self.create_label(name, line, last)?;
        Ok(())
    }

    /// `whilestat`: `WHILE cond DO block END`.
    fn whilestat(&mut self, line: u32) -> R<()> {
        self.lex.next()?;
        let whileinit = self.get_label();
        let condexit = self.cond()?;
        self.enter_block(true);
        self.check_next(Tok::Do)?;
        self.block()?;
        self.jump_to(whileinit)?;
        self.check_match(Tok::End, Tok::While, line)?;
        self.leave_block()?;
        self.patch_to_here(condexit)
    }

    /// `repeatstat`: `REPEAT block UNTIL cond`.
    fn repeatstat(&mut self, line: u32) -> R<()> {
        let repeat_init = self.get_label();
        self.enter_block(true); // loop block
        self.enter_block(false); // scope block
        self.lex.next()?;
        self.statlist()?;
        self.check_match(Tok::Until, Tok::Repeat, line)?;
        let mut condexit = self.cond()?; // read condition (inside scope block)
        let bl2 = *self.fs().blocks.last().expect("inside a block");
        self.leave_block()?; // finish scope
        if bl2.upval {
            let exit = self.jump()?; // normal exit must jump over fix
            self.patch_to_here(condexit)?; // repetition must close upvalues
            let level = self.reglevel(bl2.nactvar);
            self.code_abc(Op::Close, level, 0, 0)?;
            condexit = self.jump()?; // repeat after closing upvalues
            self.patch_to_here(exit)?; // normal exit comes to here
        }
        self.patch_list(condexit, repeat_init)?;
        self.leave_block() // finish loop
    }

    /// `exp1`: an expression in the next register.
    fn exp1(&mut self) -> R<()> {
        let mut e = self.expr()?;
        self.exp_to_next_reg(&mut e)
    }

    /// `fixforjump`
    fn fix_for_jump(&mut self, pc: usize, dest: usize, back: bool) -> R<()> {
        let mut offset = dest as i64 - (pc as i64 + 1);
        if back {
            offset = -offset;
        }
        if offset > MAXARG_BX as i64 {
            return Err(self.lex.syntax_error("control structure too long"));
        }
        self.instr(pc).set_bx(offset as u32);
        Ok(())
    }

    /// `forbody`: `DO block`.
    fn forbody(&mut self, base: u32, line: u32, nvars: usize, isgen: bool) -> R<()> {
        self.check_next(Tok::Do)?;
        let prep = self.code_abx(if isgen { Op::TForPrep } else { Op::ForPrep }, base, 0)?;
        self.enter_block(false); // scope for declared variables
        self.adjust_localvars(nvars)?;
        self.reserve_regs(nvars as u32)?;
        self.block()?;
        self.leave_block()?;
        let here = self.get_label() as usize;
        self.fix_for_jump(prep, here, false)?;
        if isgen {
            self.code_abc(Op::TForCall, base, 0, nvars as u32)?;
            self.fix_line(line);
        }
        let endfor = self.code_abx(if isgen { Op::TForLoop } else { Op::ForLoop }, base, 0)?;
        self.fix_for_jump(endfor, prep + 1, true)?;
        self.fix_line(line);
        Ok(())
    }

    /// `fornum`: `NAME = exp, exp [, exp] forbody`.
    fn fornum(&mut self, varname: StrId, line: u32) -> R<()> {
        let base = self.fs().freereg;
        self.new_localvar_literal(b"(for state)")?;
        self.new_localvar_literal(b"(for state)")?;
        self.new_localvar_literal(b"(for state)")?;
        self.new_localvar(varname)?;
        self.check_next(Tok::Char(b'='))?;
        self.exp1()?; // initial value
        self.check_next(Tok::Char(b','))?;
        self.exp1()?; // limit
        if self.test_next(Tok::Char(b','))? {
            self.exp1()?; // optional step
        } else {
            let r = self.fs().freereg;
            self.code_int(r, 1)?;
            self.reserve_regs(1)?;
        }
        self.adjust_localvars(3)?; // control variables
        self.forbody(base, line, 1, false)
    }

    /// `forlist`: `NAME {, NAME} IN explist forbody`.
    fn forlist(&mut self, indexname: StrId) -> R<()> {
        let mut nvars = 5; // gen, state, control, toclose, 'indexname'
        let base = self.fs().freereg;
        for _ in 0..4 {
            self.new_localvar_literal(b"(for state)")?;
        }
        self.new_localvar(indexname)?;
        while self.test_next(Tok::Char(b','))? {
            let name = self.str_checkname()?;
            self.new_localvar(name)?;
            nvars += 1;
        }
        self.check_next(Tok::In)?;
        let line = self.lex.linenumber;
        let (n, mut e) = self.explist()?;
        self.adjust_assign(4, n, &mut e)?;
        self.adjust_localvars(4)?; // control variables
        self.mark_to_be_closed(); // last control var. must be closed
        self.check_stack(3)?; // extra space to call generator
        self.forbody(base, line, nvars - 4, true)
    }

    /// `forstat`: `FOR (fornum | forlist) END`.
    fn forstat(&mut self, line: u32) -> R<()> {
        self.enter_block(true); // scope for loop and control variables
        self.lex.next()?; // skip 'for'
        let varname = self.str_checkname()?;
        match self.lex.t {
            Tok::Char(b'=') => self.fornum(varname, line)?,
            Tok::Char(b',') | Tok::In => self.forlist(varname)?,
            _ => return Err(self.lex.syntax_error("'=' or 'in' expected")),
        }
        self.check_match(Tok::End, Tok::For, line)?;
        self.leave_block() // loop scope ('break' jumps to this point)
    }

    /// `test_then_block`: `[IF | ELSEIF] cond THEN block`.
    fn test_then_block(&mut self, escapelist: &mut i32) -> R<()> {
        self.lex.next()?; // skip IF or ELSEIF
        let mut v = self.expr()?;
        self.check_next(Tok::Then)?;
        let jf = if self.is(Tok::Break) {
            // 'if x then break'
            let line = self.lex.linenumber;
            self.go_if_false(&mut v)?; // will jump if condition is true
            self.lex.next()?; // skip 'break'
            self.enter_block(false); // must enter block before 'goto'
            let b = self.break_name;
            self.new_goto_entry(b, line, v.t)?;
            while self.test_next(Tok::Char(b';'))? {}
            if self.block_follow(false) {
                // jump is the entire block
                return self.leave_block();
            }
            self.jump()? // must skip over 'then' part if condition is false
        } else {
            self.go_if_true(&mut v)?; // skip over block if condition is false
            self.enter_block(false);
            v.f
        };
        self.statlist()?; // 'then' part
        self.leave_block()?;
        if self.is(Tok::Else) || self.is(Tok::Elseif) {
            let j = self.jump()?; // must jump over it
            self.concat_jumps(escapelist, j)?;
        }
        self.patch_to_here(jf)
    }

    /// `ifstat`: `IF cond THEN block {ELSEIF cond THEN block} [ELSE block] END`.
    fn ifstat(&mut self, line: u32) -> R<()> {
        let mut escapelist = NO_JUMP;
        self.test_then_block(&mut escapelist)?;
        while self.is(Tok::Elseif) {
            self.test_then_block(&mut escapelist)?;
        }
        if self.test_next(Tok::Else)? {
            self.block()?;
        }
        self.check_match(Tok::End, Tok::If, line)?;
        self.patch_to_here(escapelist)
    }

    /// `localfunc`
    fn localfunc(&mut self) -> R<()> {
        let fvar = self.fs().nactvar;
        let name = self.str_checkname()?;
        self.new_localvar(name)?;
        self.adjust_localvars(1)?;
        let line = self.lex.linenumber;
        self.body(false, line)?;
        // debug information will only see the variable after this point!
        let pc = self.pc() as u32;
        if let Some(v) = self.local_debug_info(fvar) {
            v.start_pc = pc;
        }
        Ok(())
    }

    /// `getlocalattribute`: `['<' Name '>']`.
    fn local_attribute(&mut self) -> R<VarKind> {
        if self.test_next(Tok::Char(b'<'))? {
            let attr = self.str_checkname()?;
            self.check_next(Tok::Char(b'>'))?;
            if self.name_is(attr, b"const") {
                return Ok(VarKind::Const);
            } else if self.name_is(attr, b"close") {
                return Ok(VarKind::ToClose);
            }
            let msg = format!(
                "unknown attribute '{}'",
                String::from_utf8_lossy(self.str_bytes(attr))
            );
            return Err(self.semerror(&msg));
        }
        Ok(VarKind::Regular)
    }

    /// `checktoclose`
    fn check_to_close(&mut self, level: Option<usize>) -> R<()> {
        if let Some(level) = level {
            self.mark_to_be_closed();
            let r = self.reglevel(level);
            self.code_abc(Op::Tbc, r, 0, 0)?;
        }
        Ok(())
    }

    /// `localstat`: `LOCAL NAME ATTRIB { ',' NAME ATTRIB } ['=' explist]`.
    fn localstat(&mut self) -> R<()> {
        let mut toclose = None;
        let mut nvars = 0;
        let mut vidx;
        loop {
            let name = self.str_checkname()?;
            vidx = self.new_localvar(name)?;
            let kind = self.local_attribute()?;
            let i = self.fs().firstlocal + vidx;
            self.actvar[i].kind = kind;
            if kind == VarKind::ToClose {
                if toclose.is_some() {
                    return Err(self.semerror("multiple to-be-closed variables in local list"));
                }
                toclose = Some(self.fs().nactvar + nvars);
            }
            nvars += 1;
            if !self.test_next(Tok::Char(b','))? {
                break;
            }
        }
        let (nexps, mut e) = if self.test_next(Tok::Char(b'='))? {
            self.explist()?
        } else {
            (0, ExpDesc::void())
        };
        let var_i = self.fs().firstlocal + vidx;
        let ctc = if nvars == nexps && self.actvar[var_i].kind == VarKind::Const {
            self.exp_to_const(&e)
        } else {
            None
        };
        if let Some(k) = ctc {
            let var = &mut self.actvar[var_i];
            var.kind = VarKind::CompileTimeConst;
            var.k = Some(k);
            self.adjust_localvars(nvars - 1)?; // exclude last variable
            self.fsm().nactvar += 1; // but count it
        } else {
            self.adjust_assign(nvars, nexps, &mut e)?;
            self.adjust_localvars(nvars)?;
        }
        self.check_to_close(toclose)
    }

    /// `funcname`: `NAME {fieldsel} [':' NAME]`; returns (variable, is method).
    fn funcname(&mut self) -> R<(ExpDesc, bool)> {
        let mut v = self.singlevar()?;
        while self.is(Tok::Char(b'.')) {
            self.fieldsel(&mut v)?;
        }
        let mut ismethod = false;
        if self.is(Tok::Char(b':')) {
            ismethod = true;
            self.fieldsel(&mut v)?;
        }
        Ok((v, ismethod))
    }

    /// `funcstat`: `FUNCTION funcname body`.
    fn funcstat(&mut self, line: u32) -> R<()> {
        self.lex.next()?; // skip FUNCTION
        let (v, ismethod) = self.funcname()?;
        let mut b = self.body(ismethod, line)?;
        self.check_readonly(&v)?;
        self.store_var(&v, &mut b)?;
        self.fix_line(line); // definition "happens" in the first line
        Ok(())
    }

    /// `exprstat`: a call or an assignment.
    fn exprstat(&mut self) -> R<()> {
        let v = self.suffixedexp()?;
        if self.is(Tok::Char(b'=')) || self.is(Tok::Char(b',')) {
            let mut lhs = vec![v];
            self.restassign(&mut lhs, 1)
        } else {
            let ExpKind::Call(pc) = v.k else {
                return Err(self.lex.syntax_error("syntax error"));
            };
            self.instr(pc as usize).set_c(1); // call statement uses no results
            Ok(())
        }
    }

    /// `retstat`: `RETURN [explist] [';']`.
    fn retstat(&mut self) -> R<()> {
        let mut first = self.nvarstack();
        let nret;
        if self.block_follow(true) || self.is(Tok::Char(b';')) {
            nret = 0;
        } else {
            let (n, mut e) = self.explist()?;
            if e.has_multret() {
                self.set_multret(&mut e)?;
                if let ExpKind::Call(pc) = e.k {
                    if n == 1 && !self.fs().blocks.last().is_some_and(|b| b.insidetbc) {
                        // tail call
                        let i = self.instr(pc as usize);
                        i.0 = (i.0 & !0x7f) | Op::TailCall as u32;
                    }
                }
                nret = MULTRET;
            } else if n == 1 {
                first = self.exp_to_any_reg(&mut e)?; // can use original slot
                nret = 1;
            } else {
                self.exp_to_next_reg(&mut e)?;
                nret = n as i32;
            }
        }
        self.ret(first, nret)?;
        self.test_next(Tok::Char(b';'))?;
        Ok(())
    }

    /// `statement`
    pub(crate) fn statement(&mut self) -> R<()> {
        let line = self.lex.linenumber;
        self.enter_level()?;
        match self.lex.t {
            Tok::Char(b';') => self.lex.next()?,
            Tok::If => self.ifstat(line)?,
            Tok::While => self.whilestat(line)?,
            Tok::Do => {
                self.lex.next()?;
                self.block()?;
                self.check_match(Tok::End, Tok::Do, line)?;
            }
            Tok::For => self.forstat(line)?,
            Tok::Repeat => self.repeatstat(line)?,
            Tok::Function => self.funcstat(line)?,
            Tok::Local => {
                self.lex.next()?;
                if self.test_next(Tok::Function)? {
                    self.localfunc()?;
                } else {
                    self.localstat()?;
                }
            }
            Tok::DbColon => {
                self.lex.next()?;
                let name = self.str_checkname()?;
                self.labelstat(name, line)?;
            }
            Tok::Return => {
                self.lex.next()?;
                self.retstat()?;
            }
            Tok::Break => self.breakstat()?,
            Tok::Goto => {
                self.lex.next()?;
                self.gotostat()?;
            }
            _ => self.exprstat()?,
        }
        let level = self.nvarstack();
        self.fsm().freereg = level; // free registers
        self.leave_level();
        Ok(())
    }
}
