print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
print(1.0 // 0, 1 // 0.0, 1.0 % 0 ~= 1.0 % 0)
local zero = 0
print("before")
print(10 // zero)
print("not reached")
