-- Random differential cases for the matcher, expected values from lua5.4:
--   lua5.4 tools/gen_pattern_random.lua > tests/data/pattern_random.txt
-- One case a line: op, subject, pattern, replacement (hex), init/max, expected (escaped).
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return (seed // 65536) % n end
local function hex(s) return (s:gsub('.', function(c) return string.format("%02x", c:byte()) end)) end
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
local pieces = {"a", "b", "c", ".", "%a", "%d", "%s", "%W", "%l", "[ab]", "[^a]", "[a-c]", "[%d]",
  "*", "+", "-", "?", "(", ")", "()", "^", "$", "%b()", "%bab", "%f[a]", "%f[%s]", "%1", "%2",
  "%", "[", "]", "1", " ", "(a)", "(.)", "a*", "b-", ".-", "%0", "%z"}
local subj = {"a", "b", "c", "ab", " ", "1", "(", ")", "\0", "aa", "ba", "\255"}
local repls = {"x", "%0", "%1", "%2", "<%1|%0>", "%%", "%", "", "%a"}
for i = 1, 4000 do
  local p = {}
  for _ = 1, rnd(7) do p[#p + 1] = pieces[rnd(#pieces) + 1] end
  p = table.concat(p)
  local s = {}
  for _ = 1, rnd(10) do s[#s + 1] = subj[rnd(#subj) + 1] end
  s = table.concat(s)
  local op = ({"find", "match", "gmatch", "gsub"})[rnd(4) + 1]
  local arg = rnd(3) == 0 and (rnd(13) - 6) or nil
  local repl = repls[rnd(#repls) + 1]
  local ok, res = pcall(function()
    if op == "find" then return ser(string.find(s, p, arg))
    elseif op == "match" then return ser(string.match(s, p, arg))
    elseif op == "gmatch" then
      local out = {}
      for a, b, c in string.gmatch(s, p, arg) do
        out[#out + 1] = ser(a, b, c)
        if #out > 30 then break end
      end
      return table.concat(out, "; ")
    else return ser(string.gsub(s, p, repl, arg)) end
  end)
  if not ok then res = "error: " .. tostring(res):gsub("^[^:]*:%d+: ", "") end
  print(table.concat({op, hex(s), hex(p), hex(repl), arg and tostring(arg) or "-", res}, "\t"))
end
