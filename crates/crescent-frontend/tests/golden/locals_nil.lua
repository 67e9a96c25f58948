local a
local b, c
local d = nil
local e, f = nil, nil
local g, h = 1
local i, j, k
print(a, b, c, d, e, f, g, h, i, j, k)
local l; local m; local n
return l, m, n
