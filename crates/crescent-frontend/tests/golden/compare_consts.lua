local x, y = ...
local r = {}
r[1] = x < 1
r[2] = 1 < x
r[3] = x <= 127
r[4] = x > 128
r[5] = x >= -128
r[6] = x == "s"
r[7] = x ~= nil
r[8] = x == 1.5
r[9] = x < 1000.0
r[10] = x >= 2.0
r[11] = 3 == x
r[12] = "a" == x
r[13] = x == true
r[14] = x ~= false
r[15] = x < y
r[16] = x >= y
r[17] = x == y
r[18] = x ~= y
r[19] = x > 1e300
r[20] = 1.0 < x
return r
