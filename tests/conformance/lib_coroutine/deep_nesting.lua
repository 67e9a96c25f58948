local function nest(n)
  if n == 0 then return coroutine.yield("bottom") end
  local co = coroutine.create(nest)
  local ok, v = coroutine.resume(co, n - 1)
  return v .. "<" .. n
end
local co = coroutine.create(nest)
local ok, v = coroutine.resume(co, 100)
print(ok, v)
