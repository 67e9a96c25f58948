local a = "x"
local function f() return "y", "x" end
local b = "y"
local c = "x"
local function g() return 1.0, 1, 2.0 end
local d = 1.0
local e = 1
return a, b, c, d, e, f, g
