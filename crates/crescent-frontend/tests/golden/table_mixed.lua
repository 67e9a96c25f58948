local f = ...
local t1 = {}
local t2 = {1, 2, 3}
local t3 = {x = 1, y = 2, z = 3}
local t4 = {1, x = 2, 3, [4] = 5, ["k"] = 6, [f] = 7}
local t5 = {f()}
local t6 = {f(), f()}
local t7 = {f(), nil}
local t8 = {...}
local t9 = {{}, {{}}, {1, {2, {3}}}}
local t10 = {[1] = 1, [2] = 2, [300] = 3, [-1] = 4, [1.5] = 5}
local t11 = {a = {b = {c = 1}}}
local t12 = {1, 2; 3; x = 1,}
return t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12
