local a = {}
a.x = a.x
a[1] = a[1] + 1
a.b.c = a.b.c .. "x"
local i = 1
a[i] = a[i + 1]
a[i], a[i + 1] = a[i + 1], a[i]
return a
