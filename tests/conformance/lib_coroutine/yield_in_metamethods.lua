local mt = {
  __index = function(t, k) return coroutine.yield("index " .. k) end,
  __lt = function(a, b) return coroutine.yield("lt") end,
  __concat = function(a, b) return coroutine.yield("concat") end,
  __add = function(a, b) return coroutine.yield("add") end,
  __eq = function(a, b) return coroutine.yield("eq") end,
  __len = function(a) return coroutine.yield("len") end,
  __call = function(self, x) return coroutine.yield("call " .. x) end,
  __newindex = function(t, k, v) coroutine.yield("newindex " .. k) end,
}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
local co = coroutine.wrap(function()
  local r = {}
  r[#r + 1] = a.foo
  r[#r + 1] = tostring(a < b)
  r[#r + 1] = a .. "s"
  r[#r + 1] = a + 1
  r[#r + 1] = tostring(a == b)
  r[#r + 1] = #a
  r[#r + 1] = a(5)
  a.bar = 1
  return table.concat(r, "|")
end)
print(co())
print(co("I"))
print(co(true))
print(co("C"))
print(co("A"))
print(co(false))
print(co(3))
print(co("called"))
print(co())
