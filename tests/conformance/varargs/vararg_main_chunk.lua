local n = select('#', ...)
print(n)
local a = ...
print(a)
print(...)
