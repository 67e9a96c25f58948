local t = {}
t[0] = "zero"
t[-1] = "minus one"
t[1] = "one"
print(#t, t[0], t[-1])
for i, v in ipairs(t) do print(i, v) end
local u = {[0] = "a", "b", "c"}
print(#u, u[0], u[1], u[2])
