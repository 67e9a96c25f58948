local function thrower() error("positioned") end
local w = coroutine.wrap(function() coroutine.yield(1); thrower() end)
print(w())
print(pcall(w))
local w2 = coroutine.wrap(function() coroutine.yield(); return 1 + nil end)
w2()
print(pcall(w2))
