local calls = 0
local mt = {__eq = function(a, b) calls = calls + 1 return a.v == b.v end}
local a = setmetatable({v = 1}, mt)
local b = setmetatable({v = 1}, mt)
local c = setmetatable({v = 2}, mt)
print(a == b, a ~= b, a == c, a ~= c, calls)
print(a == a, calls)
print(a == 1, 1 == a, a == "x", calls)
print(rawequal(a, b), calls)
local plain = {v = 1}
print(a == plain, plain == a, calls)
local truthy = setmetatable({}, {__eq = function() return "yes" end})
local other = setmetatable({}, {__eq = function() return nil end})
print(truthy == other, other == truthy)
local t = {}
t[a] = "a"
print(t[b])
