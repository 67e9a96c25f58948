local obj = {name = "obj", n = 0}
function obj:greet(greeting) return greeting .. ", " .. self.name end
function obj.static(x) return x * 2 end
function obj:inc(by) self.n = self.n + (by or 1) return self end
print(obj:greet("hello"), obj.greet(obj, "hi"), obj.static(21))
obj:inc():inc(5):inc()
print(obj.n)
local a = {b = {c = {}}}
function a.b.c:m() return self == a.b.c end
function a.b.c.f() return "f" end
print(a.b.c:m(), a.b.c.f())
local calls = 0
local function getobj() calls = calls + 1 return obj end
getobj():inc()
print(calls, obj.n)
