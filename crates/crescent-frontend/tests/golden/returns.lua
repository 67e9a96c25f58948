local function a() return end
local function b() return 1 end
local function c(x) return x end
local function d(x, y) return x, y end
local function e(...) return f(...) end
local function g() return (f()) end
local function h() return f(), f() end
local function i() do local z <close> = nil; return f() end end
local function j(x) local y = x; return y end
local function k() return 1, 2, 3; end
return a, b, c, d, e, g, h, i, j, k
