//! The random program generator.
//!
//! From a seed, [`generate`] builds a terminating, deterministic Lua 5.4 program: a preamble
//! of helpers (printing without addresses or platform-dependent NaN signs, a checksum), then
//! top-level blocks, each either random typed statements over its own locals or a scenario
//! (hot loops with late type changes, metatables, closures, errors, varargs, goto, iterators,
//! to-be-closed variables, recursion, strings, number edge cases).
//!
//! Safety by construction: outside `pcall`, every operation is type-correct (expressions are
//! generated for a static type), integer `//` and `%` have non-zero divisors, `#` is only
//! applied to proper sequences, strings and tables are bounded in size, and every loop has a
//! bounded trip count (nested loops share an iteration budget). Inside `pcall` bodies
//! ("risky" mode) erroring operations are generated on purpose.

mod expr;
mod scenarios;
mod scenarios2;
mod stmt;

use crate::program::{Block, Program};
use crate::rng::Rng;

/// Replaces `$NAME` placeholders (upper-case letters, digits, `_`) in a template.
pub fn fill_tpl(tpl: &str, vals: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(tpl.len() + 64);
    let b = tpl.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' {
            let mut j = i + 1;
            while j < b.len()
                && (b[j].is_ascii_uppercase() || b[j].is_ascii_digit() || b[j] == b'_')
            {
                j += 1;
            }
            let key = &tpl[i + 1..j];
            match vals.iter().find(|(k, _)| *k == key) {
                Some((_, v)) => out.push_str(v),
                None => panic!("unbound placeholder ${key} in template: {tpl}"),
            }
            i = j;
            continue;
        }
        let ch = tpl[i..].chars().next().unwrap();
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// `fill!("local $T = {}", T = name)`.
#[macro_export]
macro_rules! fill {
    ($tpl:expr $(, $k:ident = $v:expr)* $(,)?) => {
        $crate::gen::fill_tpl($tpl, &[$((stringify!($k), ($v).to_string())),*])
    };
}

/// Static types of generated expressions and variables.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Ty {
    Int,
    Flt,
    /// A number whose subtype may change (int or float).
    Num,
    Str,
    Bool,
    /// A non-empty sequence of integers, at most ~40 long.
    Tab,
    /// Anything, possibly nil: only printed, checksummed, compared with `==`.
    Any,
}

#[derive(Clone, Debug)]
pub(crate) struct Var {
    pub name: String,
    pub ty: Ty,
    pub assign: bool,
}

/// What a statement may use where it is generated.
#[derive(Clone, Debug)]
pub(crate) struct Env {
    pub vars: Vec<Var>,
    /// Product bound on the trip count of a loop started here.
    pub budget: u64,
    pub in_loop: bool,
    /// Inside a pcall'd function: errors are allowed.
    pub risky: bool,
    /// Label to `goto` for "continue" in the innermost loop, if it has one.
    pub cont: Option<String>,
    /// Pure integer helpers in scope: (name, arity).
    pub funcs: Vec<(String, usize)>,
}

impl Env {
    pub fn new(budget: u64) -> Env {
        Env {
            vars: Vec::new(),
            budget,
            in_loop: false,
            risky: false,
            cont: None,
            funcs: Vec::new(),
        }
    }
    pub fn with_var(&self, name: &str, ty: Ty, assign: bool) -> Env {
        let mut e = self.clone();
        e.vars.push(Var {
            name: name.to_string(),
            ty,
            assign,
        });
        e
    }
    pub fn add(&mut self, name: &str, ty: Ty, assign: bool) {
        self.vars.push(Var {
            name: name.to_string(),
            ty,
            assign,
        });
    }
    /// The environment inside a loop body with trip count `count`.
    pub fn in_loop_body(&self, count: u64, cont: Option<String>) -> Env {
        let mut e = self.clone();
        e.budget = self.budget / count.max(1);
        e.in_loop = true;
        e.cont = cont;
        e
    }
    /// The environment inside a function body (no break/continue across it).
    pub fn in_function(&self) -> Env {
        let mut e = self.clone();
        e.in_loop = false;
        e.cont = None;
        e
    }
}

pub struct Gen {
    pub(crate) rng: Rng,
    uid: u32,
    /// A stack overflow costs ~0.2 s under lua5.4: at most one per program.
    pub(crate) overflow_used: bool,
}

/// Options for generation.
#[derive(Clone, Debug)]
pub struct GenOptions {
    /// Number of top-level blocks (a range; picked per seed).
    pub min_blocks: usize,
    pub max_blocks: usize,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            min_blocks: 8,
            max_blocks: 18,
        }
    }
}

pub const PREAMBLE: &str = r#"local H = 0
-- S: a printable form of any value, without addresses or NaN signs.
local function S(v)
  local t = type(v)
  if t == "number" then
    if v ~= v then return "nan" end
    return tostring(v)
  elseif t == "string" then
    return v
  elseif t == "table" or t == "function" then
    return t
  end
  return tostring(v)
end
-- N: a float without NaN (for concatenation and tostring).
local function N(x)
  if x ~= x then return 0.0 end
  return x
end
-- I: any number to an integer, without errors.
local function I(x)
  if x ~= x or x >= 2^63 or x < -2^63 then return 0 end
  return (x // 1) | 0
end
-- C: mixes a value into the checksum.
local function C(v)
  local t = type(v)
  local x
  if t == "number" then
    if v ~= v then x = 7
    elseif v == 1/0 then x = 8
    elseif v == -1/0 then x = 9
    else x = I(v) ~ (#tostring(v) << 40) end
  elseif t == "string" then x = #v * 3 + 1
  elseif t == "boolean" then x = v and 11 or 13
  elseif t == "nil" then x = 17
  else x = 19 end
  H = (H * 31 + x) & 0xFFFFFFFFFFFF
end
local function M(n, v, ...)
  if n <= 0 then return end
  return S(v), M(n - 1, ...)
end
-- P: print anything.
local function P(...)
  print(M(select('#', ...), ...))
end
local function EF(e)
  if type(e) == "table" then
    local mt = getmetatable(e)
    if type(mt) == "table" and rawget(mt, "__tostring") then return "T:" .. tostring(e) end
    return "T{" .. S(rawget(e, "code")) .. "}"
  end
  return S(e)
end
-- PE: print the results of a pcall.
local function PE(ok, ...)
  local n = select('#', ...)
  local a, b, c = ...
  print("pcall", ok, n, EF(a), EF(b), EF(c))
  C(ok)
  C(n)
end
-- NUM: a number-like object whose arithmetic goes through metamethods.
local NMT = {}
local function NV(x)
  if type(x) == "table" then return rawget(x, "v") end
  return x
end
local function NUM(v) return setmetatable({v = v}, NMT) end
NMT.__add = function(a, b) return NV(a) + NV(b) end
NMT.__sub = function(a, b) return NV(a) - NV(b) end
NMT.__mul = function(a, b) return NV(a) * NV(b) end
NMT.__div = function(a, b) return NV(a) / NV(b) end
NMT.__unm = function(a) return -NV(a) end
NMT.__eq = function(a, b) return NV(a) == NV(b) end
NMT.__lt = function(a, b) return NV(a) < NV(b) end
NMT.__le = function(a, b) return NV(a) <= NV(b) end
NMT.__len = function(a) return 1 end
NMT.__call = function(self, x) return NV(self) * 2 + (x or 0) end
NMT.__concat = function(a, b) return S(N(NV(a))) .. "~" .. S(N(NV(b))) end
"#;

/// The preamble split into units (a definition with its leading comment), so the shrinker
/// can drop the helpers a reproducer does not need.
pub fn preamble_units() -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut comment_pending = false;
    for line in PREAMBLE.lines() {
        let starts_unit =
            !line.starts_with(' ') && !line.starts_with("end") && !line.starts_with("elseif");
        if starts_unit && !comment_pending && !cur.is_empty() {
            units.push(std::mem::take(&mut cur));
        }
        comment_pending = line.starts_with("--");
        cur.push_str(line);
        cur.push('\n');
    }
    if !cur.is_empty() {
        units.push(cur);
    }
    units
}

pub const EPILOGUE: &str = "print(\"checksum\", H)\n";

impl Gen {
    pub fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng::new(seed),
            uid: 0,
            overflow_used: false,
        }
    }

    /// A fresh name with the given prefix.
    pub(crate) fn name(&mut self, prefix: &str) -> String {
        self.uid += 1;
        format!("{prefix}{}", self.uid)
    }

    pub fn program(&mut self, seed: u64, opts: &GenOptions) -> Program {
        let n = self
            .rng
            .range(opts.min_blocks as i64, opts.max_blocks as i64) as usize;
        let mut blocks = Vec::with_capacity(n);
        for _ in 0..n {
            blocks.push(self.block());
        }
        Program {
            seed,
            preamble: preamble_units(),
            blocks,
            epilogue: EPILOGUE.to_string(),
        }
    }

    fn block(&mut self) -> Block {
        const KINDS: &[(&str, u32)] = &[
            ("generic", 26),
            ("hot-retype", 10),
            ("hot-callee", 7),
            ("hot-meta", 8),
            ("hot-array", 6),
            ("closures", 6),
            ("metaobj", 7),
            ("errors", 6),
            ("varargs", 5),
            ("goto", 4),
            ("iterators", 5),
            ("close", 4),
            ("recursion", 5),
            ("strings", 5),
            ("numedge", 6),
            ("hot-shapes", 6),
        ];
        let weights: Vec<u32> = KINDS.iter().map(|k| k.1).collect();
        let kind = KINDS[self.rng.weighted(&weights)].0;
        let mut b = match kind {
            "generic" => self.generic_block(),
            "hot-retype" => self.hot_retype(),
            "hot-callee" => self.hot_callee(),
            "hot-meta" => self.hot_meta(),
            "hot-array" => self.hot_array(),
            "closures" => self.closures(),
            "metaobj" => self.metaobj(),
            "errors" => self.errors(),
            "varargs" => self.varargs(),
            "goto" => self.gotos(),
            "iterators" => self.iterators(),
            "close" => self.close(),
            "recursion" => self.recursion(),
            "strings" => self.strings(),
            "hot-shapes" => self.hot_shapes(),
            _ => self.numedge(),
        };
        b.kind = kind;
        b
    }
}

/// Generates the program for a seed with default options.
pub fn generate(seed: u64) -> Program {
    generate_with(seed, &GenOptions::default())
}

pub fn generate_with(seed: u64, opts: &GenOptions) -> Program {
    Gen::new(seed).program(seed, opts)
}

/// Indents every line of `s` by two spaces.
pub(crate) fn indent(s: &str) -> String {
    let mut out = String::new();
    for line in s.lines() {
        if !line.is_empty() {
            out.push_str("  ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Joins statements (each possibly multi-line) into an indented body.
pub(crate) fn body(stmts: &[String]) -> String {
    let mut out = String::new();
    for s in stmts {
        out.push_str(&indent(s));
    }
    out
}
