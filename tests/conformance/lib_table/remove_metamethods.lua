local store = {"a", "b", "c"}
local log = {}
local t = setmetatable({}, {
  __len = function() return #store end,
  __index = function(_, k) log[#log + 1] = "get" .. tostring(k); return store[k] end,
  __newindex = function(_, k, v) log[#log + 1] = "set" .. tostring(k); store[k] = v end,
})
print(table.remove(t, 1))
print(table.concat(log, " "))
print(#store, store[1], store[2], store[3])
