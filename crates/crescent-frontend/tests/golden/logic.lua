local a, b, c = ...
local x = a and b
local y = a or b
local z = a and b or c
local w = not a
local v = not not a
local u = (a and b) or (c and a)
local t = a == b and c or nil
local s = a and 1 or 2
local r = nil and a
local q = false or a
local p = 1 and a
local o = not nil
local n = not 1
if a and b then x = 1 end
if a or b then x = 2 end
if not (a and b) then x = 3 end
if a == nil then x = 4 end
while a and not b do a = c end
return x, y, z, w, v, u, t, s, r, q, p, o, n
