print(next({}))
print(next({10}))
local k, v = next({10}, 1)
print(k, v)
local t = {5, 6, 7}
local idx, val = next(t)
local sum = 0
while idx do sum = sum + val; idx, val = next(t, idx) end
print(sum)
print(pcall(next))
print(pcall(next, {}, "missing"))
print(select('#', next({})))
local one = {only = "v"}
print(next(one))
print(next(one, "only"))
