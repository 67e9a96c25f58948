local t = setmetatable({}, {__mode = "kv"})
local a = {}
t[a] = {}
t[{}] = a
t[1] = {}
t.x = a
collectgarbage()
local n = 0
for _ in pairs(t) do n = n + 1 end
print(n, t.x == a, t[a])
