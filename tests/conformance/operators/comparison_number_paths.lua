-- Comparisons of variables (not constants) in every numeric combination: immediates
-- (LTI/LEI/GTI/GEI/EQI) against integers, floats, NaN and infinities; registers of mixed
-- integer/float subtypes, including integers beyond 2^53 where a float conversion is inexact.
local vals = {0, 1, -1, 5, 127, -128, 0.0, -0.0, 0.5, -0.5, 1.0, 5.0, 4.999999999999999,
  127.0, 127.5, -128.5, 1/0, -1/0, 0/0, 2^53, 2^53 + 2, 9007199254740993, -9007199254740993,
  9223372036854775807, -9223372036854775807 - 1, 2^63, -2^63}
local function imm(x)
  return (x < 0) and 1 or 0, (x <= 0) and 1 or 0, (x > 0) and 1 or 0, (x >= 0) and 1 or 0,
    (x < 5) and 1 or 0, (x <= 5) and 1 or 0, (x > 5) and 1 or 0, (x >= 5) and 1 or 0,
    (x == 5) and 1 or 0, (x ~= 5) and 1 or 0, (x == 0) and 1 or 0, (x == -1) and 1 or 0,
    (x < 127) and 1 or 0, (x >= -128) and 1 or 0, (x > -128) and 1 or 0, (x <= 127) and 1 or 0,
    (x == 0.5) and 1 or 0, (x ~= 0.5) and 1 or 0
end
for i = 1, #vals do
  print(i, imm(vals[i]))
end
local function ord(a, b)
  return (a < b) and 1 or 0, (a <= b) and 1 or 0, (a > b) and 1 or 0, (a >= b) and 1 or 0,
    (a == b) and 1 or 0
end
local out = {}
for i = 1, #vals do
  local row = {}
  for j = 1, #vals do
    local r1, r2, r3, r4, r5 = ord(vals[i], vals[j])
    row[#row + 1] = r1 .. r2 .. r3 .. r4 .. r5
  end
  print(i, row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
    row[9], row[10], row[11], row[12], row[13], row[14], row[15], row[16], row[17], row[18],
    row[19], row[20], row[21], row[22], row[23], row[24], row[25], row[26], row[27], row[28])
end
-- In loops (compiled early by the JIT's loop counters).
local n = 0
for i = 1, 300 do
  local x = (i % 7) * 0.75 - 2
  if x < 0 then n = n + 1 end
  if x <= 1 then n = n + 10 end
  if x > -1 then n = n + 100 end
  if x >= 2 then n = n + 1000 end
  if x == 1 then n = n + 10000 end
  if i < x then n = n + 100000 end
  if x <= i then n = n + 1000000 end
end
print(n)
