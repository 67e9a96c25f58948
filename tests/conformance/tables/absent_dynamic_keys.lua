-- GETTABLE with non-integer keys held in registers: absent string, table, boolean and
-- float keys read as nil without metatables, and through `__index` when one is set, also
-- after a metatable gains `__index` late (its absence was cached by earlier misses).
local keys = { "alpha", "beta", {}, true, false, 2.5, "gamma" }
local names = { "alpha", "beta", "tbl", "true", "false", "2.5", "gamma" }

local function probe(t, label)
  local out = {}
  for i = 1, #keys do
    local v = t[keys[i]]
    out[#out + 1] = names[i] .. "=" .. tostring(v)
  end
  print(label, #out, out[1], out[2], out[3], out[4], out[5], out[6], out[7])
end

local plain = { alpha = 1 }
for _ = 1, 3 do probe(plain, "plain") end

local mt = {}
local withmt = setmetatable({ beta = 2 }, mt)
for _ = 1, 3 do probe(withmt, "mt-no-index") end
mt.__index = function(_, k) return "idx:" .. tostring(type(k)) end
for _ = 1, 2 do probe(withmt, "mt-fn-index") end
mt.__index = { gamma = "from-proto", alpha = "proto-alpha" }
for _ = 1, 2 do probe(withmt, "mt-tbl-index") end
mt.__index = nil
for _ = 1, 2 do probe(withmt, "mt-index-removed") end

-- Keys whose node exists with a nil value (assigned then cleared).
local cleared = { alpha = 1, beta = 2 }
local tk = keys[3]
cleared[tk] = 3
cleared.alpha = nil
cleared[tk] = nil
for _ = 1, 2 do probe(cleared, "cleared") end
setmetatable(cleared, { __index = function(_, k) return "late" end })
for _ = 1, 2 do probe(cleared, "cleared-mt") end

-- Integer keys beyond the array part, and in the hash part.
local arr = { 10, 20, 30 }
arr[100] = 1000
for i = 0, 5 do print("arr", i, arr[i], arr[i + 98]) end
setmetatable(arr, { __index = function(_, k) return -k end })
for i = 0, 5 do print("arr-mt", i, arr[i], arr[i + 98]) end
