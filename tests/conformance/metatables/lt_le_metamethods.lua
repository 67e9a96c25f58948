local mt = {}
mt.__lt = function(a, b) return a.v < b.v end
mt.__le = function(a, b) return a.v <= b.v end
local function V(v) return setmetatable({v = v}, mt) end
local a, b = V(1), V(2)
print(a < b, a > b, a <= b, a >= b, b <= b, b < b)
local only_lt = {__lt = function(x, y) return true end}
local p = setmetatable({}, only_lt)
local q = setmetatable({}, only_lt)
print(p < q, p > q)
print(pcall(function() return p <= q end))
local mixed = setmetatable({}, {__lt = function(x, y) return type(x) == "number" end, __le = function() return 0 end})
print(1 < mixed, mixed < 1, mixed <= 1, "s" <= mixed)
