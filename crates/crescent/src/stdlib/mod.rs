//! Native libraries and the argument-checking helpers they share (PUC's `lauxlib.c`
//! subset): `arg`, `check_*`/`opt_*` with 5.4's "bad argument #n to 'f' (...)" messages and
//! the conversion of values to display strings (`luaL_tolstring`). Safe code except reading
//! string bytes.

pub mod base;
pub mod coroutine;
pub mod debug;
pub mod io;
pub mod load;
pub mod math;
pub mod os;
pub mod package;
pub mod string;
pub mod table;
pub mod utf8;
pub mod warn;

use crate::value::*;
use crate::vm::arith::{fmt_number, to_integer, to_number, F2I};
use crate::vm::state::State;
use crate::vm::Throw;

impl State {
    /// Number of arguments of the running native function.
    #[inline(always)]
    pub fn nargs(&self) -> usize {
        self.top - self.base()
    }

    /// Argument `n` (1-based), nil when absent.
    #[inline(always)]
    pub fn arg(&self, n: usize) -> Value {
        let i = self.base() + n - 1;
        if i < self.top {
            self.stack[i]
        } else {
            Value::NIL
        }
    }

    pub fn check_any(&mut self, n: usize) -> Result<Value, Throw> {
        if n > self.nargs() {
            return Err(self.arg_error(n, "value expected"));
        }
        Ok(self.arg(n))
    }

    pub fn check_table(&mut self, n: usize) -> Result<Value, Throw> {
        let v = self.arg(n);
        if v.tt != T_TABLE {
            return Err(self.arg_type_error(n, "table"));
        }
        Ok(v)
    }

    pub fn check_integer(&mut self, n: usize) -> Result<i64, Throw> {
        let v = self.arg(n);
        match to_integer(v, F2I::Eq) {
            Some(i) => Ok(i),
            None => {
                if crate::vm::arith::to_number_value(v).is_some() {
                    Err(self.arg_error(n, "number has no integer representation"))
                } else {
                    Err(self.arg_type_error(n, "number"))
                }
            }
        }
    }

    pub fn opt_integer(&mut self, n: usize, def: i64) -> Result<i64, Throw> {
        if self.arg(n).is_nil() {
            Ok(def)
        } else {
            self.check_integer(n)
        }
    }

    pub fn check_number(&mut self, n: usize) -> Result<f64, Throw> {
        match to_number(self.arg(n)) {
            Some(f) => Ok(f),
            None => Err(self.arg_type_error(n, "number")),
        }
    }

    /// A string argument (numbers are converted in place, like `lua_tolstring`).
    pub fn check_string(&mut self, n: usize) -> Result<Value, Throw> {
        let v = self.arg(n);
        if v.is_str() {
            return Ok(v);
        }
        if v.is_number() {
            let mut b = Vec::new();
            fmt_number(v, &mut b);
            let s = self.new_str(&b)?;
            let i = self.base() + n - 1;
            self.stack[i] = s;
            return Ok(s);
        }
        Err(self.arg_type_error(n, "string"))
    }

    pub fn opt_string(&mut self, n: usize) -> Result<Option<Value>, Throw> {
        if self.arg(n).is_nil() {
            Ok(None)
        } else {
            self.check_string(n).map(Some)
        }
    }

    /// A metatable field (`luaL_getmetafield`), nil if absent.
    pub fn meta_field(&mut self, v: Value, name: &[u8]) -> Value {
        let mt = self.metatable_of(v);
        if mt.is_null() {
            return Value::NIL;
        }
        match self.heap.strings_lookup(name) {
            // SAFETY: live metatable.
            Some(k) => unsafe { *(*mt).get_shortstr(k) },
            None => Value::NIL,
        }
    }

    /// `luaL_tolstring`: the display string of any value (honours `__tostring`, `__name`).
    pub fn to_display(&mut self, v: Value) -> Result<Value, Throw> {
        let tm = self.meta_field(v, b"__tostring");
        if !tm.is_nil() {
            let r = self.call_tm_res(tm, v, Value::NIL)?;
            if !r.is_str() {
                if r.is_number() {
                    let mut b = Vec::new();
                    fmt_number(r, &mut b);
                    return self.new_str(&b);
                }
                return Err(self.error_at1("'__tostring' must return a string"));
            }
            return Ok(r);
        }
        let mut b = Vec::with_capacity(32);
        match v.tt {
            T_INT | T_FLT => fmt_number(v, &mut b),
            T_SHRSTR | T_LNGSTR => return Ok(v),
            T_TRUE => b.extend_from_slice(b"true"),
            T_FALSE => b.extend_from_slice(b"false"),
            T_NIL => b.extend_from_slice(b"nil"),
            _ => {
                let n = self.meta_field(v, b"__name");
                if n.is_str() {
                    b.extend_from_slice(n.str_bytes());
                } else {
                    b.extend_from_slice(v.type_name().as_bytes());
                }
                b.extend_from_slice(format!(": {:p}", v.v as *const u8).as_bytes());
            }
        }
        self.new_str(&b)
    }
}
