local co
co = coroutine.create(function()
  print(pcall(coroutine.close, co))
  local inner = coroutine.create(function()
    print(pcall(coroutine.close, co))
  end)
  coroutine.resume(inner)
end)
coroutine.resume(co)
