-- Generates the expected results in src/pattern_cases.rs from lua5.4:
--   lua5.4 tools/gen_pattern_cases.lua > src/pattern_cases.rs
local function esc(s)
  return (s:gsub('.', function(c)
    local b = c:byte()
    if b < 32 or b > 126 or c == '"' or c == '\\' then return string.format("\\x%02x", b) end
  end))
end
local function ser(...)
  local t = {}
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    if type(v) == "string" then t[#t + 1] = '"' .. esc(v) .. '"' else t[#t + 1] = tostring(v) end
  end
  return table.concat(t, " ")
end
local function run(f, raw)
  local r = table.pack(pcall(f))
  r.raw = raw
  if not r[1] then return "error: " .. tostring(r[2]):gsub("^[^:]*:%d+: ", "") end
  if r.raw then return r[2] end
  return ser(table.unpack(r, 2, r.n))
end
local NONE = -999
local function frepl(...)
  local t = {}
  for i = 1, select('#', ...) do t[i] = tostring((select(i, ...))) end
  if t[1] == "x" then return nil end
  return "<" .. table.concat(t, ",") .. ">"
end
local cases = {}
local function add(op, s, p, repl, arg) cases[#cases + 1] = { op, s, p, repl or "", arg or NONE } end

-- find / match: {subject, pattern, init}
local fm = {
  {"hello world", "o"}, {"hello world", "o", 6}, {"hello world", "o", -3}, {"hello", "l+"},
  {"hello", "xyz"}, {"hello", ""}, {"hello", "", 10}, {"hello", "", 6}, {"hello", "", -100},
  {"hello", "^h"}, {"hello", "^e"}, {"hello", "o$"}, {"hello", "l$"}, {"a$b", "$b"}, {"a$b", "a$"},
  {"hello", "h.l"}, {"  x = 10 ", "(%w+)%s*=%s*(%w+)"}, {"abc123def", "%d+"}, {"abc123def", "%D+"},
  {"THE (quick) fox", "%((%a+)%)"}, {"f(a(b)c)d", "%b()"}, {"f(a(b)c", "%b()"}, {"[[x]]", "%b[]"},
  {"THE (quick) fox", "%f[%a]%a+"}, {"THE (quick) fox", "%f[%a]%a+", 5}, {"hello", "%f[%l]"},
  {"hello", "%f[%z]"}, {"hello", "%f[^%l]"}, {"hello", "%f[%W]"}, {"x", "()x()"}, {"abc", "()"},
  {"abab", "(ab)%1"}, {"abcabc", "(a)(b)(c)%1%2%3"}, {"aaa", "a-"}, {"aaa", "a-$"}, {"aaab", "a-b"},
  {"aaa", "a*"}, {"aaa", "a?"}, {"aaa", "b?a"}, {"aaa", "a+"}, {"", "a*"}, {"", "a+"}, {"", ""},
  {"abc", "[a-c]+"}, {"abc", "[^a]+"}, {"a-b", "[a%-]+"}, {"a]b", "[]]"}, {"a]b", "[^]]+"},
  {"a^b", "[%^]"}, {"a^b", "[b^]"}, {"x-y", "[-]"}, {"x-y", "[x-]+"}, {"a.b", "%."}, {"a.b", "[.]"},
  {"\0a\0", "%z"}, {"\0a\0", "[%z]"}, {"\0a\0", "%Z+"}, {"\0a\0", "\0"}, {"\0a\0", "[\0]a"},
  {"tab\tnl\nvt\vff\fcr\r", "%s+"}, {"a1 B2_!", "%w+"}, {"a1 B2_!", "%p"}, {"a1 B2_!", "%u"},
  {"a1 B2_!", "%l"}, {"a1 B2_!", "%x+"}, {"\1\127 ", "%c+"}, {"\1\127 x", "%g"}, {"\200\255", "%A+"},
  {"\200\255", "[\128-\255]+"}, {"hello", "(h)(e)(l)(l)(o)"}, {"hello", "((h)(e))"},
  {"hello", "(l)(l)"}, {"hello", "(h)()(e)"}, {"key=val", "(%w+)=(%w*)"}, {"key=", "(%w+)=(%w*)"},
  {"aXb", "%u"}, {"abc", "."}, {"abc", ".-"}, {"abc", ".-$"}, {"abc", "..."}, {"abc", "...."},
  {"one two", "^(%w+)"}, {"  trim  ", "^%s*(.-)%s*$"}, {"x", "[%a_][%w_]*"}, {"_x1 y", "[%a_][%w_]*"},
  {"2024-01-15", "(%d+)-(%d+)-(%d+)"}, {"a,b,,c", "([^,]*)"}, {"a.b.c", "^(.-)%.(.*)$"},
  {"aaa", "^a"}, {"aaa", "^a", 2}, {"^aaa", "^^a"}, {"a+b", "a+b"}, {"a+b", "a%+b"},
  {"((a))", "%b()"}, {"abc", "%bac"}, {"abc", "[a-]"}, {"-", "[a-]"}, {"b", "[a-c-e]"},
  {"-", "[a-c-e]"}, {"d", "[a-c-e]"}, {"e", "[a-c-e]"}, {"x", "[%w-z]"}, {"-", "[%w-z]"},
  {"hello", "l", 4}, {"hello", "l", 5}, {"hello", "l", -1}, {"hello", "l", 0}, {"hello", "h", -5},
  {"hello", "h", -6}, {"hello", "o", 100}, {"a\nb", "a.b"}, {"THE END", "%f[%w]%w+$"},
  {"x=1, y=2", "(%w+)=(%w+)", 3}, {"aaa", "(a*(.))%2"}, {"abc", "(a)(%1)"}, {"aa", "(a)%1"},
  {"abab", "()(ab)()%2"}, {"hello", "%f[a-z]"}, {"hello.", "%f[.]"}, {"xay", "[%a]", 2},
  {"CamelCaseWord", "%u%l+", 2}, {"(foo)", "%((.-)%)"}, {"[tag]", "%[(.-)%]"}, {"a%b", "%%"},
  {"a%b", "[%%]"},
}
for _, c in ipairs(fm) do
  add("find", c[1], c[2], nil, c[3]); add("match", c[1], c[2], nil, c[3])
end
-- plain finds
for _, c in ipairs({{"a.b", "."}, {"a+b", "+"}, {"a(b", "("}, {"abc", ""}, {"abc", "", 4},
    {"abc", "", 5}, {"abcabc", "ca"}, {"abcabc", "cb"}, {"aaa", "aaaa"}, {"a%b", "%"},
    {"abcabc", "abc", 2}, {"abcabc", "abc", -3}, {"x[y", "["}}) do
  add("findp", c[1], c[2], nil, c[3])
end
-- errors
local errs = {"%", "[a", "[a%", "[]", "[^]", "[%]", "%f", "%fa", "%b", "%ba", "(a", "a)", "%1", "(a)%2",
  "(a%1)", "%0", "(()", string.rep("()", 32), string.rep("()", 33), "(((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))",
  "[a-", "x%", "%g%", "a(%1)", "((a)%2)", "()%1", "(()%1)"}
for _, p in ipairs(errs) do add("find", "abcaa", p); add("match", "abcaa", p) end
add("find", string.rep("a", 300), string.rep("a?", 300))
add("find", string.rep("a", 15), string.rep("a?", 15) .. string.rep("a", 15))
add("match", string.rep("a", 198), string.rep("a?", 198))
add("match", string.rep("a", 198), string.rep("a?", 199))
add("match", string.rep("a", 50), string.rep("(a)", 32))
add("match", "x", string.rep("(", 199) .. "x" .. string.rep(")", 199))
add("match", "x", string.rep("(", 200) .. "x" .. string.rep(")", 200))
add("match", string.rep("x", 1000), ".-$")
add("match", string.rep("x", 1000), "(x*)$")
add("match", string.rep("ab", 300), "(ab)%1*")

-- gmatch: {subject, pattern, init}
local gm = {
  {"hello world from lua", "%a+"}, {"abc", ""}, {"abc", "b*"}, {"abc", ".-"}, {"a,b,,c", "[^,]*"},
  {"k1=v1, k2=v2", "(%w+)=(%w+)"}, {"^a^a", "^a"}, {"abc", "()"}, {"hello", "l*"}, {"", ""},
  {"", "x*"}, {"aaa", "a-"}, {"a b c", "%a", 3}, {"a b c", "%a", -1}, {"a b c", "%a", 10},
  {"a b c", "%a", 6}, {"a b c", "()", 5}, {"one;two;;three", "([^;]*);?"}, {"x=1 y=2", "()(%w)=(%w)()"},
  {"abc", "(", nil}, {"abc", "%"}, {"aaa", "(a)%1"}, {"THE (quick) fox", "%f[%a]%a+"},
}
for _, c in ipairs(gm) do add("gmatch", c[1], c[2], nil, c[3]) end

-- gsub with strings: {subject, pattern, repl, max}
local gs = {
  {"hello world", "o", "0"}, {"hello world", "o", "0", 1}, {"hello world", "o", "0", 0},
  {"hello world", "o", "0", -1}, {"hello world", "(%w+)", "<%1>"}, {"hello world", "%w+", "%0 %0"},
  {"hello world", "(%w+) (%w+)", "%2 %1"}, {"abc", "", "-"}, {"abc", "b*", "-"}, {"abc", ".-", "-"},
  {"abc", "^", ">"}, {"abc", "$", "<"}, {"abc", "^a", "x"}, {"aaa", "^a", "x"}, {"abc", "^b", "x"},
  {"abc", "%w", "%%"}, {"abc", "%w", "%1"}, {"abc", "%w", "%2"}, {"abc", "(%w)", "%2"}, {"abc", "%w", "%"},
  {"abc", "%w", "%x"}, {"abc", "()", "%1"}, {"abc", "(b)()", "[%1%2]"}, {"abc", "b", "%0%0"},
  {"hello", "l+", ""}, {"a.b.c", "%.", "/"}, {"a.b.c", ".", "/"}, {"  x  ", "^%s*(.-)%s*$", "%1"},
  {"abc", "a", "%\0"}, {"abc", "(a", "x"}, {"abc", "(a", "%1"}, {"abc", "(a", "%0"}, {"", "", "x"},
  {"", "x*", "y"}, {"abc", "x*", "-"}, {"a b", "%s*", "_"}, {"abc", "[", "x"},
  {"hello world", "o", "0", 1.0}, {"x", "x", "%%%%"}, {"aaa", "a", "b", 2},
  {"abcabc", "(a)(b)(c)", "%3%2%1"}, {"abc", ".", "%0%0", 2}, {"abc\0def", "%z", "<0>"},
}
for _, c in ipairs(gs) do add("gsub", c[1], c[2], c[3], c[4]) end
-- gsub with a function (see frepl): {subject, pattern, max}
local gf = {
  {"hello world", "%w+"}, {"hello world", "(%w+)"}, {"x y x", "%w"}, {"k=v, a=b", "(%w+)=(%w+)"},
  {"abc", "()"}, {"abc", ""}, {"x", "(x)"}, {"abc", "(a", nil}, {"abc", "(b)(()", nil}, {"abc", "%w", 2},
}
for _, c in ipairs(gf) do add("gsubf", c[1], c[2], nil, c[3]) end

io.write("// Generated by tools/gen_pattern_cases.lua from lua5.4; do not edit by hand.\n")
io.write("// (op, subject, pattern, replacement, init or max (-999: none), expected)\n")
io.write("#[allow(clippy::type_complexity)]\n")
io.write("pub const CASES: &[(&str, &[u8], &[u8], &[u8], i64, &str)] = &[\n")
for _, c in ipairs(cases) do
  local op, s, p, repl, arg = c[1], c[2], c[3], c[4], c[5]
  local a = arg ~= NONE and arg or nil
  local res
  if op == "find" then res = run(function() return string.find(s, p, a) end)
  elseif op == "findp" then res = run(function() return string.find(s, p, a, true) end)
  elseif op == "match" then res = run(function() return string.match(s, p, a) end)
  elseif op == "gmatch" then
    res = run(function()
      local out = {}
      for a1, a2, a3, a4 in string.gmatch(s, p, a) do
        local t = {a1, a2, a3, a4}
        out[#out + 1] = ser(table.unpack(t, 1, (a4 and 4) or (a3 and 3) or (a2 and 2) or 1))
        if #out > 50 then break end
      end
      return table.concat(out, "; ")
    end, true)
  elseif op == "gsub" then res = run(function() return string.gsub(s, p, repl, a) end)
  elseif op == "gsubf" then res = run(function() return string.gsub(s, p, frepl, a) end)
  end
  io.write(string.format('    ("%s", b"%s", b"%s", b"%s", %d, "%s"),\n', op, esc(s), esc(p), esc(repl),
    math.tointeger(arg), (res:gsub('[\\"]', '\\%0'))))
end
io.write("];\n")
