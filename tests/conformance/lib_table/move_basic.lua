local t = {1, 2, 3, 4, 5}
table.move(t, 2, 4, 1)
print(table.concat(t, ","))
t = {1, 2, 3, 4, 5}
table.move(t, 1, 3, 3)
print(table.concat(t, ","))
local a, b = {1, 2, 3}, {}
print(table.move(a, 1, 3, 2, b) == b, b[1], b[2], b[3], b[4])
print(table.concat(table.move({1, 2}, 1, 0, 5), ","))
print(table.concat(table.move({"x", "y"}, 1, 2, 3), ","))
print(pcall(table.move, {}, 1, math.maxinteger, 2))
print(pcall(table.move, {}, -1, math.maxinteger, 2))
print(type(select(2, pcall(table.move, {1}, 1, 1, math.maxinteger))))
print(pcall(table.move, {1}, 1, 1))
print(pcall(table.move, {1}, 1, 1, 1, 5))
print(table.move({1, 2, 3}, 1, 3, 1)[3])
