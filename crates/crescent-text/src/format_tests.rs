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
        let bits = u64::from_str_radix(f[1], 16).unwrap();
        let conv = *f[0].as_bytes().last().unwrap();
        let arg = if b"eEfgGaA".contains(&conv) {
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
    assert!(n > 8000);
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}
