for i = 1, 3 do print(i) end
for i = 3, 1, -1 do print(i) end
for i = 1, 0 do print("never") end
for i = 1, 10, 4 do print(i) end
for i = -5, -10, -2 do print(i) end
for i = 5, 5 do print("once", i) end
local n = 0
for i = 1, 1000 do n = n + i end
print(n)
