//! Float conversions of `printf` (`%e %E %f %F %g %G %a %A`), byte-exact with glibc.
//!
//! Doubles nearest to a decimal of at most 15 digits (`0.1`, `-12345.671875`) get their
//! digits by integer arithmetic when that is provably the correctly rounded answer
//! (`short_decimal`). Other decimal digits come from std's float formatting, which is exact: the shortest
//! round-trip form (`{:e}`) when it already has few enough digits to be the correctly
//! rounded answer, else the exact fixed-precision form (`{:.Ne}`, `{:.N}`). They are then
//! laid out as C does. `%a` is built from the bits, rounding ties to even like glibc (the
//! leading digit may become 2). Nothing allocates except the output vector.

use crate::format::{pad, Spec};
use std::fmt::Write;

/// A stack buffer for one formatted number or its digits (the longest output is `%.99f`
/// of 1.8e308: 409 bytes; digit strings stay under 128).
struct Buf<const N: usize = 128> {
    b: [u8; N],
    n: usize,
}

/// Buffer for a whole conversion.
type BodyBuf = Buf<448>;

impl<const N: usize> Buf<N> {
    fn new() -> Self {
        Buf { b: [0; N], n: 0 }
    }
    fn bytes(&self) -> &[u8] {
        &self.b[..self.n]
    }
    fn push(&mut self, c: u8) {
        if self.n < self.b.len() {
            self.b[self.n] = c;
            self.n += 1;
        }
    }
}

impl<const N: usize> Write for Buf<N> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.n + s.len();
        if end > self.b.len() {
            return Err(std::fmt::Error);
        }
        self.b[self.n..end].copy_from_slice(s.as_bytes());
        self.n = end;
        Ok(())
    }
}

/// Splits std's `{:e}` output (`d.ddde-7`, `de5`) into `digits` and the exponent.
fn split_exp<const N: usize>(s: &[u8], digits: &mut Buf<N>) -> i32 {
    let e = s.iter().position(|&c| c == b'e').unwrap_or(s.len());
    for &c in &s[..e] {
        if c != b'.' {
            digits.push(c);
        }
    }
    let (neg, exp) = match s.get(e + 1..) {
        Some([b'-', rest @ ..]) => (true, rest),
        Some(rest) => (false, rest),
        None => (false, &[][..]),
    };
    let v = exp
        .iter()
        .fold(0i32, |v, &d| v * 10 + (d.wrapping_sub(b'0') as i32));
    if neg {
        -v
    } else {
        v
    }
}

/// Shortest round-trip digits of a normal `a > 0` and the exponent of the first digit.
fn shortest(a: f64, digits: &mut Buf) -> Option<i32> {
    if !a.is_normal() {
        return None; // zero and subnormals: the bound below does not hold
    }
    let mut s = Buf::<32>::new();
    write!(s, "{a:e}").ok()?;
    Some(split_exp(s.bytes(), digits))
}

/// `a` correctly rounded to `p` significant digits, derived from its shortest form `d`
/// (exponent `x`) when that is provably right, else `None`.
///
/// For a normal double, `|a - d|` is at most half an ulp, below `1.12e-16 * 10^(x+1)`,
/// which is under 1.12 units of the 16th digit. So padding `d` with zeros is exact for
/// `p <= 15`, and rounding `d` gives the same result as rounding `a` unless `d`'s tail is
/// within that distance of the halfway point. A carry out of the first digit gives `1000...`
/// with the exponent raised, keeping `p` digits, or `p + 1` when `grow` (fixed notation).
fn digits_from_shortest(d: &[u8], x: i32, p: i32, grow: bool, out: &mut Buf) -> Option<i32> {
    let k = d.len() as i32;
    if p < 1 {
        return None;
    }
    if p >= k {
        if p > 15 {
            return None;
        }
        for &c in d {
            out.push(c);
        }
        for _ in k..p {
            out.push(b'0');
        }
        return Some(x);
    }
    let tail = &d[p as usize..];
    let t = tail.iter().fold(0u64, |v, &c| v * 10 + (c - b'0') as u64);
    let half = 5 * 10u64.pow(tail.len() as u32 - 1);
    let margin = match k {
        17 => 12,
        16 => 2,
        _ => 1,
    };
    if t.abs_diff(half) < margin {
        return None;
    }
    let head = &d[..p as usize];
    if t < half {
        for &c in head {
            out.push(c);
        }
        return Some(x);
    }
    match head.iter().rposition(|&c| c != b'9') {
        Some(i) => {
            for &c in &head[..i] {
                out.push(c);
            }
            out.push(head[i] + 1);
            for _ in i + 1..head.len() {
                out.push(b'0');
            }
            Some(x)
        }
        None => {
            out.push(b'1');
            for _ in 1..p + grow as i32 {
                out.push(b'0');
            }
            Some(x + 1)
        }
    }
}

/// Powers of ten that are exact doubles.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// `sig_digits` for the common case of a normal `a > 0` that is the double nearest to a
/// decimal `D = N * 10^-k` with at most `p <= 15` significant digits (`0.1`, `-12345.671875`,
/// `3`): `N` is found as an integral `a * 10^k` below 10^15 and checked by dividing back
/// (both powers exact, the quotient correctly rounded). Then the exact value of `a` is
/// within half an ulp (relative 1.2e-16) of `D`, far inside half a unit of its `p`-th digit
/// (relative 5e-16 at least), so `D` padded with zeros is `a` rounded to `p` digits. `None`
/// otherwise (std's digits then).
fn short_decimal(a: f64, p: usize, digits: &mut Buf) -> Option<i32> {
    if p > 15 || !a.is_normal() {
        return None;
    }
    for (k, &pow) in POW10.iter().enumerate() {
        let m = a * pow;
        if m >= 1e15 {
            return None;
        }
        if m == m.trunc() {
            if m / pow != a {
                return None;
            }
            let mut b = [0u8; 20];
            let mut i = b.len();
            let mut n = m as u64;
            while n > 0 {
                i -= 1;
                b[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
            let nd = b.len() - i;
            if nd > p {
                return None;
            }
            for &c in &b[i..] {
                digits.push(c);
            }
            for _ in nd..p {
                digits.push(b'0');
            }
            return Some(nd as i32 - 1 - k as i32);
        }
    }
    None
}

/// `a` (finite, >= 0) rounded to `p >= 1` significant digits: fills exactly `p` digits and
/// returns the decimal exponent of the first.
fn sig_digits(a: f64, p: usize, digits: &mut Buf) -> i32 {
    if let Some(x) = short_decimal(a, p, digits) {
        return x;
    }
    let mut short: Buf = Buf::new();
    if let Some(x) = shortest(a, &mut short) {
        if let Some(x) = digits_from_shortest(short.bytes(), x, p as i32, false, digits) {
            return x;
        }
    }
    let mut s: Buf = Buf::new();
    let prec = p - 1;
    if write!(s, "{a:.prec$e}").is_err() {
        return 0; // unreachable: p <= 100 fits the buffer
    }
    split_exp(s.bytes(), digits)
}

/// `d.ddd` + `e+XX` from `p` digits and exponent `x`.
fn layout_exp(d: &[u8], x: i32, hash: bool, upper: bool, out: &mut BodyBuf) {
    out.push(d[0]);
    if d.len() > 1 || hash {
        out.push(b'.');
    }
    for &c in &d[1..] {
        out.push(c);
    }
    out.push(if upper { b'E' } else { b'e' });
    out.push(if x < 0 { b'-' } else { b'+' });
    let ax = x.unsigned_abs();
    if ax < 10 {
        out.push(b'0');
    }
    let _ = write!(out, "{ax}");
}

/// Fixed notation from digits `d` whose first has exponent `x` (all digits are printed:
/// the fraction gets `d.len() - 1 - x` of them).
fn layout_fixed(d: &[u8], x: i32, hash: bool, out: &mut BodyBuf) {
    if x >= 0 {
        let int_len = (x as usize + 1).min(d.len());
        for &c in &d[..int_len] {
            out.push(c);
        }
        for _ in d.len()..x as usize + 1 {
            out.push(b'0');
        }
        if int_len < d.len() || hash {
            out.push(b'.');
        }
        for &c in &d[int_len..] {
            out.push(c);
        }
    } else {
        out.push(b'0');
        out.push(b'.');
        for _ in 0..(-x - 1) {
            out.push(b'0');
        }
        for &c in d {
            out.push(c);
        }
    }
}

/// `%g` without `#`: drop trailing zeros of the fraction, and the point if nothing is left.
fn strip_fraction_zeros(body: &mut BodyBuf) {
    let b = body.bytes();
    let Some(dot) = b.iter().position(|&c| c == b'.') else {
        return;
    };
    let end = b[dot..]
        .iter()
        .position(|&c| c == b'e' || c == b'E')
        .map_or(b.len(), |e| dot + e);
    let mut cut = end;
    while cut > dot + 1 && b[cut - 1] == b'0' {
        cut -= 1;
    }
    if cut == dot + 1 {
        cut = dot;
    }
    let n = body.n;
    body.b.copy_within(end..n, cut);
    body.n = n - (end - cut);
}

/// `%f` of `a >= 0` finite.
fn fixed(a: f64, prec: usize, hash: bool, out: &mut BodyBuf) {
    let mut short: Buf = Buf::new();
    if let (Some(x), Ok(pr)) = (shortest(a, &mut short), i32::try_from(prec)) {
        let mut d: Buf = Buf::new();
        // The answer has x + 1 + prec significant digits.
        let p = x.saturating_add(1).saturating_add(pr);
        if let Some(x) = digits_from_shortest(short.bytes(), x, p, true, &mut d) {
            layout_fixed(d.bytes(), x, hash, out);
            return;
        }
    }
    if write!(out, "{a:.prec$}").is_ok() && prec == 0 && hash {
        out.push(b'.');
    }
}

/// A float conversion (`e E f F g G a A`) of `x` as glibc's `printf` prints it.
/// Precisions above 99 (which Lua's format strings cannot express) are treated as 99.
pub fn format_float(spec: &Spec, x: f64, out: &mut Vec<u8>) {
    let spec = &Spec {
        precision: spec.precision.map(|p| p.min(99)),
        ..*spec
    };
    let upper = spec.conv.is_ascii_uppercase();
    let sign: &[u8] = if x.is_sign_negative() {
        b"-"
    } else if spec.plus {
        b"+"
    } else if spec.space {
        b" "
    } else {
        b""
    };
    if !x.is_finite() {
        let body: &[u8] = match (x.is_nan(), upper) {
            (true, false) => b"nan",
            (true, true) => b"NAN",
            (false, false) => b"inf",
            (false, true) => b"INF",
        };
        pad(out, spec, sign, body, false);
        return;
    }
    let a = x.abs();
    let mut body = BodyBuf::new();
    match spec.conv.to_ascii_lowercase() {
        b'a' => {
            let mut prefix = Buf::<4>::new();
            for &c in sign {
                prefix.push(c);
            }
            prefix.push(b'0');
            prefix.push(if upper { b'X' } else { b'x' });
            hex_float_body(a, spec.precision, spec.hash, upper, &mut body);
            pad(out, spec, prefix.bytes(), body.bytes(), true);
            return;
        }
        b'e' => {
            let mut d: Buf = Buf::new();
            let x = sig_digits(a, spec.precision.unwrap_or(6) + 1, &mut d);
            layout_exp(d.bytes(), x, spec.hash, upper, &mut body);
        }
        b'f' => fixed(a, spec.precision.unwrap_or(6), spec.hash, &mut body),
        _ => {
            let p = match spec.precision {
                None => 6,
                Some(0) => 1,
                Some(p) => p,
            };
            let mut d: Buf = Buf::new();
            let x = sig_digits(a, p, &mut d);
            if x < -4 || x >= p as i32 {
                layout_exp(d.bytes(), x, spec.hash, upper, &mut body);
            } else {
                layout_fixed(d.bytes(), x, spec.hash, &mut body);
            }
            if !spec.hash {
                strip_fraction_zeros(&mut body);
            }
        }
    }
    pad(out, spec, sign, body.bytes(), true);
}

/// Mantissa and exponent of `%a` after the `0x` prefix, for `a >= 0` finite.
fn hex_float_body(a: f64, prec: Option<usize>, hash: bool, upper: bool, out: &mut BodyBuf) {
    let bits = a.to_bits();
    let biased = (bits >> 52) & 0x7ff;
    let frac = bits & ((1u64 << 52) - 1);
    let (lead, exp): (u64, i32) = match (biased, frac) {
        (0, 0) => (0, 0),
        (0, _) => (0, -1022),
        _ => (1, biased as i32 - 1023),
    };
    let mut m = (lead << 52) | frac;
    let ndigits = match prec {
        Some(p) => p,
        None if frac == 0 => 0,
        None => 13 - (frac.trailing_zeros() / 4) as usize,
    };
    let kept = ndigits.min(13);
    if kept < 13 {
        let shift = (13 - kept) * 4;
        let rem = m & ((1u64 << shift) - 1);
        let half = 1u64 << (shift - 1);
        m >>= shift;
        if rem > half || (rem == half && m & 1 == 1) {
            m += 1;
        }
    }
    let digits = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let _ = write!(out, "{}", m >> (kept * 4));
    if ndigits > 0 || hash {
        out.push(b'.');
    }
    for k in (0..kept).rev() {
        out.push(digits[((m >> (k * 4)) & 0xf) as usize]);
    }
    for _ in kept..ndigits {
        out.push(b'0');
    }
    out.push(if upper { b'P' } else { b'p' });
    let _ = write!(out, "{exp:+}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact_e(a: f64, p: usize) -> (Vec<u8>, i32) {
        let mut s: Buf = Buf::new();
        write!(s, "{a:.*e}", p - 1).unwrap();
        let mut d: Buf = Buf::new();
        let x = split_exp(s.bytes(), &mut d);
        (d.bytes().to_vec(), x)
    }

    /// The shortcut through the shortest digits must agree with exact rounding everywhere.
    #[test]
    fn shortest_shortcut_matches_exact_rounding() {
        let mut seed = 0x1234_5678_9ABC_DEF1u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut checked = 0;
        for i in 0..60_000 {
            let r = next();
            // Random bit patterns, short decimals (near ties), and halves of integers.
            let a = match i % 3 {
                0 => f64::from_bits(r >> 1),
                1 => (r % 100_000_000) as f64 / 10f64.powi((r >> 40) as i32 % 12),
                _ => (r % 1_000_000) as f64 + 0.5,
            };
            if !a.is_normal() {
                continue;
            }
            let mut short: Buf = Buf::new();
            let x = shortest(a, &mut short).unwrap();
            for p in 1..=17 {
                let mut d: Buf = Buf::new();
                if let Some(fx) = digits_from_shortest(short.bytes(), x, p, false, &mut d) {
                    checked += 1;
                    assert_eq!(
                        (d.bytes(), fx),
                        (&exact_e(a, p as usize).0[..], exact_e(a, p as usize).1),
                        "{a:e} p={p}"
                    );
                }
            }
            for prec in [0usize, 1, 2, 3, 6, 9, 14] {
                let mut fast = BodyBuf::new();
                fixed(a, prec, false, &mut fast);
                assert_eq!(
                    fast.bytes(),
                    format!("{a:.prec$}").as_bytes(),
                    "{a:e} .{prec}f"
                );
            }
        }
        assert!(checked > 100_000);
    }

    /// The short-decimal path agrees with exact rounding, and is taken for such decimals.
    #[test]
    fn short_decimal_matches_exact_rounding() {
        let mut seed = 0x0F1E_2D3C_4B5A_6978u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut taken = 0;
        for i in 0..200_000 {
            let r = next();
            let a = match i % 4 {
                0 => f64::from_bits(r >> 1),
                1 => (r % 100_000_000_000_000) as f64 / 10f64.powi((r >> 50) as i32 % 16),
                2 => (r % 2_000_000) as f64 / 64.0,
                _ => ((r % 1_000_000_000_000_000) as f64) * 10f64.powi((r >> 52) as i32 % 9),
            };
            for p in 1..=17 {
                let mut d: Buf = Buf::new();
                if let Some(x) = short_decimal(a, p, &mut d) {
                    taken += 1;
                    assert_eq!((d.bytes().to_vec(), x), exact_e(a, p), "{a:e} p={p}");
                }
            }
        }
        assert!(taken > 200_000, "{taken}");
    }
}
