//! Order comparisons (`luaV_lessthan`, `luaV_lessequal`): exact integer/float mixing
//! (`LTnum`/`LEnum`), bytewise string order, `__lt`/`__le` (no `__lt` fallback for `__le`,
//! as in 5.4). Safe code only.

use crate::value::*;
use crate::vm::arith::{flt_to_int, F2I};
use crate::vm::state::State;
use crate::vm::{Throw, TM};

#[inline(always)]
fn int_fits_float(i: i64) -> bool {
    (i as u64).wrapping_add(1u64 << 53) <= 2u64 << 53
}

#[inline]
pub fn lt_int_flt(i: i64, f: f64) -> bool {
    if int_fits_float(i) {
        (i as f64) < f
    } else {
        match flt_to_int(f, F2I::Ceil) {
            Some(fi) => i < fi,
            None => f > 0.0,
        }
    }
}
#[inline]
pub fn le_int_flt(i: i64, f: f64) -> bool {
    if int_fits_float(i) {
        (i as f64) <= f
    } else {
        match flt_to_int(f, F2I::Floor) {
            Some(fi) => i <= fi,
            None => f > 0.0,
        }
    }
}
#[inline]
pub fn lt_flt_int(f: f64, i: i64) -> bool {
    if int_fits_float(i) {
        f < (i as f64)
    } else {
        match flt_to_int(f, F2I::Floor) {
            Some(fi) => fi < i,
            None => f < 0.0,
        }
    }
}
#[inline]
pub fn le_flt_int(f: f64, i: i64) -> bool {
    if int_fits_float(i) {
        f <= (i as f64)
    } else {
        match flt_to_int(f, F2I::Ceil) {
            Some(fi) => fi <= i,
            None => f < 0.0,
        }
    }
}

/// `LTnum`: both values are numbers.
#[inline]
pub fn lt_num(l: Value, r: Value) -> bool {
    if l.tt == T_INT {
        if r.tt == T_INT {
            l.as_int() < r.as_int()
        } else {
            lt_int_flt(l.as_int(), r.as_flt())
        }
    } else if r.tt == T_FLT {
        l.as_flt() < r.as_flt()
    } else {
        lt_flt_int(l.as_flt(), r.as_int())
    }
}

/// `LEnum`: both values are numbers.
#[inline]
pub fn le_num(l: Value, r: Value) -> bool {
    if l.tt == T_INT {
        if r.tt == T_INT {
            l.as_int() <= r.as_int()
        } else {
            le_int_flt(l.as_int(), r.as_flt())
        }
    } else if r.tt == T_FLT {
        l.as_flt() <= r.as_flt()
    } else {
        le_flt_int(l.as_flt(), r.as_int())
    }
}

impl State {
    pub fn less_than(&mut self, l: Value, r: Value) -> Result<bool, Throw> {
        if l.is_number() && r.is_number() {
            Ok(lt_num(l, r))
        } else if l.is_str() && r.is_str() {
            Ok(l.str_bytes() < r.str_bytes())
        } else {
            self.call_order_tm(l, r, TM::Lt)
        }
    }

    pub fn less_equal(&mut self, l: Value, r: Value) -> Result<bool, Throw> {
        if l.is_number() && r.is_number() {
            Ok(le_num(l, r))
        } else if l.is_str() && r.is_str() {
            Ok(l.str_bytes() <= r.str_bytes())
        } else {
            self.call_order_tm(l, r, TM::Le)
        }
    }

    /// `luaT_callorderTM`.
    pub fn call_order_tm(&mut self, p1: Value, p2: Value, e: TM) -> Result<bool, Throw> {
        let mut tm = self.get_tm_by_obj(p1, e);
        if tm.is_nil() {
            tm = self.get_tm_by_obj(p2, e);
        }
        if tm.is_nil() {
            if e == TM::Le {
                // LUA_COMPAT_LT_LE (on in lua5.4 builds): try `not (p2 < p1)`.
                let mut lt = self.get_tm_by_obj(p2, TM::Lt);
                if lt.is_nil() {
                    lt = self.get_tm_by_obj(p1, TM::Lt);
                }
                if !lt.is_nil() {
                    return Ok(self.call_tm_res(lt, p2, p1)?.is_falsy());
                }
            }
            return Err(self.order_error(p1, p2));
        }
        Ok(!self.call_tm_res(tm, p1, p2)?.is_falsy())
    }

    /// `luaG_ordererror`.
    pub fn order_error(&mut self, p1: Value, p2: Value) -> Throw {
        let t1 = self.obj_type_name(p1);
        let t2 = self.obj_type_name(p2);
        if t1 == t2 {
            self.rt_error(&format!("attempt to compare two {} values", t1))
        } else {
            self.rt_error(&format!("attempt to compare {} with {}", t1, t2))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn mixed_comparisons_are_exact() {
        let big = (1i64 << 53) + 1;
        assert!(lt_flt_int((1u64 << 53) as f64, big));
        assert!(!lt_int_flt(big, (1u64 << 53) as f64));
        assert!(le_int_flt(i64::MAX, f64::INFINITY));
        assert!(lt_int_flt(i64::MAX, 9223372036854775808.0));
        assert!(!lt_flt_int(f64::NAN, 1));
        assert!(!le_flt_int(f64::NAN, 1));
    }
}
