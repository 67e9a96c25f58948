local function f() return debug.getinfo(1, "f").func end
print(f() == f)
local co = coroutine.create(function(a) local b = 2; coroutine.yield() end)
coroutine.resume(co, 1)
local i = debug.getinfo(co, 1, "Sl")
print(i.currentline, i.what, i.short_src)
print(debug.getinfo(co, 0, "n").name)
print(debug.getinfo(co, 5))
