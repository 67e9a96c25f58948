local t, s, n = ...
local a = #t
local b = #"abc"
local c = -n
local d = - -n
local e = not t
local f = ~n
local g = ~5
local h = -(2^63)
local i = - 9223372036854775808
local j = #t + 1
return a, b, c, d, e, f, g, h, i, j
