collectgarbage("generational")
local wk = setmetatable({}, {__mode = "k"})
for i = 1, 100 do wk[{}] = i end
collectgarbage()
local n = 0
for _ in pairs(wk) do n = n + 1 end
print(n)
print(collectgarbage("incremental"))
