-- a comparator that is always true on a large array: 5.4 detects it deterministically
local t = {}
for i = 1, 100 do t[i] = i end
print(pcall(table.sort, t, function(a, b) return true end))
