//! Conversions between Lua numbers and text, shared by the lexer, `tonumber`, string coercion
//! in arithmetic and `tostring`.
//!
//! Semantics follow PUC 5.4's `luaO_str2num` / `tostringbuff` exactly.

/// A Lua number: integer or float subtype.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

/// Converts a string to a number with 5.4's `luaO_str2num` rules: optional leading and
/// trailing whitespace, optional sign, decimal or hex (`0x`) integers, decimal floats with
/// exponent, hex floats with binary exponent (`0x1.8p3`), `inf`/`nan` words rejected; a
/// decimal integer that overflows i64 becomes a float; a hex integer wraps around.
/// Returns `None` when the whole string is not a numeral.
pub fn str_to_number(s: &[u8]) -> Option<Number> {
    let _ = s;
    todo!("frontend helper implements")
}

/// Appends the text of a float as `tostring` gives it: C's `%.14g`, plus `.0` when the result
/// looks like an integer (`1e+15` stays as is, `3` becomes `3.0`); `inf`, `-inf`, `nan`,
/// `-nan` as glibc prints them.
pub fn fmt_float(f: f64, out: &mut Vec<u8>) {
    let _ = (f, out);
    todo!("frontend helper implements")
}

/// Appends the decimal text of an integer.
pub fn fmt_int(i: i64, out: &mut Vec<u8>) {
    out.extend_from_slice(i.to_string().as_bytes());
}
