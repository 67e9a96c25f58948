local t = {}
for i = 1, 20 do t[i] = i end
while #t > 0 do t[#t] = nil end
print(#t, next(t))
for i = 1, 5 do t[#t + 1] = i * i end
print(#t, t[5])
local q = {first = 1, last = 0}
local function push(v) q.last = q.last + 1; q[q.last] = v end
local function pop() local v = q[q.first]; q[q.first] = nil; q.first = q.first + 1; return v end
for i = 1, 10 do push(i) end
local s = 0
for i = 1, 7 do s = s + pop() end
print(s, q.first, q.last)
