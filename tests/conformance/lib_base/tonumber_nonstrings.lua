print(tonumber(5), tonumber(5.5), tonumber(nil), tonumber(true), tonumber({}))
print(math.type(tonumber(5)), math.type(tonumber(5.0)))
print(tonumber(setmetatable({}, {__tonumber = function() return 1 end})))
