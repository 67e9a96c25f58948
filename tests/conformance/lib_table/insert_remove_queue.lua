local q = {}
for i = 1, 10 do table.insert(q, i) end
local out = {}
while #q > 0 do out[#out + 1] = table.remove(q, 1) end
print(table.concat(out, " "))
local stack = {}
for i = 1, 5 do table.insert(stack, 1, i) end
print(table.concat(stack, " "))
