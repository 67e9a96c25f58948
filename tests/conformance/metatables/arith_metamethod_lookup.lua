-- the first operand's metamethod wins; otherwise the second's
local A = setmetatable({}, {__add = function() return "A" end})
local B = setmetatable({}, {__add = function() return "B" end})
local N = setmetatable({}, {})
print(A + B, B + A, A + N, N + A, N + B, 1 + B, A + 1)
print(pcall(function() return N + N end))
print(pcall(function() return N + 1 end))
local calls = {}
local mt = {__sub = function(x, y) return rawequal(x, calls) and "left" or "right" end}
setmetatable(calls, mt)
print(calls - 1, 1 - calls)
