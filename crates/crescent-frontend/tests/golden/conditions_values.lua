local a, b = ...
local x = a > b
local y = a == 1
local z = not (a < b)
local w = a and b > 1
local v = (a or b) == 2
local u = a ~= b and a or b
return x, y, z, w, v, u
