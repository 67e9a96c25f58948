//! The engine of Lua 5.4's `string.format` (as `lua5.4` 5.4.4 behaves), in pure Rust.
//!
//! [`format()`] walks a format string, asks a [`FormatArgs`] provider for each argument in
//! the order PUC Lua converts them (so errors come out in the same order), and appends the
//! result. Conversions print exactly what glibc's `printf` prints: integers and `%c`/`%s`/
//! `%p` are direct, floats use std's exact decimal conversion (`{:.N}` / `{:.Ne}`) reshaped to
//! C's layout, and `%a` is built from the bits with glibc's rounding (ties to even, leading
//! digit may become 2). The per-conversion functions ([`Spec`], [`format_integer`],
//! [`format_float`], [`quote_string`], ...) are public for callers with their own loop.

use std::borrow::Cow;
use std::fmt;

pub use crate::float::format_float;

/// `MAX_FORMAT` of `lstrlib.c`: a spec of 21 or more flag/digit/dot bytes is "too long".
const MAX_FORMAT: usize = 32;
const FLAGS_F: &[u8] = b"-+ #0";
const FLAGS_X: &[u8] = b"-#0";
const FLAGS_I: &[u8] = b"-+ 0";
const FLAGS_U: &[u8] = b"-0";
const FLAGS_C: &[u8] = b"-";

/// An error of `string.format`. Argument errors ([`FormatError::arg`] is `Some`) are
/// reported by Lua as `bad argument #N to 'format' (MESSAGE)`; the others are plain errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// `no value` (argument error): more conversions than arguments.
    NoValue { arg: usize },
    /// `invalid format (too long)`
    TooLong,
    /// `invalid conversion specification: '%...'` (bad flags, width or precision).
    InvalidSpec(Vec<u8>),
    /// `invalid conversion '%...' to 'format'` (unknown conversion letter).
    InvalidConversion(Vec<u8>),
    /// `specifier '%q' cannot have modifiers`
    QuoteModifiers,
    /// `string contains zeros` (argument error): `%s` with modifiers on a string with `\0`.
    StringContainsZeros { arg: usize },
    /// `value has no literal form` (argument error): `%q` of a table, function...
    NoLiteralForm { arg: usize },
    /// Any other argument error, e.g. `number expected, got string`.
    BadArgument { arg: usize, msg: String },
}

impl FormatError {
    /// The argument number for argument errors (1-based; the format string is argument 1).
    pub fn arg(&self) -> Option<usize> {
        match *self {
            FormatError::NoValue { arg }
            | FormatError::StringContainsZeros { arg }
            | FormatError::NoLiteralForm { arg }
            | FormatError::BadArgument { arg, .. } => Some(arg),
            _ => None,
        }
    }

    /// The message as Lua's bytes (it may quote non-UTF-8 bytes of the format string).
    pub fn message(&self) -> Vec<u8> {
        let quoted = |pre: &str, spec: &[u8], post: &str| {
            let mut v = pre.as_bytes().to_vec();
            v.extend_from_slice(spec);
            v.extend_from_slice(post.as_bytes());
            v
        };
        match self {
            FormatError::InvalidSpec(s) => quoted("invalid conversion specification: '", s, "'"),
            FormatError::InvalidConversion(s) => quoted("invalid conversion '", s, "' to 'format'"),
            other => other.to_string().into_bytes(),
        }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::NoValue { .. } => f.write_str("no value"),
            FormatError::TooLong => f.write_str("invalid format (too long)"),
            FormatError::InvalidSpec(_) | FormatError::InvalidConversion(_) => {
                f.write_str(&String::from_utf8_lossy(&self.message()))
            }
            FormatError::QuoteModifiers => f.write_str("specifier '%q' cannot have modifiers"),
            FormatError::StringContainsZeros { .. } => f.write_str("string contains zeros"),
            FormatError::NoLiteralForm { .. } => f.write_str("value has no literal form"),
            FormatError::BadArgument { msg, .. } => f.write_str(msg),
        }
    }
}

impl std::error::Error for FormatError {}

/// A value `%q` can print.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal<'a> {
    Str(Cow<'a, [u8]>),
    Int(i64),
    Float(f64),
    Nil,
    Bool(bool),
}

/// Supplies the arguments of a `string.format` call. `arg` is the Lua argument number (the
/// format string is 1, so the first value is 2). Each method does the conversion the named
/// `lauxlib` function would, with its errors.
pub trait FormatArgs {
    type Error: From<FormatError>;
    /// Number of values after the format string.
    fn count(&self) -> usize;
    /// `luaL_checkinteger`.
    fn integer(&mut self, arg: usize) -> Result<i64, Self::Error>;
    /// `luaL_checknumber`.
    fn number(&mut self, arg: usize) -> Result<f64, Self::Error>;
    /// `luaL_tolstring` (may call `__tostring`/`__name`).
    fn string(&mut self, arg: usize) -> Result<Cow<'_, [u8]>, Self::Error>;
    /// The value for `%q`, or `None` if it has no literal form.
    fn literal(&mut self, arg: usize) -> Result<Option<Literal<'_>>, Self::Error>;
    /// `lua_topointer` for `%p` (`None` for values that are not objects).
    fn pointer(&mut self, arg: usize) -> Result<Option<usize>, Self::Error>;
}

/// A simple argument value for [`format()`] through the slice implementation of
/// [`FormatArgs`] (numbers convert between integer and float as in Lua; strings are not
/// coerced to numbers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arg<'a> {
    Int(i64),
    Float(f64),
    Str(&'a [u8]),
    Nil,
    Bool(bool),
    /// A value of another type, by type name (`%s` prints the name, `%q` rejects it).
    Other(&'a str),
}

impl Arg<'_> {
    fn type_name(&self) -> &str {
        match self {
            Arg::Int(_) | Arg::Float(_) => "number",
            Arg::Str(_) => "string",
            Arg::Nil => "nil",
            Arg::Bool(_) => "boolean",
            Arg::Other(name) => name,
        }
    }
}

impl FormatArgs for [Arg<'_>] {
    type Error = FormatError;
    fn count(&self) -> usize {
        self.len()
    }
    fn integer(&mut self, arg: usize) -> Result<i64, FormatError> {
        match self[arg - 2] {
            Arg::Int(i) => Ok(i),
            Arg::Float(f) => crate::num::float_to_int(f).ok_or_else(|| FormatError::BadArgument {
                arg,
                msg: "number has no integer representation".into(),
            }),
            other => Err(expected(arg, "number", other)),
        }
    }
    fn number(&mut self, arg: usize) -> Result<f64, FormatError> {
        match self[arg - 2] {
            Arg::Int(i) => Ok(i as f64),
            Arg::Float(f) => Ok(f),
            other => Err(expected(arg, "number", other)),
        }
    }
    fn string(&mut self, arg: usize) -> Result<Cow<'_, [u8]>, FormatError> {
        let mut out = Vec::new();
        match self[arg - 2] {
            Arg::Str(s) => return Ok(Cow::Borrowed(s)),
            Arg::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
            Arg::Float(f) => crate::num::fmt_number(f, &mut out),
            Arg::Nil => out.extend_from_slice(b"nil"),
            Arg::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
            Arg::Other(name) => out.extend_from_slice(name.as_bytes()),
        }
        Ok(Cow::Owned(out))
    }
    fn literal(&mut self, arg: usize) -> Result<Option<Literal<'_>>, FormatError> {
        Ok(Some(match self[arg - 2] {
            Arg::Int(i) => Literal::Int(i),
            Arg::Float(f) => Literal::Float(f),
            Arg::Str(s) => Literal::Str(Cow::Borrowed(s)),
            Arg::Nil => Literal::Nil,
            Arg::Bool(b) => Literal::Bool(b),
            Arg::Other(_) => return Ok(None),
        }))
    }
    fn pointer(&mut self, arg: usize) -> Result<Option<usize>, FormatError> {
        Ok(match self[arg - 2] {
            Arg::Str(s) => Some(s.as_ptr() as usize),
            _ => None,
        })
    }
}

fn expected(arg: usize, what: &str, got: Arg<'_>) -> FormatError {
    FormatError::BadArgument {
        arg,
        msg: format!("{what} expected, got {}", got.type_name()),
    }
}

/// A parsed conversion specification such as `%-+08.3f`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spec {
    pub minus: bool,
    pub plus: bool,
    pub space: bool,
    pub hash: bool,
    pub zero: bool,
    /// Minimum field width (0 if none).
    pub width: usize,
    pub precision: Option<usize>,
    /// The conversion letter.
    pub conv: u8,
}

impl Spec {
    /// A spec with just a conversion letter, e.g. `Spec::plain(b'g')`.
    pub fn plain(conv: u8) -> Spec {
        Spec {
            conv,
            ..Spec::default()
        }
    }

    /// Parses `body` (what follows `%`, conversion letter included), checking it the way
    /// PUC Lua's `checkformat` does with the given allowed `flags`.
    fn checked(form: &[u8], flags: &[u8], allow_precision: bool) -> Result<Spec, FormatError> {
        let body = &form[1..];
        let at = |i: usize| body.get(i).copied().unwrap_or(0);
        let mut spec = Spec::default();
        let mut i = 0;
        while flags.contains(&at(i)) && at(i) != 0 {
            match at(i) {
                b'-' => spec.minus = true,
                b'+' => spec.plus = true,
                b' ' => spec.space = true,
                b'#' => spec.hash = true,
                _ => spec.zero = true,
            }
            i += 1;
        }
        if at(i) != b'0' {
            let (w, n) = two_digits(&body[i.min(body.len())..]);
            spec.width = w;
            i += n;
            if at(i) == b'.' && allow_precision {
                let (p, n) = two_digits(&body[i + 1..]);
                spec.precision = Some(p);
                i += 1 + n;
            }
        }
        if !at(i).is_ascii_alphabetic() {
            return Err(FormatError::InvalidSpec(form.to_vec()));
        }
        spec.conv = at(i);
        Ok(spec)
    }
}

fn two_digits(s: &[u8]) -> (usize, usize) {
    let mut v = 0;
    let mut n = 0;
    while n < 2 && n < s.len() && s[n].is_ascii_digit() {
        v = v * 10 + (s[n] - b'0') as usize;
        n += 1;
    }
    (v, n)
}

/// `string.format(fmt, ...)`: appends the result to `out`.
pub fn format<A: FormatArgs + ?Sized>(
    fmt: &[u8],
    args: &mut A,
    out: &mut Vec<u8>,
) -> Result<(), A::Error> {
    let mut i = 0;
    let mut arg = 1;
    while i < fmt.len() {
        let Some(off) = fmt[i..].iter().position(|&c| c == b'%') else {
            out.extend_from_slice(&fmt[i..]);
            break;
        };
        out.extend_from_slice(&fmt[i..i + off]);
        i += off + 1;
        if fmt.get(i) == Some(&b'%') {
            out.push(b'%');
            i += 1;
            continue;
        }
        arg += 1;
        if arg > args.count() + 1 {
            return Err(FormatError::NoValue { arg }.into());
        }
        // getformat: span flags, digits and dots, then take the conversion letter.
        let len = fmt[i..]
            .iter()
            .take_while(|c| b"-+ #0123456789.".contains(c))
            .count();
        if len + 1 >= MAX_FORMAT - 10 {
            return Err(FormatError::TooLong.into());
        }
        let conv = fmt.get(i + len).copied().unwrap_or(0);
        let mut form = Vec::with_capacity(len + 2);
        form.push(b'%');
        form.extend_from_slice(&fmt[i..i + len]);
        if conv != 0 {
            form.push(conv);
        }
        i += len + 1;
        format_one(&form, conv, arg, args, out)?;
    }
    Ok(())
}

fn format_one<A: FormatArgs + ?Sized>(
    form: &[u8],
    conv: u8,
    arg: usize,
    args: &mut A,
    out: &mut Vec<u8>,
) -> Result<(), A::Error> {
    match conv {
        b'c' => {
            let spec = Spec::checked(form, FLAGS_C, false)?;
            let n = args.integer(arg)?;
            pad(out, &spec, b"", &[n as u8], false);
        }
        b'd' | b'i' | b'u' | b'o' | b'x' | b'X' => {
            let n = args.integer(arg)?;
            let flags = match conv {
                b'd' | b'i' => FLAGS_I,
                b'u' => FLAGS_U,
                _ => FLAGS_X,
            };
            format_integer(&Spec::checked(form, flags, true)?, n, out);
        }
        b'a' | b'A' => {
            let spec = Spec::checked(form, FLAGS_F, true)?;
            format_float(&spec, args.number(arg)?, out);
        }
        b'e' | b'E' | b'f' | b'g' | b'G' => {
            let x = args.number(arg)?;
            format_float(&Spec::checked(form, FLAGS_F, true)?, x, out);
        }
        b'p' => {
            let p = args.pointer(arg)?;
            let spec = Spec::checked(form, FLAGS_C, false)?;
            match p {
                None => pad(out, &spec, b"", b"(null)", false),
                Some(p) => pad(out, &spec, b"0x", format!("{p:x}").as_bytes(), false),
            }
        }
        b'q' => {
            if form.len() > 2 {
                return Err(FormatError::QuoteModifiers.into());
            }
            match args.literal(arg)? {
                None => return Err(FormatError::NoLiteralForm { arg }.into()),
                Some(Literal::Str(s)) => quote_string(&s, out),
                Some(Literal::Int(i)) => quote_integer(i, out),
                Some(Literal::Float(f)) => quote_float(f, out),
                Some(Literal::Nil) => out.extend_from_slice(b"nil"),
                Some(Literal::Bool(b)) => out.extend_from_slice(if b { b"true" } else { b"false" }),
            }
        }
        b's' => {
            let s = args.string(arg)?;
            if form.len() == 2 {
                out.extend_from_slice(&s);
            } else {
                if s.contains(&0) {
                    return Err(FormatError::StringContainsZeros { arg }.into());
                }
                let spec = Spec::checked(form, FLAGS_C, true)?;
                format_str(&spec, &s, out);
            }
        }
        _ => return Err(FormatError::InvalidConversion(form.to_vec()).into()),
    }
    Ok(())
}

/// Appends `prefix` and `body` padded to the spec's width: spaces on the left (or on the
/// right with `-`), or zeros between prefix and body when `zero_pad` and the `0` flag.
pub(crate) fn pad(out: &mut Vec<u8>, spec: &Spec, prefix: &[u8], body: &[u8], zero_pad: bool) {
    let len = prefix.len() + body.len();
    let fill = spec.width.saturating_sub(len);
    if spec.minus {
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
        out.resize(out.len() + fill, b' ');
    } else if spec.zero && zero_pad {
        out.extend_from_slice(prefix);
        out.resize(out.len() + fill, b'0');
        out.extend_from_slice(body);
    } else {
        out.resize(out.len() + fill, b' ');
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
    }
}

/// `%s` with flags, width and precision (precision truncates).
pub fn format_str(spec: &Spec, s: &[u8], out: &mut Vec<u8>) {
    if spec.precision.is_none() && s.len() >= 100 {
        out.extend_from_slice(s); // PUC Lua keeps such strings whole
        return;
    }
    let s = &s[..spec.precision.map_or(s.len(), |p| p.min(s.len()))];
    pad(out, spec, b"", s, false);
}

/// An integer conversion (`d i u o x X`, and `c`) of `n` as C's `%lld`/`%llx`... would print it.
pub fn format_integer(spec: &Spec, n: i64, out: &mut Vec<u8>) {
    if spec.conv == b'c' {
        pad(out, spec, b"", &[n as u8], false);
        return;
    }
    let mut buf = [0u8; 24];
    let (mag, radix, upper) = match spec.conv {
        b'd' | b'i' => (n.unsigned_abs(), 10, false),
        b'o' => (n as u64, 8, false),
        b'x' => (n as u64, 16, false),
        b'X' => (n as u64, 16, true),
        _ => (n as u64, 10, false),
    };
    let mut pos = buf.len();
    let mut m = mag;
    while m > 0 {
        let d = (m % radix) as u8;
        pos -= 1;
        buf[pos] = match d {
            0..=9 => b'0' + d,
            _ if upper => b'A' + d - 10,
            _ => b'a' + d - 10,
        };
        m /= radix;
    }
    let digits = &buf[pos..];
    let prec = spec.precision.unwrap_or(1);
    let mut body = Vec::with_capacity(prec.max(digits.len()) + 1);
    body.resize(prec.saturating_sub(digits.len()), b'0');
    body.extend_from_slice(digits);
    if spec.conv == b'o' && spec.hash && body.first() != Some(&b'0') {
        body.insert(0, b'0');
    }
    let prefix: &[u8] = match spec.conv {
        b'd' | b'i' if n < 0 => b"-",
        b'd' | b'i' if spec.plus => b"+",
        b'd' | b'i' if spec.space => b" ",
        b'x' if spec.hash && n != 0 => b"0x",
        b'X' if spec.hash && n != 0 => b"0X",
        _ => b"",
    };
    pad(out, spec, prefix, &body, spec.precision.is_none());
}

/// `%q` of a string: quoted, with `"`, `\` and newline escaped by a backslash and other
/// control characters as `\ddd` (3 digits only when a digit follows).
pub fn quote_string(s: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for (i, &c) in s.iter().enumerate() {
        if c == b'"' || c == b'\\' || c == b'\n' {
            out.push(b'\\');
            out.push(c);
        } else if c.is_ascii_control() {
            if s.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                out.extend_from_slice(format!("\\{c:03}").as_bytes());
            } else {
                out.extend_from_slice(format!("\\{c}").as_bytes());
            }
        } else {
            out.push(c);
        }
    }
    out.push(b'"');
}

/// `%q` of an integer (minimum integer in hex, so that it reads back as an integer).
pub fn quote_integer(n: i64, out: &mut Vec<u8>) {
    if n == i64::MIN {
        out.extend_from_slice(b"0x8000000000000000");
    } else {
        out.extend_from_slice(n.to_string().as_bytes());
    }
}

/// `%q` of a float: hexadecimal (`%a`), or `1e9999`, `-1e9999`, `(0/0)`.
pub fn quote_float(x: f64, out: &mut Vec<u8>) {
    if x == f64::INFINITY {
        out.extend_from_slice(b"1e9999");
    } else if x == f64::NEG_INFINITY {
        out.extend_from_slice(b"-1e9999");
    } else if x.is_nan() {
        out.extend_from_slice(b"(0/0)");
    } else {
        format_float(&Spec::plain(b'a'), x, out);
    }
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
