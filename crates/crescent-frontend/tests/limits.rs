//! Limits, checked against `luac5.4` (skipped without it): locals, upvalues, registers,
//! constants beyond the RK and LOADK ranges, big constructors, long jumps, many lines.

use crescent_frontend::{compile, disassemble};
use std::io::Write;
use std::process::{Command, Stdio};

fn luac(src: &[u8]) -> Option<Result<String, String>> {
    let mut child = Command::new("luac5.4")
        .args(["-l", "-l", "-p", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take().unwrap().write_all(src).ok()?;
    let out = child.wait_with_output().ok()?;
    Some(if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        let e = String::from_utf8_lossy(&out.stderr).trim_end().to_string();
        Err(e.strip_prefix("luac5.4: ").unwrap_or(&e).to_string())
    })
}

fn mask(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let w2 = w.trim_end_matches([')', ':']);
            if w2.starts_with("0x")
                || (w2.len() > 1
                    && w2.starts_with('F')
                    && w2[1..].bytes().all(|c| c.is_ascii_digit()))
            {
                "<fn>"
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn check(what: &str, src: String) {
    let ours = compile(src.as_bytes(), "=stdin");
    let Some(theirs) = luac(src.as_bytes()) else {
        println!("note: luac5.4 not on PATH; {what}: only compiled");
        return;
    };
    match (ours, theirs) {
        (Ok(p), Ok(t)) => {
            assert!(
                mask(&disassemble(&p)) == mask(&t),
                "{what}: listings differ"
            );
            crescent_frontend::bytecode::dump::verify(&p, None).expect(what);
        }
        (Err(e), Err(t)) => assert_eq!(e.text(), t, "{what}"),
        (Ok(_), Err(t)) => panic!("{what}: luac fails with {t}"),
        (Err(e), Ok(_)) => panic!("{what}: we fail with {}", e.text()),
    }
}

fn list(n: usize, f: impl Fn(usize) -> String) -> String {
    (0..n).map(f).collect::<Vec<_>>().join(", ")
}

#[test]
fn locals() {
    check(
        "200 locals",
        format!("local {}", list(200, |i| format!("v{i}"))),
    );
    check(
        "201 locals",
        format!("local {}", list(201, |i| format!("v{i}"))),
    );
    check(
        "201 locals in a function",
        format!(
            "local function f()\n local {}\nend",
            list(201, |i| format!("v{i}"))
        ),
    );
    check(
        "200 params",
        format!("local function f({}) end", list(200, |i| format!("p{i}"))),
    );
}

#[test]
fn upvalues() {
    let decl = |n: usize| {
        (0..n)
            .map(|i| format!("local u{i} = {i}\n"))
            .collect::<String>()
    };
    // more than 200 locals need several blocks: nest functions to reach 255+ upvalues
    let mk = |n: usize| {
        let half = n / 2;
        format!(
            "{}local function g()\n{}return function() return {} end\nend",
            decl(half),
            (half..n)
                .map(|i| format!("local u{i} = {i}\n"))
                .collect::<String>(),
            (0..n)
                .map(|i| format!("u{i}"))
                .collect::<Vec<_>>()
                .join(" + ")
        )
    };
    check("255 upvalues", mk(255));
    check("256 upvalues", mk(256));
}

#[test]
fn registers() {
    check(
        "call with 240 args",
        format!("f({})", list(240, |i| format!("{i}"))),
    );
    check(
        "call with 260 args",
        format!("f({})", list(260, |i| format!("{i}"))),
    );
    check(
        "return 300 values",
        format!("return {}", list(300, |i| format!("x{i}"))),
    );
    check(
        "concat of 300",
        format!(
            "local s = {}",
            (0..300)
                .map(|i| format!("x{i}"))
                .collect::<Vec<_>>()
                .join(" .. ")
        ),
    );
    check(
        "constructor of 300 calls",
        format!("local t = {{{}}}", list(300, |_| "f()".into())),
    );
}

#[test]
fn constants() {
    // beyond MAXINDEXRK (255) and MAXARG_Bx (131071): LOADKX + EXTRAARG
    check(
        "300 string constants",
        format!(
            "local t = {{{}}}\nt.zz = 'zz'\nreturn t.k, t == 'k299', t + 1.5",
            list(300, |i| format!("'k{i}'"))
        ),
    );
    let n = 131_100;
    check(
        "131100 constants",
        format!(
            "local t = {{{}}}\nlocal x = 'last'\nreturn x, 3.5",
            list(n, |i| format!("{i}.5"))
        ),
    );
}

#[test]
fn big_programs() {
    check(
        "10000 lines",
        (0..10000).map(|i| format!("x = {i}\n")).collect(),
    );
    check(
        "long if chain",
        format!(
            "local x = ...\n{}end",
            (0..500)
                .map(|i| format!(
                    "{}if x == {i} then x = {i} + 1\n",
                    if i == 0 { "" } else { "else" }
                ))
                .collect::<String>()
        ),
    );
    check(
        "long loop body",
        format!(
            "for i = 1, 10 do\n{}end",
            (0..20000)
                .map(|i| format!("g{} = i\n", i % 7))
                .collect::<String>()
        ),
    );
    check(
        "many functions",
        (0..2000)
            .map(|i| format!("function f{i}(a) return a + {i} end\n"))
            .collect(),
    );
    check("or chain", format!("local x = a{}", " or a".repeat(3000)));
    check(
        "and chain",
        format!("if a{} then x = 1 end", " and a".repeat(3000)),
    );
    check(
        "mixed chain",
        format!(
            "local x = {}",
            list(1000, |i| format!("(a{i} and b or not c) and d ~= {i}")).replace(", ", " or ")
        ),
    );
    check(
        "many breaks",
        format!(
            "while x do\n{}end",
            (0..3000)
                .map(|_| "if y then break end\n")
                .collect::<String>()
        ),
    );
    check(
        "many gotos",
        format!(
            "{}::l::",
            (0..3000)
                .map(|_| "if y then goto l end\n")
                .collect::<String>()
        ),
    );
}

/// Pathological shapes at a size where a quadratic algorithm would take minutes.
#[test]
fn no_quadratic_blowup() {
    let n = 200_000;
    let cases: Vec<(&str, String)> = vec![
        (
            "float constants",
            format!("local t = {{{}}}", list(n, |i| format!("{i}.5"))),
        ),
        (
            "integral float constants",
            format!("local t = {{{}}}", list(n, |i| format!("{i}.0"))),
        ),
        (
            "string constants",
            format!("local t = {{{}}}", list(n, |i| format!("'s{i}'"))),
        ),
        (
            "fields",
            format!("local t = {{{}}}", list(n, |i| format!("f{i} = {i}"))),
        ),
        ("or chain", format!("local x = a{}", " or a".repeat(n))),
        ("and chain", format!("if a{} then end", " and a".repeat(n))),
        (
            "breaks",
            format!("while x do\n{}end", "if y then break end\n".repeat(30000)),
        ),
        (
            "gotos",
            format!("{}::l::", "if y then goto l end\n".repeat(30000)),
        ),
        (
            "blocks with locals",
            "do local a, b = 1, 2 end\n".repeat(15000),
        ),
        ("statements", "x = x + 1\n".repeat(n)),
        (
            "long condition",
            format!(
                "while {} do end",
                list(n / 10, |_| "a and b or c".into()).replace(", ", " or ")
            ),
        ),
        (
            "nested ors",
            format!(
                "x = {}",
                (0..n / 10).map(|_| "(a or b) and ").collect::<String>() + "c"
            ),
        ),
    ];
    for (what, src) in cases {
        let t = std::time::Instant::now();
        let r = compile(src.as_bytes(), "=big");
        let dt = t.elapsed();
        assert!(r.is_ok(), "{what}: {:?}", r.err());
        assert!(dt.as_secs_f64() < 5.0, "{what}: {dt:?}");
    }
}
