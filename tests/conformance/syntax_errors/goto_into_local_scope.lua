do
  goto skip
  local y = 1
  ::skip::
  print(y)
end
