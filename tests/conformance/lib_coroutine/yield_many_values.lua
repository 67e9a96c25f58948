local co = coroutine.create(function(...)
  local args = table.pack(coroutine.yield(...))
  return args.n, table.unpack(args, 1, args.n)
end)
print(coroutine.resume(co, 1, nil, 3))
print(coroutine.resume(co, nil, nil))
local t = {}
for i = 1, 250 do t[i] = i end
local co2 = coroutine.wrap(function() coroutine.yield(table.unpack(t)) end)
print(select("#", co2()))
