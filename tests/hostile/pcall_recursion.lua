-- hostile: runaway recursion through pcall and xpcall, errors inside message handlers, and plain Lua recursion (caught and uncaught elsewhere)
-- exit: 0
-- oracle: same
local function f() return pcall(f) end
print(f())
local function g() local ok, e = pcall(g) error(e, 0) end
print(pcall(g))
print(xpcall(error, function(m) error("in handler") end, "x"))
print(xpcall(error, function(m) local function r() return 1 + r() end return r() end, "x"))
print(xpcall(function() local function r() return 1 + r() end r() end, function(m) return "handled: " .. m end))
print(pcall(xpcall))
local function x() return xpcall(x, x) end
print(x())
local function deep(n) if n == 0 then return 0 end return 1 + deep(n - 1) end
print(pcall(deep, 100000))
print(pcall(deep, 180000))
local function inf(n) return 1 + inf(n + 1) end
print(pcall(inf, 1))
local function infv(...) return 1 + infv(1, ...) end
print(pcall(infv))
print(pcall(coroutine.wrap(function() local function r() return 1 + r() end return r() end)))
-- recover and overflow again, many times
local n = 0
for i = 1, 20 do if not pcall(inf, 1) then n = n + 1 end end
print(n)
