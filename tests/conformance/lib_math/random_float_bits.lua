math.randomseed(2024)
local t = {}
for i = 1, 6 do t[i] = string.format("%a", math.random()) end
print(table.concat(t, " "))
math.randomseed(2024)
for i = 1, 3 do io.write(math.random(0), " ") end
print()
