local t = {1, 2, 3}
t[5] = 5
print(#t == 3 or #t == 5)
local a = {"a"}
print(table.remove(a, 2), #a)
print(pcall(table.remove, a, 3))
print(table.remove(a, 1), #a)
print(table.remove(a, 1), #a)
