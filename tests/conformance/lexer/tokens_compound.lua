-- multi-character tokens that share prefixes
print(1 == 1, 1 ~= 2, 2 <= 3, 3 >= 2, 1 << 2, 8 >> 1, 7 // 2)
print(1 .. 2, "a".."b"..3)
print(~0, 5 ~ 3, -~1, ~-1)
local t = {x = 1}
print(t.x, #t, #"..")
local function f(...) return select('#', ...) end
print(f(1, 2, 3))
print(2^-2, - - 2, not not nil)
print(1 --[[ comment ]] + 1)
print(3-- 2
)
