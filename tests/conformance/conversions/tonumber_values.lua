print(tonumber(10), tonumber(1.5), tonumber(-0.0), tonumber(2^63))
print(tonumber(nil), tonumber(true), tonumber({}), tonumber(print))
print(select('#', tonumber("x")), select('#', tonumber(nil)))
print(pcall(tonumber))
local mt = {__tostring = function() return "42" end}
print(tonumber(setmetatable({}, mt)))
