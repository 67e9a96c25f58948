-- Constant and variable integer indexes that miss (empty tables, holes, hash-part and
-- float keys, __index on a metatable set or changed later): the JIT fast paths agree.
local function g1(t) return t[1] end
local function g3(t) return t[3] end
local function g0(t) return t[0] end
local function gk(t, k) return t[k] end
local mt = setmetatable({}, {__index = function(t, k) return "idx" .. tostring(k) end})
local mt2 = setmetatable({1}, {__index = {10, 20, 30}})
local nomt = setmetatable({}, {__newindex = function() end})
local h = {} h[3] = "hash3" h[1] = "hash1"
local holes = {1, nil, 3}
local big = {} for i = 1, 10 do big[i] = i end big[3] = nil
local f = {} f[1.0] = "float1"
local cases = {{}, {false}, mt, mt2, nomt, h, holes, big, f, {n = 1}, {[2] = 2}}
for r = 1, 3 do
  for ci, t in ipairs(cases) do
    print(r, ci, g1(t), g3(t), g0(t), gk(t, 1), gk(t, 2), gk(t, 3), gk(t, 3.0), gk(t, 11))
  end
  -- change metatables between rounds
  getmetatable(nomt).__index = function() return "late" end
  setmetatable(h, {__index = function() return "hmt" end})
end
