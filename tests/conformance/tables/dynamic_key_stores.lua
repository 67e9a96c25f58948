-- SETTABLE with keys held in registers: new and existing string keys, keys whose value was
-- cleared, table/boolean/float keys, integers outside the array part, invalid keys, and
-- metatables whose `__newindex`/`__index` arrive through such stores after their absence
-- was cached by earlier accesses.
local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

local t = {}
local skeys = { "a", "b", "c", "a", "d", "b" }
for i = 1, #skeys do
  local k = skeys[i]
  t[k] = (t[k] or 0) + i
end
print("strings", t.a, t.b, t.c, t.d, count(t))
t.a = nil
local ka = "a"
t[ka] = "back"
print("revived", t.a, count(t))

local tk, fk = {}, function() end
local o = {}
o[tk] = 1
o[fk] = 2
o[true] = 3
o[false] = 4
o[2.5] = 5
o[3.0] = 6
o[-7] = 7
o[2 ^ 40] = 8
print("others", o[tk], o[fk], o[true], o[false], o[2.5], o[3], o[-7], o[2 ^ 40], count(o))
o[tk] = nil
o[tk] = 9
print("table key again", o[tk], count(o))

local arr = { 1, 2, 3 }
for i = 4, 40 do
  local k = i
  arr[k] = i * 10
end
arr[1000] = 1
print("ints", #arr, arr[40], arr[1000], count(arr))

for _, bad in ipairs({ "nil", "nan" }) do
  local k
  if bad == "nan" then k = 0 / 0 end
  local ok, err = pcall(function() local x = {} x[k] = 1 end)
  print("invalid", bad, ok, err)
  ok, err = pcall(function() local x = {} x[k] = nil end)
  print("invalid nil value", bad, ok, err)
end

-- `__newindex` added to a metatable whose absence was cached.
local log = {}
local mt = {}
local obj = setmetatable({}, mt)
local names = { "x", "y", "z" }
for i = 1, 3 do
  local k = names[i]
  obj[k] = i
end
print("before newindex", obj.x, obj.y, obj.z, rawget(obj, "z"))
local nk = "__newindex"
mt[nk] = function(tt, k, v) log[#log + 1] = tostring(k) .. "=" .. tostring(v); rawset(tt, k, v * 100) end
for i = 1, 3 do
  local k = names[i] .. "2"
  obj[k] = i
end
obj.x = 7
print("after newindex", obj.x, obj.x2, obj.y2, obj.z2, #log, log[1], log[2], log[3])

-- `__index` stored under a register key into a metatable used by earlier misses.
local mt2 = {}
local obj2 = setmetatable({}, mt2)
local key = "missing"
for _ = 1, 3 do print("miss", obj2[key]) end
local ik = "__index"
mt2[ik] = function(_, k) return "via " .. k end
print("hit", obj2[key])
mt2[ik] = nil
print("miss again", obj2[key])

-- Table keys into a table with a metatable without `__newindex`.
local plainmt = setmetatable({}, { __index = function() return "dflt" end })
local kk = {}
print("before", plainmt[kk])
plainmt[kk] = "set"
print("after", plainmt[kk], count(plainmt))
