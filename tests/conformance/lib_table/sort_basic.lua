local t = {5, 2, 8, 1, 9, 3}
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local s = {"pear", "apple", "fig", "banana"}
table.sort(s)
print(table.concat(s, " "))
table.sort(s, function(a, b) return #a < #b end)
print(s[1], s[4])
local empty = {}
table.sort(empty)
print(#empty)
local one = {1}
table.sort(one)
print(one[1])
local mixed = {3, 1.5, 2, -1, 0.5}
table.sort(mixed)
print(table.concat(mixed, " "))
