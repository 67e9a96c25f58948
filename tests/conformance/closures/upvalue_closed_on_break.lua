local fs = {}
for i = 1, 10 do
  local v = i * 2
  fs[#fs + 1] = function() return v end
  if i == 3 then break end
end
print(#fs, fs[1](), fs[2](), fs[3]())
local gs = {}
do
  local shared = 0
  for i = 1, 3 do
    gs[i] = function() shared = shared + i; return shared end
  end
end
print(gs[1](), gs[2](), gs[3](), gs[1]())
