local function f(a, b, c) return a, b, c end
print(f(1))
print(f(1, 2, 3, 4, 5))
print(f())
local function g(a, ...) return a, select('#', ...) end
print(g(1, 2, 3), g(), g(nil))
local extra_calls = 0
local function side() extra_calls = extra_calls + 1 return 0 end
f(1, 2, 3, side(), side())
print(extra_calls)
