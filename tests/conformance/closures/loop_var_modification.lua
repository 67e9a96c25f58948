local fs = {}
for i = 1, 3 do
  local f = function() return i end
  i = i * 100
  fs[#fs + 1] = f
end
print(fs[1](), fs[2](), fs[3]())
local count = 0
for i = 1, 5 do
  i = 10
  count = count + 1
end
print(count)
