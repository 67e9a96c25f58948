local t = setmetatable({}, {__mode = "v"})
t[1] = {}
getmetatable(t).__mode = nil
collectgarbage()
print(t[1] == nil)
