local a, b, c = 1, 2
print(a, b, c)
a, b = b, a
print(a, b)
a, b, c = 10
print(a, b, c)
local n = 0
local function f() n = n + 1 return n end
a, b = f(), f(), f()
print(a, b, n)
local x, y, z = (function() return 1, 2, 3 end)()
print(x, y, z)
x, y, z = 0, (function() return 1, 2, 3 end)()
print(x, y, z)
