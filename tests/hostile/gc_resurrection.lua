-- hostile: finalizers that resurrect their object, re-register finalizers, chain new finalizable objects, and touch weak tables
-- exit: 0
-- oracle: same
local saved
do
  local obj = setmetatable({name = "zombie"}, {__gc = function(o) saved = o end})
end
collectgarbage()
print(saved and saved.name)
saved = nil
collectgarbage()
-- each finalizer creates the next finalizable object
local count = 0
local mt = {}
mt.__gc = function(o) count = count + 1 if o.n < 50 then setmetatable({n = o.n + 1}, mt) end end
setmetatable({n = 1}, mt)
for i = 1, 60 do collectgarbage() end
print(count)
-- resurrection into a weak table: weak values are cleared before finalizers run
local weak = setmetatable({}, {__mode = "v"})
local keep = setmetatable({}, {__mode = "k"})
do
  local o = setmetatable({}, {__gc = function(o) _G.RESURRECTED = o end})
  weak[1] = o
  keep[o] = "key"
end
collectgarbage()
print(weak[1], type(RESURRECTED), keep[RESURRECTED])
RESURRECTED = nil
collectgarbage()
collectgarbage()
local n = 0 for _ in pairs(keep) do n = n + 1 end
print(n)
-- a finalizer that sets a new metatable with __gc on itself: runs only once
local runs = 0
do
  local m = {}
  m.__gc = function(o) runs = runs + 1 setmetatable(o, m) end
  setmetatable({}, m)
end
for i = 1, 5 do collectgarbage() end
print(runs)
-- many resurrected objects kept alive, then dropped
local pool = {}
for i = 1, 10000 do setmetatable({i}, {__gc = function(o) pool[#pool + 1] = o end}) end
collectgarbage()
local sum = 0 for _, o in ipairs(pool) do sum = sum + o[1] end
print(#pool, sum)
pool = nil
collectgarbage()
print("done")
