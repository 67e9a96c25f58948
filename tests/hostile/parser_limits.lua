-- hostile: compiler limits on generated chunks: 1e6-term expressions, 300000 statements and constants, too many locals/registers/labels, huge numerals, long strings and comments, escapes, bad UTF-8 escapes, stray NULs
-- exit: 0
-- oracle: same
local function try(name, src)
  local f, e = load(src, "=" .. name)
  local r
  if f then r = table.pack(pcall(f)) r = tostring(r[1]) .. " " .. (type(r[2]) == "function" and "<function>" or type(r[2]) == "table" and "<table>" or tostring(r[2])) else r = "load: " .. e end
  print(name, (r:gsub("\n.*", "")):sub(1, 120))
end
local N = 200000
try("parens199", "return " .. ("("):rep(190) .. "1" .. (")"):rep(190))
try("add", "return " .. ("1+"):rep(N) .. "1")
try("fields", "local a = {} return a" .. (".b"):rep(N))
try("calls", "local function f() return f end return f" .. ("()"):rep(N // 10))
try("index", "local a = setmetatable({}, {__index = function(t) return t end}) return a" .. ("[1]"):rep(N))
try("methods", "local a = {m = function(s) return s end} return a" .. (":m()"):rep(N // 10))
local locals = {} for i = 1, 300 do locals[i] = "local v" .. i .. " = " .. i end
try("locals", table.concat(locals, "\n"))
local ups = {} for i = 1, 300 do ups[i] = "local u" .. i .. " = " .. i end
local uses = {} for i = 1, 300 do uses[i] = "u" .. i end
try("upvalues", "do " .. table.concat(ups, "\n", 1, 150) .. " end " .. table.concat(ups, "\n", 151, 300) .. "\nreturn function() return " .. table.concat(uses, "+", 151, 300) .. " end")
local nest = {} for i = 1, 100 do nest[#nest+1] = "local x" .. i .. " = " .. i .. "; local function f" .. i .. "() return x" .. i end
try("upnest", table.concat(nest, " ") .. (" end"):rep(100))
local ks = {} for i = 1, 100000 do ks[i] = "'k" .. i .. "'" end
try("constants", "return {" .. table.concat(ks, ",") .. "}")
local sts = {} for i = 1, 100000 do sts[i] = "x = x + " .. i end
try("statements", "local x = 0 " .. table.concat(sts, " ") .. " return x")
try("elseif", "local x = 0 if x == 1 then " .. ("elseif x == 1 then "):rep(10000) .. "else x = 7 end return x")
try("jump", "local x = 0 while x < 1 do " .. ("x = x + 0 "):rep(100000) .. "x = 1 end return x")
try("assign", ("a,"):rep(300) .. "a = 1")
try("args", "return select('#', " .. ("1,"):rep(300) .. "1)")
try("rets", "return " .. ("1,"):rep(300) .. "1")
try("ctor", "return #{" .. ("1,"):rep(N) .. "1}")
try("ctorhash", "local t = {" .. ("x=1,"):rep(100000) .. "} return t.x")
try("escapes", "return #'" .. ("\\x41\\065\\u{10FFFF}"):rep(100000) .. "'")
try("longcomment", "--[[" .. ("x"):rep(N) .. "]] return 1")
try("longstring", "return #[==[" .. ("]=]"):rep(N) .. "]==]")
try("labels", ("::a:: "):rep(2))
try("gotos", "do " .. ("goto l "):rep(100000) .. " ::l:: end return 1")
try("gotoloop", ("goto a ::a:: "):rep(100000) .. "return 2")
try("number", "return " .. ("9"):rep(N))
try("hexnum", "return 0x" .. ("f"):rep(N))
try("float", "return 0." .. ("1"):rep(N) .. "e-" .. ("9"):rep(100))
try("utf8esc", "return '\\u{7FFFFFFF}', '\\u{80000000}'")
try("bigint", "return 9223372036854775808, -9223372036854775808, 0x7fffffffffffffffff")
try("nul", "return 1\0")
try("attrib", "local x <foo> = 1")
try("varargs_main", "return ...")
try("vararg_in_func", "function f() return ... end")
try("break", "break")
try("shebang", "# comment\nreturn 1")
