//! More scenario blocks: errors, varargs, goto, iterators, to-be-closed variables, recursion,
//! strings, number edge cases.

use super::expr::fmt_int;
use super::{Env, Gen, Ty};
use crate::fill;
use crate::program::Block;

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
    fn err_value(&mut self) -> String {
        match self.rng.below(9) {
            0 => format!("\"e{}\"", self.rng.below(100)),
            1 => self.int_lit(),
            2 => format!("{{code = {}}}", self.small_int()),
            3 => "nil".to_string(),
            4 => "true".to_string(),
            5 => self.flt_lit(),
            6 => "setmetatable({}, {__tostring = function() return \"custom\" end})".to_string(),
            7 => self.str_lit(),
            _ => "{}".to_string(),
        }
    }

    fn vararg_list(&mut self, min: i64) -> Vec<String> {
        let n = self.rng.range(min, 6);
        (0..n)
            .map(|_| match self.rng.below(6) {
                0 => "nil".to_string(),
                1 => self.str_lit(),
                2 => self.bool_lit(),
                3 => self.flt_lit(),
                _ => self.int_lit(),
            })
            .collect()
    }

    pub(crate) fn errors(&mut self) -> Block {
        let cnt = self.name("cnt");
        let pre = fill!("local $CNT = 0\n", CNT = cnt);
        let n = self.rng.range(4, 10);
        let items = self.pick_items(n, &mut [
            (4, &mut |g: &mut Gen| Some(format!("PE(pcall(error, {}))", g.err_value()))),
            (4, &mut |g: &mut Gen| {
                let lvl = g.rng.range(0, 3);
                Some(format!("PE(pcall(function() error({}, {lvl}) end))", g.err_value()))
            }),
            (3, &mut |g: &mut Gen| {
                let f = g.name("inner");
                let lvl = g.rng.range(1, 3);
                Some(fill!(
                    "PE(pcall(function()\n  local function $F() error(\"from inner\", $L) end\n  $F()\nend))",
                    F = f, L = lvl
                ))
            }),
            (2, &mut |g: &mut Gen| Some(format!("PE(pcall(function(...) return ... end, {}))", g.vararg_list(1).join(", ")))),
            (2, &mut |g: &mut Gen| Some(format!("PE(pcall(pcall, error, {}))", g.err_value()))),
            (2, &mut |g: &mut Gen| Some(format!(
                "PE(pcall(function() local ok, e = pcall(error, {}) error(e, 0) end))", g.err_value()
            ))),
            (5, &mut |g: &mut Gen| {
                let env = Env::new(1);
                let mut inner = env.in_function();
                inner.risky = true;
                let s = g.risky_stmt(&inner);
                Some(format!("PE(pcall(function()\n{}end))", super::indent(&s)))
            }),
            (2, &mut |g: &mut Gen| {
                let mm = *g.rng.pick(&["__add", "__index", "__call", "__concat", "__len", "__eq", "__lt", "__unm"]);
                let op = match mm {
                    "__add" => "return o + 1",
                    "__index" => "return o.missing",
                    "__call" => "return o()",
                    "__concat" => "return o .. \"x\"",
                    "__len" => "return #o",
                    "__eq" => "return o == setmetatable({}, getmetatable(o))",
                    "__lt" => "return o < o",
                    _ => "return -o",
                };
                Some(format!(
                    "PE(pcall(function()\n  local o = setmetatable({{}}, {{{mm} = function() error({}) end}})\n  {op}\nend))",
                    g.err_value()
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (ok, e) = (g.name("ok"), g.name("e"));
                Some(fill!(
                    "do\n  local $OK, $E = pcall(error, {code = $C})\n  P($OK, type($E), $E.code)\n  $CNT = $CNT + $E.code\nend",
                    OK = ok, E = e, C = g.small_int(), CNT = cnt
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let a = *g.rng.pick(&["false", "nil, \"m\"", "1, 2, 3", "", "false, {code = 4}", "true, \"unused\""]);
                Some(if a.is_empty() { "PE(pcall(assert))".to_string() } else { format!("PE(pcall(assert, {a}))") })
            }),
            (3, &mut |g: &mut Gen| {
                let (ii, ok, e) = (g.name("i"), g.name("ok"), g.name("e"));
                Some(fill!(
                    "for $II = 1, $NN do\n  local $OK, $E = pcall(function(x) if x % $M == 0 then error(\"E\" .. x, 0) end return x end, $II)\n  if $OK then $CNT = $CNT + $E else $CNT = $CNT + #$E end\nend",
                    II = ii, OK = ok, E = e, NN = g.hot_n(), M = g.rng.range(2, 50), CNT = cnt
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let r = g.name("r");
                Some(fill!(
                    "do\n  local function $R(n) if n == 0 then error(\"deep\") end return $R(n - 1) + 1 end\n  PE(pcall($R, $D))\nend",
                    R = r, D = g.rng.range(0, 100)
                ))
            }),
            (1, &mut |_g: &mut Gen| Some("PE(pcall(error))".to_string())),
            (1, &mut |g: &mut Gen| Some(format!("PE(pcall(error, \"lv\", {}))", g.rng.range(1, 3)))),
            (1, &mut |_g: &mut Gen| Some("P(select('#', pcall(error)))".to_string())),
            (2, &mut |g: &mut Gen| {
                let r = g.name("r");
                Some(fill!(
                    "do\n  local function $R(n) if n == 0 then error(\"bottom\", 0) end local ok, e = pcall($R, n - 1) error(e .. n, 0) end\n  PE(pcall($R, $D))\nend",
                    R = r, D = g.rng.range(0, 30)
                ))
            }),
        ]);
        let post = fill!("P(\"errs\", $CNT)\nC($CNT)\n", CNT = cnt);
        blk(pre, items, post)
    }

    pub(crate) fn varargs(&mut self) -> Block {
        let (cnt, pass, sum, last, pack, acc) = (
            self.name("cnt"),
            self.name("pass"),
            self.name("sum"),
            self.name("last"),
            self.name("pack"),
            self.name("acc"),
        );
        let pre = fill!(
            r#"local function $CNT(...) return select('#', ...) end
local function $PASS(...) return ... end
local function $SUM(...)
  local s = 0
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    if type(v) == "number" then s = s + v end
  end
  return s
end
local function $LAST(...)
  local n = select('#', ...)
  if n == 0 then return nil end
  return (select(-1, ...))
end
local function $PACK(...) return {n = select('#', ...), ...} end
local $ACC = 0
"#,
            CNT = cnt,
            PASS = pass,
            SUM = sum,
            LAST = last,
            PACK = pack,
            ACC = acc
        );
        let n = self.rng.range(4, 10);
        let items = self.pick_items(n, &mut [
            (3, &mut |g: &mut Gen| Some(format!("P({cnt}({}))", g.vararg_list(0).join(", ")))),
            (3, &mut |g: &mut Gen| Some(format!("P({pass}({}))", g.vararg_list(0).join(", ")))),
            (2, &mut |g: &mut Gen| Some(format!(
                "P({pass}({}, {pass}({})), {last}({}))",
                g.int_lit(), g.vararg_list(0).join(", "), g.vararg_list(0).join(", ")
            ))),
            (2, &mut |g: &mut Gen| Some(format!("P(({pass}({})))", g.vararg_list(0).join(", ")))),
            (2, &mut |g: &mut Gen| Some(format!(
                "P({cnt}({pass}({}), {pass}({})))", g.vararg_list(0).join(", "), g.vararg_list(0).join(", ")
            ))),
            (2, &mut |g: &mut Gen| {
                let t = g.name("t");
                Some(fill!("do\n  local $T = $PACK($ARGS)\n  P($T.n, $T[1], $T[$T.n])\nend", T = t, PACK = pack, ARGS = g.vararg_list(0).join(", ")))
            }),
            (2, &mut |g: &mut Gen| {
                let (x, y, z) = (g.name("x"), g.name("y"), g.name("z"));
                Some(fill!("do\n  local $X, $Y, $Z = $PASS($ARGS)\n  P($X, $Y, $Z)\nend", X = x, Y = y, Z = z, PASS = pass, ARGS = g.vararg_list(0).join(", ")))
            }),
            (3, &mut |g: &mut Gen| {
                let args = g.vararg_list(1);
                let len = args.len() as i64;
                let k = if g.rng.chance(1, 2) { g.rng.range(1, len + 1) } else { -g.rng.range(1, len) };
                Some(format!("P(select({k}, {}))", args.join(", ")))
            }),
            (1, &mut |_g: &mut Gen| Some(format!("P(select('#', {pass}()), select('#', nil, nil, nil))"))),
            (4, &mut |g: &mut Gen| {
                let ii = g.name("i");
                Some(fill!(
                    "for $II = 1, $NN do\n  $ACC = $ACC + $SUM($II, $II * 2, nil, $II % 7) + $CNT($PASS($II, $II))\nend",
                    II = ii, NN = g.hot_n(), ACC = acc, SUM = sum, CNT = cnt, PASS = pass
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let ii = g.name("i");
                Some(fill!(
                    "for $II = 1, $NN do\n  if $II == $K then $SUM = function(...) return select('#', ...) * 1.5 end end\n  $ACC = $ACC + $SUM($II, 1)\nend",
                    II = ii, NN = g.hot_n(), K = g.rng.range(1, 200), ACC = acc, SUM = sum
                ))
            }),
            (1, &mut |_g: &mut Gen| Some("P(\"main\", select('#', ...))".to_string())),
            (2, &mut |g: &mut Gen| {
                let o = g.name("o");
                Some(fill!(
                    "do\n  local $O = {}\n  function $O:m(...) return self == $O, select('#', ...), ... end\n  P($O:m($ARGS))\nend",
                    O = o, ARGS = g.vararg_list(0).join(", ")
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let tc = g.name("tc");
                Some(fill!(
                    "do\n  local function $TC(...) return $PASS(...) end\n  P($TC($ARGS))\nend",
                    TC = tc, PASS = pass, ARGS = g.vararg_list(0).join(", ")
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let t = g.name("t");
                Some(fill!(
                    "do\n  local $T = {$PASS($A), $PASS($B)}\n  P(rawlen($T) >= 0, $T[1], $T[2])\nend",
                    T = t, PASS = pass, A = g.vararg_list(1).join(", "), B = g.int_lit()
                ))
            }),
        ]);
        let post = fill!("P(\"va\", $ACC)\nC($ACC)\n", ACC = acc);
        blk(pre, items, post)
    }

    pub(crate) fn gotos(&mut self) -> Block {
        let n = self.rng.range(2, 6);
        let items = self.pick_items(n, &mut [
            (4, &mut |g: &mut Gen| {
                let (s, ii, lbl) = (g.name("s"), g.name("i"), g.name("continue"));
                let nn = if g.rng.chance(1, 2) { g.hot_n() } else { g.rng.range(1, 20) };
                let env = Env::new(1).with_var(&ii, Ty::Int, false).with_var(&s, Ty::Num, true);
                let extra = g.stmt(&env, 0);
                Some(fill!(
                    "do\n  local $S = 0\n  for $II = 1, $NN do\n    if $II % $M == 0 then goto $L end\n    $S = $S + $II\n    do\n      $EXTRA\n    end\n    ::$L::\n  end\n  P(\"cont\", $S)\nend",
                    S = s, II = ii, L = lbl, NN = nn, M = g.rng.range(2, 7), EXTRA = extra.replace('\n', "\n      ")
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let (k, top) = (g.name("k"), g.name("top"));
                Some(fill!(
                    "do\n  local $K = 0\n  ::$TOP::\n  $K = $K + $ST\n  if $K < $N then goto $TOP end\n  P(\"back\", $K)\nend",
                    K = k, TOP = top, ST = g.rng.range(1, 3), N = g.rng.range(0, 2000)
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let (found, ii, jj, out) = (g.name("found"), g.name("i"), g.name("j"), g.name("out"));
                Some(fill!(
                    "do\n  local $F = 0\n  for $II = 1, $A do\n    for $JJ = 1, $B do\n      if $II * $JJ > $LIM then $F = $II * 100 + $JJ goto $OUT end\n    end\n  end\n  ::$OUT::\n  P(\"out\", $F)\nend",
                    F = found, II = ii, JJ = jj, OUT = out, A = g.rng.range(1, 10), B = g.rng.range(1, 10), LIM = g.rng.range(1, 80)
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let (fs, k, top, x) = (g.name("fs"), g.name("k"), g.name("top"), g.name("x"));
                let nn = g.rng.range(1, 10);
                Some(fill!(
                    "do\n  local $FS = {}\n  local $K = 1\n  ::$TOP::\n  do\n    local $X = $K * 10\n    $FS[$K] = function() $X = $X + 1 return $X end\n  end\n  $K = $K + 1\n  if $K <= $N then goto $TOP end\n  P(\"gclos\", $FS[1](), $FS[$N](), $FS[1]())\nend",
                    FS = fs, K = k, TOP = top, X = x, N = nn
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (w, lbl, s) = (g.name("w"), g.name("next"), g.name("s"));
                Some(fill!(
                    "do\n  local $W, $S = 0, 0\n  while true do\n    $W = $W + 1\n    if $W > $N then break end\n    if $W % 3 == 1 then goto $L end\n    $S = $S + $W\n    ::$L::\n  end\n  P(\"wgoto\", $W, $S)\nend",
                    W = w, L = lbl, S = s, N = g.rng.range(0, 500)
                ))
            }),
        ]);
        blk(String::new(), items, String::new())
    }

    pub(crate) fn iterators(&mut self) -> Block {
        let acc = self.name("acc");
        let pre = fill!("local $ACC = 0\n", ACC = acc);
        let n = self.rng.range(3, 8);
        let items = self.pick_items(n, &mut [
            (3, &mut |g: &mut Gen| {
                let (range, v) = (g.name("range"), g.name("v"));
                Some(fill!(
                    "do\n  local function $R(n, step) local i = 0 return function() i = i + step if i <= n then return i end end end\n  for $V in $R($N, $ST) do $ACC = $ACC + $V end\nend",
                    R = range, V = v, N = g.hot_n(), ST = g.rng.range(1, 3), ACC = acc
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let (it, a, b) = (g.name("it"), g.name("a"), g.name("b"));
                Some(fill!(
                    "do\n  local function $IT(s, c) if c < s then return c + 1, c * c end end\n  for $A, $B in $IT, $N, 0 do $ACC = $ACC + $B - $A end\nend",
                    IT = it, A = a, B = b, N = g.rng.range(0, 2000), ACC = acc
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let (i, v) = (g.name("i"), g.name("v"));
                let items = g.vararg_list(0);
                Some(fill!(
                    "for $I, $V in ipairs({$ITEMS}) do P(\"ip\", $I, $V) end",
                    I = i, V = v, ITEMS = items.join(", ")
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (p, i, v) = (g.name("p"), g.name("i"), g.name("v"));
                Some(fill!(
                    "do\n  local $P = setmetatable({}, {__index = function(t, i) if i <= $N then return i * i end end})\n  for $I, $V in ipairs($P) do $ACC = $ACC + $V end\n  P(\"ipx\", $ACC)\nend",
                    P = p, I = i, V = v, N = g.rng.range(0, 50), ACC = acc
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (t, k, v) = (g.name("t"), g.name("k"), g.name("v"));
                Some(fill!(
                    "do\n  local $T = setmetatable({}, {__pairs = function(t) return function(s, c) if c < s then return c + 1, c * 2 end end, $N, 0 end})\n  for $K, $V in pairs($T) do $ACC = $ACC + $K * $V end\n  P(\"pairsmm\", $ACC)\nend",
                    T = t, K = k, V = v, N = g.rng.range(0, 20), ACC = acc
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let (t, k, v, c, s) = (g.name("t"), g.name("k"), g.name("v"), g.name("c"), g.name("s"));
                let m = g.rng.range(0, 30);
                Some(fill!(
                    "do\n  local $T = {}\n  for i = 1, $M do $T[\"k\" .. i] = i $T[i * 7] = i end\n  local $C, $S = 0, 0\n  for $K, $V in $ITER do $C = $C + 1 $S = $S + $V end\n  P(\"hash\", $C, $S, next({}) == nil, next($T) ~= nil or $M == 0)\nend",
                    T = t, K = k, V = v, C = c, S = s, M = m,
                    ITER = if g.rng.chance(1, 2) { fill!("pairs($T)", T = t) } else { fill!("next, $T", T = t) }
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (i, cl) = (g.name("i"), g.name("cl"));
                Some(fill!(
                    "do\n  local $CL = setmetatable({}, {__close = function() print(\"iter closed\") end})\n  for $I in function(s, c) if c < s then return c + 1 end end, 10, 0, $CL do\n    if $I == $B then break end\n  end\nend",
                    I = i, CL = cl, B = g.rng.range(1, 12)
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let (x, c) = (g.name("x"), g.name("c"));
                let (a, b, st) = *g.rng.pick(&[
                    ("1", "2", "0.25"), ("0", "1", "0.1"), ("1.0", "3", "1"), ("3", "1", "-0.5"), ("1", "3.7", "1"),
                    ("1", "0/0", "1"), ("1", "1/0", "1"), ("-1", "-1/0", "-1"), ("9223372036854775800", "9223372036854775807", "3"),
                    ("1", "0x7fffffffffffffff", "0x4000000000000000"), ("(-9223372036854775807 - 1)", "(-9223372036854775807 - 1) + 10", "5"),
                    ("1", "3", "1"), ("3", "1", "1"), ("1e300", "1e301", "1e300"), ("0.5", "-2.5", "-0.5"),
                ]);
                Some(fill!(
                    "do\n  local $C = 0\n  for $X = $A, $B, $ST do\n    $C = $C + 1\n    if $C <= 4 then P(\"for\", $X) end\n    if $C > 100 then break end\n  end\n  P(\"count\", $C)\nend",
                    C = c, X = x, A = a, B = b, ST = st
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let i = g.name("i");
                Some(fill!("for $I = 1, 3 do\n  P(\"shadow\", $I)\n  $I = $I * 10\n  P(\"shadow2\", $I)\n  local $I = $I + 1\n  P(\"shadow3\", $I)\nend", I = i))
            }),
            (2, &mut |g: &mut Gen| {
                let (k, done) = (g.name("k"), g.name("done"));
                Some(fill!(
                    "do\n  local $K = 0\n  repeat\n    $K = $K + 1\n    local $D = $K * $K >= $N\n  until $D\n  P(\"rep\", $K)\nend",
                    K = k, D = done, N = g.rng.range(0, 5000)
                ))
            }),
        ]);
        let post = fill!("P(\"iters\", $ACC)\nC($ACC)\n", ACC = acc);
        blk(pre, items, post)
    }

    pub(crate) fn close(&mut self) -> Block {
        let mk = self.name("mk");
        let pre = fill!(
            "local function $MK(name) return setmetatable({}, {__close = function(o, e) print(\"close\", name, EF(e)) end}) end\n",
            MK = mk
        );
        let n = self.rng.range(3, 8);
        let items = self.pick_items(n, &mut [
            (3, &mut |g: &mut Gen| {
                let (a, b) = (g.name("a"), g.name("b"));
                Some(fill!("do\n  local $A <close> = $MK(\"a\")\n  local $B <close> = $MK(\"b\")\n  print(\"body\")\nend", A = a, B = b, MK = mk))
            }),
            (2, &mut |g: &mut Gen| {
                let (x, y) = (g.name("x"), g.name("y"));
                Some(fill!("do\n  local $X <close> = nil\n  local $Y <close> = false\n  print(\"nil-close ok\")\nend", X = x, Y = y))
            }),
            (3, &mut |g: &mut Gen| {
                let (i, c) = (g.name("i"), g.name("c"));
                Some(fill!(
                    "for $I = 1, 3 do\n  local $C <close> = $MK(\"it\" .. $I)\n  if $I == $B then break end\nend",
                    I = i, C = c, MK = mk, B = g.rng.range(1, 4)
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let c = g.name("c");
                Some(fill!(
                    "PE(pcall(function()\n  local $C <close> = $MK(\"err\")\n  error($E)\nend))",
                    C = c, MK = mk, E = g.err_value()
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (f, c) = (g.name("f"), g.name("c"));
                Some(fill!(
                    "do\n  local function $F()\n    local $C <close> = $MK(\"ret\")\n    return \"r1\", \"r2\"\n  end\n  P($F())\nend",
                    F = f, C = c, MK = mk
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let k = g.name("k");
                Some(fill!("do\n  local $K <const> = $V\n  P(\"const\", $K * 2, $K)\nend", K = k, V = g.int_lit()))
            }),
            (2, &mut |g: &mut Gen| {
                let c = g.name("c");
                let v = *g.rng.pick(&["{}", "1", "\"s\"", "true"]);
                Some(fill!("PE(pcall(function()\n  local $C <close> = $V\nend))", C = c, V = v))
            }),
            (3, &mut |g: &mut Gen| {
                let (n, cc, i, c) = (g.name("n"), g.name("cc"), g.name("i"), g.name("c"));
                Some(fill!(
                    "do\n  local $N = 0\n  local $CC = setmetatable({}, {__close = function() $N = $N + 1 end})\n  for $I = 1, $NN do\n    local $C <close> = $CC\n    if $I % $M == 0 then goto skip end\n    $N = $N + 0\n    ::skip::\n  end\n  P(\"closed\", $N)\nend",
                    N = n, CC = cc, I = i, C = c, NN = g.hot_n(), M = g.rng.range(2, 9)
                ))
            }),
            (1, &mut |g: &mut Gen| {
                let (a, b) = (g.name("a"), g.name("b"));
                Some(fill!(
                    "PE(pcall(function()\n  local $A <close> = $MK(\"outer\")\n  local $B <close> = setmetatable({}, {__close = function() error(\"in close\", 0) end})\n  error(\"body\", 0)\nend))",
                    A = a, B = b, MK = mk
                ))
            }),
            (1, &mut |g: &mut Gen| {
                let b = g.name("b");
                Some(fill!(
                    "PE(pcall(function()\n  local $B <close> = setmetatable({}, {__close = function() error(\"close only\") end})\n  return 1\nend))",
                    B = b
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (w, c) = (g.name("w"), g.name("c"));
                Some(fill!(
                    "do\n  local $W = 0\n  while $W < 3 do\n    $W = $W + 1\n    local $C <close> = $MK(\"w\" .. $W)\n    if $W == 2 then goto cont end\n    print(\"wbody\", $W)\n    ::cont::\n  end\nend",
                    W = w, C = c, MK = mk
                ))
            }),
        ]);
        blk(pre, items, String::new())
    }

    pub(crate) fn recursion(&mut self) -> Block {
        let n = self.rng.range(2, 6);
        let items = self.pick_items(n, &mut [
            (3, &mut |g: &mut Gen| {
                let f = g.name("fib");
                Some(fill!("do\n  local function $F(n) if n < 2 then return n end return $F(n - 1) + $F(n - 2) end\n  P(\"fib\", $F($N))\nend", F = f, N = g.rng.range(0, 20)))
            }),
            (3, &mut |g: &mut Gen| {
                let f = g.name("depth");
                Some(fill!("do\n  local function $F(n) if n == 0 then return 0 end return 1 + $F(n - 1) end\n  P(\"depth\", $F($N))\nend", F = f, N = g.rng.range(0, 190)))
            }),
            (3, &mut |g: &mut Gen| {
                let f = g.name("tail");
                Some(fill!(
                    "do\n  local function $F(n, acc) if n == 0 then return acc end return $F(n - 1, acc + n) end\n  P(\"tail\", $F($N, 0))\nend",
                    F = f, N = g.rng.range(1000, 100000)
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (ev, od) = (g.name("even"), g.name("odd"));
                Some(fill!(
                    "do\n  local $OD\n  local function $EV(n) if n == 0 then return true end return $OD(n - 1) end\n  function $OD(n) if n == 0 then return false end return $EV(n - 1) end\n  P(\"evenodd\", $EV($N), $OD($N))\nend",
                    EV = ev, OD = od, N = g.rng.range(0, 10000)
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let a = g.name("ack");
                let (m, nn) = *g.rng.pick(&[(2, 3), (2, 5), (3, 3), (1, 10), (0, 5), (3, 2)]);
                Some(fill!(
                    "do\n  local function $A(m, n)\n    if m == 0 then return n + 1 end\n    if n == 0 then return $A(m - 1, 1) end\n    return $A(m - 1, $A(m, n - 1))\n  end\n  P(\"ack\", $A($M, $N))\nend",
                    A = a, M = m, N = nn
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (base, cur, i) = (g.name("base"), g.name("cur"), g.name("i"));
                Some(fill!(
                    "do\n  local $BASE = {v = $V}\n  local $CUR = $BASE\n  for $I = 1, $D do $CUR = setmetatable({}, {__index = $CUR}) end\n  P(\"chain\", $CUR.v, $CUR.missing)\n  $BASE.v = 0.5\n  P(\"chain2\", $CUR.v)\nend",
                    BASE = base, CUR = cur, I = i, V = g.int_lit(), D = g.rng.range(1, 100)
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (cur, i) = (g.name("cur"), g.name("i"));
                Some(fill!(
                    "do\n  local $CUR = {v = 1}\n  for $I = 1, $D do\n    local prev = $CUR\n    $CUR = setmetatable({}, {__index = function(t, k) return prev[k] end})\n  end\n  P(\"fchain\", $CUR.v)\nend",
                    CUR = cur, I = i, D = g.rng.range(1, 30)
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (build, sum) = (g.name("build"), g.name("sum"));
                Some(fill!(
                    "do\n  local function $B(d) if d == 0 then return {v = 1} end return {l = $B(d - 1), r = $B(d - 1), v = d} end\n  local function $S(t) if not t then return 0 end return t.v + $S(t.l) + $S(t.r) end\n  P(\"tree\", $S($B($D)))\nend",
                    B = build, S = sum, D = g.rng.range(0, 10)
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let c = g.name("cnt");
                Some(fill!(
                    "do\n  local function $C(n, ...) if n == 0 then return select('#', ...), ... end return $C(n - 1, n, ...) end\n  P(\"vrec\", ($C($N)), select(2, $C(3)))\nend",
                    C = c, N = g.rng.range(0, 100)
                ))
            }),
            // Overflows: "stack overflow" and "C stack overflow" are Lua errors. One-line
            // functions, so the position does not depend on the depth reached.
            (1, &mut |g: &mut Gen| {
                if g.overflow_used {
                    return None;
                }
                g.overflow_used = true;
                let f = g.name("so");
                let body = *g.rng.pick(&[
                    "local function $F(n) return 1 + $F(n + 1) end\nPE(pcall($F, 1))",
                    "local $F = setmetatable({}, {__index = function(t, k) return t[k] end})\nPE(pcall(function() return $F.x end))",
                    "local function $F(n) return \"x\" .. $F(n + 1) end\nPE(pcall($F, 1))",
                    "local $F = setmetatable({}, {__call = function(self, n) return self(n + 1) + 1 end})\nPE(pcall($F, 1))",
                ]);
                Some(format!("do\n{}end", super::indent(&fill!(body, F = f))))
            }),
        ]);
        blk(String::new(), items, String::new())
    }

    /// Field accesses and method calls whose inline caches a JIT would specialise: several
    /// table shapes at one site, fields deleted and added, methods redefined in the metatable,
    /// `__index` replaced, metatables switched, `_ENV` replaced.
    pub(crate) fn hot_shapes(&mut self) -> Block {
        let (objs, s, r, nn) = (
            self.name("objs"),
            self.name("s"),
            self.name("r"),
            self.hot_n(),
        );
        let pre = fill!(
            r#"local $OBJS = {}
for i = 1, 30 do
  local o
  if i % 3 == 0 then o = {a = i, b = 2, c = 3}
  elseif i % 3 == 1 then o = {c = 3, b = 2, a = i}
  else o = {} o.b = 1 o.a = i end
  if i % 5 == 0 then o[1] = i end
  $OBJS[i] = o
end
local $S = 0
for $R = 1, $N do
  local o = $OBJS[$R % 30 + 1]
"#,
            OBJS = objs,
            S = s,
            R = r,
            N = nn
        );
        let cnt_items = self.rng.range(3, 9);
        let items = self.pick_items(cnt_items, &mut [
            (5, &mut |_g: &mut Gen| Some(fill!("$S = $S + o.a + (o.c or 0) + o.b", S = s))),
            (3, &mut |_g: &mut Gen| Some(fill!("$S = $S + (o[1] or 0) + (o.d or 0)", S = s))),
            (3, &mut |g: &mut Gen| Some(fill!("if $R == $K then $OBJS[$J].a = 0.5 end", R = r, K = g.rng.range(1, nn), OBJS = objs, J = g.rng.range(1, 30)))),
            (3, &mut |g: &mut Gen| Some(fill!("if $R == $K then $OBJS[$J].c = nil end", R = r, K = g.rng.range(1, nn), OBJS = objs, J = g.rng.range(1, 30)))),
            (3, &mut |g: &mut Gen| Some(fill!("if $R == $K then $OBJS[$J].d = $R end", R = r, K = g.rng.range(1, nn), OBJS = objs, J = g.rng.range(1, 30)))),
            (2, &mut |g: &mut Gen| Some(fill!("if $R == $K then for i = 1, 30, 2 do $OBJS[i].e = i $OBJS[i].e = nil end end", R = r, K = g.rng.range(1, nn), OBJS = objs))),
            (2, &mut |g: &mut Gen| Some(fill!(
                "if $R == $K then $OBJS[$J] = setmetatable({b = 0}, {__index = function(t, k) return type(k) == \"string\" and #k or 0 end}) end",
                R = r, K = g.rng.range(1, nn), OBJS = objs, J = g.rng.range(1, 30)
            ))),
            (2, &mut |_g: &mut Gen| Some(fill!("o.b = o.b + 1", ))),
            (2, &mut |g: &mut Gen| Some(fill!("if $R % $M == 0 then o.a = o.a + 1 end", R = r, M = g.rng.range(2, 9)))),
        ]);
        let mut post = fill!("end\nP(\"shapes\", $S)\nC($S)\n", S = s);
        // A second loop: method lookups through a metatable that changes under it.
        let (base, other, o, i, acc) = (
            self.name("Base"),
            self.name("Other"),
            self.name("o"),
            self.name("i"),
            self.name("acc"),
        );
        let n2 = self.hot_n();
        let mut lines = vec![fill!(
            "local $BASE = {}\n$BASE.__index = $BASE\nfunction $BASE.get(self) return self.v end\nlocal $OTHER = {__index = {get = function(self) return 1000 end}}\nlocal $O = setmetatable({v = $V}, $BASE)\nlocal $ACC = 0\nfor $I = 1, $N2 do\n  $ACC = $ACC + $O:get()",
            BASE = base, OTHER = other, O = o, V = self.small_int(), ACC = acc, I = i, N2 = n2
        )];
        let events = [
            "  if $I == $K then function $BASE.get(self) return -self.v end end",
            "  if $I == $K then rawset($O, \"get\", function() return 100 end) end",
            "  if $I == $K then $O.get = nil end",
            "  if $I == $K then setmetatable($O, $OTHER) end",
            "  if $I == $K then setmetatable($O, $BASE) end",
            "  if $I == $K then $BASE.__index = {get = function() return 7 end} end",
            "  if $I == $K then $O.v = $O.v + 0.5 end",
        ];
        for _ in 0..self.rng.range(1, 5) {
            let e = *self.rng.pick(&events);
            lines.push(fill!(
                e,
                I = i,
                K = self.rng.range(1, n2),
                BASE = base,
                O = o,
                OTHER = other
            ));
        }
        lines.push(fill!("end\nP(\"ic\", $ACC)\nC($ACC)", ACC = acc));
        post.push_str(&format!("do\n{}end\n", super::indent(&lines.join("\n"))));
        // _ENV replaced by a local table: globals resolve in it.
        if self.rng.chance(1, 2) {
            let (env, pr, k) = (self.name("env"), self.name("pr"), self.name("k"));
            post.push_str(super::indent(&fill!(
                "do\n  local $PR, $ENVV = print, {x = $X}\n  do\n    local _ENV = $ENVV\n    for $K = 1, $N do x = x + $K y = (y or 0) + 1 end\n  end\n  $PR(\"env\", $ENVV.x, $ENVV.y, rawget($ENVV, \"print\"))\nend\n",
                PR = pr, ENVV = env, X = self.small_int(), K = k, N = self.rng.range(1, 500)
            )).replace("\n  ", "\n").trim_start());
        }
        blk(pre, items, post)
    }

    pub(crate) fn strings(&mut self) -> Block {
        let n = self.rng.range(3, 8);
        let items = self.pick_items(n, &mut [
            (3, &mut |g: &mut Gen| {
                let (s, i) = (g.name("s"), g.name("i"));
                Some(fill!(
                    "do\n  local $S = \"\"\n  for $I = 1, $N do $S = $S .. ($I % 10) end\n  P(#$S, $S == \"$LIT\", $S < \"5\", $S)\nend",
                    S = s, I = i, N = g.rng.range(0, 300), LIT = "1234"
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let a: Vec<String> = (0..4).map(|_| g.str_lit()).collect();
                Some(format!(
                    "P({0} < {1}, {1} <= {2}, {2} == {3}, {0} > {3}, {0} .. {1} == {2} .. {3})",
                    a[0], a[1], a[2], a[3]
                ))
            }),
            (2, &mut |_g: &mut Gen| Some("P(\"a\" < \"b\", \"Z\" < \"a\", \"\" < \"a\", \"abc\" < \"abd\", \"ab\" < \"abc\", \"a\\0b\" < \"a\\0c\", \"10\" < \"9\")".to_string())),
            (3, &mut |g: &mut Gen| {
                let a: Vec<String> = (0..3).map(|_| g.str_lit()).collect();
                Some(format!("print({}, #{}, #{})", a.join(", "), a[0], a[1]))
            }),
            (4, &mut |g: &mut Gen| {
                let fl: Vec<String> = (0..4).map(|_| g.flt_lit()).collect();
                Some(format!("P({})", fl.join(", ")))
            }),
            (3, &mut |g: &mut Gen| {
                let x = *g.rng.pick(&[
                    "0.1 + 0.2", "100 / 3", "1e15", "1e16", "-0.0", "2^63", "1e300 * 1e10", "2^-1074", "123456789012.5",
                    "1 / 3 * 3", "3.0", "-3.5e-7", "2^53", "1e100", "255 / 256", "1e-5", "123456.789e3", "0.1 * 3",
                    "9007199254740993 / 1", "7 // 2.0", "-7 // 2.0", "2^24", "1e14 + 0.5", "1e15 + 0.5",
                ]);
                Some(format!("do local v = {x} P(v, tostring(N(v)), N(v) .. \"\", v == tonumber(tostring(v))) end"))
            }),
            (2, &mut |g: &mut Gen| {
                let i = *g.rng.pick(&["9223372036854775807", "(-9223372036854775807 - 1)", "0", "-1", "1000000", "0x7fffffff"]);
                Some(format!("print({i}, tostring({i}), {i} .. \"\", #tostring({i}))"))
            }),
            (2, &mut |_g: &mut Gen| Some("print(#\"\\u{7FF}\", #\"\\xff\\xfe\", #[[\\n]], #[[\nabc]], #\"\\z\n     x\")".to_string())),
            (4, &mut |g: &mut Gen| {
                let xs: Vec<&str> = (0..4).map(|_| *g.rng.pick(&[
                    "\"0x10\"", "\" 12 \"", "\"1e2\"", "\"inf\"", "\"nan\"", "\"0x1P-2\"", "\"1e\"", "\"\"", "\"0x\"", "\"1 2\"",
                    "\"9223372036854775808\"", "\"9223372036854775807\"", "\"-0x8000000000000000\"", "\"1e500\"", "\".5\"", "\"5.\"",
                    "\"0x.1\"", "\"  -7  \"", "\"abc\"", "\"1_000\"", "\"0b101\"", "\"1e+2\"", "\"- 1\"", "\"--1\"", "\"0x1.8\"",
                    "\"123456789012345678901234567890\"",
                ])).collect();
                Some(format!("P(tonumber({}), tonumber({}), tonumber({}), tonumber({}))", xs[0], xs[1], xs[2], xs[3]))
            }),
            (3, &mut |g: &mut Gen| {
                let (s, b) = *g.rng.pick(&[
                    ("\"7fffffffffffffff\"", "16"), ("\"ffffffffffffffff\"", "16"), ("\"zz\"", "36"), ("\"101\"", "2"),
                    ("\"  11  \"", "3"), ("\"8\"", "8"), ("\"-ff\"", "16"), ("\"1.5\"", "10"), ("\"Z\"", "36"), ("\"\"", "10"),
                ]);
                Some(format!("P(tonumber({s}, {b}))"))
            }),
            (2, &mut |g: &mut Gen| {
                let (a, t) = (g.name("a"), g.name("t"));
                Some(fill!(
                    "do\n  local $A = \"ab\" .. \"c\"\n  local $T = {}\n  $T[$A] = 1\n  $T[\"k\" .. 1] = 2\n  P($A == \"abc\", rawequal($A, \"abc\"), $T.abc, $T.k1, $T[\"k1\"])\n  local long1 = \"this is a fairly long string, longer than forty bytes \" .. $N\n  local long2 = \"this is a fairly long string, longer than forty bytes $N\"\n  P(long1 == long2, #long1)\nend",
                    A = a, T = t, N = g.rng.range(0, 99)
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let (t, i, k) = (g.name("t"), g.name("i"), g.name("k"));
                Some(fill!(
                    "do\n  local $T = {}\n  for $I = 1, $N do\n    local $K = \"k\" .. ($I % 10)\n    $T[$K] = ($T[$K] or 0) + $I\n  end\n  P($T.k0, $T.k1, $T.k5, $T.k9)\nend",
                    T = t, I = i, K = k, N = g.hot_n()
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (s, i) = (g.name("s"), g.name("i"));
                Some(fill!(
                    "do\n  local $S = \"\"\n  for $I = 1, $N do $S = $S .. $I / 4 .. \",\" end\n  P(#$S, $S)\nend",
                    S = s, I = i, N = g.rng.range(0, 40)
                ))
            }),
        ]);
        blk(String::new(), items, String::new())
    }

    pub(crate) fn numedge(&mut self) -> Block {
        let acc = self.name("acc");
        let pre = fill!("local $ACC = 0\n", ACC = acc);
        let n = self.rng.range(4, 10);
        let items = self.pick_items(n, &mut [
            (2, &mut |_g: &mut Gen| Some("P(9223372036854775807 + 1, (-9223372036854775807 - 1) - 1, 9223372036854775807 * 2, (-9223372036854775807 - 1) // -1, (-9223372036854775807 - 1) % -1, -(-9223372036854775807 - 1))".to_string())),
            (5, &mut |g: &mut Gen| {
                let a = *g.rng.pick(&["7", "-7", "3", "-3", "0", "9223372036854775807", "(-9223372036854775807 - 1)", "7.5", "-7.5", "-0.0", "1e308", "5.25"]);
                let b = *g.rng.pick(&["2", "-2", "3", "-1", "1", "2.0", "-2.5", "0.0", "-0.0", "(1/0)", "(-1/0)", "0.5", "1e-308"]);
                let int_zero = b == "0";
                if int_zero {
                    return None;
                }
                Some(format!("P({a} // {b}, {a} % {b}, {a} / {b}, {a} - {b} * ({a} // {b}))"))
            }),
            (3, &mut |g: &mut Gen| {
                let (a, b) = (g.int_lit(), g.nonzero_lit());
                Some(format!("P({a} // {b}, {a} % {b}, {a} == ({a} // {b}) * {b} + {a} % {b})"))
            }),
            (3, &mut |g: &mut Gen| {
                let c = *g.rng.pick(&[
                    "9007199254740993 < 2^53 + 2", "9007199254740993 == 2^53", "9223372036854775807 < 2^63",
                    "9223372036854775807 + 0.0 == 2^63", "9223372036854775807 == 2^63", "(-9223372036854775807 - 1) == -2^63",
                    "2^53 + 1 == 9007199254740993", "-0.0 == 0", "1/0 > 9223372036854775807", "(0/0) < 1", "(0/0) ~= (0/0)",
                    "1 == 1.0", "rawequal(1, 1.0)", "rawequal(0, -0.0)", "(-9223372036854775807 - 1) < -2^63 + 1",
                    "9007199254740992 <= 2^53", "3 < 3.5", "3.5 <= 3", "-1 < -0.5", "(1 << 63) < 0", "0x7fffffffffffffff > 1e18",
                ]);
                let d = *g.rng.pick(&["1 == 1", "2^63 >= 9223372036854775807", "1e308 > 9223372036854775807", "-(1/0) < (-9223372036854775807 - 1)"]);
                Some(format!("P({c}, {d})"))
            }),
            (3, &mut |_g: &mut Gen| Some("P(3 | 0, 3.0 | 0, 2^53 | 0, -2^63 | 0, 1e15 // 1 | 0, I(1e300), I(-2.5), I(0/0))".to_string())),
            (3, &mut |g: &mut Gen| {
                let (a, b) = (g.int_lit(), fmt_int(g.rng.range(-70, 70)));
                Some(format!("P({a} << {b}, {a} >> {b}, ~{a}, {a} ~ {b}, {a} & {b}, {a} | {b})"))
            }),
            (2, &mut |_g: &mut Gen| Some("P(1 << 63, 1 << 64, -1 >> 1, -1 >> 63, 1 << -1, 2 >> -1, 5 ~ 3, ~0, 0xFF >> 4 << 4)".to_string())),
            (2, &mut |_g: &mut Gen| Some("P(2^0.5, (-8)^(1/3), 0^0, 2^-1, (-2)^2, 2^63 == 2^63 + 1, 10 // 0.0, -10 % (1/0), 10 % (-1/0))".to_string())),
            (4, &mut |g: &mut Gen| {
                let (ii, x) = (g.name("i"), g.name("x"));
                let mul = *g.rng.pick(&["31", "1000003", "-7", "0x100000001"]);
                Some(fill!(
                    "do\n  local $X = $X0\n  for $II = 1, $NN do $X = $X * $MUL + $II end\n  P(\"wrap\", $X)\n  $ACC = $ACC ~ $X\nend",
                    X = x, X0 = g.int_lit(), II = ii, NN = g.hot_n(), MUL = mul, ACC = acc
                ))
            }),
            (3, &mut |g: &mut Gen| {
                let (ii, x) = (g.name("i"), g.name("x"));
                let nn = g.hot_n();
                Some(fill!(
                    "do\n  local $X = 1\n  for $II = 1, $NN do\n    $X = $X * 3\n    if $II == $K then $X = $X + 0.5 end\n    if $X > 1e18 or $X < -1e18 then $X = $X % 1000 end\n  end\n  P(\"grow\", $X)\nend",
                    X = x, II = ii, NN = nn, K = g.rng.range(1, nn)
                ))
            }),
            (2, &mut |g: &mut Gen| {
                let (ii, x, y) = (g.name("i"), g.name("x"), g.name("y"));
                Some(fill!(
                    "do\n  local $X, $Y = 0, 0.0\n  for $II = 1, $NN do\n    $X = $X + $II / 7\n    $Y = $Y + $II // 7 + $II % 7\n  end\n  P(\"mix\", $X, $Y, $X // 1, $Y % 3)\nend",
                    X = x, Y = y, II = ii, NN = g.hot_n()
                ))
            }),
            (2, &mut |_g: &mut Gen| Some("P(1/(-0.0), -0.0 == 0.0, tostring(-0.0), 0.0 * -1, -(0.0), 0 * -1)".to_string())),
            (2, &mut |g: &mut Gen| {
                let t = g.name("t");
                Some(fill!("do\n  local $T = {}\n  $T[-0.0] = 1\n  $T[2^53] = 2\n  P($T[0], $T[9007199254740992], $T[2^53 + 0.0], rawget($T, 0.0))\nend", T = t))
            }),
            (3, &mut |g: &mut Gen| {
                let env = Env::new(1);
                let e1 = g.e_int(&env, 4);
                let e2 = g.e_flt(&env, 3);
                Some(format!("P({e1}, {e2})"))
            }),
        ]);
        let post = fill!("P(\"num\", $ACC)\nC($ACC)\n", ACC = acc);
        blk(pre, items, post)
    }
}
