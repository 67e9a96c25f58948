local t = {}
for i = 1, 200 do t[i] = i end
print(select("#", table.unpack(t)))
local sum = 0
for _, v in ipairs({table.unpack(t, 150)}) do sum = sum + v end
print(sum)
print(math.max(table.unpack(t)))
