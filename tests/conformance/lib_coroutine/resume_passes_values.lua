local co = coroutine.create(function(...)
  print("args", select("#", ...), ...)
  while true do
    print("yielded back", coroutine.yield())
  end
end)
coroutine.resume(co, "a", nil)
coroutine.resume(co)
coroutine.resume(co, 1, 2, 3)
coroutine.resume(co, nil)
print(coroutine.status(co))
