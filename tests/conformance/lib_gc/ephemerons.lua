local e = setmetatable({}, {__mode = "k"})
local key = {}
e[key] = {ref = key}
local lone = {}
e[lone] = {ref = lone}
lone = nil
collectgarbage()
local n = 0
for k, v in pairs(e) do n = n + 1; print(v.ref == k) end
print(n)
-- a chain: value of one entry keeps the key of another alive
local chain = setmetatable({}, {__mode = "k"})
local k1 = {}
local k2 = {}
chain[k1] = k2
chain[k2] = {}
k2 = nil
collectgarbage()
n = 0
for _ in pairs(chain) do n = n + 1 end
print(n)
k1 = nil
collectgarbage()
n = 0
for _ in pairs(chain) do n = n + 1 end
print(n)
