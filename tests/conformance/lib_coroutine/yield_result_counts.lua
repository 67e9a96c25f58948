-- The values a resume passes become the results of the pending yield, for every number
-- of results the yield's call wants (none, fixed, more or fewer than passed, all).
local co = coroutine.create(function(...)
  print("start", ...)
  coroutine.yield()                         -- no results wanted
  local a = coroutine.yield(1)              -- one
  print("a", a)
  local b, c, d = coroutine.yield(2)        -- three
  print("bcd", b, c, d)
  local t = {coroutine.yield(3)}            -- all (in a constructor)
  print("t", #t, t[1], t[2], t[3], t[4])
  print("args", select('#', coroutine.yield(4)), (coroutine.yield(5)))
  local e, f = coroutine.yield(6)
  print("ef", e, f)
  for i = 1, 3 do
    local x, y = coroutine.yield(i * 10)
    print("loop", i, x, y)
  end
  return (function(...) return select('#', ...), ... end)(coroutine.yield(7))
end)
local feeds = {
  {"s1", "s2"}, {"x"}, {"A", "B", "C", "D"}, {"one"}, {1, 2, 3, 4}, {}, {"p", "q", "r"},
  {nil, "n"}, {"only"}, {"m", nil}, {}, {"r1", "r2", "r3"}, {"end"},
}
for i, f in ipairs(feeds) do
  print(i, coroutine.resume(co, table.unpack(f, 1, #f)))
end
print(coroutine.status(co), coroutine.resume(co))
-- a tail-called yield returns everything it gets
local g = coroutine.wrap(function() return coroutine.yield("first") end)
print(g())
print(g("x", "y", nil, "z"))
-- wrap generators yielding inside expressions
local w = coroutine.wrap(function(...)
  local s = 0
  while true do
    local v, extra = coroutine.yield(s)
    if v == nil then return "stop", extra end
    s = s + v
  end
end)
print(w(), w(1), w(2, 99), w(3), w(nil, "bye"))
