//! `string.format` over `crescent_text::format`: this module supplies the arguments
//! (`luaL_checkinteger`, `luaL_checknumber`, `luaL_tolstring`, `%q` literals, `%p`
//! pointers) and maps the engine's errors to 5.4's messages.

use super::{give_buf, take_buf, R};
use crate::value::*;
use crate::vm::arith::fmt_number;
use crate::vm::state::State;
use crate::vm::Throw;
use crescent_text::format::{self, FormatArgs, FormatError, Literal};
use std::borrow::Cow;

pub(super) enum LibError<E> {
    /// A Lua error was raised (the value is in the state).
    Thrown,
    Lib(E),
}

impl<E> From<Throw> for LibError<E> {
    fn from(_: Throw) -> Self {
        LibError::Thrown
    }
}

impl From<FormatError> for LibError<FormatError> {
    fn from(e: FormatError) -> Self {
        LibError::Lib(e)
    }
}

struct Args<'l> {
    l: &'l mut State,
    scratch: Vec<u8>,
    /// The interned `__tostring` key, looked up once per call (`None`: not yet).
    tostring_key: Option<Option<*mut crate::object::string::LuaString>>,
}

impl Args<'_> {
    /// Whether `v` has a `__tostring` metamethod (`luaL_tolstring`'s first test).
    fn has_tostring(&mut self, v: Value) -> bool {
        let mt = self.l.metatable_of(v);
        if mt.is_null() {
            return false;
        }
        let heap = &self.l.heap;
        let key = *self
            .tostring_key
            .get_or_insert_with(|| heap.strings_lookup(b"__tostring"));
        match key {
            // SAFETY: `mt` is a live metatable and `k` a live short string.
            Some(k) => unsafe { !(*(*mt).get_shortstr(k)).is_nil() },
            None => false,
        }
    }
}

impl FormatArgs for Args<'_> {
    type Error = LibError<FormatError>;

    fn count(&self) -> usize {
        self.l.nargs().saturating_sub(1)
    }

    fn integer(&mut self, arg: usize) -> Result<i64, Self::Error> {
        let v = self.l.arg(arg);
        if v.tt == T_INT {
            return Ok(v.as_int());
        }
        Ok(self.l.int_arg(arg)?)
    }

    fn number(&mut self, arg: usize) -> Result<f64, Self::Error> {
        let v = self.l.arg(arg);
        if v.tt == T_FLT {
            return Ok(v.as_flt());
        }
        Ok(self.l.check_number(arg)?)
    }

    fn string(&mut self, arg: usize) -> Result<Cow<'_, [u8]>, Self::Error> {
        let v = self.l.arg(arg);
        if !self.has_tostring(v) {
            match v.tt {
                T_SHRSTR | T_LNGSTR => return Ok(Cow::Borrowed(v.str_bytes())),
                T_INT | T_FLT => {
                    self.scratch.clear();
                    fmt_number(v, &mut self.scratch);
                    return Ok(Cow::Borrowed(&self.scratch));
                }
                _ => {}
            }
        }
        let s = self.l.to_display(v)?;
        // Keep the result rooted in the argument's slot (as `luaL_tolstring` pushes it).
        let i = self.l.base() + arg - 1;
        self.l.stack[i] = s;
        Ok(Cow::Borrowed(s.str_bytes()))
    }

    fn literal(&mut self, arg: usize) -> Result<Option<Literal<'_>>, Self::Error> {
        let v = self.l.arg(arg);
        Ok(Some(match v.tt {
            T_SHRSTR | T_LNGSTR => Literal::Str(Cow::Borrowed(v.str_bytes())),
            T_INT => Literal::Int(v.as_int()),
            T_FLT => Literal::Float(v.as_flt()),
            T_NIL => Literal::Nil,
            T_TRUE => Literal::Bool(true),
            T_FALSE => Literal::Bool(false),
            _ => return Ok(None),
        }))
    }

    fn pointer(&mut self, arg: usize) -> Result<Option<usize>, Self::Error> {
        let v = self.l.arg(arg);
        Ok(if v.is_collectable() || v.tt == T_LCF {
            Some(v.v as usize)
        } else {
            None
        })
    }
}

/// `format("%d", n)` with an integer (or an integral float), the format of integer-to-text
/// code: the digits are written directly, without the general engine's parsing of the
/// format. `None`: anything else (other formats, other argument types, errors), for the
/// general path.
fn format_single(l: &mut State, fmt: &[u8]) -> Option<R> {
    if fmt != b"%d" || l.nargs() < 2 {
        return None;
    }
    let v = l.arg(2);
    let i = match v.tt {
        T_INT => v.as_int(),
        T_FLT => crate::vm::arith::flt_to_int_eq(v.as_flt())?,
        _ => return None,
    };
    // Digits from the end of a buffer wide enough for `i64::MIN`.
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut u = i.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if i < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    Some(l.push_bytes(&buf[at..]).map(|()| 1))
}

pub(super) fn format(l: &mut State) -> R {
    let f = l.str_arg(1)?;
    if let Some(n) = format_single(l, f.str_bytes()) {
        return n;
    }
    let mut out = take_buf();
    let r = {
        let mut args = Args {
            l,
            scratch: Vec::new(),
            tostring_key: None,
        };
        format::format(f.str_bytes(), &mut args, &mut out)
    };
    match r {
        Ok(()) => {
            l.push_bytes(&out)?;
            give_buf(out);
            Ok(1)
        }
        Err(LibError::Thrown) => Err(Throw),
        Err(LibError::Lib(e)) => Err(match e.arg() {
            Some(a) => l.arg_error(a, &String::from_utf8_lossy(&e.message())),
            None => l.error_bytes(&e.message()),
        }),
    }
}
