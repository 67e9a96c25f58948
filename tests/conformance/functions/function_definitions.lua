function globalf(x) return x + 1 end
print(globalf(1))
local t = {}
function t.f(x) return x * 2 end
print(t.f(4))
local function localf() return "local" end
print(localf())
local anon = function(...) return select('#', ...) end
print(anon(1, 2))
print((function(x) return x * x end)(7))
t.g = function(self, y) return self == t, y end
print(t:g(5))
print(type(globalf), type(_G.globalf))
