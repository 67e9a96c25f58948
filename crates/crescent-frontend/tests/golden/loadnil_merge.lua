local a, b
local c
local d = nil
a = nil; b = nil
local e; local f = nil; local g
return a, b, c, d, e, f, g
