local i, j = 0, 10
while i < j and (i % 2 == 0 or j > 5) do
  i = i + 1
  if i == 3 then goto skip end
  j = j - 1
  ::skip::
end
repeat
  i = i - 1
  if i < 0 then break end
until i == 0 or j == 0
return i, j
