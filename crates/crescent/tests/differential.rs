//! Differential tests against `lua5.4` (skipped when it is not installed): every binary and
//! unary operator over a pool of edge-case values, run through `pcall` so results and error
//! messages (with culprit names) are compared line by line.

use crescent::Lua;
use std::cell::RefCell;
use std::io::Write;
use std::process::Command;
use std::rc::Rc;

#[derive(Clone, Default)]
struct Buf(Rc<RefCell<Vec<u8>>>);
impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn reference(src: &str) -> Option<String> {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("crescent-diff-{}-{}", std::process::id(), n));
    std::fs::create_dir_all(&dir).ok()?;
    let f = dir.join("prog.lua");
    std::fs::write(&f, src).ok()?;
    let out = Command::new("lua5.4").current_dir(&dir).arg("prog.lua").output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn ours(src: &str) -> String {
    let mut lua = Lua::new();
    let buf = Buf::default();
    lua.set_output(Box::new(buf.clone()));
    if let Err(e) = lua.exec(src.as_bytes(), "@prog.lua", &[]) {
        panic!("error: {}", e);
    }
    drop(lua);
    let s = String::from_utf8_lossy(&buf.0.borrow()).into_owned();
    s
}

fn compare(src: &str) {
    let Some(expected) = reference(src) else {
        eprintln!("lua5.4 not available; skipping");
        return;
    };
    let got = ours(src);
    let mut bad = 0;
    for (i, (a, b)) in expected.lines().zip(got.lines()).enumerate() {
        if a != b {
            bad += 1;
            if bad <= 20 {
                eprintln!("line {}:\n  lua5.4: {}\n  ours:   {}", i + 1, a, b);
            }
        }
    }
    assert_eq!(expected.lines().count(), got.lines().count(), "line counts differ");
    assert_eq!(bad, 0, "{} differing lines", bad);
}

const VALUES: &str = "local V = {0, 1, -1, 2, 3, 7, -7, 0.0, -0.0, 0.5, -2.5, 3.0, 1e308, 1/0, -1/0, 0/0, \
    9223372036854775807, -9223372036854775807 - 1, 2^53, 2^63, -2^63, 4611686018427387904, \
    '10', '0x10', '3.5', ' 7 ', 'abc', '', '1e2', true, false, 'nil', 'tbl'} \
    local N = #V V[#V - 1] = nil V[#V] = {} \
    local function show(ok, ...) local t = {} for i = 1, select('#', ...) do local x = select(i, ...) \
      if type(x) == 'table' then t[i] = 'table' elseif type(x) == 'number' then t[i] = (math_type and '' or '') .. tostring(x) .. (x == x and (x // 1 == x and '' or '') or '') else t[i] = tostring(x) end end \
      local r = tostring(ok) for i = 1, #t do r = r .. ' ' .. t[i] end return r end\n";

#[test]
fn binary_operators_match_lua54() {
    let ops = ["+", "-", "*", "/", "//", "%", "^", "&", "|", "~", "<<", ">>", "..", "==", "~=", "<", "<=", ">", ">="];
    let mut src = String::from(VALUES);
    for op in ops {
        src.push_str(&format!(
            "for i = 1, N do for j = 1, N do print('{op}', i, j, show(pcall(function(a, b) return a {op} b end, V[i], V[j]))) end end\n"
        ));
    }
    compare(&src);
}

#[test]
fn unary_operators_and_conversions_match_lua54() {
    let mut src = String::from(VALUES);
    for op in ["-", "~", "#", "not "] {
        src.push_str(&format!("for i = 1, N do print('{op}', i, show(pcall(function(a) return {op}a end, V[i]))) end\n"));
    }
    src.push_str("for i = 1, N do print('tonumber', i, show(pcall(tonumber, V[i]))) print('tostring', i, type(V[i]) == 'table' or show(pcall(tostring, V[i]))) end\n");
    src.push_str("for i = 1, N do for b = 2, 36, 7 do print('tonumber base', i, b, show(pcall(tonumber, V[i], b))) end end\n");
    src.push_str("for i = 1, N do for j = 1, N do print('for', i, j, show(pcall(function(a, b) local n = 0 for k = a, b do n = n + 1 if n > 5 then break end end return n end, V[i], V[j]))) end end\n");
    src.push_str("for i = 1, N do local t = {} print('index', i, show(pcall(function(k) t[k] = 1 return t[k] end, V[i]))) end\n");
    compare(&src);
}
