-- Call sites that only ever called math.sqrt or math.floor (JIT code recompiled with that
-- feedback computes them inline, with the call itself out of line) then get integers,
-- strings, NaN, huge values, other functions, a replaced library function and errors,
-- with float values live across the call.
local sqrt, floor = math.sqrt, math.floor
local function norm(x, y, f)
  local a = x * x
  local b = y * y + 0.5
  local s = f(a + b)
  local t = s * a - b
  return s, t, a + b
end
local function fl(x, f)
  local h = x * 0.5
  local k = f(h)
  return k, h + k, math.type(k)
end
local acc = 0.0
for i = 1, 500 do
  local s, t = norm(i * 0.25, 1.5, sqrt)
  local k, u = fl(i + 0.75, floor)
  acc = acc + s + t + k + u
end
print(string.format("%.6f", acc))
print(norm(3.0, 4.0, sqrt))
print(norm(3, 4, sqrt))
print(norm(0.0, -0.0, sqrt))
print(norm(0 / 0, 1.0, sqrt))
print(norm(1e200, 1e200, sqrt))
print(norm(3.0, 4.0, floor))
print(norm(3.0, 4.0, function(v) return v * 10 end))
print(norm(3.0, 4.0, setmetatable({}, { __call = function(_, v) return -v end })))
print(pcall(norm, 3.0, 4.0, nil))
print(fl(7.5, floor))
print(fl(7, floor))
print(fl(-7.5, floor))
print(fl(-0.0, floor))
print(fl(1e300, floor))
print(fl(-2^63 * 2, floor))
print(fl(2^63 * 2, floor))
print(fl(0 / 0, floor))
print(fl(1 / 0, floor))
print(fl(7.5, sqrt))
print(fl(9.0, math.ceil))
print(pcall(fl, 7.5, print))
local saved = math.sqrt
local function msq(x) local y = x + 0.5; return math.sqrt(y) * y end
for i = 1, 300 do msq(i * 1.0) end
print(msq(3.5))
math.sqrt = function(v) return "replaced " .. v end
print(pcall(msq, 3.5))
math.sqrt = saved
print(msq(3.5))
print(pcall(sqrt, "16"), pcall(floor, "2.5"), pcall(sqrt, {}))
