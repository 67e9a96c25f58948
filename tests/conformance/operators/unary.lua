print(not nil, not false, not 0, not "", not not nil)
print(-(2), - -2, - - -2)
print(~0, ~5, ~-1, ~~7)
print(#"", #"hello", #{1, 2, 3})
print(-"2", -"2.0", -"0x10")
print(not nil == true)
print(- 2 ^ 2, ~ 2 ^ 2 == -5)
local x = 5
print(-x, ~x, not x, -x ^ 2)
