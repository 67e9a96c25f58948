//! Golden tests over `tests/golden/*.lua`.
//!
//! * `X.lua` + `X.bytecode`: our `disassemble` output, compared as text
//!   (`BLESS=1 cargo test -p crescent-frontend` rewrites the `.bytecode` files).
//! * `X.lua` + `X.error`: the expected syntax error (chunkname `@X.lua`).
//! * When `luac5.4` is on PATH, every snippet is also checked against the reference:
//!   our listing must equal `luac5.4 -l -l -p X.lua` (function addresses normalized), and
//!   our error message must equal luac's.

use crescent_frontend::{compile, disassemble, Constant, Proto};
use std::path::{Path, PathBuf};
use std::process::Command;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn lua_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .expect("golden dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "lua"))
        .collect();
    v.sort();
    v
}

fn luac_available() -> bool {
    Command::new("luac5.4")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Replaces function addresses (`0x55d...` in luac, `F3` in ours) by their rank of first
/// appearance, so both listings can be compared.
fn normalize(text: &str) -> String {
    let mut seen: Vec<String> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let at_word_start = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let tok_end = if at_word_start && b[i] == b'0' && b.get(i + 1) == Some(&b'x') {
            let mut j = i + 2;
            while j < b.len() && b[j].is_ascii_hexdigit() {
                j += 1;
            }
            Some(j)
        } else if at_word_start && b[i] == b'F' && b.get(i + 1).is_some_and(|c| c.is_ascii_digit())
        {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            (j == b.len() || matches!(b[j], b')' | b':' | b'\n')).then_some(j)
        } else {
            None
        };
        match tok_end {
            Some(j) => {
                let tok = text[i..j].to_string();
                let n = match seen.iter().position(|s| *s == tok) {
                    Some(n) => n,
                    None => {
                        seen.push(tok);
                        seen.len() - 1
                    }
                };
                out.push_str(&format!("<fn{n}>"));
                i = j;
            }
            None => {
                let c = text[i..].chars().next().unwrap();
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

/// A function read back from a `luac5.4` binary chunk: code words and constants.
struct Undumped {
    code: Vec<u32>,
    constants: Vec<Constant>,
    protos: Vec<Undumped>,
}

/// A minimal reader of Lua 5.4 binary chunks (`lundump.c`), enough to compare code words and
/// exact constant values with ours.
struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        self.pos += 1;
        self.b[self.pos - 1]
    }
    fn bytes(&mut self, n: usize) -> &[u8] {
        self.pos += n;
        &self.b[self.pos - n..self.pos]
    }
    fn size(&mut self) -> usize {
        let mut x = 0usize;
        loop {
            let b = self.byte();
            x = (x << 7) | (b & 0x7f) as usize;
            if b & 0x80 != 0 {
                return x;
            }
        }
    }
    fn string(&mut self) -> Option<Vec<u8>> {
        match self.size() {
            0 => None,
            n => Some(self.bytes(n - 1).to_vec()),
        }
    }
    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.bytes(8).try_into().unwrap())
    }
    fn function(&mut self) -> Undumped {
        self.string(); // source
        self.size(); // linedefined
        self.size(); // lastlinedefined
        self.bytes(3); // numparams, is_vararg, maxstacksize
        let n = self.size();
        let code = (0..n)
            .map(|_| u32::from_le_bytes(self.bytes(4).try_into().unwrap()))
            .collect();
        let n = self.size();
        let mut constants = Vec::new();
        for _ in 0..n {
            constants.push(match self.byte() {
                0x00 => Constant::Nil,
                0x01 => Constant::Bool(false),
                0x11 => Constant::Bool(true),
                0x03 => Constant::Int(self.u64() as i64),
                0x13 => Constant::Float(f64::from_bits(self.u64())),
                0x04 | 0x14 => Constant::Str(self.string().unwrap().into()),
                t => panic!("unknown constant tag {t:#x}"),
            });
        }
        let n = self.size();
        self.bytes(3 * n); // upvalues
        let n = self.size();
        let protos = (0..n).map(|_| self.function()).collect();
        let n = self.size();
        self.bytes(n); // lineinfo
        for _ in 0..self.size() {
            self.size();
            self.size(); // abslineinfo
        }
        for _ in 0..self.size() {
            self.string();
            self.size();
            self.size(); // locvars
        }
        for _ in 0..self.size() {
            self.string(); // upvalue names
        }
        Undumped {
            code,
            constants,
            protos,
        }
    }
}

fn undump(b: &[u8]) -> Undumped {
    let mut r = Reader { b, pos: 0 };
    assert_eq!(r.bytes(4), b"\x1bLua");
    r.bytes(2 + 6 + 3 + 8 + 8 + 1); // version, format, LUAC_DATA, sizes, LUAC_INT/NUM, nupvalues
    r.function()
}

/// Compares code words and constants (floats bit for bit) of two function trees.
fn compare_binary(ours: &Proto, theirs: &Undumped, path: &str, out: &mut Vec<String>) {
    let our_code: Vec<u32> = ours.code.iter().map(|i| i.0).collect();
    if our_code != theirs.code {
        let pc = our_code.iter().zip(&theirs.code).position(|(a, b)| a != b);
        out.push(format!(
            "{path}: code words differ (first at pc {pc:?}: ours {:?}, luac {:?})",
            pc.map(|p| ours.code[p]),
            pc.map(|p| crescent_frontend::Instr(theirs.code[p]))
        ));
    }
    let same_k = ours.constants.len() == theirs.constants.len()
        && ours
            .constants
            .iter()
            .zip(&theirs.constants)
            .all(|(a, b)| match (a, b) {
                (Constant::Float(x), Constant::Float(y)) => x.to_bits() == y.to_bits(),
                _ => a == b,
            });
    if !same_k {
        out.push(format!("{path}: constants differ"));
    }
    if ours.protos.len() != theirs.protos.len() {
        out.push(format!("{path}: number of functions differs"));
        return;
    }
    for (i, (a, b)) in ours.protos.iter().zip(&theirs.protos).enumerate() {
        compare_binary(a, b, &format!("{path}/{i}"), out);
    }
}

fn first_diff(a: &str, b: &str) -> String {
    for (n, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  ours:  {x}\n  luac:  {y}", n + 1);
        }
    }
    format!(
        "lengths differ: {} vs {} lines",
        a.lines().count(),
        b.lines().count()
    )
}

#[test]
fn golden() {
    let bless = std::env::var_os("BLESS").is_some();
    let luac = luac_available();
    if !luac {
        println!("note: luac5.4 not on PATH; skipping the comparison with the reference");
    }
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut binary_checked = 0;
    for path in lua_files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let src = std::fs::read(&path).unwrap();
        let chunkname = format!("@{name}");
        let err_path = path.with_extension("error");
        let bc_path = path.with_extension("bytecode");
        let result = compile(&src, &chunkname);
        let luac_out = luac.then(|| {
            Command::new("luac5.4")
                .args(["-l", "-l", "-p", &name])
                .current_dir(golden_dir())
                .output()
                .expect("run luac5.4")
        });
        checked += 1;
        if err_path.exists() {
            let expected = std::fs::read_to_string(&err_path)
                .unwrap()
                .trim_end()
                .to_string();
            match &result {
                Ok(_) => failures.push(format!("{name}: compiled, expected error {expected:?}")),
                Err(e) => {
                    if e.text() != expected {
                        failures.push(format!(
                            "{name}: error\n  got:      {}\n  expected: {expected}",
                            e.text()
                        ));
                    }
                }
            }
            if let Some(o) = luac_out {
                let stderr = String::from_utf8_lossy(&o.stderr);
                let theirs = stderr
                    .trim_end()
                    .strip_prefix("luac5.4: ")
                    .unwrap_or(&stderr);
                if theirs != expected {
                    failures.push(format!(
                        "{name}: luac says {theirs:?}, .error says {expected:?}"
                    ));
                }
            }
            continue;
        }
        let proto = match result {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{name}: unexpected error {}", e.text()));
                continue;
            }
        };
        let ours = disassemble(&proto);
        if bless {
            std::fs::write(&bc_path, &ours).unwrap();
        } else {
            match std::fs::read_to_string(&bc_path) {
                Ok(expected) if expected == ours => {}
                Ok(expected) => failures.push(format!(
                    "{name}: differs from {}: {}",
                    bc_path.display(),
                    first_diff(&ours, &expected)
                )),
                Err(_) => failures.push(format!("{name}: no .bytecode file (run with BLESS=1)")),
            }
        }
        if luac {
            let tmp = std::env::temp_dir().join(format!("crescent-golden-{}.luac", name));
            let st = Command::new("luac5.4")
                .arg("-o")
                .arg(&tmp)
                .arg(&name)
                .current_dir(golden_dir())
                .status()
                .expect("run luac5.4");
            assert!(st.success());
            let bin = std::fs::read(&tmp).unwrap();
            let _ = std::fs::remove_file(&tmp);
            compare_binary(&proto, &undump(&bin), &name, &mut failures);
            binary_checked += 1;
        }
        if let Some(o) = luac_out {
            let theirs = String::from_utf8_lossy(&o.stdout);
            let (a, b) = (normalize(&ours), normalize(&theirs));
            if a != b {
                failures.push(format!(
                    "{name}: differs from luac5.4: {}",
                    first_diff(&a, &b)
                ));
            }
        }
    }
    println!("{checked} golden snippets checked, {binary_checked} against luac5.4 binary chunks");
    if !failures.is_empty() {
        panic!(
            "{} golden failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}
