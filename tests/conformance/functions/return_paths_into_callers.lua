-- Returns into a calling Lua function through every path: one value wanted, none, all,
-- more than returned (nil padding), vararg callees, tail calls of Lua and native
-- functions (fixed and variable argument counts), returns after the value stack grew
-- (deep recursion below the call), and returns to callers called from library code.
local function one(x) return x end
local function none() end
local function two(a, b) return a, b end
local function va(...) return ... end
local function va1(...) local a = ... return a end
local function tl(x) return one(x) end
local function tn(x) return tostring(x) end
local function tv(...) return one(va(...)) end
local function deep(n) if n == 0 then return 0 end return 1 + deep(n - 1) end
local function grow(x) deep(3000) return x, x + 1 end
local bigt = {}
for i = 1, 20000 do bigt[i] = i end
-- the value stack is reallocated under the caller (a native call needing 20000 slots)
local function growu(x) local n = select("#", table.unpack(bigt)) return x + n end

local acc = 0
for i = 1, 300 do
  local a = one(i)
  local b, c = one(i)
  local d, e, f = two(i, i + 1)
  local g = none()
  local h, j = va(i, i * 2, i * 3)
  local k = va1(i, 9)
  local l, m = tl(i)
  local n = tn(i)
  local o = tv(i, 5)
  local p, q = grow(i)
  local u = growu(i)
  local r = select("#", none())
  local s = select("#", two(i, nil))
  local t = { va(1, 2, 3, i) }
  assert(a == i and b == i and c == nil and d == i and e == i + 1 and f == nil)
  assert(g == nil and h == i and j == i * 2 and k == i and l == i and m == nil)
  assert(n == tostring(i) and o == i and p == i and q == i + 1 and r == 0 and s == 2)
  assert(#t == 4 and t[4] == i and u == i + 20000)
  acc = acc + a + d + e + h + k + l + o + p + q
end
print(acc)
-- Called from library code: pcall, sort comparators, gsub callbacks, metamethods.
print(pcall(one, 7), pcall(two, 1, 2), select("#", pcall(none)))
local arr = { 5, 3, 9, 1, 7 }
table.sort(arr, function(x, y) return one(x) < one(y) end)
print(table.concat(arr, " "))
print((string.gsub("abc", "%w", function(ch) return tl(ch:upper()) end)))
local mt = { __index = function(_, key) return tl(key .. "!") end,
             __add = function(x, y) return two(rawlen(x) + rawlen(y), 0) end }
local obj = setmetatable({ 1, 2 }, mt)
print(obj.hello, obj + obj)
-- Errors raised below a compiled caller unwind through it.
local function bad(x) if x > 2 then error("bad " .. x) end return x end
local function calls_bad(x) local v = bad(x) return v + 1 end
for i = 1, 4 do print(pcall(calls_bad, i)) end
