//! Debug information and error messages: `luaO_chunkid`, symbolic execution over bytecode to
//! name the culprit of an error (`getobjname`, `funcnamefromcode`, `varinfo` of `ldebug.c`),
//! type errors, argument errors for natives, `where` positions and tracebacks.
//! Uses `unsafe` only to read closures/protos of live frames.

use crate::object::closure::LProto;
use crate::value::*;
use crate::vm::state::{State, CIST_C, CIST_TAIL};
use crate::vm::{Throw, TM_NAMES};
use crescent_frontend::{Op, Proto};

/// Where an operand came from, for naming it in error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loc {
    None,
    /// Absolute stack index.
    Stack(usize),
    /// Upvalue index of the running closure.
    Upval(usize),
}

const IDSIZE: usize = 60;

/// `luaO_chunkid`: the `short_src` of a chunk name.
pub fn chunk_id(source: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(IDSIZE);
    let srclen = source.len() + 1; // counting the terminating NUL, as PUC does
    if let Some(rest) = source.strip_prefix(b"=") {
        if srclen <= IDSIZE {
            out.extend_from_slice(rest);
        } else {
            out.extend_from_slice(&rest[..IDSIZE - 1]);
        }
    } else if let Some(rest) = source.strip_prefix(b"@") {
        if srclen <= IDSIZE {
            out.extend_from_slice(rest);
        } else {
            out.extend_from_slice(b"...");
            let keep = IDSIZE - 3 - 1;
            out.extend_from_slice(&rest[rest.len() - keep..]);
        }
    } else {
        out.extend_from_slice(b"[string \"");
        let bufflen = IDSIZE - (9 + 3 + 2) - 1;
        let nl = source.iter().position(|&c| c == b'\n');
        if source.len() < bufflen && nl.is_none() {
            out.extend_from_slice(source);
        } else {
            let mut l = nl.unwrap_or(source.len());
            if l > bufflen {
                l = bufflen;
            }
            out.extend_from_slice(&source[..l]);
            out.extend_from_slice(b"...");
        }
        out.extend_from_slice(b"\"]");
    }
    out
}

fn s(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `luaF_getlocalname`: name of the `local_number`-th (1-based) active local at `pc`.
pub fn local_name(p: &Proto, mut local_number: usize, pc: usize) -> Option<String> {
    for lv in &p.loc_vars {
        if lv.start_pc as usize > pc {
            break;
        }
        if pc < lv.end_pc as usize {
            local_number -= 1;
            if local_number == 0 {
                return Some(s(&lv.name));
            }
        }
    }
    None
}

fn upval_name(p: &Proto, i: usize) -> String {
    match p.upvalues.get(i).and_then(|u| u.name.as_ref()) {
        Some(n) => s(n),
        None => "?".to_string(),
    }
}

fn kname(lp: &LProto, c: usize) -> String {
    match lp.consts.get(c) {
        Some(v) if v.is_str() => s(v.str_bytes()),
        _ => "?".to_string(),
    }
}

fn findsetreg(p: &Proto, mut lastpc: usize, reg: u32) -> Option<usize> {
    if p.code[lastpc].op().is_mm() {
        lastpc = lastpc.saturating_sub(1);
    }
    let mut setreg = None;
    let mut jmptarget = 0usize;
    for pc in 0..lastpc {
        let i = p.code[pc];
        let op = i.op();
        let a = i.a();
        let change = match op {
            Op::LoadNil => a <= reg && reg <= a + i.b(),
            Op::TForCall => reg >= a + 2,
            Op::Call | Op::TailCall => reg >= a,
            Op::Jmp => {
                let dest = pc as i64 + 1 + i.sj() as i64;
                if dest <= lastpc as i64 && dest > jmptarget as i64 {
                    jmptarget = dest as usize;
                }
                false
            }
            _ => op.sets_a() && reg == a,
        };
        if change {
            setreg = if pc < jmptarget { None } else { Some(pc) };
        }
    }
    setreg
}

/// `getobjname`: kind ("local", "global", "field", "upvalue", "constant", "method") and name
/// of register `reg` at instruction `lastpc`.
pub fn getobjname(lp: &LProto, lastpc: usize, reg: u32) -> Option<(&'static str, String)> {
    let p = &*lp.src;
    if let Some(n) = local_name(p, reg as usize + 1, lastpc) {
        return Some(("local", n));
    }
    let pc = findsetreg(p, lastpc, reg)?;
    let i = p.code[pc];
    match i.op() {
        Op::Move => {
            let b = i.b();
            if b < i.a() {
                return getobjname(lp, pc, b);
            }
            None
        }
        Op::GetTabUp => {
            let name = kname(lp, i.c() as usize);
            let t = upval_name(p, i.b() as usize);
            Some((if t == "_ENV" { "global" } else { "field" }, name))
        }
        Op::GetTable => {
            let name = rname(lp, pc, i.c());
            Some((gxf_reg(lp, pc, i.b()), name))
        }
        Op::GetI => Some(("field", "integer index".to_string())),
        Op::GetField => {
            let name = kname(lp, i.c() as usize);
            Some((gxf_reg(lp, pc, i.b()), name))
        }
        Op::GetUpval => Some(("upvalue", upval_name(p, i.b() as usize))),
        Op::LoadK | Op::LoadKX => {
            let b = if i.op() == Op::LoadK {
                i.bx() as usize
            } else {
                p.code[pc + 1].ax() as usize
            };
            match lp.consts.get(b) {
                Some(v) if v.is_str() => Some(("constant", s(v.str_bytes()))),
                _ => None,
            }
        }
        Op::SelfOp => {
            let name = if i.k() {
                kname(lp, i.c() as usize)
            } else {
                rname(lp, pc, i.c())
            };
            Some(("method", name))
        }
        _ => None,
    }
}

fn gxf_reg(lp: &LProto, pc: usize, t: u32) -> &'static str {
    match getobjname(lp, pc, t) {
        Some((_, n)) if n == "_ENV" => "global",
        _ => "field",
    }
}

fn rname(lp: &LProto, pc: usize, c: u32) -> String {
    match getobjname(lp, pc, c) {
        Some(("constant", n)) => n,
        _ => "?".to_string(),
    }
}

/// `funcnamefromcode`: name of the function called by instruction `pc`.
pub fn funcname_from_code(lp: &LProto, pc: usize) -> Option<(&'static str, String)> {
    let i = lp.src.code[pc];
    let tm = match i.op() {
        Op::Call | Op::TailCall => return getobjname(lp, pc, i.a()),
        Op::TForCall => return Some(("for iterator", "for iterator".to_string())),
        Op::SelfOp | Op::GetTabUp | Op::GetTable | Op::GetI | Op::GetField => 0,
        Op::SetTabUp | Op::SetTable | Op::SetI | Op::SetField => 1,
        Op::MmBin | Op::MmBinI | Op::MmBinK => i.c() as usize,
        Op::Unm => 18,
        Op::BNot => 19,
        Op::Len => 4,
        Op::Concat => 22,
        Op::Eq => 5,
        Op::Lt | Op::LtI | Op::GtI => 20,
        Op::Le | Op::LeI | Op::GeI => 21,
        Op::Close | Op::Return => 24,
        _ => return None,
    };
    Some((
        "metamethod",
        TM_NAMES
            .get(tm)
            .map(|n| n[2..].to_string())
            .unwrap_or_default(),
    ))
}

impl State {
    /// The prototype of a Lua frame.
    pub fn frame_proto(&self, ci: usize) -> Option<&LProto> {
        let c = &self.cis[ci];
        if c.status & CIST_C != 0 || ci == 0 {
            return None;
        }
        let f = self.stack[c.func];
        if f.tt != T_LCL {
            return None;
        }
        // SAFETY: the function slot of a Lua frame holds its live closure.
        Some(unsafe { &*(*f.as_lcl()).proto })
    }

    /// Current pc of a Lua frame.
    pub fn current_pc(&self, ci: usize) -> usize {
        self.cis[ci].savedpc.saturating_sub(1)
    }

    pub fn current_line(&self, ci: usize) -> i64 {
        match self.frame_proto(ci) {
            // No pc saved yet: PUC's currentpc is -1, which maps to `linedefined`.
            Some(p) if self.cis[ci].savedpc == 0 => p.src.line_defined as i64,
            Some(p) => p.line(self.current_pc(ci)),
            None => -1,
        }
    }

    /// `funcnamefromcall` for the function running in frame `ci` (asks its caller).
    pub fn func_name(&self, ci: usize) -> Option<(&'static str, String)> {
        if ci == 0 || self.cis[ci].status & CIST_TAIL != 0 {
            return None;
        }
        let caller = ci - 1;
        let p = self.frame_proto(caller)?;
        funcname_from_code(p, self.current_pc(caller))
    }

    /// `varinfo`: " (kind 'name')" for an operand, or "".
    pub fn varinfo(&self, _v: Value, loc: Loc) -> String {
        let ci = self.ci;
        let p = match self.frame_proto(ci) {
            Some(p) => p,
            None => return String::new(),
        };
        match loc {
            Loc::Upval(i) => format!(" (upvalue '{}')", upval_name(&p.src, i)),
            Loc::Stack(idx) => {
                let base = self.cis[ci].func + 1;
                if idx >= base && idx < self.cis[ci].top {
                    match getobjname(p, self.current_pc(ci), (idx - base) as u32) {
                        Some((kind, name)) => format!(" ({} '{}')", kind, name),
                        None => String::new(),
                    }
                } else {
                    String::new()
                }
            }
            Loc::None => String::new(),
        }
    }

    /// Type name honouring `__name` (`luaT_objtypename`).
    pub fn obj_type_name(&self, v: Value) -> String {
        if v.tt == T_TABLE || v.tt == T_UDATA {
            let mt = self.metatable_of(v);
            if !mt.is_null() {
                let k = self.heap.strings_lookup(b"__name");
                if let Some(k) = k {
                    // SAFETY: live metatable.
                    let n = unsafe { *(*mt).get_shortstr(k) };
                    if n.is_str() {
                        return s(n.str_bytes());
                    }
                }
            }
        }
        v.type_name().to_string()
    }

    /// `luaG_typeerror`.
    pub fn type_error(&mut self, v: Value, loc: Loc, op: &str) -> Throw {
        let t = self.obj_type_name(v);
        let vi = self.varinfo(v, loc);
        self.rt_error(&format!("attempt to {} a {} value{}", op, t, vi))
    }

    /// `luaG_callerror`: calling a non-callable value at stack index `func`.
    pub fn call_error(&mut self, func: usize) -> Throw {
        let v = self.stack[func];
        let extra = match self
            .frame_proto(self.ci)
            .and_then(|p| funcname_from_code(p, self.current_pc(self.ci)))
        {
            Some((kind, name)) => format!(" ({} '{}')", kind, name),
            None => self.varinfo(v, Loc::Stack(func)),
        };
        let t = self.obj_type_name(v);
        self.rt_error(&format!("attempt to call a {} value{}", t, extra))
    }

    /// Name of the local variable in stack slot `level` of frame `ci`.
    pub fn local_name_at_slot(&self, ci: usize, level: usize) -> Option<String> {
        let p = self.frame_proto(ci)?;
        let base = self.cis[ci].func + 1;
        if level < base {
            return None;
        }
        local_name(&p.src, level - base + 1, self.current_pc(ci))
    }

    /// Frame index `level` levels up (0 = running function), `lua_getstack`.
    pub fn get_stack(&self, level: usize) -> Option<usize> {
        if level > self.ci {
            return None;
        }
        let ci = self.ci - level;
        if ci == 0 {
            return None;
        }
        Some(ci)
    }

    /// `luaL_where(L, level)`: "chunk:line: " or "".
    pub fn where_(&self, level: usize) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(ci) = self.get_stack(level) {
            if self.current_line(ci) > 0 {
                self.add_position(ci, &mut out);
            }
        }
        out
    }

    /// Searches `package.loaded` for a function value (`pushglobalfuncname`).
    pub fn global_func_name(&self, f: Value) -> Option<String> {
        let loaded = self.loaded;
        // SAFETY: `loaded` and its tables are live.
        unsafe {
            let mut k = Value::NIL;
            while let Ok(Some((key, v))) = (*loaded).next(k, self.heap.seed) {
                k = key;
                if !key.is_str() || v.tt != T_TABLE {
                    continue;
                }
                let mut k2 = Value::NIL;
                while let Ok(Some((key2, v2))) = (*v.as_table()).next(k2, self.heap.seed) {
                    k2 = key2;
                    if key2.is_str() && v2.raw_eq(f) {
                        let m = s(key.str_bytes());
                        let n = s(key2.str_bytes());
                        return Some(if m == "_G" { n } else { format!("{}.{}", m, n) });
                    }
                }
            }
        }
        None
    }

    /// The name used in "bad argument" messages for the running native function, and
    /// whether it was called as a method.
    pub fn native_name(&self) -> (String, bool) {
        match self.func_name(self.ci) {
            Some(("method", n)) => (n, true),
            Some((_, n)) => (n, false),
            None => {
                let f = self.stack[self.cis[self.ci].func];
                (
                    self.global_func_name(f).unwrap_or_else(|| "?".to_string()),
                    false,
                )
            }
        }
    }

    /// `luaL_argerror`.
    pub fn arg_error(&mut self, mut arg: usize, extramsg: &str) -> Throw {
        let (name, method) = self.native_name();
        if method {
            arg -= 1;
            if arg == 0 {
                return self.error_at1(&format!("calling '{}' on bad self ({})", name, extramsg));
            }
        }
        self.error_at1(&format!(
            "bad argument #{} to '{}' ({})",
            arg, name, extramsg
        ))
    }

    /// `luaL_error`: message prefixed with the position of the caller of the running native.
    pub fn error_at1(&mut self, msg: &str) -> Throw {
        let mut w = self.where_(1);
        w.extend_from_slice(msg.as_bytes());
        match self.heap.new_str(&w) {
            Some(v) => self.throw_value(Value::str(v)),
            None => self.mem_error(),
        }
    }

    /// `luaL_typeerror`.
    pub fn arg_type_error(&mut self, arg: usize, expected: &str) -> Throw {
        let base = self.base();
        let v = if base + arg - 1 < self.top {
            Some(self.stack[base + arg - 1])
        } else {
            None
        };
        let got = match v {
            None => "no value".to_string(),
            Some(v) => {
                let mt = self.metatable_of(v);
                let mut n = None;
                if !mt.is_null() {
                    if let Some(k) = self.heap.strings_lookup(b"__name") {
                        // SAFETY: live metatable.
                        let x = unsafe { *(*mt).get_shortstr(k) };
                        if x.is_str() {
                            n = Some(s(x.str_bytes()));
                        }
                    }
                }
                n.unwrap_or_else(|| v.type_name().to_string())
            }
        };
        self.arg_error(arg, &format!("{} expected, got {}", expected, got))
    }

    /// `luaL_traceback(L, L, NULL, level)` without the message.
    pub fn traceback(&self, level: usize) -> String {
        // The debug library's `luaL_traceback` (thread-aware: a coroutine's base frame is not
        // a level); the code below is the older version, kept unused.
        if !self.co.cur.is_null() {
            return String::from_utf8_lossy(&crate::stdlib::debug::traceback_of(
                self,
                None,
                level as i64,
            ))
            .into_owned();
        }
        let mut out = String::from("stack traceback:");
        let mut frames = Vec::new();
        let mut lv = level;
        while lv <= self.ci {
            frames.push(self.ci - lv);
            lv += 1;
        }
        let n = frames.len();
        let (show_first, show_last) = if n > 22 { (10, 11) } else { (n, 0) };
        for (idx, &ci) in frames.iter().enumerate() {
            if idx == show_first && show_last > 0 {
                // lua5.4's count is one less than the levels it actually skips.
                out.push_str(&format!(
                    "\n\t...\t(skipping {} levels)",
                    n - show_first - show_last - 1
                ));
            }
            if idx >= show_first && idx < n - show_last {
                continue;
            }
            if ci == 0 {
                out.push_str("\n\t[C]: in ?");
                continue;
            }
            let f = self.stack[self.cis[ci].func];
            match self.frame_proto(ci) {
                Some(p) => {
                    // SAFETY: protos keep their source alive.
                    let src = s(&chunk_id(unsafe { (*p.source).bytes() }));
                    out.push_str(&format!("\n\t{}:{}: in ", src, self.current_line(ci)));
                    if let Some(g) = self.global_func_name(f) {
                        out.push_str(&format!("function '{}'", g));
                    } else if let Some((kind, name)) = self.func_name(ci) {
                        out.push_str(&format!("{} '{}'", kind, name));
                    } else if p.src.line_defined == 0 {
                        out.push_str("main chunk");
                    } else {
                        out.push_str(&format!("function <{}:{}>", src, p.src.line_defined));
                    }
                }
                None => {
                    out.push_str("\n\t[C]: in ");
                    if let Some(g) = self.global_func_name(f) {
                        out.push_str(&format!("function '{}'", g));
                    } else if let Some((kind, name)) = self.func_name(ci) {
                        out.push_str(&format!("{} '{}'", kind, name));
                    } else {
                        out.push('?');
                    }
                }
            }
            if self.cis[ci].status & CIST_TAIL != 0 {
                out.push_str("\n\t(...tail calls...)");
            }
        }
        out
    }
}

/// Name of the local in stack slot `level` of frame `ci` (for "variable 'x' got a
/// non-closable value").
pub fn local_name_at(l: &State, ci: usize, level: usize) -> Option<String> {
    l.local_name_at_slot(ci, level)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn chunkid_forms() {
        assert_eq!(chunk_id(b"=stdin"), b"stdin");
        assert_eq!(chunk_id(b"@foo.lua"), b"foo.lua");
        assert_eq!(chunk_id(b"print(1)"), b"[string \"print(1)\"]");
        assert_eq!(chunk_id(b"a\nb"), b"[string \"a...\"]");
        let long = [b'x'; 100];
        let mut at = b"@".to_vec();
        at.extend_from_slice(&long);
        assert_eq!(chunk_id(&at).len(), 59);
    }
}
