//! `string.pack`, `string.packsize` and `string.unpack` over `crescent_text::pack`.

use super::fmt::LibError;
use super::{give_buf, take_buf, R};
use crate::value::*;
use crate::vm::state::State;
use crate::vm::Throw;
use crescent_text::pack::{self, PackArgs, PackError, PackValue};
use std::borrow::Cow;

impl From<PackError> for LibError<PackError> {
    fn from(e: PackError) -> Self {
        LibError::Lib(e)
    }
}

struct Args<'l> {
    l: &'l mut State,
}

impl PackArgs for Args<'_> {
    type Error = LibError<PackError>;
    fn integer(&mut self, arg: usize) -> Result<i64, Self::Error> {
        Ok(self.l.int_arg(arg)?)
    }
    fn number(&mut self, arg: usize) -> Result<f64, Self::Error> {
        Ok(self.l.check_number(arg)?)
    }
    fn bytes(&mut self, arg: usize) -> Result<Cow<'_, [u8]>, Self::Error> {
        Ok(Cow::Borrowed(self.l.str_arg(arg)?.str_bytes()))
    }
}

fn pack_error(l: &mut State, e: PackError) -> Throw {
    match e.arg() {
        Some(a) => l.arg_error(a, &String::from_utf8_lossy(&e.message())),
        None => l.error_bytes(&e.message()),
    }
}

pub(super) fn pack(l: &mut State) -> R {
    let f = l.str_arg(1)?;
    // PUC pushes a nil mark after the arguments: a missing value reads as nil.
    l.push(Value::NIL);
    let mut out = take_buf();
    let r = pack::pack(f.str_bytes(), &mut Args { l }, &mut out);
    match r {
        Ok(()) => {
            l.push_bytes(&out)?;
            give_buf(out);
            Ok(1)
        }
        Err(LibError::Thrown) => Err(Throw),
        Err(LibError::Lib(e)) => Err(pack_error(l, e)),
    }
}

pub(super) fn packsize(l: &mut State) -> R {
    let f = l.str_arg(1)?;
    match pack::packsize(f.str_bytes()) {
        Ok(n) => {
            l.push(Value::int(n));
            Ok(1)
        }
        Err(e) => Err(pack_error(l, e)),
    }
}

pub(super) fn unpack(l: &mut State) -> R {
    let f = l.str_arg(1)?;
    let d = l.str_arg(2)?;
    let init = l.opt_int_arg(3, 1)?;
    let (values, pos) = match pack::unpack(f.str_bytes(), d.str_bytes(), init) {
        Ok(r) => r,
        Err(e) => return Err(pack_error(l, e)),
    };
    let n = values.len();
    l.check_stack_msg(n + 1, "too many results")?;
    for v in values {
        match v {
            PackValue::Int(i) => l.push(Value::int(i)),
            PackValue::Float(x) => l.push(Value::flt(x)),
            PackValue::Bytes(b) => l.push_bytes(b)?,
        }
    }
    l.push(Value::int(pos));
    Ok(n + 1)
}
