do
  local x = 1
  ::again::
  local y = x
  local f = function() return y end
  x = x + 1
  if x < 3 then goto again end
end
while true do
  local z = 1
  local g = function() return z end
  if g() then goto out end
end
::out::
for i = 1, 2 do
  local h = function() return i end
  if i == 1 then goto cont end
  print(h())
  ::cont::
end
