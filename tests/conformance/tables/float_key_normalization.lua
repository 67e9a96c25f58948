local t = {}
t[1.0] = "one"
print(t[1], t[1.0], rawget(t, 1))
t[2] = "two"
print(t[2.0])
t[2^53] = "big"
print(t[2^53 | 0], t[9007199254740992])
t[1.5] = "frac"
print(t[1.5], t[1])
t[-0.0] = "zero"
print(t[0], t[0.0])
local n = 0
for k in pairs(t) do n = n + 1 end
print(n)
for k, v in pairs({[3.0] = "x"}) do print(k, v) end
print(#{[1.0] = "a", [2.0] = "b"})
