local co = coroutine.create(function()
  local function inner() coroutine.yield() end
  inner()
end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, "co message"))
print(debug.traceback(co, "from level 1", 1))
print(debug.traceback(coroutine.create(print)))
