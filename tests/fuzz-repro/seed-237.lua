-- crescent-fuzz reproducer: seed 237, divergence in config -joff, shrunk from 188 to 5 units in 67 runs
-- configs that disagree with lua5.4: -joff (stdout line 1: expected "lcvnce	-8.0" got "lcvnce	-3.5210809539389e+18")
-- expected (lua5.4): exit 0, 25 bytes of stdout, stderr ""
-- got (-joff): exit 0, 41 bytes of stdout, stderr ""
-- how: stdout line 1: expected "lcvnce	-8.0" got "lcvnce	-3.5210809539389e+18"
-- rerun: target/release/crescent -joff tests/fuzz-repro/seed-237.lua   (line numbers match the run above; the chunk name differs)
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
  P("lcvnce", (((-3) & (-6)) % ((-3521080953938902736) + 0.0)))
end
print("checksum", H)
