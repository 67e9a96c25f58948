local t = {10, 20, 30, x = 1, y = 2}
local n, s, keys = 0, 0, 0
local k, v = next(t)
while k ~= nil do
  n = n + 1
  s = s + v
  k, v = next(t, k)
end
print(n, s)
print(next({}, nil))
local only = {42}
print(next(only), next(only, 1))
print(pcall(next, {}, 1))
print(rawequal(next, next))
