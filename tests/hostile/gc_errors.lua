-- hostile: errors inside __gc (during collections, at exit, error objects that are not strings, stack overflows) become warnings on stderr; the program goes on
-- exit: 0
-- stderr: Lua warning: error in __gc (gc_errors.lua:10: boom in gc)
-- stderr: Lua warning: error in __gc (error object is not a string)
-- stderr: Lua warning: error in __gc (gc_errors.lua:12: attempt to index a nil value (local 'x'))
-- stderr: Lua warning: error in __gc (gc_errors.lua:16: stack overflow)
-- stderr: Lua warning: error in __gc (gc_errors.lua:32: at exit)
-- oracle: same
warn("@on")
setmetatable({}, {__gc = function() error("boom in gc") end})
setmetatable({}, {__gc = function() error({}) end})
setmetatable({}, {__gc = function() local x = nil; return x.y end})
collectgarbage()
print("after gc")
-- a finalizer that overflows the stack
setmetatable({}, {__gc = function() local function r() return 1 + r() end r() end})
collectgarbage()
print("after overflow in gc")
-- a finalizer running a full collection, and one that allocates a lot
setmetatable({}, {__gc = function() collectgarbage() end})
setmetatable({}, {__gc = function() local t = {} for i = 1, 1e5 do t[i] = {} end end})
collectgarbage()
print("nested collect ok")
-- finalizers triggered by allocation in a hot loop, each one failing
local mt = {__gc = function() error("in loop") end}
warn("@off")
for i = 1, 20000 do setmetatable({}, mt) end
collectgarbage()
warn("@on")
print("loop ok")
-- errors in __gc while the state closes
setmetatable({}, {__gc = function() error("at exit") end})
print("end")
