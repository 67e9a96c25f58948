collectgarbage("collect")
local base = collectgarbage("count")
for i = 1, 20000 do
  local a, b = {}, {}
  a.other = b; b.other = a
  a.self = a
end
collectgarbage("collect")
print(collectgarbage("count") < base + 500)
local weak = setmetatable({}, {__mode = "k"})
do
  local x, y = {}, {}
  x.y = y; y.x = x
  weak[x] = true
end
collectgarbage("collect")
print(next(weak))
