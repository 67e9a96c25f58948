local parts = {}
for i = 1, 1000 do parts[i] = i end
local s = table.concat(parts, ",")
print(#s, s:sub(1, 10), s:sub(-10))
print(#table.concat(parts))
print(table.concat(parts, ",", 999))
print(table.concat(parts, ",", 1000, 1000))
print(pcall(table.concat, parts, ",", 1000, 1001))
