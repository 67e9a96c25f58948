local t = {1, 2, 3}
t[#t + 1] = 4
print(#t)
t[#t] = nil
print(#t)
local u = table.pack(1, 2, 3)
print(#u, u.n)
print(select("#", table.unpack(u, 1, u.n)))
