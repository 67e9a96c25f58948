//! Compiled code against the interpreter: same output and same errors (messages and
//! tracebacks), also with a collection at every safepoint (the GC contract: every live
//! value is in a stack slot whenever a collection can run).

include!("jit_common.rs.inc");

const PROGRAMS: &[&str] = &[
    // arithmetic, comparisons, loops
    r#"local s, f = 0, 0.5
       for i = 1, 100 do s = s + i * 3 - (i // 7) + (i % 5); f = f * 1.01 + i / 3 end
       for x = 1.0, 3.0, 0.25 do f = f + x end
       local a, b = 7, -3
       print(s, f, a // b, a % b, -a, ~a, a & 6, a | 8, a ~ 1, a << 2, a >> 1, 2^0.5, 7 // 0.0, -7 % 0.0)
       print(1 < 2, 1.5 <= 1, "a" < "b", 1 == 1.0, math.maxinteger + 1 == math.mininteger, 3 ~= 3.5)
       local n = 0 while n < 10 do n = n + 3 end repeat n = n - 1 until n < 5 print(n)
       local function mr(x) return x, x + 1, x + 2 end
       local a = mr(1) local b, c = mr(2) local d, e, f, g = mr(3)
       print(a, b, c, d, e, f, g, mr(4)) print((mr(5)))
       for i = 3, 1 do print("never") end for i = -2, 2 do n = n + i end print(n)"#,
    // tables, strings, closures, varargs, methods
    r#"local t = {1, 2, 3, x = 1, ["y z"] = 2}
       for i = 4, 100 do t[i] = i * i end
       local keys = 0 for k, v in pairs(t) do keys = keys + 1 end
       local function mk(n) return function(...) local s = n for i = 1, select('#', ...) do s = s + select(i, ...) end return s, ... end end
       local f = mk(10)
       print(#t, keys, t.x, t["y z"], f(1, 2, 3))
       local names, cnt = {"a", "b", "c", "a", "b", "a"}, {}
       for _, w in ipairs(names) do cnt[w] = (cnt[w] or 0) + 1 end
       local guarded = setmetatable({a = 1}, {__newindex = function(t, k, v) rawset(t, k, v * 10) end,
                                              __index = function(t, k) return k .. "?" end})
       for _, w in ipairs(names) do guarded[w] = 2 end
       print(cnt.a, cnt.b, cnt.c, guarded.a, guarded.b, guarded.c, guarded.zz, #cnt, #names)
       local C = {} C.__index = C
       function C.new(v) return setmetatable({v = v}, C) end
       function C:get() return self.v end
       local o = C.new(42) local s = 0 for i = 1, 50 do s = s + o:get() end
       print(s, "x" .. 1 .. 2.5, tostring(nil) .. "")"#,
    // metamethods
    r#"local V = {}
       V.__add = function(a, b) return setmetatable({x = a.x + b.x}, V) end
       V.__lt = function(a, b) return a.x < b.x end
       V.__le = function(a, b) return a.x <= b.x end
       V.__eq = function(a, b) return a.x == b.x end
       V.__len = function(a) return a.x end
       V.__concat = function(a, b) return "V" end
       V.__index = function(t, k) return k end
       V.__call = function(self, y) return self.x + y end
       local a, b = setmetatable({x = 1}, V), setmetatable({x = 2}, V)
       local c = a + b
       print(c.x, a < b, a <= b, a == b, #c, a .. b, a.foo, a(10))
       local log = {}
       local P = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k rawset(t, k, v) end})
       P.a = 1 P[1] = 2 P.a = 3
       print(#log, P.a, P[1])"#,
    // pcall, errors, tail calls, deep recursion
    r#"local function f(n) if n == 0 then return 0 end return f(n - 1) end
       print(f(10000))
       local function g(n, acc) if n == 0 then return acc end return g(n - 1, acc + 1) end
       print(g(100000, 0))
       print(pcall(function() local x = nil; return x.y end))
       print(pcall(function() return 1 + {} end))
       print(pcall(function() return #5 end))
       print(pcall(function() return {} < {} end))
       print(pcall(error, "boom"))
       print(select(2, pcall(function() local t = setmetatable({}, {__index = function() error("deep") end}) return t.x end)))
       local co = 0 for i = 1, 10 do local ok = pcall(function() if i % 2 == 0 then error("e") end end) if ok then co = co + 1 end end print(co)"#,
    // keys of every kind: floats, negative and sparse integers, tables, booleans
    r#"local t, k1, k2 = {}, {}, {}
       for i = -5, 5 do t[i] = i * 2 end
       t[1.0] = "one" t[2.5] = "two.5" t[k1] = "k1" t[true] = "yes" t[1e9] = "big"
       local s = 0 for i = -5, 5 do if type(t[i]) == "number" then s = s + t[i] end end
       print(s, t[1], t[2.5], t[k1], t[k2], t[true], t[false], t[1e9], t[1000000000])
       t[k1] = "k1b" t[2.5] = nil t[-5] = 0
       print(t[k1], t[2.5], t[-5], pcall(function() t[0/0] = 1 end), pcall(function() t[nil] = 1 end))
       local d = setmetatable({}, {__index = function(_, k) return "dflt" end, __newindex = function(t, k, v) rawset(t, k, v .. "!") end})
       d[k1] = "x" d[3.5] = "y" print(d[k1], d[3.5], d[k2], d[-1])
       local str = "hello"
       print(str.len, str.nothing, ("x"):len(), str:len(), #str, pcall(function() local n = 5 return n.x end))"#,
    // calls: tail calls between compiled functions (a long chain in one native frame),
    // missing and extra arguments, natives and __call in tail position, varargs, inline
    // math.floor/math.sqrt on every kind of argument, metamethods called from Rust
    r#"local function count(n, acc) if n == 0 then return acc end return count(n - 1, acc + 1) end
       local function even(n) if n == 0 then return true end return odd_(n - 1) end
       function odd_(n) if n == 0 then return false end return even(n - 1) end
       print(count(300000, 0), even(100001))
       local function f3(x, y, z) return x, y, z end
       local function few() return f3(1) end
       local function many() return f3(1, 2, 3, 4) end
       local function va(...) return f3(...) end
       local function up(n) local x = n local g = function() return x end return f3(g(), n) end
       print(few()) print(many()) print(va(4, 5, 6)) print(up(7))
       local function nat() return select('#', 1, nil, 3) end
       local function nat2() return string.rep("ab", 2), tostring(12) end
       local callable = setmetatable({}, {__call = function(self, x) return "called " .. x end})
       local function cc(x) return callable(x) end
       print(nat(), nat2(), cc(5))
       local floor, sqrt = math.floor, math.sqrt
       local vals = {0, -0.0, 1, -1, 2.5, -2.5, 1e300, -1e300, 2^63, -2^63, 1/0, -1/0, "3.7", "10", math.mininteger, 0.1, -0.1}
       for i = 1, #vals do local v = vals[i] local a, b = floor(v), sqrt(v) print(i, math.type(a), a, b) end
       print(pcall(function() local x = floor({}) return x end), pcall(function() local x = sqrt() return x end))
       local function ex() local a = floor(2.5, 7) local b = sqrt(9, "x") return a, b end
       print(ex())
       local V = setmetatable({}, {__index = function(t, k) return k .. "!" end,
                                   __add = function(a, b) return 42 end})
       local s = 0 for i = 1, 20 do s = s + (V + i) end print(s, V.hello, V[1])"#,
    // a debug hook set by a native called from compiled code (plain and tail calls):
    // the rest runs in the interpreter, with its events
    r#"local ev = {}
       local function rec(e, line) ev[#ev + 1] = e .. ":" .. tostring(line) end
       local function f() local x = 1 debug.sethook(rec, "lcr") x = x + 1 return x end
       local function g() return f() end
       print(g()) debug.sethook()
       local function h() return debug.sethook(rec, "l") end
       local function k() h() local y = 1 y = y + math.floor(2.5) return y end
       print(k()) debug.sethook()
       print(#ev, table.concat(ev, " "))"#,
    // goto, close, integer for edge cases
    r#"for i = math.maxinteger - 2, math.maxinteger do io_ = i end print(io_)
       for i = 3, 1, -1 do io_ = (io_ or 0) end
       local n = 0 for i = 1, 0 do n = n + 1 end print(n)
       do local i = 1 ::top:: i = i + 1 if i < 10 then goto top end print(i) end
       do local x <close> = setmetatable({}, {__close = function() print("closed") end}) print("in") end
       print(pcall(function() for i = 1, 10, 0 do end end))"#,
    // The method cache: classes collected and new ones allocated in their place (under gc
    // stress the collector frees them at once), methods replaced and shadowed.
    r#"local function class(p)
         local c = {} c.__index = c
         if p then setmetatable(c, {__index = p}) end
         return c
       end
       local total = 0
       for round = 1, 24 do
         local P = class()
         for j = 1, round % 4 do P["f" .. j] = -1000 end
         P.m = function() return round end
         local Q = class(P)
         local o = setmetatable({}, Q)
         for _ = 1, 10 do total = total + o:m() end
         if round % 3 == 0 then Q.m = function() return 2 * round end end
         if round % 5 == 0 then P.m = function() return 3 * round end end
         for _ = 1, 10 do total = total + o:m() end
         P, Q, o = nil, nil, nil
         local junk = {}
         for i = 1, 20 do junk[i] = {m = -i, __index = false} end
       end
       print(total)"#,
];

#[test]
fn same_as_interpreter() {
    for (n, src) in PROGRAMS.iter().enumerate() {
        let (want, werr, _) = run_with(src, None, false);
        assert!(
            werr.is_none(),
            "program {n} fails in the interpreter: {werr:?}"
        );
        for (t, stress) in [(0, false), (0, true), (2, false), (2, true)] {
            let (got, err, _) = run_with(src, Some(jit_opts(t)), stress);
            assert_eq!(err, None, "program {n}, threshold {t}, gc stress {stress}");
            assert_eq!(got, want, "program {n}, threshold {t}, gc stress {stress}");
        }
    }
}

#[test]
fn errors_match_interpreter() {
    let cases = [
        "local t = nil\nlocal x = 1\nprint(t.x)",
        "local function f(a) return a + 1 end\nprint(f('x'))",
        "local function lvl3() error('in lvl3') end\nlocal function lvl2() lvl3() end\nlvl2()",
        "local a = {}\nfor i = 1, 10 do a[i] = i end\nreturn a.b.c",
        "local zero = 0\nprint('before')\nprint(10 // zero)",
        "local function m(a, b) return a % b end\nprint(m(5, 3))\nprint(m(5, 0))",
        "local x = 'a' < 1",
        "local function rec(n) return 1 + rec(n + 1) end\nrec(1)",
        "local function t2() return error('in tail') end\nlocal function t1() return t2() end\nt1()",
        "local function t3(x) return math.floor(x) end\nlocal function t4(x) local y = t3(x) return y end\nt4({})",
        "local function t5(x) return setmetatable(x, 1) end\nlocal function t6() return t5({}) end\nt6()",
    ];
    for src in cases {
        let (wout, werr, _) = run_with(src, None, false);
        for t in [0, 1] {
            let (out, err, _) = run_with(src, Some(jit_opts(t)), false);
            assert_eq!(out, wout, "{src}");
            assert_eq!(err, werr, "{src} (threshold {t})");
        }
    }
}
