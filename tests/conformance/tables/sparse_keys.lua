local t = {}
t[1] = 1
t[1000000] = 2
t[2^40] = 3
print(t[1], t[1000000], t[2^40], t[1099511627776])
local count = 0
for _ in pairs(t) do count = count + 1 end
print(count)
for i = 1, 100 do t[i * i] = i end
count = 0
local sum = 0
for k, v in pairs(t) do count = count + 1; sum = sum + v end
print(count, sum)
