local main, ismain = coroutine.running()
print(type(main), ismain)
local co = coroutine.create(function()
  local c, m = coroutine.running()
  return type(c), m
end)
print(coroutine.resume(co))
local co2
co2 = coroutine.create(function() return coroutine.running() == co2 end)
print(coroutine.resume(co2))
print(coroutine.status(main))
