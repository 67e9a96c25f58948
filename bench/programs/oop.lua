-- OOP through metatables: a three-level class hierarchy with inherited and overridden
-- methods through __index chains, super calls, closure-based objects, and operator
-- metamethods (__add, __eq, __lt, __le, __index function, __newindex, __call, __concat,
-- __unm; not __len on tables, which LuaJIT (Lua 5.1) ignores). `arg[1]` rounds.
local rounds = tonumber(arg and arg[1]) or 200

local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, { __index = parent }) end
  return c
end

local Shape = class()
function Shape.new(x, y) return setmetatable({ x = x, y = y }, Shape) end
function Shape:move(dx, dy) self.x = self.x + dx; self.y = self.y + dy; return self end
function Shape:area() return 0 end
function Shape:describe() return self:kind() .. "@" .. self.x .. "," .. self.y end
function Shape:kind() return "shape" end

local Rect = class(Shape)
function Rect.new(x, y, w, h)
  local o = Shape.new(x, y)
  o.w, o.h = w, h
  return setmetatable(o, Rect)
end
function Rect:area() return self.w * self.h end
function Rect:kind() return "rect" end

local Square = class(Rect)
function Square.new(x, y, s) return setmetatable(Rect.new(x, y, s, s), Square) end
function Square:kind() return "square" end
function Square:area() return Rect.area(self) + 0 end

local Circle = class(Shape)
function Circle.new(x, y, r)
  local o = Shape.new(x, y)
  o.r = r
  return setmetatable(o, Circle)
end
function Circle:area() return 3 * self.r * self.r end
function Circle:kind() return "circle" end

-- a value type with operators
local V = {}
V.__index = V
local function v2(x, y) return setmetatable({ x = x, y = y }, V) end
V.__add = function(a, b) return v2(a.x + b.x, a.y + b.y) end
V.__unm = function(a) return v2(-a.x, -a.y) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a.x * a.x + a.y * a.y < b.x * b.x + b.y * b.y end
V.__le = function(a, b) return not (b < a) end
function V:sum() return self.x + self.y end
V.__concat = function(a, b)
  if getmetatable(a) == V then a = "(" .. a.x .. ")" end
  if getmetatable(b) == V then b = "(" .. b.x .. ")" end
  return a .. b
end
V.__call = function(self, k) return self.x * k + self.y end

-- proxy with __index/__newindex functions (counts accesses)
local function proxy(target)
  local stats = { reads = 0, writes = 0 }
  local p = setmetatable({}, {
    __index = function(_, k) stats.reads = stats.reads + 1; return target[k] end,
    __newindex = function(_, k, v) stats.writes = stats.writes + 1; target[k] = v end,
  })
  return p, stats
end

-- closure-based counter object
local function counter()
  local n = 0
  return { inc = function(k) n = n + (k or 1); return n end, get = function() return n end }
end

local checksum = 0
local function mix(v) checksum = (checksum * 31 + v) % 1000000007 end

for round = 1, rounds do
  local shapes = {}
  for i = 1, 300 do
    local k = i % 3
    if k == 0 then shapes[i] = Rect.new(i, round, i % 7 + 1, i % 5 + 1)
    elseif k == 1 then shapes[i] = Square.new(round, i, i % 9 + 1)
    else shapes[i] = Circle.new(i, i, i % 4 + 1) end
  end
  local area = 0
  for step = 1, 10 do
    for i = 1, #shapes do
      local s = shapes[i]
      s:move(1, step)
      area = area + s:area()
    end
  end
  mix(area % 1000000007)
  mix(#shapes[round % 300 + 1]:describe())

  local acc = v2(0, 0)
  for i = 1, 500 do
    local p = v2(i % 17, i % 13)
    acc = acc + p
    if p < acc and not (p == acc) and p <= acc then acc = acc + -v2(1, 1) end
  end
  mix(acc.x); mix(acc.y); mix(acc:sum()); mix(acc(3)); mix(#(acc .. "!"))

  local p, stats = proxy({})
  for i = 1, 500 do p[i % 50] = i end
  local ps = 0
  for i = 1, 500 do ps = ps + (p[i % 50] or 0) end
  mix(ps); mix(stats.reads); mix(stats.writes)

  local c = counter()
  for i = 1, 1000 do c.inc(i % 3) end
  mix(c.get())
end
print(string.format("rounds %d checksum %d", rounds, checksum))
