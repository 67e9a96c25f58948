local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
local j = 0
while j < 3 do
  j = j + 1
  local k = j
  fs[#fs + 1] = function() return k end
end
for _, v in ipairs({1, 2}) do
  fs[#fs + 1] = function() return v end
end
return fs
