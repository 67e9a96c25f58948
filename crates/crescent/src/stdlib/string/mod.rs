//! The string library (`lstrlib.c`): `byte char dump find format gmatch gsub len lower match
//! pack packsize rep reverse sub unpack upper`, and the string metatable (`__index = string`
//! plus the arithmetic metamethods that coerce numeric strings).
//!
//! The byte-string algorithms live in `crescent-text` (patterns, format, pack); this module
//! converts arguments, drives them and turns their errors into Lua errors with 5.4's
//! messages. Results are built in a reusable scratch buffer ([`take_buf`]/[`give_buf`]) and
//! interned through `State::new_str`. Submodules: `pat` (find/match/gmatch/gsub), `fmt`
//! (format), `pack` (pack/packsize/unpack). Uses `unsafe` only to reach native-closure
//! upvalues and tables behind values.

mod fmt;
mod pack;
mod pat;

use crate::value::*;
use crate::vm::arith::{self, str_to_number};
use crate::vm::state::State;
use crate::vm::{Throw, EXTRA_STACK, MAX_STACK, TM};
use std::cell::Cell;

pub(crate) type R = Result<usize, Throw>;

/// `MAXSIZE` of `lstrlib.c` on 64-bit targets: the largest string the library builds.
pub(crate) const MAXSIZE: usize = i32::MAX as usize;

thread_local! {
    static SCRATCH: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Takes the thread's scratch buffer (empty, with its old capacity). Re-entrant calls (a
/// `gsub` callback calling `format`) simply get a fresh buffer.
#[inline]
pub(crate) fn take_buf() -> Vec<u8> {
    let mut b = SCRATCH.with(|c| c.take());
    b.clear();
    b
}

/// Returns a buffer taken with [`take_buf`] (huge buffers are dropped, not kept).
#[inline]
pub(crate) fn give_buf(b: Vec<u8>) {
    if b.capacity() <= 1 << 20 {
        SCRATCH.with(|c| {
            let old = c.take();
            c.set(if old.capacity() > b.capacity() {
                old
            } else {
                b
            });
        });
    }
}

impl State {
    /// `luaL_checkstack` with a message: "stack overflow (msg)" beyond the stack limit.
    pub(crate) fn check_stack_msg(&mut self, n: usize, msg: &str) -> Result<(), Throw> {
        if self.stack_last() - self.top > n {
            return Ok(());
        }
        if self.top + EXTRA_STACK > MAX_STACK.saturating_sub(n) {
            return Err(self.error_at1(&format!("stack overflow ({})", msg)));
        }
        self.check_stack(n)
    }

    /// `luaL_error` with a byte-string message.
    pub(crate) fn error_bytes(&mut self, msg: &[u8]) -> Throw {
        let mut w = self.where_(1);
        w.extend_from_slice(msg);
        match self.new_str(&w) {
            Ok(v) => self.throw_value(v),
            Err(t) => t,
        }
    }

    /// Pushes a new string with these bytes.
    #[inline]
    pub(crate) fn push_bytes(&mut self, b: &[u8]) -> Result<(), Throw> {
        let s = self.new_str(b)?;
        self.push(s);
        Ok(())
    }

    /// `check_string` with the string case inlined (the library's hot paths).
    #[inline(always)]
    pub(crate) fn str_arg(&mut self, n: usize) -> Result<Value, Throw> {
        let v = self.arg(n);
        if v.is_str() {
            Ok(v)
        } else {
            self.check_string(n)
        }
    }

    /// `check_integer` with the integer case inlined.
    #[inline(always)]
    pub(crate) fn int_arg(&mut self, n: usize) -> Result<i64, Throw> {
        let v = self.arg(n);
        if v.tt == T_INT {
            Ok(v.as_int())
        } else {
            self.check_integer(n)
        }
    }

    /// `opt_integer` with the integer and absent cases inlined.
    #[inline(always)]
    pub(crate) fn opt_int_arg(&mut self, n: usize, def: i64) -> Result<i64, Throw> {
        let v = self.arg(n);
        match v.tt {
            T_INT => Ok(v.as_int()),
            T_NIL => Ok(def),
            _ => self.check_integer(n),
        }
    }

    /// Upvalues of the running native closure.
    #[allow(clippy::mut_from_ref)]
    pub(crate) fn native_upvalues(&self) -> &mut Vec<Value> {
        let f = self.stack[self.cis[self.ci].func];
        debug_assert!(f.tt == T_NCL);
        // SAFETY: the running function is a live native closure (callers are only
        // registered as closures); nothing else borrows its upvalue vector meanwhile.
        unsafe { &mut (*f.as_ncl()).upvalues }
    }
}

/// Creates a library table with these functions, sets it as global `name` and in
/// `package.loaded`. Returns the table.
pub(crate) fn new_lib(l: &mut State, name: &str, fns: &[(&str, NativeFn)]) -> Result<Value, Throw> {
    let t = l.new_table();
    // Anchor first: nothing below collects, but keep the table reachable regardless.
    l.set_global(name, t)?;
    let k = l.new_str(name.as_bytes())?;
    let loaded = l.loaded;
    l.table_set(loaded, k, t)?;
    for (n, f) in fns {
        let k = l.new_str(n.as_bytes())?;
        l.table_set(t.as_table(), k, Value::lcf(*f))?;
    }
    Ok(t)
}

pub fn open(l: &mut State) -> Result<(), Throw> {
    let fns: &[(&str, NativeFn)] = &[
        ("byte", byte),
        ("char", char),
        ("dump", dump),
        ("find", pat::find),
        ("format", fmt::format),
        ("gmatch", pat::gmatch),
        ("gsub", pat::gsub),
        ("len", len),
        ("lower", lower),
        ("match", pat::match_),
        ("rep", rep),
        ("reverse", reverse),
        ("sub", sub),
        ("upper", upper),
        ("pack", pack::pack),
        ("packsize", pack::packsize),
        ("unpack", pack::unpack),
    ];
    let lib = new_lib(l, "string", fns)?;
    // The string metatable.
    let mt = l.new_table();
    l.mt[LuaType::String as usize] = mt.as_table();
    let metas: &[(&str, NativeFn)] = &[
        ("__add", arith_add),
        ("__sub", arith_sub),
        ("__mul", arith_mul),
        ("__mod", arith_mod),
        ("__pow", arith_pow),
        ("__div", arith_div),
        ("__idiv", arith_idiv),
        ("__unm", arith_unm),
    ];
    for (n, f) in metas {
        let k = l.new_str(n.as_bytes())?;
        l.table_set(mt.as_table(), k, Value::lcf(*f))?;
    }
    let k = l.new_str(b"__index")?;
    l.table_set(mt.as_table(), k, lib)?;
    Ok(())
}

/// `posrelatI`: a start position, clipped to `[1, inf)`.
#[inline]
pub(crate) fn posrelat_i(pos: i64, len: usize) -> usize {
    if pos > 0 {
        pos as u64 as usize
    } else if pos == 0 || pos.unsigned_abs() > len as u64 {
        1
    } else {
        len - pos.unsigned_abs() as usize + 1
    }
}

/// `getendpos`: an end position, clipped to `[0, len]`.
#[inline]
pub(crate) fn end_pos(pos: i64, len: usize) -> usize {
    if pos > len as i64 {
        len
    } else if pos >= 0 {
        pos as usize
    } else if pos.unsigned_abs() > len as u64 {
        0
    } else {
        len - pos.unsigned_abs() as usize + 1
    }
}

fn len(l: &mut State) -> R {
    let s = l.str_arg(1)?;
    l.push(Value::int(s.str_bytes().len() as i64));
    Ok(1)
}

/// The three arguments of `sub`/`byte` when they are (string, integer, [integer]).
#[inline(always)]
fn str_int_int(l: &State, def3: Option<i64>) -> Option<(Value, i64, i64)> {
    let base = l.base();
    let args = l.stack.get(base..l.top)?;
    let (s, i) = (*args.first()?, *args.get(1)?);
    if !s.is_str() || i.tt != T_INT {
        return None;
    }
    let j = match args.get(2) {
        Some(v) if v.tt == T_INT => v.as_int(),
        Some(v) if !v.is_nil() => return None,
        _ => def3.unwrap_or(i.as_int()),
    };
    Some((s, i.as_int(), j))
}

/// Library functions compiled code recognises (by address) at a CALL wanting one result
/// (`crate::jit::compile`): `string.byte` with an index inside the string is read inline,
/// `string.sub` is computed by [`sub_direct`] without a native frame.
pub(crate) const JIT_BYTE: NativeFn = byte;
pub(crate) const JIT_SUB: NativeFn = sub;

/// `string.sub(s, i [, j])` for arguments (string, integer, [integer or nil]): the result,
/// or `None` (nothing done) for other arguments or when the result cannot be allocated, for
/// the ordinary call to raise the error.
#[inline]
pub(crate) fn sub_direct(l: &mut State, s: Value, i: Value, j: Value) -> Option<Value> {
    if !s.is_str() || i.tt != T_INT {
        return None;
    }
    let j = match j.tt {
        T_INT => j.as_int(),
        T_NIL => -1,
        _ => return None,
    };
    let b = s.str_bytes();
    let start = posrelat_i(i.as_int(), b.len());
    let end = end_pos(j, b.len());
    if start > end {
        return l.heap.new_str(b"").map(Value::str);
    }
    if start == 1 && end == b.len() {
        return Some(s);
    }
    l.heap.new_str(&b[start - 1..end]).map(Value::str)
}

fn sub(l: &mut State) -> R {
    let (s, i, j) = match str_int_int(l, Some(-1)) {
        Some(a) => a,
        None => (l.str_arg(1)?, l.int_arg(2)?, l.opt_int_arg(3, -1)?),
    };
    let b = s.str_bytes();
    let start = posrelat_i(i, b.len());
    let end = end_pos(j, b.len());
    if start <= end {
        if start == 1 && end == b.len() {
            l.push(s);
        } else {
            l.push_bytes(&b[start - 1..end])?;
        }
    } else {
        l.push_bytes(b"")?;
    }
    Ok(1)
}

fn map_bytes(l: &mut State, f: impl Fn(u8) -> u8) -> R {
    let s = l.str_arg(1)?;
    let mut buf = take_buf();
    buf.extend(s.str_bytes().iter().map(|&c| f(c)));
    l.push_bytes(&buf)?;
    give_buf(buf);
    Ok(1)
}

fn lower(l: &mut State) -> R {
    map_bytes(l, |c| c.to_ascii_lowercase())
}

fn upper(l: &mut State) -> R {
    map_bytes(l, |c| c.to_ascii_uppercase())
}

fn reverse(l: &mut State) -> R {
    let s = l.str_arg(1)?;
    let mut buf = take_buf();
    buf.extend(s.str_bytes().iter().rev());
    l.push_bytes(&buf)?;
    give_buf(buf);
    Ok(1)
}

fn rep(l: &mut State) -> R {
    let s = l.str_arg(1)?;
    let n = l.int_arg(2)?;
    let sep = l.opt_string(3)?;
    let s = s.str_bytes();
    let sep: &[u8] = match sep {
        Some(v) => v.str_bytes(),
        None => b"",
    };
    if n <= 0 || (s.is_empty() && sep.is_empty()) {
        l.push_bytes(b"")?;
        return Ok(1);
    }
    let (ls, lsep) = (s.len(), sep.len());
    if (ls + lsep) as u64 > MAXSIZE as u64 / n as u64 {
        return Err(l.error_at1("resulting string too large"));
    }
    let n = n as usize;
    let total = n * ls + (n - 1) * lsep;
    if !l.heap.can_alloc(total) {
        return Err(l.mem_error());
    }
    let mut buf = take_buf();
    if buf.try_reserve(total).is_err() {
        return Err(l.mem_error());
    }
    if lsep == 0 && ls == 1 {
        buf.resize(total, s[0]);
    } else {
        for i in 0..n {
            if i > 0 {
                buf.extend_from_slice(sep);
            }
            buf.extend_from_slice(s);
        }
    }
    l.push_bytes(&buf)?;
    give_buf(buf);
    Ok(1)
}

fn byte(l: &mut State) -> R {
    let (s, pi, pe) = match str_int_int(l, None) {
        Some(a) => a,
        None => {
            let s = l.str_arg(1)?;
            let pi = l.opt_int_arg(2, 1)?;
            (s, pi, l.opt_int_arg(3, pi)?)
        }
    };
    let b = s.str_bytes();
    let posi = posrelat_i(pi, b.len());
    let pose = end_pos(pe, b.len());
    if posi > pose {
        return Ok(0);
    }
    if pose - posi >= i32::MAX as usize {
        return Err(l.error_at1("string slice too long"));
    }
    let n = pose - posi + 1;
    if n == 1 {
        l.push(Value::int(b[posi - 1] as i64));
        return Ok(1);
    }
    l.check_stack_msg(n, "string slice too long")?;
    for &c in &b[posi - 1..pose] {
        l.push(Value::int(c as i64));
    }
    Ok(n)
}

fn char(l: &mut State) -> R {
    let n = l.nargs();
    let mut buf = take_buf();
    for i in 1..=n {
        let c = l.int_arg(i)? as u64;
        if c > 255 {
            return Err(l.arg_error(i, "value out of range"));
        }
        buf.push(c as u8);
    }
    l.push_bytes(&buf)?;
    give_buf(buf);
    Ok(1)
}

fn dump(l: &mut State) -> R {
    let strip = !l.arg(2).is_falsy();
    let f = l.arg(1);
    if !f.is_function() {
        return Err(l.arg_type_error(1, "function"));
    }
    if f.tt != T_LCL {
        return Err(l.error_at1("unable to dump given function"));
    }
    // SAFETY: a Lua closure value points at a live closure and proto.
    let bytes = unsafe { crescent_frontend::dump(&(*(*f.as_lcl()).proto).src, strip) };
    l.push_bytes(&bytes)?;
    Ok(1)
}

// ---------------------------------------------------------------- metamethods

/// `tonum`: a number, or a string that is entirely a numeral.
#[inline]
fn tonum(v: Value) -> Option<Value> {
    match v.tt {
        T_INT | T_FLT => Some(v),
        T_SHRSTR | T_LNGSTR => str_to_number(v.str_bytes()),
        _ => None,
    }
}

fn arith(l: &mut State, op: TM) -> R {
    let (a, b) = (l.arg(1), l.arg(2));
    if let (Some(x), Some(y)) = (tonum(a), tonum(b)) {
        match arith::raw_arith(op, x, y) {
            Some(Ok(v)) => {
                l.push(v);
                return Ok(1);
            }
            // `lua_arith` runs inside this native: the message has no position.
            Some(Err(msg)) => return Err(l.rt_error(msg)),
            None => {}
        }
    }
    // trymt
    let name = op.name();
    let tm = if b.is_str() {
        Value::NIL
    } else {
        l.meta_field(b, name.as_bytes())
    };
    if tm.is_nil() {
        let msg = format!(
            "attempt to {} a '{}' with a '{}'",
            &name[2..],
            a.type_name(),
            b.type_name()
        );
        return Err(l.error_at1(&msg));
    }
    let r = l.call_tm_res(tm, a, b)?;
    l.push(r);
    Ok(1)
}

fn arith_add(l: &mut State) -> R {
    arith(l, TM::Add)
}
fn arith_sub(l: &mut State) -> R {
    arith(l, TM::Sub)
}
fn arith_mul(l: &mut State) -> R {
    arith(l, TM::Mul)
}
fn arith_mod(l: &mut State) -> R {
    arith(l, TM::Mod)
}
fn arith_pow(l: &mut State) -> R {
    arith(l, TM::Pow)
}
fn arith_div(l: &mut State) -> R {
    arith(l, TM::Div)
}
fn arith_idiv(l: &mut State) -> R {
    arith(l, TM::IDiv)
}
fn arith_unm(l: &mut State) -> R {
    arith(l, TM::Unm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        assert_eq!(posrelat_i(0, 5), 1);
        assert_eq!(posrelat_i(-2, 5), 4);
        assert_eq!(posrelat_i(-9, 5), 1);
        assert_eq!(posrelat_i(i64::MIN, 5), 1);
        assert_eq!(end_pos(-1, 5), 5);
        assert_eq!(end_pos(9, 5), 5);
        assert_eq!(end_pos(-6, 5), 0);
        assert_eq!(end_pos(i64::MIN, 5), 0);
    }
}
