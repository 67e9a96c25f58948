local co
co = coroutine.create(function()
  print(coroutine.resume(co))
  return "after"
end)
print(coroutine.resume(co))
print(coroutine.resume(coroutine.running()))
print(pcall(coroutine.resume, 1))
print(pcall(coroutine.resume))
