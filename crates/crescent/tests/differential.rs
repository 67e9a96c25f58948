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
    let out = Command::new("lua5.4")
        .current_dir(&dir)
        .arg("prog.lua")
        .output()
        .ok()?;
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
    assert_eq!(
        expected.lines().count(),
        got.lines().count(),
        "line counts differ"
    );
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
    let ops = [
        "+", "-", "*", "/", "//", "%", "^", "&", "|", "~", "<<", ">>", "..", "==", "~=", "<", "<=",
        ">", ">=",
    ];
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

#[test]
fn error_messages_match_lua54() {
    let snippets = [
        "local t = {} return t.a.b",
        "local t = {} t.a.b = 1",
        "return undefinedglobal.x",
        "undefinedglobal.x = 1",
        "local u; return (function() return u.x end)()",
        "local u; (function() u.x = 1 end)()",
        "local t = {} return t[1][2]",
        "local t = {} local k = 'key' return t[k].z",
        "local s = true return s.x.y",
        "return (1).x",
        "local t = {} t:nomethod()",
        "local t = {m = 1} t:m()",
        "nofunction()",
        "local f; f()",
        "local t = {} t.f()",
        "local t = {} t[1]()",
        "(nil)()",
        "return #nil",
        "local x = true return #x",
        "local t = {} return t.x .. 'a'",
        "return 'a' .. {}",
        "return 1 .. nil",
        "local a = {} return a < 1",
        "return 'a' < 1",
        "return {} <= {}",
        "return nil > 1",
        "return 1 < 'x'",
        "local t = setmetatable({}, {__index = function(t, k) error('idx ' .. k) end}) return t.foo",
        "local t = setmetatable({}, {__newindex = 'oops'}) t.x = 1",
        "local t = setmetatable({}, {__index = 5}) return t.x",
        "local t = setmetatable({}, {__call = 5}) t()",
        "local t = setmetatable({}, {__add = function() error('in add', 2) end}) return t + 1",
        "error('with level 1')",
        "error('with level 2', 2)",
        "error(42)",
        "error(nil)",
        "local x <close> = {}",
        "for i = 1, 'x' do end",
        "for i = 'a', 2 do end",
        "for i = 1, 2, {} do end",
        "for i = 1.5, 2, 0 do end",
        "setmetatable({}, 1)",
        "setmetatable(1, {})",
        "getmetatable()",
        "rawlen(5)",
        "rawget(5)",
        "rawset({}, 1)",
        "select(0)",
        "select('x')",
        "select(1.5)",
        "tonumber('10', 99)",
        "tonumber(10, 16)",
        "tonumber()",
        "ipairs()",
        "pairs(nil)",
        "next(nil)",
        "type()",
        "tostring()",
        "xpcall(print)",
        "collectgarbage('nope')",
        "local t = setmetatable({}, {__tostring = function() return 1 end}) return tostring(t)",
        "local t = setmetatable({}, {__tostring = function() return {} end}) return tostring(t)",
        "local a, b = 1 return a.x",
        "local t = {} for k, v in pairs(t) do end return t.x.y",
        "return math_missing.floor(1)",
        "local obj = {} return obj.field:method()",
        "return ('x')()",
        "local mt = {__index = function(t, k) return nil end} local t = setmetatable({}, mt) return t.a.b",
        "return -{}",
        "return ~1.5",
        "local x = 2^63 return x | 0",
        "return 1 // 0",
        "return 1 % 0",
        "local a = 'x' return a + 1",
        "local a = {} return 1 + a",
        "local a = {} return a & 1",
    ];
    let mut src = String::new();
    for (i, s) in snippets.iter().enumerate() {
        src.push_str(&format!(
            "do local ok, e = pcall(function() {} end) print({}, ok, type(e) == 'table' and 'table' or tostring(e)) end\n",
            s, i + 1
        ));
    }
    compare(&src);
}

#[test]
fn metamethod_protocols_match_lua54() {
    let src = r#"
local log = {}
local function L(...) local t = {} for i = 1, select('#', ...) do t[#t + 1] = tostring((select(i, ...))) end print(table_missing or '', table.concat and '' or '', (function(...) local s = '' for i = 1, select('#', ...) do s = s .. tostring((select(i, ...))) .. ',' end return s end)(...)) end
local mt = {}
for _, e in ipairs({'add', 'sub', 'mul', 'div', 'mod', 'pow', 'unm', 'idiv', 'band', 'bor', 'bxor', 'shl', 'shr', 'bnot', 'concat'}) do
  mt['__' .. e] = function(a, b) return e .. ':' .. type(a) .. ':' .. type(b) end
end
mt.__eq = function(a, b) return 'yes' end
mt.__lt = function(a, b) return nil end
mt.__le = function(a, b) return 0 end
mt.__len = function(a) return 'len', 2 end
mt.__index = function(t, k) return k end
mt.__call = function(self, ...) return select('#', ...), ... end
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(a + 1, 1 + a, a - b, a * 2.5, a / 1, 3 % a, a ^ 2, -a, a // 1, a & 1, 1 | a, a ~ a, a << 1, 1 >> a, ~a, a .. 'x', 'x' .. a, 1 .. a)
print(a == b, a ~= b, a == a, a < b, a <= b, a > b, a >= b, #a, a.foo, a[1], a(1, nil, 3))
print(a + 1 == 'add:table:number')
local c = setmetatable({}, {__concat = function(x, y) return 'C' end})
print('a' .. 'b' .. c .. 'd', 1 .. 2 .. c)
local called = 0
local d = setmetatable({}, {__index = setmetatable({x = 1}, {__index = function(t, k) called = called + 1 return k .. '!' end})})
print(d.x, d.y, called)
local e = setmetatable({}, {__newindex = setmetatable({}, {__newindex = function(t, k, v) print('deep set', k, v) end})})
e.z = 5 print(rawget(e, 'z'))
local f = setmetatable({}, {__call = setmetatable({}, {__call = function(...) return select('#', ...) end})})
print(pcall(f, 1, 2))
local cnt = setmetatable({}, {__len = function() return 7 end})
print(#cnt, rawlen(cnt))
local i1 = setmetatable({}, {__lt = function() return true end})
print(pcall(function() return i1 < 1, 1 < i1, i1 > 2, i1 <= 1, 3 >= i1 end))
local s1 = setmetatable({}, {__le = function() return false end})
print(s1 <= s1, s1 >= s1, pcall(function() return s1 < s1 end))
local p = setmetatable({}, {__pairs = function(t) return function(_, k) if (k or 0) < 3 then return (k or 0) + 1, 'v' end end, t, nil end})
for k, v in pairs(p) do print('pairs', k, v) end
local ip = setmetatable({}, {__index = function(t, i) if i <= 3 then return i * 10 end end})
for i, v in ipairs(ip) do print('ipairs', i, v) end
local cl = setmetatable({}, {__close = function(o, e) print('close', e) end})
do local x <close> = cl end
print(pcall(function() local y <close> = cl error('E') end))
print(select('#', (function() local z <close> = cl return 1, 2, 3 end)()))
local t = {}
t[1.0] = 'a' t[2] = 'b' t[2^53] = 'c'
print(t[1], t[2.0], t[2^53 | 0], #t)
print(rawequal(t, t), rawequal(1, 1.0), rawequal('a', 'a'), rawequal({}, {}))
print(tostring(nil), tostring(true), tostring(1e100), tostring(-0.0), tostring(2^63), tostring(-2^63), tostring(1/0))
print(getmetatable(a) == mt)
"#;
    compare(src);
}
