local t = {}
local f = function() end
local k = {}
t[true] = "true"; t[false] = "false"; t[f] = "func"; t[k] = "table"; t[print] = "builtin"
print(t[true], t[false], t[f], t[k], t[print], t[{}])
t[1] = "int"; t["1"] = "string"; t[-1] = "neg"; t[0] = "zero"
print(t[1], t["1"], t[-1], t[0])
t[9223372036854775807] = "max"; t[-9223372036854775807 - 1] = "min"
print(t[9223372036854775807], t[-9223372036854775807 - 1], t[2^63])
local count = 0
for _ in pairs(t) do count = count + 1 end
print(count)
