-- up to 100 elements 5.4 never randomizes the pivot
local t = {}
for i = 1, 100 do t[i] = (i * 37) % 101 end
table.sort(t, function(a, b) return a > b end)
print(t[1], t[50], t[100])
local calls = 0
local u = {}
for i = 1, 100 do u[i] = i end
table.sort(u, function(a, b) calls = calls + 1; return a < b end)
print(calls > 0, u[1], u[100])
