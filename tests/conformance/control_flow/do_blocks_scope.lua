local x = "outer"
do
  local x = "inner"
  print(x)
end
print(x)
do
  local y = 1
  do y = y + 1 end
  print(y)
end
print(y)
