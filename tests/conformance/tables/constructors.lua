local t = {1, 2, 3; 4, n = 5, ["key with space"] = 6, [10] = 7, [1 + 1] = "overridden?",}
print(t[1], t[2], t[3], t[4], t.n, t["key with space"], t[10])
local function mr() return "a", "b", "c" end
local u = {mr(), mr()}
print(#u, u[1], u[2], u[4])
local v = {mr(), (mr())}
print(#v, v[1], v[2], v[3])
local w = {mr(), x = 1}
print(#w, w[1], w[2])
local nested = {{1, 2}, {3, {4, 5}}}
print(nested[2][2][2], #nested, #nested[2])
local empty = {}
print(#empty, next(empty))
local dup = {x = 1, x = 2}
print(dup.x)
local k = "dyn"
local d = {[k] = 1, [k .. "2"] = 2}
print(d.dyn, d.dyn2)
