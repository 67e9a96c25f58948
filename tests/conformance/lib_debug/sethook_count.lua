local n = 0
debug.sethook(function(ev) n = n + 1 end, "", 100)
local s = 0
for i = 1, 10000 do s = s + i end
debug.sethook()
print(n > 0, s)
local m = 0
debug.sethook(function(ev) m = m + 1; assert(ev == "count") end, "", 1)
local z = 1 + 1
debug.sethook()
print(m > 0)
