local obj = {}
function obj:m(a) return self, a end
function obj.f(a) return a end
obj:m(1)
obj.f(2)
local r = obj:m(3):m(4)
a.b.c:d(5)
a.b.c.d(6)
local s = ("x"):rep(3)
local u = obj["m"](obj, 7)
string.format("%d", 1):upper()
print(#obj:m())
return obj:m(r, s, u)
