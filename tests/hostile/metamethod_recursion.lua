-- hostile: runaway recursion through metamethods (__index, __newindex, __add, __call, __eq, __concat, __tostring, __lt, __len): "C stack overflow" or "stack overflow", as lua5.4
-- exit: 0
-- oracle: same
local t = setmetatable({}, {__index = function(t, k) return t[k] end})
print(pcall(function() return t.x end))
local a = setmetatable({}, {__add = function(a, b) return a + b end})
print(pcall(function() return a + 1 end))
local c = setmetatable({}, {__call = function(self, ...) local r = self(...) return r end})
print(pcall(c, 1))
local u = setmetatable({}, {__newindex = function(t, k, v) t[k] = v end})
print(pcall(function() u.x = 1 end))
local e = setmetatable({}, {__eq = function(a, b) return a == b end})
local e2 = setmetatable({}, getmetatable(e))
print(pcall(function() return e == e2 end))
local cc = setmetatable({}, {__concat = function(a, b) return a .. b end})
print(pcall(function() return cc .. "x" end))
local ts = setmetatable({}, {__tostring = function(s) return tostring(s) end})
print(pcall(tostring, ts))
local lt = setmetatable({}, {__lt = function(a, b) return a < b end})
print(pcall(function() return lt < lt end))
local ln = setmetatable({}, {__len = function(a) return #a end})
print(pcall(function() return #ln end))
local un = setmetatable({}, {__unm = function(a) return -a end})
print(pcall(function() return -un end))
local cl = setmetatable({}, {__close = function(o) local x <close> = o end})
print(pcall(function() local v <close> = cl end))
-- The same metamethods hot in a loop first (compiled code), then runaway.
local hot = setmetatable({}, {__index = function(t, k) if k == "stop" then return 1 end return t[k] end})
local s = 0
for i = 1, 1000 do s = s + hot.stop end
print(s, pcall(function() return hot.go end))
