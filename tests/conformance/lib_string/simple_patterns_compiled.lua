-- Patterns of single-byte items, quantifiers and plain captures (compiled once and cached)
-- interleaved with other patterns, so the per-thread cache is refilled and reused.
local subjects = { "", "a", "  12.5e-3x", "abc def, ghi.", "(12/34) (5/6)", "aaa", "x-+-y", "a\0b" }
local patterns = {
  "^[ \t\r\n]*", '["\\]', "^-?%d+%.?%d*[eE]?[-+]?%d*", "%a+", "(%a)(%a*)", "(%w+) (%w+)",
  "%((%d+)/", "^(%d+)%s+(%a+)", "a-b", "a?a?a", "[^%s]+$", "(a*(.)%w(%s*))", "%d*", ".-",
  "x[-+]*y", "()a", "%bxy", "(%a+", "%a+)", "[a", "%", "(.)%1",
}
local out = {}
local function add(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  out[#out + 1] = table.concat(t, " ")
end
for round = 1, 2 do
  for _, s in ipairs(subjects) do
    for _, p in ipairs(patterns) do
      add("find", pcall(string.find, s, p))
      add("find3", pcall(string.find, s, p, 3))
      add("match", pcall(string.match, s, p))
      local ok, r, n = pcall(string.gsub, s, p, "<%0>")
      add("gsub", ok, r, n)
      ok, r, n = pcall(string.gsub, s, p, "[%1]", 2)
      add("gsub1", ok, r, n)
      local got = {}
      ok = pcall(function()
        for a, b in s:gmatch(p) do got[#got + 1] = tostring(a) .. "/" .. tostring(b) end
      end)
      add("gmatch", ok, table.concat(got, ","))
    end
  end
end
for i = 1, #out do print((out[i]:gsub("%z", "\\0"))) end
