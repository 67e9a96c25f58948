//! Expressions (from `lparser.c`): primary and suffixed expressions, calls and their
//! arguments, table constructors (with SETLIST flushing every 50 items), function bodies
//! and parameter lists, and operator precedence parsing (`subexpr`).

use super::{Parser, R};
use crate::bytecode::opcodes::LFIELDS_PER_FLUSH;
use crate::bytecode::Op;
use crate::code::{BinOpr, ExpDesc, ExpKind, UnOpr, MULTRET};
use crate::lex::{StrId, Tok};
use std::rc::Rc;

/// State of a table constructor (`ConsControl`).
struct ConsControl {
    /// Last list item read.
    v: ExpDesc,
    /// Register of the table.
    t: u32,
    /// Number of record elements.
    nh: u32,
    /// Number of array elements already stored.
    na: u32,
    /// Number of array elements pending to be stored.
    tostore: u32,
}

/// Priority of unary operators.
const UNARY_PRIORITY: u8 = 12;

/// Left and right priority of each binary operator (`priority`, ORDER OPR).
fn priority(op: BinOpr) -> (u8, u8) {
    use BinOpr::*;
    match op {
        Add | Sub => (10, 10),
        Mul | Mod => (11, 11),
        Pow => (14, 13), // right associative
        Div | IDiv => (11, 11),
        BAnd => (6, 6),
        BOr => (4, 4),
        BXor => (5, 5),
        Shl | Shr => (7, 7),
        Concat => (9, 8), // right associative
        Eq | Lt | Le | Ne | Gt | Ge => (3, 3),
        And => (2, 2),
        Or => (1, 1),
    }
}

fn unopr(t: Tok) -> Option<UnOpr> {
    match t {
        Tok::Not => Some(UnOpr::Not),
        Tok::Char(b'-') => Some(UnOpr::Minus),
        Tok::Char(b'~') => Some(UnOpr::BNot),
        Tok::Char(b'#') => Some(UnOpr::Len),
        _ => None,
    }
}

fn binopr(t: Tok) -> Option<BinOpr> {
    use BinOpr::*;
    Some(match t {
        Tok::Char(b'+') => Add,
        Tok::Char(b'-') => Sub,
        Tok::Char(b'*') => Mul,
        Tok::Char(b'%') => Mod,
        Tok::Char(b'^') => Pow,
        Tok::Char(b'/') => Div,
        Tok::IDiv => IDiv,
        Tok::Char(b'&') => BAnd,
        Tok::Char(b'|') => BOr,
        Tok::Char(b'~') => BXor,
        Tok::Shl => Shl,
        Tok::Shr => Shr,
        Tok::Concat => Concat,
        Tok::Ne => Ne,
        Tok::Eq => Eq,
        Tok::Char(b'<') => Lt,
        Tok::Le => Le,
        Tok::Char(b'>') => Gt,
        Tok::Ge => Ge,
        Tok::And => And,
        Tok::Or => Or,
        _ => return None,
    })
}

impl<'s> Parser<'s> {
    /// `codename`: the current name as a string expression.
    fn codename(&mut self) -> R<ExpDesc> {
        Ok(ExpDesc::new(ExpKind::KStr(self.str_checkname()?)))
    }

    /// `fieldsel`: `['.' | ':'] NAME`.
    pub(crate) fn fieldsel(&mut self, v: &mut ExpDesc) -> R<()> {
        self.exp_to_any_reg_up(v)?;
        self.lex.next()?; // skip the dot or colon
        let mut key = self.codename()?;
        self.indexed(v, &mut key)
    }

    /// `yindex`: `'[' expr ']'`.
    fn yindex(&mut self) -> R<ExpDesc> {
        self.lex.next()?; // skip the '['
        let mut v = self.expr()?;
        self.exp_to_val(&mut v)?;
        self.check_next(Tok::Char(b']'))?;
        Ok(v)
    }

    /// `recfield`: `(NAME | '[' exp ']') = exp`.
    fn recfield(&mut self, cc: &mut ConsControl) -> R<()> {
        let reg = self.fs().freereg;
        let mut key = if matches!(self.lex.t, Tok::Name(_)) {
            self.codename()?
        } else {
            self.yindex()?
        };
        cc.nh += 1;
        self.check_next(Tok::Char(b'='))?;
        let mut tab = ExpDesc::new(ExpKind::NonReloc(cc.t));
        self.indexed(&mut tab, &mut key)?;
        let mut val = self.expr()?;
        self.store_var(&tab, &mut val)?;
        self.fsm().freereg = reg;
        Ok(())
    }

    fn closelistfield(&mut self, cc: &mut ConsControl) -> R<()> {
        if cc.v.k == ExpKind::Void {
            return Ok(());
        }
        self.exp_to_next_reg(&mut cc.v)?;
        cc.v.k = ExpKind::Void;
        if cc.tostore == LFIELDS_PER_FLUSH {
            self.set_list(cc.t, cc.na, cc.tostore as i32)?;
            cc.na += cc.tostore;
            cc.tostore = 0;
        }
        Ok(())
    }

    fn lastlistfield(&mut self, cc: &mut ConsControl) -> R<()> {
        if cc.tostore == 0 {
            return Ok(());
        }
        if cc.v.has_multret() {
            self.set_multret(&mut cc.v)?;
            self.set_list(cc.t, cc.na, MULTRET)?;
            cc.na = cc.na.wrapping_sub(1); // do not count the last expression
        } else {
            if cc.v.k != ExpKind::Void {
                self.exp_to_next_reg(&mut cc.v)?;
            }
            self.set_list(cc.t, cc.na, cc.tostore as i32)?;
        }
        cc.na = cc.na.wrapping_add(cc.tostore);
        Ok(())
    }

    fn listfield(&mut self, cc: &mut ConsControl) -> R<()> {
        cc.v = self.expr()?;
        cc.tostore += 1;
        Ok(())
    }

    fn field(&mut self, cc: &mut ConsControl) -> R<()> {
        match self.lex.t {
            Tok::Name(_) => {
                if self.lex.lookahead()? != Tok::Char(b'=') {
                    self.listfield(cc)
                } else {
                    self.recfield(cc)
                }
            }
            Tok::Char(b'[') => self.recfield(cc),
            _ => self.listfield(cc),
        }
    }

    /// `constructor`: `'{' [ field { sep field } [sep] ] '}'`.
    pub(crate) fn constructor(&mut self) -> R<ExpDesc> {
        let line = self.lex.linenumber;
        let pc = self.code_abc(Op::NewTable, 0, 0, 0)?;
        self.code_extra_arg(0)?; // space for the extra argument
        let t = self.fs().freereg;
        let mut cc = ConsControl {
            v: ExpDesc::void(),
            t,
            nh: 0,
            na: 0,
            tostore: 0,
        };
        self.reserve_regs(1)?;
        self.check_next(Tok::Char(b'{'))?;
        loop {
            if self.is(Tok::Char(b'}')) {
                break;
            }
            self.closelistfield(&mut cc)?;
            self.field(&mut cc)?;
            if !(self.test_next(Tok::Char(b','))? || self.test_next(Tok::Char(b';'))?) {
                break;
            }
        }
        self.check_match(Tok::Char(b'}'), Tok::Char(b'{'), line)?;
        self.lastlistfield(&mut cc)?;
        self.set_table_size(pc, t, cc.na, cc.nh);
        Ok(ExpDesc::new(ExpKind::NonReloc(t)))
    }

    /// `parlist`: `[ {NAME ','} (NAME | '...') ]`.
    fn parlist(&mut self) -> R<()> {
        let mut nparams = 0;
        let mut isvararg = false;
        if !self.is(Tok::Char(b')')) {
            loop {
                match self.lex.t {
                    Tok::Name(_) => {
                        let name = self.str_checkname()?;
                        self.new_localvar(name)?;
                        nparams += 1;
                    }
                    Tok::Dots => {
                        self.lex.next()?;
                        isvararg = true;
                    }
                    _ => return Err(self.lex.syntax_error("<name> or '...' expected")),
                }
                if isvararg || !self.test_next(Tok::Char(b','))? {
                    break;
                }
            }
        }
        self.adjust_localvars(nparams)?;
        let np = self.fs().nactvar as u32;
        self.fsm().f.num_params = np as u8;
        if isvararg {
            self.set_vararg(np)?;
        }
        self.reserve_regs(np)
    }

    /// `body`: `'(' parlist ')' block END`; leaves the closure in the next register.
    pub(crate) fn body(&mut self, ismethod: bool, line: u32) -> R<ExpDesc> {
        if self.fs().f.protos.len() >= crate::bytecode::opcodes::MAXARG_BX as usize {
            return Err(crate::SyntaxError {
                message: format!(
                    "too many functions (limit is {})",
                    crate::bytecode::opcodes::MAXARG_BX
                )
                .into(),
            });
        }
        let f = self.new_proto(line);
        self.open_func(f);
        self.check_next(Tok::Char(b'('))?;
        if ismethod {
            self.new_localvar_literal(b"self")?;
            self.adjust_localvars(1)?;
        }
        self.parlist()?;
        self.check_next(Tok::Char(b')'))?;
        self.statlist()?;
        self.fsm().f.last_line_defined = self.lex.linenumber;
        self.check_match(Tok::End, Tok::Function, line)?;
        let proto = self.close_func()?;
        // `codeclosure`: CLOSURE in the parent, fixed at the last register
        let fs = self.fsm();
        fs.f.protos.push(Rc::new(proto));
        let bx = (fs.f.protos.len() - 1) as u32;
        let pc = self.code_abx(Op::Closure, 0, bx)?;
        let mut e = ExpDesc::new(ExpKind::Reloc(pc as i32));
        self.exp_to_next_reg(&mut e)?;
        Ok(e)
    }

    /// `explist`: `expr { ',' expr }`; returns the number of expressions and the last one.
    pub(crate) fn explist(&mut self) -> R<(usize, ExpDesc)> {
        let mut n = 1;
        let mut v = self.expr()?;
        while self.test_next(Tok::Char(b','))? {
            self.exp_to_next_reg(&mut v)?;
            v = self.expr()?;
            n += 1;
        }
        Ok((n, v))
    }

    /// `funcargs`: the arguments of a call of `f` (in a register), and the CALL.
    fn funcargs(&mut self, f: &mut ExpDesc, line: u32) -> R<()> {
        let mut args = match self.lex.t {
            Tok::Char(b'(') => {
                self.lex.next()?;
                let args = if self.is(Tok::Char(b')')) {
                    ExpDesc::void()
                } else {
                    let (_, mut args) = self.explist()?;
                    if args.has_multret() {
                        self.set_multret(&mut args)?;
                    }
                    args
                };
                self.check_match(Tok::Char(b')'), Tok::Char(b'('), line)?;
                args
            }
            Tok::Char(b'{') => self.constructor()?,
            Tok::Str(s) => {
                self.lex.next()?;
                ExpDesc::new(ExpKind::KStr(s))
            }
            _ => return Err(self.lex.syntax_error("function arguments expected")),
        };
        let base = f.reg();
        let nparams = if args.has_multret() {
            MULTRET
        } else {
            if args.k != ExpKind::Void {
                self.exp_to_next_reg(&mut args)?;
            }
            self.fs().freereg as i32 - (base as i32 + 1)
        };
        let pc = self.code_abc(Op::Call, base, (nparams + 1) as u32, 2)?;
        f.k = ExpKind::Call(pc as i32);
        self.fix_line(line);
        self.fsm().freereg = base + 1;
        Ok(())
    }

    /// `primaryexp`: `NAME | '(' expr ')'`.
    fn primaryexp(&mut self) -> R<ExpDesc> {
        match self.lex.t {
            Tok::Char(b'(') => {
                let line = self.lex.linenumber;
                self.lex.next()?;
                let mut v = self.expr()?;
                self.check_match(Tok::Char(b')'), Tok::Char(b'('), line)?;
                self.discharge_vars(&mut v)?;
                Ok(v)
            }
            Tok::Name(_) => self.singlevar(),
            _ => Err(self.lex.syntax_error("unexpected symbol")),
        }
    }

    /// `suffixedexp`: `primaryexp { '.' NAME | '[' exp ']' | ':' NAME funcargs | funcargs }`.
    pub(crate) fn suffixedexp(&mut self) -> R<ExpDesc> {
        let line = self.lex.linenumber;
        let mut v = self.primaryexp()?;
        loop {
            match self.lex.t {
                Tok::Char(b'.') => self.fieldsel(&mut v)?,
                Tok::Char(b'[') => {
                    self.exp_to_any_reg_up(&mut v)?;
                    let mut key = self.yindex()?;
                    self.indexed(&mut v, &mut key)?;
                }
                Tok::Char(b':') => {
                    self.lex.next()?;
                    let mut key = self.codename()?;
                    self.code_self(&mut v, &mut key)?;
                    self.funcargs(&mut v, line)?;
                }
                Tok::Char(b'(') | Tok::Str(_) | Tok::Char(b'{') => {
                    self.exp_to_next_reg(&mut v)?;
                    self.funcargs(&mut v, line)?;
                }
                _ => return Ok(v),
            }
        }
    }

    /// `simpleexp`: literals, `...`, constructors, functions, or a suffixed expression.
    fn simpleexp(&mut self) -> R<ExpDesc> {
        let v = match self.lex.t {
            Tok::Flt(f) => ExpDesc::new(ExpKind::KFlt(f)),
            Tok::Int(i) => ExpDesc::new(ExpKind::KInt(i)),
            Tok::Str(s) => ExpDesc::new(ExpKind::KStr(s)),
            Tok::Nil => ExpDesc::new(ExpKind::Nil),
            Tok::True => ExpDesc::new(ExpKind::True),
            Tok::False => ExpDesc::new(ExpKind::False),
            Tok::Dots => {
                self.check_condition(
                    self.fs().f.is_vararg,
                    "cannot use '...' outside a vararg function",
                )?;
                let pc = self.code_abc(Op::VarArg, 0, 0, 1)?;
                ExpDesc::new(ExpKind::Vararg(pc as i32))
            }
            Tok::Char(b'{') => return self.constructor(),
            Tok::Function => {
                self.lex.next()?;
                let line = self.lex.linenumber;
                return self.body(false, line);
            }
            _ => return self.suffixedexp(),
        };
        self.lex.next()?;
        Ok(v)
    }

    /// `subexpr`: `(simpleexp | unop subexpr) { binop subexpr }` for binary operators with
    /// a left priority above `limit`; returns the first operator not handled.
    fn subexpr(&mut self, v: &mut ExpDesc, limit: u8) -> R<Option<BinOpr>> {
        self.enter_level()?;
        if let Some(uop) = unopr(self.lex.t) {
            let line = self.lex.linenumber;
            self.lex.next()?;
            self.subexpr(v, UNARY_PRIORITY)?;
            self.prefix(uop, v, line)?;
        } else {
            *v = self.simpleexp()?;
        }
        let mut op = binopr(self.lex.t);
        while let Some(o) = op {
            let (left, right) = priority(o);
            if left <= limit {
                break;
            }
            let line = self.lex.linenumber;
            self.lex.next()?;
            self.infix(o, v)?;
            let mut v2 = ExpDesc::void();
            let nextop = self.subexpr(&mut v2, right)?;
            self.posfix(o, v, &mut v2, line)?;
            op = nextop;
        }
        self.leave_level();
        Ok(op)
    }

    /// `expr`
    pub(crate) fn expr(&mut self) -> R<ExpDesc> {
        let mut v = ExpDesc::void();
        self.subexpr(&mut v, 0)?;
        Ok(v)
    }

    /// Bytes of a name (for attribute checks).
    pub(crate) fn name_is(&self, s: StrId, text: &[u8]) -> bool {
        &**self.str_bytes(s) == text
    }
}
