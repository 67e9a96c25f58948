-- Stores into absent fields and nil-valued fields of objects whose metatable lacks
-- `__newindex` are raw; adding `__newindex` later (by assignment, rawset or a new metatable)
-- must be seen at once by the same store sites, inside loops the JIT compiles early.
local log = {}
local mt = {}
local function fill(o, n)
  for i = 1, n do
    o.x = i          -- SETFIELD
    o[i] = i * 2     -- SETTABLE/SETI integer keys
    o["k" .. (i % 3)] = i  -- SETTABLE string keys
  end
  return o
end
local a = setmetatable({}, mt)
fill(a, 5)
print(a.x, a[5], a.k0, a.k1, a.k2, #log)
a.x = nil; a[5] = nil; a.k1 = nil
mt.__newindex = function(t, k, v) log[#log + 1] = tostring(k) .. "=" .. tostring(v) end
fill(a, 6)
print(a.x, a[5], a[6], a.k0, a.k1, a.k2, #log)
print(log[1], log[2], log[3], log[#log])
mt.__newindex = nil
local b = setmetatable({}, mt)
fill(b, 4)
print(b.x, b[4], #log)
rawset(mt, "__newindex", function(t, k, v) rawset(t, k, v == nil and "nil" or v + 1000) end)
local c = setmetatable({}, mt)
fill(c, 3)
print(c.x, c[1], c[3], c.k0)
-- A metatable swapped for one with __newindex.
local d = setmetatable({}, {})
fill(d, 2)
d.x = nil
setmetatable(d, {__newindex = function(t, k, v) rawset(t, k, "via") end})
fill(d, 3)
print(d.x, d[3], d.k0)
