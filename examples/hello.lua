-- A first program: closures, integers and floats, metatables.
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c = counter()
c(); c()
print("Hello from " .. _VERSION .. "!", c(), 7 // 2, 7 / 2, 2^53)

local Point = {}
Point.__index = Point
Point.__add = function(a, b) return setmetatable({x = a.x + b.x, y = a.y + b.y}, Point) end
Point.__tostring = function(p) return "(" .. p.x .. ", " .. p.y .. ")" end
local function P(x, y) return setmetatable({x = x, y = y}, Point) end
print(tostring(P(1, 2) + P(3, 4.5)))
