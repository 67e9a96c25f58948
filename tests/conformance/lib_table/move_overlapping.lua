local t = {1, 2, 3, 4, 5, 6}
table.move(t, 1, 4, 3)
print(table.concat(t, ","))
t = {1, 2, 3, 4, 5, 6}
table.move(t, 3, 6, 1)
print(table.concat(t, ","))
t = {1, 2, 3}
table.move(t, 1, 3, 1)
print(table.concat(t, ","))
local log = {}
local p = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = "r" .. k; return k end,
  __newindex = function(_, k, v) log[#log + 1] = "w" .. k end,
})
table.move(p, 1, 3, 2)
print(table.concat(log, " "))
