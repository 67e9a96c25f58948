-- no two elements compare equal: the order of equal elements is not specified
local t = {3.5, -1, 2, 2.5, 1e10, -1e10, 0.0, math.huge, -math.huge, math.mininteger, math.maxinteger, -0.5}
table.sort(t)
for _, v in ipairs(t) do io.write(tostring(v), " ") end
print()
