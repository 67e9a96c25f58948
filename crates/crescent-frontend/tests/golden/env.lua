x = 1
y = x + 1
local _ENV = {print = print}
z = 3
print(z)
local function f()
  local _ENV <const> = {w = 1}
  return w
end
do
  local _ENV = setmetatable({}, {__index = _G})
  q = 1
end
return f
