local cos = {}
for i = 1, 10000 do
  cos[i] = coroutine.create(function(x)
    local y = coroutine.yield(x * 2)
    return x + y
  end)
end
local sum = 0
for i = 1, 10000 do
  local _, v = coroutine.resume(cos[i], i)
  sum = sum + v
end
print(sum)
local sum2, dead = 0, 0
for i = 1, 10000 do
  local _, v = coroutine.resume(cos[i], 1)
  sum2 = sum2 + v
  if coroutine.status(cos[i]) == "dead" then dead = dead + 1 end
end
print(sum2, dead)
