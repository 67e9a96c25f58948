local co = coroutine.create(function()
  for i = 1, 3 do coroutine.yield(i) end
  error("after three")
end)
for i = 1, 5 do print(coroutine.resume(co)) end
