local t = {}
t[1] = "int"
t["1"] = "str"
t[1.5] = "float"
t["1.5"] = "fstr"
print(t[1], t["1"], t[1.0], t[1.5], t["1.5"])
t["10"] = "ten"
print(t[10], t["10"], t[tonumber("10")])
local n = 0
for k, v in pairs(t) do n = n + 1 end
print(n)
