local function range(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i, i * i) end end)
end
for i, sq in range(4) do io.write(i, "=", sq, " ") end
print()
local function chars(s)
  return coroutine.wrap(function() for c in s:gmatch(".") do coroutine.yield(c) end end)
end
local t = {}
for c in chars("hello") do t[#t + 1] = c:upper() end
print(table.concat(t))
