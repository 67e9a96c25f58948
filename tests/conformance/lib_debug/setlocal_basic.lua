local function f()
  local x = 10
  local y = 20
  debug.setlocal(1, 1, 99)
  print(debug.setlocal(1, 2, "changed"))
  print(debug.setlocal(1, 50, 1))
  return x, y
end
print(f())
local co = coroutine.create(function() local v = "orig"; coroutine.yield(); return v end)
coroutine.resume(co)
print(debug.setlocal(co, 1, 1, "from outside"))
print(coroutine.resume(co))
