-- Growth from an empty table's first key and appends past a full array part (the rehash
-- shortcuts), checked against borders (`#`) and contents, including arrays with holes,
-- tables with hash parts, and keys arriving out of order.
local function sum(t)
  local n, s = 0, 0
  for k, v in pairs(t) do
    n = n + 1
    s = s + v
  end
  return n, s
end

local function show(label, t)
  local n, s = sum(t)
  print(label, #t, n, s)
end

-- First keys of empty tables.
local firsts = { 1, 2, 0, -1, 3, 1.0, 2.0, 2^53 }
for i = 1, #firsts do
  local t = {}
  t[firsts[i]] = 7
  show("first " .. tostring(firsts[i]), t)
  t[1] = 1
  show("  then 1", t)
  t[2] = 2
  show("  then 2", t)
end
local s = {}
s.x = 5
show("first string", s)
s[1] = 1
show("  then 1", s)

-- Appends, one at a time, with borders after each step.
local a = {}
local line = {}
for i = 1, 40 do
  a[#a + 1] = i
  line[#line + 1] = #a
end
print("appends", #a, sum(a))

-- Appends to constructor-sized arrays (sizes that are not powers of two).
for n = 1, 9 do
  local t = { 1, 2, 3, 4, 5, 6, 7, 8, 9 }
  for i = n + 1, 9 do t[i] = nil end
  for i = n + 1, n + 5 do t[i] = i end
  show("ctor " .. n, t)
end

-- An array with a hole: the next key is not an append to a full array.
local h = { 1, 2, 3, 4 }
h[2] = nil
h[5] = 5
show("hole", h)
h[6] = 6
h[2] = 2
show("filled", h)

-- An array part plus a hash part, then appends.
local m = { 1, 2 }
m.k = 10
m[3] = 3
m[4] = 4
m[5] = 5
show("mixed", m)

-- Keys arriving in reverse order, then the missing first one.
local r = {}
for i = 8, 2, -1 do r[i] = i end
show("reverse", r)
r[1] = 1
show("reverse+1", r)

-- Removing from the end, then appending again.
local p = {}
for i = 1, 16 do p[i] = i end
for i = 16, 10, -1 do p[i] = nil end
show("popped", p)
for i = 10, 20 do p[#p + 1] = i end
show("repushed", p)
