local weak_k = setmetatable({}, {__mode = "k"})
local weak_v = setmetatable({}, {__mode = "v"})
local strong = {}
local kept = {}
weak_k[kept] = 1
weak_k[{}] = 2
weak_v[1] = kept
weak_v[2] = {}
weak_v[3] = "strings are not collected"
collectgarbage("collect")
local nk, nv = 0, 0
for _ in pairs(weak_k) do nk = nk + 1 end
for _ in pairs(weak_v) do nv = nv + 1 end
print(nk, nv, weak_v[1] == kept, weak_v[2], weak_v[3])
