local _ = 1
local _x, x_, _X1, abc_DEF_123 = 1, 2, 3, 4
print(_, _x, x_, _X1, abc_DEF_123)
local andy, orange, notice, ifx, endless, gotoo = 1, 2, 3, 4, 5, 6
print(andy + orange + notice + ifx + endless + gotoo)
local t = {}
t["end"] = "e"; t["while"] = "w"
print(t["end"], t["while"])
local Nil, True = "N", "T"
print(Nil, True)
