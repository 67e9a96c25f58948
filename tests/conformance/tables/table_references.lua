local a = {v = 1}
local b = a
b.v = 2
print(a.v, a == b)
local function mutate(t) t.v = t.v + 1 end
mutate(a)
print(b.v)
local c = {v = 3}
print(a == c, a.v == c.v)
local list = {a, a, c}
list[1].v = 100
print(list[2].v, list[3].v)
local self_ref = {}
self_ref.me = self_ref
print(self_ref.me.me.me == self_ref)
