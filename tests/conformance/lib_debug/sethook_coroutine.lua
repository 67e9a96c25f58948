local co = coroutine.create(function() local x = 1; coroutine.yield(); x = 2; return x end)
local lines = {}
debug.sethook(co, function(ev, l) lines[#lines + 1] = l end, "l")
coroutine.resume(co)
coroutine.resume(co)
print(table.concat(lines, " "))
local f, mask = debug.gethook(co)
print(type(f), mask)
print(debug.gethook())
