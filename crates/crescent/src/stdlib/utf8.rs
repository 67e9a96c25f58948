//! The utf8 library (`lutf8lib.c` of 5.4.4): `char charpattern codes codepoint len offset`,
//! strict by default (no surrogates, nothing above U+10FFFF), `lax` accepting the old
//! 31-bit range. Safe code.

use super::string::{give_buf, new_lib, take_buf};
use crate::value::*;
use crate::vm::state::State;
use crate::vm::Throw;

type R = Result<usize, Throw>;

const MAXUNICODE: u32 = 0x10FFFF;
const MAXUTF: u32 = 0x7FFF_FFFF;
const CHARPATTERN: &[u8] = b"[\0-\x7F\xC2-\xFD][\x80-\xBF]*";

pub fn open(l: &mut State) -> Result<(), Throw> {
    let fns: &[(&str, NativeFn)] = &[
        ("offset", offset),
        ("codepoint", codepoint),
        ("char", char),
        ("len", len),
        ("codes", codes),
    ];
    let t = new_lib(l, "utf8", fns)?;
    let k = l.new_str(b"charpattern")?;
    let v = l.new_str(CHARPATTERN)?;
    l.table_set(t.as_table(), k, v)
}

/// `u_posrelat`: negative positions count from the end; too negative gives 0.
fn u_posrelat(pos: i64, len: usize) -> i64 {
    if pos >= 0 {
        pos
    } else if pos.unsigned_abs() > len as u64 {
        0
    } else {
        len as i64 + pos + 1
    }
}

#[inline]
fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

#[inline]
fn iscont(s: &[u8], i: usize) -> bool {
    at(s, i) & 0xC0 == 0x80
}

/// `utf8_decode` at offset `i`: the code point and the offset after it.
pub(crate) fn decode(s: &[u8], i: usize, strict: bool) -> Option<(u32, usize)> {
    const LIMITS: [u32; 6] = [!0, 0x80, 0x800, 0x10000, 0x200000, 0x4000000];
    let mut c = at(s, i) as u32;
    let mut res: u32 = 0;
    let mut count = 0;
    if c < 0x80 {
        res = c;
    } else {
        while c & 0x40 != 0 {
            count += 1;
            let cc = at(s, i + count) as u32;
            if cc & 0xC0 != 0x80 {
                return None;
            }
            res = (res << 6) | (cc & 0x3F);
            c <<= 1;
        }
        if count > 5 {
            return None;
        }
        res |= (c & 0x7F) << (count * 5);
        if res > MAXUTF || res < LIMITS[count] {
            return None;
        }
    }
    if strict && (res > MAXUNICODE || (0xD800..=0xDFFF).contains(&res)) {
        return None;
    }
    Some((res, i + count + 1))
}

/// `luaO_utf8esc`: appends the (extended, up to 6-byte) UTF-8 encoding of `x`.
pub(crate) fn encode(mut x: u32, out: &mut Vec<u8>) {
    if x < 0x80 {
        out.push(x as u8);
        return;
    }
    let mut buf = [0u8; 8];
    let mut n = 1;
    let mut mfb: u32 = 0x3f;
    loop {
        buf[8 - n] = 0x80 | (x & 0x3f) as u8;
        n += 1;
        x >>= 6;
        mfb >>= 1;
        if x <= mfb {
            break;
        }
    }
    buf[8 - n] = ((!mfb << 1) | x) as u8;
    out.extend_from_slice(&buf[8 - n..]);
}

fn len(l: &mut State) -> R {
    let s = l.str_arg(1)?;
    let b = s.str_bytes();
    let ln = b.len() as i64;
    let mut posi = u_posrelat(l.opt_int_arg(2, 1)?, b.len());
    let mut posj = u_posrelat(l.opt_int_arg(3, -1)?, b.len());
    let lax = !l.arg(4).is_falsy();
    posi -= 1;
    if !(0 <= posi && posi <= ln) {
        return Err(l.arg_error(2, "initial position out of bounds"));
    }
    posj -= 1;
    if posj >= ln {
        return Err(l.arg_error(3, "final position out of bounds"));
    }
    let mut n = 0i64;
    while posi <= posj {
        match decode(b, posi as usize, !lax) {
            Some((_, next)) => {
                posi = next as i64;
                n += 1;
            }
            None => {
                l.push(Value::NIL);
                l.push(Value::int(posi + 1));
                return Ok(2);
            }
        }
    }
    l.push(Value::int(n));
    Ok(1)
}

fn codepoint(l: &mut State) -> R {
    let s = l.str_arg(1)?;
    let b = s.str_bytes();
    let posi = u_posrelat(l.opt_int_arg(2, 1)?, b.len());
    let pose = u_posrelat(l.opt_int_arg(3, posi)?, b.len());
    let lax = !l.arg(4).is_falsy();
    if posi < 1 {
        return Err(l.arg_error(2, "out of bounds"));
    }
    if pose > b.len() as i64 {
        return Err(l.arg_error(3, "out of bounds"));
    }
    if posi > pose {
        return Ok(0);
    }
    if pose - posi >= i32::MAX as i64 {
        return Err(l.error_at1("string slice too long"));
    }
    let max = (pose - posi) as usize + 1;
    l.check_stack_msg(max, "string slice too long")?;
    let mut n = 0;
    let mut i = posi as usize - 1;
    let end = pose as usize;
    while i < end {
        match decode(b, i, !lax) {
            Some((code, next)) => {
                l.push(Value::int(code as i64));
                n += 1;
                i = next;
            }
            None => return Err(l.error_at1("invalid UTF-8 code")),
        }
    }
    Ok(n)
}

fn char(l: &mut State) -> R {
    let n = l.nargs();
    let mut buf = take_buf();
    for i in 1..=n {
        let code = l.int_arg(i)? as u64;
        if code > MAXUTF as u64 {
            return Err(l.arg_error(i, "value out of range"));
        }
        encode(code as u32, &mut buf);
    }
    let s = l.new_str(&buf)?;
    give_buf(buf);
    l.push(s);
    Ok(1)
}

fn offset(l: &mut State) -> R {
    let s = l.str_arg(1)?;
    let b = s.str_bytes();
    let ln = b.len() as i64;
    let mut n = l.int_arg(2)?;
    let def = if n >= 0 { 1 } else { ln + 1 };
    let mut posi = u_posrelat(l.opt_int_arg(3, def)?, b.len());
    posi -= 1;
    if !(0 <= posi && posi <= ln) {
        return Err(l.arg_error(3, "position out of bounds"));
    }
    if n == 0 {
        while posi > 0 && iscont(b, posi as usize) {
            posi -= 1;
        }
    } else {
        if iscont(b, posi as usize) {
            return Err(l.error_at1("initial position is a continuation byte"));
        }
        if n < 0 {
            while n < 0 && posi > 0 {
                loop {
                    posi -= 1;
                    if !(posi > 0 && iscont(b, posi as usize)) {
                        break;
                    }
                }
                n += 1;
            }
        } else {
            n -= 1;
            while n > 0 && posi < ln {
                loop {
                    posi += 1;
                    if !iscont(b, posi as usize) {
                        break;
                    }
                }
                n -= 1;
            }
        }
    }
    if n == 0 {
        l.push(Value::int(posi + 1));
    } else {
        l.push(Value::NIL);
    }
    Ok(1)
}

fn iter_aux(l: &mut State, strict: bool) -> R {
    let s = l.str_arg(1)?;
    let b = s.str_bytes();
    let v = l.arg(2);
    let mut n = match v.tt {
        T_INT => v.as_int() as u64,
        _ => crate::vm::arith::to_integer(v, crate::vm::arith::F2I::Eq).unwrap_or(0) as u64,
    };
    let len = b.len() as u64;
    if n < len {
        while iscont(b, n as usize) {
            n += 1;
        }
    }
    if n >= len {
        return Ok(0);
    }
    match decode(b, n as usize, strict) {
        Some((code, _)) => {
            l.push(Value::int(n as i64 + 1));
            l.push(Value::int(code as i64));
            Ok(2)
        }
        None => Err(l.error_at1("invalid UTF-8 code")),
    }
}

fn iter_strict(l: &mut State) -> R {
    iter_aux(l, true)
}

fn iter_lax(l: &mut State) -> R {
    iter_aux(l, false)
}

fn codes(l: &mut State) -> R {
    let lax = !l.arg(2).is_falsy();
    let s = l.str_arg(1)?;
    l.push(Value::lcf(if lax { iter_lax } else { iter_strict }));
    l.push(s);
    l.push(Value::int(0));
    Ok(3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_roundtrip() {
        for &c in &[
            0u32,
            0x7f,
            0x80,
            0x7ff,
            0x800,
            0xffff,
            0x10000,
            0x10ffff,
            0x110000,
            0x7fff_ffff,
        ] {
            let mut v = Vec::new();
            encode(c, &mut v);
            assert_eq!(decode(&v, 0, false), Some((c, v.len())), "{c:#x}");
            if c <= 0x10ffff {
                assert_eq!(
                    std::str::from_utf8(&v).unwrap().chars().next().unwrap() as u32,
                    c
                );
            }
        }
        assert_eq!(decode(b"\xed\xa0\x80", 0, true), None); // surrogate
        assert_eq!(decode(b"\xc0\x80", 0, false), None); // overlong
        assert_eq!(decode(b"\xe4", 0, false), None); // truncated
    }
}
