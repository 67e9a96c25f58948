//! End-to-end tests of the VM through the public API: semantics, errors, depth limits,
//! memory reclamation. Lua snippets print to a captured buffer.

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

/// Runs `src` and returns (stdout, error message).
fn run(src: &str) -> (String, Option<String>) {
    let mut lua = Lua::new();
    let buf = Buf::default();
    lua.set_output(Box::new(buf.clone()));
    let r = lua.exec(src.as_bytes(), "=test", &[]);
    drop(lua);
    let out = String::from_utf8_lossy(&buf.0.borrow()).into_owned();
    (out, r.err().map(|e| e.to_string()))
}

fn out(src: &str) -> String {
    let (o, e) = run(src);
    assert!(e.is_none(), "unexpected error {:?} for {}", e, src);
    o
}

/// Runs `f` on a thread with the main thread's 8 MB stack.
fn big_stack<F: FnOnce() + Send + 'static>(f: F) {
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn arithmetic_and_numbers() {
    assert_eq!(
        out("print(1 + 2, 7 // 2, -7 // 2, 7 % -3, 7 / 2, 2^10, 3 | 4, 1 << 63)"),
        "3\t3\t-4\t-2\t3.5\t1024.0\t7\t-9223372036854775808\n"
    );
    assert_eq!(out("local a, b = -5.5, -2 print(math_x == nil, 0x7fffffffffffffff + 1, 5.5 % b, a % b, 1e15, 2^63)"),
        "true\t-9223372036854775808\t-0.5\t-1.5\t1e+15\t9.2233720368548e+18\n");
    assert_eq!(
        out(
            "print(1 == 1.0, 9007199254740993 < 9007199254740992.0, '10' + 1, '3.0' * 2, 10 .. 20)"
        ),
        "true\tfalse\t11\t6.0\t1020\n"
    );
    assert_eq!(
        out("print(1//0.0, -1//0.0, 0/0 ~= 0/0)"),
        "inf\t-inf\ttrue\n"
    );
    let (_, e) = run("return 1 // 0");
    assert_eq!(e.unwrap(), "test:1: attempt to divide by zero");
    let (_, e) = run("return 1 % 0");
    assert_eq!(e.unwrap(), "test:1: attempt to perform 'n%0'");
    let (_, e) = run("return 1 & 1.5");
    assert_eq!(e.unwrap(), "test:1: number has no integer representation");
}

#[test]
fn for_loops() {
    assert_eq!(
        out("for i = 9223372036854775806, 9223372036854775807 do print(i) end"),
        "9223372036854775806\n9223372036854775807\n"
    );
    assert_eq!(
        out("for i = 1.0, 2.0, 0.5 do print(i) end for i = 3, 1, -1 do print(i) end"),
        "1.0\n1.5\n2.0\n3\n2\n1\n"
    );
    assert_eq!(
        run("for i = 1, 10, 0 do end").1.unwrap(),
        "test:1: 'for' step is zero"
    );
    assert_eq!(
        run("for i = nil, 10 do end").1.unwrap(),
        "test:1: bad 'for' initial value (number expected, got nil)"
    );
    // Fresh local per iteration.
    assert_eq!(
        out(
            "local f = {} for i = 1, 3 do f[i] = function() return i end end print(f[1](), f[3]())"
        ),
        "1\t3\n"
    );
}

#[test]
fn closures_varargs_and_multiple_results() {
    assert_eq!(
        out(
            "local function c() local n = 0 return function() n = n + 1 return n end end \
                    local a = c() a() print(a(), c()())"
        ),
        "2\t1\n"
    );
    assert_eq!(
        out("local function v(...) return select('#', ...), ... end print(v(1, nil, 3))"),
        "3\t1\tnil\t3\n"
    );
    assert_eq!(
        out("print((function(...) return ... end)(1, 2, 3)) print(select(-1, 1, 2, 3))"),
        "1\t2\t3\n3\n"
    );
    assert_eq!(
        out("local t = {(function() return 1, 2 end)()} print(#t)"),
        "2\n"
    );
}

#[test]
fn tables_and_iteration_order() {
    assert_eq!(out("local t = {} t[1]=1 t[2]=2 t[3]=3 t[100]=4 t[50]=5 t[-1]=6 t[2.5]=7 t[true]=8 t[false]=9 \
                    local s = '' for k in pairs(t) do s = s .. tostring(k) .. ' ' end print(s)"),
        "1 2 3 false -1 100 2.5 true 50 \n");
    assert_eq!(
        out("local t = {} for i = 1, 100 do t[#t + 1] = i end print(#t, t[100])"),
        "100\t100\n"
    );
    assert_eq!(
        out("local t = {} t[1.0] = 'a' t[2^53] = 'b' print(t[1], t[2^53 | 0])"),
        "a\tb\n"
    );
    assert_eq!(
        run("local t = {} t[nil] = 1").1.unwrap(),
        "test:1: table index is nil"
    );
    assert_eq!(
        run("local t = {} t[0/0] = 1").1.unwrap(),
        "test:1: table index is NaN"
    );
    // Assigning existing fields (and clearing them) during traversal is allowed.
    assert_eq!(
        out("local t = {a=1, b=2, c=3} for k in pairs(t) do t[k] = nil end print(next(t))"),
        "nil\n"
    );
}

#[test]
fn metamethods() {
    assert_eq!(out("local mt = {__index = function(t, k) return k .. '!' end} print(setmetatable({}, mt).hi)"), "hi!\n");
    assert_eq!(
        out(
            "local C = {} C.__index = C function C.get(s) return s.v end \
                    local o = setmetatable({v = 7}, C) print(o:get())"
        ),
        "7\n"
    );
    assert_eq!(out("local mt = {__add = function(a, b) return 'add' end, __lt = function() return true end} \
                    local x = setmetatable({}, mt) print(x + 1, 1 + x, x < x, x <= x)"), "add\tadd\ttrue\tfalse\n");
    assert_eq!(out("local c = setmetatable({}, {__call = function(self, a) return a * 2 end}) print(c(21))"), "42\n");
    assert_eq!(
        out("print(#setmetatable({}, {__len = function() return 5 end}))"),
        "5\n"
    );
    assert_eq!(
        out("print(tostring(setmetatable({}, {__tostring = function() return 'X' end})))"),
        "X\n"
    );
    assert_eq!(
        out("print(getmetatable(setmetatable({}, {__metatable = 'p'})))"),
        "p\n"
    );
    let (_, e) = run("local a = {} local b = setmetatable({}, {__index = a}) setmetatable(a, {__index = b}) return b.x");
    assert_eq!(
        e.unwrap(),
        "test:1: '__index' chain too long; possible loop"
    );
}

#[test]
fn error_messages_name_the_culprit() {
    let cases = [
        (
            "x.y = 1",
            "test:1: attempt to index a nil value (global 'x')",
        ),
        (
            "local t = {} t.x.y = 1",
            "test:1: attempt to index a nil value (field 'x')",
        ),
        (
            "local t t.x = 1",
            "test:1: attempt to index a nil value (local 't')",
        ),
        (
            "local u return (function() return u.x end)()",
            "test:1: attempt to index a nil value (upvalue 'u')",
        ),
        (
            "local o = {} o:foo()",
            "test:1: attempt to call a nil value (method 'foo')",
        ),
        (
            "nofn()",
            "test:1: attempt to call a nil value (global 'nofn')",
        ),
        (
            "return 1 < nil",
            "test:1: attempt to compare number with nil",
        ),
        (
            "return {} < {}",
            "test:1: attempt to compare two table values",
        ),
        (
            "local t = {} return t.x + 1",
            "test:1: attempt to perform arithmetic on a nil value (field 'x')",
        ),
        (
            "local t = {} return 'a' .. t",
            "test:1: attempt to concatenate a table value (local 't')",
        ),
        (
            "setmetatable(nil)",
            "test:1: bad argument #1 to 'setmetatable' (table expected, got nil)",
        ),
        (
            "return 'abc' + 1",
            "test:1: attempt to add a 'string' with a 'number'",
        ),
        (
            "for k in nil do end",
            "test:1: attempt to call a nil value (for iterator 'for iterator')",
        ),
        (
            "local x <close> = 1",
            "test:1: variable 'x' got a non-closable value",
        ),
        ("error('boom')", "test:1: boom"),
        ("error({})", "(error object is a table value)"),
        (
            "error(setmetatable({}, {__tostring = function() return 'obj' end}))",
            "obj",
        ),
        ("error('lvl2', 2)", "lvl2"),
    ];
    for (src, msg) in cases {
        assert_eq!(run(src).1.as_deref(), Some(msg), "for {}", src);
    }
    assert_eq!(
        out("print(pcall(error)) print(pcall(error, 'm', 0)) print(pcall(next, {}, 'k'))"),
        "false\tnil\nfalse\tm\nfalse\tinvalid key to 'next'\n"
    );
    assert_eq!(
        out("print(xpcall(function() error('e') end, function(m) return 'handled: ' .. m end))"),
        "false\thandled: test:1: e\n"
    );
    assert_eq!(
        out("print(xpcall(error, function(m) error(m) end))"),
        "false\terror in error handling\n"
    );
}

#[test]
fn traceback_is_recorded() {
    let mut lua = Lua::new();
    lua.set_output(Box::new(Buf::default()));
    let e = lua
        .exec(b"local function f() error('x') end\nf()", "=tb", &[])
        .unwrap_err();
    assert_eq!(e.to_string(), "tb:1: x");
    assert!(
        e.traceback()
            .starts_with("stack traceback:\n\t[C]: in function 'error'\n\ttb:1: in local 'f'"),
        "{}",
        e.traceback()
    );
}

#[test]
fn to_be_closed_variables() {
    assert_eq!(out("do local x <close> = setmetatable({}, {__close = function(o, e) print('closed', e) end}) print('in') end"),
        "in\nclosed\tnil\n");
    assert_eq!(out("print(pcall(function() local x <close> = setmetatable({}, {__close = function(o, e) print('with', e) end}) error('boom') end))"),
        "with\ttest:1: boom\nfalse\ttest:1: boom\n");
    assert_eq!(out("for i = 1, 2 do local x <close> = setmetatable({}, {__close = function() print('c', i) end}) if i == 1 then goto cont end print('body') ::cont:: end"),
        "c\t1\nbody\nc\t2\n");
}

#[test]
fn deep_tail_calls_run_in_constant_space() {
    assert_eq!(out("local function f(n) if n == 0 then return 'done' end return f(n - 1) end print(f(10000000))"), "done\n");
}

#[test]
fn lua_recursion_overflow_is_a_lua_error() {
    big_stack(|| {
        assert_eq!(
            out("local function f() return 1 + f() end local ok, m = pcall(f) print(ok, m)"),
            "false\ttest:1: stack overflow\n"
        );
        // Deep but legal recursion (~150000 levels) works, and the stack can be reused after.
        assert_eq!(out("local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end print(f(150000)) \
                        print(pcall(function() local function g() return 1 + g() end return g() end)) print(f(1000))"),
            "150000\nfalse\ttest:1: stack overflow\n1000\n");
    });
}

#[test]
fn native_reentry_depth_is_bounded() {
    big_stack(|| {
        assert_eq!(out("local t = setmetatable({}, {__index = function(t, k) return t[k] end}) print(pcall(function() return t.x end))"),
            "false\ttest:1: C stack overflow\n");
        assert_eq!(
            out("local function f(n) return pcall(f, n + 1) end print(select('#', f(1)))"),
            "199\n"
        );
        // 190 nested native→Lua re-entries complete normally on an 8 MB stack.
        assert_eq!(out("local function f(n) if n == 0 then return 'deep' end local ok, v = pcall(f, n - 1) return v end print(f(190))"),
            "deep\n");
        assert_eq!(out("local mt = {} mt.__index = function(t, k) if k == 0 then return 0 end return setmetatable({}, mt)[k - 1] + 1 end \
                        print(setmetatable({}, mt)[180])"), "180\n");
    });
}

#[test]
fn memory_is_reclaimed() {
    // About 2 GB of short-lived strings and tables in total; live data stays small.
    let src = "local maxkb = 0 \
               local s = '' for i = 1, 1000 do s = s .. 'abcdefghij' end \
               for i = 1, 200000 do local t = {i, i + 1, s .. i} t.self = t \
               if i % 1000 == 0 then local kb = collectgarbage('count') if kb > maxkb then maxkb = kb end end end \
               print(maxkb < 100 * 1024, maxkb)";
    let o = out(src);
    assert!(o.starts_with("true"), "{}", o);
    assert_eq!(out("local a = collectgarbage('count') for i = 1, 1e5 do local t = {} end collectgarbage() print(collectgarbage('count') < a + 200)"), "true\n");
}

#[test]
fn reused_array_parts_start_empty() {
    // Freed tables and their small array parts are pooled and handed out again: a new
    // table must not see the values of a dead one, whatever its sizes.
    let src = "local junk = {} \
               for r = 1, 3 do \
                 for i = 1, 20000 do junk[i] = {i, i, i, i} junk[-i] = {i, i} end \
                 junk = {} collectgarbage() \
                 local bad = 0 \
                 for i = 1, 20000 do \
                   local a = {nil, nil, nil, i} local b = {} b[1] = i local c = {i} \
                   local d = {} for k = 1, 3 do d[k] = k end \
                   if a[1] or a[2] or a[3] or b[2] or c[2] or d[4] or #d ~= 3 then bad = bad + 1 end \
                   junk[i] = {a, b, c, d} \
                 end \
                 print(r, bad) \
               end";
    assert_eq!(out(src), "1\t0\n2\t0\n3\t0\n");
}

#[test]
fn out_of_memory_is_a_lua_error() {
    let mut lua = Lua::new();
    let buf = Buf::default();
    lua.set_output(Box::new(buf.clone()));
    lua.set_memory_limit(64 << 20);
    lua.exec(
        b"local s = 'x' print(pcall(function() while true do s = s .. s end end))",
        "=oom",
        &[],
    )
    .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&buf.0.borrow()),
        "false\tnot enough memory\n"
    );
}

#[test]
fn base_library() {
    assert_eq!(out("print(tonumber('0x10'), tonumber('  12  '), tonumber('1e2'), tonumber('z', 36), tonumber('10', 2), tonumber(''), tonumber(nil))"),
        "16\t12\t100.0\t35\t2\tnil\tnil\n");
    assert_eq!(out("print(rawlen({1, 2}), rawequal('a', 'a'), rawget({10}, 1), type(print), _VERSION, _G._G == _G)"),
        "2\ttrue\t10\tfunction\tLua 5.4\ttrue\n");
    assert_eq!(
        out("for i, v in ipairs({10, 20, nil, 40}) do print(i, v) end"),
        "1\t10\n2\t20\n"
    );
    assert_eq!(
        run("collectgarbage('bogus')").1.unwrap(),
        "test:1: bad argument #1 to 'collectgarbage' (invalid option 'bogus')"
    );
    assert_eq!(
        out("print(select('#', assert(1, 2, 3)), pcall(assert, false), pcall(assert, nil, 'm'))"),
        "3\tfalse\tfalse\tm\n"
    );
    assert_eq!(
        out("print(collectgarbage('count') > 0, collectgarbage())"),
        "true\t0\n"
    );
}

#[test]
fn chunk_arguments_and_arg_table() {
    let mut lua = Lua::new();
    let buf = Buf::default();
    lua.set_output(Box::new(buf.clone()));
    lua.set_arg_table(&[(0, b"script.lua".to_vec()), (1, b"a".to_vec())]);
    lua.exec(
        b"print(select('#', ...), ..., arg[0], arg[1])",
        "=x",
        &[b"a".to_vec(), b"b".to_vec()],
    )
    .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&buf.0.borrow()),
        "2\ta\tscript.lua\ta\n"
    );
    let e = lua.exec(b"x = = 1", "=x", &[]).unwrap_err();
    assert_eq!(e.to_string(), "x:1: unexpected symbol near '='");
}

#[test]
fn weak_tables_and_finalizers() {
    assert_eq!(out("local wk = setmetatable({}, {__mode = 'k'}) local wv = setmetatable({}, {__mode = 'v'}) \
                    local kept = {} wk[kept] = 1 wk[{}] = 2 wv[1] = kept wv[2] = {} wv[3] = 'str' collectgarbage() \
                    local n = 0 for _ in pairs(wk) do n = n + 1 end print(n, wv[1] == kept, wv[2], wv[3])"),
        "1\ttrue\tnil\tstr\n");
    assert_eq!(out("local e = setmetatable({}, {__mode = 'k'}) do local k = {} e[k] = {ref = k} end collectgarbage() print(next(e))"),
        "nil\n");
    assert_eq!(out("local log = '' for i = 1, 3 do setmetatable({}, {__gc = function() log = log .. i end}) end \
                    collectgarbage() print(log) local r do setmetatable({n = 'p'}, {__gc = function(o) r = o end}) end \
                    collectgarbage() print(r.n)"), "321\np\n");
    // Finalizers still pending run when the state closes.
    assert_eq!(
        out("setmetatable({}, {__gc = function() print('bye') end}) print('end')"),
        "end\nbye\n"
    );
}

#[test]
fn collector_stress_keeps_live_values() {
    let progs = [
        "local t = {} for i = 1, 300 do t[i] = {i, tostring(i) .. 'x', function() return i end} end \
         local s = 0 for i = 1, 300 do s = s + t[i][1] + #t[i][2] + t[i][3]() end print(s)",
        "local mt = {__index = function(t, k) return {k} end, __concat = function(a, b) return 'c' end} \
         local o = setmetatable({}, mt) local acc = {} for i = 1, 200 do acc[#acc + 1] = o[i][1] .. '' .. (o .. i) end print(#acc, acc[200])",
        "local function v(...) local t = {...} return select('#', ...), #t, ... end \
         for i = 1, 100 do local a, b = v(string_x, {}, 'a' .. i, {}) assert(a == 4) end print('ok')",
        "for i = 1, 100 do local ok, e = pcall(error, {msg = 'm' .. i}) assert(e.msg == 'm' .. i) end \
         local ok, e = pcall(function() local x <close> = setmetatable({}, {__close = function(_, e) collectgarbage() end}) error({1}) end) print(ok, e[1])",
        "local w = setmetatable({}, {__mode = 'v'}) for i = 1, 100 do w[i] = {} end local k = {} w.k = k collectgarbage() print(w.k == k, w[50])",
    ];
    let expect = [
        "91392\n",
        "200\t200c\n",
        "ok\n",
        "false\t1\n",
        "true\tnil\n",
    ];
    for (p, e) in progs.iter().zip(expect) {
        let mut lua = Lua::new();
        lua.set_gc_stress(true);
        let buf = Buf::default();
        lua.set_output(Box::new(buf.clone()));
        lua.exec(p.as_bytes(), "=stress", &[])
            .unwrap_or_else(|err| panic!("{}: {}", p, err));
        assert_eq!(String::from_utf8_lossy(&buf.0.borrow()), e, "{}", p);
    }
}
