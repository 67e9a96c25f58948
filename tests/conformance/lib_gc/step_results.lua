-- collectgarbage("step") answers as 5.4.4: false in generational mode (lua.c's default),
-- true in incremental mode when a cycle ends; sizes are C ints (maxinteger wraps to -1,
-- and a step with no positive debt does nothing).
print(collectgarbage("step"), collectgarbage("step", 0), collectgarbage("step", 1e6))
print(collectgarbage("step", math.maxinteger), collectgarbage("step", -1))
print(collectgarbage("incremental"))
print(collectgarbage("step", 0), collectgarbage("step", 1e6))
print(collectgarbage("step", math.maxinteger), collectgarbage("step", -5))
-- a step in incremental mode really collects
local weak = setmetatable({}, {__mode = "v"})
weak[1] = {}
print(collectgarbage("step", 0), weak[1] == nil)
print(collectgarbage("generational"))
print(collectgarbage("step", 0))
