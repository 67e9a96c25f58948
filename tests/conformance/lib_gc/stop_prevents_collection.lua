collectgarbage()
collectgarbage("stop")
local weak = setmetatable({}, {__mode = "v"})
for i = 1, 1000 do weak[i] = {} end
local n = 0
for _ in pairs(weak) do n = n + 1 end
print(n, collectgarbage("isrunning"))
collectgarbage("restart")
collectgarbage()
n = 0
for _ in pairs(weak) do n = n + 1 end
print(n, collectgarbage("isrunning"))
