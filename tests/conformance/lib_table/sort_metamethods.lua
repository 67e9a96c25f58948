local mt = {__lt = function(a, b) return a.v < b.v end}
local t = {}
for i, v in ipairs({4, 1, 3, 2}) do t[i] = setmetatable({v = v}, mt) end
table.sort(t)
for _, o in ipairs(t) do io.write(o.v, " ") end
print()
local store = {"c", "a", "b"}
local proxy = setmetatable({}, {
  __len = function() return #store end,
  __index = function(_, k) return store[k] end,
  __newindex = function(_, k, v) store[k] = v end,
})
table.sort(proxy)
print(table.concat(store, ","))
