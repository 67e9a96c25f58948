local function make(i) return function(x) return x + i end end
local acc = 0
for i = 1, 500000 do acc = make(i)(acc) % 1000003 end
print(acc)
local s = 0
for i = 1, 300000 do s = s + select('#', i, i, i) end
print(s)
