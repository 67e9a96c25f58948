-- Collections while coroutines run, are suspended, nested, or die: the running thread's
-- saved state is never scanned or freed twice, and suspended threads keep their values.
local function mk(n)
  return coroutine.create(function(a)
    local t = {}
    for i = 1, n do
      t[i] = {i, tostring(i)}
      a = coroutine.yield(#t, a)
      collectgarbage()
    end
    return "done", #t
  end)
end
local cos = {}
for i = 1, 20 do cos[i] = mk(i) end
for round = 1, 22 do
  local line = {}
  for i = 1, 20 do
    local ok, x, y = coroutine.resume(cos[i], round)
    line[#line + 1] = tostring(ok) .. ":" .. tostring(x) .. ":" .. tostring(y)
  end
  if round % 5 == 0 then collectgarbage() end
  print(round, table.concat(line, " "))
end
-- nested resumes with collections at each level
local function nest(d)
  if d == 0 then collectgarbage(); return 0 end
  local co = coroutine.wrap(function(x)
    local r = nest(d - 1)
    collectgarbage()
    local y = coroutine.yield(r + x)
    collectgarbage()
    return y + 1
  end)
  local v = co(d)
  return co(v)
end
print(nest(10))
-- collect inside a wrap generator while the main thread holds garbage
local gen = coroutine.wrap(function()
  for i = 1, 50 do
    local junk = {}
    for j = 1, 20 do junk[j] = {j} end
    if i % 7 == 0 then collectgarbage() end
    coroutine.yield(i)
  end
end)
local s = 0
for i = 1, 50 do s = s + gen() end
print(s)
-- unreachable suspended coroutines get collected
for i = 1, 200 do local co = mk(3); coroutine.resume(co, 1) end
collectgarbage(); collectgarbage()
print(coroutine.status(cos[1]), coroutine.status(cos[20]))
