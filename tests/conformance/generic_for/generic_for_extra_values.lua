local function gen(_, c)
  if c < 3 then return c + 1, c * 10, "x" end
end
for a in gen, nil, 0 do print(a) end
for a, b, c, d, e in gen, nil, 0 do print(a, b, c, d, e) end
local calls = 0
local function onlyiter() calls = calls + 1; return function() return nil end end
for _ in onlyiter() do end
print(calls)
print(pcall(function() for x in nil do end end))
print(pcall(function() for x in 42 do end end))
