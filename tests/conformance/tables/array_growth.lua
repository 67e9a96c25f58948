local t = {}
for i = 1, 100000 do t[i] = i * 2 end
print(#t, t[1], t[50000], t[100000])
local sum = 0
for i = 1, #t do sum = sum + t[i] end
print(sum)
for i = #t, 50001, -1 do t[i] = nil end
print(#t)
local r = {}
for i = 100, 1, -1 do r[i] = i end
print(#r)
local n = 0
for _, v in ipairs(r) do n = n + v end
print(n)
