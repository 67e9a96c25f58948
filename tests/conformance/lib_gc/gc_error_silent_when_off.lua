setmetatable({}, {__gc = function() error("quiet") end})
collectgarbage()
print("no warning printed")
