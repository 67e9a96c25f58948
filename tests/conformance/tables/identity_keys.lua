-- Tables and functions as keys: lookups through collision chains of growing
-- hash parts, absent keys (nil, or `__index` when set), removed keys, and keys mixed with
-- integer and string keys.
local keys = {}
for i = 1, 200 do
  if i % 3 == 0 then keys[i] = function() return i end
  elseif i % 7 == 0 then keys[i] = setmetatable({}, {})
  else keys[i] = {} end
end

local t = {}
local sums = {}
for n = 1, 200 do
  t[keys[n]] = n
  if n % 25 == 0 then
    local s = 0
    for i = 1, 200 do
      local v = t[keys[i]]
      if v then s = s + v end
    end
    sums[#sums + 1] = s
  end
end
local line = ""
for i = 1, #sums do line = line .. sums[i] .. " " end
print(line)

for i = 1, 200, 2 do t[keys[i]] = nil end
local present, absent = 0, 0
for i = 1, 200 do
  if t[keys[i]] == nil then absent = absent + 1 else present = present + t[keys[i]] end
end
print("after removal", present, absent)

t[1] = "one"
t.name = "n"
t[keys[1]] = "back"
print(t[1], t.name, t[keys[1]], t[keys[2]], t[{}])

setmetatable(t, { __index = function(_, k) return type(k) end })
local kinds = ""
for i = 1, 12 do
  local v = t[keys[i]]
  kinds = kinds .. tostring(v) .. " "
end
print(kinds)
print(t[{}], t[print], t[tostring])
