-- Pidigits: Gibbons' unbounded spigot with bignums written in Lua.
-- Bignums are little-endian arrays of base-10^7 limbs (length in field n); the accumulator
-- is signed (a magnitude plus a flag). Only +, -, compare and multiplication by small
-- integers are needed, and every intermediate stays below 2^53, so the output is
-- identical on float-only Luas.
local N = tonumber(arg and arg[1]) or 2000

local BASE = 10000000
local floor = math.floor

local function big(v)
  local b = { n = 0 }
  while v > 0 do
    b.n = b.n + 1
    b[b.n] = v % BASE
    v = floor(v / BASE)
  end
  return b
end

local function trim(c, n)
  while n > 0 and c[n] == 0 do c[n] = nil; n = n - 1 end
  c.n = n
  return c
end

-- a + b
local function add(a, b)
  if a.n < b.n then a, b = b, a end
  local c = {}
  local carry = 0
  local bn = b.n
  for i = 1, a.n do
    local x = a[i] + carry
    if i <= bn then x = x + b[i] end
    if x >= BASE then c[i] = x - BASE; carry = 1 else c[i] = x; carry = 0 end
  end
  local n = a.n
  if carry > 0 then n = n + 1; c[n] = carry end
  c.n = n
  return c
end

-- a - b, requires a >= b
local function sub(a, b)
  local c = {}
  local borrow = 0
  local bn = b.n
  for i = 1, a.n do
    local x = a[i] - borrow
    if i <= bn then x = x - b[i] end
    if x < 0 then c[i] = x + BASE; borrow = 1 else c[i] = x; borrow = 0 end
  end
  return trim(c, a.n)
end

-- a * k for a small integer k >= 0
local function mulk(a, k)
  local c = {}
  local carry = 0
  local n = a.n
  for i = 1, n do
    local x = a[i] * k + carry
    carry = floor(x / BASE)
    c[i] = x - carry * BASE
  end
  while carry > 0 do
    n = n + 1
    local h = floor(carry / BASE)
    c[n] = carry - h * BASE
    carry = h
  end
  return trim(c, n)
end

local function cmp(a, b)
  if a.n ~= b.n then return a.n < b.n and -1 or 1 end
  for i = a.n, 1, -1 do
    local x, y = a[i], b[i]
    if x ~= y then return x < y and -1 or 1 end
  end
  return 0
end

-- signed accumulator (mag, neg) plus a non-negative bignum b
local function sadd(mag, neg, b)
  if not neg then return add(mag, b), false end
  if cmp(mag, b) <= 0 then return sub(b, mag), false end
  return sub(mag, b), true
end

local numer, denom = big(1), big(1)
local accum, accneg = big(0), false
local k = 0
local digits = 0
local line = {}
local out = {}
while digits < N do
  -- next term
  k = k + 1
  local k2 = 2 * k + 1
  accum, accneg = sadd(accum, accneg, mulk(numer, 2))
  accum = mulk(accum, k2)
  denom = mulk(denom, k2)
  numer = mulk(numer, k)
  if not accneg and cmp(numer, accum) <= 0 then
    -- d = floor((3 numer + accum) / denom); the digit is safe if it equals
    -- floor((4 numer + accum) / denom), that is if remainder + numer < denom
    local u = add(mulk(numer, 3), accum)
    local d = 0
    while cmp(u, denom) >= 0 do
      u = sub(u, denom)
      d = d + 1
    end
    if cmp(add(u, numer), denom) < 0 then
      digits = digits + 1
      line[#line + 1] = string.format("%d", d)
      if #line == 10 or digits == N then
        out[#out + 1] = string.format("%-10s\t:%d", table.concat(line), digits)
        line = {}
      end
      -- eliminate digit: accum = (accum - d denom) * 10 ; numer = numer * 10
      local dd = mulk(denom, d)
      if cmp(accum, dd) >= 0 then
        accum, accneg = sub(accum, dd), false
      else
        accum, accneg = sub(dd, accum), true
      end
      accum = mulk(accum, 10)
      numer = mulk(numer, 10)
    end
  end
end
print(table.concat(out, "\n"))
