local function helper(x) return coroutine.yield(x) * 10 end
local co = coroutine.wrap(function()
  local a = helper(1)
  local b = helper(2)
  return a + b
end)
print(co(), co(3), co(4))
