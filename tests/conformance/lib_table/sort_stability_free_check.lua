-- equal keys with a strict comparator: check only the sorted order of the keys
local t = {}
for i = 1, 50 do t[i] = {k = i % 5, id = i} end
table.sort(t, function(a, b) return a.k < b.k end)
local keys = {}
for i = 1, 50 do keys[i] = t[i].k end
print(table.concat(keys))
local ids = {}
for i = 1, 50 do ids[t[i].id] = true end
local n = 0
for i = 1, 50 do if ids[i] then n = n + 1 end end
print(n)
