//! Scenario blocks: hot loops with late type changes (deoptimization fodder), metatables,
//! closures, errors, varargs, goto, iterators, to-be-closed variables, recursion, strings
//! and number edge cases. Each returns a [`Block`] whose body items are independent.

use super::stmt::LOOP_BUDGET;
use super::{Env, Gen, Ty};
use crate::fill;
use crate::program::Block;

/// A weighted generator of one body item (None: not applicable, try another).
pub(crate) type ItemGen<'a> = &'a mut dyn FnMut(&mut Gen) -> Option<String>;

fn blk(pre: String, body: Vec<String>, post: String) -> Block {
    Block {
        kind: "",
        decls: Vec::new(),
        pre,
        body,
        post,
        tail: Vec::new(),
    }
}

impl Gen {
    pub(crate) fn hot_n(&mut self) -> i64 {
        self.rng.range(200, 3000)
    }

    /// Picks `k` items out of weighted generators, in order of generation.
    pub(crate) fn pick_items(&mut self, n: i64, gens: &mut [(u32, ItemGen<'_>)]) -> Vec<String> {
        let weights: Vec<u32> = gens.iter().map(|g| g.0).collect();
        let mut out = Vec::new();
        let mut tries = 0;
        while (out.len() as i64) < n && tries < n * 4 {
            tries += 1;
            let i = self.rng.weighted(&weights);
            if let Some(s) = (gens[i].1)(self) {
                out.push(s);
            }
        }
        out
    }

    /// A loop where a number changes subtype, a field changes type, after many iterations.
    pub(crate) fn hot_retype(&mut self) -> Block {
        let (n, i, acc, v, cnt, o) = (
            self.name("n"),
            self.name("i"),
            self.name("acc"),
            self.name("v"),
            self.name("cnt"),
            self.name("o"),
        );
        let nn = self.hot_n();
        let pre = fill!(
            "local $N = $NN\nlocal $ACC = 0\nlocal $V = $V0\nlocal $CNT = 0\nlocal $O = {f = $F0, g = $G0}\nfor $I = 1, $N do\n",
            N = n, NN = nn, ACC = acc, V = v, V0 = self.small_int(), CNT = cnt, O = o,
            F0 = self.small_int(), G0 = self.small_int(), I = i
        );
        let mut env = Env::new(LOOP_BUDGET).in_loop_body(nn as u64, None);
        env.add(&i, Ty::Int, false);
        env.add(&acc, Ty::Num, true);
        env.add(&v, Ty::Num, true);
        env.add(&cnt, Ty::Int, true);
        let cnt_items = self.rng.range(4, 10);
        let items = self.pick_items(cnt_items, &mut [
            (6, &mut |g: &mut Gen| Some(fill!("if $I == $K then $V = $V + $F end", I = i, K = g.rng.range(1, nn), V = v, F = g.flt_lit()))),
            (3, &mut |g: &mut Gen| Some(fill!("if $I == $K then $V = $X end", I = i, K = g.rng.range(1, nn), V = v, X = g.int_lit()))),
            (6, &mut |g: &mut Gen| Some(fill!("$ACC = $ACC + $V * $M - $I", ACC = acc, V = v, M = g.small_int(), I = i))),
            (4, &mut |g: &mut Gen| { let e = g.e_num(&env, 2); Some(fill!("$ACC = $ACC + $E", ACC = acc, E = e)) }),
            (3, &mut |g: &mut Gen| Some(fill!("if $I % $M == 0 then $CNT = $CNT + 1 end", I = i, M = g.rng.range(2, 9), CNT = cnt))),
            (5, &mut |g: &mut Gen| {
                let val = match g.rng.below(6) {
                    0 => g.flt_lit(),
                    1 => "\"str\"".to_string(),
                    2 => format!("NUM({})", g.small_int()),
                    3 => "nil".to_string(),
                    4 => g.int_lit(),
                    _ => "true".to_string(),
                };
                Some(fill!("if $I == $K then $O.f = $VAL end", I = i, K = g.rng.range(1, nn), O = o, VAL = val))
            }),
            (5, &mut |g: &mut Gen| {
                let x = g.name("x");
                Some(fill!(
                    "do\n  local $X = $O.f\n  if type($X) == \"number\" then $ACC = $ACC + $X\n  elseif type($X) == \"string\" then $CNT = $CNT + #$X\n  elseif type($X) == \"table\" then $ACC = $ACC + $X\n  elseif $X == nil then $CNT = $CNT + 2 end\nend",
                    X = x, O = o, ACC = acc, CNT = cnt
                ))
            }),
            (3, &mut |_g: &mut Gen| Some(fill!("$O.g = $O.g + $I", O = o, I = i))),
            (2, &mut |g: &mut Gen| Some(fill!("if $I == $K then $O.g = $O.g + 0.25 end", I = i, K = g.rng.range(1, nn), O = o))),
            (3, &mut |_g: &mut Gen| Some(fill!("$CNT = $CNT + ($V > $I and 1 or 0)", CNT = cnt, V = v, I = i))),
            (2, &mut |_g: &mut Gen| Some(fill!("$ACC = $ACC + $O.g // 3", ACC = acc, O = o))),
            (2, &mut |g: &mut Gen| Some(fill!("if $I == $K then $ACC = $ACC + 0.5 end", I = i, K = g.rng.range(1, nn), ACC = acc))),
            (4, &mut |g: &mut Gen| Some(g.stmt(&env, 1))),
        ]);
        let post = fill!(
            "end\nP(\"retype\", $ACC, $V, $CNT, $O.f, $O.g)\nC($ACC)\nC($V)\nC($CNT)\n",
            ACC = acc,
            V = v,
            CNT = cnt,
            O = o
        );
        blk(pre, items, post)
    }

    /// A call site whose callee changes (closures, callable tables, varargs, methods).
    pub(crate) fn hot_callee(&mut self) -> Block {
        let (fa, fb, fc, fd, fe, f, obj, acc, i, n, p, q) = (
            self.name("fa"),
            self.name("fb"),
            self.name("fc"),
            self.name("fd"),
            self.name("fe"),
            self.name("f"),
            self.name("obj"),
            self.name("acc"),
            self.name("i"),
            self.name("n"),
            self.name("p"),
            self.name("q"),
        );
        let nn = self.hot_n();
        let penv = Env::new(1).with_var(&p, Ty::Int, false);
        let ea = self.e_int(&penv, 3);
        let eb = self.e_num(&penv, 3);
        let pre = fill!(
            r#"local function $FA($P) return $EA end
local function $FB($P) return $EB end
local $FC = setmetatable({}, {__call = function(self, $P) return $P - $K0 end})
local function $FD(...) local $Q = ... return select('#', ...) + $Q end
local $FE = NUM($V0)
local $OBJ = {k = 0}
function $OBJ.m(self, x) self.k = self.k + x return self.k end
local $F = $FA
local $ACC = 0
local $N = $NN
for $I = 1, $N do
"#,
            FA = fa,
            FB = fb,
            FC = fc,
            FD = fd,
            FE = fe,
            F = f,
            OBJ = obj,
            ACC = acc,
            I = i,
            N = n,
            NN = nn,
            P = p,
            Q = q,
            EA = ea,
            EB = eb,
            K0 = self.small_int(),
            V0 = self.small_int()
        );
        let fs = [fa.clone(), fb.clone(), fc.clone(), fd.clone(), fe.clone()];
        let cnt_items = self.rng.range(4, 10);
        let items = self.pick_items(cnt_items, &mut [
            (8, &mut |g: &mut Gen| {
                let to = g.rng.pick(&fs).clone();
                Some(fill!("if $I == $K then $F = $TO end", I = i, K = g.rng.range(1, nn), F = f, TO = to))
            }),
            (6, &mut |_g: &mut Gen| Some(fill!("$ACC = $ACC + $F($I)", ACC = acc, F = f, I = i))),
            (3, &mut |_g: &mut Gen| Some(fill!("$ACC = $ACC + $F($I, $I)", ACC = acc, F = f, I = i))),
            (3, &mut |g: &mut Gen| {
                let r = g.name("r");
                Some(fill!("do\n  local $R = $F($I % 7)\n  if $R > 3 then $ACC = $ACC - $R end\nend", R = r, F = f, I = i, ACC = acc))
            }),
            (4, &mut |_g: &mut Gen| Some(fill!("$ACC = $ACC + $OBJ:m($I % 5)", ACC = acc, OBJ = obj, I = i))),
            (2, &mut |g: &mut Gen| Some(fill!("if $I == $K then $OBJ.m = function(self, x) return x * 2 end end", I = i, K = g.rng.range(1, nn), OBJ = obj))),
            (2, &mut |g: &mut Gen| Some(fill!(
                "if $I == $K then $OBJ = setmetatable({k = 1}, {__index = {m = function(self, x) return self.k + x end}}) end",
                I = i, K = g.rng.range(1, nn), OBJ = obj
            ))),
            (2, &mut |_g: &mut Gen| Some(fill!("$ACC = $ACC + $FA($FA($I))", ACC = acc, FA = fa, I = i))),
            (2, &mut |_g: &mut Gen| Some(fill!("$ACC = $ACC + $FD($I, nil, $I)", ACC = acc, FD = fd, I = i))),
        ]);
        let post = fill!(
            "end\nP(\"callee\", $ACC, $OBJ.k)\nC($ACC)\n",
            ACC = acc,
            OBJ = obj
        );
        blk(pre, items, post)
    }

    /// A table that gets (or loses) a metatable in the middle of a hot loop.
    pub(crate) fn hot_meta(&mut self) -> Block {
        let (t, log, mt, other, n, s, i) = (
            self.name("t"),
            self.name("log"),
            self.name("mt"),
            self.name("other"),
            self.name("n"),
            self.name("s"),
            self.name("i"),
        );
        let nn = self.hot_n();
        let arr: Vec<String> = (0..self.rng.range(3, 6))
            .map(|_| self.small_int())
            .collect();
        let mut pre = fill!(
            "local $T = {$ARR, x = $X, y = $Y}\nlocal $LOG = 0\nlocal $MT = {}\n",
            T = t,
            ARR = arr.join(", "),
            X = self.small_int(),
            Y = self.small_int(),
            LOG = log,
            MT = mt
        );
        if self.rng.chance(1, 2) {
            pre.push_str(&fill!(
                "$MT.__index = function(tt, k) $LOG = $LOG + 1 if type(k) == \"number\" then return k * 2 end return #k end\n",
                MT = mt, LOG = log
            ));
        } else {
            pre.push_str(&fill!(
                "$MT.__index = {x = 100, z = 7, w = 1.5, y = 3}\n",
                MT = mt
            ));
        }
        if self.rng.chance(1, 2) {
            pre.push_str(&fill!(
                "$MT.__newindex = function(tt, k, v) $LOG = $LOG + 1 rawset(tt, k, v) end\n",
                MT = mt,
                LOG = log
            ));
        }
        if self.rng.chance(1, 2) {
            pre.push_str(&fill!(
                "$MT.__len = function(tt) return $L end\n",
                MT = mt,
                L = self.rng.range(0, 50)
            ));
        }
        let has_add = self.rng.chance(1, 2);
        if has_add {
            pre.push_str(&fill!(
                "$MT.__add = function(a, b) return 1000 end\n",
                MT = mt
            ));
        }
        if self.rng.chance(1, 2) {
            pre.push_str(&fill!(
                "$MT.__eq = function(a, b) return true end\n",
                MT = mt
            ));
        }
        pre.push_str(&fill!(
            "local $OTHER = setmetatable({}, $MT)\nlocal $N = $NN\nlocal $S = 0\nfor $I = 1, $N do\n",
            OTHER = other, MT = mt, N = n, NN = nn, S = s, I = i
        ));
        let cnt_items = self.rng.range(4, 11);
        let items = self.pick_items(
            cnt_items,
            &mut [
                (8, &mut |g: &mut Gen| {
                    Some(fill!(
                        "if $I == $K then setmetatable($T, $MT) end",
                        I = i,
                        K = g.rng.range(1, nn),
                        T = t,
                        MT = mt
                    ))
                }),
                (2, &mut |g: &mut Gen| {
                    Some(fill!(
                        "if $I == $K then setmetatable($T, nil) end",
                        I = i,
                        K = g.rng.range(1, nn),
                        T = t
                    ))
                }),
                (4, &mut |_g: &mut Gen| {
                    Some(fill!("$S = $S + ($T.x or 0)", S = s, T = t))
                }),
                (4, &mut |_g: &mut Gen| {
                    Some(fill!("$S = $S + ($T.z or 1)", S = s, T = t))
                }),
                (3, &mut |g: &mut Gen| {
                    Some(fill!(
                        "$S = $S + ($T[$K] or 0)",
                        S = s,
                        T = t,
                        K = g.rng.range(10, 20)
                    ))
                }),
                (3, &mut |_g: &mut Gen| {
                    Some(fill!("$S = $S + #$T", S = s, T = t))
                }),
                (3, &mut |g: &mut Gen| {
                    Some(fill!(
                        "$T[\"k\" .. ($I % $M)] = $I",
                        T = t,
                        I = i,
                        M = g.rng.range(2, 6)
                    ))
                }),
                (2, &mut |g: &mut Gen| {
                    Some(fill!(
                        "if $I == $K then $T.y = nil end",
                        I = i,
                        K = g.rng.range(1, nn),
                        T = t
                    ))
                }),
                (3, &mut |_g: &mut Gen| {
                    Some(fill!("$S = $S + ($T.y or 0)", S = s, T = t))
                }),
                (2, &mut |_g: &mut Gen| {
                    Some(fill!("$S = $S + rawlen($T)", S = s, T = t))
                }),
                (2, &mut |_g: &mut Gen| {
                    Some(fill!(
                        "if rawget($T, \"z\") then $S = $S + 1 end",
                        S = s,
                        T = t
                    ))
                }),
                (2, &mut |_g: &mut Gen| {
                    Some(fill!(
                        "if $T == $OTHER then $S = $S + 1 end",
                        S = s,
                        T = t,
                        OTHER = other
                    ))
                }),
                (if has_add { 3 } else { 0 }, &mut |_g: &mut Gen| {
                    Some(fill!(
                        "if getmetatable($T) then $S = $S + ($T + $I) end",
                        S = s,
                        T = t,
                        I = i
                    ))
                }),
                (2, &mut |_g: &mut Gen| Some(fill!("$T.x = $T.x + 1", T = t))),
                (2, &mut |_g: &mut Gen| {
                    Some(fill!("$S = $S + ($T[1] or 0) + ($T.w or 0)", S = s, T = t))
                }),
            ],
        );
        let post = fill!(
            "end\nP(\"meta\", $S, $LOG, #$T, rawlen($T), $T.x)\nC($S)\nC($LOG)\n",
            S = s,
            LOG = log,
            T = t
        );
        blk(pre, items, post)
    }

    /// Array growth, shrinking, int elements turning float, float keys, nested tables.
    pub(crate) fn hot_array(&mut self) -> Block {
        let (t, n, s, i) = (
            self.name("t"),
            self.name("n"),
            self.name("s"),
            self.name("i"),
        );
        let nn = self.rng.range(50, 2000);
        let pre =
            fill!(
            "local $T = {}\nlocal $N = $NN\nfor $I = 1, $N do $T[$I] = $I * $K end\nlocal $S = 0\n",
            T = t, N = n, NN = nn, I = i, K = self.small_int(), S = s
        );
        let cnt_items = self.rng.range(4, 10);
        let items = self.pick_items(cnt_items, &mut [
            (3, &mut |g: &mut Gen| Some(fill!("for $I = 1, #$T, $ST do $T[$I] = $T[$I] + 0.5 end", I = i, T = t, ST = g.rng.range(1, 7)))),
            (5, &mut |_g: &mut Gen| Some(fill!("for $I = 1, #$T do $S = $S + $T[$I] end", I = i, T = t, S = s))),
            (3, &mut |g: &mut Gen| {
                let v = g.name("v");
                Some(fill!("for _, $V in ipairs($T) do if $V > $X then $S = $S + 1 end end", V = v, T = t, X = g.int_lit(), S = s))
            }),
            (3, &mut |g: &mut Gen| Some(fill!("for $I = #$T, #$T - $M, -1 do $T[$I] = nil end", I = i, T = t, M = g.rng.range(0, 20)))),
            (3, &mut |g: &mut Gen| {
                let e = g.e_num(&Env::new(1), 2);
                Some(fill!("if #$T < 3000 then $T[#$T + 1] = $E end", T = t, E = e))
            }),
            (3, &mut |g: &mut Gen| {
                let j = g.name("j");
                let e = g.e_num(&Env::new(1), 2);
                Some(fill!("do\n  local $J = ($R % (#$T + 1)) + 1\n  $T[$J + 0.0] = $E\nend", J = j, R = g.rng.range(0, 5000), T = t, E = e))
            }),
            (3, &mut |_g: &mut Gen| Some(fill!("P(#$T, $T[1], $T[#$T])", T = t))),
            (2, &mut |_g: &mut Gen| Some(fill!("$S = $S + rawlen($T)", S = s, T = t))),
            (2, &mut |g: &mut Gen| {
                let c = g.name("c");
                Some(fill!("do\n  local $C = 0\n  for _ in pairs($T) do $C = $C + 1 end\n  P(\"cnt\", $C)\nend", C = c, T = t))
            }),
            (2, &mut |g: &mut Gen| Some(fill!("$T.name = $STR", T = t, STR = g.str_lit()))),
            (2, &mut |g: &mut Gen| {
                let (c, k) = (g.name("c"), g.name("k"));
                Some(fill!(
                    "do\n  local $C = 0\n  for $K in pairs($T) do if type($K) == \"number\" then $C = $C + $K end end\n  P(\"ksum\", $C)\nend",
                    C = c, K = k, T = t
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (m, r, c, tr) = (g.name("m"), g.name("r"), g.name("c"), g.name("tr"));
                Some(fill!(
                    "do\n  local $M = {}\n  for $R = 1, $RR do $M[$R] = {} for $C = 1, $CC do $M[$R][$C] = $R * $C + $R end end\n  local $TR = 0\n  for $R = 1, $RR do for $C = 1, $CC do if $R == $C then $TR = $TR + $M[$R][$C] end end end\n  $M[1][1] = {$M[1][1], {$TR}}\n  P(\"mat\", $TR, #$M, #$M[1], $M[1][1][2][1])\nend",
                    M = m, R = r, C = c, TR = tr, RR = g.rng.range(1, 30), CC = g.rng.range(1, 30)
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let u = g.name("u");
                Some(fill!(
                    "do\n  local $U = {}\n  $U[1.0] = \"a\" $U[2] = \"b\" $U[3.0] = \"c\"\n  P(#$U, $U[1], $U[2.0], $U[3])\n  $U[-0.0] = \"z\" P($U[0])\n  $U[2^53] = 1 P($U[9007199254740992], $U[2^53 + 1.0])\n  P(rawget($U, 1.0), rawequal($U[1], \"a\"))\nend",
                    U = u
                ))
            }),
            (1, &mut |_g: &mut Gen| Some(fill!("PE(pcall(function() $T[0/0] = 1 end))", T = t))),
            (1, &mut |_g: &mut Gen| Some(fill!("PE(pcall(function() $T[nil] = 1 end))", T = t))),
        ]);
        let post = fill!("P(\"arr\", $S, #$T)\nC($S)\n", S = s, T = t);
        blk(pre, items, post)
    }

    /// Closures: fresh upvalues per iteration, shared upvalues, nested closures.
    pub(crate) fn closures(&mut self) -> Block {
        let acc = self.name("acc");
        let pre = fill!("local $ACC = 0\n", ACC = acc);
        let cnt_items = self.rng.range(3, 7);
        let items = self.pick_items(cnt_items, &mut [
            (4, &mut |g: &mut Gen| {
                let (fs, k, j, p, r) = (g.name("fs"), g.name("k"), g.name("j"), g.name("p"), g.name("r"));
                Some(fill!(
                    "do\n  local $FS = {}\n  for $K = 1, $C do\n    local $J = $K * $M\n    $FS[$K] = function($P) $J = $J + $P return $J + $K end\n  end\n  for $R = 1, $REPS do for $K = 1, $C do $ACC = $ACC + $FS[$K]($R) end end\nend",
                    FS = fs, K = k, J = j, P = p, R = r, C = g.rng.range(1, 10), M = g.small_int(), REPS = g.rng.range(1, 4), ACC = acc
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let (gs, w, c) = (g.name("gs"), g.name("w"), g.name("c"));
                let cc = g.rng.range(1, 8);
                Some(fill!(
                    "do\n  local $GS = {}\n  local $W = 0\n  while $W < $CC do\n    $W = $W + 1\n    local $C = $W\n    $GS[$W] = function() $C = $C * 2 return $C end\n  end\n  $ACC = $ACC + $GS[1]() + $GS[1]() + $GS[$CC]()\nend",
                    GS = gs, W = w, C = c, CC = cc, ACC = acc
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let (gs, w, c) = (g.name("gs"), g.name("w"), g.name("c"));
                let cc = g.rng.range(1, 8);
                Some(fill!(
                    "do\n  local $GS = {}\n  local $W = 0\n  repeat\n    $W = $W + 1\n    local $C = $W * 3\n    $GS[$W] = function(d) $C = $C - d return $C end\n  until $C >= $CC * 3\n  $ACC = $ACC + $GS[1](1) + $GS[$CC](2) + $GS[1](3)\nend",
                    GS = gs, W = w, C = c, CC = cc, ACC = acc
                ))
            }),
            (4, &mut |g: &mut Gen| {
                let (n, inc, get, k) = (g.name("n"), g.name("inc"), g.name("get"), g.name("k"));
                Some(fill!(
                    "do\n  local $N = $N0\n  local function $INC(d) $N = $N + d return $N end\n  local function $GET() return $N end\n  for $K = 1, $C do $INC($K) end\n  $ACC = $ACC + $GET() + $N\n  $N = 0.5\n  $ACC = $ACC + $GET() + $INC(1)\n  P(\"shared\", $GET(), $N)\nend",
                    N = n, N0 = g.int_lit(), INC = inc, GET = get, K = k, C = g.rng.range(0, 50), ACC = acc
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let (mk, f1, f2) = (g.name("mk"), g.name("f1"), g.name("f2"));
                Some(fill!(
                    "do\n  local function $MK(a)\n    local cnt = 0\n    return function(b)\n      cnt = cnt + 1\n      return function(c) return a * 100 + b * 10 + c + cnt end\n    end\n  end\n  local $F1 = $MK($A)\n  local $F2 = $F1($B)\n  P(\"nest\", $F2($C), $F1($B)($C), $MK(1)(2)(3), $F2(0))\n  $ACC = $ACC + $F2(1)\nend",
                    MK = mk, F1 = f1, F2 = f2, A = g.small_int(), B = g.small_int(), C = g.small_int(), ACC = acc
                ))
            }),
            (4, &mut |g: &mut Gen| {
                let (last, k, f) = (g.name("last"), g.name("k"), g.name("f"));
                let c = g.hot_n();
                let m = g.rng.range(1, c.min(50));
                Some(fill!(
                    "do\n  local $LAST\n  for $K = 1, $C do\n    local $F = function() return $K * 2 end\n    if $K % $M == 0 then $LAST = $F end\n    $ACC = $ACC + $F()\n  end\n  $ACC = $ACC + $LAST()\nend",
                    LAST = last, K = k, F = f, C = c, M = m, ACC = acc
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (cap, k) = (g.name("cap"), g.name("k"));
                Some(fill!(
                    "do\n  local $CAP\n  for $K = 1, 10 do\n    local v = $K * $M\n    $CAP = function() v = v + 1 return v end\n    if $K == $B then break end\n  end\n  P(\"brk\", $CAP(), $CAP())\nend",
                    CAP = cap, K = k, M = g.small_int(), B = g.rng.range(1, 10)
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (f, k) = (g.name("f"), g.name("k"));
                let env = Env::new(1).with_var(&k, Ty::Int, true);
                let e = g.e_int(&env, 2);
                Some(fill!(
                    "do\n  local function $F($K)\n    return function() $K = $E return $K end\n  end\n  local a, b = $F($X), $F($Y)\n  P(\"param\", a(), b(), a())\nend",
                    F = f, K = k, E = e, X = g.int_lit(), Y = g.int_lit()
                ))
            }),
        ]);
        let post = fill!("P(\"clos\", $ACC)\nC($ACC)\n", ACC = acc);
        blk(pre, items, post)
    }

    /// An object type with most metamethods, inheritance, and __index/__newindex proxies.
    pub(crate) fn metaobj(&mut self) -> Block {
        let (vm, new, a, b, acc, sub) = (
            self.name("Vm"),
            self.name("new"),
            self.name("a"),
            self.name("b"),
            self.name("acc"),
            self.name("Sub"),
        );
        let env = Env::new(1);
        let (ax, ay) = (self.e_num(&env, 1), self.e_num(&env, 1));
        let (bx, by) = (self.e_num(&env, 1), self.e_num(&env, 1));
        let pre = fill!(
            r#"local $VM = {}
$VM.__index = $VM
local function $NEW(x, y) return setmetatable({x = x, y = y}, $VM) end
$VM.__add = function(p, q) return $NEW(p.x + q.x, p.y + q.y) end
$VM.__sub = function(p, q) return $NEW(p.x - q.x, p.y - q.y) end
$VM.__mul = function(p, q)
  if type(p) == "number" then return $NEW(p * q.x, p * q.y) end
  if type(q) == "number" then return $NEW(p.x * q, p.y * q) end
  return p.x * q.x + p.y * q.y
end
$VM.__unm = function(p) return $NEW(-p.x, -p.y) end
$VM.__eq = function(p, q) return p.x == q.x and p.y == q.y end
$VM.__lt = function(p, q) return p.x * p.x + p.y * p.y < q.x * q.x + q.y * q.y end
$VM.__le = function(p, q) return not (q < p) end
$VM.__len = function(p) return 2 end
$VM.__concat = function(p, q)
  local sp = type(p) == "table" and ("V(" .. N(p.x) .. "," .. N(p.y) .. ")") or S(p)
  local sq = type(q) == "table" and ("V(" .. N(q.x) .. "," .. N(q.y) .. ")") or S(q)
  return sp .. sq
end
$VM.__call = function(self, k) return self.x * k + self.y end
$VM.__idiv = function(p, q) return $NEW(p.x // 3, p.y // 3) end
$VM.__mod = function(p, q) return $NEW(p.x % 5, p.y % 5) end
$VM.__band = function(p, q) return I(p.x) & I(q.x) end
$VM.__shl = function(p, q) return 1 end
$VM.__bnot = function(p) return ~I(p.x) end
function $VM.len2(self) return self.x * self.x + self.y * self.y end
function $VM:scale(k) self.x = self.x * k self.y = self.y * k return self end
local $SUB = setmetatable({}, {__index = $VM})
$SUB.__index = $SUB
local $A = $NEW($AX, $AY)
local $B = $NEW($BX, $BY)
local $ACC = 0
"#,
            VM = vm,
            NEW = new,
            A = a,
            B = b,
            ACC = acc,
            SUB = sub,
            AX = ax,
            AY = ay,
            BX = bx,
            BY = by
        );
        let cnt_items = self.rng.range(4, 10);
        let items = self.pick_items(cnt_items, &mut [
            (4, &mut |g: &mut Gen| {
                let c = g.name("c");
                Some(fill!("do\n  local $C = $A + $B\n  $ACC = $ACC + $C.x\n  P(\"add\", $C.x, $C.y)\nend", C = c, A = a, B = b, ACC = acc))
            }),
            (3, &mut |_g: &mut Gen| Some(fill!("$ACC = $ACC + ($A * $B)", ACC = acc, A = a, B = b))),
            (3, &mut |_g: &mut Gen| Some(fill!("P(\"eq\", $A == $B, $A ~= $B, $A == $NEW($A.x, $A.y), rawequal($A, $A), rawequal($A, $B))", A = a, B = b, NEW = new))),
            (3, &mut |_g: &mut Gen| Some(fill!("P(\"cmp\", $A < $B, $A <= $B, $A > $B, $A >= $B)", A = a, B = b))),
            (2, &mut |_g: &mut Gen| Some(fill!("P(\"len\", #$A, rawlen($A))", A = a))),
            (3, &mut |_g: &mut Gen| Some(fill!("P($A .. \"|\" .. $B, 1 .. $A, $A .. 2.5)", A = a, B = b))),
            (2, &mut |g: &mut Gen| Some(fill!("P(\"call\", $A($K), $B($K))", A = a, B = b, K = g.small_int()))),
            (2, &mut |_g: &mut Gen| Some(fill!("P(\"meth\", $A:len2(), $B:scale(2).x, $B.x)", A = a, B = b))),
            (2, &mut |_g: &mut Gen| Some(fill!("do local u = -$A local w = $A // $B local z = $A % $B P(\"un\", u.x, w.x, z.y) end", A = a, B = b))),
            (2, &mut |_g: &mut Gen| Some(fill!("P(\"bit\", $A & $B, $A << 1, ~$A)", A = a, B = b))),
            (2, &mut |_g: &mut Gen| Some(fill!("PE(pcall(function() return $A < 1 end))", A = a))),
            (2, &mut |_g: &mut Gen| Some(fill!("PE(pcall(function() return $A | 1 end))", A = a))),
            (4, &mut |g: &mut Gen| {
                let (ii, one) = (g.name("i"), g.name("one"));
                Some(fill!(
                    "do\n  local $ONE = $NEW(1, 0)\n  for $II = 1, $NN do\n    $A = $A + $NEW($II % 3, 1)\n    if $II == $K then $A = $A + $NEW(0.5, 0) end\n    if $A < $ONE then $ACC = $ACC + 1 end\n  end\n  P(\"hot\", $A.x, $A.y)\nend",
                    ONE = one, II = ii, NN = g.hot_n(), K = g.rng.range(1, 200), A = a, NEW = new, ACC = acc
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let (o, ii) = (g.name("o"), g.name("i"));
                let nn = g.hot_n();
                Some(fill!(
                    "do\n  local $O = setmetatable({x = 1, y = 2}, $SUB)\n  for $II = 1, $NN do\n    $ACC = $ACC + $O:len2()\n    if $II == $K then function $SUB.len2(self) return 0.5 end end\n    if $II == $K2 then $SUB.len2 = nil end\n  end\n  P(\"inherit\", $O:len2(), getmetatable($O) == $SUB)\nend",
                    O = o, II = ii, NN = nn, K = g.rng.range(1, nn), K2 = g.rng.range(1, nn), SUB = sub, ACC = acc
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (store, px) = (g.name("store"), g.name("px"));
                Some(fill!(
                    "do\n  local $STORE = {}\n  local $PX = setmetatable({}, {__newindex = $STORE, __index = function(t, k) return $STORE[k] end})\n  $PX.q = $V\n  $PX[1] = 2\n  P(\"proxy\", rawget($PX, \"q\"), $STORE.q, $PX.q, $PX[1], rawlen($PX), #$STORE)\nend",
                    STORE = store, PX = px, V = g.int_lit()
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let lk = g.name("lk");
                Some(fill!(
                    "do\n  local $LK = setmetatable({}, {__metatable = \"locked\"})\n  P(\"locked\", getmetatable($LK))\n  PE(pcall(setmetatable, $LK, {}))\nend",
                    LK = lk
                ))
            }),
            (1, &mut |_g: &mut Gen| Some(fill!("P(\"gmt\", getmetatable($A) == $VM, getmetatable(1), getmetatable({}))", A = a, VM = vm))),
        ]);
        let post = fill!("P(\"obj\", $ACC, $A.x, $A.y)\nC($ACC)\n", ACC = acc, A = a);
        blk(pre, items, post)
    }
}
