local t = {f(1), g(2, h(3)), [k(4)] = l(5), m = n(6)}
print(f(g(h(i(j())))))
local u = a.b.c.d.e.f
a.b.c.d.e.f = u
return t
