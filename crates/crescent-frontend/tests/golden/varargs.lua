local function f(...)
  local a, b = ...
  local t = {...}
  local n = select('#', ...)
  local x = ...
  print(...)
  print(..., 1)
  print(1, ...)
  return ..., n
end
local function g(a, b, ...)
  return a, b, select(2, ...)
end
local function h(...) return (...) end
print(f(1, 2, 3), g(1, 2, 3, 4), h())
