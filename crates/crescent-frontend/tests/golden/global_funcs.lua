function f(a, b) return a + b end
function g.h(x) return x end
function g.h.i:j(y) return self, y end
local function l() end
return f(1, 2)
