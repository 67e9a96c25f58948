local log = {}
local mt = {}
local o = setmetatable({}, mt)
mt.__gc = function() log[#log + 1] = "late field" end
o = nil
collectgarbage()
print(#log)
local mt2 = {__gc = true}
local o2 = setmetatable({}, mt2)
mt2.__gc = function() log[#log + 1] = "marked" end
o2 = nil
collectgarbage()
print(table.concat(log, ","))
