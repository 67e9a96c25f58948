local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
for _, v in ipairs({"a", "b", "c"}) do gs[#gs + 1] = function() return v end end
print(gs[1](), gs[2](), gs[3]())
local hs = {}
local j = 1
while j <= 3 do
  local k = j * 10
  hs[j] = function() k = k + 1; return k end
  j = j + 1
end
print(hs[1](), hs[1](), hs[2](), hs[3]())
local rs = {}
local m = 0
repeat
  m = m + 1
  local captured = m
  rs[m] = function() return captured end
until captured >= 3
print(rs[1](), rs[2](), rs[3]())
