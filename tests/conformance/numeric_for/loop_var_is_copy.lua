local last
for i = 1, 3 do
  last = i
  i = i + 100
end
print(last)
for i = 1, 3 do
  local j = i
  i = "changed"
  print(j, i)
end
