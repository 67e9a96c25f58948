-- comparisons do not chain: 'a < b < c' compares a boolean with c
print(pcall(function() return 1 < 2 < 3 end))
print(1 == 1 == true, 1 == 2 == false, (1 < 2) == true)
print(pcall(function() return 1 < 2 == 2 < 3 end))
print("a" == "a" ~= false)
local x = 5
print(x > 1 and x < 10, 1 < x and x < 3)
