-- crescent-fuzz reproducer: seed 121, divergence in config -joff, shrunk from 171 to 7 units in 80 runs
-- configs that disagree with lua5.4: -joff (stdout line 1: expected "-540.0	ABC0-398100.0" got "-1.4103015346873e+16	ABC0-398100.0")
-- expected (lua5.4): exit 0, 34 bytes of stdout, stderr ""
-- got (-joff): exit 0, 48 bytes of stdout, stderr ""
-- how: stdout line 1: expected "-540.0	ABC0-398100.0" got "-1.4103015346873e+16	ABC0-398100.0"
-- rerun: target/release/crescent -joff tests/fuzz-repro/seed-121.lua   (line numbers match the run above; the chunk name differs)
-- S: a printable form of any value, without addresses or NaN signs.
local function S(v)
  local t = type(v)
  if t == "number" then
    if v ~= v then return "nan" end
    return tostring(v)
  elseif t == "string" then
    return v
  elseif t == "table" or t == "function" then
    return t
  end
  return tostring(v)
end
local function M(n, v, ...)
  if n <= 0 then return end
  return S(v), M(n - 1, ...)
end
-- P: print anything.
local function P(...)
  print(M(select('#', ...), ...))
end
do -- block 0 (generic)
  local s21 = "\65\066\x43"
  Gi22 = (35184372088831 % ((-2) | 1))
  P(((-540) % ((2^63) // (-654))), ((s21 .. Gi22 .. (-398)) .. S(1E+2)))
end
print("checksum", H)
