//! Tests of pack/packsize/unpack; expected values come from `lua5.4` (see
//! `tools/gen_pack_cases.lua`).

use super::*;

#[path = "pack_cases.rs"]
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

fn err(e: PackError, func: &str) -> String {
    match e.arg() {
        Some(n) => format!("error: bad argument #{n} to '{func}' ({e})"),
        None => format!("error: {}", esc(&e.message())),
    }
}

fn run(op: &str, fmt: &[u8], vals: &[PackValue<'_>], data: &[u8], init: i64) -> String {
    match op {
        "pack" => match pack_values(fmt, vals) {
            Ok(v) => v.iter().map(|b| format!("{b:02x}")).collect(),
            Err(e) => err(e, "pack"),
        },
        "packsize" => match packsize(fmt) {
            Ok(n) => n.to_string(),
            Err(e) => err(e, "packsize"),
        },
        _ => match unpack(fmt, data, init) {
            Ok((vals, next)) => {
                let mut v: Vec<String> = vals
                    .iter()
                    .map(|v| match v {
                        PackValue::Int(i) => i.to_string(),
                        PackValue::Float(f) => format!("f{:016x}", f.to_bits()),
                        PackValue::Bytes(b) => format!("\"{}\"", esc(b)),
                    })
                    .collect();
                v.push(next.to_string());
                v.join(" ")
            }
            Err(e) => err(e, "unpack"),
        },
    }
}

#[test]
fn cases_from_lua() {
    let mut failures = Vec::new();
    for &(op, fmt, vals, data, init, expected) in cases::CASES {
        let got = run(op, fmt, vals, data, init);
        if got != expected {
            failures.push(format!(
                "{op}({:?}, {vals:?}, {:?}, {init}): got {got}, want {expected}",
                esc(fmt),
                esc(data)
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
fn round_trips() {
    let vals = [
        PackValue::Int(-5),
        PackValue::Int(60000),
        PackValue::Float(0.1),
        PackValue::Bytes(b"hello"),
        PackValue::Bytes(b"zed"),
        PackValue::Int(i64::MIN),
    ];
    for fmt in [
        &b"<i2 I3 d s z j"[..],
        b">!8 b i4 n s2 z i16",
        b"=!4 h I16 f s1 z j",
    ] {
        let packed = pack_values(fmt, &vals).unwrap();
        let (out, next) = unpack(fmt, &packed, 1).unwrap();
        assert_eq!(next as usize, packed.len() + 1);
        assert_eq!(out.len(), vals.len());
        assert_eq!(out[3], vals[3]);
        assert_eq!(out[4], vals[4]);
        assert_eq!(out[5], vals[5]);
    }
}

#[test]
fn error_args_and_messages() {
    assert_eq!(PackError::DataTooShort.arg(), Some(2));
    assert_eq!(PackError::InitialPosition.arg(), Some(3));
    assert_eq!(PackError::InvalidOption(b'y').arg(), None);
    assert_eq!(
        PackError::InvalidOption(0xc8).message(),
        b"invalid format option '\xc8'"
    );
    assert_eq!(
        PackError::SizeOutOfLimits(17).to_string(),
        "integral size (17) out of limits [1,16]"
    );
}

#[test]
fn random_formats_never_panic() {
    let pieces: &[&[u8]] = &[
        b"b", b"B", b"h", b"i", b"I", b"i3", b"i0", b"i17", b"i16", b"I9", b"j", b"J", b"T", b"l",
        b"f", b"d", b"n", b"s", b"s1", b"s9", b"z", b"x", b"X", b"Xi4", b"Xc", b"!", b"!3", b"!16",
        b"<", b">", b"=", b" ", b"c", b"c0", b"c3", b"y", b"\0", b"9",
    ];
    let values = [
        PackValue::Int(1),
        PackValue::Int(-1),
        PackValue::Int(i64::MAX),
        PackValue::Float(1.5),
        PackValue::Bytes(b"ab"),
        PackValue::Bytes(b""),
    ];
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for _ in 0..20_000 {
        let mut fmt = Vec::new();
        for _ in 0..next(6) {
            fmt.extend_from_slice(pieces[next(pieces.len())]);
        }
        let vals: Vec<PackValue<'_>> = (0..next(6)).map(|_| values[next(values.len())]).collect();
        let _ = packsize(&fmt);
        if let Ok(packed) = pack_values(&fmt, &vals) {
            let _ = unpack(&fmt, &packed, 1);
        }
        let data: Vec<u8> = (0..next(40)).map(|_| next(256) as u8).collect();
        let _ = unpack(&fmt, &data, next(50) as i64 - 25);
    }
}
