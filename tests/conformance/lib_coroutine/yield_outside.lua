print(pcall(coroutine.yield, 1))
print(coroutine.isyieldable())
print(coroutine.resume(coroutine.create(function() return coroutine.isyieldable() end)))
