local total = 0
for round = 1, 50 do
  local t = {}
  for i = 1, 10000 do t[i] = {i, tostring(i), x = i * 0.5} end
  for i = 1, #t do total = total + t[i][1] + t[i].x end
end
print(total)
