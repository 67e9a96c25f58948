-- The collector and setmetatable cache the absence of __gc and __mode in a metatable's
-- flags; a key added (or revived after being set to nil) later must be seen.
local log = {}
local function fin(o) log[#log + 1] = o.name end

-- __gc added after the metatable was used without one: later objects are finalized,
-- earlier ones are not (the field must be present at setmetatable time).
local mt = {}
local a = setmetatable({ name = "a" }, mt)
mt.__gc = fin
local b = setmetatable({ name = "b" }, mt)
a, b = nil, nil
collectgarbage()
collectgarbage()
print("gc added:", #log, log[1])

-- __gc removed then revived through the same (dead) key.
local mt2 = { __gc = fin }
mt2.__gc = nil
local c = setmetatable({ name = "c" }, mt2)
rawset(mt2, "__gc", fin)
local d = setmetatable({ name = "d" }, mt2)
mt2.__gc = nil
mt2.__gc = fin
local e = setmetatable({ name = "e" }, mt2)
c, d, e = nil, nil, nil
log = {}
collectgarbage()
local names = {}
for i = 1, #log do names[#names + 1] = log[i] end
print("revived:", #log, names[1], names[2])

-- __mode added after collections saw the metatable without one.
local wm = {}
local weak = setmetatable({}, wm)
weak[1] = {}
collectgarbage()
print("strong:", weak[1] ~= nil)
wm.__mode = "v"
collectgarbage()
print("weak values:", weak[1] == nil)

-- __mode removed: the table is strong again.
wm.__mode = nil
weak[2] = {}
collectgarbage()
print("strong again:", weak[2] ~= nil)
wm.__mode = "k"
weak[{}] = 1
collectgarbage()
local n = 0
for k in pairs(weak) do if type(k) == "table" then n = n + 1 end end
print("weak keys:", n, weak[2] ~= nil)

-- a protected metatable cannot be replaced, an unprotected one can.
local p = setmetatable({}, { __metatable = "locked" })
print(pcall(setmetatable, p, {}))
local q = setmetatable({}, {})
print((pcall(setmetatable, q, nil)), getmetatable(q))
local pm = {}
local r = setmetatable({}, pm)
pm.__metatable = false
print(pcall(setmetatable, r, {}))
