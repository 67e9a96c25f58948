for i = 1, 2.9 do print(i) end
for i = 3, 0.1, -1 do print(i) end
for i = 1, -1e309 do print("never") end
for i = 1, 0/0 do print("never nan") end
for i = 1.0, 0/0 do print("a float loop with a NaN limit runs once in lua5.4") end
for i = -3, -3.5, -1 do print(i) end
local c = 0
for i = 1, 2^53 + 10, 2^52 do c = c + 1 end
print(c)
