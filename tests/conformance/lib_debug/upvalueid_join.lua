local x, y = 1, 2
local function f() return x end
local function g() return x end
local function h() return y end
print(debug.upvalueid(f, 1) == debug.upvalueid(g, 1))
print(debug.upvalueid(f, 1) == debug.upvalueid(h, 1))
print(type(debug.upvalueid(f, 1)))
debug.upvaluejoin(f, 1, h, 1)
print(f(), g(), h())
print(debug.upvalueid(f, 1) == debug.upvalueid(h, 1))
print(pcall(debug.upvalueid, f, 5))
print(pcall(debug.upvaluejoin, f, 5, h, 1))
print(pcall(debug.upvaluejoin, f, 1, print, 1))
print(pcall(debug.upvalueid, print, 1))
