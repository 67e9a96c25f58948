//! Number helpers shared by the format and pack engines: Lua's float-to-integer rule and
//! `tostring` of floats (`%.14g`, plus `.0` when the result looks like an integer).

use crate::format::{format_float, Spec};

/// The integer equal to `f`, if there is one (Lua's float-to-integer conversion without
/// rounding, as `luaL_checkinteger` accepts floats).
pub fn float_to_int(f: f64) -> Option<i64> {
    // 2^63 is exact as f64; every float in [-2^63, 2^63) with no fraction fits in i64.
    if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) && f.fract() == 0.0
    {
        Some(f as i64)
    } else {
        None
    }
}

/// Appends Lua's `tostring` of a float: `%.14g`, with `.0` added when that looks like an
/// integer (`1e+15`, `inf`, `-nan` stay as they are).
pub fn fmt_number(f: f64, out: &mut Vec<u8>) {
    let start = out.len();
    let spec = Spec {
        precision: Some(14),
        ..Spec::plain(b'g')
    };
    format_float(&spec, f, out);
    if out[start..]
        .iter()
        .all(|&c| c == b'-' || c.is_ascii_digit())
    {
        out.extend_from_slice(b".0");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: f64) -> String {
        let mut v = Vec::new();
        fmt_number(f, &mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn tostring_floats_like_lua() {
        // lua5.4 -e 'print(1.0, -0.0, 0.1, 1e15, 1e100, 2^53, 1/3, -1/0, 0/0, -(0/0), 123456789012345.0)'
        assert_eq!(s(1.0), "1.0");
        assert_eq!(s(-0.0), "-0.0");
        assert_eq!(s(0.1), "0.1");
        assert_eq!(s(1e15), "1e+15");
        assert_eq!(s(1e100), "1e+100");
        assert_eq!(s(2f64.powi(53)), "9.007199254741e+15");
        assert_eq!(s(1.0 / 3.0), "0.33333333333333");
        assert_eq!(s(f64::NEG_INFINITY), "-inf");
        assert_eq!(s(-f64::NAN), "-nan");
        assert_eq!(s(f64::NAN), "nan");
        assert_eq!(s(123456789012345.0), "1.2345678901234e+14");
        assert_eq!(s(100.0), "100.0");
        assert_eq!(s(-5e-324), "-4.9406564584125e-324");
    }

    #[test]
    fn float_to_int_is_exact() {
        assert_eq!(float_to_int(3.0), Some(3));
        assert_eq!(float_to_int(-0.0), Some(0));
        assert_eq!(float_to_int(3.5), None);
        assert_eq!(float_to_int(9.223372036854776e18), None);
        assert_eq!(float_to_int(-9.223372036854776e18), Some(i64::MIN));
        assert_eq!(float_to_int(f64::NAN), None);
        assert_eq!(float_to_int(f64::INFINITY), None);
    }
}
