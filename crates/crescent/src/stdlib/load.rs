//! Chunk loading (`lua_load`, `luaL_loadbufferx`, `luaL_loadfilex`) and the base-library
//! functions built on it: `load`, `loadfile`, `dofile`.
//!
//! Text chunks go through `crescent_frontend::compile`; binary chunks (first byte ESC)
//! through `undump`, which verifies the code, so a malformed or hostile chunk is an error,
//! never a crash. A reader function's pieces are concatenated and compiled at the end (PUC
//! parses incrementally; only a reader with side effects after a syntax error could tell).
//! Errors raised by the reader go through the current message handler, as in PUC (the
//! parser runs under `luaD_pcall` with `L->errfunc`); syntax and mode errors do not.
//! The loaded closure gets fresh closed upvalues; the first is the globals table or `env`.

use super::string::{give_buf, take_buf};
use crate::object::closure::load_proto;
use crate::value::*;
use crate::vm::arith::fmt_number;
use crate::vm::state::State;
use crate::vm::{Status, Throw, MULTRET};
use std::io::Read;

type R = Result<usize, Throw>;

/// Why a load failed.
pub enum LoadError {
    /// A syntax/mode/format/file error: the message (no position prefix added).
    Msg(Vec<u8>),
    /// An error raised while loading (by a reader function); its value is in `err_value`.
    Raised,
}

pub fn open(l: &mut State) -> Result<(), Throw> {
    l.set_global("load", Value::lcf(load))?;
    l.set_global("loadfile", Value::lcf(loadfile))?;
    l.set_global("dofile", Value::lcf(dofile))?;
    Ok(())
}

impl State {
    /// `lua_load` of a complete chunk: compiles text or undumps a binary chunk (checking
    /// `mode`, `None` = "bt"), then makes a closure whose first upvalue is the globals.
    pub fn load_chunk(
        &mut self,
        chunk: &[u8],
        chunkname: &[u8],
        mode: Option<&[u8]>,
    ) -> Result<Value, LoadError> {
        let binary = chunk.first() == Some(&0x1b);
        let kind: &[u8] = if binary { b"binary" } else { b"text" };
        if let Some(m) = mode {
            if !m.contains(&kind[0]) {
                let mut msg = b"attempt to load a ".to_vec();
                msg.extend_from_slice(kind);
                msg.extend_from_slice(b" chunk (mode is '");
                msg.extend_from_slice(m);
                msg.extend_from_slice(b"')");
                return Err(LoadError::Msg(msg));
            }
        }
        let name = String::from_utf8_lossy(chunkname);
        let proto = if binary {
            crescent_frontend::undump(chunk, &name)
        } else {
            crescent_frontend::compile(chunk, chunkname)
        };
        let proto = match proto {
            Ok(p) => p,
            Err(e) if !binary && e.message == crescent_frontend::C_STACK_OVERFLOW => {
                // PUC raises this one as a runtime error inside the protected parser, which
                // keeps the running message handler: lua.c's appends a traceback to it.
                if let Ok(s) = self.new_str(&e.message) {
                    let _ = self.throw_value(s);
                }
                return Err(LoadError::Raised);
            }
            Err(e) => return Err(LoadError::Msg(e.message)),
        };
        if binary {
            if let Err(why) = check_loaded(&proto) {
                let mut msg = crate::vm::debug::chunk_id(chunkname);
                msg.extend_from_slice(b": bad binary format (");
                msg.extend_from_slice(why.as_bytes());
                msg.push(b')');
                return Err(LoadError::Msg(msg));
            }
        }
        let refused = self.heap.refused;
        let p = match load_proto(&mut self.heap, &proto) {
            Some(p) => p,
            None => {
                if self.heap.refused != refused {
                    return Err(LoadError::Msg(b"not enough memory".to_vec()));
                }
                let mut msg = crate::vm::debug::chunk_id(chunkname);
                msg.extend_from_slice(b": bad binary format (invalid code)");
                return Err(LoadError::Msg(msg));
            }
        };
        let n = proto.upvalues.len();
        let cl = self.heap.new_lclosure(p, n);
        let g = Value::table(self.globals);
        for i in 0..n {
            let uv = self.heap.new_upval(0, std::ptr::null_mut());
            // SAFETY: fresh objects; each upvalue is closed over its own `closed` slot.
            unsafe {
                (*uv).closed = if i == 0 { g } else { Value::NIL };
                (*uv).v = &mut (*uv).closed;
                *(*cl).upvals_ptr().add(i) = uv;
            }
        }
        Ok(Value::lcl(cl))
    }

    /// `luaL_loadfilex`: `None` reads stdin. Skips a BOM and a first `#` line.
    pub fn load_file(
        &mut self,
        filename: Option<&[u8]>,
        mode: Option<&[u8]>,
    ) -> Result<Value, LoadError> {
        let (data, chunkname) = match filename {
            None => {
                let mut buf = Vec::new();
                if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
                    return Err(file_error("read", b"stdin", &e));
                }
                (buf, b"=stdin".to_vec())
            }
            Some(f) => {
                use std::os::unix::ffi::OsStrExt;
                let path = std::ffi::OsStr::from_bytes(f);
                let mut file = match std::fs::File::open(path) {
                    Ok(file) => file,
                    Err(e) => return Err(file_error("open", f, &e)),
                };
                let mut buf = Vec::new();
                if let Err(e) = file.read_to_end(&mut buf) {
                    return Err(file_error("read", f, &e));
                }
                let mut name = b"@".to_vec();
                name.extend_from_slice(f);
                (buf, name)
            }
        };
        let chunk = skip_header(&data);
        self.load_chunk(chunk, &chunkname, mode)
    }
}

/// Interpreter invariants of loaded code that `verify` does not check (yet): instruction
/// pairs the interpreter executes as one (arithmetic + MMBIN, NEWTABLE + EXTRAARG, the
/// instruction LFALSESKIP skips), the vararg protocol (VARARGPREP first and only there, the
/// `nparams + 1` operand of RETURN/TAILCALL, no RETURN0/RETURN1 in vararg functions),
/// "top" consumers never reached by a jump and never below their producer's register,
/// and short-string keys for the field instructions.
fn check_loaded(f: &crescent_frontend::Proto) -> Result<(), String> {
    use crescent_frontend::{Constant, Op};
    let code = &f.code;
    let n = code.len();
    let op_at = |pc: usize| code.get(pc).and_then(|i| Op::from_u8(i.opcode_raw()));
    let is_arith = op_skips_mmbin;
    // Instructions reached other than by falling through from the previous one.
    let mut target = vec![false; n + 2];
    for (pc, i) in code.iter().enumerate() {
        let t = match op_at(pc) {
            Some(Op::Jmp) => pc as i64 + 1 + i.sj() as i64,
            Some(Op::ForLoop | Op::TForLoop) => pc as i64 + 1 - i.bx() as i64,
            Some(Op::ForPrep) => pc as i64 + 2 + i.bx() as i64,
            Some(Op::TForPrep) => pc as i64 + 1 + i.bx() as i64,
            Some(Op::LFalseSkip) => pc as i64 + 2,
            Some(op) if op.is_test() => pc as i64 + 2,
            _ => continue,
        };
        match usize::try_from(t) {
            Ok(t) if t < n => target[t] = true,
            _ => return Err(format!("jump at {pc} out of range")),
        }
    }
    let short_k = |k: u32| match f.constants.get(k as usize) {
        Some(Constant::Str(s)) if s.len() <= crate::object::string::MAX_SHORT_LEN => Ok(()),
        _ => Err(format!("constant {k} is not a short string")),
    };
    let nparams1 = if f.is_vararg {
        f.num_params as u32 + 1
    } else {
        0
    };
    if f.is_vararg && (op_at(0) != Some(Op::VarArgPrep) || target[0]) {
        return Err("vararg function does not start with VARARGPREP".into());
    }
    for (pc, i) in code.iter().enumerate() {
        let Some(op) = op_at(pc) else {
            return Err(format!("bad opcode at {pc}"));
        };
        if is_arith(op) && !op_at(pc + 1).is_some_and(|o| o.is_mm()) {
            return Err(format!("arithmetic at {pc} not followed by MMBIN"));
        }
        match op {
            Op::MmBin | Op::MmBinI | Op::MmBinK
                if pc == 0 || !is_arith(op_at(pc - 1).unwrap_or(Op::Jmp)) =>
            {
                return Err(format!("MMBIN at {pc} without arithmetic"));
            }
            Op::NewTable if op_at(pc + 1) != Some(Op::ExtraArg) => {
                return Err(format!("missing extra argument at {pc}"));
            }
            Op::LFalseSkip if pc + 2 >= n => return Err(format!("skip at {pc} out of range")),
            Op::VarArgPrep if pc != 0 || i.a() != f.num_params as u32 => {
                return Err(format!("bad VARARGPREP at {pc}"));
            }
            Op::Return | Op::TailCall if i.c() != nparams1 => {
                return Err(format!("bad return at {pc}"))
            }
            Op::Return0 | Op::Return1 if f.is_vararg => return Err(format!("bad return at {pc}")),
            Op::GetTabUp | Op::GetField => short_k(i.c())?,
            Op::SetTabUp | Op::SetField => short_k(i.b())?,
            Op::SelfOp if i.k() => short_k(i.c())?,
            _ => {}
        }
        if op.uses_top() && i.b() == 0 && op != Op::VarArgPrep {
            let prev = if pc > 0 {
                code[pc - 1]
            } else {
                return Err(format!("unset top at {pc}"));
            };
            let strict = op != Op::Return;
            let ok = !target[pc]
                && match op_at(pc - 1) {
                    Some(Op::Call | Op::VarArg) => prev.c() == 0,
                    Some(Op::TailCall) => true,
                    _ => false,
                }
                && (prev.a() > i.a() || (!strict && prev.a() == i.a()));
            if !ok {
                return Err(format!("instruction at {pc} uses an unset top"));
            }
        }
    }
    check_types(f)?;
    f.protos.iter().try_for_each(|p| check_loaded(p))
}

/// Register sets of 256 bits.
type Regs = [u64; 4];

fn clear_from(r: &mut Regs, lo: u32, hi: u32) {
    for x in lo..hi.min(256) {
        r[(x >> 6) as usize] &= !(1u64 << (x & 63));
    }
}

fn has(r: &Regs, x: u32) -> bool {
    x < 256 && r[(x >> 6) as usize] & (1u64 << (x & 63)) != 0
}

fn set(r: &mut Regs, x: u32) {
    if x < 256 {
        r[(x >> 6) as usize] |= 1u64 << (x & 63);
    }
}

/// Forward data flow over the control-flow graph proving the two register-type assumptions
/// of the interpreter: SETLIST's R[A] holds a table (NEWTABLE, untouched since), and
/// FORLOOP's R[A..A+2] are the control values FORPREP wrote (untouched since). State per
/// pc: (registers known to hold a table, registers known to be loop control); meet = AND.
fn check_types(f: &crescent_frontend::Proto) -> Result<(), String> {
    use crescent_frontend::Op;
    let code = &f.code;
    let n = code.len();
    let mut state: Vec<Option<(Regs, Regs)>> = vec![None; n];
    let mut work = vec![0usize];
    state[0] = Some(([0; 4], [0; 4]));
    let mut in_work = vec![false; n];
    in_work[0] = true;
    while let Some(pc) = work.pop() {
        in_work[pc] = false;
        let (mut tab, mut ctl) = state[pc].expect("queued pc has a state");
        let i = code[pc];
        let op = Op::from_u8(i.opcode_raw()).ok_or("bad opcode")?;
        let a = i.a();
        // Requirements.
        match op {
            Op::SetList if !has(&tab, a) => return Err(format!("SETLIST at {pc} on a non-table")),
            Op::ForLoop if !(has(&ctl, a) && has(&ctl, a + 1) && has(&ctl, a + 2)) => {
                return Err(format!("FORLOOP at {pc} without its FORPREP"));
            }
            _ => {}
        }
        // Registers written (clobbered), then facts established.
        let mut clobber = |lo: u32, hi: u32| {
            clear_from(&mut tab, lo, hi);
            clear_from(&mut ctl, lo, hi);
        };
        match op {
            Op::LoadNil => clobber(a, a + i.b() + 1),
            Op::SelfOp => clobber(a, a + 2),
            Op::Concat => clobber(a, a + i.b().max(1)),
            Op::Call | Op::VarArg | Op::TailCall => clobber(a, 256),
            Op::TForCall => clobber(a + 4, 256),
            Op::TForLoop => clobber(a + 2, a + 3),
            Op::ForLoop => clobber(a + 3, a + 4),
            Op::ForPrep => clobber(a, a + 4),
            Op::MmBin | Op::MmBinI | Op::MmBinK => {
                let pa = code[pc - 1].a();
                clobber(pa, pa + 1);
            }
            Op::VarArgPrep => clobber(0, 256),
            Op::SetList
            | Op::SetTabUp
            | Op::SetTable
            | Op::SetI
            | Op::SetField
            | Op::Close
            | Op::Tbc
            | Op::Jmp
            | Op::ExtraArg
            | Op::TForPrep
            | Op::SetUpval
            | Op::Return
            | Op::Return0
            | Op::Return1 => {}
            op if op.is_test() => {}
            _ => clobber(a, a + 1),
        }
        match op {
            Op::NewTable => set(&mut tab, a),
            Op::ForPrep => (0..3).for_each(|j| set(&mut ctl, a + j)),
            _ => {}
        }
        // Successors.
        let rel = |d: i64| usize::try_from(pc as i64 + d).ok().filter(|&t| t < n);
        let mut succ: [Option<usize>; 2] = [None, None];
        match op {
            Op::Return | Op::Return0 | Op::Return1 | Op::TailCall => {}
            Op::Jmp => succ[0] = rel(1 + i.sj() as i64),
            Op::ForLoop | Op::TForLoop => succ = [rel(1), rel(1 - i.bx() as i64)],
            Op::ForPrep => succ = [rel(1), rel(2 + i.bx() as i64)],
            Op::TForPrep => succ[0] = rel(1 + i.bx() as i64),
            Op::LFalseSkip | Op::LoadKX | Op::NewTable => succ[0] = rel(2),
            Op::SetList if i.k() => succ[0] = rel(2),
            op if op.is_test() => succ = [rel(1), rel(2)],
            op if op_skips_mmbin(op) => succ = [rel(1), rel(2)],
            _ => succ[0] = rel(1),
        }
        for t in succ.into_iter().flatten() {
            let changed = match &mut state[t] {
                None => {
                    state[t] = Some((tab, ctl));
                    true
                }
                Some((t2, c2)) => {
                    let mut ch = false;
                    for w in 0..4 {
                        let (nt, nc) = (t2[w] & tab[w], c2[w] & ctl[w]);
                        ch |= nt != t2[w] || nc != c2[w];
                        t2[w] = nt;
                        c2[w] = nc;
                    }
                    ch
                }
            };
            if changed && !in_work[t] {
                in_work[t] = true;
                work.push(t);
            }
        }
    }
    Ok(())
}

/// Arithmetic instructions whose fast path skips the following MMBIN.
fn op_skips_mmbin(op: crescent_frontend::Op) -> bool {
    use crescent_frontend::Op;
    matches!(
        op,
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
            | Op::Shr
            | Op::AddI
            | Op::ShrI
            | Op::ShlI
            | Op::AddK
            | Op::SubK
            | Op::MulK
            | Op::ModK
            | Op::PowK
            | Op::DivK
            | Op::IDivK
            | Op::BAndK
            | Op::BOrK
            | Op::BXorK
    )
}

/// `skipcomment`: drops a UTF-8 BOM and a first line starting with `#`; the newline stays
/// (line numbers) unless a binary chunk follows the comment.
fn skip_header(src: &[u8]) -> &[u8] {
    let src = src.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(src);
    if src.first() != Some(&b'#') {
        return src;
    }
    match src.iter().position(|&c| c == b'\n') {
        None => b"\n",
        Some(nl) if src.get(nl + 1) == Some(&0x1b) => &src[nl + 1..],
        Some(nl) => &src[nl..],
    }
}

/// `errfile`: "cannot open name: No such file or directory".
fn file_error(what: &str, name: &[u8], e: &std::io::Error) -> LoadError {
    let mut msg = format!("cannot {} ", what).into_bytes();
    msg.extend_from_slice(name);
    msg.extend_from_slice(b": ");
    match e.raw_os_error() {
        Some(code) => {
            // SAFETY: strerror returns a valid NUL-terminated string (copied at once).
            let s = unsafe { std::ffi::CStr::from_ptr(libc::strerror(code)) };
            msg.extend_from_slice(s.to_bytes());
        }
        None => msg.extend_from_slice(e.to_string().as_bytes()),
    }
    LoadError::Msg(msg)
}

/// `load_aux`: the function (with `env` as first upvalue if given) or fail + message.
fn load_aux(l: &mut State, r: Result<Value, LoadError>, env: Option<Value>) -> R {
    match r {
        Ok(f) => {
            if let Some(env) = env {
                // SAFETY: `f` is a fresh Lua closure; its upvalues are closed.
                unsafe {
                    let cl = f.as_lcl();
                    if (*cl).nupvals > 0 {
                        *(*(*cl).upval(0)).v = env;
                    }
                }
            }
            l.push(f);
            Ok(1)
        }
        Err(LoadError::Msg(m)) => {
            let s = l.new_str(&m)?;
            l.push(Value::NIL);
            l.push(s);
            Ok(2)
        }
        Err(LoadError::Raised) => {
            let e = l.err_value;
            l.push(Value::NIL);
            l.push(e);
            Ok(2)
        }
    }
}

/// Calls the reader until it returns nil or an empty string, concatenating the pieces.
/// Checks the mode as soon as the first byte is known (as PUC does).
fn read_all(
    l: &mut State,
    reader: Value,
    mode: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> Result<(), LoadError> {
    loop {
        if l.check_stack(2).is_err() {
            return Err(LoadError::Raised);
        }
        let f = l.top;
        l.push(reader);
        let errfunc = l.errfunc;
        if l.pcall(f, 1, errfunc) != Status::Ok {
            l.err_value = l.stack[f];
            l.top = f;
            return Err(LoadError::Raised);
        }
        let v = l.stack[f];
        l.top = f;
        let before = out.len();
        match v.tt {
            T_NIL => return Ok(()),
            T_SHRSTR | T_LNGSTR => out.extend_from_slice(v.str_bytes()),
            T_INT | T_FLT => fmt_number(v, out),
            _ => {
                // luaL_error inside the protected parser: goes through the handler.
                let _ = l.error_at1("reader function must return a string");
                return Err(LoadError::Raised);
            }
        }
        if out.len() == before {
            return Ok(());
        }
        if !l.heap.can_alloc(out.len()) {
            let _ = l.mem_error();
            return Err(LoadError::Raised);
        }
        if before == 0 {
            let kind = if out[0] == 0x1b { b'b' } else { b't' };
            if let Some(m) = mode {
                if !m.contains(&kind) {
                    return Ok(()); // load_chunk reports the mode error
                }
            }
        }
    }
}

fn load(l: &mut State) -> R {
    let chunk = l.arg(1);
    let mode = l.opt_string(3)?;
    let env = if l.nargs() >= 4 { Some(l.arg(4)) } else { None };
    let mode_b = mode.map(|m| m.str_bytes());
    let r = if chunk.is_str() || chunk.is_number() {
        let s = l.check_string(1)?;
        let name = match l.opt_string(2)? {
            Some(n) => n,
            None => s,
        };
        l.load_chunk(s.str_bytes(), name.str_bytes(), mode_b)
    } else {
        let name = l.opt_string(2)?;
        if !chunk.is_function() {
            return Err(l.arg_type_error(1, "function"));
        }
        let mut buf = take_buf();
        let r = match read_all(l, chunk, mode_b, &mut buf) {
            Ok(()) => {
                let name: &[u8] = match name {
                    Some(n) => n.str_bytes(),
                    None => b"=(load)",
                };
                l.load_chunk(&buf, name, mode_b)
            }
            Err(e) => Err(e),
        };
        give_buf(buf);
        r
    };
    load_aux(l, r, env)
}

fn loadfile(l: &mut State) -> R {
    let fname = l.opt_string(1)?;
    let mode = l.opt_string(2)?;
    let env = if l.nargs() >= 3 { Some(l.arg(3)) } else { None };
    let r = l.load_file(fname.map(|f| f.str_bytes()), mode.map(|m| m.str_bytes()));
    load_aux(l, r, env)
}

fn dofile(l: &mut State) -> R {
    let fname = l.opt_string(1)?;
    let f = match l.load_file(fname.map(|f| f.str_bytes()), None) {
        Ok(f) => f,
        Err(LoadError::Msg(m)) => {
            let s = l.new_str(&m)?;
            return Err(l.throw_value(s));
        }
        Err(LoadError::Raised) => {
            let e = l.err_value;
            return Err(l.throw_value(e));
        }
    };
    let func = l.top;
    l.push(f);
    l.call(func, MULTRET)?;
    Ok(l.top - func)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crescent_frontend::{Instr, Op, Proto};

    /// The (only) nested function of a chunk `return function ... end`.
    fn inner(src: &str) -> Proto {
        let main = crescent_frontend::compile(src.as_bytes(), "=t").unwrap();
        (*main.protos[0]).clone()
    }

    fn find(p: &Proto, op: Op) -> usize {
        p.code
            .iter()
            .position(|i| i.opcode_raw() == op as u8)
            .unwrap()
    }

    #[test]
    fn compiled_code_passes() {
        for src in [
            "return function(a, b, ...) return a ~ b, a + 1, {a, b, ...}, {f()} end",
            "return function(...) for i = 1, 10 do local t = {i, ...} end for k, v in pairs({}) do end return ... end",
            "return function(x) local t = {x and 1 or 2, [x] = 3, x.y, f(x)} return t, -x, #x, x .. 'a' end",
            "return function(n) while n > 0 do n = n // 2; if n % 3 == 0 then goto c end ::c:: end return g(n) end",
        ] {
            let main = crescent_frontend::compile(src.as_bytes(), "=t").unwrap();
            check_loaded(&main).unwrap_or_else(|e| panic!("{src}: {e}"));
        }
    }

    #[test]
    fn arithmetic_without_mmbin_is_refused() {
        // RETURN1 after the MMBIN becomes another arithmetic op: its fast path would skip
        // the final RETURN0 and run off the code.
        let mut p = inner("return function(a, b) return a + b end");
        let mm = find(&p, Op::MmBin);
        p.code[mm + 1] = Instr::abc(Op::BXor, 2, 2, 0, false);
        assert!(check_loaded(&p).unwrap_err().contains("MMBIN"));
        let mut p = inner("return function(a, b) return a + b end");
        let add = find(&p, Op::Add);
        p.code[add] = Instr::abc(Op::Move, 2, 0, 0, false);
        assert!(check_loaded(&p).unwrap_err().contains("MMBIN"));
    }

    #[test]
    fn setlist_needs_a_table() {
        let mut p = inner("return function(...) local t = {...} return t end");
        let nt = find(&p, Op::NewTable);
        let a = p.code[nt].a();
        p.code[nt].set_a(a + 1);
        assert!(check_loaded(&p).unwrap_err().contains("SETLIST"));
    }

    #[test]
    fn forloop_control_registers_are_protected() {
        let mut p =
            inner("return function(x) local s = 0 for i = 1, 10 do s = s + i end return s end");
        let fl = find(&p, Op::ForLoop);
        let fa = p.code[fl].a();
        // Overwrite the loop counter inside the body.
        p.code[fl - 1] = Instr::abx(Op::LoadK, fa + 1, 0);
        assert!(check_loaded(&p).is_err());
    }

    #[test]
    fn vararg_protocol_and_top() {
        let mut p = inner("return function(...) return ... end");
        let r = find(&p, Op::Return);
        let mut i = p.code[r];
        i.set_c(0);
        p.code[r] = i;
        assert!(check_loaded(&p).unwrap_err().contains("return"));
        let mut p = inner("return function(...) return ... end");
        let va = find(&p, Op::VarArg);
        let a = p.code[va].a();
        let r = find(&p, Op::Return);
        p.code[r].set_a(a + 1);
        assert!(check_loaded(&p).unwrap_err().contains("top"));
    }

    #[test]
    fn skip_header_keeps_lines() {
        assert_eq!(skip_header(b"#!/bin/lua\nreturn 1"), b"\nreturn 1");
        assert_eq!(skip_header(b"\xEF\xBB\xBFreturn 1"), b"return 1");
        assert_eq!(skip_header(b"#x\n\x1bLua"), b"\x1bLua");
        assert_eq!(skip_header(b"#only"), b"\n");
    }
}
