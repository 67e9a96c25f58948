local function f(a, b, c) return debug.getinfo(1, "r") end
local i = f(1, 2, 3)
print(i.ftransfer, i.ntransfer)
