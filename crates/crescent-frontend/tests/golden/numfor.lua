local n = ...
local s = 0
for i = 1, 10 do s = s + i end
for i = 10, 1, -1 do s = s + i end
for i = 1.0, 2.0, 0.25 do s = s + i end
for i = n, n * 2, n // 3 do s = s + i end
for i = 1, n do
  for j = i, n do
    s = s + i * j
  end
end
for i = 1, 3 do local f = function() return i end; s = s + f() end
return s
