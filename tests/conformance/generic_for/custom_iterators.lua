local function range(n)
  local i = 0
  return function() i = i + 1; if i <= n then return i end end
end
for i in range(3) do print(i) end
local function stateless(limit, cur)
  if cur < limit then return cur + 1, (cur + 1) * 2 end
end
for i, dbl in stateless, 3, 0 do print(i, dbl) end
local function chars(s)
  return function(_, i) if i < #s then return i + 1 end end, s, 0
end
local n = 0
for i in chars("hello") do n = n + i end
print(n)
for a, b, c, d in function(s, c) if c < 2 then return c + 1, "b", "c", "d" end end, nil, 0 do print(a, b, c, d) end
