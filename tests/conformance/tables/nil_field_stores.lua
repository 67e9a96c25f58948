-- Stores of nil to absent constant-string fields: no key is created (constructors with nil
-- fields, plain tables, tables whose metatable has no `__newindex`), while `__newindex` still
-- sees them; a later non-nil store creates the key.
local function keys(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

for i = 1, 3 do
  local t = { parent = nil, bb = nil, loop = nil, n = i }
  print("ctor", keys(t), t.parent, t.n, next(t))
  t.parent = nil
  t.extra = nil
  print("nil stores", keys(t))
  t.parent = t
  t.extra = i
  print("real stores", keys(t), t.parent == t, t.extra)
  t.parent = nil
  print("cleared", keys(t), t.parent)
end

local Class = {}
Class.__index = Class
for i = 1, 3 do
  local o = setmetatable({ a = nil, b = i }, Class)
  o.c = nil
  o.d = nil
  print("obj", keys(o), o.a, o.b, o.c)
  o.c = "c"
  print("obj c", keys(o), o.c)
end

local seen = {}
local Watch = { __newindex = function(t, k, v) seen[#seen + 1] = k .. ":" .. tostring(v); rawset(t, k, v) end }
for i = 1, 2 do
  local w = setmetatable({}, Watch)
  w.x = nil
  w.y = i
  w.z = nil
  print("watched", keys(w), w.x, w.y, #seen, seen[#seen - 2], seen[#seen - 1], seen[#seen])
end

-- A metatable gaining `__newindex` after nil stores were skipped.
local late = {}
local lo = setmetatable({}, late)
for i = 1, 2 do lo.q = nil end
late.__newindex = function(_, k, v) print("late newindex", k, v) end
lo.q = nil
lo.r = 5
print("late", keys(lo), rawget(lo, "r"))
