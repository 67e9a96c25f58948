local x <const> = 10
local s <const> = "str"
local f <const> = function(n) return n + x end
print(x, s, f(5))
local function uses() return x * 2, s .. "!" end
print(uses())
local a <const>, b = 1, 2
b = 3
print(a, b)
local t <const> = {}
t.field = "tables stay mutable"
print(t.field)
do
  local x <const> = 20
  print(x)
end
print(x)
local n <const> = nil
print(n)
