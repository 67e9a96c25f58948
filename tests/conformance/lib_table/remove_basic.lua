local t = {1, 2, 3, 4, 5}
print(table.remove(t), table.concat(t, ","))
print(table.remove(t, 1), table.concat(t, ","))
print(table.remove(t, 2), table.concat(t, ","))
print(table.remove(t, #t + 1), table.concat(t, ","))
print(table.remove({}), select("#", table.remove({})))
print(table.remove({}, 0), table.remove({}, 1))
print(pcall(table.remove, {1, 2}, 5))
print(pcall(table.remove, {1, 2}, -1))
print(pcall(table.remove, {}, -1))
local z = {[0] = "zero"}
print(table.remove(z, 0), z[0])
local u = {n = 1}
print(table.remove(u, #u))
print(pcall(table.remove))
print(pcall(table.remove, {}, "x"))
