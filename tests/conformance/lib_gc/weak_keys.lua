local wk = setmetatable({}, {__mode = "k"})
local k1, k2 = {}, {}
wk[k1] = "one"
wk[k2] = "two"
wk[{}] = "temp"
wk["str"] = "string key"
k2 = nil
collectgarbage()
local n = 0
for k, v in pairs(wk) do n = n + 1 end
print(n, wk[k1], wk.str)
