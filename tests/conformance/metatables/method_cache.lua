-- The method cache of `__index` table chains (class hierarchies): every change that can
-- alter what a cached chain finds, with lookups hot enough to be compiled.

local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, {__index = parent}) end
  return c
end

-- o:m() n times; the last result and how many times it changed.
local function calls(o, n)
  local last, changes = nil, 0
  for _ = 1, n do
    local v = o:m()
    if v ~= last then changes = changes + 1; last = v end
  end
  return tostring(last) .. "/" .. changes
end

-- o.k n times (GETFIELD).
local function field(o, n)
  local r
  for _ = 1, n do r = o.k end
  return tostring(r)
end

local function try(f, ...)
  local ok, r = pcall(f, ...)
  if ok then return r end
  return "error: " .. tostring(r):gsub("^.-:%d+: ", "")
end

local N = 300
local A = class()
local B = class(A)
local C = class(B)
A.m = function() return "A1" end
A.k = "kA"
local o = setmetatable({}, C)
print("start", calls(o, N), field(o, N))

-- A method replaced in the class that holds it.
A.m = function() return "A2" end
print("replaced", calls(o, N))
rawset(A, "m", function() return "A3" end)
print("rawset", calls(o, N))
A.k = "kA2"
print("field replaced", field(o, N))

-- A class gains a key shadowing its parent's.
B.m = function() return "B1" end
B.k = "kB"
print("shadowed", calls(o, N), field(o, N))
-- ... and loses it again (= nil), then gets it back.
B.m = nil
B.k = nil
print("removed", calls(o, N), field(o, N))
B.m = function() return "B2" end
print("revived", calls(o, N))
rawset(B, "m", nil)
print("rawset nil", calls(o, N))
C.m = function() return "C1" end
print("own class", calls(o, N))
C.m = nil

-- setmetatable on a class changes its parent.
local A2 = class()
A2.m = function() return "A2m" end
A2.k = "kA2m"
setmetatable(B, {__index = A2})
print("new parent", calls(o, N), field(o, N))
setmetatable(B, nil)
print("no parent", try(calls, o, N), field(o, N))
setmetatable(B, {__index = A})
print("parent back", calls(o, N), field(o, N))
debug.setmetatable(B, {__index = A2})
print("debug.setmetatable", calls(o, N), field(o, N))

-- __index changed from a table to a function and back.
local mtB = getmetatable(B)
mtB.__index = function(_, k) return function() return "fn:" .. k end end
print("index function", calls(o, N), tostring(field(o, N)):sub(1, 8))
mtB.__index = A
print("index table", calls(o, N), field(o, N))
-- ... through a dynamic key (SETTABLE) and rawset.
local key = "__index"
mtB[key] = A2
print("dynamic __index", calls(o, N), field(o, N))
rawset(mtB, "__index", A)
print("rawset __index", calls(o, N), field(o, N))
mtB.__index = nil
print("__index nil", try(calls, o, N), field(o, N))
mtB.__index = A
print("__index back", calls(o, N))

-- The receiver's own metatable: its __index reassigned.
local D = {m = function() return "D" end, k = "kD"}
C.__index = D
print("receiver mt __index", calls(o, N), field(o, N))
C.__index = C
print("receiver mt __index back", calls(o, N), field(o, N))
setmetatable(o, B)
print("receiver setmetatable", calls(o, N))
setmetatable(o, C)

-- An instance field shadows the method.
o.m = function() return "own" end
print("instance", calls(o, N))
o.m = nil
print("instance removed", calls(o, N))

-- Clearing a class with next/pairs.
local E = class(A)
E.m = function() return "E" end
E.x = 1
local oe = setmetatable({}, E)
print("E", calls(oe, N))
for k in pairs(E) do if k ~= "__index" then E[k] = nil end end
print("E cleared", calls(oe, N))

-- A long chain (beyond what the compiled subroutine follows).
local deep = class()
deep.m = function() return "deep" end
deep.k = "kdeep"
local cls = deep
for _ = 1, 12 do cls = class(cls) end
local od = setmetatable({}, cls)
print("deep", calls(od, N), field(od, N))
deep.m = function() return "deep2" end
print("deep replaced", calls(od, N))
local mid = getmetatable(getmetatable(cls).__index).__index
mid.m = function() return "mid" end
print("deep shadowed", calls(od, N))

-- Many classes colliding in the cache.
local classes, objs = {}, {}
for i = 1, 3000 do
  local base = class()
  base.m = function() return i end
  local sub = class(base)
  classes[i] = base
  objs[i] = setmetatable({}, sub)
end
local function sumall()
  local s = 0
  for i = 1, #objs do s = s + objs[i]:m() end
  return s
end
print("many", sumall(), sumall())
for i = 1, #classes, 3 do classes[i].m = function() return 0 end end
print("many replaced", sumall())
for i = 2, #classes, 3 do getmetatable(objs[i]).m = function() return 1 end end
print("many shadowed", sumall())

-- Coroutines: lookups on both sides of yields and changes.
local F = class(A)
local of = setmetatable({}, F)
A.m = function() return "A4" end
local co = coroutine.wrap(function()
  for round = 1, 4 do
    coroutine.yield(round .. ":" .. calls(of, N))
  end
end)
print("co", co())
F.m = function() return "F" end
print("co", co())
F.m = nil
print("co", co())
A.m = function() return "A5" end
print("co", co())

-- Weak class tables: values cleared by the collector.
local W = setmetatable({}, {__mode = "v"})
W.__index = W
W.m = function() return "weak" end
W.keep = function() return "kept" end
local keep = W.keep
local ow = setmetatable({}, W)
print("weak", calls(ow, N))
collectgarbage()
collectgarbage()
print("weak collected", try(calls, ow, N), ow.keep())
local WP = setmetatable({}, {__mode = "k"})
WP.m = function() return "weakparent" end
local G = class(WP)
local og = setmetatable({}, G)
print("weak parent", calls(og, N))
keep = nil

-- Classes collected and new tables allocated in their place.
local total = 0
for round = 1, 30 do
  local P = class()
  for j = 1, round % 4 do P["f" .. j] = -1000 end
  P.m = function() return round end
  local Q = class(P)
  local oq = setmetatable({}, Q)
  for _ = 1, 50 do total = total + oq:m() end
  P, Q, oq = nil, nil, nil
  collectgarbage()
  local tabs = {}
  for i = 1, 50 do tabs[i] = {m = function() return -1 end, __index = false} end
end
print("collected classes", total)

-- String methods (the string metatable's __index).
local function smeth(s, n)
  local r
  for _ = 1, n do r = s:myfn() end
  return tostring(r)
end
string.myfn = function(s) return "my:" .. s end
print("string", smeth("ab", N))
string.myfn = function(s) return "my2:" .. s end
print("string replaced", smeth("ab", N))
local smt = getmetatable("")
local oldidx = smt.__index
smt.__index = setmetatable({}, {__index = oldidx})
print("string chain", smeth("cd", N), ("x"):rep(3))
rawget(smt, "__index").myfn = function() return "shadow" end
print("string shadowed", smeth("cd", N))
smt.__index = oldidx
string.myfn = nil
print("string removed", try(smeth, "ab", N))
