-- Arithmetic and comparison sites that see only floats for a while (JIT code recompiled
-- with that feedback lays them out float-first), then integers, mixed numbers, numeric
-- strings, NaN and metamethods: every result must stay exact.
local function f(a, b)
  local s = a + b
  local d = a - b
  local m = a * b
  local q = a / b
  local k = a * 0.5 + 1
  local lt, le = a < b, a <= b
  local lti, gei = a < 3, a >= -2
  return s, d, m, q, k, lt, le, lti, gei
end
local acc = 0.0
for i = 1, 300 do
  local s, d, m, q, k = f(i * 0.25, 1.5)
  acc = acc + s + d + m + q + k
end
print(acc)
print(f(3, 4))
print(f(3, 4.5))
print(f(2.5, 4))
print(f(9007199254740993, 1.0))
print(pcall(f, "10", 2.5))
local function g(a, b) return a + b, a * 0.5, a - b end
for i = 1, 100 do g(i + 0.5, 2.0) end
print(g("10", 2.5))
print(g("0x10", 1))
print(g(3, 4))
print(f(0/0, 1.0))
print(f(-0.0, 0.0))
print(f(1/0, -1/0))
local V = setmetatable({}, {
  __add = function(x, y) return "add" end, __sub = function() return "sub" end,
  __mul = function() return 7 end, __div = function() return "div" end,
  __lt = function() return true end, __le = function() return false end,
})
print(pcall(f, V, 1.0))
print(pcall(f, 1.0, V))
print(pcall(f, {}, 1.0))
print(pcall(f, 1.0, "x"))
-- A loop whose float counters turn into integers midway.
local x = 0.5
local n = 0
for i = 1, 400 do
  if i == 200 then x = 1 end
  x = x * 1 + 0
  if x < 100 then n = n + 1 end
  if x <= 0.5 then n = n + 1000 end
end
print(n, x)
