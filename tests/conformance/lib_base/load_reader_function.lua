local parts = {"return ", "1 ", "+ ", "41"}
local i = 0
local f = load(function() i = i + 1; return parts[i] end)
print(f())
-- empty string ends the chunk
local p2 = {"return 'a'", "", "ignored"}
local j = 0
print(load(function() j = j + 1; return p2[j] end)())
-- nil ends too
local k = 0
print(load(function() k = k + 1; if k == 1 then return "return 5" end end)())
-- single-char pieces
local src = "return 'piecewise'"
local n = 0
print(load(function() n = n + 1; return src:sub(n, n) ~= "" and src:sub(n, n) or nil end)())
