local t = {1, 2, 3}
table.insert(t, 4, "four")
print(#t, t[4])
table.insert(t, 1, "zero")
print(table.concat(t, " "))
local n = {n = 0}
table.insert(n, "x")
print(n[1], n.n)
