collectgarbage("collect")
local base = collectgarbage("count")
print(type(base), base > 0)
local peak = 0
for i = 1, 200000 do
  local t = {i, i + 1, tostring(i)}
  if i % 10000 == 0 then
    local c = collectgarbage("count")
    if c > peak then peak = c end
  end
end
print(peak < base + 50000)
collectgarbage("collect")
print(collectgarbage("count") < base + 1000)
