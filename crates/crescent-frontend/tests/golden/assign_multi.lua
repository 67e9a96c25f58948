local a, b, c = 1, 2
local t = {}
a, b = b, a
t[a], a = 1, 2
a, t[a] = 3, 4
t.x, t = 5, nil
local i = 1
i, t[i] = i + 1, 20
x, y, z = 1
g1, g2 = f()
local u, v, w = f()
local p, q = 1, 2, 3, f()
a.b, a.c, a.d = 1, 2, 3
return a, b, c
