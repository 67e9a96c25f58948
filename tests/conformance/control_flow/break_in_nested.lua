for i = 1, 3 do
  local j = 0
  while true do
    j = j + 1
    if j > i then break end
  end
  print(i, j)
end
local n = 0
for i = 1, 10 do
  repeat
    n = n + 1
    do break end
  until true
end
print(n)
