math.randomseed(11)
local counts = {0, 0, 0, 0}
for i = 1, 4000 do local r = math.random(4); counts[r] = counts[r] + 1 end
print(table.concat(counts, " "))
math.randomseed(11)
local first = {}
for i = 1, 12 do first[i] = math.random(4) end
print(table.concat(first, ""))
