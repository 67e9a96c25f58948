local t = setmetatable({}, {__index = function(_, i) return "v" .. i end, __len = function() return 3 end})
print(table.concat(t, ","))
local p = setmetatable({}, {__index = {"x", "y"}})
print(table.concat(p, "+", 1, 2))
