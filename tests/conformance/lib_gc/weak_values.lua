local cache = setmetatable({}, {__mode = "v"})
cache[1] = {}
cache[2] = "strings are values, not collected"
cache[3] = 42
local keep = {}
cache[4] = keep
collectgarbage()
print(cache[1], cache[2], cache[3], cache[4] == keep)
