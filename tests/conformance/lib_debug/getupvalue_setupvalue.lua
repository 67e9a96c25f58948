local a, b = 1, 2
local function f() return a + b end
print(debug.getupvalue(f, 1))
print(debug.getupvalue(f, 2))
print(debug.getupvalue(f, 3))
print(debug.setupvalue(f, 1, 100))
print(f(), a)
print(debug.setupvalue(f, 5, 1))
print(debug.getupvalue(print, 1))
print(pcall(debug.getupvalue, 1, 1))
local function noups() return 1 end
print(debug.getupvalue(noups, 1))
