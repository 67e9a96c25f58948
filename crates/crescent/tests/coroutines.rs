//! Coroutines and the debug library end to end: many live coroutines (memory), depth limits
//! inside coroutines (Lua recursion, native recursion, nesting of resumes) without touching
//! the native stack's guard page, yields across pcall/metamethods/iterators, GC of suspended
//! coroutines (also under GC stress), hooks. Expected outputs are lua5.4's.

use crescent::Lua;
use std::cell::RefCell;
use std::io::Write;
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

/// Runs `src` on a thread with a big native stack (debug builds have large frames), returns
/// its output; with `stress`, collects at every safe point.
fn run_with(src: &'static str, stress: bool) -> String {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let mut lua = Lua::new();
            let buf = Buf::default();
            lua.set_output(Box::new(buf.clone()));
            lua.set_gc_stress(stress);
            if let Err(e) = lua.exec(src.as_bytes(), "@test.lua", &[]) {
                panic!("error: {}\n{}", e, e.traceback());
            }
            drop(lua);
            let s = String::from_utf8_lossy(&buf.0.borrow()).into_owned();
            s
        })
        .unwrap()
        .join()
        .unwrap()
}

fn run(src: &'static str) -> String {
    run_with(src, false)
}

fn rss_kb() -> usize {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn hundred_thousand_suspended_coroutines() {
    let before = rss_kb();
    let out = run(r#"
        local N = 100000
        local cos = {}
        for i = 1, N do
          local co = coroutine.create(function(x) local y = coroutine.yield(x + 1); return x + y end)
          local ok, v = coroutine.resume(co, i)
          assert(ok and v == i + 1)
          cos[i] = co
        end
        print(coroutine.status(cos[1]), coroutine.status(cos[N]))
        print(collectgarbage("count") < 200 * 1024)
        local s = 0
        for i = 1, N do local ok, v = coroutine.resume(cos[i], 1); s = s + v end
        print(s, coroutine.status(cos[N]))
        cos = nil
        collectgarbage()
        print(collectgarbage("count") < 10 * 1024)
    "#);
    assert_eq!(out, "suspended\tsuspended\ntrue\n5000150000\tdead\ntrue\n");
    let after = rss_kb();
    if before > 0 && after > 0 {
        // Suspended at interpreter level, they hold no native stack: PUC-like ~1 KB each.
        assert!(
            after.saturating_sub(before) < 600 * 1024,
            "RSS grew by {} KB",
            after - before
        );
    }
}

#[test]
fn many_coroutines_suspended_inside_pcall() {
    // These keep their native stacks while suspended.
    let out = run(r#"
        local cos = {}
        for i = 1, 2000 do
          local co = coroutine.wrap(function(x) local ok, y = pcall(coroutine.yield, x); return y * 2 end)
          assert(co(i) == i)
          cos[i] = co
        end
        local s = 0
        for i = 1, 2000 do s = s + cos[i](i) end
        print(s)
        -- abandoned ones are collected with their stacks
        for i = 1, 2000 do
          local co = coroutine.create(function() pcall(coroutine.yield) end)
          coroutine.resume(co)
        end
        collectgarbage()
        print("ok")
    "#);
    assert_eq!(out, "4002000\nok\n");
}

#[test]
fn depth_limits_inside_coroutines() {
    let out = run(r#"
        local function viapcall(n) if n == 0 then return 0 end local ok, v = pcall(viapcall, n - 1); if not ok then error(v, 0) end return v + 1 end
        print(coroutine.wrap(function() return pcall(viapcall, 1000) end)())
        local mt = {}
        mt.__index = function(t, k) return setmetatable({}, mt)[k] end
        print(coroutine.wrap(function() return pcall(function() return setmetatable({}, mt).x end) end)())
        local function rec(n) return rec(n + 1) + 1 end
        print(coroutine.resume(coroutine.create(rec), 1))
        local function nest(n)
          if n == 0 then return "bottom" end
          local co = coroutine.create(nest)
          local ok, v = coroutine.resume(co, n - 1)
          if not ok then return "error at " .. n .. ": " .. v end
          return v
        end
        print(nest(150))
        print(nest(250))
        local function tostr(n) local t = setmetatable({}, {__tostring = function() return n == 0 and "x" or tostr(n - 1) end}); return tostring(t) end
        print(pcall(coroutine.wrap(function() return tostr(300) end)))
        -- deep Lua recursion inside a coroutine that is itself deep in native calls
        local function deep(n, f) if n == 0 then return f() end return select(2, pcall(deep, n - 1, f)) end
        print(coroutine.wrap(function() return deep(150, function() return select(2, pcall(rec, 1)) end) end)())
    "#);
    assert_eq!(
        out,
        "false\tC stack overflow\n\
         false\ttest.lua:5: C stack overflow\n\
         false\ttest.lua:7: stack overflow\n\
         bottom\n\
         error at 53: C stack overflow\n\
         false\tC stack overflow\n\
         test.lua:7: stack overflow\n"
    );
}

#[test]
fn yields_everywhere_lua_allows() {
    let out = run(r#"
        local mt = {
          __index = function(t, k) return coroutine.yield("index " .. k) end,
          __add = function(a, b) return coroutine.yield("add") end,
          __lt = function(a, b) return coroutine.yield("lt") end,
          __concat = function(a, b) return coroutine.yield("concat") end,
          __close = function() coroutine.yield("close") end,
        }
        local a = setmetatable({}, mt)
        local co = coroutine.wrap(function()
          local r = {}
          r[#r + 1] = a.foo
          r[#r + 1] = a + 1
          r[#r + 1] = tostring(a < a)
          r[#r + 1] = a .. "x"
          do local c <close> = a end
          local ok, v = pcall(function() return coroutine.yield("in pcall") end)
          r[#r + 1] = v
          for x in function(_, i) i = (i or 0) + 1; if i <= 2 then return coroutine.yield("iter") and i end end do r[#r + 1] = x end
          return table.concat(r, ",")
        end)
        local out = {}
        local v = co()
        while v ~= nil and not v:find(",") do out[#out + 1] = v; v = co(v == "lt" or v == "iter" or v .. "!") end
        print(table.concat(out, " "))
        print(v)
        print(pcall(coroutine.wrap(function() table.sort({1, 2, 3}, function(x, y) coroutine.yield() end) end)))
        print(coroutine.resume(coroutine.create(function() return string.gsub("a", "a", coroutine.yield) end)))
    "#);
    assert_eq!(
        out,
        "index foo add lt concat close in pcall iter iter\n\
         index foo!,add!,true,concat!,in pcall!,1,2\n\
         false\tattempt to yield across a C-call boundary\n\
         false\tattempt to yield across a C-call boundary\n"
    );
}

#[test]
fn suspended_coroutines_and_the_collector() {
    let src = r#"
        -- a closure keeps an open upvalue of an unreachable suspended coroutine
        local f
        do
          local co = coroutine.create(function() local x = {v = 42}; f = function() return x.v end; coroutine.yield() end)
          coroutine.resume(co)
        end
        collectgarbage(); collectgarbage()
        print(f())
        -- values reachable only from a suspended coroutine's stack survive
        local co = coroutine.wrap(function() local t = {n = 7}; coroutine.yield(); local ok = pcall(coroutine.yield); return t.n end)
        co(); collectgarbage(); co(); collectgarbage()
        print(co())
        -- weak table of threads
        local w = setmetatable({}, {__mode = "k"})
        for i = 1, 10 do w[coroutine.create(print)] = true end
        collectgarbage()
        print(next(w) == nil)
    "#;
    assert_eq!(run(src), "42\n7\ntrue\n");
    assert_eq!(run_with(src, true), "42\n7\ntrue\n");
}

#[test]
fn close_and_wrap_errors() {
    let out = run(r#"
        local log = {}
        local co = coroutine.create(function()
          local a <close> = setmetatable({}, {__close = function(_, e) log[#log + 1] = "a:" .. tostring(e) end})
          pcall(coroutine.yield)
        end)
        coroutine.resume(co)
        print(coroutine.close(co), table.concat(log), coroutine.status(co))
        local w = coroutine.wrap(function() error("boom") end)
        print(pcall(w))
        print(select(2, pcall(function() w() end)))
    "#);
    assert_eq!(
        out,
        "true\ta:nil\tdead\n\
         false\ttest.lua:9: boom\n\
         test.lua:11: cannot resume dead coroutine\n"
    );
}

#[test]
fn hooks_and_tracebacks() {
    let out = run(r#"
        local lines = {}
        local function work()
          local a = 1
          return a
        end
        debug.sethook(function(e, l) lines[#lines + 1] = l end, "l")
        work()
        debug.sethook()
        print(table.concat(lines, " "))
        local n = 0
        debug.sethook(function() n = n + 1 end, "", 1)
        for i = 1, 100 do end
        debug.sethook()
        print(n > 100)
        local co = coroutine.create(function() local function inner() coroutine.yield() end inner() end)
        coroutine.resume(co)
        print(debug.traceback(co))
        print(debug.traceback("m", 1))
    "#);
    assert_eq!(
        out,
        "8 4 5 9\ntrue\nstack traceback:\n\
         \t[C]: in function 'coroutine.yield'\n\
         \ttest.lua:16: in local 'inner'\n\
         \ttest.lua:16: in function <test.lua:16>\n\
         m\nstack traceback:\n\
         \ttest.lua:19: in main chunk\n\
         \t[C]: in ?\n"
    );
}

#[test]
fn values_through_resume_and_yield() {
    // Arguments and results are copied stack to stack (`coro::resume_ex`, with the leading
    // `true` of `coroutine.resume` written in place): every count, nils, errors, nesting.
    let out = run(r#"
-- values of every count through resume/yield/return and wrap, in both directions
local function pack(...) return select('#', ...), ... end
local co = coroutine.create(function(...)
  local args = table.pack(...)
  while true do
    args = table.pack(coroutine.yield(table.unpack(args, 1, args.n)))
    if args.n == 1 and args[1] == "stop" then return "a", nil, "c" end
  end
end)
local out = {}
for _, n in ipairs({0, 1, 2, 3, 7, 250}) do
  local t = {}
  for i = 1, n do t[i] = (i % 3 == 0) and nil or i end
  local r = table.pack(coroutine.resume(co, table.unpack(t, 1, n)))
  local ok = r[1] == true and r.n == n + 1
  for i = 1, n do ok = ok and r[i + 1] == t[i] end
  out[#out + 1] = n .. ":" .. tostring(ok)
end
print(table.concat(out, " "))
print(coroutine.resume(co, "stop"))
print(coroutine.resume(co))
local g = coroutine.wrap(function(a, b)
  local x, y, z = coroutine.yield()
  local p = table.pack(coroutine.yield(a, b, x, y, z))
  return p.n, table.unpack(p, 1, p.n)
end)
print(pack(g(1, 2)))
print(pack(g(3, nil, 5)))
print(pack(g()))
-- a resume that errors, then resumes of the dead coroutine; nested wraps
local bad = coroutine.create(function(x) coroutine.yield(x) error({code = x}) end)
print(coroutine.resume(bad, 42))
local ok, e = coroutine.resume(bad)
print(ok, type(e), e.code, coroutine.status(bad), coroutine.resume(bad))
local function gen(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end) end
local function twice(g) return coroutine.wrap(function() for v in g do coroutine.yield(v * 2) end end) end
local s = 0
for v in twice(twice(gen(100))) do s = s + v end
print(s)
"#);
    assert_eq!(
        out,
        "0:true 1:true 2:true 3:true 7:true 250:true\ntrue\ta\tnil\tc\nfalse\tcannot resume dead coroutine\n0\n5\t1\t2\t3\tnil\t5\n1\t0\ntrue\t42\nfalse\ttable\t42\tdead\tfalse\tcannot resume dead coroutine\n20200\n"
    );
}
