//! Tests of the format engine; expected values come from `lua5.4` (see
//! `tools/gen_format_cases.lua`).

use super::*;

#[path = "format_cases.rs"]
mod cases;

fn esc(s: &[u8]) -> String {
    let mut out = String::new();
    for &b in s {
        if !(32..=126).contains(&b) || b == b'"' || b == b'\\' {
            out.push_str(&format!("\\x{b:02x}"));
        } else {
            out.push(b as char);
        }
    }
    out
}

fn run(fmt: &[u8], args: &[Arg<'_>]) -> String {
    let mut args = args.to_vec();
    let mut out = Vec::new();
    match format(fmt, args.as_mut_slice(), &mut out) {
        Ok(()) => format!("\"{}\"", esc(&out)),
        Err(e) => match e.arg() {
            Some(n) => format!("error: bad argument #{n} to 'format' ({e})"),
            None => format!("error: {}", esc(&e.message())),
        },
    }
}

#[test]
fn cases_from_lua() {
    let mut failures = Vec::new();
    for &(fmt, args, expected) in cases::CASES {
        let got = run(fmt, args);
        if got != expected {
            failures.push(format!(
                "format({:?}, {args:?}): got {got}, want {expected}",
                esc(fmt)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases::CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn random_conversions_agree_with_glibc_via_lua() {
    let data = include_str!("../tests/data/format_random.txt");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in data.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let conv = *f[0].as_bytes().last().unwrap();
        let bytes: Vec<u8> = (0..f[1].len() / 2)
            .map(|i| u8::from_str_radix(&f[1][2 * i..2 * i + 2], 16).unwrap())
            .collect();
        let bits = u64::from_str_radix(f[1], 16).unwrap_or(0);
        let arg = if conv == b'q' || conv == b's' {
            Arg::Str(&bytes)
        } else if b"eEfgGaA".contains(&conv) {
            Arg::Float(f64::from_bits(bits))
        } else {
            Arg::Int(bits as i64)
        };
        let got = run(f[0].as_bytes(), &[arg]);
        n += 1;
        if got != format!("\"{}\"", f[2]) {
            failures.push(format!("{} of {arg:?}: got {got}, want {:?}", f[0], f[2]));
        }
    }
    assert!(n > 9000);
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}

#[test]
fn random_formats_never_panic() {
    let pieces: &[&[u8]] = &[
        b"%", b"%%", b"d", b"i", b"u", b"c", b"x", b"X", b"o", b"e", b"E", b"f", b"F", b"g", b"G",
        b"a", b"A", b"q", b"s", b"p", b"y", b"-", b"+", b" ", b"#", b"0", b"1", b"99", b"123",
        b".", b".99", b"\0", b"\xff", b"lit",
    ];
    let args = [
        Arg::Int(i64::MIN),
        Arg::Int(-1),
        Arg::Int(300),
        Arg::Float(f64::MAX),
        Arg::Float(-f64::MIN_POSITIVE),
        Arg::Float(f64::NAN),
        Arg::Float(-0.0),
        Arg::Str(b"a\0b"),
        Arg::Str(b"text"),
        Arg::Nil,
        Arg::Bool(true),
        Arg::Other("table"),
    ];
    let mut seed = 0xDEAD_BEEF_CAFE_F00Du64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut out = Vec::new();
    for _ in 0..30_000 {
        let mut fmt = Vec::new();
        for _ in 0..next(8) {
            fmt.extend_from_slice(pieces[next(pieces.len())]);
        }
        let mut a: Vec<Arg<'_>> = (0..next(5)).map(|_| args[next(args.len())]).collect();
        out.clear();
        if format(&fmt, a.as_mut_slice(), &mut out).is_ok() {
            assert!(out.len() <= fmt.len() + 420 * a.len() + 16);
        }
    }
}

#[test]
fn spec_helpers() {
    let mut out = Vec::new();
    let spec = Spec {
        width: 8,
        precision: Some(3),
        ..Spec::plain(b'f')
    };
    format_float(&spec, 1.23456, &mut out);
    format_integer(
        &Spec {
            zero: true,
            width: 5,
            ..Spec::plain(b'd')
        },
        -42,
        &mut out,
    );
    quote_string(b"a\"\n\x01\x012", &mut out);
    quote_integer(i64::MIN, &mut out);
    quote_float(0.5, &mut out);
    format_str(
        &Spec {
            precision: Some(2),
            ..Spec::plain(b's')
        },
        b"abc",
        &mut out,
    );
    // lua5.4 -e 'io.write(string.format("%8.3f%05d%q%q%q%.2s", 1.23456, -42, "a\"\n\1\0012", math.mininteger, 0.5, "abc"))'
    assert_eq!(
        String::from_utf8_lossy(&out),
        "   1.235-0042\"a\\\"\\\n\\1\\0012\"0x80000000000000000x1p-1ab"
    );
}

#[test]
fn error_messages() {
    let e = FormatError::InvalidConversion(b"%y".to_vec());
    assert_eq!(e.to_string(), "invalid conversion '%y' to 'format'");
    assert_eq!(e.arg(), None);
    assert_eq!(FormatError::NoValue { arg: 3 }.arg(), Some(3));
    assert_eq!(FormatError::NoValue { arg: 3 }.to_string(), "no value");
}

#[test]
fn huge_precision_is_clamped_not_a_panic() {
    for conv in *b"eEfgGaA" {
        let mut out = Vec::new();
        let spec = Spec {
            precision: Some(100_000),
            ..Spec::plain(conv)
        };
        format_float(&spec, -1.7976931348623157e308, &mut out);
        let mut want = Vec::new();
        format_float(
            &Spec {
                precision: Some(99),
                ..spec
            },
            -1.7976931348623157e308,
            &mut want,
        );
        assert_eq!(out, want);
    }
}
