local co = coroutine.create(function()
  local t = nil
  return t.x
end)
print(coroutine.resume(co))
local co2 = coroutine.create(function() error({1, 2, 3}) end)
local ok, e = coroutine.resume(co2)
print(ok, #e)
local co3 = coroutine.create(function() error() end)
print(coroutine.resume(co3))
local co4 = coroutine.create(function() coroutine.yield(1); error("later", 2) end)
print(coroutine.resume(co4))
print(coroutine.resume(co4))
