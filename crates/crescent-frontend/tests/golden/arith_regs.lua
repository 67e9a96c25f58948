local a, b, c = ...
local r1 = a + b
local r2 = a - b
local r3 = a * b
local r4 = a / b
local r5 = a % b
local r6 = a ^ b
local r7 = a // b
local r8 = -a
local r9 = #c
return r1 + r2 * r3 - r4 / r5 % r6 ^ r7 // r8, r9
