local t = {1, 2, 3, a = 10, b = 20, [100] = 1000, [1.5] = 0.5}
local keys, sum = 0, 0
for k, v in pairs(t) do keys = keys + 1; sum = sum + v end
print(keys, sum)
local seen = {}
for k in pairs({x = 1, y = 2, z = 3}) do seen[k] = true end
print(seen.x, seen.y, seen.z)
local n = 0
for _ in pairs({}) do n = n + 1 end
print(n)
print(pcall(function() for k in pairs(nil) do end end))
print(pcall(pairs))
