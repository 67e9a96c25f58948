local A <const> = 5
local B <const> = 2.5
local C <const> = "k"
local x = ...
if x < A then print(1) end
if A < x then print(2) end
if x == C then print(3) end
if x == A + 1 then print(4) end
local t = {[A] = 1, [C] = 2, [B] = 3}
t.k = t[C]
return A // 2, B * 2, C .. C, -A, ~A
