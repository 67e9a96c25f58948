math.randomseed(42)
local t = {}
for i = 1, 10 do t[i] = math.random(1, 100) end
print(table.concat(t, " "))
math.randomseed(42)
local u = {}
for i = 1, 10 do u[i] = math.random(1, 100) end
print(table.concat(u, " ") == table.concat(t, " "))
math.randomseed(7)
for i = 1, 5 do io.write(string.format("%.17g", math.random()), " ") end
print()
math.randomseed(7)
for i = 1, 5 do io.write(math.random(0), " ") end
print()
