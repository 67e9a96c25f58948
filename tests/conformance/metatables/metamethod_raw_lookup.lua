-- metamethods are fetched raw from the metatable; __index on the metatable is not consulted
local meta_of_meta = {__index = function(_, k) return function() return "from meta-meta " .. k end end}
local mt = setmetatable({}, meta_of_meta)
local t = setmetatable({}, mt)
print(pcall(function() return t + 1 end))
print(t.x)
mt.__add = function() return "now defined" end
print(t + 1)
