//! Conversions between Lua numbers and text, shared by the lexer, `tonumber`, string coercion
//! in arithmetic and `tostring`, plus `chunk_id` (PUC's `luaO_chunkid`).
//!
//! Semantics follow PUC 5.4's `luaO_str2num` / `tostringbuff` exactly. Decimal floats are
//! parsed by std (correctly rounded, like glibc's `strtod`); hex floats by our own
//! correctly-rounding reader; `%.14g` is rebuilt on std's exact `{:e}` formatting.

/// A Lua number: integer or float subtype.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

/// C's `isspace` in the "C" locale.
#[inline]
pub fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn hex_value(c: u8) -> Option<u32> {
    (c as char).to_digit(16)
}

/// Converts a string to a number with 5.4's `luaO_str2num` rules: optional leading and
/// trailing whitespace, optional sign, decimal or hex (`0x`) integers, decimal floats with
/// exponent, hex floats with binary exponent (`0x1.8p3`), `inf`/`nan` words rejected; a
/// decimal integer that overflows i64 becomes a float; a hex integer wraps around.
/// Returns `None` when the whole string is not a numeral.
pub fn str_to_number(s: &[u8]) -> Option<Number> {
    if s.contains(&0) {
        return None;
    }
    if let Some(i) = str_to_int(s) {
        return Some(Number::Int(i));
    }
    str_to_float(s).map(Number::Float)
}

/// `l_str2int`: an integer numeral, or `None` (also for decimal overflow).
fn str_to_int(s: &[u8]) -> Option<i64> {
    let mut p = 0;
    while p < s.len() && is_space(s[p]) {
        p += 1;
    }
    let mut neg = false;
    if p < s.len() && (s[p] == b'-' || s[p] == b'+') {
        neg = s[p] == b'-';
        p += 1;
    }
    let mut a: u64 = 0;
    let mut empty = true;
    if p + 1 < s.len() && s[p] == b'0' && (s[p + 1] == b'x' || s[p + 1] == b'X') {
        p += 2;
        while p < s.len() {
            let Some(d) = hex_value(s[p]) else { break };
            a = a.wrapping_mul(16).wrapping_add(d as u64);
            empty = false;
            p += 1;
        }
    } else {
        const MAXBY10: u64 = (i64::MAX / 10) as u64;
        const MAXLASTD: u64 = (i64::MAX % 10) as u64;
        while p < s.len() && s[p].is_ascii_digit() {
            let d = (s[p] - b'0') as u64;
            if a >= MAXBY10 && (a > MAXBY10 || d > MAXLASTD + neg as u64) {
                return None; // overflow: not accepted as an integer
            }
            a = a * 10 + d;
            empty = false;
            p += 1;
        }
    }
    while p < s.len() && is_space(s[p]) {
        p += 1;
    }
    if empty || p != s.len() {
        return None;
    }
    Some(if neg {
        0u64.wrapping_sub(a) as i64
    } else {
        a as i64
    })
}

/// `l_str2d`: a float numeral (rejecting `inf` and `nan`), or `None`.
fn str_to_float(s: &[u8]) -> Option<f64> {
    if s.iter().any(|&c| c == b'n' || c == b'N') {
        return None;
    }
    let (v, end) = strtod(s)?;
    let mut p = end;
    while p < s.len() && is_space(s[p]) {
        p += 1;
    }
    (p == s.len()).then_some(v)
}

/// C's `strtod` (without `inf`/`nan`): the value and the index just past the longest
/// valid prefix; `None` if no conversion could be performed.
pub fn strtod(s: &[u8]) -> Option<(f64, usize)> {
    let mut p = 0;
    while p < s.len() && is_space(s[p]) {
        p += 1;
    }
    let start = p;
    let mut neg = false;
    if p < s.len() && (s[p] == b'-' || s[p] == b'+') {
        neg = s[p] == b'-';
        p += 1;
    }
    if p + 1 < s.len() && s[p] == b'0' && (s[p + 1] == b'x' || s[p + 1] == b'X') {
        if let Some((v, end)) = hex_float(s, p + 2) {
            return Some((if neg { -v } else { v }, end));
        }
        // "0x" without hex digits: strtod reads the "0"
        return Some((if neg { -0.0 } else { 0.0 }, p + 1));
    }
    let digits_start = p;
    let mut ndigits = 0;
    while p < s.len() && s[p].is_ascii_digit() {
        p += 1;
        ndigits += 1;
    }
    if p < s.len() && s[p] == b'.' {
        p += 1;
        while p < s.len() && s[p].is_ascii_digit() {
            p += 1;
            ndigits += 1;
        }
    }
    if ndigits == 0 {
        return None;
    }
    if p < s.len() && (s[p] == b'e' || s[p] == b'E') {
        let mut q = p + 1;
        if q < s.len() && (s[q] == b'-' || s[q] == b'+') {
            q += 1;
        }
        if q < s.len() && s[q].is_ascii_digit() {
            while q < s.len() && s[q].is_ascii_digit() {
                q += 1;
            }
            p = q;
        }
    }
    let text = std::str::from_utf8(&s[digits_start..p]).ok()?;
    let v: f64 = text.parse().ok()?;
    let _ = start;
    Some((if neg { -v } else { v }, p))
}

/// Reads the hex digits (with optional `.` and `p` exponent) of a hex float starting at
/// `p` (just after `0x`). `None` when there is no hex digit.
fn hex_float(s: &[u8], mut p: usize) -> Option<(f64, usize)> {
    let mut mant: u64 = 0;
    let mut exp: i64 = 0; // binary exponent adjustment
    let mut sticky = false;
    let mut any = false;
    let mut seen_dot = false;
    loop {
        if p >= s.len() {
            break;
        }
        let c = s[p];
        if c == b'.' && !seen_dot {
            seen_dot = true;
            p += 1;
            continue;
        }
        let Some(d) = hex_value(c) else { break };
        any = true;
        if mant >> 60 == 0 {
            mant = mant * 16 + d as u64;
            if seen_dot {
                exp -= 4;
            }
        } else {
            sticky |= d != 0;
            if !seen_dot {
                exp += 4;
            }
        }
        p += 1;
    }
    if !any {
        return None;
    }
    if p < s.len() && (s[p] == b'p' || s[p] == b'P') {
        let mut q = p + 1;
        let mut eneg = false;
        if q < s.len() && (s[q] == b'-' || s[q] == b'+') {
            eneg = s[q] == b'-';
            q += 1;
        }
        if q < s.len() && s[q].is_ascii_digit() {
            let mut e: i64 = 0;
            while q < s.len() && s[q].is_ascii_digit() {
                e = (e * 10 + (s[q] - b'0') as i64).min(1 << 40);
                q += 1;
            }
            exp += if eneg { -e } else { e };
            p = q;
        }
    }
    Some((scale_bin(mant | sticky as u64, exp), p))
}

/// `m * 2^e`, correctly rounded (round half to even); `m`'s lowest bit may be a sticky bit.
fn scale_bin(m: u64, e: i64) -> f64 {
    if m == 0 {
        return 0.0;
    }
    let lz = m.leading_zeros() as i64;
    let m = m << lz;
    let e = e - lz;
    let big_e = e + 63; // value = 1.xxx * 2^big_e
    if big_e > 1023 {
        return f64::INFINITY;
    }
    // number of low bits of m to drop
    let shift: i64 = if big_e >= -1022 {
        11
    } else {
        11 + (-1022 - big_e)
    };
    if shift > 64 {
        return 0.0;
    }
    let (kept, rest_half, rest_sticky) = if shift == 64 {
        (0u64, m >> 63 != 0, m << 1 != 0)
    } else {
        let kept = m >> shift;
        let dropped = m & ((1u64 << shift) - 1);
        let half = 1u64 << (shift - 1);
        (kept, dropped & half != 0, dropped & (half - 1) != 0)
    };
    let mut kept = kept;
    if rest_half && (rest_sticky || kept & 1 != 0) {
        kept += 1;
    }
    if big_e >= -1022 {
        let mut be = big_e;
        if kept == 1 << 53 {
            kept >>= 1;
            be += 1;
            if be > 1023 {
                return f64::INFINITY;
            }
        }
        let bits = (((be + 1023) as u64) << 52) | (kept & ((1 << 52) - 1));
        f64::from_bits(bits)
    } else {
        // subnormal (kept may have rounded up into the smallest normal: the bits still work)
        f64::from_bits(kept)
    }
}

/// Appends the text of a float as `tostring` gives it: C's `%.14g`, plus `.0` when the result
/// looks like an integer (`1e+15` stays as is, `3` becomes `3.0`); `inf`, `-inf`, `nan`,
/// `-nan` as glibc prints them.
pub fn fmt_float(f: f64, out: &mut Vec<u8>) {
    let start = out.len();
    fmt_g(f, 14, out);
    if out[start..]
        .iter()
        .all(|&c| c == b'-' || c.is_ascii_digit())
    {
        out.extend_from_slice(b".0");
    }
}

/// C's `printf("%.<prec>g", f)` as glibc prints it.
pub fn fmt_g(f: f64, prec: usize, out: &mut Vec<u8>) {
    if f.is_nan() {
        out.extend_from_slice(if f.is_sign_negative() {
            b"-nan"
        } else {
            b"nan"
        });
        return;
    }
    if f.is_infinite() {
        out.extend_from_slice(if f < 0.0 { b"-inf" } else { b"inf" });
        return;
    }
    let p = prec.max(1);
    let e_text = format!("{:.*e}", p - 1, f);
    let epos = e_text.rfind('e').unwrap_or(e_text.len());
    let x: i64 = e_text[epos + 1..].parse().unwrap_or(0);
    if x < p as i64 && x >= -4 {
        let decimals = (p as i64 - 1 - x) as usize;
        let text = format!("{:.*}", decimals, f);
        out.extend_from_slice(strip_zeros(&text).as_bytes());
    } else {
        let mant = strip_zeros(&e_text[..epos]);
        out.extend_from_slice(mant.as_bytes());
        out.push(b'e');
        out.push(if x < 0 { b'-' } else { b'+' });
        let ax = x.unsigned_abs();
        if ax < 10 {
            out.push(b'0');
        }
        out.extend_from_slice(ax.to_string().as_bytes());
    }
}

/// Removes trailing zeros after a decimal point, and the point itself if nothing follows.
fn strip_zeros(s: &str) -> &str {
    if !s.contains('.') {
        return s;
    }
    let t = s.trim_end_matches('0');
    t.strip_suffix('.').unwrap_or(t)
}

/// Appends the decimal text of an integer.
pub fn fmt_int(i: i64, out: &mut Vec<u8>) {
    out.extend_from_slice(i.to_string().as_bytes());
}

/// `LUA_IDSIZE`: size of a chunk id including the terminating NUL.
pub const LUA_IDSIZE: usize = 60;

/// The chunk id used in messages (`luaO_chunkid`): `@file` → the file name (long names keep
/// their end, prefixed by `...`), `=name` → the name (truncated), else
/// `[string "first line..."]`. As text; [`chunk_id_bytes`] keeps the bytes.
pub fn chunk_id(source: &[u8]) -> String {
    String::from_utf8_lossy(&chunk_id_bytes(source)).into_owned()
}

/// [`chunk_id`] as bytes (chunk names are Lua strings: any bytes).
pub fn chunk_id_bytes(source: &[u8]) -> Vec<u8> {
    // C stops at a NUL
    let source = match source.iter().position(|&c| c == 0) {
        Some(n) => &source[..n],
        None => source,
    };
    let srclen = source.len();
    let mut out: Vec<u8> = Vec::with_capacity(LUA_IDSIZE);
    match source.first() {
        Some(b'=') => {
            let body = &source[1..];
            if srclen <= LUA_IDSIZE {
                out.extend_from_slice(body);
            } else {
                out.extend_from_slice(&body[..LUA_IDSIZE - 1]);
            }
        }
        Some(b'@') => {
            let body = &source[1..];
            if srclen <= LUA_IDSIZE {
                out.extend_from_slice(body);
            } else {
                out.extend_from_slice(b"...");
                let keep = LUA_IDSIZE - 3 - 1; // the copied tail includes C's NUL
                out.extend_from_slice(&body[body.len() - keep..]);
            }
        }
        _ => {
            let nl = source.iter().position(|&c| c == b'\n');
            out.extend_from_slice(b"[string \"");
            let bufflen = LUA_IDSIZE - (9 + 3 + 2) - 1;
            let len = source.len();
            if len < bufflen && nl.is_none() {
                out.extend_from_slice(source);
            } else {
                let mut n = nl.unwrap_or(len);
                if n > bufflen {
                    n = bufflen;
                }
                out.extend_from_slice(&source[..n]);
                out.extend_from_slice(b"...");
            }
            out.extend_from_slice(b"\"]");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64) -> String {
        let mut v = Vec::new();
        fmt_float(x, &mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn float_formatting_matches_lua54() {
        // expected values from `lua5.4 -e 'print(...)'`
        let cases: &[(f64, &str)] = &[
            (1e15, "1e+15"),
            (1e14, "1e+14"),
            (2f64.powi(53), "9.007199254741e+15"),
            (0.1, "0.1"),
            (-0.0, "-0.0"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (1e100, "1e+100"),
            (123456789012345.0, "1.2345678901234e+14"),
            (3.0, "3.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (2f64.powi(63), "9.2233720368548e+18"),
            (std::f64::consts::PI, "3.1415926535898"),
            (-1.5e-7, "-1.5e-07"),
            (100.0, "100.0"),
            (0.5, "0.5"),
            (1e300, "1e+300"),
            (5e-324, "4.9406564584125e-324"),
        ];
        for (x, s) in cases {
            assert_eq!(f(*x), *s, "formatting {x:e}");
        }
        assert_eq!(f(f64::NAN.copysign(-1.0)), "-nan");
        assert_eq!(f(f64::NAN.copysign(1.0)), "nan");
    }

    #[test]
    fn str_to_number_matches_lua54() {
        use Number::*;
        let cases: &[(&str, Option<Number>)] = &[
            ("0x1p4", Some(Float(16.0))),
            (" 10 ", Some(Int(10))),
            ("9223372036854775807", Some(Int(i64::MAX))),
            ("9223372036854775808", Some(Float(9223372036854775808.0))),
            ("-9223372036854775808", Some(Int(i64::MIN))),
            ("-9223372036854775809", Some(Float(-9223372036854775808.0))),
            ("0xffffffffffffffffff", Some(Int(-1))),
            ("1e", None),
            ("inf", None),
            ("nan", None),
            (".5", Some(Float(0.5))),
            ("5.", Some(Float(5.0))),
            ("0x.8", Some(Float(0.5))),
            ("0x", None),
            ("", None),
            ("  ", None),
            ("1 2", None),
            ("0x1P-1", Some(Float(0.5))),
            ("- 1", None),
            ("-0x10", Some(Int(-16))),
            ("1e400", Some(Float(f64::INFINITY))),
            ("0x1.fffffffffffff8p0", Some(Float(2.0))),
            ("0xA", Some(Int(10))),
            ("1E+2", Some(Float(100.0))),
            ("\t-3.25e-1\n", Some(Float(-0.325))),
            ("0x1.8", Some(Float(1.5))),
            ("1e+", None),
            ("+5", Some(Int(5))),
            ("0x10p", None),
            ("1\0", None),
            ("0x1p-1074", Some(Float(5e-324))),
            ("0x1p-1075", Some(Float(0.0))),
            ("0x1.8p-1074", Some(Float(1e-323))),
            ("0x1.4p-1074", Some(Float(5e-324))),
            ("0x1p1024", Some(Float(f64::INFINITY))),
            ("0x123456789abcdef0123p0", Some(Float(5.373003642731685e21))),
        ];
        for (s, want) in cases {
            assert_eq!(str_to_number(s.as_bytes()), *want, "converting {s:?}");
        }
    }

    #[test]
    fn chunk_ids() {
        assert_eq!(chunk_id(b"@test.lua"), "test.lua");
        assert_eq!(chunk_id(b"=stdin"), "stdin");
        assert_eq!(chunk_id(b"print(1)"), "[string \"print(1)\"]");
        assert_eq!(chunk_id(b"x=1\ny=2"), "[string \"x=1...\"]");
        let long = "a".repeat(100);
        assert_eq!(
            chunk_id(long.as_bytes()),
            format!("[string \"{}...\"]", "a".repeat(45))
        );
        let long44 = "b".repeat(44);
        assert_eq!(
            chunk_id(long44.as_bytes()),
            format!("[string \"{long44}\"]")
        );
        let long45 = "b".repeat(45);
        assert_eq!(
            chunk_id(long45.as_bytes()),
            format!("[string \"{long45}...\"]")
        );
        let file = format!("@{}/x.lua", "d".repeat(80));
        let id = chunk_id(file.as_bytes());
        assert!(id.starts_with("...") && id.ends_with("/x.lua"));
        assert_eq!(id.len(), 59);
        let file59 = format!("@{}", "d".repeat(59));
        assert_eq!(chunk_id(file59.as_bytes()), "d".repeat(59));
        let file60 = format!("@{}", "d".repeat(60));
        assert_eq!(
            chunk_id(file60.as_bytes()),
            format!("...{}", "d".repeat(56))
        );
        let name = format!("={}", "n".repeat(80));
        assert_eq!(chunk_id(name.as_bytes()), "n".repeat(59));
    }
}
