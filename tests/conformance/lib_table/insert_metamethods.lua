local log = {}
local store = {}
local t = setmetatable({}, {
  __len = function() return #store end,
  __index = function(_, k) log[#log + 1] = "get" .. k; return store[k] end,
  __newindex = function(_, k, v) log[#log + 1] = "set" .. k; store[k] = v end,
})
table.insert(t, "a")
table.insert(t, "b")
table.insert(t, 1, "c")
print(table.concat(store, ","))
print(table.concat(log, " "))
