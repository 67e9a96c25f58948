//! Hostile inputs: deep nesting must end in 5.4's "C stack overflow" error, never in a Rust
//! stack overflow or a panic; random mutations of the golden snippets must compile or fail
//! exactly as `luac5.4` does (same listing, or same message) when `luac5.4` is on PATH.

use crescent_frontend::{compile, disassemble, strip_file_header};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `f` on a thread with a small stack (so deep recursion would show up as a crash).
fn with_stack<T: Send + 'static>(kb: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(kb * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("compiler thread panicked")
}

#[test]
fn deep_nesting_is_an_error() {
    let n = 1_000_000;
    let cases: Vec<(String, String)> = vec![
        ("parens".into(), format!("x = {}1", "(".repeat(n))),
        ("tables".into(), format!("x = {}", "{".repeat(n))),
        ("unary".into(), format!("x = {}1", "- ".repeat(n))),
        ("not".into(), format!("x = {}1", "not ".repeat(n))),
        ("functions".into(), "x = function() ".repeat(n)),
        ("do".into(), "do ".repeat(n)),
        ("if".into(), "if x then ".repeat(n)),
        ("while".into(), "while x do ".repeat(n)),
        ("repeat".into(), "repeat ".repeat(n)),
        ("concat".into(), format!("x = {}a", "a .. ".repeat(n))),
        ("pow".into(), format!("x = {}a", "a ^ ".repeat(n))),
        ("calls".into(), format!("x = {}", "f(".repeat(n))),
        ("index".into(), format!("x = a{}", "[a".repeat(n))),
        ("assign".into(), format!("{}a = 1", "a, ".repeat(n))),
        ("local functions".into(), "local function f() ".repeat(n)),
    ];
    for (what, src) in cases {
        let r = with_stack(256, move || compile(src.as_bytes(), "=deep").map(|_| ()));
        let err = r.expect_err(&what);
        assert_eq!(err.text(), "C stack overflow", "{what}");
    }
}

#[test]
fn nesting_below_the_limit_compiles() {
    // 196 parentheses is the deepest 5.4 accepts in `local x = (...)`
    let src = format!("local x = {}1{}", "(".repeat(196), ")".repeat(196));
    assert!(with_stack(256, move || compile(src.as_bytes(), "=ok").is_ok()));
    let src = format!("local x = {}1{}", "(".repeat(197), ")".repeat(197));
    assert!(with_stack(256, move || compile(src.as_bytes(), "=ok").is_err()));
    let src = format!("return {}1{}", "{".repeat(190), "}".repeat(190));
    assert!(with_stack(256, move || compile(src.as_bytes(), "=ok").is_ok()));
    let src = format!("{}{}", "do ".repeat(190), "end ".repeat(190));
    assert!(with_stack(256, move || compile(src.as_bytes(), "=ok").is_ok()));
    let src = format!(
        "return {}1{}",
        "function() return ".repeat(95),
        " end".repeat(95)
    );
    assert!(with_stack(256, move || compile(src.as_bytes(), "=ok").is_ok()));
}

/// A small deterministic PRNG (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const FRAGMENTS: &[&str] = &[
    " ", "\n", "(", ")", "{", "}", "[", "]", "=", "==", ",", ";", ":", "::", ".", "..", "...", "+",
    "-", "*", "/", "//", "%", "^", "#", "&", "|", "~", "<<", ">>", "<", "<=", ">", ">=", "~=",
    "and", "or", "not", "local", "function", "end", "if", "then", "else", "elseif", "while", "do",
    "for", "in", "repeat", "until", "return", "break", "goto", "nil", "true", "false", "x", "y",
    "1", "2.5", "0x10", "'s'", "\"", "[[", "]]", "--", "<const>", "<close>", "\\", "@", "$", "\0",
    "1e", "3x", "'\\q'", "'\\300'",
];

fn mutate(rng: &mut Rng, src: &[u8]) -> Vec<u8> {
    let mut v = src.to_vec();
    for _ in 0..1 + rng.below(3) {
        let pos = rng.below(v.len() + 1);
        match rng.below(3) {
            0 => v.truncate(pos),
            1 => {
                let end = (pos + 1 + rng.below(12)).min(v.len());
                if pos < end {
                    v.drain(pos..end);
                }
            }
            _ => {
                let frag = FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes();
                v.splice(pos..pos, frag.iter().copied());
            }
        }
    }
    v
}

fn luac(src: &[u8]) -> Option<(bool, String)> {
    let mut child = Command::new("luac5.4")
        .args(["-l", "-l", "-p", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take().unwrap().write_all(src).ok()?;
    let out = child.wait_with_output().ok()?;
    if out.status.success() {
        Some((true, String::from_utf8_lossy(&out.stdout).into_owned()))
    } else {
        let e = String::from_utf8_lossy(&out.stderr).trim_end().to_string();
        Some((false, e.strip_prefix("luac5.4: ").unwrap_or(&e).to_string()))
    }
}

/// Function addresses differ: compare listings with those masked.
fn mask_addresses(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let w2 = w.trim_end_matches([')', ':']);
            let is_fn = w2.starts_with("0x")
                || (w2.len() > 1
                    && w2.starts_with('F')
                    && w2[1..].bytes().all(|c| c.is_ascii_digit()));
            if is_fn {
                "<fn>"
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn mutations_match_luac() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut sources: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "lua"))
        .map(|p| std::fs::read(p).unwrap())
        .filter(|s| s.len() < 4000)
        .collect();
    sources.sort();
    let have_luac = luac(b"").is_some();
    if !have_luac {
        println!("note: luac5.4 not on PATH; only checking that mutations do not panic");
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut failures = Vec::new();
    let cases = if have_luac { 1500 } else { 5000 };
    for case in 0..cases {
        let src = &sources[rng.below(sources.len())];
        let m = mutate(&mut rng, src);
        let ours = compile(&m, "=stdin");
        if !have_luac {
            continue;
        }
        // luac reads a file: it skips a first line starting with '#' (and a UTF-8 BOM)
        let ours = if strip_file_header(&m).len() != m.len() {
            compile(strip_file_header(&m), "=stdin")
        } else {
            ours
        };
        if m.first() == Some(&0x1b) {
            continue; // a binary chunk for luac
        }
        let (ok, text) = luac(&m).unwrap();
        match (&ours, ok) {
            (Ok(p), true) => {
                if let Err(e) = crescent_frontend::bytecode::dump::verify(p, None) {
                    failures.push(format!("case {case}: verifier rejects our code: {e}"));
                }
                if mask_addresses(&disassemble(p)) != mask_addresses(&text) {
                    failures.push(format!(
                        "case {case}: listings differ for {:?}",
                        String::from_utf8_lossy(&m)
                    ));
                }
            }
            (Err(e), false) => {
                if e.text() != text {
                    failures.push(format!(
                        "case {case}: {:?}\n  ours: {}\n  luac: {}",
                        String::from_utf8_lossy(&m),
                        e.text(),
                        text
                    ));
                }
            }
            (Ok(_), false) => failures.push(format!("case {case}: we compile, luac says {text}")),
            (Err(e), true) => {
                failures.push(format!("case {case}: luac compiles, we say {}", e.text()))
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures[..failures.len().min(10)].join("\n")
    );
}

#[test]
fn random_bytes_do_not_panic() {
    let mut rng = Rng(12345);
    for _ in 0..20000 {
        let len = rng.below(64);
        let v: Vec<u8> = (0..len)
            .map(|_| {
                let r = rng.below(4);
                if r == 0 {
                    rng.below(256) as u8
                } else {
                    b"()[]{}=.:;,'\"\\-+*/%^#~<>x1 \n[=]"[rng.below(31)]
                }
            })
            .collect();
        let _ = compile(&v, "=rand");
    }
}
