local t = {3, 1, 2}
table.sort(t, function(a, b) if a < b then return 1 else return nil end end)
print(table.concat(t, ","))
