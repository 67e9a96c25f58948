goto f
local x = 1
::f::
print(x)
