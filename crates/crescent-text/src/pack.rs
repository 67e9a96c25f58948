//! `string.pack`, `string.packsize` and `string.unpack` of Lua 5.4 (as `lua5.4` 5.4.4 behaves).
//!
//! Formats are read like `lstrlib.c` reads them, as C strings (a `\0` ends the format), with
//! the options `< > = ! b B h H l L j J T i[n] I[n] f d n s[n] z x X<op> c<n>` and spaces,
//! native sizes of a 64-bit Linux target, and the same alignment rules and messages. Values
//! go in through a [`PackArgs`] provider (so a VM can convert its values lazily and raise its
//! own `number expected` errors) and come out as [`PackValue`]s borrowing the data string.

use std::borrow::Cow;
use std::fmt;

/// Largest size of an integer option (`MAXINTSIZE`).
pub const MAX_INT_SIZE: usize = 16;
const SZINT: usize = 8;
const NATIVE_ALIGN: usize = 8;
/// `MAXSIZE` of `lstrlib.c` on 64-bit targets: `INT_MAX`.
const MAXSIZE: usize = i32::MAX as usize;
const NATIVE_LITTLE: bool = cfg!(target_endian = "little");

/// A value packed or unpacked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PackValue<'a> {
    Int(i64),
    Float(f64),
    Bytes(&'a [u8]),
}

/// An error of the pack functions. Argument errors ([`PackError::arg`] is `Some`) are
/// reported by Lua as `bad argument #N to 'pack' (MESSAGE)`; the others are plain errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackError {
    /// `integral size (N) out of limits [1,16]`
    SizeOutOfLimits(i64),
    /// `invalid format option 'C'`
    InvalidOption(u8),
    /// `missing size for format option 'c'`
    MissingSize,
    /// `invalid next option for option 'X'` (argument 1)
    InvalidNextOption,
    /// `format asks for alignment not power of 2` (argument 1)
    AlignNotPowerOf2,
    /// `variable-length format` (argument 1 of `packsize`)
    VariableLength,
    /// `format result too large` (argument 1 of `packsize`)
    TooLarge,
    /// `integer overflow`
    IntegerOverflow { arg: usize },
    /// `unsigned overflow`
    UnsignedOverflow { arg: usize },
    /// `string longer than given size`
    StringTooLong { arg: usize },
    /// `string length does not fit in given size`
    LengthDoesNotFit { arg: usize },
    /// `string contains zeros`
    StringContainsZeros { arg: usize },
    /// `data string too short` (argument 2 of `unpack`)
    DataTooShort,
    /// `unfinished string for format 'z'` (argument 2 of `unpack`)
    UnfinishedZString,
    /// `initial position out of string` (argument 3 of `unpack`)
    InitialPosition,
    /// `N-byte integer does not fit into Lua Integer`
    IntegerDoesNotFit(usize),
    /// Any other argument error, e.g. `number expected, got string`.
    BadArgument { arg: usize, msg: String },
}

impl PackError {
    /// The argument number of argument errors (the format string is argument 1).
    pub fn arg(&self) -> Option<usize> {
        match *self {
            PackError::InvalidNextOption
            | PackError::AlignNotPowerOf2
            | PackError::VariableLength
            | PackError::TooLarge => Some(1),
            PackError::DataTooShort | PackError::UnfinishedZString => Some(2),
            PackError::InitialPosition => Some(3),
            PackError::IntegerOverflow { arg }
            | PackError::UnsignedOverflow { arg }
            | PackError::StringTooLong { arg }
            | PackError::LengthDoesNotFit { arg }
            | PackError::StringContainsZeros { arg }
            | PackError::BadArgument { arg, .. } => Some(arg),
            _ => None,
        }
    }

    /// The message as Lua's bytes (`invalid format option` quotes the raw byte).
    pub fn message(&self) -> Vec<u8> {
        match *self {
            PackError::InvalidOption(c) => {
                let mut v = b"invalid format option '".to_vec();
                v.push(c);
                v.push(b'\'');
                v
            }
            _ => self.to_string().into_bytes(),
        }
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackError::SizeOutOfLimits(n) => {
                write!(f, "integral size ({n}) out of limits [1,{MAX_INT_SIZE}]")
            }
            PackError::InvalidOption(c) => {
                write!(
                    f,
                    "invalid format option '{}'",
                    String::from_utf8_lossy(&[*c])
                )
            }
            PackError::MissingSize => f.write_str("missing size for format option 'c'"),
            PackError::InvalidNextOption => f.write_str("invalid next option for option 'X'"),
            PackError::AlignNotPowerOf2 => f.write_str("format asks for alignment not power of 2"),
            PackError::VariableLength => f.write_str("variable-length format"),
            PackError::TooLarge => f.write_str("format result too large"),
            PackError::IntegerOverflow { .. } => f.write_str("integer overflow"),
            PackError::UnsignedOverflow { .. } => f.write_str("unsigned overflow"),
            PackError::StringTooLong { .. } => f.write_str("string longer than given size"),
            PackError::LengthDoesNotFit { .. } => {
                f.write_str("string length does not fit in given size")
            }
            PackError::StringContainsZeros { .. } => f.write_str("string contains zeros"),
            PackError::DataTooShort => f.write_str("data string too short"),
            PackError::UnfinishedZString => f.write_str("unfinished string for format 'z'"),
            PackError::InitialPosition => f.write_str("initial position out of string"),
            PackError::IntegerDoesNotFit(n) => {
                write!(f, "{n}-byte integer does not fit into Lua Integer")
            }
            PackError::BadArgument { msg, .. } => f.write_str(msg),
        }
    }
}

impl std::error::Error for PackError {}

/// Supplies the values of a `string.pack` call; `arg` is the Lua argument number (the format
/// is 1, the first value 2). Each method converts like the named `lauxlib` function.
pub trait PackArgs {
    type Error: From<PackError>;
    /// `luaL_checkinteger`.
    fn integer(&mut self, arg: usize) -> Result<i64, Self::Error>;
    /// `luaL_checknumber`.
    fn number(&mut self, arg: usize) -> Result<f64, Self::Error>;
    /// `luaL_checklstring` (numbers convert to strings).
    fn bytes(&mut self, arg: usize) -> Result<Cow<'_, [u8]>, Self::Error>;
}

/// Values as a slice: integers and floats convert into each other as in Lua, numbers into
/// strings; strings are not coerced to numbers.
impl PackArgs for [PackValue<'_>] {
    type Error = PackError;
    fn integer(&mut self, arg: usize) -> Result<i64, PackError> {
        match self.get(arg - 2) {
            Some(PackValue::Int(i)) => Ok(*i),
            Some(PackValue::Float(f)) => {
                crate::num::float_to_int(*f).ok_or_else(|| PackError::BadArgument {
                    arg,
                    msg: "number has no integer representation".into(),
                })
            }
            other => Err(expected(arg, "number", other)),
        }
    }
    fn number(&mut self, arg: usize) -> Result<f64, PackError> {
        match self.get(arg - 2) {
            Some(PackValue::Int(i)) => Ok(*i as f64),
            Some(PackValue::Float(f)) => Ok(*f),
            other => Err(expected(arg, "number", other)),
        }
    }
    fn bytes(&mut self, arg: usize) -> Result<Cow<'_, [u8]>, PackError> {
        match self.get(arg - 2) {
            Some(PackValue::Bytes(b)) => Ok(Cow::Borrowed(b)),
            Some(PackValue::Int(i)) => Ok(Cow::Owned(i.to_string().into_bytes())),
            Some(PackValue::Float(f)) => {
                let mut v = Vec::new();
                crate::num::fmt_number(*f, &mut v);
                Ok(Cow::Owned(v))
            }
            None => Err(expected(arg, "string", None)),
        }
    }
}

fn expected(arg: usize, what: &str, got: Option<&PackValue<'_>>) -> PackError {
    let got = match got {
        // PUC's pack has a nil just past its arguments, so a missing value reads as nil.
        None => "nil",
        Some(PackValue::Bytes(_)) => "string",
        Some(_) => "number",
    };
    PackError::BadArgument {
        arg,
        msg: format!("{what} expected, got {got}"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Uint,
    Float,
    Number,
    Double,
    Char,
    String,
    Zstr,
    Padding,
    PadAlign,
    Nop,
}

/// Reads options from a format (`Header` plus `getoption`/`getdetails` of `lstrlib.c`).
struct Parser<'f> {
    fmt: &'f [u8],
    pos: usize,
    little: bool,
    maxalign: usize,
}

impl<'f> Parser<'f> {
    fn new(fmt: &'f [u8]) -> Self {
        let end = fmt.iter().position(|&c| c == 0).unwrap_or(fmt.len());
        Parser {
            fmt: &fmt[..end],
            pos: 0,
            little: NATIVE_LITTLE,
            maxalign: 1,
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.fmt.len()
    }

    fn peek_digit(&self) -> Option<u8> {
        self.fmt
            .get(self.pos)
            .filter(|c| c.is_ascii_digit())
            .map(|c| c - b'0')
    }

    fn getnum(&mut self, df: i64) -> i64 {
        let Some(mut d) = self.peek_digit() else {
            return df;
        };
        let mut a: i64 = 0;
        loop {
            a = a * 10 + d as i64;
            self.pos += 1;
            match self.peek_digit() {
                Some(nd) if a <= (MAXSIZE as i64 - 9) / 10 => d = nd,
                _ => return a,
            }
        }
    }

    fn getnumlimit(&mut self, df: i64) -> Result<usize, PackError> {
        let sz = self.getnum(df);
        if sz > MAX_INT_SIZE as i64 || sz <= 0 {
            return Err(PackError::SizeOutOfLimits(sz));
        }
        Ok(sz as usize)
    }

    fn getoption(&mut self) -> Result<(Kind, usize), PackError> {
        let opt = self.fmt[self.pos];
        self.pos += 1;
        Ok(match opt {
            b'b' => (Kind::Int, 1),
            b'B' => (Kind::Uint, 1),
            b'h' => (Kind::Int, 2),
            b'H' => (Kind::Uint, 2),
            b'l' | b'j' => (Kind::Int, 8),
            b'L' | b'J' | b'T' => (Kind::Uint, 8),
            b'f' => (Kind::Float, 4),
            b'n' => (Kind::Number, 8),
            b'd' => (Kind::Double, 8),
            b'i' => (Kind::Int, self.getnumlimit(4)?),
            b'I' => (Kind::Uint, self.getnumlimit(4)?),
            b's' => (Kind::String, self.getnumlimit(8)?),
            b'c' => match self.getnum(-1) {
                -1 => return Err(PackError::MissingSize),
                n => (Kind::Char, n as usize),
            },
            b'z' => (Kind::Zstr, 0),
            b'x' => (Kind::Padding, 1),
            b'X' => (Kind::PadAlign, 0),
            b' ' => (Kind::Nop, 0),
            b'<' => {
                self.little = true;
                (Kind::Nop, 0)
            }
            b'>' => {
                self.little = false;
                (Kind::Nop, 0)
            }
            b'=' => {
                self.little = NATIVE_LITTLE;
                (Kind::Nop, 0)
            }
            b'!' => {
                self.maxalign = self.getnumlimit(NATIVE_ALIGN as i64)?;
                (Kind::Nop, 0)
            }
            c => return Err(PackError::InvalidOption(c)),
        })
    }

    /// Next option with its size and the padding needed before it at offset `total`.
    fn details(&mut self, total: usize) -> Result<(Kind, usize, usize), PackError> {
        let (kind, size) = self.getoption()?;
        let mut align = size;
        if kind == Kind::PadAlign {
            if self.at_end() {
                return Err(PackError::InvalidNextOption);
            }
            let (next, next_size) = self.getoption()?;
            align = next_size;
            if next == Kind::Char || align == 0 {
                return Err(PackError::InvalidNextOption);
            }
        }
        let ntoalign = if align <= 1 || kind == Kind::Char {
            0
        } else {
            let align = align.min(self.maxalign);
            if !align.is_power_of_two() {
                return Err(PackError::AlignNotPowerOf2);
            }
            (align - (total & (align - 1))) & (align - 1)
        };
        Ok((kind, size, ntoalign))
    }
}

fn pack_int(out: &mut Vec<u8>, n: u64, little: bool, size: usize, neg: bool) {
    let start = out.len();
    for i in 0..size {
        let byte = if i < SZINT {
            (n >> (8 * i)) as u8
        } else if neg {
            0xff
        } else {
            0
        };
        out.push(byte);
    }
    if !little {
        out[start..].reverse();
    }
}

fn put_bytes<const N: usize>(out: &mut Vec<u8>, le: [u8; N], little: bool) {
    let start = out.len();
    out.extend_from_slice(&le);
    if !little {
        out[start..].reverse();
    }
}

/// `string.pack(fmt, ...)`: appends the packed values to `out`.
pub fn pack<A: PackArgs + ?Sized>(
    fmt: &[u8],
    args: &mut A,
    out: &mut Vec<u8>,
) -> Result<(), A::Error> {
    let mut p = Parser::new(fmt);
    let mut total = 0usize;
    let mut arg = 1;
    while !p.at_end() {
        let (kind, size, ntoalign) = p.details(total)?;
        total += ntoalign + size;
        out.resize(out.len() + ntoalign, 0);
        arg += 1;
        match kind {
            Kind::Int => {
                let n = args.integer(arg)?;
                if size < SZINT {
                    let lim = 1i64 << (size * 8 - 1);
                    if !(-lim <= n && n < lim) {
                        return Err(PackError::IntegerOverflow { arg }.into());
                    }
                }
                pack_int(out, n as u64, p.little, size, n < 0);
            }
            Kind::Uint => {
                let n = args.integer(arg)?;
                if size < SZINT && (n as u64) >= (1u64 << (size * 8)) {
                    return Err(PackError::UnsignedOverflow { arg }.into());
                }
                pack_int(out, n as u64, p.little, size, false);
            }
            Kind::Float => {
                let x = args.number(arg)? as f32;
                put_bytes(out, x.to_le_bytes(), p.little);
            }
            Kind::Number | Kind::Double => {
                let x = args.number(arg)?;
                put_bytes(out, x.to_le_bytes(), p.little);
            }
            Kind::Char => {
                let s = args.bytes(arg)?;
                if s.len() > size {
                    return Err(PackError::StringTooLong { arg }.into());
                }
                out.extend_from_slice(&s);
                out.resize(out.len() + (size - s.len()), 0);
            }
            Kind::String => {
                let s = args.bytes(arg)?;
                if size < 8 && s.len() as u64 >= (1u64 << (size * 8)) {
                    return Err(PackError::LengthDoesNotFit { arg }.into());
                }
                pack_int(out, s.len() as u64, p.little, size, false);
                out.extend_from_slice(&s);
                total += s.len();
            }
            Kind::Zstr => {
                let s = args.bytes(arg)?;
                if s.contains(&0) {
                    return Err(PackError::StringContainsZeros { arg }.into());
                }
                out.extend_from_slice(&s);
                out.push(0);
                total += s.len() + 1;
            }
            Kind::Padding => {
                out.push(0);
                arg -= 1;
            }
            Kind::PadAlign | Kind::Nop => arg -= 1,
        }
    }
    Ok(())
}

/// Convenience: packs a slice of values (see the slice implementation of [`PackArgs`]).
pub fn pack_values(fmt: &[u8], values: &[PackValue<'_>]) -> Result<Vec<u8>, PackError> {
    let mut values = values.to_vec();
    let mut out = Vec::new();
    pack(fmt, values.as_mut_slice(), &mut out)?;
    Ok(out)
}

/// `string.packsize(fmt)`.
pub fn packsize(fmt: &[u8]) -> Result<i64, PackError> {
    let mut p = Parser::new(fmt);
    let mut total = 0usize;
    while !p.at_end() {
        let (kind, size, ntoalign) = p.details(total)?;
        if kind == Kind::String || kind == Kind::Zstr {
            return Err(PackError::VariableLength);
        }
        let size = size + ntoalign;
        if size > MAXSIZE || total > MAXSIZE - size {
            return Err(PackError::TooLarge);
        }
        total += size;
    }
    Ok(total as i64)
}

fn unpack_int(bytes: &[u8], little: bool, signed: bool) -> Result<i64, PackError> {
    let size = bytes.len();
    let byte = |i: usize| {
        if little {
            bytes[i]
        } else {
            bytes[size - 1 - i]
        }
    };
    let limit = size.min(SZINT);
    let mut res: u64 = 0;
    for i in (0..limit).rev() {
        res = (res << 8) | byte(i) as u64;
    }
    if size < SZINT {
        if signed {
            let mask = 1u64 << (size * 8 - 1);
            res = (res ^ mask).wrapping_sub(mask);
        }
    } else if size > SZINT {
        let fill = if !signed || (res as i64) >= 0 {
            0
        } else {
            0xff
        };
        if (limit..size).any(|i| byte(i) != fill) {
            return Err(PackError::IntegerDoesNotFit(size));
        }
    }
    Ok(res as i64)
}

/// `string.unpack(fmt, data, init)`: the values and the 1-based position after the last
/// byte read. (PUC Lua also fails with "too many results" past its stack limit; that check
/// is the caller's.)
pub fn unpack<'d>(
    fmt: &[u8],
    data: &'d [u8],
    init: i64,
) -> Result<(Vec<PackValue<'d>>, i64), PackError> {
    let ld = data.len();
    let mut pos = crate::pattern::posrelat_start(init, ld) - 1;
    if pos > ld {
        return Err(PackError::InitialPosition);
    }
    let mut p = Parser::new(fmt);
    let mut values = Vec::new();
    while !p.at_end() {
        let (kind, size, ntoalign) = p.details(pos)?;
        if ntoalign.saturating_add(size) > ld - pos {
            return Err(PackError::DataTooShort);
        }
        pos += ntoalign;
        let field = &data[pos..pos + size];
        match kind {
            Kind::Int | Kind::Uint => {
                values.push(PackValue::Int(unpack_int(
                    field,
                    p.little,
                    kind == Kind::Int,
                )?));
            }
            Kind::Float => {
                let mut b = [0u8; 4];
                b.copy_from_slice(field);
                if !p.little {
                    b.reverse();
                }
                values.push(PackValue::Float(f32::from_le_bytes(b) as f64));
            }
            Kind::Number | Kind::Double => {
                let mut b = [0u8; 8];
                b.copy_from_slice(field);
                if !p.little {
                    b.reverse();
                }
                values.push(PackValue::Float(f64::from_le_bytes(b)));
            }
            Kind::Char => values.push(PackValue::Bytes(field)),
            Kind::String => {
                let len = unpack_int(field, p.little, false)? as u64;
                let avail = (ld - pos - size) as u64;
                if len > avail {
                    return Err(PackError::DataTooShort);
                }
                let start = pos + size;
                values.push(PackValue::Bytes(&data[start..start + len as usize]));
                pos += len as usize;
            }
            Kind::Zstr => {
                let len = data[pos..].iter().position(|&c| c == 0).unwrap_or(ld - pos);
                if pos + len >= ld {
                    return Err(PackError::UnfinishedZString);
                }
                values.push(PackValue::Bytes(&data[pos..pos + len]));
                pos += len + 1;
            }
            Kind::Padding | Kind::PadAlign | Kind::Nop => {}
        }
        pos += size;
    }
    Ok((values, pos as i64 + 1))
}

#[cfg(test)]
#[path = "pack_tests.rs"]
mod tests;
