local t = {}
for i = 1, 250 do t[i] = i % 7 == 0 and nil or i end
local p = table.pack(table.unpack(t, 1, 250))
print(p.n)
local same = true
for i = 1, 250 do if p[i] ~= t[i] then same = false end end
print(same)
local q = table.pack(nil, nil, nil)
print(q.n, #q == 0)
