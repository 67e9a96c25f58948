-- Constructors whose last item is an open call or `...` grow the array part at SETLIST
-- (within the buffer's capacity, or beyond it), with and without a hash part, across the
-- 50-item flushes, and with nil values and trailing nils.
local function f(...) return ... end
local function dump(t, n)
  local s = ""
  for i = 1, n do s = s .. " " .. tostring(t[i]) end
  return s
end

print(dump({ f(1, 2) }, 3))
print(dump({ 0, f(1, 2) }, 4))
print(dump({ 0, f(1, 2, 3) }, 5))
print(dump({ 0, f(1, nil, 3) }, 5))
print(dump({ 0, f(nil, nil) }, 4))
print(dump({ f() }, 2), #{ f() })
print(dump({ 0, f(1, 2, 3, 4, 5, 6, 7, 8, 9) }, 11))
print(dump({ x = 1, f(1, 2) }, 3))
print(dump({ x = 1, y = 2, 10, f(1, 2, 3) }, 5))
local t = { 0, f(1, 2) }
t[4] = 4
t[5] = 5
print(dump(t, 6), #t)

local items = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
  21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, f(53, 54, 55, 56, 57) }
local sum = 0
for i = 1, #items do sum = sum + items[i] end
print(#items, sum)

local function v(...) return { ... } end
local w = v(1, 2, 3)
print(#w, dump(w, 4))
w = v(nil, 2)
print(dump(w, 3))
local function pairs_of(n)
  local r = {}
  for i = 1, n do r[i] = { f(i, -i) } end
  return r
end
local acc = 0
for _, p in ipairs(pairs_of(100)) do acc = acc + p[1] * 2 + p[2] end
print(acc)
