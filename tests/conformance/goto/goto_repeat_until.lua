local i = 0
repeat
  i = i + 1
  if i == 2 then goto continue end
  print(i)
  ::continue::
until i >= 4
print("done")
