local t = {a = {b = {c = {}}}}
t.a.b.c.d = 4
t["a"]["b"].e = 5
print(t.a.b.c.d, t.a.b.e)
local k = "dyn"
t[k] = {}
t[k][k .. "2"] = "v"
print(t.dyn.dyn2)
local function get() return t end
get().z = 26
get()["w"] = 23
print(t.z, t.w)
t.a.b, t.a = 1, 2
print(t.a)
