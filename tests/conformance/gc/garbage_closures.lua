collectgarbage("collect")
local base = collectgarbage("count")
local keep
for i = 1, 100000 do
  local x = i
  keep = function() return x end
end
print(keep())
collectgarbage("collect")
print(collectgarbage("count") < base + 1000)
