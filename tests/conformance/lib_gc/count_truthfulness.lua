collectgarbage()
local before = collectgarbage("count")
local big = {}
for i = 1, 100000 do big[i] = {i} end
local during = collectgarbage("count")
print(during > before, during - before > 1000)
big = nil
collectgarbage()
local after = collectgarbage("count")
print(after < during, after - before < 500)
