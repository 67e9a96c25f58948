local w = coroutine.wrap(function() end)
w()
w()
