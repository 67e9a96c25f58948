local t = {}
for i = 1, 10000 do t["key" .. i] = i end
local count, sum = 0, 0
for k, v in pairs(t) do count = count + 1; sum = sum + v end
print(count, sum, t.key1, t.key10000, t.key10001)
for i = 1, 10000, 2 do t["key" .. i] = nil end
count = 0
for k in pairs(t) do count = count + 1 end
print(count)
local mixed = {}
for i = 1, 1000 do mixed[i] = i; mixed[-i] = -i; mixed[i + 0.5] = i end
count = 0
for k in pairs(mixed) do count = count + 1 end
print(count, #mixed)
