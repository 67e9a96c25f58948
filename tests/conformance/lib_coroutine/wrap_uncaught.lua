local w = coroutine.wrap(function() coroutine.yield("first"); error("uncaught in wrap") end)
print(w())
w()
print("not reached")
