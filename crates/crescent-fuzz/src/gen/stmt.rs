//! Statement generation over typed locals, and the generic block.

use super::expr::fmt_int;
use super::{body, indent, Env, Gen, Ty};
use crate::fill;
use crate::program::Block;

/// Bound on the nesting product of loop trip counts in a block.
pub(crate) const LOOP_BUDGET: u64 = 3000;

impl Gen {
    /// A trip count for a new loop, or None when the budget is exhausted.
    pub(crate) fn loop_count(&mut self, env: &Env) -> Option<u64> {
        if env.budget < 2 {
            return None;
        }
        let c = if self.rng.chance(1, 4) {
            self.rng.range(100, 2500) as u64
        } else {
            self.rng.range(0, 12) as u64
        };
        Some(c.min(env.budget))
    }

    pub(crate) fn stmts(&mut self, env: &Env, d: u32, lo: i64, hi: i64) -> Vec<String> {
        let n = self.rng.range(lo, hi);
        (0..n).map(|_| self.stmt(env, d)).collect()
    }

    fn print_stmt(&mut self, env: &Env) -> String {
        let n = self.rng.range(1, 4);
        let mut args = Vec::new();
        let direct = self.rng.chance(1, 3);
        for _ in 0..n {
            let ty = if direct {
                *self.rng.pick(&[Ty::Int, Ty::Str, Ty::Bool])
            } else {
                *self
                    .rng
                    .pick(&[Ty::Int, Ty::Flt, Ty::Num, Ty::Str, Ty::Bool, Ty::Any])
            };
            args.push(self.expr(env, ty, 2));
        }
        if direct {
            format!("print({})", args.join(", "))
        } else {
            format!("P({})", args.join(", "))
        }
    }

    fn assign_stmt(&mut self, env: &Env) -> Option<String> {
        let cands: Vec<super::Var> = env.vars.iter().filter(|v| v.assign).cloned().collect();
        if cands.is_empty() {
            return None;
        }
        let v = self.rng.pick(&cands).clone();
        let n = &v.name;
        Some(match v.ty {
            Ty::Str => {
                let e = self.e_str(env, 3);
                fill!(
                    "$V = $E\nif #$V > 100 then $V = \"L\" .. #$V end",
                    V = n,
                    E = e
                )
            }
            Ty::Tab => match self.rng.below(5) {
                0 => fill!(
                    "if #$V < 40 then $V[#$V + 1] = $E end",
                    V = n,
                    E = self.e_int(env, 2)
                ),
                1 => fill!("if #$V > 1 then $V[#$V] = nil end", V = n),
                2 => format!("{n} = {}", self.e_tab(env, 2)),
                _ => fill!(
                    "$V[($K % #$V) + 1] = $E",
                    V = n,
                    K = self.e_int(env, 2),
                    E = self.e_int(env, 2)
                ),
            },
            Ty::Num => {
                // Both subtypes on purpose: a speculating tier sees the type change.
                if self.rng.chance(1, 2) {
                    format!("{n} = {}", self.e_int(env, 3))
                } else {
                    format!("{n} = {}", self.e_num(env, 3))
                }
            }
            ty => format!("{n} = {}", self.expr(env, ty, 3)),
        })
    }

    fn multi_assign(&mut self, env: &Env) -> Option<String> {
        let cands: Vec<super::Var> = env
            .vars
            .iter()
            .filter(|v| v.assign && v.ty != Ty::Str && v.ty != Ty::Tab)
            .cloned()
            .collect();
        if cands.len() < 2 {
            return None;
        }
        let a = self.rng.pick(&cands).clone();
        let b = self.rng.pick(&cands).clone();
        if a.name == b.name {
            return None;
        }
        if a.ty == b.ty && self.rng.chance(1, 2) {
            return Some(format!("{}, {} = {}, {}", a.name, b.name, b.name, a.name));
        }
        Some(format!(
            "{}, {} = {}, {}",
            a.name,
            b.name,
            self.expr(env, a.ty, 2),
            self.expr(env, b.ty, 2)
        ))
    }

    /// One statement (possibly compound) using the variables of `env`.
    pub(crate) fn stmt(&mut self, env: &Env, d: u32) -> String {
        loop {
            // Inside hot loops, print rarely (the checksum still sees the values).
            let hot = env.in_loop && env.budget < 300;
            let w = [
                30,                        // 0 assign
                if hot { 1 } else { 10 },  // 1 print
                8,                         // 2 checksum
                if d > 0 { 8 } else { 0 }, // 3 if
                if d > 0 { 7 } else { 0 }, // 4 numeric for
                if d > 0 { 3 } else { 0 }, // 5 while
                if d > 0 { 3 } else { 0 }, // 6 repeat
                if d > 0 { 3 } else { 0 }, // 7 ipairs / pairs / custom iterator
                if d > 0 && !env.risky {
                    if hot {
                        1
                    } else {
                        5
                    }
                } else {
                    0
                }, // 8 pcall
                if d > 0 { 3 } else { 0 }, // 9 local function
                if env.in_loop { 3 } else { 0 }, // 10 break
                if env.cont.is_some() { 3 } else { 0 }, // 11 continue
                4,                         // 12 multi-assign
                if d > 0 { 3 } else { 0 }, // 13 nested scope with a local
                if env.risky { 12 } else { 0 }, // 14 risky
                if d > 0 { 2 } else { 0 }, // 15 closures made in a loop
            ];
            let r = match self.rng.weighted(&w) {
                0 => self.assign_stmt(env),
                1 => Some(self.print_stmt(env)),
                2 => {
                    let ty =
                        *self
                            .rng
                            .pick(&[Ty::Int, Ty::Flt, Ty::Num, Ty::Str, Ty::Bool, Ty::Any]);
                    Some(format!("C({})", self.expr(env, ty, 3)))
                }
                3 => Some(self.if_stmt(env, d)),
                4 => self.for_stmt(env, d),
                5 => self.while_stmt(env, d),
                6 => self.repeat_stmt(env, d),
                7 => self.iter_stmt(env, d),
                8 => Some(self.pcall_stmt(env, d)),
                9 => Some(self.func_stmt(env, d)),
                10 => Some(format!("if {} then break end", self.e_bool(env, 2))),
                11 => Some(format!(
                    "if {} then goto {} end",
                    self.e_bool(env, 2),
                    env.cont.clone().unwrap()
                )),
                12 => self.multi_assign(env),
                13 => {
                    let ty = *self
                        .rng
                        .pick(&[Ty::Int, Ty::Flt, Ty::Num, Ty::Str, Ty::Bool]);
                    let v = self.name("l");
                    let init = self.expr(env, if ty == Ty::Num { Ty::Int } else { ty }, 2);
                    let inner = env.with_var(&v, ty, ty != Ty::Str);
                    let mut ss = self.stmts(&inner, d - 1, 1, 3);
                    ss.push(format!("C({v})"));
                    Some(format!("do\n  local {v} = {init}\n{}end", body(&ss)))
                }
                14 => Some(self.risky_stmt(env)),
                _ => self.closure_loop(env, d),
            };
            if let Some(s) = r {
                return s;
            }
        }
    }

    fn if_stmt(&mut self, env: &Env, d: u32) -> String {
        let mut s = format!(
            "if {} then\n{}",
            self.e_bool(env, 3),
            body(&self.stmts(env, d - 1, 1, 3))
        );
        let n = self.rng.range(0, 2);
        for _ in 0..n {
            s.push_str(&format!(
                "elseif {} then\n{}",
                self.e_bool(env, 3),
                body(&self.stmts(env, d - 1, 1, 2))
            ));
        }
        if self.rng.chance(1, 2) {
            s.push_str(&format!("else\n{}", body(&self.stmts(env, d - 1, 1, 2))));
        }
        s.push_str("end");
        s
    }

    /// A loop body with an optional "continue" label at its end.
    fn loop_body(&mut self, env: &Env, count: u64, d: u32, var: Option<(&str, Ty)>) -> String {
        let use_cont = self.rng.chance(1, 3);
        let label = if use_cont {
            Some(self.name("cont"))
        } else {
            None
        };
        let mut inner = env.in_loop_body(count, label.clone());
        if let Some((v, ty)) = var {
            inner.add(v, ty, false);
        }
        let ss = self.stmts(&inner, d - 1, 1, 4);
        match label {
            Some(l) => format!("do\n{}end\n::{l}::\n", body(&ss)),
            None => ss.iter().map(|s| s.clone() + "\n").collect(),
        }
    }

    fn for_stmt(&mut self, env: &Env, d: u32) -> Option<String> {
        let c = self.loop_count(env)?;
        let v = self.name("k");
        let ci = c as i64;
        let a = self.rng.range(-50, 50);
        let (head, ty, trips) = match self.rng.weighted(&[10, 4, 4, 2, 2, 4, 2, 2]) {
            0 => (
                format!("for {v} = {}, {}", fmt_int(a), fmt_int(a + ci - 1)),
                Ty::Int,
                c,
            ),
            1 => (
                format!("for {v} = {}, {}, -1", fmt_int(a + ci - 1), fmt_int(a)),
                Ty::Int,
                c,
            ),
            2 => {
                let s = self.rng.range(2, 5);
                (
                    format!(
                        "for {v} = {}, {}, {s}",
                        fmt_int(a),
                        fmt_int(a + (ci - 1) * s)
                    ),
                    Ty::Int,
                    c,
                )
            }
            3 => (
                format!(
                    "for {v} = 9223372036854775807 - {}, 9223372036854775807",
                    (ci - 1).max(0)
                ),
                Ty::Int,
                c,
            ),
            4 => (
                format!(
                    "for {v} = (-9223372036854775807 - 1) + {}, (-9223372036854775807 - 1), -1",
                    (ci - 1).max(0)
                ),
                Ty::Int,
                c,
            ),
            5 => {
                let step = *self.rng.pick(&["0.5", "0.25", "0.125"]);
                let sf: f64 = step.parse().unwrap();
                let lim = a as f64 + (ci - 1) as f64 * sf;
                (format!("for {v} = {a}.0, {lim:?}, {step}"), Ty::Flt, c)
            }
            6 => (format!("for {v} = 1, {}.5", ci), Ty::Int, c),
            _ => {
                let lim = c as f64 / 10.0;
                (format!("for {v} = 0, {lim:?}, 0.1"), Ty::Flt, c + 1)
            }
        };
        let b = self.loop_body(env, trips, d, Some((&v, ty)));
        Some(format!("{head} do\n{}end", indent(&b)))
    }

    fn while_stmt(&mut self, env: &Env, d: u32) -> Option<String> {
        let c = self.loop_count(env)?;
        let w = self.name("w");
        let b = self.loop_body(env, c, d, Some((&w, Ty::Int)));
        Some(fill!(
            "do\n  local $W = 0\n  while $W < $C do\n    $W = $W + 1\n$B  end\nend",
            W = w,
            C = c,
            B = indent(&indent(&b))
        ))
    }

    fn repeat_stmt(&mut self, env: &Env, d: u32) -> Option<String> {
        let c = self.loop_count(env)?.max(1);
        let w = self.name("w");
        let done = self.name("done");
        let mut inner = env.in_loop_body(c, None);
        inner.add(&w, Ty::Int, false);
        let ss = self.stmts(&inner, d - 1, 1, 3);
        Some(fill!(
            "do\n  local $W = 0\n  repeat\n    $W = $W + 1\n$B    local $D = $W >= $C\n  until $D\nend",
            W = w,
            D = done,
            C = c,
            B = indent(&body(&ss))
        ))
    }

    fn iter_stmt(&mut self, env: &Env, d: u32) -> Option<String> {
        match self.rng.below(3) {
            0 => {
                let t = self.var_of(env, Ty::Tab)?;
                if env.budget < 40 {
                    return None;
                }
                let (i, v) = (self.name("i"), self.name("v"));
                let mut inner = env.in_loop_body(40, None);
                inner.add(&i, Ty::Int, false);
                inner.add(&v, Ty::Int, false);
                let ss = self.stmts(&inner, d - 1, 1, 3);
                Some(format!("for {i}, {v} in ipairs({t}) do\n{}end", body(&ss)))
            }
            1 => {
                let t = self.var_of(env, Ty::Tab)?;
                let (k, v, cnt, sum) = (
                    self.name("k"),
                    self.name("v"),
                    self.name("n"),
                    self.name("s"),
                );
                Some(fill!(
                    "do\n  local $N, $S = 0, 0\n  for $K, $V in pairs($T) do $N = $N + 1 $S = $S + $K * 3 + $V end\n  print(\"pairs\", $N, $S)\nend",
                    N = cnt, S = sum, K = k, V = v, T = t
                ))
            }
            _ => {
                let c = self.loop_count(env)?;
                let (it, a, b) = (self.name("it"), self.name("a"), self.name("b"));
                let m = self.rng.range(1, 9);
                let mut inner = env.in_loop_body(c, None);
                inner.add(&a, Ty::Int, false);
                inner.add(&b, Ty::Int, false);
                let ss = self.stmts(&inner, d - 1, 1, 3);
                if self.rng.chance(1, 2) {
                    Some(fill!(
                        "do\n  local function $IT(s, c) if c < s then return c + 1, c * $M end end\n  for $A, $B in $IT, $C, 0 do\n$BODY  end\nend",
                        IT = it, M = m, A = a, B = b, C = c, BODY = indent(&body(&ss))
                    ))
                } else {
                    Some(fill!(
                        "do\n  local function $IT(n) local i = 0 return function() i = i + 1 if i <= n then return i, i % $M end end end\n  for $A, $B in $IT($C) do\n$BODY  end\nend",
                        IT = it, M = m, A = a, B = b, C = c, BODY = indent(&body(&ss))
                    ))
                }
            }
        }
    }

    fn pcall_stmt(&mut self, env: &Env, d: u32) -> String {
        let mut inner = env.in_function();
        inner.risky = true;
        if self.rng.chance(1, 3) {
            let (p, q) = (self.name("p"), self.name("q"));
            inner.add(&p, Ty::Int, true);
            inner.add(&q, Ty::Any, true);
            let ss = self.stmts(&inner, d - 1, 1, 4);
            let ret = self.e_any(&inner, 2);
            fill!(
                "PE(pcall(function($P, $Q)\n$B  return $R\nend, $A1, $A2))",
                P = p,
                Q = q,
                B = body(&ss),
                R = ret,
                A1 = self.e_int(env, 2),
                A2 = self.e_any(env, 2)
            )
        } else {
            let ss = self.stmts(&inner, d - 1, 1, 4);
            format!("PE(pcall(function()\n{}end))", body(&ss))
        }
    }

    fn func_stmt(&mut self, env: &Env, d: u32) -> String {
        let (f, a, b) = (self.name("f"), self.name("a"), self.name("b"));
        let mut inner = env.in_function();
        inner.add(&a, Ty::Int, true);
        inner.add(&b, Ty::Num, true);
        let ss = self.stmts(&inner, d - 1, 0, 3);
        let ret = self.e_num(&inner, 3);
        let calls: Vec<String> = (0..self.rng.range(1, 3))
            .map(|_| format!("{f}({}, {})", self.e_int(env, 2), self.e_num(env, 2)))
            .collect();
        fill!(
            "do\n  local function $F($A, $B)\n$BODY    return $R\n  end\n  P($CALLS)\nend",
            F = f,
            A = a,
            B = b,
            BODY = indent(&body(&ss)),
            R = ret,
            CALLS = calls.join(", ")
        )
    }

    fn closure_loop(&mut self, env: &Env, _d: u32) -> Option<String> {
        let c = self.rng.range(1, 8);
        if env.budget < c as u64 * 2 {
            return None;
        }
        let (fs, k, j, p) = (
            self.name("fs"),
            self.name("k"),
            self.name("j"),
            self.name("p"),
        );
        let inner = env
            .with_var(&k, Ty::Int, false)
            .with_var(&j, Ty::Int, true)
            .with_var(&p, Ty::Int, false);
        let e = self.e_int(&inner, 2);
        let init = self.e_int(&env.with_var(&k, Ty::Int, false), 2);
        Some(fill!(
            "do\n  local $FS = {}\n  for $K = 1, $C do\n    local $J = $INIT\n    $FS[$K] = function($P) $J = $J + $P return $E end\n  end\n  P($FS[1](1), $FS[$C](2), $FS[1](3))\nend",
            FS = fs, K = k, C = c, J = j, INIT = init, P = p, E = e
        ))
    }

    /// A statement that may raise an error (only inside pcall'd functions).
    pub(crate) fn risky_stmt(&mut self, env: &Env) -> String {
        let z = self.name("z");
        match self.rng.below(16) {
            0 => {
                let v = match self.rng.below(9) {
                    0 => format!("\"msg{}\"", self.rng.below(100)),
                    1 => "\"lvl0\", 0".to_string(),
                    2 => "\"lvl2\", 2".to_string(),
                    3 => self.e_int(env, 1),
                    4 => format!("{{code = {}}}", self.e_int(env, 1)),
                    5 => "nil".to_string(),
                    6 => self.e_str(env, 2),
                    7 => "true".to_string(),
                    _ => "setmetatable({}, {__tostring = function() return \"custom\" end})"
                        .to_string(),
                };
                format!("error({v})")
            }
            1 => {
                let init = *self.rng.pick(&["nil", "{}", "true", "\"str\"", "1.5"]);
                // Indexing a string and arithmetic on strings go through the string
                // library's metatable: not core behaviour, so not for strings.
                let ops: &[&str] = if init == "\"str\"" {
                    &[
                        "$Z()",
                        "P(#$Z)",
                        "P($Z .. \"s\")",
                        "P($Z < 1)",
                        "$Z[1] = 1",
                        "P($Z & 1)",
                    ]
                } else {
                    &[
                        "P($Z + 1)",
                        "P($Z.f)",
                        "$Z()",
                        "P(#$Z)",
                        "P($Z .. \"s\")",
                        "P(-$Z)",
                        "P($Z < 1)",
                        "$Z[1] = 1",
                        "P($Z & 1)",
                        "P($Z // 2)",
                        "P($Z.a.b)",
                    ]
                };
                let op = *self.rng.pick(ops);
                format!("local {z} = {init}\n{}", fill!(op, Z = z))
            }
            2 => {
                // lua5.4.4 reports integer division by zero at the enclosing function's first
                // line (it does not save the pc): keep the function on one line so the
                // position is the same under every Lua 5.4.
                let op = *self.rng.pick(&["//", "%"]);
                format!(
                    "PE(pcall(function({z}) return {} {op} ({z} - {z}) end, {}))",
                    self.e_int(env, 1),
                    self.e_int(env, 1)
                )
            }
            3 => {
                let x = *self
                    .rng
                    .pick(&["1.5", "(2^63)", "(0/0)", "(1/0)", "(-0.5)", "2.0", "(2^53)"]);
                let op = *self.rng.pick(&["|", "&", "~", "<<"]);
                format!("P({x} {op} 1)")
            }
            4 => {
                let c = *self.rng.pick(&[
                    "1 < \"x\"",
                    "\"x\" <= 2",
                    "{} < {}",
                    "true < false",
                    "nil > 1",
                    "{} <= 1",
                ]);
                format!("P({c})")
            }
            5 => {
                let c =
                    *self
                        .rng
                        .pick(&["\"s\" .. {}", "\"s\" .. true", "nil .. \"s\"", "1 .. {}"]);
                format!("P({c})")
            }
            6 => (*self.rng.pick(&[
                "for q = 1, 2, 0 do end",
                "for q = 1.0, 2, 0.0 do end",
                "for q = \"a\", 2 do end",
                "for q = 1, {} do end",
                "for q = 1, 2, \"x\" do end",
                "for q in 5 do end",
                "for q in nil do end",
            ]))
            .to_string(),
            7 => {
                let g = self.name("UNDEF");
                let op = *self
                    .rng
                    .pick(&["P($G.x)", "$G()", "P($G + 1)", "$G.y = 1", "P(#$G)"]);
                fill!(op, G = g)
            }
            8 => (*self.rng.pick(&[
                "setmetatable(1, nil)",
                "P(select(0))",
                "P(tostring())",
                "P(ipairs())",
                "P(rawlen(5))",
                "setmetatable({}, 5)",
                "P(tonumber(\"10\", 99))",
                "P(tonumber(10, 16))",
                "P(rawget(1, 2))",
                "P(next({}, \"nokey\"))",
                "P(select(-5, 1, 2))",
                "P(setmetatable(setmetatable({}, {__metatable = 1}), {}))",
                "P(rawset({}, nil, 1))",
            ]))
            .to_string(),
            9 => {
                let c = *self.rng.pick(&[
                    "assert(false)",
                    "assert(nil, \"amsg\")",
                    "assert(false, {code = 9})",
                    "assert()",
                ]);
                c.to_string()
            }
            10 => {
                let k = *self.rng.pick(&["nil", "(0/0)"]);
                format!("local {z} = {{}}\n{z}[{k}] = 1")
            }
            11 => {
                // An upvalue or local of unknown type in arithmetic.
                // (Not `+`: the value may be a string, and string arithmetic is the string
                // library's.)
                match self.var_of(env, Ty::Any) {
                    Some(a) => {
                        let op = *self.rng.pick(&["P($A & 1)", "P($A < 1)", "$A()", "P(#$A)"]);
                        fill!(op, A = a)
                    }
                    None => format!("local {z} = nil\nP({z} * 2)"),
                }
            }
            12 => format!("P(\"3\" | {})", self.e_int(env, 1)),
            13 => {
                let f = self.name("fz");
                format!("local function {f}(x) return x.field end\nP({f}(nil))")
            }
            14 => {
                let f = self.name("fz");
                format!("local function {f}() error(\"deep\", 2) end\n{f}()")
            }
            _ => {
                let v = self.e_int(env, 1);
                format!("if {v} % 2 == 0 then error(\"even\" .. {v}) end")
            }
        }
    }

    /// Random typed locals, pure helpers, and statements over them.
    pub(crate) fn generic_block(&mut self) -> Block {
        let mut env = Env::new(LOOP_BUDGET);
        let mut decls = Vec::new();
        let nvars = self.rng.range(3, 8);
        let mut names = Vec::new();
        for _ in 0..nvars {
            let ty = *self.rng.pick(&[
                Ty::Int,
                Ty::Int,
                Ty::Flt,
                Ty::Num,
                Ty::Str,
                Ty::Bool,
                Ty::Tab,
                Ty::Any,
            ]);
            let global = self.rng.chance(1, 8);
            let prefix = match ty {
                Ty::Int => "i",
                Ty::Flt => "x",
                Ty::Num => "n",
                Ty::Str => "s",
                Ty::Bool => "b",
                Ty::Tab => "t",
                Ty::Any => "a",
            };
            let name = if global {
                self.name(&format!("G{prefix}"))
            } else {
                self.name(prefix)
            };
            let init = match ty {
                Ty::Int => self.e_int(&env, 1),
                Ty::Flt => self.flt_lit(),
                Ty::Num => self.e_num(&env, 1),
                Ty::Str => self.str_lit(),
                Ty::Bool => self.bool_lit(),
                Ty::Tab => self.e_tab(&env, 1),
                Ty::Any => self.e_any(&env, 1),
            };
            if global {
                decls.push(format!("{name} = {init}"));
            } else {
                decls.push(format!("local {name} = {init}"));
            }
            env.add(&name, ty, true);
            names.push((name, ty));
        }
        // Pure integer helpers (upvalue reads of the block's integers allowed).
        for _ in 0..self.rng.range(0, 2) {
            let (f, p, q) = (self.name("f"), self.name("p"), self.name("q"));
            let fe = env
                .with_var(&p, Ty::Int, false)
                .with_var(&q, Ty::Int, false);
            let e = self.e_int(&fe, 3);
            decls.push(format!("local function {f}({p}, {q}) return {e} end"));
            env.funcs.push((f, 2));
        }
        let body = self.stmts(&env, 3, 3, 9);
        let all: Vec<String> = names
            .iter()
            .map(|(n, ty)| {
                if *ty == Ty::Tab {
                    format!("#{n}")
                } else {
                    n.clone()
                }
            })
            .collect();
        let mut tail = vec![format!("P({})", all.join(", "))];
        for a in &all {
            tail.push(format!("C({a})"));
        }
        Block {
            kind: "generic",
            decls,
            pre: String::new(),
            body,
            post: String::new(),
            tail,
        }
    }
}
