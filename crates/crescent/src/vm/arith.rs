//! Number semantics: int/float conversions, string→number coercion, the integer and float
//! arithmetic of `lvm.c` (`luaV_mod`, `luaV_idiv`, `luaV_shiftl`, `luai_nummod`, ...) and
//! `luaO_rawarith`. Safe code only.

use crate::value::*;
use crate::vm::TM;
use crescent_frontend::number::{self, Number};

/// Float→integer rounding modes (`F2Imod`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum F2I {
    Eq,
    Floor,
    Ceil,
}

/// `luaV_flttointns`.
#[inline]
pub fn flt_to_int(n: f64, mode: F2I) -> Option<i64> {
    let mut f = n.floor();
    if n != f {
        match mode {
            F2I::Eq => return None,
            F2I::Ceil => f += 1.0,
            F2I::Floor => {}
        }
    }
    if f >= -9223372036854775808.0 && f < 9223372036854775808.0 {
        Some(f as i64)
    } else {
        None
    }
}

#[inline(always)]
pub fn flt_to_int_eq(n: f64) -> Option<i64> {
    flt_to_int(n, F2I::Eq)
}

/// `tonumberns`: numbers only, as a float.
#[inline(always)]
pub fn to_num_ns(v: Value) -> Option<f64> {
    match v.tt {
        T_FLT => Some(v.as_flt()),
        T_INT => Some(v.as_int() as f64),
        _ => None,
    }
}

/// `tointegerns` (no strings), exact conversion.
#[inline(always)]
pub fn to_int_ns(v: Value) -> Option<i64> {
    match v.tt {
        T_INT => Some(v.as_int()),
        T_FLT => flt_to_int_eq(v.as_flt()),
        _ => None,
    }
}

/// `l_strton`: a string that is a numeral, as a number value.
pub fn str_to_number(s: &[u8]) -> Option<Value> {
    match number::str_to_number(s)? {
        Number::Int(i) => Some(Value::int(i)),
        Number::Float(f) => Some(Value::flt(f)),
    }
}

/// `tonumber` with string coercion, keeping the subtype.
pub fn to_number_value(v: Value) -> Option<Value> {
    match v.tt {
        T_INT | T_FLT => Some(v),
        T_SHRSTR | T_LNGSTR => str_to_number(v.str_bytes()),
        _ => None,
    }
}

/// `luaV_tonumber_`: with string coercion, as a float.
pub fn to_number(v: Value) -> Option<f64> {
    to_num_ns(to_number_value(v)?)
}

/// `luaV_tointeger` (with string coercion) in the given mode.
pub fn to_integer(v: Value, mode: F2I) -> Option<i64> {
    let v = to_number_value(v)?;
    match v.tt {
        T_INT => Some(v.as_int()),
        _ => flt_to_int(v.as_flt(), mode),
    }
}

pub const ERR_MOD_ZERO: &str = "attempt to perform 'n%0'";
pub const ERR_IDIV_ZERO: &str = "attempt to divide by zero";

#[inline]
pub fn imod(m: i64, n: i64) -> Result<i64, &'static str> {
    if (n as u64).wrapping_add(1) <= 1 {
        if n == 0 {
            return Err(ERR_MOD_ZERO);
        }
        Ok(0)
    } else {
        let r = m % n;
        Ok(if r != 0 && (r ^ n) < 0 { r + n } else { r })
    }
}

#[inline]
pub fn idiv(m: i64, n: i64) -> Result<i64, &'static str> {
    if (n as u64).wrapping_add(1) <= 1 {
        if n == 0 {
            return Err(ERR_IDIV_ZERO);
        }
        Ok(0i64.wrapping_sub(m))
    } else {
        let q = m / n;
        Ok(if (m ^ n) < 0 && m % n != 0 { q - 1 } else { q })
    }
}

#[inline]
pub fn fmod(m: f64, n: f64) -> f64 {
    let r = m % n;
    if if r > 0.0 { n < 0.0 } else { r < 0.0 && n > 0.0 } {
        r + n
    } else {
        r
    }
}

#[inline]
pub fn fidiv(m: f64, n: f64) -> f64 {
    (m / n).floor()
}

#[inline]
pub fn fpow(a: f64, b: f64) -> f64 {
    if b == 2.0 {
        a * a
    } else {
        a.powf(b)
    }
}

#[inline]
pub fn shiftl(x: i64, y: i64) -> i64 {
    if y < 0 {
        if y <= -64 {
            0
        } else {
            ((x as u64) >> (-y) as u32) as i64
        }
    } else if y >= 64 {
        0
    } else {
        ((x as u64) << y as u32) as i64
    }
}

/// Integer arithmetic for an arithmetic/bitwise event.
pub fn int_arith(op: TM, a: i64, b: i64) -> Result<i64, &'static str> {
    Ok(match op {
        TM::Add => a.wrapping_add(b),
        TM::Sub => a.wrapping_sub(b),
        TM::Mul => a.wrapping_mul(b),
        TM::Mod => imod(a, b)?,
        TM::IDiv => idiv(a, b)?,
        TM::BAnd => a & b,
        TM::BOr => a | b,
        TM::BXor => a ^ b,
        TM::Shl => shiftl(a, b),
        TM::Shr => shiftl(a, b.wrapping_neg()),
        TM::Unm => 0i64.wrapping_sub(a),
        TM::BNot => !a,
        _ => unreachable!("int_arith"),
    })
}

pub fn flt_arith(op: TM, a: f64, b: f64) -> f64 {
    match op {
        TM::Add => a + b,
        TM::Sub => a - b,
        TM::Mul => a * b,
        TM::Div => a / b,
        TM::Pow => fpow(a, b),
        TM::IDiv => fidiv(a, b),
        TM::Mod => fmod(a, b),
        TM::Unm => -a,
        _ => unreachable!("flt_arith"),
    }
}

pub fn is_bitwise(op: TM) -> bool {
    matches!(
        op,
        TM::BAnd | TM::BOr | TM::BXor | TM::Shl | TM::Shr | TM::BNot
    )
}

/// `luaO_rawarith`: `None` when the operands do not fit the operation.
pub fn raw_arith(op: TM, p1: Value, p2: Value) -> Option<Result<Value, &'static str>> {
    if is_bitwise(op) {
        let a = to_int_ns(p1)?;
        let b = to_int_ns(p2)?;
        return Some(int_arith(op, a, b).map(Value::int));
    }
    if matches!(op, TM::Div | TM::Pow) {
        return Some(Ok(Value::flt(flt_arith(
            op,
            to_num_ns(p1)?,
            to_num_ns(p2)?,
        ))));
    }
    if p1.tt == T_INT && p2.tt == T_INT {
        return Some(int_arith(op, p1.as_int(), p2.as_int()).map(Value::int));
    }
    Some(Ok(Value::flt(flt_arith(
        op,
        to_num_ns(p1)?,
        to_num_ns(p2)?,
    ))))
}

/// Appends the `tostring` text of a number.
pub fn fmt_number(v: Value, out: &mut Vec<u8>) {
    if v.tt == T_INT {
        number::fmt_int(v.as_int(), out)
    } else {
        number::fmt_float(v.as_flt(), out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn int_division_semantics() {
        assert_eq!(imod(-5, 3), Ok(1));
        assert_eq!(imod(5, -3), Ok(-1));
        assert_eq!(imod(i64::MIN, -1), Ok(0));
        assert_eq!(idiv(-7, 2), Ok(-4));
        assert_eq!(idiv(i64::MIN, -1), Ok(i64::MIN));
        assert!(idiv(1, 0).is_err());
        assert_eq!(fmod(-5.0, 3.0), 1.0);
        assert_eq!(fmod(5.0, -3.0), -1.0);
        assert_eq!(shiftl(1, 63), i64::MIN);
        assert_eq!(shiftl(-1, -63), 1);
        assert_eq!(flt_to_int(3.5, F2I::Ceil), Some(4));
        assert_eq!(flt_to_int(9.3e18, F2I::Eq), None);
    }
}
