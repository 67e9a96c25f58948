//! The libFuzzer target bodies (`crescent_fuzz::targets`) on stable: each one gets a few
//! thousand deterministic inputs — pseudo-random bytes, and mutations (byte flips, inserts,
//! deletions, splices, truncations) of seeds that reach deep into the target (generated Lua
//! programs, valid formats, patterns and pack formats) — and must not panic.
//! `FUZZ_TARGET_ITERS=N` changes the number of inputs per target (default 2000 in release
//! builds, 500 in debug ones).

use crescent_fuzz::rng::Rng;
use crescent_fuzz::targets::{self, TARGETS};

fn iters() -> usize {
    std::env::var("FUZZ_TARGET_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) { 500 } else { 2000 })
}

/// Length-prefixed piece, as `targets::Input::bytes` reads it.
fn piece(out: &mut Vec<u8>, s: &[u8]) {
    out.push(s.len() as u8);
    out.extend_from_slice(s);
}

fn random_bytes(rng: &mut Rng, max: usize) -> Vec<u8> {
    let n = rng.below(max as u64 + 1) as usize;
    (0..n).map(|_| rng.next_u64() as u8).collect()
}

/// One to four random edits of `seed`.
fn mutate(rng: &mut Rng, seed: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut d = seed.to_vec();
    for _ in 0..rng.range(1, 4) {
        let at = if d.is_empty() {
            0
        } else {
            rng.below(d.len() as u64) as usize
        };
        match rng.below(6) {
            0 if !d.is_empty() => d[at] ^= 1 << rng.below(8),
            1 => d.insert(at, rng.next_u64() as u8),
            2 if !d.is_empty() => {
                d.remove(at);
            }
            3 => d.truncate(at),
            4 => {
                let o = rng.pick(others);
                if !o.is_empty() {
                    let a = rng.below(o.len() as u64) as usize;
                    let b = (a + rng.below(32) as usize).min(o.len());
                    d.splice(at..at, o[a..b].iter().copied());
                }
            }
            _ if !d.is_empty() => {
                d[at] = *rng.pick(&[0u8, 0xff, b'%', b'(', b')', b'[', b'"', b'\\', b'\n', b'9'])
            }
            _ => d.push(rng.next_u64() as u8),
        }
    }
    d
}

/// The input that [`targets::compile`] maps back to `prog` (tokens separated by `|`; each
/// must be one of `targets::TOKENS`).
fn tokens(prog: &str) -> Vec<u8> {
    prog.split('|')
        .map(|w| {
            let (i, _) = targets::TOKENS
                .iter()
                .enumerate()
                .find(|(_, t)| **t == w)
                .unwrap_or_else(|| panic!("no token {w:?}"));
            i as u8
        })
        .collect()
}

/// Seeds for a target: inputs that get past its first checks.
fn seeds(name: &str) -> Vec<Vec<u8>> {
    let mut v = Vec::new();
    match name {
        "parse" => {
            for seed in 0..20 {
                v.push(crescent_fuzz::generate(seed).render().into_bytes());
            }
            v.push(b"local t <close> = nil; goto x; ::x:: return function(...) return ... end".to_vec());
            v.push(
                b"a = 'x\\u{10FFFF}\\z   \\x41\\065' .. [==[long]==] --[[c]] return 0x1p4, 1e308, 3 // 0.0".to_vec(),
            );
        }
        "compile" => {
            for prog in [
                "local|a|=|1|for i = 1, 3 do|a|=|a|+|i|end|return|a",
                "t|=|{a = 1, 2}|local|f|=|function(...)|return ...|end|print|(|f|(|t.x|,|t[1]|)|)",
                "local|function|f|(|a|)|return|f(a)|+|1|end|pcall|(|f|,|1|)",
                "local|t|<close>|=|nil|goto l|::l::|repeat|x = x + 1|until|true",
                "while x do|x = x + 1|end|if|a|then|b|=|not|c|elseif|a|==|b|then|c|=|#|t|..|'s'|else|t.x|=|3.5|//|0|end",
                "local|a|<const>|=|0x7fffffffffffffff|return|a|+|1|,|a|*|2|,|1e308|*|1e308|,|a|&|-1|,|a|<<|2",
                "t|=|setmetatable|(|{a = 1, 2}|,|{|}|)|for i = 1, 3 do|t[1]|=|t.x|end|return|t.x|,|t:m()",
                "print|(|string|.|a|,|coroutine|.|b|)|a, b = b, a",
            ] {
                v.push(tokens(prog));
            }
        }
        "load_binary" => {
            for _ in 0..10 {
                v.push(Vec::new());
            }
        }
        "format" => {
            for f in
                [&b"%d %5.2f %s %q"[..], b"%-10.3s|%x|%X|%o", b"%a %g %e %c %i %%", b"%099.99f", b"%q%q%q%q", b"%10q"]
            {
                let mut d = Vec::new();
                piece(&mut d, f);
                for (kind, val) in [(0u8, &[1u8, 7][..]), (1, &[3][..]), (3, &[3, b'a', 0, b'"'][..]), (2, &[5][..])] {
                    d.push(kind);
                    d.extend_from_slice(val);
                }
                v.push(d);
            }
        }
        "patterns" => {
            for (op, s, p) in [
                (0u8, &b"hello world from Lua"[..], &b"(%w+) (%w+)"[..]),
                (2, b"key = value", b"^(%w+)%s*=%s*(%w+)$"),
                (3, b"THE (quick) fox", b"%f[%a]%a+"),
                (4, b"abc", b"%w"),
                (5, b"f(a(b)c)d", b"%b()"),
                (6, b"  trim  ", b"^%s*(.-)%s*$"),
                (7, b"x=1, y=2", b"(%w+)=(%w+)"),
                (1, b"a.b", b"."),
                (2, b"[[x]]", b"[%[%]]+"),
                (4, b"\0a\0", b"%z*"),
            ] {
                let mut d = vec![op];
                piece(&mut d, s);
                piece(&mut d, p);
                d.extend_from_slice(&[2, 1]); // init 1
                piece(&mut d, b"<%1>");
                d.push(5);
                v.push(d);
            }
        }
        "pack" => {
            for f in [&b"<i4 >I2 z s1"[..], b"!8 b h l j T", b"d n f xXi8 c3", b"=i16 I3 s2", b"<!4 i3 Xd"] {
                let mut d = Vec::new();
                piece(&mut d, f);
                d.extend_from_slice(&[2, 1]);
                for (kind, val) in [(0u8, &[2u8, 100][..]), (0, &[0, 8][..]), (3, &[2, b'h', b'i'][..]), (1, &[0][..])]
                {
                    d.push(kind);
                    d.extend_from_slice(val);
                }
                d.extend_from_slice(b"\x01\x02\x03\x04\x05\x06\x07\x08hello\0world\x7f\xff");
                v.push(d);
            }
        }
        other => panic!("no seeds for target {other}"),
    }
    v
}

fn run_target(name: &str, seed: u64) {
    let body = TARGETS.iter().find(|(n, _)| *n == name).expect("target").1;
    let seeds = seeds(name);
    let mut rng = Rng::new(seed);
    for s in &seeds {
        body(s);
    }
    for i in 0..iters() {
        let input = if i % 3 == 0 {
            random_bytes(&mut rng, 160)
        } else {
            let s = rng.pick(&seeds).clone();
            mutate(&mut rng, &s, &seeds)
        };
        body(&input);
    }
}

#[test]
fn every_target_is_tested() {
    let names: Vec<&str> = TARGETS.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "parse",
            "compile",
            "load_binary",
            "format",
            "patterns",
            "pack"
        ]
    );
    for n in names {
        assert!(!seeds(n).is_empty());
    }
}

#[test]
fn parse_target() {
    run_target("parse", 1);
}

#[test]
fn compile_target() {
    run_target("compile", 2);
}

#[test]
fn load_binary_target() {
    run_target("load_binary", 3);
}

#[test]
fn format_target() {
    run_target("format", 4);
}

#[test]
fn patterns_target() {
    run_target("patterns", 5);
}

#[test]
fn pack_target() {
    run_target("pack", 6);
}

/// The parse seeds are programs (so mutations of them reach past the lexer).
#[test]
fn parse_seeds_are_programs() {
    let seeds = seeds("parse");
    let ok = seeds
        .iter()
        .filter(|s| crescent_frontend::compile(s, "=seed").is_ok())
        .count();
    assert!(
        ok == seeds.len(),
        "only {ok} of {} parse seeds compile",
        seeds.len()
    );
}

/// Raw binary chunks (first byte ESC) are taken as they are; others patch a valid dump.
#[test]
fn load_binary_inputs() {
    targets::load_binary(b"\x1bLua\x54\x00");
    targets::load_binary(&[0, 0, 0, 3, 0x1b]);
    targets::load_binary(&[1]);
}

/// Found by the libFuzzer `load_binary` target: NEWTABLE with a hash-size operand B > 32
/// (the interpreter computes `1 << (B - 1)` in 32 bits: an overflow panic with debug
/// assertions), or an EXTRAARG that overflows the array size. The verifier rejects both.
#[test]
fn newtable_sizes_are_verified() {
    use crescent_frontend::{bytecode::dump::verify, Instr, Op};
    let p = crescent_frontend::compile(b"local t = {} return t", "=t").unwrap();
    let at = p
        .code
        .iter()
        .position(|i| i.opcode_raw() == Op::NewTable as u8)
        .unwrap();
    assert!(verify(&p, None).is_ok());
    for (b, extra) in [(32, 0), (33, 0), (255, 0), (0, (1 << 24) - 1), (0, 1 << 24)] {
        let mut q = (*p).clone();
        let i = q.code[at];
        q.code[at] = Instr::abc(Op::NewTable, i.a(), b, i.c(), extra > 0);
        q.code[at + 1] = Instr::ax_(Op::ExtraArg, extra);
        let ok = b <= 32 && extra < 1 << 24;
        assert_eq!(verify(&q, None).is_ok(), ok, "B={b} EXTRAARG={extra}");
        // The whole path: dump, load as a binary chunk, run.
        targets::load_binary(&crescent_frontend::dump(&q, false));
    }
    // The crashing input itself (a patched seed dump).
    targets::load_binary(&[0xe4, 0x4c, 0xc2, 0x4b, 0x4b, 0x4b, 0x4b, 0x24]);
}

/// The compile seeds are programs, and a fair share of their mutations still compile (so the
/// target reaches code generation and execution, not only syntax errors).
#[test]
fn compile_inputs_compile() {
    let seeds = seeds("compile");
    for s in &seeds {
        let src = targets::token_source(s);
        assert!(
            crescent_frontend::compile(&src, "=t").is_ok(),
            "{}",
            String::from_utf8_lossy(&src)
        );
    }
    let mut rng = Rng::new(9);
    let ok = (0..1000)
        .filter(|_| {
            let s = rng.pick(&seeds).clone();
            let m = mutate(&mut rng, &s, &seeds);
            crescent_frontend::compile(&targets::token_source(&m), "=t").is_ok()
        })
        .count();
    assert!(ok >= 50, "only {ok} of 1000 mutated compile inputs compile");
}
