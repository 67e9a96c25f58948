local mt = {}
local t = setmetatable({}, mt)
print(t.x)
mt.__index = {x = "late binding"}
print(t.x)
mt.__index = nil
print(t.x)
local mt2 = {__index = {x = "second"}}
setmetatable(t, mt2)
print(t.x)
