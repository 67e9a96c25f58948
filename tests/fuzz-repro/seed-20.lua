-- crescent-fuzz reproducer: seed 20, divergence in config -joff, shrunk from 174 to 5 units in 50 runs
-- configs that disagree with lua5.4: -joff (stdout line 1: expected "checksum	277076930199548" got "checksum	78859839315968")
-- expected (lua5.4): exit 0, 25 bytes of stdout, stderr ""
-- got (-joff): exit 0, 24 bytes of stdout, stderr ""
-- how: stdout line 1: expected "checksum	277076930199548" got "checksum	78859839315968"
-- rerun: target/release/crescent -joff tests/fuzz-repro/seed-20.lua   (line numbers match the run above; the chunk name differs)
local H = 0
-- I: any number to an integer, without errors.
local function I(x)
  if x ~= x or x >= 2^63 or x < -2^63 then return 0 end
  return (x // 1) | 0
end
-- C: mixes a value into the checksum.
local function C(v)
  local t = type(v)
  local x
  if t == "number" then
    if v ~= v then x = 7
    elseif v == 1/0 then x = 8
    elseif v == -1/0 then x = 9
    else x = I(v) ~ (#tostring(v) << 40) end
  elseif t == "string" then x = #v * 3 + 1
  elseif t == "boolean" then x = v and 11 or 13
  elseif t == "nil" then x = 17
  else x = 19 end
  H = (H * 31 + x) & 0xFFFFFFFFFFFF
end
do -- block 0 (generic)
  do
    local l25 = (((-4) + 0.0) % ((-10) * 10 + (-5007347781703720766)))
    a3, a5 = a5, a3
    C(l25)
  end
end
print("checksum", H)
