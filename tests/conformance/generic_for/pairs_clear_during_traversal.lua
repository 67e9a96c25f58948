local t = {}
for i = 1, 100 do t["k" .. i] = i end
for i = 1, 50 do t[i] = i end
local visited = 0
for k, v in pairs(t) do
  visited = visited + 1
  t[k] = nil
end
print(visited, next(t))
local u = {a = 1, b = 2, c = 3}
for k, v in pairs(u) do u[k] = v * 10 end
print(u.a + u.b + u.c)
