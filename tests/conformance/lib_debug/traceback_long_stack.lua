local function rec(n) if n == 0 then return debug.traceback("deep") end return (rec(n - 1)) end
local tb = rec(40)
local n = 0
for _ in tb:gmatch("\n") do n = n + 1 end
print(n)
print(tb:find("...\t(skipping", 1, true) ~= nil)
print((tb:gsub("\n.*", "")))
