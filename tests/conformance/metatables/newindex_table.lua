local store = {}
local t = setmetatable({}, {__newindex = store})
t.a = 1
print(rawget(t, "a"), store.a)
rawset(t, "b", 2)
print(rawget(t, "b"), store.b)
t.b = 3
print(rawget(t, "b"), store.b)
local chained_store = {}
local middle = setmetatable({}, {__newindex = chained_store})
local outer = setmetatable({}, {__newindex = middle})
outer.x = "deep"
print(rawget(outer, "x"), rawget(middle, "x"), chained_store.x)
