local gen = coroutine.wrap(function(n)
  for i = 1, n do coroutine.yield(i) end
  return "end"
end)
print(gen(3), gen(), gen(), gen())
print(pcall(gen))
local w = coroutine.wrap(function(...) return select("#", ...), ... end)
print(w(nil, nil))
