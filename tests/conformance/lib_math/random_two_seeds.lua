math.randomseed(1, 2)
local a = {math.random(1000), math.random(1000), math.random(1000)}
math.randomseed(1, 3)
local b = {math.random(1000), math.random(1000), math.random(1000)}
print(table.concat(a, " "))
print(table.concat(b, " "))
math.randomseed(0)
print(math.random(1, 6), math.random(1, 6), math.random(1, 6))
math.randomseed(-1)
print(math.random(10), math.random(10))
math.randomseed(3.0)
print(math.random(100))
