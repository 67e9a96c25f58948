//! Differential test: random well-formed programs (expressions of every operator, constant
//! operands of every kind, locals, `<const>`s, upvalues, fields, calls, control flow) must
//! compile to exactly the listing `luac5.4 -l -l` prints. Skipped without `luac5.4`.

use crescent_frontend::{compile, disassemble};
use std::io::Write;
use std::process::{Command, Stdio};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

struct Gen {
    rng: Rng,
    locals: Vec<String>,
    nlocal: usize,
    out: String,
    indent: usize,
    vararg: bool,
}

const BINOPS: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "^", "&", "|", "~", "<<", ">>", "..", "==", "~=", "<", "<=",
    ">", ">=", "and", "or",
];
const UNOPS: &[&str] = &["-", "not ", "#", "~"];
const LITERALS: &[&str] = &[
    "0",
    "1",
    "2",
    "-1",
    "127",
    "128",
    "255",
    "256",
    "-128",
    "-129",
    "1000",
    "65535",
    "70000",
    "0x7fffffffffffffff",
    "9223372036854775807",
    "1.0",
    "0.5",
    "-0.0",
    "2.0",
    "1e100",
    "3.25",
    "100.0",
    "1e15",
    "-2.5",
    "-1.5",
    "-3.0",
    "0.25",
    "-7",
    "1e-3",
    "0x10",
    "\"s\"",
    "\"str\"",
    "'x'",
    "\"10\"",
    "nil",
    "true",
    "false",
    "C1",
    "C2",
    "C3",
    "C4",
];

impl Gen {
    fn name(&mut self) -> String {
        let r = self.rng.below(10);
        if r < 6 && !self.locals.is_empty() {
            self.locals[self.rng.below(self.locals.len())].clone()
        } else if r < 8 {
            self.rng
                .pick(&["g", "h", "gx", "print", "U1", "U2"])
                .to_string()
        } else {
            self.rng.pick(&["C1", "C2", "C3", "C4"]).to_string()
        }
    }

    fn expr(&mut self, depth: usize) -> String {
        if depth == 0 {
            return if self.rng.below(2) == 0 {
                self.rng.pick(LITERALS).to_string()
            } else {
                self.name()
            };
        }
        match self.rng.below(14) {
            0..=4 => {
                let op = self.rng.pick(BINOPS);
                let a = self.expr(depth - 1);
                let b = self.expr(depth - 1);
                format!("{a} {op} {b}")
            }
            5 => {
                let op = self.rng.pick(UNOPS);
                let a = self.expr(depth - 1);
                format!("{op} {a}")
            }
            6 => format!("({})", self.expr(depth - 1)),
            7 => {
                let n = self.rng.below(4);
                let args: Vec<String> = (0..n).map(|_| self.expr(depth - 1)).collect();
                let f = self.name();
                format!("{f}({})", args.join(", "))
            }
            8 => {
                let t = self.name();
                let k = self
                    .rng
                    .pick(&["x", "y", "long_field_name_exceeding_forty_characters_x"]);
                format!("{t}.{k}")
            }
            9 => {
                let t = self.name();
                let k = self.expr(depth - 1);
                format!("{t}[{k}]")
            }
            10 => {
                let n = self.rng.below(5);
                let mut items = Vec::new();
                for _ in 0..n {
                    match self.rng.below(3) {
                        0 => items.push(self.expr(depth - 1)),
                        1 => {
                            items.push(format!("k{} = {}", self.rng.below(3), self.expr(depth - 1)))
                        }
                        _ => items.push(format!(
                            "[{}] = {}",
                            self.expr(depth - 1),
                            self.expr(depth - 1)
                        )),
                    }
                }
                if self.vararg && self.rng.below(3) == 0 {
                    items.push("...".into());
                }
                format!("{{{}}}", items.join(", "))
            }
            11 => {
                let o = self.name();
                let a = self.expr(depth - 1);
                format!("{o}:m({a})")
            }
            12 if self.vararg => "...".into(),
            _ => {
                let saved = self.vararg;
                self.vararg = false;
                let op = self.rng.pick(BINOPS);
                let e = self.expr(depth - 1);
                self.vararg = saved;
                format!("function(p) return p {op} {e} end")
            }
        }
    }

    fn line(&mut self, s: &str) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn lvalue(&mut self) -> String {
        match self.rng.below(4) {
            0 if !self.locals.is_empty() => {
                // never assign to the <const>s
                self.locals[self.rng.below(self.locals.len())].clone()
            }
            1 => format!("{}.f", self.name()),
            2 => format!("{}[{}]", self.name(), self.expr(1)),
            _ => self.rng.pick(&["g", "gx", "U1"]).to_string(),
        }
    }

    fn block(&mut self, depth: usize, n: usize) {
        let saved = self.locals.len();
        for _ in 0..n {
            self.stat(depth);
        }
        self.locals.truncate(saved);
    }

    fn stat(&mut self, depth: usize) {
        let choice = if depth == 0 {
            self.rng.below(4)
        } else {
            self.rng.below(10)
        };
        match choice {
            0 => {
                let n = 1 + self.rng.below(3);
                let names: Vec<String> = (0..n)
                    .map(|_| {
                        self.nlocal += 1;
                        format!("l{}", self.nlocal)
                    })
                    .collect();
                let ne = self.rng.below(4);
                let es: Vec<String> = (0..ne).map(|_| self.expr(2)).collect();
                if es.is_empty() {
                    self.line(&format!("local {}", names.join(", ")));
                } else {
                    self.line(&format!("local {} = {}", names.join(", "), es.join(", ")));
                }
                self.locals.extend(names);
            }
            1 => {
                let n = 1 + self.rng.below(3);
                let lhs: Vec<String> = (0..n).map(|_| self.lvalue()).collect();
                let ne = 1 + self.rng.below(3);
                let es: Vec<String> = (0..ne).map(|_| self.expr(2)).collect();
                self.line(&format!("{} = {}", lhs.join(", "), es.join(", ")));
            }
            2 => {
                let f = self.name();
                let a = self.expr(2);
                self.line(&format!("{f}({a})"));
            }
            3 => {
                let e = self.expr(3);
                self.line(&format!("gx = {e}"));
            }
            4 => {
                let c = self.expr(2);
                self.line(&format!("if {c} then"));
                self.indent += 1;
                self.block(depth - 1, 2);
                self.indent -= 1;
                if self.rng.below(2) == 0 {
                    let c2 = self.expr(2);
                    self.line(&format!("elseif {c2} then"));
                    self.indent += 1;
                    self.block(depth - 1, 1);
                    self.indent -= 1;
                }
                if self.rng.below(2) == 0 {
                    self.line("else");
                    self.indent += 1;
                    self.block(depth - 1, 1);
                    self.indent -= 1;
                }
                self.line("end");
            }
            5 => {
                let c = self.expr(2);
                self.line(&format!("while {c} do"));
                self.indent += 1;
                self.block(depth - 1, 2);
                if self.rng.below(2) == 0 {
                    let c = self.expr(1);
                    self.line(&format!("if {c} then break end"));
                }
                self.indent -= 1;
                self.line("end");
            }
            6 => {
                self.nlocal += 1;
                let v = format!("i{}", self.nlocal);
                let (a, b) = (self.expr(1), self.expr(1));
                self.line(&format!("for {v} = {a}, {b} do"));
                self.indent += 1;
                self.locals.push(v);
                self.block(depth - 1, 2);
                self.locals.pop();
                self.indent -= 1;
                self.line("end");
            }
            7 => {
                self.nlocal += 1;
                let (k, v) = (format!("k{}", self.nlocal), format!("v{}", self.nlocal));
                let e = self.expr(1);
                self.line(&format!("for {k}, {v} in pairs({e}) do"));
                self.indent += 1;
                self.locals.push(k);
                self.locals.push(v);
                self.block(depth - 1, 2);
                self.locals.truncate(self.locals.len() - 2);
                self.indent -= 1;
                self.line("end");
            }
            8 => {
                self.nlocal += 1;
                let f = format!("fn{}", self.nlocal);
                self.line(&format!("local function {f}(a, ...)"));
                self.locals.push(f);
                let saved_vararg = self.vararg;
                self.vararg = true;
                self.indent += 1;
                self.locals.push("a".into());
                self.block(depth - 1, 3);
                self.locals.pop();
                let r = self.expr(2);
                self.line(&format!("return {r}"));
                self.indent -= 1;
                self.vararg = saved_vararg;
                self.line("end");
            }
            _ => {
                self.line("do");
                self.indent += 1;
                self.block(depth - 1, 2);
                self.indent -= 1;
                self.line("end");
            }
        }
    }
}

fn luac_listing(src: &[u8]) -> Result<String, String> {
    let mut child = Command::new("luac5.4")
        .args(["-l", "-l", "-p", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    child.stdin.take().unwrap().write_all(src).unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim_end().to_string())
    }
}

fn mask(s: &str) -> Vec<String> {
    s.lines()
        .map(|l| {
            l.split([' ', '\t'])
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
        })
        .collect()
}

#[test]
fn random_programs_match_luac() {
    if luac_listing(b"").is_err() {
        println!("note: luac5.4 not on PATH; skipping");
        return;
    }
    let mut failures = Vec::new();
    let mut compiled = 0;
    let n = 600;
    for seed in 1..=n as u64 {
        let mut g = Gen {
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            locals: Vec::new(),
            nlocal: 0,
            out: String::new(),
            indent: 0,
            vararg: true,
        };
        g.line("local C1 <const> = 10");
        g.line("local C2 <const> = 2.5");
        g.line("local C3 <const> = \"k\"");
        g.line("local C4 <const> = C1 * 3");
        g.line("local U1, U2 = ...");
        g.block(3, 6);
        let src = g.out;
        let ours = compile(src.as_bytes(), "=stdin");
        match (ours, luac_listing(src.as_bytes())) {
            (Ok(p), Ok(theirs)) => {
                compiled += 1;
                if let Err(e) = crescent_frontend::bytecode::dump::verify(&p, None) {
                    failures.push(format!(
                        "seed {seed}: verifier rejects our code: {e}\n{src}"
                    ));
                }
                let (a, b) = (mask(&disassemble(&p)), mask(&theirs));
                if a != b {
                    let i = a
                        .iter()
                        .zip(&b)
                        .position(|(x, y)| x != y)
                        .unwrap_or(a.len().min(b.len()));
                    failures.push(format!(
                        "seed {seed}: listing differs at line {}:\n  ours: {:?}\n  luac: {:?}\n{src}",
                        i + 1,
                        a.get(i),
                        b.get(i)
                    ));
                }
            }
            (Err(e), Err(t)) => {
                if t.strip_prefix("luac5.4: ") != Some(&*e.text()) {
                    failures.push(format!("seed {seed}: errors differ: {} / {t}", e.text()));
                }
            }
            (Ok(_), Err(t)) => failures.push(format!("seed {seed}: luac fails: {t}\n{src}")),
            (Err(e), Ok(_)) => failures.push(format!("seed {seed}: we fail: {}\n{src}", e.text())),
        }
    }
    println!("{n} random programs, {compiled} compiled by both");
    assert!(
        failures.is_empty(),
        "{} of {n} differ; first:\n{}",
        failures.len(),
        failures[0]
    );
}
