//! Fuzz target bodies, shared by the libFuzzer harness (`fuzz/` at the workspace root, built
//! with `cargo fuzz` on a nightly toolchain) and by the stable test
//! `crates/crescent-fuzz/tests/targets.rs`, which feeds each body deterministic pseudo-random
//! and mutated inputs. A body takes arbitrary bytes and must not panic (nor hang, nor crash);
//! Lua errors are fine. Where an invariant holds on every input (compiler output passes the
//! bytecode verifier, a dump reloads to the same dump), the body asserts it.
//!
//! Targets:
//! - [`parse`]: raw bytes as a chunk through the front end (lexer, parser, code generator).
//! - [`compile`]: bytes mapped to a token stream (keywords, operators, names, literals), so
//!   most inputs are near-valid programs; what compiles is verified, dumped and reloaded, and
//!   run (eager baseline JIT) under an instruction budget.
//! - [`load_binary`]: binary chunks through `load(chunk, name, "b")` (undump + verifier +
//!   runtime checks), either raw (input starting with ESC) or a valid dump patched by the
//!   input; what loads runs under an instruction budget.
//! - [`format`]: `string.format` with a format and typed arguments decoded from the input.
//! - [`patterns`]: `string.find/match/gmatch/gsub` (string, table and function replacements).
//! - [`pack`]: `string.pack/unpack/packsize` with formats and values from the input.
//!
//! The runtime targets use one `crescent::Lua` per thread, with a 64 MB memory limit; each
//! input runs a small driver chunk that receives the decoded pieces as `...`. Sizes are capped
//! so that no input can take long (pattern subjects are short and patterns have few
//! quantifiers: backtracking is exponential in them, in PUC Lua as here).

use std::cell::RefCell;

/// Budget of VM instructions for code run by the targets (a count hook raises an error).
const BUDGET: u32 = 20_000;

thread_local! {
    static LUA: RefCell<Option<crescent::Lua>> = const { RefCell::new(None) };
}

/// Runs `driver` with `args` as its varargs in this thread's state. Lua errors are ignored.
fn with_lua(driver: &str, args: &[Vec<u8>]) {
    LUA.with(|cell| {
        let mut slot = cell.borrow_mut();
        let lua = slot.get_or_insert_with(|| {
            let mut lua = crescent::Lua::new();
            lua.set_memory_limit(64 << 20);
            lua.set_output(Box::new(std::io::sink()));
            lua.set_jit_options(crescent::jit::JitOptions {
                enabled: true,
                threshold: 0,
                ..Default::default()
            });
            lua
        });
        let _ = lua.exec(driver.as_bytes(), "=fuzzdriver", args);
    });
}

/// Splits fuzz input into typed pieces; past the end every read yields zeros or empties.
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data }
    }
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }
    /// A length-prefixed byte string of at most `max` bytes.
    pub fn bytes(&mut self, max: usize) -> &'a [u8] {
        let n = (self.byte() as usize).min(max).min(self.data.len());
        let (s, rest) = self.data.split_at(n);
        self.data = rest;
        s
    }
    /// An integer: mostly small or a boundary value, sometimes 8 raw bytes.
    pub fn int(&mut self) -> i64 {
        const EDGES: [i64; 12] = [
            0,
            1,
            -1,
            2,
            255,
            256,
            65535,
            i32::MAX as i64,
            i64::MAX,
            i64::MIN,
            i64::MAX - 1,
            -255,
        ];
        match self.byte() % 4 {
            0 => EDGES[self.byte() as usize % EDGES.len()],
            1 => {
                let mut b = [0u8; 8];
                for x in &mut b {
                    *x = self.byte();
                }
                i64::from_le_bytes(b)
            }
            _ => self.byte() as i8 as i64,
        }
    }
    pub fn rest(&self) -> &'a [u8] {
        self.data
    }
}

/// A Lua value for the drivers, passed as a string and converted by `decode` (in Lua).
fn value(inp: &mut Input) -> [Vec<u8>; 2] {
    let kind = inp.byte() % 6;
    let payload = match kind {
        0 => inp.int().to_string().into_bytes(),
        1 => {
            const FLOATS: [&str; 10] = [
                "0.5", "-0.0", "1e308", "-1e308", "1/0", "-1/0", "0/0", "2^53", "2^63", "5e-324",
            ];
            FLOATS[inp.byte() as usize % FLOATS.len()]
                .as_bytes()
                .to_vec()
        }
        2 => format!("{}.25", inp.int() >> 8).into_bytes(),
        _ => inp.bytes(48).to_vec(),
    };
    [vec![b"ifxsss"[kind as usize]], payload]
}

/// Lua source of `decode(kind, payload)`, the inverse of [`value`].
const DECODE: &str = "local function decode(k, p)
  if k == 'i' then return math.tointeger(tonumber(p)) or 0
  elseif k == 'f' then return load('return ' .. p)()
  elseif k == 'x' then return tonumber(p) or 0.5
  else return p end
end
";

/// Counts the budget-relevant quantifiers of a pattern.
fn quantifiers(p: &[u8]) -> usize {
    p.iter()
        .filter(|&&c| matches!(c, b'*' | b'-' | b'+' | b'?'))
        .count()
}

// ------------------------------------------------------------------------------------------
// Front end

/// Raw bytes as a Lua chunk: compile; what compiles must pass the verifier and disassemble.
pub fn parse(data: &[u8]) {
    if let Ok(p) = crescent_frontend::compile(data, "=fuzz") {
        check_proto(&p);
    }
}

fn check_proto(p: &std::rc::Rc<crescent_frontend::Proto>) {
    if let Err(e) = crescent_frontend::bytecode::dump::verify(p, None) {
        panic!("compiler output fails the verifier: {e}");
    }
    let _ = crescent_frontend::disassemble(p);
    for strip in [false, true] {
        let d = crescent_frontend::dump(p, strip);
        let back = crescent_frontend::undump(&d, "=fuzz")
            .unwrap_or_else(|e| panic!("dump does not reload: {e}"));
        assert_eq!(
            crescent_frontend::dump(&back, strip),
            d,
            "dump/undump/dump is not stable"
        );
    }
}

/// The token vocabulary of [`compile`] (input byte `b` is token `b % TOKENS.len()`).
pub const TOKENS: &[&str] = &[
    "local",
    "function",
    "end",
    "if",
    "then",
    "else",
    "elseif",
    "while",
    "do",
    "for",
    "in",
    "repeat",
    "until",
    "return",
    "break",
    "goto",
    "::l::",
    "and",
    "or",
    "not",
    "nil",
    "true",
    "false",
    "...",
    "=",
    "==",
    "~=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "//",
    "%",
    "^",
    "#",
    "&",
    "|",
    "~",
    "<<",
    ">>",
    "..",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ";",
    ":",
    ",",
    ".",
    "a",
    "b",
    "c",
    "t",
    "f",
    "x",
    "l",
    "print",
    "pcall",
    "error",
    "setmetatable",
    "string",
    "coroutine",
    "0",
    "1",
    "2",
    "-1",
    "3.5",
    "0x7fffffffffffffff",
    "1e308",
    "'s'",
    "\"\\0\"",
    "[[long]]",
    "<const>",
    "<close>",
    "self",
    "i",
    "for i = 1, 3 do",
    "while x do",
    "t.x",
    "t[1]",
    "{a = 1, 2}",
    "function(...)",
    "return ...",
    "a, b = b, a",
    "x = x + 1",
    "f(a)",
    "t:m()",
    "goto l",
];

/// The token program [`compile`] makes of its input.
pub fn token_source(data: &[u8]) -> Vec<u8> {
    let mut src = Vec::new();
    for &b in data.iter().take(400) {
        src.extend_from_slice(TOKENS[b as usize % TOKENS.len()].as_bytes());
        src.push(if b >= 0xf0 { b'\n' } else { b' ' });
    }
    src
}

/// Bytes to a token program; what compiles is checked like [`parse`] and then run.
pub fn compile(data: &[u8]) {
    let src = token_source(data);
    let Ok(p) = crescent_frontend::compile(&src, "=fuzz") else {
        return;
    };
    check_proto(&p);
    with_lua(
        &format!(
            "local src = ...
local f = load(src, '=prog', 't')
if not f then error('compiled by the front end but not by load') end
local co = coroutine.create(f)
debug.sethook(co, function() error('budget') end, '', {BUDGET})
coroutine.resume(co)"
        ),
        &[src],
    );
}

// ------------------------------------------------------------------------------------------
// Binary chunks

/// A binary chunk with upvalues, nested functions, varargs, loops, constants of every type.
fn seed_dump() -> Vec<u8> {
    let src = b"local up = 0
local function inner(a, ...)
  local t = {a, ...}
  for i = 1, #t do up = up + (tonumber(t[i]) or 1) end
  return select('#', ...), up
end
local s = 'str'
for k, v in pairs({x = 1.5, y = true}) do s = s .. tostring(k) end
local ok, e = pcall(error, {code = 7})
while up < 10 do up = up + 1 end
return inner(1, 2, nil, 0x7fffffffffffffff), s, e.code, 2^53, -0.0";
    let p = crescent_frontend::compile(src, "=seed").expect("seed compiles");
    crescent_frontend::dump(&p, false)
}

/// Binary chunks through `load(..., "b")`: raw when the input starts with ESC, otherwise a
/// valid dump with bytes overwritten at positions taken from the input. What loads runs
/// under the instruction budget.
pub fn load_binary(data: &[u8]) {
    let chunk = if data.first() == Some(&0x1b) {
        data.to_vec()
    } else {
        let mut d = seed_dump();
        let mut inp = Input::new(data);
        let strip = inp.byte() & 1 == 1;
        if strip {
            let p = crescent_frontend::undump(&d, "=seed").expect("seed reloads");
            d = crescent_frontend::dump(&p, true);
        }
        while !inp.rest().is_empty() {
            let pos = ((inp.byte() as usize) << 8 | inp.byte() as usize) % d.len();
            match inp.byte() % 8 {
                0 => d.truncate(pos.max(1)),
                1 => d.insert(pos, inp.byte()),
                2 => {
                    d.remove(pos);
                    if d.is_empty() {
                        d.push(0x1b);
                    }
                }
                _ => d[pos] = inp.byte(),
            }
        }
        d
    };
    with_lua(
        &format!(
            "local chunk = ...
local f = load(chunk, '=bin', 'b')
if f then
  local co = coroutine.create(f)
  debug.sethook(co, function() error('budget') end, '', {BUDGET})
  coroutine.resume(co, 1, 'two', nil)
  if coroutine.status(co) == 'suspended' then coroutine.close(co) end
end"
        ),
        &[chunk],
    );
}

// ------------------------------------------------------------------------------------------
// String library

/// `string.format(fmt, a1, a2, a3, a4)`, the format and the arguments from the input.
pub fn format(data: &[u8]) {
    let mut inp = Input::new(data);
    let fmt = inp.bytes(64).to_vec();
    let mut args = vec![fmt];
    for _ in 0..4 {
        args.extend(value(&mut inp));
    }
    with_lua(
        &format!(
            "{DECODE}local fmt, k1, p1, k2, p2, k3, p3, k4, p4 = ...
local ok, s = pcall(string.format, fmt, decode(k1, p1), decode(k2, p2), decode(k3, p3), decode(k4, p4))
if ok and type(s) ~= 'string' then error('format returned a ' .. type(s)) end"
        ),
        &args,
    );
}

/// `string.find/match/gmatch/gsub` with a subject, a pattern, an init and a replacement.
pub fn patterns(data: &[u8]) {
    let mut inp = Input::new(data);
    let op = inp.byte() % 8;
    let subject = inp.bytes(128).to_vec();
    let pattern = inp.bytes(40).to_vec();
    if quantifiers(&pattern) > 3 {
        return;
    }
    let init = inp.int().to_string().into_bytes();
    let repl = inp.bytes(16).to_vec();
    let nmax = (inp.byte() as i64 - 2).to_string().into_bytes();
    with_lua(
        "local op, s, p, init, repl, nmax = ...
op, init, nmax = tonumber(op), math.tointeger(tonumber(init)), math.tointeger(tonumber(nmax))
if op == 0 then pcall(string.find, s, p, init)
elseif op == 1 then pcall(string.find, s, p, init, true)
elseif op == 2 then pcall(string.match, s, p, init)
elseif op == 3 then pcall(function() local n = 0 for a, b in string.gmatch(s, p, init) do n = n + 1 if n > 300 then break end end end)
elseif op == 4 then pcall(string.gsub, s, p, repl, nmax)
elseif op == 5 then pcall(string.gsub, s, p, {a = 1, [''] = 'e', x = false, y = {}}, nmax)
elseif op == 6 then pcall(string.gsub, s, p, function(...) return select('#', ...) % 2 == 0 and ... or nil end, nmax)
else pcall(string.gsub, s, p, '%0%1' .. repl) end",
        &[vec![b'0' + op], subject, pattern, init, repl, nmax],
    );
}

/// `string.pack(fmt, ...)`, `string.unpack(fmt, data, init)` and `string.packsize(fmt)`.
pub fn pack(data: &[u8]) {
    let mut inp = Input::new(data);
    let fmt = inp.bytes(32).to_vec();
    let init = inp.int().to_string().into_bytes();
    let mut args = vec![fmt, init];
    for _ in 0..4 {
        args.extend(value(&mut inp));
    }
    args.push(inp.rest().iter().take(256).copied().collect());
    with_lua(
        &format!(
            "{DECODE}local fmt, init, k1, p1, k2, p2, k3, p3, k4, p4, bytes = ...
init = math.tointeger(tonumber(init))
pcall(string.packsize, fmt)
local ok, packed = pcall(string.pack, fmt, decode(k1, p1), decode(k2, p2), decode(k3, p3), decode(k4, p4))
if ok then pcall(string.unpack, fmt, packed) end
pcall(string.unpack, fmt, bytes, init)
pcall(string.unpack, fmt, bytes)"
        ),
        &args,
    );
}

/// Every target, by name (the libFuzzer harness and the stable test use this list).
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("parse", parse),
    ("compile", compile),
    ("load_binary", load_binary),
    ("format", format),
    ("patterns", patterns),
    ("pack", pack),
];
