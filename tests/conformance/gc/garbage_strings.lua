collectgarbage("collect")
local base = collectgarbage("count")
local last
for i = 1, 100000 do
  last = "string number " .. i .. " with some padding to make it longer than short"
end
print(last)
collectgarbage("collect")
print(collectgarbage("count") < base + 1000)
