local print = print
do
  local _ENV = {y = 5}
  x = 10
  print(x, y, _ENV.x)
end
print(x)
local function with_env()
  local _ENV = setmetatable({}, {__index = _G})
  gvar = "in private env"
  return gvar, _G.gvar
end
print(with_env())
local saved = _ENV
local e = {print = print}
local function f() return a_global end
_ENV = e
a_global = 7
print(f(), saved.a_global)
