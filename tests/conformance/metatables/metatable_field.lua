local mt = {__metatable = "locked"}
local t = setmetatable({}, mt)
print(getmetatable(t))
print(pcall(setmetatable, t, {}))
print(pcall(setmetatable, t, nil))
local mt2 = {__metatable = false}
local u = setmetatable({}, mt2)
print(getmetatable(u))
local open = setmetatable({}, {})
print(type(getmetatable(open)))
print(getmetatable({}), getmetatable(1), getmetatable(nil), getmetatable(print))
print(getmetatable("abc") ~= nil)
local m3 = {}
local v = setmetatable({}, m3)
print(rawequal(getmetatable(v), m3), rawequal(setmetatable(v, nil), v), getmetatable(v))
