-- from the manual: all expressions are evaluated before any assignment
local i = 3
local a = {}
i, a[i] = i + 1, 20
print(i, a[3], a[4])
local x, y = 1, 2
x, y = y, x
print(x, y)
local t = {1, 2, 3}
t[1], t[2], t[3] = t[3], t[1], t[2]
print(t[1], t[2], t[3])
local p = {v = 1}
local q = p
p, p.v = {v = 100}, 2
print(p.v, q.v)
