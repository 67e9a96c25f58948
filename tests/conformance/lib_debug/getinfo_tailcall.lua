local function g() return debug.getinfo(1, "t").istailcall end
local function f() return g() end
local function h() local r = g(); return r end
print(f(), h())
