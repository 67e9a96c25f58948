local nan = 0/0
print(nan, -nan, -(0/0))
print(nan ~= nan, nan == nan)
print(tostring(0/0), tostring(-(0/0)))
print((1e309) - (1e309), 1e309 * 0)
print(0/0 .. "")
local t = {}
print(pcall(function() t[0/0] = 1 end))
print(t[0/0])
