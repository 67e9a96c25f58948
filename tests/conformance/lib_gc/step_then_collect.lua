collectgarbage()
local fin = false
setmetatable({}, {__gc = function() fin = true end})
print(type(collectgarbage("step", 0)), type(collectgarbage("step", 10)))
collectgarbage()
print(fin)
