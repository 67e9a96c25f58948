local a, b, c = ...
local s1 = a .. b
local s2 = a .. b .. c
local s3 = "x" .. a .. "y" .. 1 .. 2.5
local s4 = (a .. b) .. c
local s5 = a .. (b .. c)
print(a .. b, c .. "z")
return s1, s2, s3, s4, s5
