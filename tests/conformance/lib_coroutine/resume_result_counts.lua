-- Results of coroutine.resume and of wrap functions for every number of results the call
-- wants, in hot loops (compiled code), with errors, and with a hook set by the coroutine.
local co = coroutine.create(function(...)
  local args = {...}
  while true do
    args = {coroutine.yield(table.unpack(args))}
  end
end)
for i = 1, 60 do
  local n = i % 5
  local vals = {}
  for k = 1, n do vals[k] = i * 10 + k end
  local r0 = 0
  coroutine.resume(co, table.unpack(vals, 1, n))            -- none wanted
  local a = coroutine.resume(co, table.unpack(vals, 1, n))   -- one
  local b, c = coroutine.resume(co, table.unpack(vals, 1, n)) -- two
  local d, e, f, g = coroutine.resume(co, table.unpack(vals, 1, n)) -- four
  local all = {coroutine.resume(co, table.unpack(vals, 1, n))}   -- all
  if i % 7 == 0 or i > 55 then
    print(i, a, b, c, d, e, f, g, #all, all[2], all[#all])
  end
end
local w = coroutine.wrap(function(...)
  local args = {...}
  while true do
    args = {coroutine.yield(table.unpack(args))}
  end
end)
for i = 1, 60 do
  local n = i % 4
  w(i, i + 1, i + 2)
  local a = w(table.unpack({i, i * 2, i * 3}, 1, n))
  local b, c, d = w(table.unpack({i, i * 2, i * 3}, 1, n))
  local t = {w(table.unpack({i, i * 2, i * 3}, 1, n))}
  if i % 9 == 0 or i > 57 then print("w", i, a, b, c, d, #t) end
end
-- errors through resume and wrap in compiled loops
local bad = 0
for i = 1, 50 do
  local c2 = coroutine.create(function(x) if x % 3 == 0 then error("e" .. x) end return x end)
  local ok, v = coroutine.resume(c2, i)
  if not ok then bad = bad + 1 end
  if i > 45 then print(ok, v, coroutine.resume(c2)) end
end
print("bad", bad)
for i = 1, 20 do
  local g = coroutine.wrap(function(x) if x > 18 then error({code = x}) end return x * 2 end)
  local ok, v = pcall(g, i)
  if i > 17 then print(ok, type(v) == "table" and v.code or v) end
end
-- a coroutine that sets a hook on its resumer: the results still arrive
local main = coroutine.running()
local count = 0
local hc = coroutine.create(function()
  for i = 1, 30 do
    if i == 10 then debug.sethook(main, function() count = count + 1 end, "r") end
    if i == 20 then debug.sethook(main) end
    coroutine.yield(i, i * 2)
  end
end)
local s = 0
for i = 1, 30 do
  local ok, x, y = coroutine.resume(hc)
  s = s + x + y
end
print("hooked", s, count > 0)
