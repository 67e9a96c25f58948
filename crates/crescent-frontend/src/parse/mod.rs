//! The parser, a single-pass port of PUC Lua 5.4's `lparser.c`: this file holds the parser
//! state (PUC's `LexState` + `Dyndata`, and a stack of `FuncState`s), token helpers, the
//! nesting-depth limit and the entry point. `scope.rs` owns variables, upvalues, blocks,
//! labels and gotos; `expr.rs` expressions; `stat.rs` statements.

mod expr;
mod scope;
mod stat;

use crate::bytecode::{Proto, UpvalDesc, VarKind};
use crate::code::{CVal, KKey};
use crate::lex::{token2str, FxMap, Lexer, StrId, Tok};
use crate::SyntaxError;
use std::rc::Rc;

pub(crate) type R<T> = Result<T, SyntaxError>;

/// Maximum number of local variables per function (`MAXVARS`).
const MAX_VARS: usize = 200;
/// Maximum number of upvalues per function (`MAXUPVAL`).
const MAX_UPVAL: usize = 255;
/// Maximum nesting of C calls while parsing (`LUAI_MAXCCALLS`).
const MAX_C_CALLS: u32 = 200;

/// An active local variable (PUC's `Vardesc`).
#[derive(Clone, Debug)]
pub(crate) struct VarDesc {
    pub kind: VarKind,
    /// Register holding the variable.
    pub ridx: u32,
    /// Index of the variable in the proto's `loc_vars` (debug info).
    pub pidx: usize,
    pub name: StrId,
    /// Value of a compile-time constant.
    pub k: Option<CVal>,
}

/// A pending goto or an active label (PUC's `Labeldesc`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct LabelDesc {
    pub name: StrId,
    /// Position in code.
    pub pc: i32,
    pub line: u32,
    /// Number of active variables at that position.
    pub nactvar: usize,
    /// Goto that escapes upvalues.
    pub close: bool,
}

/// A block being compiled (PUC's `BlockCnt`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct BlockCnt {
    /// Index of the first label of this block.
    pub firstlabel: usize,
    /// Index of the first pending goto of this block.
    pub firstgoto: usize,
    /// Number of active locals outside the block.
    pub nactvar: usize,
    /// Some variable of the block is an upvalue.
    pub upval: bool,
    pub isloop: bool,
    /// Inside the scope of a to-be-closed variable.
    pub insidetbc: bool,
}

/// A function being compiled (PUC's `FuncState`).
pub(crate) struct FuncState {
    pub f: Proto,
    /// Chain of current blocks (innermost last).
    pub blocks: Vec<BlockCnt>,
    /// pc of the last jump target.
    pub lasttarget: usize,
    /// Index of the first local of this function in `actvar`.
    pub firstlocal: usize,
    /// Index of the first label of this function.
    pub firstlabel: usize,
    /// Number of active local variables.
    pub nactvar: usize,
    /// First free register.
    pub freereg: u32,
    /// The function needs to close upvalues when returning.
    pub needclose: bool,
    /// Upvalue names, as ids (for lookups).
    pub upval_names: Vec<StrId>,
    /// Cache of the last jump of jump lists, by list head: PUC walks a list to its end on
    /// every concatenation, which is quadratic for long `and`/`or` chains. An entry is
    /// trusted only while its jump still ends a list.
    pub jump_tails: FxMap<i32, i32>,
}

/// The parser state.
pub(crate) struct Parser<'s> {
    pub lex: Lexer<'s>,
    /// Functions being compiled, innermost last.
    pub funcs: Vec<FuncState>,
    /// Local variables of all functions being compiled: the first `nactvar_all` are in use;
    /// entries past it are stale but kept, since PUC reads them (`movegotosout`).
    pub actvar: Vec<VarDesc>,
    pub nactvar_all: usize,
    /// Pending gotos.
    pub gt: Vec<LabelDesc>,
    /// Active labels.
    pub label: Vec<LabelDesc>,
    /// Constant cache shared by all functions (PUC's scanner table).
    pub kcache: FxMap<KKey, usize>,
    /// Nesting level (PUC's `nCcalls`).
    level: u32,
    source: Rc<[u8]>,
    /// `_ENV`
    pub envn: StrId,
    /// `break`, the name of the label that ends loops.
    pub break_name: StrId,
}

impl<'s> Parser<'s> {
    pub fn new(src: &'s [u8], chunkname: &[u8]) -> Self {
        let mut lex = Lexer::new(src, chunkname);
        let envn = lex.strings.intern(b"_ENV");
        let break_name = lex.strings.intern(b"break");
        Parser {
            lex,
            funcs: Vec::new(),
            actvar: Vec::new(),
            nactvar_all: 0,
            gt: Vec::new(),
            label: Vec::new(),
            kcache: FxMap::default(),
            // as `luac` and `lua file.lua`: one C call is active when parsing starts
            level: 1,
            source: Rc::from(chunkname),
            envn,
            break_name,
        }
    }

    /// The innermost function being compiled.
    #[inline]
    pub(crate) fn fs(&self) -> &FuncState {
        self.funcs.last().expect("a function is being compiled")
    }

    #[inline]
    pub(crate) fn fsm(&mut self) -> &mut FuncState {
        self.funcs.last_mut().expect("a function is being compiled")
    }

    /// The bytes of an interned string.
    pub(crate) fn str_bytes(&self, s: StrId) -> &Rc<[u8]> {
        self.lex.strings.get(s)
    }

    /// `enterlevel` (`luaE_incCstack`).
    pub(crate) fn enter_level(&mut self) -> R<()> {
        self.level += 1;
        if self.level >= MAX_C_CALLS {
            return Err(SyntaxError {
                message: crate::C_STACK_OVERFLOW.to_vec(),
            });
        }
        Ok(())
    }

    /// `leavelevel`
    pub(crate) fn leave_level(&mut self) {
        self.level -= 1;
    }

    /// `error_expected`
    pub(crate) fn error_expected(&self, t: Tok) -> SyntaxError {
        self.lex.syntax_error(&format!("{} expected", token2str(t)))
    }

    /// `errorlimit`
    pub(crate) fn error_limit(&self, limit: usize, what: &str) -> SyntaxError {
        let line = self.fs().f.line_defined;
        let where_ = if line == 0 {
            "main function".to_string()
        } else {
            format!("function at line {line}")
        };
        self.lex
            .syntax_error(&format!("too many {what} (limit is {limit}) in {where_}"))
    }

    /// `checklimit`
    pub(crate) fn check_limit(&self, v: usize, l: usize, what: &str) -> R<()> {
        if v > l {
            Err(self.error_limit(l, what))
        } else {
            Ok(())
        }
    }

    /// Is the current token `t`? (Compares token kinds; values are ignored.)
    #[inline]
    pub(crate) fn is(&self, t: Tok) -> bool {
        self.lex.t == t
    }

    /// `testnext`
    pub(crate) fn test_next(&mut self, t: Tok) -> R<bool> {
        if self.lex.t == t {
            self.lex.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// `check`
    pub(crate) fn check(&self, t: Tok) -> R<()> {
        if self.lex.t != t {
            return Err(self.error_expected(t));
        }
        Ok(())
    }

    /// `checknext`
    pub(crate) fn check_next(&mut self, t: Tok) -> R<()> {
        self.check(t)?;
        self.lex.next()
    }

    /// `check_condition`
    pub(crate) fn check_condition(&self, c: bool, msg: &str) -> R<()> {
        if !c {
            return Err(self.lex.syntax_error(msg));
        }
        Ok(())
    }

    /// `check_match`: `what` closing `who` opened at line `where_`.
    pub(crate) fn check_match(&mut self, what: Tok, who: Tok, where_: u32) -> R<()> {
        if !self.test_next(what)? {
            if where_ == self.lex.linenumber {
                return Err(self.error_expected(what));
            }
            return Err(self.lex.syntax_error(&format!(
                "{} expected (to close {} at line {})",
                token2str(what),
                token2str(who),
                where_
            )));
        }
        Ok(())
    }

    /// `str_checkname`
    pub(crate) fn str_checkname(&mut self) -> R<StrId> {
        match self.lex.t {
            Tok::Name(s) => {
                self.lex.next()?;
                Ok(s)
            }
            _ => Err(self.error_expected(Tok::Name(StrId(0)))),
        }
    }

    /// A fresh prototype for a function defined at `line`.
    fn new_proto(&self, line: u32) -> Proto {
        Proto {
            source: Rc::clone(&self.source),
            line_defined: line,
            last_line_defined: 0,
            num_params: 0,
            is_vararg: false,
            max_stack_size: 2, // registers 0/1 are always valid
            code: Vec::new(),
            constants: Vec::new(),
            upvalues: Vec::new(),
            protos: Vec::new(),
            line_info: Vec::new(),
            loc_vars: Vec::new(),
        }
    }

    /// `mainfunc`: compiles the main function, a vararg function with upvalue `_ENV`.
    fn main_func(&mut self) -> R<Proto> {
        let f = self.new_proto(0);
        self.open_func(f);
        self.set_vararg(0)?;
        self.alloc_upvalue(UpvalDesc {
            name: Some(Rc::clone(self.str_bytes(self.envn))),
            in_stack: true,
            idx: 0,
            kind: VarKind::Regular,
        })?;
        let envn = self.envn;
        self.fsm().upval_names.push(envn);
        self.lex.next()?; // read first token
        self.statlist()?;
        self.check(Tok::Eos)?;
        self.close_func()
    }
}

/// Compiles a chunk (`luaY_parser`).
pub(crate) fn parse(src: &[u8], chunkname: &[u8]) -> R<Proto> {
    let mut p = Parser::new(src, chunkname);
    p.main_func()
}
