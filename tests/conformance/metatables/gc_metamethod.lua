local log = {}
do
  local obj = setmetatable({name = "obj1"}, {__gc = function(o) log[#log + 1] = o.name end})
end
collectgarbage("collect")
collectgarbage("collect")
print(#log, log[1])
local keep = setmetatable({name = "kept"}, {__gc = function(o) log[#log + 1] = o.name end})
collectgarbage("collect")
print(#log)
local mt = {}
local later = setmetatable({name = "late"}, mt)
mt.__gc = function(o) log[#log + 1] = o.name end
later = nil
collectgarbage("collect")
print(#log)
