-- Table keys and interned strings of every length around the hash's word boundaries (8,
-- 16, 40 and 41 bytes): inserted, found again when built another way, removed, counted.
local t, n = {}, 0
local function key(len, v)
  local parts = {}
  for i = 1, len do parts[i] = string.char(65 + (v * 7 + i * 13) % 26) end
  return table.concat(parts)
end
for len = 1, 70 do
  for v = 1, 30 do
    local k = key(len, v)
    if t[k] == nil then n = n + 1 end
    t[k] = len * 1000 + v
  end
end
local found, wrong = 0, 0
for len = 1, 70 do
  for v = 1, 30 do
    -- the same bytes built differently (concatenation, sub, rep, format)
    local k = key(len, v)
    local k2 = k:sub(1, len // 2) .. k:sub(len // 2 + 1)
    local k3 = string.format("%s", k)
    if t[k2] ~= nil then found = found + 1 end
    if t[k2] ~= t[k] or t[k3] ~= t[k] then wrong = wrong + 1 end
  end
end
print(n, found, wrong)
-- strings differing in a single byte anywhere are different keys
local base = string.rep("x", 50)
local single = {}
for len = 1, 50 do
  for pos = 1, len do
    local s = base:sub(1, pos - 1) .. "y" .. base:sub(pos + 1, len)
    single[s] = (single[s] or 0) + 1
  end
end
local distinct, total = 0, 0
for _, c in pairs(single) do distinct = distinct + 1; total = total + c end
print(distinct, total)
-- removal with next() in between, and equality of strings made apart
local removed = 0
for len = 1, 70, 3 do
  for v = 1, 30, 2 do
    t[key(len, v)] = nil
    removed = removed + 1
  end
end
local left = 0
for _ in pairs(t) do left = left + 1 end
print(removed, left, left + removed == n)
print(key(8, 1) == key(4, 1) .. key(8, 1):sub(5), key(41, 3) == key(41, 3):sub(1, 41))
