-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
local mt = {__lt = function(a, b) return a.v < b.v end}
local t = {}
for i, v in ipairs({4, 1, 3, 2}) do t[i] = setmetatable({v = v}, mt) end
table.sort(t)
for _, o in ipairs(t) do write(o.v, " ") end
flush()
local store = {"c", "a", "b"}
local proxy = setmetatable({}, {
  __len = function() return #store end,
  __index = function(_, k) return store[k] end,
  __newindex = function(_, k, v) store[k] = v end,
})
table.sort(proxy)
print(table.concat(store, ","))
