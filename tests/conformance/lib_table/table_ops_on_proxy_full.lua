local store = {}
local proxy = setmetatable({}, {
  __len = function() return #store end,
  __index = function(_, k) return store[k] end,
  __newindex = function(_, k, v) rawset(store, k, v) end,
})
for i = 1, 5 do table.insert(proxy, i * 10) end
table.insert(proxy, 1, 5)
print(table.concat(proxy, " "))
print(table.remove(proxy), table.remove(proxy, 1))
table.sort(proxy, function(a, b) return a > b end)
print(table.concat(store, " "))
print(table.unpack(proxy))
print(rawlen(proxy), #proxy)
