local log = {}
local objs = {}
for i = 1, 4 do objs[i] = setmetatable({id = i}, {__gc = function(o) log[#log + 1] = o.id end}) end
objs = nil
collectgarbage()
print(table.concat(log, " "))
