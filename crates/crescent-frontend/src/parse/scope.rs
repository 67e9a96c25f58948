//! Scopes (from `lparser.c`): local variables and their registers and debug info,
//! compile-time constants, upvalue resolution across nested functions, blocks, labels and
//! gotos (with 5.4's rules: a goto may not jump into the scope of a local; pending gotos
//! move out of blocks and are closed by labels or reported when the function ends), and
//! opening/closing functions.

use super::{BlockCnt, FuncState, LabelDesc, Parser, VarDesc, MAX_UPVAL, MAX_VARS, R};
use crate::bytecode::{LocVar, Op, Proto, UpvalDesc, VarKind};
use crate::code::{ExpDesc, ExpKind};
use crate::lex::{FxMap, StrId};
use crate::SyntaxError;
use std::rc::Rc;

impl<'s> Parser<'s> {
    /// `getlocalvardesc` for function level `lvl` (index in `funcs`).
    pub(crate) fn vardesc_at(&self, lvl: usize, vidx: usize) -> &VarDesc {
        &self.actvar[self.funcs[lvl].firstlocal + vidx]
    }

    /// `getlocalvardesc` for the current function.
    pub(crate) fn vardesc(&self, vidx: usize) -> &VarDesc {
        &self.actvar[self.fs().firstlocal + vidx]
    }

    fn vardesc_mut(&mut self, vidx: usize) -> &mut VarDesc {
        let i = self.fs().firstlocal + vidx;
        &mut self.actvar[i]
    }

    /// `new_localvar`: creates a local (not yet active); returns its compiler index.
    pub(crate) fn new_localvar(&mut self, name: StrId) -> R<usize> {
        let firstlocal = self.fs().firstlocal;
        self.check_limit(
            self.nactvar_all + 1 - firstlocal,
            MAX_VARS,
            "local variables",
        )?;
        let v = VarDesc {
            kind: VarKind::Regular,
            ridx: 0,
            pidx: 0,
            name,
            k: None,
        };
        if self.nactvar_all < self.actvar.len() {
            self.actvar[self.nactvar_all] = v;
        } else {
            self.actvar.push(v);
        }
        self.nactvar_all += 1;
        Ok(self.nactvar_all - 1 - firstlocal)
    }

    pub(crate) fn new_localvar_literal(&mut self, name: &[u8]) -> R<usize> {
        let id = self.lex.strings.intern(name);
        self.new_localvar(id)
    }

    /// `reglevel`: the register level of compiler index `nvar` (the register after the
    /// highest variable below it that lives in a register).
    pub(crate) fn reglevel(&self, nvar: usize) -> u32 {
        let mut nvar = nvar;
        while nvar > 0 {
            nvar -= 1;
            let vd = self.vardesc(nvar);
            if vd.kind != VarKind::CompileTimeConst {
                return vd.ridx + 1;
            }
        }
        0
    }

    /// `luaY_nvarstack`: number of registers used by active locals.
    pub(crate) fn nvarstack(&self) -> u32 {
        self.reglevel(self.fs().nactvar)
    }

    /// `localdebuginfo`: the debug entry of variable `vidx` (none for compile-time
    /// constants).
    pub(crate) fn local_debug_info(&mut self, vidx: usize) -> Option<&mut LocVar> {
        let vd = self.vardesc(vidx);
        if vd.kind == VarKind::CompileTimeConst {
            return None;
        }
        let pidx = vd.pidx;
        Some(&mut self.fsm().f.loc_vars[pidx])
    }

    /// `check_readonly`: raises an error if `e` is a read-only variable.
    pub(crate) fn check_readonly(&self, e: &ExpDesc) -> R<()> {
        let varname = match e.k {
            ExpKind::Const(i) => Some(self.actvar[i as usize].name),
            ExpKind::Local { vidx, .. } => {
                let vd = self.vardesc(vidx as usize);
                (vd.kind != VarKind::Regular).then_some(vd.name)
            }
            ExpKind::Upval(i) => {
                let fs = self.fs();
                (fs.f.upvalues[i as usize].kind != VarKind::Regular)
                    .then_some(fs.upval_names[i as usize])
            }
            _ => None,
        };
        if let Some(name) = varname {
            let msg = format!(
                "attempt to assign to const variable '{}'",
                String::from_utf8_lossy(self.str_bytes(name))
            );
            return Err(self.semerror(&msg));
        }
        Ok(())
    }

    /// `registerlocalvar`: adds debug info for a variable starting now.
    fn register_localvar(&mut self, name: StrId) -> R<usize> {
        let pc = self.pc() as u32;
        let name = Rc::clone(self.str_bytes(name));
        let f = &mut self.fsm().f;
        if f.loc_vars.len() >= i16::MAX as usize {
            return Err(SyntaxError {
                message: format!("too many local variables (limit is {})", i16::MAX).into(),
            });
        }
        f.loc_vars.push(LocVar {
            name,
            start_pc: pc,
            end_pc: 0,
        });
        Ok(f.loc_vars.len() - 1)
    }

    /// `adjustlocalvars`: starts the scope of the last `nvars` created variables.
    pub(crate) fn adjust_localvars(&mut self, nvars: usize) -> R<()> {
        let first_reg = self.nvarstack();
        for reglevel in first_reg..first_reg + nvars as u32 {
            let vidx = self.fs().nactvar;
            self.fsm().nactvar += 1;
            let name = self.vardesc(vidx).name;
            let pidx = self.register_localvar(name)?;
            let var = self.vardesc_mut(vidx);
            var.ridx = reglevel;
            var.pidx = pidx;
        }
        Ok(())
    }

    /// `removevars`: closes the scope of variables down to `tolevel`.
    fn remove_vars(&mut self, tolevel: usize) {
        let n = self.fs().nactvar - tolevel;
        self.nactvar_all -= n;
        let pc = self.pc() as u32;
        while self.fs().nactvar > tolevel {
            self.fsm().nactvar -= 1;
            let v = self.fs().nactvar;
            if let Some(var) = self.local_debug_info(v) {
                var.end_pc = pc;
            }
        }
    }

    /// `searchupvalue`
    fn search_upvalue(&self, lvl: usize, name: StrId) -> Option<usize> {
        self.funcs[lvl].upval_names.iter().position(|&n| n == name)
    }

    /// `allocupvalue` + filling the descriptor.
    pub(crate) fn alloc_upvalue(&mut self, up: UpvalDesc) -> R<usize> {
        let n = self.fs().f.upvalues.len();
        self.check_limit(n + 1, MAX_UPVAL, "upvalues")?;
        self.fsm().f.upvalues.push(up);
        Ok(n)
    }

    /// `newupvalue`: a new upvalue of function `lvl` for `v`, a local or upvalue of the
    /// enclosing function.
    fn new_upvalue(&mut self, lvl: usize, name: StrId, v: &ExpDesc) -> R<usize> {
        let n = self.funcs[lvl].f.upvalues.len();
        if n + 1 > MAX_UPVAL {
            let line = self.funcs[lvl].f.line_defined;
            let where_ = if line == 0 {
                "main function".to_string()
            } else {
                format!("function at line {line}")
            };
            return Err(self.lex.syntax_error(&format!(
                "too many upvalues (limit is {MAX_UPVAL}) in {where_}"
            )));
        }
        let prev = lvl - 1;
        let (in_stack, idx, kind) = match v.k {
            ExpKind::Local { ridx, vidx } => {
                (true, ridx as u8, self.vardesc_at(prev, vidx as usize).kind)
            }
            ExpKind::Upval(i) => (false, i as u8, self.funcs[prev].f.upvalues[i as usize].kind),
            _ => unreachable!("upvalue of a non-variable"),
        };
        let name_bytes = Rc::clone(self.str_bytes(name));
        let fs = &mut self.funcs[lvl];
        fs.f.upvalues.push(UpvalDesc {
            name: Some(name_bytes),
            in_stack,
            idx,
            kind,
        });
        fs.upval_names.push(name);
        Ok(n)
    }

    /// `searchvar`: looks for an active local named `n` in function `lvl`.
    fn search_var(&self, lvl: usize, n: StrId) -> Option<ExpDesc> {
        let fs = &self.funcs[lvl];
        for i in (0..fs.nactvar).rev() {
            let vd = &self.actvar[fs.firstlocal + i];
            if vd.name == n {
                return Some(if vd.kind == VarKind::CompileTimeConst {
                    ExpDesc::new(ExpKind::Const((fs.firstlocal + i) as u32))
                } else {
                    ExpDesc::new(ExpKind::Local {
                        ridx: vd.ridx,
                        vidx: i as u32,
                    })
                });
            }
        }
        None
    }

    /// `markupval`: marks the block where the variable at `level` was defined.
    fn mark_upval(&mut self, lvl: usize, level: usize) {
        let fs = &mut self.funcs[lvl];
        let mut bi = fs.blocks.len() - 1;
        while fs.blocks[bi].nactvar > level {
            bi -= 1;
        }
        fs.blocks[bi].upval = true;
        fs.needclose = true;
    }

    /// `marktobeclosed`
    pub(crate) fn mark_to_be_closed(&mut self) {
        let fs = self.fsm();
        let bl = fs.blocks.last_mut().expect("inside a block");
        bl.upval = true;
        bl.insidetbc = true;
        fs.needclose = true;
    }

    /// `singlevaraux`: finds variable `n` from function `lvl` outwards, creating upvalues
    /// in intermediate functions. `Void` means global.
    fn singlevar_aux(&mut self, lvl: Option<usize>, n: StrId, base: bool) -> R<ExpDesc> {
        let Some(lvl) = lvl else {
            return Ok(ExpDesc::new(ExpKind::Void));
        };
        if let Some(var) = self.search_var(lvl, n) {
            if let ExpKind::Local { vidx, .. } = var.k {
                if !base {
                    self.mark_upval(lvl, vidx as usize);
                }
            }
            return Ok(var);
        }
        let idx = match self.search_upvalue(lvl, n) {
            Some(idx) => idx,
            None => {
                let var = self.singlevar_aux(lvl.checked_sub(1), n, false)?;
                if matches!(var.k, ExpKind::Local { .. } | ExpKind::Upval(_)) {
                    self.new_upvalue(lvl, n, &var)?
                } else {
                    return Ok(var); // global or constant
                }
            }
        };
        Ok(ExpDesc::new(ExpKind::Upval(idx as u32)))
    }

    /// `singlevar`: a name, handling globals as `_ENV.name`.
    pub(crate) fn singlevar(&mut self) -> R<ExpDesc> {
        let varname = self.str_checkname()?;
        let lvl = self.funcs.len() - 1;
        let mut var = self.singlevar_aux(Some(lvl), varname, true)?;
        if var.k == ExpKind::Void {
            let envn = self.envn;
            var = self.singlevar_aux(Some(lvl), envn, true)?;
            debug_assert!(var.k != ExpKind::Void);
            let mut key = ExpDesc::new(ExpKind::KStr(varname));
            self.indexed(&mut var, &mut key)?;
        }
        Ok(var)
    }

    /// `adjust_assign`: adjusts `nexps` values (last one `e`) to `nvars` variables.
    pub(crate) fn adjust_assign(&mut self, nvars: usize, nexps: usize, e: &mut ExpDesc) -> R<()> {
        let needed = nvars as i64 - nexps as i64;
        if e.has_multret() {
            let extra = (needed + 1).max(0);
            self.set_returns(e, extra as i32)?;
        } else {
            if e.k != ExpKind::Void {
                self.exp_to_next_reg(e)?;
            }
            if needed > 0 {
                let fr = self.fs().freereg;
                self.code_nil(fr, needed as u32)?;
            }
        }
        if needed > 0 {
            self.reserve_regs(needed as u32)?;
        } else {
            let fs = self.fsm();
            fs.freereg = (fs.freereg as i64 + needed) as u32;
        }
        Ok(())
    }

    /// `jumpscopeerror`
    fn jump_scope_error(&self, gt: &LabelDesc) -> SyntaxError {
        let varname = self.vardesc(gt.nactvar).name;
        let msg = format!(
            "<goto {}> at line {} jumps into the scope of local '{}'",
            String::from_utf8_lossy(self.str_bytes(gt.name)),
            gt.line,
            String::from_utf8_lossy(self.str_bytes(varname))
        );
        self.semerror(&msg)
    }

    /// `solvegoto` for one goto: checks the scope rule and patches its jump.
    fn solve_goto(&mut self, gt: &LabelDesc, label: &LabelDesc) -> R<()> {
        if gt.nactvar < label.nactvar {
            return Err(self.jump_scope_error(gt));
        }
        self.patch_list(gt.pc, label.pc)
    }

    /// `findlabel`: an active label of the current function named `name`.
    pub(crate) fn find_label(&self, name: StrId) -> Option<LabelDesc> {
        self.label[self.fs().firstlabel..]
            .iter()
            .find(|l| l.name == name)
            .copied()
    }

    fn new_label_entry(&self, name: StrId, line: u32, pc: i32) -> R<LabelDesc> {
        Ok(LabelDesc {
            name,
            pc,
            line,
            nactvar: self.fs().nactvar,
            close: false,
        })
    }

    /// `newgotoentry`
    pub(crate) fn new_goto_entry(&mut self, name: StrId, line: u32, pc: i32) -> R<()> {
        if self.gt.len() >= i16::MAX as usize {
            return Err(SyntaxError {
                message: format!("too many labels/gotos (limit is {})", i16::MAX).into(),
            });
        }
        let e = self.new_label_entry(name, line, pc)?;
        self.gt.push(e);
        Ok(())
    }

    /// `solvegotos`: resolves pending gotos of the current block to label `lb` (removing
    /// them from the pending list, in one pass); true if any of them needs to close upvalues.
    fn solve_gotos(&mut self, lb: &LabelDesc) -> R<bool> {
        let first = self.fs().blocks.last().expect("inside a block").firstgoto;
        let mut needsclose = false;
        let mut any = false;
        for i in first..self.gt.len() {
            let gt = self.gt[i];
            if gt.name == lb.name {
                needsclose |= gt.close;
                any = true;
                self.solve_goto(&gt, lb)?;
            }
        }
        if any {
            let name = lb.name;
            let mut idx = 0;
            self.gt.retain(|g| {
                let keep = idx < first || g.name != name;
                idx += 1;
                keep
            });
        }
        Ok(needsclose)
    }

    /// `createlabel`: a new label; `last` tells whether it is the last non-op statement of
    /// its block. Returns true if it added a CLOSE.
    pub(crate) fn create_label(&mut self, name: StrId, line: u32, last: bool) -> R<bool> {
        if self.label.len() >= i16::MAX as usize {
            return Err(SyntaxError {
                message: format!("too many labels/gotos (limit is {})", i16::MAX).into(),
            });
        }
        let pc = self.get_label();
        let mut l = self.new_label_entry(name, line, pc)?;
        if last {
            // assume that locals are already out of scope
            l.nactvar = self.fs().blocks.last().expect("inside a block").nactvar;
        }
        self.label.push(l);
        if self.solve_gotos(&l)? {
            let level = self.nvarstack();
            self.code_abc(Op::Close, level, 0, 0)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// `movegotosout`: adjusts pending gotos to the outer level of block `bl`.
    fn move_gotos_out(&mut self, bl: &BlockCnt) {
        let bl_level = self.reglevel(bl.nactvar);
        for i in bl.firstgoto..self.gt.len() {
            let gt = self.gt[i];
            let close = if self.reglevel(gt.nactvar) > bl_level {
                bl.upval
            } else {
                false
            };
            let g = &mut self.gt[i];
            g.close |= close;
            g.nactvar = bl.nactvar;
        }
    }

    /// `enterblock`
    pub(crate) fn enter_block(&mut self, isloop: bool) {
        let firstlabel = self.label.len();
        let firstgoto = self.gt.len();
        let fs = self.fsm();
        let insidetbc = fs.blocks.last().is_some_and(|b| b.insidetbc);
        fs.blocks.push(BlockCnt {
            firstlabel,
            firstgoto,
            nactvar: fs.nactvar,
            upval: false,
            isloop,
            insidetbc,
        });
        debug_assert_eq!(self.fs().freereg, self.nvarstack());
    }

    /// `undefgoto`
    fn undef_goto(&self, gt: &LabelDesc) -> SyntaxError {
        let msg = if gt.name == self.break_name {
            format!("break outside loop at line {}", gt.line)
        } else {
            format!(
                "no visible label '{}' for <goto> at line {}",
                String::from_utf8_lossy(self.str_bytes(gt.name)),
                gt.line
            )
        };
        self.semerror(&msg)
    }

    /// `leaveblock`
    pub(crate) fn leave_block(&mut self) -> R<()> {
        let bl = *self.fs().blocks.last().expect("inside a block");
        let has_previous = self.fs().blocks.len() > 1;
        let stklevel = self.reglevel(bl.nactvar);
        let mut hasclose = false;
        if bl.isloop {
            let b = self.break_name;
            hasclose = self.create_label(b, 0, false)?;
        }
        if !hasclose && has_previous && bl.upval {
            self.code_abc(Op::Close, stklevel, 0, 0)?;
        }
        self.fsm().blocks.pop();
        self.remove_vars(bl.nactvar);
        self.fsm().freereg = stklevel;
        self.label.truncate(bl.firstlabel);
        if has_previous {
            self.move_gotos_out(&bl);
        } else if bl.firstgoto < self.gt.len() {
            return Err(self.undef_goto(&self.gt[bl.firstgoto]));
        }
        Ok(())
    }

    /// `open_func`: starts compiling function `f`.
    pub(crate) fn open_func(&mut self, f: Proto) {
        let fs = FuncState {
            f,
            blocks: Vec::new(),
            lasttarget: 0,
            firstlocal: self.nactvar_all,
            firstlabel: self.label.len(),
            nactvar: 0,
            freereg: 0,
            needclose: false,
            upval_names: Vec::new(),
            jump_tails: FxMap::default(),
        };
        self.funcs.push(fs);
        self.enter_block(false);
    }

    /// `close_func`: finishes the current function and returns its prototype.
    pub(crate) fn close_func(&mut self) -> R<Proto> {
        let first = self.nvarstack();
        self.ret(first, 0)?;
        self.leave_block()?;
        self.finish()?;
        let fs = self.funcs.pop().expect("a function is being compiled");
        Ok(fs.f)
    }

    /// `setvararg`
    pub(crate) fn set_vararg(&mut self, nparams: u32) -> R<()> {
        self.fsm().f.is_vararg = true;
        self.code_abc(Op::VarArgPrep, nparams, 0, 0)?;
        Ok(())
    }
}
