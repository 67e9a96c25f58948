local a, b
a = coroutine.create(function()
  coroutine.resume(b)
end)
b = coroutine.create(function()
  print(coroutine.status(a))
  print(coroutine.resume(a))
end)
coroutine.resume(a)
