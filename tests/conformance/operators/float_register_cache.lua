-- Chains of float operations (which JIT code keeps in machine registers as well as in the
-- frame) interrupted by everything that can change or observe a register behind the
-- compiled code's back: metamethods, debug.setlocal from a metamethod, integers and
-- strings arriving at float-first sites, yields in the middle of a chain, more live values
-- than machine registers, branch targets inside a chain, -0.0 and NaN.

-- 1. debug.setlocal from an __index function changes a cached local of its caller.
local hook = setmetatable({}, { __index = function(t, k)
  if k == "poke" then debug.setlocal(2, 4, 100.5) end
  return 0.25
end })
local plain = { poke = 0.25 }
local function chain(t, x, y)
  local a = x * 1.5
  local b = a + y
  local v = t.poke
  local c = a * 2.0 + b + v
  return c, a
end
local acc = 0.0
for i = 1, 400 do acc = acc + chain(plain, i * 0.5, 0.25) end
print(acc)
print(chain(plain, 3.0, 1.0))
print(chain(hook, 3.0, 1.0))

-- 2. Arithmetic metamethods in the middle of a float chain.
local V = {}
V.__add = function(p, q)
  local pv = type(p) == "table" and p.v or p
  local qv = type(q) == "table" and q.v or q
  return pv + qv + 0.125
end
V.__mul = function(p, q)
  local pv = type(p) == "table" and p.v or p
  local qv = type(q) == "table" and q.v or q
  return pv * qv * 2
end
local function mixed(x, y, z)
  local a = x * 0.5
  local b = a + y
  local c = b * z
  local d = c + a
  local e = d * b - a
  return e
end
local s = 0.0
for i = 1, 400 do s = s + mixed(i + 0.5, 1.25, 0.75) end
print(s)
print(mixed(2.5, setmetatable({ v = 3.0 }, V), 0.75))
print(mixed(2.5, 1.25, setmetatable({ v = 0.5 }, V)))
print(mixed(2.5, 1, 3))
print(mixed(4, 2, 2))
print(mixed(2.5, "1.5", 0.75))
print(pcall(mixed, 2.5, {}, 0.75))

-- 3. Integers where only floats were seen (float-first sites take their other paths).
local function poly(x)
  local x2 = x * x
  local x3 = x2 * x
  local r = x3 - x2 + x * 3 - 7
  return r, x2 < x3, x3 <= r
end
for i = 1, 400 do poly(i / 7) end
print(poly(2.5))
print(poly(3))
print(poly(-2))
print(poly(1 << 40))
print(poly(0.0), poly(-0.0))
print(1 / select(1, poly(-0.0)))

-- 4. A yield in the middle of a chain (the frame is suspended and resumed).
local ymt = { __index = function(t, k) return coroutine.yield(k) end }
local function ychain(x)
  local t = setmetatable({}, ymt)
  local a = x * 3.0
  local b = a - 0.5
  local c = t.first
  local d = a * b + c
  local e = t.second
  return d * 2.0 + e + a + b
end
for i = 1, 200 do
  local co = coroutine.wrap(ychain)
  co(i + 0.5); co(1.0); co(2.0)
end
local co = coroutine.create(ychain)
print(coroutine.resume(co, 1.5))
print(coroutine.resume(co, 10.25))
print(coroutine.resume(co, -3.5))
print(coroutine.status(co))

-- 5. More live floats than registers, values read long after they were computed.
local function many(x)
  local a1 = x + 0.5; local a2 = a1 * 1.5; local a3 = a2 - 0.25; local a4 = a3 * a1
  local a5 = a4 + a2; local a6 = a5 * 0.5; local a7 = a6 - a3; local a8 = a7 * a7
  local a9 = a8 + a1; local a10 = a9 - a2; local a11 = a10 * 0.125; local a12 = a11 + a4
  local a13 = a12 * a5; local a14 = a13 - a6; local a15 = a14 + a7; local a16 = a15 * 0.5
  local a17 = a16 + a8; local a18 = a17 - a9
  return a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14
    + a15 + a16 + a17 + a18
end
local m = 0.0
for i = 1, 300 do m = m + many(i * 0.01) end
print(string.format("%.6f", m))
print(many(1.0), many(2))

-- 6. Branches and loops inside chains; loop-carried floats.
local function mandel(cr, ci)
  local zr, zi, zr2, zi2 = 0.0, 0.0, 0.0, 0.0
  for n = 1, 100 do
    zi = 2.0 * zr * zi + ci
    zr = zr2 - zi2 + cr
    zr2 = zr * zr
    zi2 = zi * zi
    if zr2 + zi2 > 4.0 then return n, zr end
    if n % 17 == 0 then zr = zr + 0.0 else zi = zi - 0.0 end
  end
  return 0, zr
end
local cnt = 0
for y = -10, 10 do
  for x = -20, 10 do
    local n = mandel(x / 10, y / 10)
    cnt = cnt + n
  end
end
print(cnt, mandel(-0.5, 0.5))
print(mandel(0.3, 0.5))
local nan = 0 / 0
print(mandel(nan, 0.0))

-- 7. Floats stored into tables and read back in a chain.
local function vec(n)
  local p = { x = 0.5, y = 1.5, z = -2.0 }
  local arr = {}
  for i = 1, n do
    local dx = p.x * 0.5 + p.y
    p.y = dx - p.z * 0.25
    p.z = p.z + dx * 0.125
    arr[i] = dx * p.z
    p.x = arr[i] - arr[(i > 1) and i - 1 or 1] + 0.5
  end
  return p.x, p.y, p.z, arr[n]
end
print(vec(10))
print(vec(300))
